//! HTML to plain text, for Mastodon's `content` and profile notes and
//! YouTube's `textDisplay`.
//!
//! Not a browser: tags are dropped, `<br>` becomes a line break and a new
//! paragraph an empty line, entities are decoded. The text of every element
//! is kept, including Mastodon's "invisible" link parts, so links come out
//! whole (`https://` + `example.org/a` + `/long/path`).

/// The plain text of an HTML fragment.
pub(crate) fn to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.trim().to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let (tag, end) = match rest.find('>') {
                Some(e) => (&rest[1..e], e + 1),
                None => (&rest[1..], rest.len()),
            };
            let name = tag.trim_start().trim_start_matches('/');
            let len = name
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(name.len());
            match name[..len].to_ascii_lowercase().as_str() {
                "br" => out.push('\n'),
                "p" | "div" | "blockquote" | "li" | "ul" | "ol" | "pre"
                    if !out.is_empty() && !out.ends_with("\n\n") =>
                {
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
                _ => {}
            }
            rest = &rest[end..];
        } else {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Decodes the entity at the start of `s` (which starts with `&`); returns
/// the text and how many bytes it used. An unknown entity stays as it is.
fn entity(s: &str) -> (String, usize) {
    let Some(semi) = s.get(..s.len().min(12)).and_then(|head| head.find(';')) else {
        return ("&".into(), 1);
    };
    let name = &s[1..semi];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok()
            } else {
                None
            };
            code.and_then(char::from_u32)
        }
    };
    match c {
        Some(c) => (c.to_string(), semi + 1),
        None => ("&".into(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastodon_content_becomes_plain_text() {
        let html = r#"<p><span class="h-card"><a href="https://mastodon.social/@bikeshop" class="u-url mention">@<span>bikeshop</span></a></span> does the tyre fit a 29er?</p><p>See <a href="https://example.org/a/long/path"><span class="invisible">https://</span><span class="ellipsis">example.org/a</span><span class="invisible">/long/path</span></a> &amp; thanks!<br>Anna</p>"#;
        assert_eq!(
            to_text(html),
            "@bikeshop does the tyre fit a 29er?\n\nSee https://example.org/a/long/path & thanks!\nAnna"
        );
    }

    #[test]
    fn entities_and_broken_markup_do_not_panic() {
        assert_eq!(
            to_text("a &lt;b&gt; &#x1F6B2; &#128512; &bogus; &"),
            "a <b> 🚲 😀 &bogus; &"
        );
        assert_eq!(to_text("<p>unclosed <b"), "unclosed");
        assert_eq!(to_text("<"), "");
        assert_eq!(to_text("&#xFFFFFFFF;"), "&#xFFFFFFFF;");
    }
}
