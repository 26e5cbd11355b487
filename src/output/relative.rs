//! `--relative-urls`: a sink that rewrites, in every HTML and CSS file on its way out,
//! each URL of the site into one relative to the file, so the output works opened from
//! disk (`file://`) and from any sub-path.
//!
//! Contract: only URLs under the site's base path are touched, and only where the theme
//! writes URLs (the attributes of [`crate::urls::URL_ATTRIBUTES`], `url()` in CSS).
//! Absolute URLs (a canonical link or `og:url` under an absolute `base_url`, links to
//! other hosts) and JSON-LD are left as they are. A folder URL gains `index.html`,
//! because a browser opening `file:///…/roles/x/` shows a folder listing, not the page.
//! Rewriting the finished text, rather than every place a URL is made, keeps the one
//! rule in one place: a template override gets the same treatment as the built-in theme.
//!
//! Browsers refuse `fetch()` to a page opened from disk, so the search index and the
//! comparison data are also written as scripts that set a global
//! ([`SEARCH_INDEX_GLOBAL`], [`COMPARE_GLOBAL`]), which search.js and compare.js load
//! with a `<script>` element when the page is a `file://` one.

use std::io;

use super::Sink;
use crate::html_attributes::{attributes, srcset_urls};
use crate::urls::{API_COMPARE, API_COMPARE_SCRIPT, SEARCH_INDEX, SEARCH_INDEX_SCRIPT, URL_ATTRIBUTES};

/// The global `search-index.js` sets (search.js reads it).
pub const SEARCH_INDEX_GLOBAL: &str = "rolebookSearchIndex";
/// The global `api/compare.js` sets (compare.js reads it).
pub const COMPARE_GLOBAL: &str = "rolebookCompare";

/// Passes every file to `inner`, with the site's URLs in HTML and CSS made relative.
pub struct Relative<'a> {
    inner: &'a dyn Sink,
    base_path: String,
}

impl<'a> Relative<'a> {
    /// `base_path` is the path every site URL starts with (`/` or `/careers/`).
    pub fn new(inner: &'a dyn Sink, base_path: &str) -> Self {
        Relative { inner, base_path: base_path.to_string() }
    }
}

impl Sink for Relative<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let script = match rel {
            SEARCH_INDEX => Some((SEARCH_INDEX_SCRIPT, SEARCH_INDEX_GLOBAL)),
            API_COMPARE => Some((API_COMPARE_SCRIPT, COMPARE_GLOBAL)),
            _ => None,
        };
        if let Some((path, global)) = script {
            // JSON is a JavaScript expression; the file is a script of its own, so no
            // `</script>` in the data can end it early.
            let mut js = format!("window.{global} = ").into_bytes();
            js.extend_from_slice(bytes);
            js.extend_from_slice(b";\n");
            self.inner.put(path, &js)?;
        }
        let rewritten = match std::str::from_utf8(bytes) {
            Ok(text) if rel.ends_with(".html") => Some(rewrite_html(text, rel, &self.base_path)),
            Ok(text) if rel.ends_with(".css") => Some(rewrite_css(text, rel, &self.base_path)),
            _ => None,
        };
        match rewritten {
            Some(text) => self.inner.put(rel, text.as_bytes()),
            None => self.inner.put(rel, bytes),
        }
    }

    fn room(&self) -> u64 {
        self.inner.room()
    }
}

/// `url` (a site URL under `base_path`) as a path relative to the file at output path
/// `from` (`roles/x/index.html`), or `None` when it is not a URL of this site.
/// `/roles/y/#kpis` from `roles/x/index.html` → `../y/index.html#kpis`.
pub fn relative_url(url: &str, from: &str, base_path: &str) -> Option<String> {
    if url.starts_with("//") {
        return None;
    }
    // `/careers` is the home page of a site under `/careers/` too.
    let inside =
        if base_path != "/" && url == base_path.trim_end_matches('/') { "" } else { url.strip_prefix(base_path)? };
    let split = inside.find(['?', '#']).unwrap_or(inside.len());
    let (path, rest) = inside.split_at(split);
    let mut target = path.to_string();
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    let depth = from.matches('/').count();
    let from_dir: Vec<&str> = from.split('/').take(depth).collect();
    let to: Vec<&str> = target.split('/').collect();
    // Keep the folders both share, climb out of the rest of the page's.
    let shared = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count().min(to.len() - 1);
    let mut out = "../".repeat(from_dir.len() - shared);
    out.push_str(&to[shared..].join("/"));
    out.push_str(rest);
    Some(out)
}

