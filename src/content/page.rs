//! A markdown file → its typed front matter and its body.

use serde::Deserialize;

use super::frontmatter::{self, SplitError};
use super::loader::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Pos, Spanned};

/// The front matter keys a page may set. None is required: a page without a `title` takes
/// it from its first heading or its file name (see [`TitleFrom`]).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `YYYY-MM-DD`, optionally followed by a time.
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    /// Orders pages within their section (lower first, then by title).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Drafts are left out unless `--drafts` is given.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A template other than the default (`page.html` or `section.html`).
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    /// Replaces the last segment of the page's URL.
    #[serde(default)]
    pub slug: Option<Spanned<String>>,
    /// Old URLs that should redirect to this page.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Free-form values passed to templates as `page.extra`.
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}

/// A page file, read and checked, not yet placed in the site.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub file: SourceFile,
    pub front: FrontMatter,
    /// Byte offset of the body in `file.text`.
    pub body_start: usize,
    /// File line the body starts on.
    pub body_line: u32,
    /// Where `front.title` came from.
    pub title_from: TitleFrom,
}

/// Where a page's title came from. A page needs no front matter: plain documentation is
/// markdown files as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleFrom {
    /// The `title` key of the front matter.
    FrontMatter,
    /// The heading the body opens with (ATX `# Title` or setext `Title` over `=====`, of
    /// any level, with nothing but blank lines before it). The heading is then left out of
    /// the body, since the theme prints the title above the body.
    Heading,
    /// The file name, `getting-started.md` → "Getting started"; for a folder's page
    /// (`_index.md`, `index.md`, `README.md`) the folder's name. Empty for the site's own
    /// folder page, whose title is then the site's (see `model::pages::build`).
    FileName,
}

impl ParsedPage {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_start..]
    }
}

/// Reads the front matter of `file`, if it has one, and finds the page's title; problems
/// go to `diagnostics`. A file without front matter, or with an empty one (`---` twice),
/// is a page all the same.
pub fn parse(file: SourceFile, diagnostics: &mut Diagnostics) -> Option<ParsedPage> {
    let (front, body_start, body_line) = match frontmatter::split(&file.text) {
        Ok(split) => {
            let body_start = file.text.len() - split.body.len();
            let front = front_matter(&file, &split, diagnostics)?;
            (front, body_start, split.body_line)
        }
        Err(SplitError::Missing) => (FrontMatter::default(), 0, 1),
        Err(SplitError::Unclosed) => {
            diagnostics.push(
                Diagnostic::error(
                    &file.rel,
                    "unclosed-front-matter",
                    "the front matter opened on line 1 is never closed",
                )
                .at(&file.text, Pos::new(1, 1))
                .with_hint("add a line with only `---` after the last front matter key"),
            );
            return None;
        }
    };
    let mut page = ParsedPage { file, front, body_start, body_line, title_from: TitleFrom::FrontMatter };
    if page.front.title.is_empty() {
        if let Some(heading) = opening_heading(page.body()) {
            page.front.title = heading.title;
            page.body_line += page.body()[..heading.len].matches('\n').count() as u32;
            page.body_start += heading.len;
            page.title_from = TitleFrom::Heading;
        } else {
            page.front.title = title_from_file_name(&page.file.content_rel);
            page.title_from = TitleFrom::FileName;
        }
    }
    Some(page)
}

