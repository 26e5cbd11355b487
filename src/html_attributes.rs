//! The attributes of the HTML rolebook writes, found without a full parser: the link check
//! reads the URLs and ids of every page, and `--relative-urls` rewrites the URLs. Both
//! walk the same way, here, so what one sees the other sees.
//!
//! An attribute is `name="value"` with whitespace before the name (so `data-href` is not
//! `href`); the templates and the markdown renderer always quote with `"`.

use std::ops::Range;

/// One attribute: which of the names asked for, where its name starts, and its value's
/// byte range (still escaped as HTML).
pub struct Attribute {
    pub name: &'static str,
    pub name_start: usize,
    pub value: Range<usize>,
}

/// Every attribute of `html` named one of `names`, in order.
pub fn attributes<'h>(html: &'h [u8], names: &'h [&'static str]) -> impl Iterator<Item = Attribute> + 'h {
    memchr::memmem::find_iter(html, b"=\"").filter_map(move |eq| {
        // The name is the run of name characters before `="`; comparing that one word
        // with the names asked for is cheaper than testing each name as a suffix.
        let name_start = html[..eq].iter().rposition(|&b| !is_name_byte(b)).map_or(0, |i| i + 1);
        if name_start == 0 || !matches!(html[name_start - 1], b' ' | b'\t' | b'\n' | b'\r') {
            return None;
        }
        let word = &html[name_start..eq];
        let name = *names.iter().find(|name| name.as_bytes() == word)?;
        let start = eq + 2;
        let len = memchr::memchr(b'"', &html[start..])?;
        Some(Attribute { name, name_start, value: start..start + len })
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

/// The URL of each candidate of a `srcset` value (`a.png 1x, b.png 2x`), with its byte
/// range in the value.
pub fn srcset_urls(value: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    value.split(',').filter_map(move |candidate| {
        let start = at + (candidate.len() - candidate.trim_start().len());
        at += candidate.len() + 1;
        let url = candidate.split_whitespace().next()?;
        Some(start..start + url.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_found_by_whole_name_with_their_value_ranges() {
        let html = br#"<a href="/a/" data-href="/x/"><img src="/i.png" srcset="/i.png 1x"><p id="top">"#;
        let found: Vec<(&str, &[u8])> =
            attributes(html, &["href", "src", "srcset", "id"]).map(|a| (a.name, &html[a.value])).collect();
        assert_eq!(found, [("href", &b"/a/"[..]), ("src", b"/i.png"), ("srcset", b"/i.png 1x"), ("id", b"top")],);
    }

    #[test]
    fn srcset_candidates_give_their_urls_in_place() {
        let value = "/a.png 1x,  /b.png 2x,/c.png";
        let urls: Vec<&str> = srcset_urls(value).map(|r| &value[r]).collect();
        assert_eq!(urls, ["/a.png", "/b.png", "/c.png"]);
    }
}
