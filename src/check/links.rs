//! Every link in the final HTML, templates' included, checked against the files and
//! anchors the build actually produced.
//!
//! [`Recorder`] wraps the output sink and notes, for each HTML file, its links and ids as
//! it is written, so a build never has to read its output back or keep it in memory.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use std::io;
use std::sync::Mutex;

use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;

/// What one HTML file links to and which anchors it defines.
#[derive(Debug, Default, Clone)]
pub struct PageLinks {
    /// (link, line) in document order.
    pub links: Vec<(String, u32)>,
    pub ids: HashSet<String>,
}

/// The links and ids of every HTML page of a build, by output path.
pub type Recorded = BTreeMap<String, PageLinks>;

/// A sink that records links and ids of the HTML passing through it.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    pages: Mutex<BTreeMap<String, PageLinks>>,
    files: Mutex<HashSet<String>>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recorder { inner, pages: Mutex::new(BTreeMap::new()), files: Mutex::new(HashSet::new()) }
    }

    /// The recorded pages and the set of every file written.
    pub fn finish(self) -> (BTreeMap<String, PageLinks>, HashSet<String>) {
        (
            self.pages.into_inner().expect("no panics while holding the lock"),
            self.files.into_inner().expect("no panics while holding the lock"),
        )
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if rel.ends_with(".html") {
            let page = scan(bytes);
            self.pages.lock().expect("no panics while holding the lock").insert(rel.to_string(), page);
        }
        self.files.lock().expect("no panics while holding the lock").insert(rel.to_string());
        self.inner.put(rel, bytes)
    }
}

/// Finds `href`/`src` values and `id`s in HTML, with the line of each link.
///
/// Every page of a build passes through here, so it jumps from one `="` to the next with
/// `memchr` instead of looking at every byte, counts lines only up to the attributes it
/// keeps, and checks only their values for UTF-8, never the whole page.
pub fn scan(html: impl AsRef<[u8]>) -> PageLinks {
    let mut page = PageLinks::default();
    let bytes = html.as_ref();
    let (mut line, mut counted) = (1u32, 0usize);
    for eq in memchr::memmem::find_iter(bytes, b"=\"") {
        let before = &bytes[..eq];
        let (name_len, is_link) = if before.ends_with(b"href") {
            (4, true)
        } else if before.ends_with(b"src") {
            (3, true)
        } else if before.ends_with(b"id") {
            (2, false)
        } else {
            continue;
        };
        let name_start = eq - name_len;
        if name_start == 0 || !matches!(bytes[name_start - 1], b' ' | b'\t' | b'\n' | b'\r') {
            continue;
        }
        let start = eq + 2;
        let Some(len) = memchr::memchr(b'"', &bytes[start..]) else { continue };
        let value = unescape(&String::from_utf8_lossy(&bytes[start..start + len]));
        if is_link {
            line += memchr::memchr_iter(b'\n', &bytes[counted..name_start]).count() as u32;
            counted = name_start;
            page.links.push((value, line));
        } else {
            page.ids.insert(value);
        }
    }
    page
}

fn unescape(value: &str) -> String {
    if value.contains('&') {
        value
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
    } else {
        value.to_string()
    }
}

/// Links to other hosts, for `--external`, with the pages that use them.
pub fn external_links(pages: &BTreeMap<String, PageLinks>, base: &BaseUrl) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (page, links) in pages {
        for (link, _) in &links.links {
            let is_web = link.starts_with("http://") || link.starts_with("https://");
            if is_web && (base.origin.is_empty() || !link.starts_with(&base.origin)) {
                let url = link.split('#').next().unwrap_or(link).to_string();
                let users = out.entry(url).or_default();
                if !users.contains(page) {
                    users.push(page.clone());
                }
            }
        }
    }
    out
}

/// Checks every internal link of every page against the produced files and their ids.
/// `output_name` is how the output folder is shown in messages (e.g. `public`).
pub fn check(
    pages: &BTreeMap<String, PageLinks>,
    files: &HashSet<String>,
    base: &BaseUrl,
    output_name: &str,
) -> Vec<Diagnostic> {
    // Pages are checked in parallel; each reports a broken link once, however often it
    // appears on the page, and the results keep the pages' order.
    let by_path: HashMap<&str, &PageLinks> = pages.iter().map(|(path, links)| (path.as_str(), links)).collect();
    let per_page: Vec<Vec<Diagnostic>> = pages
        .par_iter()
        .map(|(page, links)| {
            let mut diagnostics = Vec::new();
            let mut reported: HashSet<&str> = HashSet::new();
            for (link, line) in &links.links {
                let Some(target) = internal_target(link, page, base) else { continue };
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target.as_str(), None),
                };
                let file = if path.is_empty() { page.clone() } else { resolve_file(path, files) };
                let problem = if !files.contains(&file) {
                    Some(format!("link to `{link}`: the site has no such page or file"))
                } else if let (Some(anchor), Some(target_page)) = (anchor, by_path.get(file.as_str())) {
                    (!anchor.is_empty() && !target_page.ids.contains(anchor) && anchor != "top")
                        .then(|| format!("link to `{link}`: `{file}` has no element with id `{anchor}`"))
                } else {
                    None
                };
                if let Some(message) = problem {
                    if reported.insert(link) {
                        let mut d = Diagnostic::error(format!("{output_name}/{page}"), "broken-output-link", message)
                            .with_hint(
                                "the link is in the rendered page; if the source has no such link, a template wrote it",
                            );
                        d.pos = Some(crate::yaml::Pos::new(*line, 1));
                        diagnostics.push(d);
                    }
                }
            }
            diagnostics
        })
        .collect();
    per_page.into_iter().flatten().collect()
}

