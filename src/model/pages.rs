//! Placing parsed pages in the site: URLs, sections, ordering, tags and aliases.
//!
//! Aliases leave here normalised (decoded, `.`/`..` resolved, one spelling per output
//! file) or not at all: a malformed one is a diagnostic at its position. Which output file
//! belongs to whom, and every collision between them, is decided by `render::claims`.

use std::collections::{BTreeMap, HashMap};

use crate::content::page::{is_folder_page_name, TitleFrom};
use crate::content::{FrontMatter, ParsedPage, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::slug::slugify;

#[derive(Debug, Clone)]
pub struct Page {
    pub parsed: ParsedPage,
    pub is_section: bool,
    /// Site path such as `/a/b/` (without the base path).
    pub url: String,
    /// The section this page or section belongs to.
    pub parent: Option<usize>,
    /// For sections: the pages directly in it, by weight, then title.
    pub pages: Vec<usize>,
    /// For sections: the sections directly below it, by weight, then title.
    pub subsections: Vec<usize>,
    /// Redirects to this page, normalised; malformed ones are left out (and reported).
    pub aliases: Vec<Alias>,
}

/// A redirect page's site path and the front-matter entry it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// `/old/` or `/old.html`, the one spelling of every way to write that output file.
    pub url: String,
    /// Index into the page's front-matter `aliases`, for the text and position in messages.
    pub source: usize,
}

impl Page {
    pub fn front(&self) -> &FrontMatter {
        &self.parsed.front
    }
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// Sorted by content path.
    pub pages: Vec<Page>,
    pub home: usize,
    /// By slug.
    pub tags: BTreeMap<String, Tag>,
}

impl Pages {
    /// The page read from `content/<content_rel>`, found by binary search (pages are
    /// sorted by content path).
    pub fn find(&self, content_rel: &str) -> Option<usize> {
        self.pages.binary_search_by(|p| p.parsed.file.content_rel.as_str().cmp(content_rel)).ok()
    }
}

/// Places `parsed` pages (already filtered for drafts) in a tree. `home_title` names the
/// home page when the site has no `content/_index.md` or `content/README.md`, or when that
/// file gives no title of its own.
///
/// A folder's `_index.md` or `README.md` is its section; `index.md` is a page published at
/// the folder's URL. A folder may have only one of the three: any README beside another
/// is an error naming both, and is left an ordinary page so that nothing else fails.
pub fn build(mut parsed: Vec<ParsedPage>, home_title: &str, diagnostics: &mut Diagnostics) -> Pages {
    parsed.sort_by(|a, b| a.file.content_rel.cmp(&b.file.content_rel));
    let sections = section_files(&parsed, diagnostics);
    let has_home = sections.iter().any(|&i| dir_of(&parsed[i].file.content_rel).is_empty());
    let section_rels: std::collections::HashSet<String> =
        sections.iter().map(|&i| parsed[i].file.content_rel.clone()).collect();
    if !has_home {
        parsed.push(implicit_home(home_title));
        parsed.sort_by(|a, b| a.file.content_rel.cmp(&b.file.content_rel));
    }

    let mut pages: Vec<Page> = parsed
        .into_iter()
        .map(|mut parsed| {
            let is_section =
                section_rels.contains(&parsed.file.content_rel) || !has_home && parsed.file.content_rel == "_index.md";
            // Only a page of the site's own folder has no file name to take a title from.
            if parsed.front.title.is_empty() {
                parsed.front.title = home_title.to_string();
            }
            let url = url_for(&parsed, is_section);
            Page {
                parsed,
                is_section,
                url,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                aliases: Vec::new(),
            }
        })
        .collect();

    check_slugs(&pages, diagnostics);
    let sections: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, p)| (dir_of(&p.parsed.file.content_rel).to_string(), i))
        .collect();
    let home = sections[""];

    for i in 0..pages.len() {
        if i == home {
            continue;
        }
        let rel = &pages[i].parsed.file.content_rel;
        let mut dir = dir_of(rel).to_string();
        if pages[i].is_section {
            dir = dir_of(&dir).to_string();
        }
        let parent = loop {
            if let Some(&s) = sections.get(&dir) {
                break s;
            }
            if dir.is_empty() {
                break home;
            }
            dir = dir_of(&dir).to_string();
        };
        pages[i].parent = Some(parent);
        if pages[i].is_section {
            pages[parent].subsections.push(i);
        } else {
            pages[parent].pages.push(i);
        }
    }
    for i in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[i].pages);
        sort_by_weight(&mut children, &pages);
        pages[i].pages = children;
        let mut subsections = std::mem::take(&mut pages[i].subsections);
        sort_by_weight(&mut subsections, &pages);
        pages[i].subsections = subsections;
    }

    for page in &mut pages {
        page.aliases = aliases_of(&page.parsed, diagnostics);
    }

    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for name in &page.parsed.front.tags {
            let slug = slugify(name);
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag { name: name.clone(), slug, pages: Vec::new() });
            if !tag.pages.contains(&i) {
                tag.pages.push(i);
            }
        }
    }
    for tag in tags.values_mut() {
        sort_by_weight(&mut tag.pages, &pages);
    }
    Pages { pages, home, tags }
}

