//! What becomes of HTML written inside markdown (the `raw_html` setting), and the rule for
//! which link destinations are safe to publish.
//!
//! Contract: in [`RawHtml::Trusted`] nothing here runs, so a trusted site's output is
//! byte for byte what it was before the setting existed. In [`RawHtml::Sanitize`] the
//! whole rendered fragment goes through [`sanitize`], an allow-list that keeps the markup
//! rolebook itself writes (heading anchors, highlighted code, footnotes, task lists,
//! tables) and nothing that can run script, load a frame, submit a form, restyle the
//! page or leave through an unsafe URL. [`unsafe_scheme`] is the same URL rule for the
//! links markdown itself writes, which both non-trusted modes apply.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

/// What happens to HTML tags written in markdown (config key `raw_html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Published as written: for sites whose every author is trusted.
    #[default]
    Trusted,
    /// Cleaned to harmless markup: no scripts, event handlers, styles, forms, frames or
    /// unsafe URLs. For sites that build contributors' changes.
    Sanitize,
    /// Shown as text, as if every `<` had been written `&lt;`.
    Escape,
}

impl RawHtml {
    /// The setting as written in `rolebook.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            RawHtml::Trusted => "trusted",
            RawHtml::Sanitize => "sanitize",
            RawHtml::Escape => "escape",
        }
    }
}

/// URL schemes a published link may use; anything else (`javascript:`, `vbscript:`,
/// `data:`, `file:`…) is dropped. Relative URLs have no scheme and are always kept.
const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of `dest` when it is one a published link may not use, read the way a
/// browser reads it: surrounding spaces and control characters ignored, tabs and line
/// breaks inside removed, letters in any case.
pub fn unsafe_scheme(dest: &str) -> Option<String> {
    let trimmed = dest.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    // A `/`, `?` or `#` before the first colon makes it a relative path, not a scheme.
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    (!SAFE_SCHEMES.contains(&scheme.as_str())).then_some(scheme)
}

/// Classes rolebook's own markdown output uses; highlighted code adds `hl-*` and
/// `language-*`. A contributor's other classes are dropped so content cannot dress
/// itself up as the site's header, hide text, or borrow a layout class.
const OWN_CLASSES: [&str; 7] = [
    "anchor",
    "visually-hidden",
    "code",
    "hl-code",
    "footnote-reference",
    "footnote-definition",
    "footnote-definition-label",
];

fn own_class(class: &str) -> bool {
    OWN_CLASSES.contains(&class) || class.starts_with("hl-") || class.starts_with("language-")
}

/// Tags whose content is dropped along with them: their text is code, a stylesheet or
/// markup for another parser, never prose.
const DROPPED_WITH_CONTENT: [&str; 11] =
    ["script", "style", "iframe", "noscript", "noembed", "noframes", "template", "textarea", "xmp", "object", "title"];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    #[rustfmt::skip]
    b.tags(HashSet::from([
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
        "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
    ]))
    .clean_content_tags(HashSet::from(DROPPED_WITH_CONTENT))
    .generic_attributes(HashSet::from(["title", "lang", "class"]))
    .tag_attributes(HashMap::from([
        ("a", HashSet::from(["href"])),
        ("img", HashSet::from(["src", "alt", "width", "height"])),
        ("input", HashSet::from(["checked", "type"])),
        ("ol", HashSet::from(["start"])),
        ("td", HashSet::from(["style", "colspan", "rowspan"])),
        ("th", HashSet::from(["style", "colspan", "rowspan", "scope"])),
        ("pre", HashSet::from(["data-lang"])),
        ("span", HashSet::from(["id", "aria-hidden"])),
        ("div", HashSet::from(["id"])),
        ("h1", HashSet::from(["id"])),
        ("h2", HashSet::from(["id"])),
        ("h3", HashSet::from(["id"])),
        ("h4", HashSet::from(["id"])),
        ("h5", HashSet::from(["id"])),
        ("h6", HashSet::from(["id"])),
        ("details", HashSet::from(["open"])),
        ("time", HashSet::from(["datetime"])),
    ]))
    // A task-list box is the only input markdown makes: every input becomes a disabled
    // checkbox, so none can ask a reader for a password or send anything. Only one
    // attribute is set here: ammonia keeps set attributes in a hash map, so two would
    // come out in a different order from run to run (the `type` is forced below).
    .set_tag_attribute_values(HashMap::from([("input", HashMap::from([("disabled", "")]))]))
    // Table alignment is the one style markdown writes.
    .filter_style_properties(HashSet::from(["text-align"]))
    .url_schemes(HashSet::from(SAFE_SCHEMES))
    .url_relative(ammonia::UrlRelative::PassThrough)
    // rolebook's own links carry no `rel`; adding one would change every internal link.
    .link_rel(None)
    .strip_comments(true)
    .attribute_filter(|element, attribute, value| match attribute {
        "class" => {
            let kept: Vec<&str> = value.split_ascii_whitespace().filter(|c| own_class(c)).collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        "type" if element == "input" => Some(Cow::Borrowed("checkbox")),
        _ => Some(Cow::Borrowed(value)),
    });
    b
});