/// The output path a link leads to, or `None` for other hosts, mail, scripts and data.
fn internal_target(link: &str, page: &str, base: &BaseUrl) -> Option<String> {
    let link = link.trim();
    if link.is_empty()
        || link.starts_with("mailto:")
        || link.starts_with("tel:")
        || link.starts_with("data:")
        || link.starts_with("javascript:")
    {
        return None;
    }
    let without_origin = if !base.origin.is_empty() && link.starts_with(&base.origin) {
        &link[base.origin.len()..]
    } else if link.contains("://") || link.starts_with("//") {
        return None;
    } else {
        link
    };
    let without_query = match without_origin.find('?') {
        Some(q) => {
            let anchor = without_origin.find('#').filter(|&h| h > q).map(|h| &without_origin[h..]).unwrap_or("");
            format!("{}{anchor}", &without_origin[..q])
        }
        None => without_origin.to_string(),
    };
    if without_query.starts_with('#') {
        return Some(without_query);
    }
    if let Some(inside) = without_query.strip_prefix(base.path.as_str()) {
        return Some(inside.to_string());
    }
    if without_query.starts_with('/') {
        // A root-relative link outside the base path cannot be on this site.
        return Some(format!("\u{0}outside{without_query}"));
    }
    // Relative to the page's folder.
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let (path, anchor) = match without_query.split_once('#') {
        Some((p, a)) => (p.to_string(), format!("#{a}")),
        None => (without_query.clone(), String::new()),
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(format!("{joined}{anchor}"))
}

/// `roles/x/` → `roles/x/index.html`; `style.css` stays; `roles/x` → `roles/x/index.html`
/// when only that exists.
fn resolve_file(path: &str, files: &HashSet<String>) -> String {
    if path.is_empty() || path.ends_with('/') {
        return format!("{path}index.html");
    }
    if files.contains(path) {
        return path.to_string();
    }
    let index = format!("{path}/index.html");
    if files.contains(&index) {
        index
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> BaseUrl {
        BaseUrl::parse(url).unwrap()
    }

    fn site(pages: &[(&str, &str)]) -> (BTreeMap<String, PageLinks>, HashSet<String>) {
        let map = pages.iter().map(|(p, html)| (p.to_string(), scan(html))).collect();
        let mut files: HashSet<String> = pages.iter().map(|(p, _)| p.to_string()).collect();
        files.insert("style.css".into());
        (map, files)
    }

    #[test]
    fn scans_links_ids_and_lines() {
        let page = scan("<a href=\"/a/\">x</a>\n<h2 id=\"top-part\">\n<img src=\"/i.png\" alt=\"\">");
        assert_eq!(page.links, vec![("/a/".to_string(), 1), ("/i.png".to_string(), 3)]);
        assert!(page.ids.contains("top-part"));
    }

    #[test]
    fn scan_needs_whitespace_before_the_attribute_and_a_closing_quote() {
        let page = scan("<a data-href=\"/no/\" xid=\"no\">\n\n<a\thref=\"/yes/?a=1&amp;b=2\" id=\"x\"><b\nsrc=\"/i.png\"> <a href=\"/open");
        assert_eq!(page.links, vec![("/yes/?a=1&b=2".to_string(), 3), ("/i.png".to_string(), 4)]);
        assert_eq!(page.ids.len(), 1);
        assert!(page.ids.contains("x"));
        assert_eq!(scan("id=\"first\"").ids.len(), 0, "an attribute needs a tag before it");
    }

    #[test]
    fn scan_reads_bytes_that_are_not_all_utf8() {
        let page = scan(b"<p>\xff\xfe</p>\n<a href=\"/caf\xc3\xa9/\">x</a> <a href=\"/bad\xff/\">y</a>");
        assert_eq!(page.links, vec![("/caf\u{e9}/".to_string(), 2), ("/bad\u{fffd}/".to_string(), 2)]);
    }

    #[test]
    fn finds_missing_pages_and_anchors_under_a_sub_path() {
        let (pages, files) = site(&[
            ("index.html", "<a href=\"/careers/a/\">a</a> <a href=\"/careers/a/#s\">s</a> <a href=\"/careers/a/#nope\">n</a>\n<a href=\"/careers/gone/\">g</a> <link href=\"/careers/style.css\"> <a href=\"https://x.org/\">x</a> <a href=\"/elsewhere/\">e</a>"),
            ("a/index.html", "<h2 id=\"s\">S</h2><a href=\"../\">up</a> <a href=\"#s\">self</a> <a href=\"https://ex.org/careers/a/\">abs</a>"),
        ]);
        let found: Vec<String> = check(&pages, &files, &base("https://ex.org/careers/"), "public")
            .iter()
            .map(|d| format!("{}:{} {}", d.file, d.pos.unwrap().line, d.message))
            .collect();
        assert_eq!(
            found,
            vec![
                "public/index.html:1 link to `/careers/a/#nope`: `a/index.html` has no element with id `nope`",
                "public/index.html:2 link to `/careers/gone/`: the site has no such page or file",
                "public/index.html:2 link to `/elsewhere/`: the site has no such page or file",
            ]
        );
    }

    #[test]
    fn external_links_are_collected_once_per_page() {
        let (pages, _) =
            site(&[("index.html", "<a href=\"https://x.org/a#b\">1</a><a href=\"https://x.org/a\">2</a>")]);
        let external = external_links(&pages, &base("https://ex.org/"));
        assert_eq!(external.get("https://x.org/a"), Some(&vec!["index.html".to_string()]));
    }
}