/// The HTML `text` of the file at `from` with every URL-valued attribute of the site made
/// relative; `srcset` candidates one by one.
pub fn rewrite_html(text: &str, from: &str, base_path: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut copied = 0;
    let mut replace = |range: std::ops::Range<usize>, url: String| {
        out.push_str(&text[copied..range.start]);
        out.push_str(&url);
        copied = range.end;
    };
    for attribute in attributes(text.as_bytes(), &URL_ATTRIBUTES) {
        let value = &text[attribute.value.clone()];
        if attribute.name == "srcset" {
            for url in srcset_urls(value) {
                let at = attribute.value.start;
                if let Some(new) = relative_url(&value[url.clone()], from, base_path) {
                    replace(at + url.start..at + url.end, new);
                }
            }
        } else if let Some(new) = relative_url(value, from, base_path) {
            replace(attribute.value, new);
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The CSS `text` of the file at `from` with every `url(…)` of the site made relative.
pub fn rewrite_css(text: &str, from: &str, base_path: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("url(") {
        let (head, tail) = rest.split_at(at + 4);
        out.push_str(head);
        let quote = tail.chars().next().filter(|c| matches!(c, '"' | '\''));
        let body = &tail[quote.map_or(0, char::len_utf8)..];
        let end = body.find([quote.unwrap_or(')'), ')']).unwrap_or(body.len());
        match relative_url(&body[..end], from, base_path) {
            Some(url) => {
                out.extend(quote);
                out.push_str(&url);
                rest = &body[end..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_become_paths_from_the_page_with_folders_opened_at_their_index() {
        let from = "roles/x/index.html";
        assert_eq!(relative_url("/roles/y/#kpis", from, "/").as_deref(), Some("../y/index.html#kpis"));
        assert_eq!(relative_url("/", from, "/").as_deref(), Some("../../index.html"));
        assert_eq!(relative_url("/style.css", from, "/").as_deref(), Some("../../style.css"));
        assert_eq!(relative_url("/roles/x/", from, "/").as_deref(), Some("index.html"));
        assert_eq!(relative_url("/search/?q=a", "index.html", "/").as_deref(), Some("search/index.html?q=a"));
        assert_eq!(relative_url("/careers/a/", "404.html", "/careers/").as_deref(), Some("a/index.html"));
        assert_eq!(relative_url("/careers", "a/index.html", "/careers/").as_deref(), Some("../index.html"));
        for foreign in ["https://x.org/", "//x.org/", "#top", "mailto:a@b", "/elsewhere/"] {
            assert_eq!(relative_url(foreign, from, "/careers/"), None, "{foreign}");
        }
    }

    #[test]
    fn html_attributes_srcset_and_css_urls_are_rewritten_and_nothing_else() {
        let html = "<a href=\"/a/\">/a/</a><img src=\"/i.png\" srcset=\"/i.png 1x, /j.png 2x\" data-href=\"/a/\">\
                    <form action=\"/search/\"><link rel=\"canonical\" href=\"https://x.org/a/\">";
        assert_eq!(
            rewrite_html(html, "a/index.html", "/"),
            "<a href=\"index.html\">/a/</a><img src=\"../i.png\" srcset=\"../i.png 1x, ../j.png 2x\" data-href=\"/a/\">\
             <form action=\"../search/index.html\"><link rel=\"canonical\" href=\"https://x.org/a/\">"
        );
        let css = "a{background:url(/img/x.png)} b{background:url('/y.svg')} c{background:url(data:x)}";
        assert_eq!(
            rewrite_css(css, "style.css", "/"),
            "a{background:url(img/x.png)} b{background:url('y.svg')} c{background:url(data:x)}"
        );
    }
}
