//! A small `multipart/form-data` reader (RFC 7578) for the dashboard's
//! upload form: pure, over a body already in memory, no IO.
//!
//! Browsers can send a file only as multipart, and the form has no script
//! to send it any other way; the CSRF check and the import page both read
//! the parts through [`parse`]. Only what browsers send is supported:
//! `Content-Disposition: form-data; name="..."; filename="..."` headers
//! and CRLF line ends.

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The field's name.
    pub name: String,
    /// The file's name, for a file field.
    pub filename: Option<String>,
    /// The field's value or the file's bytes.
    pub data: &'a [u8],
}

/// The boundary named by a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `name="value"` from a `Content-Disposition` header's parameters.
fn param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of `body`, in order; an error names what is malformed.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, String> {
    let open = format!("--{boundary}");
    let between = format!("\r\n--{boundary}");
    let mut at =
        find(body, open.as_bytes()).ok_or("the body has no multipart boundary")? + open.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a multipart boundary is not followed by a line end")?;
        let head_len = find(rest, b"\r\n\r\n").ok_or("a multipart part has no end of headers")?;
        let head = std::str::from_utf8(&rest[..head_len])
            .map_err(|_| "multipart headers are not UTF-8")?;
        let disposition = head
            .split("\r\n")
            .find_map(|line| {
                let (k, v) = line.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then_some(v.trim())
            })
            .ok_or("a multipart part has no Content-Disposition")?;
        let name = param(disposition, "name").ok_or("a multipart part has no name")?;
        let data_start = head_len + 4;
        let data_len = find(&rest[data_start..], between.as_bytes())
            .ok_or("the multipart body ends without its closing boundary")?;
        parts.push(Part {
            name,
            filename: param(disposition, "filename"),
            data: &rest[data_start..data_start + data_len],
        });
        // Past the data, the CRLF and the boundary.
        at = body.len() - rest.len() + data_start + data_len + between.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\n\
Content-Disposition: form-data; name=\"csrf\"\r\n\r\n\
tok123\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"shop.jsonl\"\r\n\
Content-Type: application/octet-stream\r\n\r\n\
{\"a\":1}\r\n\r\n--not-the-boundary\r\n\
--XyZ--\r\n";

    #[test]
    fn a_browser_upload_reads_as_its_fields_and_file() {
        assert_eq!(
            boundary("multipart/form-data; boundary=XyZ").as_deref(),
            Some("XyZ")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        let parts = parse(BODY, "XyZ").expect("parses");
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].data),
            ("csrf", &b"tok123"[..])
        );
        assert_eq!(parts[1].filename.as_deref(), Some("shop.jsonl"));
        assert_eq!(parts[1].data, b"{\"a\":1}\r\n\r\n--not-the-boundary");
    }

    #[test]
    fn truncated_or_foreign_bodies_are_errors_not_panics() {
        assert!(parse(b"", "XyZ").is_err());
        assert!(parse(&BODY[..60], "XyZ").is_err());
        assert!(parse(
            b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",
            "XyZ"
        )
        .is_err());
        for cut in 0..BODY.len() {
            let _ = parse(&BODY[..cut], "XyZ");
        }
    }
}
