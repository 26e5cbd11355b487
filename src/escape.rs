//! HTML and XML escaping for everything rolebook writes by hand, outside Tera's
//! autoescape: markdown output, highlighted code, redirects, the sitemap and the SVG.
//!
//! Contract: the escapes never change for the same input, because every page's bytes
//! depend on them (and the highlight cache checks cached HTML against them). `&`, `<` and
//! `>` are always escaped; the quotes too wherever the text may land in an attribute value.
//! Runs of plain bytes are copied whole: escaping goes through every blueprint field and
//! code block.

/// `text` escaped for HTML element text and attribute values: `&`, `<`, `>`, `"` and `'`.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_html(&mut out, text);
    out
}

/// Appends `text` to `out` escaped as [`html`] does: safe in attribute values.
pub fn push_html(out: &mut String, text: &str) {
    push(out, text, true);
}

/// Appends `text` to `out` escaped for HTML element text only: `&`, `<` and `>`. The
/// quotes stay as written, so highlighted code reads `"x"` in the page source; never use
/// it for an attribute value.
pub fn push_html_text(out: &mut String, text: &str) {
    push(out, text, false);
}

/// `text` escaped for XML element text and attribute values (the sitemap's `<loc>`).
/// Every HTML escape above is valid XML 1.0 too (`&#39;` is a numeric character
/// reference), so this is the same mapping, named for what the caller writes.
pub fn xml(text: &str) -> String {
    html(text)
}

fn push(out: &mut String, text: &str, quotes: bool) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_both_quotes_and_keeps_other_text_as_is() {
        assert_eq!(html("a<b & \"c\" 'd' naïve"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39; naïve");
        assert_eq!(html("plain ünïcode, no markup"), "plain ünïcode, no markup");
        assert_eq!(html(""), "");
    }

    #[test]
    fn html_escapes_an_existing_entity_again_so_it_shows_as_written() {
        assert_eq!(html("&amp; &lt;"), "&amp;amp; &amp;lt;");
    }

    #[test]
    fn push_html_appends_the_same_escapes_after_what_is_there() {
        let mut out = String::from("<p title=\"");
        push_html(&mut out, "\"x\" & 'y'");
        assert_eq!(out, "<p title=\"&quot;x&quot; &amp; &#39;y&#39;");
    }

    #[test]
    fn push_html_text_escapes_markup_but_leaves_quotes() {
        let mut out = String::new();
        push_html_text(&mut out, "a < b && c > \"d\" 'e'");
        assert_eq!(out, "a &lt; b &amp;&amp; c &gt; \"d\" 'e'");
    }

    #[test]
    fn xml_escapes_the_five_characters_with_references_xml_defines() {
        assert_eq!(xml("https://example.org/a?b=1&c=<2>\"'"), "https://example.org/a?b=1&amp;c=&lt;2&gt;&quot;&#39;");
        assert_eq!(xml("https://example.org/roles/x/"), "https://example.org/roles/x/");
    }
}