fn implicit_home(title: &str) -> ParsedPage {
    let front = FrontMatter { title: title.to_string(), ..FrontMatter::default() };
    let file = SourceFile { rel: "content/_index.md".into(), content_rel: "_index.md".into(), text: String::new() };
    ParsedPage { file, front, body_start: 0, body_line: 1, title_from: TitleFrom::FrontMatter }
}

/// The sections among `parsed` (sorted by path), by index: each folder's `_index.md`, or
/// its `README.md` when it has neither `_index.md` nor `index.md`. A README beside one of
/// those, or beside another spelling of itself, is reported and is no section.
fn section_files(parsed: &[ParsedPage], diagnostics: &mut Diagnostics) -> Vec<usize> {
    let mut by_folder: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, page) in parsed.iter().enumerate() {
        let rel = page.file.content_rel.as_str();
        if is_folder_page_name(file_name(rel)) {
            by_folder.entry(dir_of(rel)).or_default().push(i);
        }
    }
    let mut sections = Vec::new();
    for files in by_folder.values() {
        // `_index.md` and `index.md` first, then the READMEs in path order.
        let rank = |&i: &usize| match file_name(&parsed[i].file.content_rel) {
            "_index.md" => 0,
            "index.md" => 1,
            _ => 2,
        };
        let mut files = files.clone();
        files.sort_by_key(rank);
        let kept = files[0];
        if rank(&kept) != 1 {
            sections.push(kept);
        }
        for &other in &files[1..] {
            if rank(&other) == 2 {
                diagnostics.push(two_folder_pages(&parsed[other].file, &parsed[kept].file));
            }
        }
    }
    sections
}

