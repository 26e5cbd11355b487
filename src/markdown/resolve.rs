//! The markdown in role, skill and tool fields: one text at a time, rendered inline where
//! it is one paragraph, links resolved, problems reported at the text's position in the
//! YAML file. `render::view` calls it for every field that holds markdown.

use std::borrow::Cow;

use super::{render_inline, LinkIndex, Origin};
use crate::diagnostics::Diagnostic;
use crate::model::Catalog;
use crate::yaml::Pos;

/// Where the data came from, for positions and relative links.
pub struct Source<'a> {
    pub file: &'a str,
    pub content_rel: &'a str,
    pub text: &'a str,
}

pub struct Resolver<'a> {
    pub index: &'a LinkIndex,
    pub catalog: &'a Catalog,
    /// The build's cache of highlighted code, for code blocks in the data.
    pub cache: &'a crate::highlight_cache::HighlightCache,
}

impl Resolver<'_> {
    /// Renders one markdown text; a single paragraph is unwrapped so it reads inline.
    pub fn markdown(&self, text: &str, pos: Pos, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> String {
        if is_plain(text) {
            return crate::escape::html(text.trim());
        }
        let origin = Origin {
            file: source.file,
            content_rel: source.content_rel,
            file_text: source.text,
            first_line: pos.line,
            first_col: pos.col.saturating_sub(1),
        };
        // A `>` scalar ends with a line break, so a folded list is looked for first.
        let folded = if text.trim().contains('\n') { None } else { folded_list(text) };
        let rendered = if let Some(list) = folded {
            render_inline(&list, origin, self.index, self.cache, diagnostics)
        } else if text.contains('\n') {
            render_inline(text, origin, self.index, self.cache, diagnostics)
        } else {
            render_inline(&escape_block_start(text), origin, self.index, self.cache, diagnostics)
        };
        unwrap_paragraph(rendered.html)
    }
}

/// Text that markdown would print unchanged (after escaping): no markup, no quotes or
/// dashes for smart punctuation, on one line. Most blueprint fields are like this, and
/// skipping the parser for them matters on large sites.
fn is_plain(text: &str) -> bool {
    !text.contains('\n')
        && !text.contains("--")
        && !text.contains("...")
        && !text.bytes().any(|b| {
            matches!(
                b,
                b'*' | b'_'
                    | b'`'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'\\'
                    | b'~'
                    | b'!'
                    | b'|'
                    | b'#'
                    | b'"'
                    | b'\''
                    | b'&'
                    | b'@'
            )
        })
        && !text.trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '=')
        && text.trim() == text
}

/// A one-line field that is a list YAML folded into one line: a plain or `>` scalar
/// written as `- a` / `- b` on lines of their own reaches rolebook as `- a - b`. Starting
/// with a list marker and a space, it was meant as a list: its items are put back on lines
/// of their own (a one-item list stays a list). `None` for anything else.
fn folded_list(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let marker = ["- ", "* ", "+ "].into_iter().find(|m| trimmed.starts_with(m))?;
    let separator = format!(" {}", marker);
    let items: Vec<&str> = trimmed[marker.len()..].split(separator.as_str()).map(str::trim).collect();
    if items.iter().any(|item| item.is_empty()) {
        return None;
    }
    Some(items.iter().map(|item| format!("{marker}{item}\n")).collect())
}

/// A one-line field is inline text: `>90% pass` is a comparison, not a block quote, and
/// `1. Draft` is a title, not a list. Escape whatever would start a block.
fn escape_block_start(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_start();
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')'));
    let block = trimmed.starts_with(['>', '#', '=', '|'])
        || trimmed.starts_with("- ")
        || trimmed.starts_with("* ")
        || trimmed.starts_with("+ ")
        || trimmed.starts_with("```")
        || trimmed.starts_with("~~~")
        || numbered;
    if !block {
        return Cow::Borrowed(text);
    }
    if numbered {
        Cow::Owned(format!("{}\\{}", &trimmed[..digits], &trimmed[digits..]))
    } else {
        Cow::Owned(format!("\\{trimmed}"))
    }
}

/// `<p>text</p>\n` → `text`; anything with more structure is left as it is.
fn unwrap_paragraph(html: String) -> String {
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_skips_the_parser_only_when_it_would_not_change() {
        assert!(is_plain("Research rigor and methodology"));
        for marked in ["a *b*", "x -- y", "“ok” \"no\"", "1. list", "a\nb", "[link](x)", "A & B", " padded"] {
            assert!(!is_plain(marked), "{marked}");
        }
    }

    #[test]
    fn a_list_folded_into_one_line_gets_its_lines_back() {
        assert_eq!(
            folded_list("- Ships on time - Mentors others").as_deref(),
            Some("- Ships on time\n- Mentors others\n")
        );
        assert_eq!(folded_list("* one").as_deref(), Some("* one\n"));
        assert_eq!(folded_list("Ships on time - mentors"), None);
        assert_eq!(folded_list("-5% churn"), None);
        assert_eq!(folded_list("- "), None);
    }

    #[test]
    fn one_line_fields_never_start_a_block() {
        assert_eq!(escape_block_start(">90% pass"), "\\>90% pass");
        assert_eq!(escape_block_start("1. Draft"), "1\\. Draft");
        assert_eq!(escape_block_start("# of hires"), "\\# of hires");
        assert_eq!(escape_block_start("plain *text*"), "plain *text*");
    }

    #[test]
    fn unwraps_single_paragraphs_only() {
        assert_eq!(unwrap_paragraph("<p>Hi <em>you</em></p>\n".into()), "Hi <em>you</em>");
        let two = "<p>a</p>\n<p>b</p>\n".to_string();
        assert_eq!(unwrap_paragraph(two.clone()), two);
        let list = "<p>a:</p>\n<ul>\n<li>b</li>\n</ul>\n".to_string();
        assert_eq!(unwrap_paragraph(list.clone()), list);
    }
}
