//! Where generated lines go: a buffered JSONL stream, or memory.

use crate::json::{self, Line, OrderLine};
use crate::Truth;
use rapport_core::Record;
use std::io::{self, Write};

/// Receives the generator's output, line by line.
pub(crate) trait Sink {
    fn line(&mut self, l: &Line<'_>) -> io::Result<()>;
    fn order(&mut self, o: &OrderLine<'_>) -> io::Result<()>;
    fn truth(&mut self, t: Truth) -> io::Result<()>;
}

const FLUSH_AT: usize = 1 << 17;

/// Streams JSONL to two writers through its own buffers.
pub(crate) struct JsonSink<'w> {
    out: &'w mut dyn Write,
    truth: &'w mut dyn Write,
    buf: Vec<u8>,
    tbuf: Vec<u8>,
}

impl<'w> JsonSink<'w> {
    pub(crate) fn new(out: &'w mut dyn Write, truth: &'w mut dyn Write) -> Self {
        JsonSink {
            out,
            truth,
            buf: Vec::with_capacity(FLUSH_AT + 4_096),
            tbuf: Vec::with_capacity(8_192),
        }
    }

    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and flushes both writers.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.truth.write_all(&self.tbuf)?;
        self.buf.clear();
        self.tbuf.clear();
        self.out.flush()?;
        self.truth.flush()
    }
}

impl Sink for JsonSink<'_> {
    fn line(&mut self, l: &Line<'_>) -> io::Result<()> {
        json::interaction(&mut self.buf, l);
        self.spill()
    }

    fn order(&mut self, o: &OrderLine<'_>) -> io::Result<()> {
        json::order(&mut self.buf, o);
        self.spill()
    }

    fn truth(&mut self, t: Truth) -> io::Result<()> {
        self.tbuf.extend_from_slice(b"{\"channel\":");
        json::push_str(&mut self.tbuf, &t.channel);
        self.tbuf.extend_from_slice(b",\"handle\":");
        json::push_str(&mut self.tbuf, &t.handle);
        self.tbuf.extend_from_slice(b",\"persona\":\"");
        self.tbuf.extend_from_slice(t.persona.as_str().as_bytes());
        self.tbuf.extend_from_slice(b"\"}\n");
        if self.tbuf.len() >= FLUSH_AT {
            self.truth.write_all(&self.tbuf)?;
            self.tbuf.clear();
        }
        Ok(())
    }
}

/// Keeps everything in memory as parsed records, for the demo shop.
#[derive(Default)]
pub(crate) struct MemSink {
    pub(crate) records: Vec<Record>,
    pub(crate) truths: Vec<Truth>,
    buf: Vec<u8>,
}

impl MemSink {
    /// Parses the line in `buf` the way an import would.
    fn keep(&mut self) -> io::Result<()> {
        let text = std::str::from_utf8(&self.buf)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let record = Record::from_json(text.trim_end())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.records.push(record);
        self.buf.clear();
        Ok(())
    }
}

impl Sink for MemSink {
    fn line(&mut self, l: &Line<'_>) -> io::Result<()> {
        json::interaction(&mut self.buf, l);
        self.keep()
    }

    fn order(&mut self, o: &OrderLine<'_>) -> io::Result<()> {
        json::order(&mut self.buf, o);
        self.keep()
    }

    fn truth(&mut self, t: Truth) -> io::Result<()> {
        self.truths.push(t);
        Ok(())
    }
}