fn two_folder_pages(readme: &SourceFile, other: &SourceFile) -> Diagnostic {
    let folder = match dir_of(&readme.rel) {
        "content" => "content/ (the home page)".to_string(),
        dir => format!("{dir}/"),
    };
    let (name, other_name) = (file_name(&readme.rel), file_name(&other.rel));
    Diagnostic::error(
        &readme.rel,
        "two-folder-pages",
        format!("`{}` and `{}` are both the page of the folder {folder}", readme.rel, other.rel),
    )
    .at(&readme.text, crate::yaml::Pos::new(1, 1))
    .with_hint(format!(
        "a folder has one page: keep `{other_name}` and rename or merge `{name}` into it, or delete `{other_name}`"
    ))
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// The folder part of a `/`-separated path (`a/b.md` → `a`, `b.md` → ``).
fn dir_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn url_for(parsed: &ParsedPage, is_section: bool) -> String {
    let rel = &parsed.file.content_rel;
    let mut segments: Vec<String> = dir_of(rel).split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let stem = file_name(rel).trim_end_matches(".md");
    if !is_section && stem != "index" {
        segments.push(stem.to_string());
    }
    if let (Some(slug), Some(last)) = (&parsed.front.slug, segments.last_mut()) {
        *last = slug.value.trim_matches('/').to_string();
    }
    if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

fn check_slugs(pages: &[Page], diagnostics: &mut Diagnostics) {
    for page in pages {
        if let Some(slug) = &page.parsed.front.slug {
            let ok = !slug.is_empty()
                && slug.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                && slug.value != "."
                && slug.value != "..";
            if !ok {
                diagnostics.push(
                    Diagnostic::error(
                        &page.parsed.file.rel,
                        "bad-slug",
                        format!("`{}` cannot be a URL segment", slug.value),
                    )
                    .at(&page.parsed.file.text, slug.pos)
                    .with_hint(format!("use letters, digits and dashes, e.g. `{}`", slugify(slug))),
                );
            }
        }
    }
}

/// The page's aliases, normalised; each malformed one is an error at its position.
fn aliases_of(parsed: &ParsedPage, diagnostics: &mut Diagnostics) -> Vec<Alias> {
    let mut out = Vec::new();
    for (source, raw) in parsed.front.aliases.iter().enumerate() {
        match normalize_alias(raw) {
            Ok(url) => out.push(Alias { url, source }),
            Err(BadAlias { problem, hint }) => diagnostics.push(
                Diagnostic::error(&parsed.file.rel, "bad-alias", format!("the alias `{}` {problem}", raw.value))
                    .at(&parsed.file.text, raw.pos)
                    .with_hint(hint),
            ),
        }
    }
    out
}

/// Why an alias cannot be a redirect page, and what to do.
#[derive(Debug, PartialEq, Eq)]
pub struct BadAlias {
    pub problem: String,
    pub hint: String,
}

fn bad(problem: impl Into<String>, hint: impl Into<String>) -> BadAlias {
    BadAlias { problem: problem.into(), hint: hint.into() }
}

/// An alias as the one site path every spelling of it names: percent-decoded (a browser
/// asks for `/caf%C3%A9/` and the file is `café/`), `.` and `..` resolved, repeated
/// slashes collapsed, and `/x/index.html` the same as `/x/` (both are the file
/// `x/index.html`). A path ending in `.html` is a file; anything else is a folder.
/// Whether the result is a valid output path is left to the claims, like every path.
pub fn normalize_alias(raw: &str) -> Result<String, BadAlias> {
    let alias = raw.trim();
    if alias.contains("://") || alias.starts_with("//") {
        return Err(bad(
            "is a full URL, but an alias is a path on this site",
            "write only the path the old page had, such as `/old-about/`",
        ));
    }
    let query_or_fragment = |text: &str| text.chars().find(|c| matches!(c, '?' | '#'));
    if let Some(c) = query_or_fragment(alias) {
        return Err(bad(
            format!("has a `{c}`: a redirect page answers a path, never a query or a fragment"),
            format!("remove the `{c}` and what follows it"),
        ));
    }
    let decoded = percent_decode(alias)?;
    if let Some(c) = query_or_fragment(&decoded) {
        return Err(bad(
            format!("has an encoded `{c}`, which no file name can answer on every host"),
            format!("remove the encoded `{c}` and what follows it"),
        ));
    }
    let mut segments: Vec<&str> = Vec::new();
    let mut last_is_folder = true;
    for segment in decoded.split('/') {
        last_is_folder = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Err(bad(
                        "climbs above the site's root with `..`",
                        "write the old path from the root of the site, such as `/old-about/`",
                    ));
                }
            }
            name => segments.push(name),
        }
    }
    if !last_is_folder && segments.last() == Some(&"index.html") {
        segments.pop();
        last_is_folder = true;
    }
    let is_file = !last_is_folder && segments.last().is_some_and(|s| s.ends_with(".html"));
    let mut url = String::from("/");
    for segment in &segments {
        url.push_str(segment);
        url.push('/');
    }
    if is_file {
        url.pop();
    }
    Ok(url)
}

