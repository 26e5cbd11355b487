//! Role, skill and tool data → template-ready JSON.
//!
//! The raw types serialise their markdown and references as tagged objects
//! (`{"$md": text, "$line": 3, "$col": 5}`, `{"$skill": "python", ...}`). This pass walks
//! that JSON once, renders each markdown text (links resolved, problems reported at the
//! text's position in the YAML file) and replaces each reference with the entity's name
//! and URL. Templates therefore never see an unresolved id.

use std::borrow::Cow;

use serde_json::{Map, Value};

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
}

impl Resolver<'_> {
    /// Resolves `value` in place; problems go to `diagnostics`.
    pub fn resolve(&self, value: &mut Value, source: &Source, diagnostics: &mut Vec<Diagnostic>) {
        match value {
            Value::Object(map) => {
                if let Some(replacement) = self.replacement(map, source, diagnostics) {
                    *value = replacement;
                    return;
                }
                for v in map.values_mut() {
                    self.resolve(v, source, diagnostics);
                }
            }
            Value::Array(items) => {
                for v in items {
                    self.resolve(v, source, diagnostics);
                }
            }
            _ => {}
        }
    }

    fn replacement(
        &self,
        map: &Map<String, Value>,
        source: &Source,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Value> {
        let pos = || {
            let n = |k: &str| map.get(k).and_then(Value::as_u64).unwrap_or(1) as u32;
            Pos::new(n("$line"), n("$col"))
        };
        if let Some(Value::String(text)) = map.get("$md") {
            return Some(Value::String(self.markdown(text, pos(), source, diagnostics)));
        }
        if let Some(Value::String(id)) = map.get("$skill") {
            let skill = self.catalog.skill_ids.get(id).map(|&i| &self.catalog.skills[i]);
            return Some(entity(
                id,
                skill.map(|s| (s.raw.name.as_str(), self.index.href(&s.url), s.raw.category.as_str())),
            ));
        }
        if let Some(Value::String(id)) = map.get("$tool") {
            let tool = self.catalog.tool_ids.get(id).map(|&i| &self.catalog.tools[i]);
            return Some(entity(
                id,
                tool.map(|t| (t.raw.name.as_str(), self.index.href(&t.url), t.raw.category.as_str())),
            ));
        }
        if let Some(Value::String(id)) = map.get("$role") {
            let role = self.catalog.role_ids.get(id).map(|&i| &self.catalog.roles[i]);
            let mut value =
                entity(id, role.map(|r| (r.raw.title.as_str(), self.index.href(&r.url), r.raw.family.as_str())));
            if let (Some(role), Value::Object(obj)) = (role, &mut value) {
                obj.insert("stub".into(), Value::Bool(role.is_stub()));
            }
            return Some(value);
        }
        None
    }

    /// Renders one markdown text; a single paragraph is unwrapped so it reads inline.
    pub fn markdown(&self, text: &str, pos: Pos, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> String {
        if is_plain(text) {
            return crate::highlight::escape(text.trim());
        }
        let origin = Origin {
            file: source.file,
            content_rel: source.content_rel,
            file_text: source.text,
            first_line: pos.line,
            first_col: pos.col.saturating_sub(1),
        };
        let rendered = if text.contains('\n') {
            render_inline(text, origin, self.index, diagnostics)
        } else {
            render_inline(&escape_block_start(text), origin, self.index, diagnostics)
        };
        unwrap_paragraph(rendered.html)
    }
}

fn entity(id: &str, found: Option<(&str, String, &str)>) -> Value {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(id.to_string()));
    if let Some((name, url, category)) = found {
        obj.insert("name".into(), Value::String(name.to_string()));
        obj.insert("url".into(), Value::String(url));
        obj.insert("category".into(), Value::String(category.to_string()));
    } else {
        obj.insert("name".into(), Value::String(id.to_string()));
    }
    Value::Object(obj)
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

    #[test]
    fn renders_markdown_and_resolves_references() {
        let mut index = LinkIndex::new("/c/");
        index.insert("about.md", "/about/");
        let catalog = Catalog::default();
        let resolver = Resolver { index: &index, catalog: &catalog };
        let mut value = serde_json::json!({
            "a": {"$md": "See [about](@/about.md) *now*", "$line": 2, "$col": 4},
            "b": [{"$md": "[x](@/nope.md)", "$line": 3, "$col": 7}],
            "s": {"$skill": "ghost"}
        });
        let text = "x\n   a: See\n      - [x](@/nope.md)\n";
        let mut diags = Vec::new();
        resolver.resolve(
            &mut value,
            &Source { file: "content/roles/r.yaml", content_rel: "roles/r.yaml", text },
            &mut diags,
        );
        assert_eq!(value["a"], "See <a href=\"/c/about/\">about</a> <em>now</em>");
        assert_eq!(value["s"]["name"], "ghost");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].pos, Some(Pos::new(3, 7)));
    }
}
