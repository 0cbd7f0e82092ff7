//! Canonical JSONL, written by hand for speed. The shape is byte for byte
//! what `rapport_core::Record::to_json` produces (the tests compare them),
//! so a generated file round-trips through the importer unchanged.

use crate::clock::push_rfc3339;
use crate::shop::Ch;
use rapport_core::Kind;

/// One interaction, borrowed from the generator's buffers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub(crate) ch: Ch,
    /// The number of the external id (the channel gives the prefix).
    pub(crate) id: u64,
    pub(crate) kind: Kind,
    pub(crate) handle: &'a str,
    pub(crate) display: Option<&'a str>,
    pub(crate) email: Option<&'a str>,
    pub(crate) followers: Option<u64>,
    pub(crate) bio: Option<&'a str>,
    pub(crate) text: &'a str,
    pub(crate) at: i64,
    pub(crate) reply_to: Option<u64>,
    pub(crate) post: Option<u64>,
    pub(crate) brand: bool,
}

/// One order line item: SKU, title, quantity, unit price in cents.
pub(crate) type Item = (&'static str, &'static str, u32, i64);

/// One order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrderLine<'a> {
    pub(crate) id: u64,
    pub(crate) email: &'a str,
    pub(crate) total_cents: i64,
    pub(crate) currency: &'a str,
    pub(crate) at: i64,
    pub(crate) items: &'a [Item],
    pub(crate) status: &'a str,
}

/// Appends `s` as a JSON string, escaped as serde_json does.
pub(crate) fn push_str(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..=0x1F => b"",
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[(b >> 4) as usize]);
            buf.push(HEX[(b & 0xF) as usize]);
        } else {
            buf.extend_from_slice(esc);
        }
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// Appends a decimal number.
pub(crate) fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_f64(buf: &mut Vec<u8>, v: f64) {
    // serde_json prints floats exactly as the core's serializer does.
    if serde_json::to_writer(&mut *buf, &v).is_err() {
        buf.extend_from_slice(b"null");
    }
}

fn push_id(buf: &mut Vec<u8>, ch: Ch, id: u64) {
    buf.push(b'"');
    buf.extend_from_slice(ch.prefix().as_bytes());
    push_u64(buf, id);
    buf.push(b'"');
}

fn push_opt_str(buf: &mut Vec<u8>, v: Option<&str>) {
    match v {
        Some(s) => push_str(buf, s),
        None => buf.extend_from_slice(b"null"),
    }
}

fn push_time(buf: &mut Vec<u8>, at: i64) {
    buf.push(b'"');
    push_rfc3339(buf, at);
    buf.push(b'"');
}

/// Appends one interaction line (with its newline).
pub(crate) fn interaction(buf: &mut Vec<u8>, l: &Line<'_>) {
    buf.extend_from_slice(b"{\"channel\":\"");
    buf.extend_from_slice(l.ch.name().as_bytes());
    buf.extend_from_slice(b"\",\"external_id\":");
    push_id(buf, l.ch, l.id);
    buf.extend_from_slice(b",\"kind\":\"");
    buf.extend_from_slice(l.kind.as_str().as_bytes());
    buf.extend_from_slice(b"\",\"author\":{\"handle\":");
    push_str(buf, l.handle);
    buf.extend_from_slice(b",\"display_name\":");
    push_opt_str(buf, l.display);
    buf.extend_from_slice(b",\"email\":");
    push_opt_str(buf, l.email);
    buf.extend_from_slice(b",\"followers\":");
    match l.followers {
        Some(f) => push_u64(buf, f),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"bio\":");
    push_opt_str(buf, l.bio);
    buf.extend_from_slice(b"},\"text\":");
    push_str(buf, l.text);
    buf.extend_from_slice(b",\"created_at\":");
    push_time(buf, l.at);
    buf.extend_from_slice(b",\"in_reply_to\":");
    match l.reply_to {
        Some(p) => push_id(buf, l.ch, p),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"post_id\":");
    match l.post {
        Some(p) => push_id(buf, l.ch, p),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"url\":");
    if l.kind == Kind::Post {
        buf.push(b'"');
        buf.extend_from_slice(l.ch.post_url().as_bytes());
        buf.extend_from_slice(l.ch.prefix().as_bytes());
        push_u64(buf, l.id);
        buf.push(b'"');
    } else {
        buf.extend_from_slice(b"null");
    }
    buf.extend_from_slice(if l.brand {
        b",\"from_brand\":true}\n"
    } else {
        b",\"from_brand\":false}\n"
    });
}

/// Appends one order line (with its newline).
pub(crate) fn order(buf: &mut Vec<u8>, o: &OrderLine<'_>) {
    buf.extend_from_slice(b"{\"kind\":\"order\",\"order_id\":\"");
    push_u64(buf, o.id);
    buf.extend_from_slice(b"\",\"email\":");
    push_str(buf, o.email);
    buf.extend_from_slice(b",\"total\":");
    push_f64(buf, o.total_cents as f64 / 100.0);
    buf.extend_from_slice(b",\"currency\":");
    push_str(buf, o.currency);
    buf.extend_from_slice(b",\"created_at\":");
    push_time(buf, o.at);
    buf.extend_from_slice(b",\"items\":[");
    for (k, &(sku, title, qty, cents)) in o.items.iter().enumerate() {
        if k > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"sku\":");
        push_str(buf, sku);
        buf.extend_from_slice(b",\"title\":");
        push_str(buf, title);
        buf.extend_from_slice(b",\"qty\":");
        push_u64(buf, u64::from(qty));
        buf.extend_from_slice(b",\"price\":");
        push_f64(buf, cents as f64 / 100.0);
        buf.push(b'}');
    }
    buf.extend_from_slice(b"],\"status\":");
    push_str(buf, o.status);
    buf.extend_from_slice(b"}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_like_serde_json() {
        for s in [
            "plain",
            "quote \" and \\ back",
            "tab\tnew\nline\r",
            "\u{1}\u{1f}\u{8}\u{c}",
            "ümlaut ไทย 🔥",
            "",
        ] {
            let mut buf = Vec::new();
            push_str(&mut buf, s);
            assert_eq!(
                String::from_utf8(buf).expect("utf8"),
                serde_json::to_string(s).expect("json")
            );
        }
    }

    #[test]
    fn numbers_print_in_full() {
        for n in [0u64, 7, 10, 1_234_567, u64::MAX] {
            let mut buf = Vec::new();
            push_u64(&mut buf, n);
            assert_eq!(buf, n.to_string().into_bytes());
        }
    }
}