/// The typed front matter of a file that has a front matter block.
fn front_matter(file: &SourceFile, split: &frontmatter::Split, diagnostics: &mut Diagnostics) -> Option<FrontMatter> {
    let node = match yaml::parse(split.yaml, split.yaml_line) {
        Ok(node) => node,
        Err(e) => {
            let mut d = Diagnostic::error(&file.rel, "yaml-syntax", e.message).at(&file.text, e.pos);
            d.hint = e.hint;
            diagnostics.push(d);
            return None;
        }
    };
    let node = match node.kind {
        // An empty front matter is a mapping without keys, as if there were none.
        yaml::NodeKind::Null => yaml::Node { kind: yaml::NodeKind::Map(Vec::new()), pos: Pos::new(1, 1) },
        yaml::NodeKind::Map(entries) => yaml::Node { kind: yaml::NodeKind::Map(ours(entries)), pos: node.pos },
        _ => node,
    };
    let mut problems = Vec::new();
    let front = yaml::from_node::<FrontMatter>(&node, &mut problems);
    let failed = !problems.is_empty();
    for p in problems {
        diagnostics.push(super::yaml_diagnostic(&file.rel, &file.text, p));
    }
    let front = front?;
    let mut ok = !failed;
    if let Some(date) = &front.date {
        if !is_date(date) {
            ok = false;
            diagnostics.push(
                Diagnostic::error(&file.rel, "bad-date", format!("`{}` is not a date", date.value))
                    .at(&file.text, date.pos)
                    .with_hint("write dates as YYYY-MM-DD, e.g. 2026-03-01"),
            );
        }
    }
    // A `title` key that is there but says nothing is a mistake; a missing one is not.
    if let Some(title) = node.get("title").filter(|_| front.title.trim().is_empty()) {
        ok = false;
        diagnostics.push(
            Diagnostic::error(&file.rel, "empty-title", "the title is empty").at(&file.text, title.pos).with_hint(
                "write a title, or remove the `title` line to take it from the first heading or the file name",
            ),
        );
    }
    ok.then_some(front)
}

/// The keys [`FrontMatter`] reads, as serde names them.
const FIELDS: &[&str] =
    &["title", "description", "date", "weight", "draft", "tags", "template", "slug", "aliases", "extra"];

/// The front matter keys rolebook reads: its own, and the ones close enough to one of its
/// own to be a typo of it (`titel`, `tag`), which stay an unknown-field error. Any other key
/// belongs to another tool (Jekyll's `layout` and `nav_order`, Docusaurus' `sidebar_position`,
/// Hugo's `linkTitle`...) and is left out, so a docs folder written for one builds as it is.
fn ours(entries: Vec<(yaml::Key, yaml::Node)>) -> Vec<(yaml::Key, yaml::Node)> {
    entries
        .into_iter()
        .filter(|(key, _)| {
            FIELDS.contains(&key.name.as_str())
                || crate::suggest::did_you_mean(&key.name, FIELDS.iter().copied()).is_some()
        })
        .collect()
}

/// The heading a page body opens with: its text and how many bytes of the body it takes,
/// through the end of its last line.
struct OpeningHeading {
    title: String,
    len: usize,
}

/// The heading the body opens with, when nothing but blank lines and HTML comments (which
/// show nothing, and go with the heading) comes before it. Only the first block is parsed:
/// a heading is one block without blank lines in it, so the text up to the first blank
/// line after the first written line is enough.
fn opening_heading(body: &str) -> Option<OpeningHeading> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    let first = start_of_first_written_line(body, 0);
    let first = skip_comments(body, first);
    let rest = &body[first..];
    let block_end = rest.find("\n\n").or_else(|| rest.find("\n\r\n")).map_or(rest.len(), |i| i + 1);
    let block = &rest[..block_end];
    let mut events = Parser::new_ext(block, crate::markdown::options()).into_offset_iter();
    let (Event::Start(Tag::Heading { .. }), range) = events.next()? else { return None };
    let mut title = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(&text),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return None;
    }
    let end = first + range.end;
    let end = match body[..end].ends_with('\n') {
        true => end,
        false => body[end..].find('\n').map_or(body.len(), |i| end + i + 1),
    };
    Some(OpeningHeading { title, len: end })
}

/// The start of the first line at or after `from` that is not blank.
fn start_of_first_written_line(body: &str, from: usize) -> usize {
    let rest = &body[from..];
    let first = from + rest.len() - rest.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    // Back to the start of that line: indentation belongs to it.
    body[..first].rfind('\n').map_or(from, |i| (i + 1).max(from))
}

/// Past the HTML comments that open the text at `at`, each alone on its lines (such as
/// `<!-- markdownlint-disable -->`), and the blank lines after them.
fn skip_comments(body: &str, mut at: usize) -> usize {
    loop {
        let line_start = &body[at..];
        let Some(comment) = line_start.trim_start_matches([' ', '\t']).strip_prefix("<!--") else { return at };
        let Some(close) = comment.find("-->") else { return at };
        let after = &comment[close + 3..];
        let line_end = after.find('\n').map_or(after.len(), |i| i + 1);
        if !after[..line_end].trim().is_empty() {
            return at;
        }
        let end = body.len() - after.len() + line_end;
        at = start_of_first_written_line(body, end);
    }
}