/// `html` with everything outside the allow-list removed (see the module comment).
pub fn sanitize(html: &str) -> String {
    if html.is_empty() {
        return String::new();
    }
    CLEANER.clean(html).to_string()
}

/// A `src` or `href` attribute of a tag in HTML written in markdown: the byte range of
/// its value (without quotes) and the quote it is written in (`None` when unquoted).
#[derive(Debug, PartialEq)]
pub struct UrlAttribute {
    pub value: std::ops::Range<usize>,
    pub quote: Option<u8>,
}

/// The names of the attributes whose URLs are resolved like markdown links; `srcset`
/// holds a list of them.
const URL_ATTRIBUTES: [&str; 3] = ["src", "href", "poster"];

/// Every `src`, `href` and `poster` attribute, and each URL of a `srcset`, of the tags in `html`, a piece of HTML as markdown
/// hands it over (a tag, or a line of an HTML block), read the way a browser reads
/// attributes: names in any case, values in double, single or no quotes. Comments and
/// text between tags are skipped. A tag cut off at the end of the piece gives the
/// attributes it has so far.
pub fn url_attributes(html: &str) -> Vec<UrlAttribute> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        i += lt + 1;
        if bytes[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |end| i + end + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // The tag name, then attributes until `>`.
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/') {
            i += 1;
        }
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/' | b'=') {
                i += 1;
            }
            let name = &html[name_start..i];
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value, quote) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(q, &bytes[j + 1..]).map_or(bytes.len(), |e| j + 1 + e);
                    i = (end + 1).min(bytes.len());
                    (j + 1..end, Some(q))
                }
                _ => {
                    let mut end = j;
                    while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                        end += 1;
                    }
                    i = end;
                    (j..end, None)
                }
            };
            if URL_ATTRIBUTES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                found.push(UrlAttribute { value, quote });
            } else if name.eq_ignore_ascii_case("srcset") {
                let list = &html[value.clone()];
                found.extend(
                    crate::html_attributes::srcset_urls(list)
                        .map(|url| UrlAttribute { value: value.start + url.start..value.start + url.end, quote }),
                );
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<&str> {
        url_attributes(html).into_iter().map(|a| &html[a.value]).collect()
    }

    #[test]
    fn each_url_of_a_srcset_and_a_poster_are_found() {
        assert_eq!(
            urls("<img src=\"a.png\" srcset=\"a.png 1x, img/a@2x.png 2x\"><video poster='p.jpg' src=v.mp4>"),
            vec!["a.png", "a.png", "img/a@2x.png", "p.jpg", "v.mp4"]
        );
        assert_eq!(urls("<source srcset=\"s.webp\">"), vec!["s.webp"]);
    }

    #[test]
    fn url_attributes_are_found_in_every_quoting() {
        assert_eq!(
            urls("<img src=\"a.png\" alt='x'><A HREF='b.md'>b</a><img src=c.svg><a title=\"href=no\" href = \"d.md\">"),
            vec!["a.png", "b.md", "c.svg", "d.md"]
        );
        assert_eq!(
            urls("text href=\"x.md\" <!-- <a href=\"y.md\"> --> <p data-src=\"z.png\" class=a>"),
            Vec::<&str>::new()
        );
        assert_eq!(urls("<img\n  src=\"a.png\""), vec!["a.png"], "a tag cut off at the end of the piece");
        assert_eq!(urls("<a href>x</a><a href=\"\">"), vec![""]);
        let attr = &url_attributes("<a href='x'>")[0];
        assert_eq!(attr.quote, Some(b'\''));
    }

    #[test]
    fn unsafe_schemes_are_found_however_they_are_written() {
        for dest in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "file:///etc/passwd",
        ] {
            assert!(unsafe_scheme(dest).is_some(), "{dest:?}");
        }
        assert_eq!(unsafe_scheme("JAVASCRIPT:x").as_deref(), Some("javascript"));
    }

    #[test]
    fn safe_and_relative_destinations_are_kept() {
        for dest in [
            "https://example.org/a",
            "HTTP://example.org",
            "mailto:jobs@example.org",
            "tel:+441234",
            "/careers/about/",
            "about/",
            "#intro",
            "img/logo.svg",
            "a/b:c",
            "?q=javascript:x",
            "#javascript:x",
            "",
        ] {
            assert_eq!(unsafe_scheme(dest), None, "{dest:?}");
        }
    }

    #[test]
    fn sanitize_removes_script_handlers_and_unsafe_urls() {
        let dirty = concat!(
            "<p>keep<script>alert(1)</script></p>",
            "<img src=x onerror=alert(2)>",
            "<a href=\"javascript&#58;alert(3)\">link text</a>",
            "<iframe src=\"https://evil.example\">frame text</iframe>",
            "<svg onload=alert(4)><circle/></svg>",
            "<style>body{display:none}</style>",
            "<form action=\"https://evil.example\"><input type=\"text\" name=\"pw\"></form>",
            "<p style=\"position:fixed\" onclick=\"x()\">styled</p>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<base href=\"https://evil.example/\">",
            "<img src=\"data:image/svg+xml,<svg onload=alert(5)>\">",
        );
        let clean = sanitize(dirty);
        for gone in [
            "script",
            "alert",
            "onerror",
            "javascript",
            "iframe",
            "evil",
            "svg",
            "onload",
            "style=",
            "display:none",
            "form",
            "type=\"text\"",
            "position",
            "onclick",
            "meta",
            "base",
            "data:",
        ] {
            assert!(!clean.contains(gone), "`{gone}` survived in {clean}");
        }
        for kept in ["keep", "link text", "styled"] {
            assert!(clean.contains(kept), "`{kept}` was lost from {clean}");
        }
    }

    #[test]
    fn comment_tricks_are_parsed_as_a_browser_would() {
        for dirty in [
            "<!--><script>alert(1)</script>-->",
            "<!-- --!><script>alert(1)</script>",
            "<!--<img src=\"--><img src=x onerror=alert(1)>\">",
            "<![CDATA[<script>alert(1)</script>]]>",
        ] {
            let clean = sanitize(dirty);
            assert!(!clean.contains("<script") && !clean.contains("onerror"), "{dirty} → {clean}");
        }
    }

    #[test]
    fn sanitize_keeps_rolebooks_own_markup() {
        let own = concat!(
            "<h2 id=\"intro\">Intro<a class=\"anchor\" href=\"#intro\"><span class=\"visually-hidden\">Link to this section</span><span aria-hidden=\"true\">#</span></a></h2>\n",
            "<pre class=\"code hl-code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-k\">fn</span> x() {}</code></pre>\n",
            "<table><thead><tr><th style=\"text-align: center\">a</th></tr></thead><tbody><tr><td style=\"text-align: right\">1</td></tr></tbody></table>\n",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">done</li></ul>\n",
            "<p>Note<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n",
            "<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup><p>The note.</p></div>\n",
            "<p><a href=\"/careers/about/\" title=\"About\">about</a><span id=\"more\"></span></p>\n",
        );
        let clean = sanitize(own);
        for kept in [
            "<h2 id=\"intro\">",
            "<a class=\"anchor\" href=\"#intro\">",
            "<span class=\"visually-hidden\">",
            "<span aria-hidden=\"true\">",
            "<pre class=\"code hl-code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-k\">fn</span>",
            "<th style=\"text-align:center\">",
            "<td style=\"text-align:right\">",
            "type=\"checkbox\"",
            "checked=\"\"",
            "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            "<div class=\"footnote-definition\" id=\"1\">",
            "<a href=\"/careers/about/\" title=\"About\">about</a>",
            "<span id=\"more\"></span>",
        ] {
            assert!(clean.contains(kept), "`{kept}` was lost from {clean}");
        }
    }

    #[test]
    fn sanitize_drops_foreign_classes_and_forces_task_boxes_disabled() {
        let clean = sanitize("<p class=\"site-header hl-k evil\">x</p><input type=\"checkbox\" checked>");
        assert!(clean.contains("<p class=\"hl-k\">x</p>"), "{clean}");
        assert!(clean.contains("disabled=\"\""), "{clean}");
        let clean = sanitize("<input type=\"password\" name=\"pw\" value=\"x\">");
        assert_eq!(clean, "<input type=\"checkbox\" disabled=\"\">");
        // Without a type there is nothing to force; it is still disabled, so it takes no input.
        assert_eq!(sanitize("<input name=\"pw\">"), "<input disabled=\"\">");
    }
}
