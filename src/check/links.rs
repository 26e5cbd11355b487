//! Every link in the final HTML, templates' included, checked against the files and
//! anchors the build actually produced.
//!
//! [`Recorder`] wraps the output sink and notes, for each HTML file, its links and ids as
//! it is written, so a build never has to read its output back or keep it in memory. It is
//! also the safety net of the output claims: a path written twice, or one nobody claimed,
//! is a rolebook bug it reports instead of writing; and it keeps the output within its
//! budget ([`crate::check::budget`]), refusing every write once the budget is passed.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use std::io;
use std::sync::Mutex;

use crate::check::budget::{Input, Spending};
use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::html_attributes::{attributes, srcset_urls};
use crate::output::Sink;
use crate::render::claims::{Claims, WriteFailure};

/// What one HTML file links to and which anchors it defines.
///
/// A page's links are kept end to end in one string, not one allocation each: every page
/// of a build is recorded, with fifty-odd links apiece.
#[derive(Debug, Default, Clone)]
pub struct PageLinks {
    /// Every link's text, one after another.
    text: String,
    /// (end of the link in `text`, line) in document order.
    ends: Vec<(u32, u32)>,
    pub ids: FastSet<String>,
}

impl PageLinks {
    /// (link, line) in document order.
    pub fn links(&self) -> impl Iterator<Item = (&str, u32)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(end, _)| end as usize));
        starts.zip(&self.ends).map(|(start, &(end, line))| (&self.text[start..end as usize], line))
    }

    fn push_link(&mut self, link: &str, line: u32) {
        self.text.push_str(link);
        self.ends.push((self.text.len() as u32, line));
    }
}

/// A hash set for the link check's lookups (output paths, ids), hashed with foldhash:
/// the keys are the build's own output, so the defence against crafted collisions that
/// the standard hasher pays for buys nothing here.
pub type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// The links and ids of every HTML page of a build, by output path.
pub type Recorded = BTreeMap<String, PageLinks>;

/// A sink that records links and ids of the HTML passing through it.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    pages: Mutex<BTreeMap<String, PageLinks>>,
    files: Mutex<FastSet<String>>,
    /// The build's output claims; with them, an unclaimed path is refused.
    claims: Option<&'a Claims>,
    /// Writes refused as rolebook bugs (see [`Recorder::mistakes`]).
    mistakes: Mutex<Vec<Diagnostic>>,
    /// The output budget, when the run has one (see [`Recorder::over_budget`]).
    budget: Option<Spending>,
}

impl<'a> Recorder<'a> {
    /// A recorder that refuses a second write of one path (a partial re-render).
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recorder {
            inner,
            pages: Mutex::new(BTreeMap::new()),
            files: Mutex::new(FastSet::default()),
            claims: None,
            mistakes: Mutex::new(Vec::new()),
            budget: None,
        }
    }

    /// Keeps the output within the budget of a site weighing `input`: once a write would
    /// pass it, that write and every later one are refused (see [`Recorder::over_budget`]).
    pub fn with_budget(self, input: Input) -> Self {
        Recorder { budget: Some(Spending::new(input)), ..self }
    }

    /// The one `output-too-large` error of a run whose output passed its budget, at the
    /// source of the largest file; `None` when it did not (or once it was returned).
    pub fn over_budget(&self) -> Option<Diagnostic> {
        // Files rolebook makes whatever the content have no source worth naming.
        let owner = |rel: &str| {
            let owner = self.claims.and_then(|claims| claims.owner(rel))?;
            owner.file.is_some().then(|| owner.location())
        };
        self.budget.as_ref().and_then(|budget| budget.exceeded(&owner))
    }

    /// A recorder for a whole build: it also refuses every path `claims` does not hold, and
    /// a write failure names the owner of the file.
    pub fn claimed(inner: &'a dyn Sink, claims: &'a Claims) -> Self {
        Recorder { claims: Some(claims), ..Recorder::new(inner) }
    }

    /// The writes refused so far: each a bug in rolebook (its claims and its renderer
    /// disagree), reported as an error so no build with one ever succeeds.
    pub fn mistakes(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.mistakes.lock().expect("no panics while holding the lock"))
    }

    fn refuse(&self, message: String) {
        let d = Diagnostic::error("rolebook", "unclaimed-output", message)
            .with_hint("this is a bug in rolebook, not in the site; please report it with the site that shows it");
        self.mistakes.lock().expect("no panics while holding the lock").push(d);
    }

    /// The recorded pages and the set of every file written.
    pub fn finish(self) -> (BTreeMap<String, PageLinks>, FastSet<String>) {
        (
            self.pages.into_inner().expect("no panics while holding the lock"),
            self.files.into_inner().expect("no panics while holding the lock"),
        )
    }
}