/// Whether `name` is the page of its folder: `_index.md`, `index.md` or `README.md`
/// (any case, as on hosts that show a folder's readme).
pub fn is_folder_page_name(name: &str) -> bool {
    name == "_index.md" || name == "index.md" || is_readme(name)
}

/// Whether the file at `path` is a `README.md` (any case).
pub fn is_readme(path: &str) -> bool {
    path.rsplit('/').next().unwrap_or(path).eq_ignore_ascii_case("readme.md")
}

/// A title made from the file name: `getting-started.md` → "Getting started",
/// `docs/setup/README.md` → "Setup". Empty for the site's own folder page.
pub fn title_from_file_name(content_rel: &str) -> String {
    let mut parts = content_rel.rsplit('/');
    let name = parts.next().unwrap_or(content_rel);
    let stem = if is_folder_page_name(name) { parts.next().unwrap_or("") } else { name.trim_end_matches(".md") };
    let words = stem.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `YYYY-MM-DD` with a real month and day, optionally followed by `T` or a space and a time.
pub fn is_date(text: &str) -> bool {
    let date = text.get(..10).unwrap_or("");
    let rest = &text[date.len().min(text.len())..];
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if date.len() != 10 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    let month: u32 = date[5..7].parse().unwrap_or(0);
    let day: u32 = date[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day) && (rest.is_empty() || rest.starts_with(['T', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile { rel: "content/a.md".into(), content_rel: "a.md".into(), text: text.into() }
    }

    #[test]
    fn parses_front_matter_and_body() {
        let mut diags = Diagnostics::new();
        let page = parse(file("---\ntitle: A\nweight: 3\ntags: [x, y]\n---\nBody\n"), &mut diags).unwrap();
        assert_eq!(page.front.title, "A");
        assert_eq!(page.front.weight, Some(3));
        assert_eq!(page.body(), "Body\n");
        assert_eq!(page.body_line, 6);
    }

    #[test]
    fn reports_problems_at_file_positions() {
        let mut diags = Diagnostics::new();
        assert!(parse(file("---\ntitle: A\ndate: 2026-13-01\ndarft: true\n---\n"), &mut diags).is_none());
        let found: Vec<String> = diags.sorted().iter().map(|d| format!("{} {}", d.location(), d.code)).collect();
        assert_eq!(found, vec!["content/a.md:3:7 bad-date", "content/a.md:4:1 unknown-field"]);
    }

    #[test]
    fn keys_of_other_tools_are_left_out_and_typos_of_ours_stay_errors() {
        let mut diags = Diagnostics::new();
        let text = "---\ntitle: A\nlayout: default\nnav_order: 2\nsidebar_position: 3\npermalink: /a/\nparent: B\n\
                    has_children: true\nid: a\nkeywords: [x]\nlinkTitle: A\nmenu: {main: {weight: 1}}\ntoc: false\n---\n";
        let page = parse(file(text), &mut diags).unwrap();
        assert!(diags.is_empty(), "{}", diags.render());
        assert_eq!(page.front.title, "A");
        assert_eq!(page.front.weight, None, "a `weight` inside another tool's `menu` is not ours");

        let mut diags = Diagnostics::new();
        assert!(parse(file("---\ntitel: A\ntag: [x]\nlayout: default\n---\n"), &mut diags).is_none());
        let found: Vec<String> = diags.sorted().iter().map(|d| format!("{} {}", d.location(), d.code)).collect();
        assert_eq!(found, vec!["content/a.md:2:1 unknown-field", "content/a.md:3:1 unknown-field"]);
        assert!(diags.render().contains("did you mean `title`?"), "{}", diags.render());
    }

    #[test]
    fn the_list_of_our_keys_is_the_front_matters_own() {
        // Serde's own list of the struct's fields, read through a deserializer that only
        // records it: a field added to `FrontMatter` and not to `FIELDS` fails here.
        use serde::de::{self, Visitor};
        struct Names(std::cell::Cell<&'static [&'static str]>);
        impl<'de> de::Deserializer<'de> for &Names {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("not a struct"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                self.0.set(fields);
                Err(de::Error::custom("read"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
                unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
            }
        }
        let names = Names(std::cell::Cell::new(&[]));
        assert!(FrontMatter::deserialize(&names).is_err());
        assert_eq!(names.0.get(), FIELDS);
    }

    #[test]
    fn a_list_instead_of_a_mapping_is_reported() {
        let mut diags = Diagnostics::new();
        assert!(parse(file("---\n- a\n- b\n---\n"), &mut diags).is_none());
        assert!(diags.render().contains("content/a.md:2:1: error[wrong-type]: expected a mapping, found a list"));
    }

    #[test]
    fn a_page_without_front_matter_takes_its_title_from_an_atx_heading_and_drops_it() {
        let mut diags = Diagnostics::new();
        let page = parse(file("\n# Getting *started*  \nFirst line.\n"), &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!((page.front.title.as_str(), page.title_from), ("Getting started", TitleFrom::Heading));
        assert_eq!(page.body(), "First line.\n");
        assert_eq!(page.body_line, 3, "positions in the body still point into the file");
    }

    #[test]
    fn a_setext_heading_is_a_title_too() {
        let mut diags = Diagnostics::new();
        let page = parse(file("Install guide\r\n=============\r\n\r\nRun it.\r\n"), &mut diags).unwrap();
        assert_eq!(page.front.title, "Install guide");
        assert_eq!(page.body(), "\r\nRun it.\r\n");
        assert_eq!(page.body_line, 3);
    }

    #[test]
    fn only_a_heading_that_opens_the_page_is_its_title() {
        let mut diags = Diagnostics::new();
        let text = "Intro first.\n\n# Later\n";
        let page = parse(
            SourceFile {
                rel: "content/getting-started.md".into(),
                content_rel: "getting-started.md".into(),
                text: text.into(),
            },
            &mut diags,
        )
        .unwrap();
        assert_eq!((page.front.title.as_str(), page.title_from), ("Getting started", TitleFrom::FileName));
        assert_eq!(page.body(), text);
        // Indented four spaces, `# x` is code, not a heading.
        let page = parse(file("    # not a heading\n"), &mut diags).unwrap();
        assert_eq!(page.front.title, "A");
        assert!(diags.is_empty());
    }

    #[test]
    fn an_empty_front_matter_is_like_none_and_a_front_matter_title_keeps_the_heading() {
        let mut diags = Diagnostics::new();
        let page = parse(file("---\n---\n# From heading\nBody\n"), &mut diags).unwrap();
        assert_eq!((page.front.title.as_str(), page.body(), page.body_line), ("From heading", "Body\n", 4));
        let page = parse(file("---\nweight: 2\ndraft: true\n---\n# H\n"), &mut diags).unwrap();
        assert_eq!((page.front.title.as_str(), page.front.weight, page.front.draft), ("H", Some(2), true));
        let page = parse(file("---\ntitle: Set\n---\n# H\n"), &mut diags).unwrap();
        assert_eq!((page.front.title.as_str(), page.body(), page.title_from), ("Set", "# H\n", TitleFrom::FrontMatter));
        assert!(diags.is_empty(), "{}", diags.render());
        assert!(parse(file("---\ntitle: ''\n---\n# H\n"), &mut diags).is_none(), "a title key left empty is a mistake");
        assert!(diags.render().contains("content/a.md:2:8: error[empty-title]"), "{}", diags.render());
    }

    #[test]
    fn html_comments_before_the_opening_heading_go_with_it() {
        let mut diags = Diagnostics::new();
        let page =
            parse(file("<!-- lint: off -->\n\n<!--\nnotes\n-->\n# Title\nText <!-- kept -->\n"), &mut diags).unwrap();
        assert_eq!((page.front.title.as_str(), page.body(), page.body_line), ("Title", "Text <!-- kept -->\n", 7));
        // A comment followed by text on its line is content: the file name gives the title.
        let page = parse(file("<!-- x --> Hello\n# Title\n"), &mut diags).unwrap();
        assert_eq!(page.front.title, "A");
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_file_name("getting-started.md"), "Getting started");
        assert_eq!(title_from_file_name("docs/user_guide.md"), "User guide");
        assert_eq!(title_from_file_name("docs/setup/README.md"), "Setup");
        assert_eq!(title_from_file_name("docs/faq/_index.md"), "Faq");
        assert_eq!(title_from_file_name("README.md"), "");
        assert_eq!(title_from_file_name("FAQ.md"), "FAQ");
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-03-01"));
        assert!(is_date("2026-03-01T10:00:00Z"));
        assert!(!is_date("2026-3-1"));
        assert!(!is_date("2026-00-10"));
        assert!(!is_date("yesterday"));
    }
}