/// [`crate::urls::percent_decode`], with what is wrong said for an alias.
fn percent_decode(text: &str) -> Result<String, BadAlias> {
    crate::urls::percent_decode(text).map_err(|why| match why {
        crate::urls::BadPercent::Escape => bad(
            "has a `%` that is not followed by two hexadecimal digits",
            "write `%25` for a percent sign, or `%` and the two hex digits of a byte",
        ),
        crate::urls::BadPercent::NotUtf8 => {
            bad("decodes to bytes that are not UTF-8 text", "percent-encode the UTF-8 bytes of the characters you mean")
        }
    })
}

fn sort_by_weight(list: &mut [usize], pages: &[Page]) {
    list.sort_by(|&a, &b| {
        let (fa, fb) = (&pages[a].parsed.front, &pages[b].parsed.front);
        let wa = fa.weight.unwrap_or(i64::MAX);
        let wb = fb.weight.unwrap_or(i64::MAX);
        wa.cmp(&wb).then_with(|| fa.title.cmp(&fb.title)).then_with(|| pages[a].url.cmp(&pages[b].url))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, front: &str) -> ParsedPage {
        let text = format!("---\n{front}\n---\nbody\n");
        let file = SourceFile { rel: format!("content/{rel}"), content_rel: rel.into(), text };
        crate::content::page::parse(file, &mut Diagnostics::new()).expect("valid test page")
    }

    #[test]
    fn urls_sections_and_order() {
        let mut diags = Diagnostics::new();
        let built = build(
            vec![
                page("_index.md", "title: Home"),
                page("team/_index.md", "title: Team"),
                page("team/b.md", "title: B\nweight: 1"),
                page("team/a.md", "title: A\nweight: 2"),
                page("team/c.md", "title: C"),
                page("about.md", "title: About\nslug: who-we-are"),
                page("deep/x/y.md", "title: Y"),
            ],
            "Site",
            &mut diags,
        );
        assert!(diags.is_empty(), "{}", diags.render());
        let url = |rel: &str| built.pages.iter().find(|p| p.parsed.file.content_rel == rel).unwrap().url.clone();
        assert_eq!(url("about.md"), "/who-we-are/");
        assert_eq!(url("deep/x/y.md"), "/deep/x/y/");
        let team = built.pages.iter().find(|p| p.url == "/team/").unwrap();
        let titles: Vec<&str> = team.pages.iter().map(|&i| built.pages[i].parsed.front.title.as_str()).collect();
        assert_eq!(titles, vec!["B", "A", "C"]);
        // A page without a section of its own belongs to the nearest one above it.
        let y = built.pages.iter().find(|p| p.url == "/deep/x/y/").unwrap();
        assert_eq!(y.parent, Some(built.home));
    }

    fn plain(rel: &str, text: &str) -> ParsedPage {
        let file = SourceFile { rel: format!("content/{rel}"), content_rel: rel.into(), text: text.into() };
        crate::content::page::parse(file, &mut Diagnostics::new()).expect("valid test page")
    }

    #[test]
    fn a_readme_is_the_section_of_its_folder_and_the_root_one_is_home() {
        let mut diags = Diagnostics::new();
        let built = build(
            vec![
                plain("README.md", "Welcome.\n"),
                plain("guide/readme.md", "# The guide\n"),
                plain("guide/setup.md", "# Setup\n"),
                plain("notes/index.md", "Notes.\n"),
            ],
            "Site",
            &mut diags,
        );
        assert!(diags.is_empty(), "{}", diags.render());
        let home = &built.pages[built.home];
        assert_eq!((home.url.as_str(), home.front().title.as_str(), home.is_section), ("/", "Site", true));
        let guide = built.pages.iter().position(|p| p.url == "/guide/").unwrap();
        assert!(built.pages[guide].is_section);
        assert_eq!(built.pages[guide].front().title, "The guide");
        let setup = built.pages.iter().find(|p| p.url == "/guide/setup/").unwrap();
        assert_eq!(setup.parent, Some(guide));
        let notes = built.pages.iter().find(|p| p.url == "/notes/").unwrap();
        assert_eq!((notes.is_section, notes.front().title.as_str()), (false, "Notes"));
    }

    #[test]
    fn a_readme_beside_the_folder_s_index_file_is_reported_and_is_no_section() {
        let mut diags = Diagnostics::new();
        let built = build(
            vec![page("_index.md", "title: Home"), plain("README.md", "# Read me\n"), plain("a/README.md", "x\n")],
            "Site",
            &mut diags,
        );
        let found: Vec<String> = diags.sorted().iter().map(|d| format!("{} {}", d.location(), d.code)).collect();
        assert_eq!(found, vec!["content/README.md:1:1 two-folder-pages"]);
        assert_eq!(built.pages[built.home].parsed.file.content_rel, "_index.md");
        let readme = built.pages.iter().find(|p| p.parsed.file.content_rel == "README.md").unwrap();
        assert!(!readme.is_section);
        assert!(built.pages.iter().any(|p| p.url == "/a/" && p.is_section));
    }

    #[test]
    fn implicit_home_and_tags() {
        let mut diags = Diagnostics::new();
        let built = build(vec![page("a.md", "title: A\ntags: [Data Science, ML]")], "Careers", &mut diags);
        assert_eq!(built.pages[built.home].parsed.front.title, "Careers");
        assert_eq!(built.tags.keys().collect::<Vec<_>>(), vec!["data-science", "ml"]);
    }

    #[test]
    fn every_spelling_of_an_alias_is_one_path() {
        let ok = |raw: &str| normalize_alias(raw).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
        assert_eq!(ok("/old-about/"), "/old-about/");
        assert_eq!(ok("old-about"), "/old-about/");
        assert_eq!(ok("  /old//about///  "), "/old/about/");
        assert_eq!(ok("/./"), "/");
        assert_eq!(ok(""), "/");
        assert_eq!(ok("/about/index.html"), "/about/");
        assert_eq!(ok("/index.html"), "/");
        assert_eq!(ok("/a/b/../c/./"), "/a/c/");
        assert_eq!(ok("/a/old.html"), "/a/old.html");
        assert_eq!(ok("/a/old.html/"), "/a/old.html/", "a trailing slash makes a folder");
        assert_eq!(ok("/a/old.html/.."), "/a/");
        assert_eq!(ok("/caf%C3%A9/"), "/café/");
        assert_eq!(ok("/%2e/x/%2E%2E/y"), "/y/");
        assert_eq!(ok("/a%2Fb/"), "/a/b/");
        // The case is kept: `/ABOUT/` is another URL, and the claims catch what folds.
        assert_eq!(ok("/ABOUT/"), "/ABOUT/");
    }

    #[test]
    fn malformed_aliases_are_refused_with_a_reason() {
        let problem = |raw: &str| normalize_alias(raw).expect_err(raw).problem;
        assert!(problem("/../x/").contains("above the site's root"));
        assert!(problem("/a/../../x/").contains("above the site's root"));
        assert!(problem("/%2e%2e/x").contains("above the site's root"));
        assert!(problem("/%2E%2E%2Fetc%2Fpasswd").contains("above the site's root"));
        assert!(problem("/a/?x=1").contains("`?`"));
        assert!(problem("/a/#top").contains("`#`"));
        assert!(problem("/a%3Fb/").contains("encoded `?`"));
        assert!(problem("/a%23b/").contains("encoded `#`"));
        assert!(problem("/a%zz/").contains("two hexadecimal digits"));
        assert!(problem("/a%4").contains("two hexadecimal digits"));
        assert!(problem("/a%ff/").contains("not UTF-8"));
        assert!(problem("https://elsewhere.example/x/").contains("full URL"));
        assert!(problem("//elsewhere.example/x/").contains("full URL"));
    }

    #[test]
    fn a_malformed_alias_is_an_error_at_its_position_and_left_out() {
        let mut diags = Diagnostics::new();
        let built = build(vec![page("a.md", "title: A\naliases: [/ok/, /../up/]")], "S", &mut diags);
        let found: Vec<String> = diags.sorted().iter().map(|d| format!("{} {}", d.location(), d.code)).collect();
        assert_eq!(found, vec!["content/a.md:3:17 bad-alias"]);
        let a = built.pages.iter().find(|p| p.url == "/a/").unwrap();
        assert_eq!(a.aliases, vec![Alias { url: "/ok/".into(), source: 0 }]);
    }
}
