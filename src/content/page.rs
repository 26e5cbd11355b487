//! A markdown file → its typed front matter and its body.

use serde::Deserialize;

use super::frontmatter::{self, SplitError};
use super::loader::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Pos, Spanned};

/// The front matter keys a page may set. Only `title` is required.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FrontMatter {
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
}

impl ParsedPage {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_start..]
    }
}

/// Reads the front matter of `file`; problems go to `diagnostics`.
pub fn parse(file: SourceFile, diagnostics: &mut Diagnostics) -> Option<ParsedPage> {
    let split = match frontmatter::split(&file.text) {
        Ok(split) => split,
        Err(SplitError::Missing) => {
            diagnostics.push(
                Diagnostic::error(&file.rel, "no-front-matter", "the page has no front matter")
                    .at(&file.text, Pos::new(1, 1))
                    .with_hint("start the file with a `---` line, `title: ...`, and another `---` line"),
            );
            return None;
        }
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
    let (yaml_line, body_line) = (split.yaml_line, split.body_line);
    let body_start = file.text.len() - split.body.len();
    let node = match yaml::parse(split.yaml, yaml_line) {
        Ok(node) => node,
        Err(e) => {
            let mut d = Diagnostic::error(&file.rel, "yaml-syntax", e.message).at(&file.text, e.pos);
            d.hint = e.hint;
            diagnostics.push(d);
            return None;
        }
    };
    let node = match node.kind {
        // An empty front matter is a mapping without keys: report the missing title there.
        yaml::NodeKind::Null => yaml::Node { kind: yaml::NodeKind::Map(Vec::new()), pos: Pos::new(1, 1) },
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
    if front.title.trim().is_empty() {
        ok = false;
        diagnostics.push(Diagnostic::error(&file.rel, "empty-title", "the title is empty").at(&file.text, node.pos));
    }
    ok.then_some(ParsedPage { file, front, body_start, body_line })
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
    fn a_list_instead_of_a_mapping_is_reported() {
        let mut diags = Diagnostics::new();
        assert!(parse(file("---\n- a\n- b\n---\n"), &mut diags).is_none());
        assert!(diags.render().contains("content/a.md:2:1: error[wrong-type]: expected a mapping, found a list"));
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