impl Sink for Recorder<'_> {
    /// Refused writes return `Ok`: the mistake is reported once, by [`Recorder::mistakes`]
    /// or [`Recorder::over_budget`], rather than again as a write error by every caller.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let owner = self.claims.map(|claims| claims.owner(rel));
        if owner == Some(None) {
            self.refuse(format!("rolebook was about to write `{rel}`, which no source claimed"));
            return Ok(());
        }
        if !self.files.lock().expect("no panics while holding the lock").insert(rel.to_string()) {
            self.refuse(format!("rolebook was about to write `{rel}` a second time in one build"));
            return Ok(());
        }
        if self.budget.as_ref().is_some_and(|budget| !budget.spend(rel, bytes.len())) {
            return Ok(());
        }
        if rel.ends_with(".html") {
            let page = scan(bytes);
            self.pages.lock().expect("no panics while holding the lock").insert(rel.to_string(), page);
        }
        self.inner.put(rel, bytes).map_err(|reason| match owner.flatten() {
            Some(owner) => io::Error::new(reason.kind(), WriteFailure { owner: owner.clone(), reason }),
            None => reason,
        })
    }

    fn room(&self) -> u64 {
        self.budget.as_ref().map_or(u64::MAX, Spending::room)
    }
}

/// Finds the URLs the theme writes (every attribute of [`crate::urls::URL_ATTRIBUTES`]:
/// `href`, `src`, form actions, each `srcset` candidate, the `data-*` URLs its scripts
/// fetch) and `id`s in HTML, with the line of each link.
///
/// Every page of a build passes through here, so it jumps from one `="` to the next with
/// `memchr` instead of looking at every byte, counts lines only up to the attributes it
/// keeps, and checks only their values for UTF-8, never the whole page.
pub fn scan(html: impl AsRef<[u8]>) -> PageLinks {
    let mut page = PageLinks::default();
    let bytes = html.as_ref();
    let (mut line, mut counted) = (1u32, 0usize);
    let names: Vec<&'static str> = crate::urls::URL_ATTRIBUTES.iter().copied().chain(["id"]).collect();
    for attribute in attributes(bytes, &names) {
        let value = unescape(String::from_utf8_lossy(&bytes[attribute.value]));
        match attribute.name {
            "id" => {
                page.ids.insert(value.into_owned());
            }
            name => {
                line += memchr::memchr_iter(b'\n', &bytes[counted..attribute.name_start]).count() as u32;
                counted = attribute.name_start;
                if name == "srcset" {
                    // `a.png 1x, b.png 2x`: each candidate's URL is a link.
                    for url in srcset_urls(&value) {
                        page.push_link(&value[url], line);
                    }
                } else {
                    page.push_link(&value, line);
                }
            }
        }
    }
    page
}

fn unescape(value: Cow<'_, str>) -> Cow<'_, str> {
    if value.contains('&') {
        value
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .into()
    } else {
        value
    }
}

/// Links to other hosts, for `--external`, with the pages that use them.
pub fn external_links(pages: &BTreeMap<String, PageLinks>, base: &BaseUrl) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (page, links) in pages {
        for (link, _) in links.links() {
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
    files: &FastSet<String>,
    base: &BaseUrl,
    output_name: &str,
) -> Vec<Diagnostic> {
    // Pages are checked in parallel; each reports a broken link once, however often it
    // appears on the page, and the results keep the pages' order. A build checks half a
    // million links, so the common ones (under the base path, no query) are looked up
    // as slices of the link itself, without a copy.
    let by_path: HashMap<&str, &PageLinks, foldhash::fast::RandomState> =
        pages.iter().map(|(path, links)| (path.as_str(), links)).collect();
    let per_page: Vec<Vec<Diagnostic>> = pages
        .par_iter()
        .map(|(page, links)| {
            let mut diagnostics = Vec::new();
            let mut reported: HashSet<&str> = HashSet::new();
            let mut scratch = String::new();
            for (link, line) in links.links() {
                let Some(target) = internal_target(link, page, base) else { continue };
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (&*target, None),
                };
                let file = if path.is_empty() { Some(page.as_str()) } else { resolve_file(path, files, &mut scratch) };
                let problem = match (file, anchor) {
                    (None, _) => Some(format!("link to `{link}`: the site has no such page or file")),
                    (Some(file), Some(anchor)) => by_path.get(file).and_then(|target_page| {
                        (!anchor.is_empty() && !target_page.ids.contains(anchor) && anchor != "top")
                            .then(|| format!("link to `{link}`: `{file}` has no element with id `{anchor}`"))
                    }),
                    (Some(_), None) => None,
                };
                if let Some(message) = problem {
                    if reported.insert(link) {
                        let mut d = Diagnostic::error(format!("{output_name}/{page}"), "broken-output-link", message)
                            .with_hint(
                                "the link is in the rendered page; if the source has no such link, a template wrote it",
                            );
                        d.pos = Some(crate::yaml::Pos::new(line, 1));
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
fn internal_target<'l>(link: &'l str, page: &str, base: &BaseUrl) -> Option<Cow<'l, str>> {
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
    let without_query: Cow<'l, str> = match without_origin.find('?') {
        Some(q) => {
            let anchor = without_origin.find('#').filter(|&h| h > q).map(|h| &without_origin[h..]).unwrap_or("");
            format!("{}{anchor}", &without_origin[..q]).into()
        }
        None => without_origin.into(),
    };
    if without_query.starts_with('#') {
        return Some(without_query);
    }
    if without_query.starts_with(base.path.as_str()) {
        let inside = base.path.len();
        // `/#part` is a part of the home page, not of the page the link is on.
        if without_query[inside..].starts_with('#') {
            return Some(format!("index.html{}", &without_query[inside..]).into());
        }
        return Some(match without_query {
            Cow::Borrowed(link) => Cow::Borrowed(&link[inside..]),
            Cow::Owned(mut link) => {
                link.drain(..inside);
                Cow::Owned(link)
            }
        });
    }
    if without_query.starts_with('/') {
        // A root-relative link outside the base path cannot be on this site.
        return Some(format!("\u{0}outside{without_query}").into());
    }
    // Relative to the page's folder.
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let (path, anchor) = match without_query.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (&*without_query, String::new()),
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
    Some(format!("{joined}{anchor}").into())
}

/// The file a link's path names, if the build produced it: `roles/x/` →
/// `roles/x/index.html`; `style.css` stays; `roles/x` → `roles/x/index.html` when only
/// that exists. `scratch` holds the `index.html` paths, so no lookup allocates.
fn resolve_file<'f>(path: &str, files: &'f FastSet<String>, scratch: &mut String) -> Option<&'f str> {
    let mut with_index = |separator: &str| {
        scratch.clear();
        scratch.push_str(path);
        scratch.push_str(separator);
        scratch.push_str("index.html");
        files.get(scratch.as_str()).map(String::as_str)
    };
    if path.is_empty() || path.ends_with('/') {
        return with_index("");
    }
    files.get(path).map(String::as_str).or_else(|| with_index("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> BaseUrl {
        BaseUrl::parse(url).unwrap()
    }

    fn site(pages: &[(&str, &str)]) -> (BTreeMap<String, PageLinks>, FastSet<String>) {
        let map = pages.iter().map(|(p, html)| (p.to_string(), scan(html))).collect();
        let mut files: FastSet<String> = pages.iter().map(|(p, _)| p.to_string()).collect();
        files.insert("style.css".into());
        (map, files)
    }

    #[test]
    fn a_link_to_a_part_of_the_home_page_is_checked_on_the_home_page() {
        for root in ["https://x.org/", "https://x.org/careers/"] {
            let base = base(root);
            let home = format!("{}#trips", base.path);
            assert_eq!(internal_target(&home, "guide/index.html", &base).as_deref(), Some("index.html#trips"));
            assert_eq!(internal_target("#trips", "guide/index.html", &base).as_deref(), Some("#trips"));
        }
    }

    #[test]
    fn scans_links_ids_and_lines() {
        let page = scan("<a href=\"/a/\">x</a>\n<h2 id=\"top-part\">\n<img src=\"/i.png\" alt=\"\">");
        assert_eq!(page.links().collect::<Vec<_>>(), vec![("/a/", 1), ("/i.png", 3)]);
        assert!(page.ids.contains("top-part"));
    }

    #[test]
    fn scan_needs_whitespace_before_the_attribute_and_a_closing_quote() {
        let page = scan("<a data-href=\"/no/\" xid=\"no\">\n\n<a\thref=\"/yes/?a=1&amp;b=2\" id=\"x\"><b\nsrc=\"/i.png\"> <a href=\"/open");
        assert_eq!(page.links().collect::<Vec<_>>(), vec![("/yes/?a=1&b=2", 3), ("/i.png", 4)]);
        assert_eq!(page.ids.len(), 1);
        assert!(page.ids.contains("x"));
        assert_eq!(scan("id=\"first\"").ids.len(), 0, "an attribute needs a tag before it");
    }

    #[test]
    fn scan_follows_form_actions_srcset_candidates_posters_and_the_scripts_data_urls() {
        let page = scan(
            "<form action=\"/search/\"><img srcset=\"/a.png 1x, /b.png 2x\"><video poster=\"/p.jpg\">\n\
             <form data-compare-json=\"/api/compare.json\"><script data-index=\"/i.json\" data-base-path=\"/\">",
        );
        let links: Vec<_> = page.links().collect();
        assert_eq!(
            links,
            vec![
                ("/search/", 1),
                ("/a.png", 1),
                ("/b.png", 1),
                ("/p.jpg", 1),
                ("/api/compare.json", 2),
                ("/i.json", 2)
            ]
        );
    }

    #[test]
    fn scan_reads_bytes_that_are_not_all_utf8() {
        let page = scan(b"<p>\xff\xfe</p>\n<a href=\"/caf\xc3\xa9/\">x</a> <a href=\"/bad\xff/\">y</a>");
        assert_eq!(page.links().collect::<Vec<_>>(), vec![("/caf\u{e9}/", 2), ("/bad\u{fffd}/", 2)]);
    }

    #[test]
    fn finds_missing_pages_and_anchors_under_a_sub_path() {
        let (pages, files) = site(&[
            ("index.html", "<a href=\"/careers/a/\">a</a> <a href=\"/careers/a/#s\">s</a> <a href=\"/careers/a/#nope\">n</a>\n<a href=\"/careers/gone/\">g</a> <link href=\"/careers/style.css\"> <a href=\"https://x.org/\">x</a> <a href=\"/elsewhere/\">e</a>"),
            ("a/index.html", "<h2 id=\"s\">S</h2><a href=\"../\">up</a> <a href=\"#s\">self</a> <a href=\"#gone\">gone</a> <a href=\"https://ex.org/careers/a/\">abs</a>"),
        ]);
        let found: Vec<String> = check(&pages, &files, &base("https://ex.org/careers/"), "public")
            .iter()
            .map(|d| format!("{}:{} {}", d.file, d.pos.unwrap().line, d.message))
            .collect();
        assert_eq!(
            found,
            vec![
                "public/a/index.html:1 link to `#gone`: `a/index.html` has no element with id `gone`",
                "public/index.html:1 link to `/careers/a/#nope`: `a/index.html` has no element with id `nope`",
                "public/index.html:2 link to `/careers/gone/`: the site has no such page or file",
                "public/index.html:2 link to `/elsewhere/`: the site has no such page or file",
            ]
        );
    }

    fn one_claim() -> Claims {
        use crate::render::claims::{Owner, What};
        let owner = Owner {
            what: What::Alias("/old/".into()),
            file: Some("content/a.md".into()),
            pos: Some(crate::yaml::Pos::new(3, 11)),
        };
        Claims::unchecked([("old/index.html".to_string(), owner)])
    }

    #[test]
    fn the_recorder_refuses_a_path_nobody_claimed_and_reports_it_as_a_rolebook_bug() {
        let (claims, sink) = (one_claim(), crate::output::MemorySink::default());
        let recorder = Recorder::claimed(&sink, &claims);
        recorder.put("old/index.html", b"<p>ok</p>").unwrap();
        recorder.put("stray.html", b"<p>stray</p>").unwrap();
        let mistakes = recorder.mistakes();
        assert_eq!(mistakes.len(), 1);
        assert_eq!(mistakes[0].code, "unclaimed-output");
        assert!(mistakes[0].message.contains("`stray.html`, which no source claimed"), "{:?}", mistakes[0]);
        assert!(recorder.mistakes().is_empty(), "each mistake is reported once");
        let (pages, files) = recorder.finish();
        assert_eq!(files.len(), 1);
        assert!(pages.contains_key("old/index.html") && !pages.contains_key("stray.html"));
        assert_eq!(
            sink.into_files().keys().collect::<Vec<_>>(),
            vec!["old/index.html"],
            "the stray file is not written"
        );
    }

    #[test]
    fn the_recorder_refuses_a_second_write_of_one_path_keeping_the_first() {
        let sink = crate::output::MemorySink::default();
        let recorder = Recorder::new(&sink);
        recorder.put("a.html", b"first").unwrap();
        recorder.put("a.html", b"second").unwrap();
        let mistakes = recorder.mistakes();
        assert_eq!(mistakes.len(), 1);
        assert!(mistakes[0].message.contains("`a.html` a second time"), "{:?}", mistakes[0]);
        drop(recorder);
        assert_eq!(sink.into_files()["a.html"], b"first");
    }

    /// A sink whose disk is always full.
    struct Full;

    impl Sink for Full {
        fn put(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
            Err(io::Error::new(io::ErrorKind::StorageFull, "no space left on device"))
        }
    }

    #[test]
    fn a_write_failure_is_reported_at_the_source_the_file_is_made_from() {
        let claims = one_claim();
        let recorder = Recorder::claimed(&Full, &claims);
        let error = recorder.put("old/index.html", b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        let d = crate::render::write_error("old/index.html", &error);
        assert_eq!(d.location(), "content/a.md:3:11");
        assert_eq!(d.message, "cannot write `old/index.html`, made from the alias `/old/`: no space left on device");
        // Without claims (a partial re-render), the output path is all there is to name.
        let unowned = Recorder::new(&Full).put("old/index.html", b"x").unwrap_err();
        assert_eq!(crate::render::write_error("old/index.html", &unowned).location(), "old/index.html");
    }

    #[test]
    fn external_links_are_collected_once_per_page() {
        let (pages, _) =
            site(&[("index.html", "<a href=\"https://x.org/a#b\">1</a><a href=\"https://x.org/a\">2</a>")]);
        let external = external_links(&pages, &base("https://ex.org/"));
        assert_eq!(external.get("https://x.org/a"), Some(&vec!["index.html".to_string()]));
    }
}
