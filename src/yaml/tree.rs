//! YAML text → a tree of nodes that remember where they came from.
//!
//! serde_yaml cannot tell where a value sits in the file once it has been read, and every
//! content diagnostic must name `path:line:col`, so this module builds its own small tree
//! from yaml-rust2's event parser. Aliases are refused (they are the way YAML bombs are
//! built, and a blueprint has no need for them) and nesting is bounded.

use std::fmt::Write as _;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// A parsed YAML value with the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// An empty value, `~` or `null`.
    Null,
    /// A scalar; `plain` is false when it was quoted or a block scalar, so `"5"` stays text.
    Scalar {
        value: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key (always a scalar in rolebook files).
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

/// A problem that stops the YAML text from being read at all.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

const MAX_DEPTH: usize = 64;

impl NodeKind {
    /// How this kind is named in messages ("expected a list, found text").
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::Null => "nothing",
            NodeKind::Scalar { .. } => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// Every key whose value is empty (an empty list or map, blank text, or nothing; a
    /// `note:` may be left empty), as a dotted path such as `skills.must_have[2].tools`
    /// with the key's position. Keys under an empty one are not visited.
    pub fn empty_keys(&self) -> Vec<(String, Pos)> {
        let mut found = Vec::new();
        find_empty(self, &mut String::new(), &mut found);
        found
    }

    /// The node at a dotted path such as `skills.must_have[2].importance`, if present.
    pub fn lookup(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (key, indices) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                node = node.get(key)?;
            }
            for index in indices.split('[').filter(|s| !s.is_empty()) {
                let i: usize = index.trim_end_matches(']').parse().ok()?;
                node = match &node.kind {
                    NodeKind::Seq(items) => items.get(i)?,
                    // `{note, items}` lists: an index addresses the items.
                    NodeKind::Map(_) => match &node.get("items")?.kind {
                        NodeKind::Seq(items) => items.get(i)?,
                        _ => return None,
                    },
                    _ => return None,
                };
            }
        }
        Some(node)
    }

    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses one YAML document. `first_line` is the file line the text starts on, so that
/// front matter positions point into the whole file.
pub fn parse(text: &str, first_line: u32) -> Result<Node, SyntaxError> {
    // Lines as `str::lines` counts them: one per line break, plus an unterminated last line.
    let breaks = text.bytes().filter(|&b| b == b'\n').count();
    let lines = breaks + usize::from(!text.is_empty() && !text.ends_with('\n'));
    let last_line = first_line + lines.max(1) as u32 - 1;
    let mut builder = Builder { parser: Parser::new_from_str(text), text, first_line, last_line };
    builder.document()
}

struct Builder<'a> {
    parser: Parser<std::str::Chars<'a>>,
    text: &'a str,
    first_line: u32,
    /// The file line of the text's last line, so positions never point past it.
    last_line: u32,
}

impl Builder<'_> {
    fn pos(&self, mark: &Marker) -> Pos {
        // yaml-rust2 lines are 1-based, columns 0-based and counted in characters.
        Pos::new(self.first_line + mark.line() as u32 - 1, mark.col() as u32 + 1)
    }

    fn next(&mut self) -> Result<(Event, Pos), SyntaxError> {
        match self.parser.next_token() {
            Ok((event, mark)) => {
                let pos = self.pos(&mark);
                Ok((event, pos))
            }
            Err(e) => {
                let info = e.info();
                if info.contains("flow sequence") || info.contains("flow mapping") {
                    // The parser notices a `[` or `{` left open only where the text ends;
                    // the reader needs the bracket.
                    if let Some((line, col, bracket)) = unclosed_bracket(self.text) {
                        let (list, close) = if bracket == '[' { ("list", ']') } else { ("mapping", '}') };
                        return Err(SyntaxError {
                            pos: Pos::new(self.first_line + line - 1, col),
                            message: format!("this `{bracket}` opens a {list} that is never closed"),
                            hint: Some(format!(
                                "close it with `{close}` on the same line, or put the whole value in double quotes if the `{bracket}` is part of the text"
                            )),
                        });
                    }
                }
                let mut pos = self.pos(e.marker());
                // An error at the very end is shown on the last line there is.
                if pos.line > self.last_line {
                    pos = Pos::new(self.last_line, 1);
                }
                if info.contains("mapping values are not allowed") {
                    if let Some(key) = self.indented_under_a_value(pos.line) {
                        return Err(SyntaxError {
                            pos,
                            message: format!("this line is indented under `{key}:`, which already has a value"),
                            hint: Some(format!(
                                "indent it like `{key}:` if it is a key of its own, or quote the value of `{key}:` if this line continues it"
                            )),
                        });
                    }
                }
                Err(SyntaxError { pos, message: describe_scan_error(info), hint: scan_hint(info) })
            }
        }
    }

    /// The key of the line above `line` (a file line), when `line` is indented deeper and
    /// that key already has a value on its own line: `family: F` then `  level: 2`.
    fn indented_under_a_value(&self, line: u32) -> Option<String> {
        let at = line.checked_sub(self.first_line)? as usize;
        let lines: Vec<&str> = self.text.lines().collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let this = lines.get(at)?;
        let above = lines[..at].iter().rev().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
        let (key, value) = above.trim_start().trim_start_matches("- ").split_once(": ")?;
        let has_value = !value.trim().is_empty() && !value.trim().starts_with(['|', '>', '#']);
        (indent(this) > indent(above) && has_value).then(|| key.trim().to_string())
    }

    fn document(&mut self) -> Result<Node, SyntaxError> {
        let mut root = None;
        loop {
            let (event, pos) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => break,
                other => {
                    if root.is_some() {
                        return Err(SyntaxError {
                            pos,
                            message: "more than one YAML document in one file".into(),
                            hint: Some("remove the extra `---` line, or split the file".into()),
                        });
                    }
                    root = Some(self.node(other, pos, 0)?);
                }
            }
        }
        let end_line = self.first_line;
        Ok(root.unwrap_or(Node { kind: NodeKind::Null, pos: Pos::new(end_line, 1) }))
    }

    fn node(&mut self, event: Event, pos: Pos, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError {
                pos,
                message: format!("values are nested more than {MAX_DEPTH} levels deep"),
                hint: Some("flatten the structure; no rolebook field nests this deep".into()),
            });
        }
        let kind = match event {
            Event::Scalar(value, style, anchor, _) => {
                self.refuse_anchor(anchor, pos)?;
                let plain = matches!(style, TScalarStyle::Plain);
                if plain && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                    NodeKind::Null
                } else {
                    NodeKind::Scalar { value, plain }
                }
            }
            Event::SequenceStart(anchor, _) => {
                self.refuse_anchor(anchor, pos)?;
                let mut items = Vec::new();
                loop {
                    let (event, pos) = self.next()?;
                    if event == Event::SequenceEnd {
                        break;
                    }
                    items.push(self.node(event, pos, depth + 1)?);
                }
                NodeKind::Seq(items)
            }
            Event::MappingStart(anchor, _) => {
                self.refuse_anchor(anchor, pos)?;
                let mut entries: Vec<(Key, Node)> = Vec::new();
                loop {
                    let (event, key_pos) = self.next()?;
                    let name = match event {
                        Event::MappingEnd => break,
                        Event::Scalar(name, ..) => name,
                        Event::Alias(_) => return Err(alias_error(key_pos)),
                        _ => {
                            return Err(SyntaxError {
                                pos: key_pos,
                                message: "a mapping key must be plain text".into(),
                                hint: Some("lists and mappings cannot be used as keys".into()),
                            })
                        }
                    };
                    if let Some((first, _)) = entries.iter().find(|(k, _)| k.name == name) {
                        return Err(SyntaxError {
                            pos: key_pos,
                            message: format!("duplicate key `{name}`"),
                            hint: Some(format!("`{name}` is already set on line {}", first.pos.line)),
                        });
                    }
                    let (event, value_pos) = self.next()?;
                    let value = self.node(event, value_pos, depth + 1)?;
                    entries.push((Key { name, pos: key_pos }, value));
                }
                // The parser marks a block mapping after its first key; the key is where a
                // reader looks.
                if let Some((first, _)) = entries.first() {
                    return Ok(Node { pos: first.pos, kind: NodeKind::Map(entries) });
                }
                NodeKind::Map(entries)
            }
            Event::Alias(_) => return Err(alias_error(pos)),
            other => return Err(SyntaxError { pos, message: format!("unexpected YAML event {other:?}"), hint: None }),
        };
        let pos = self.fix_block_pos(pos, &kind);
        Ok(Node { kind, pos })
    }

    /// The parser marks a value that ends the text one line past it; keep it inside.
    fn fix_block_pos(&self, pos: Pos, _kind: &NodeKind) -> Pos {
        if pos.line > self.last_line {
            Pos::new(self.last_line, 1)
        } else {
            pos
        }
    }

    fn refuse_anchor(&self, anchor: usize, pos: Pos) -> Result<(), SyntaxError> {
        if anchor == 0 {
            Ok(())
        } else {
            Err(SyntaxError {
                pos,
                message: "YAML anchors (`&name`) are not supported".into(),
                hint: Some("write the value out in full where it is used".into()),
            })
        }
    }
}

fn alias_error(pos: Pos) -> SyntaxError {
    SyntaxError {
        pos,
        message: "YAML aliases (`*name`) are not supported".into(),
        hint: Some("write the value out in full where it is used".into()),
    }
}

/// The innermost `[` or `{` of `text` that no `]` or `}` closes, as (line, column, the
/// bracket): brackets inside quotes and after a comment's `#` do not count.
fn unclosed_bracket(text: &str) -> Option<(u32, u32, char)> {
    let mut open: Vec<(u32, u32, char)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q && prev != '\\' => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                (None, '#') if prev == ' ' || col == 0 => break,
                (None, '[' | '{') => open.push((n as u32 + 1, col as u32 + 1, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    open.pop()
}

fn describe_scan_error(info: &str) -> String {
    // yaml-rust2 phrases errors for parser authors; say the same for writers.
    match info {
        i if i.contains("mapping values are not allowed") => "a `: ` inside a value that is not quoted".into(),
        i if i.contains("did not find expected key") => {
            "the indentation here does not line up with the keys above".into()
        }
        i if i.contains("did not find expected '-'") => "a list item here does not line up with the items above".into(),
        i if i.contains("unknown escape character") => {
            "a `\\` in double quotes starts an escape YAML does not know".into()
        }
        i if i.contains("quoted scalar") => "this quoted text is not closed on its line".into(),
        i if i.contains("unknown anchor") => "a value starting with `*` refers to a YAML anchor".into(),
        i if i.contains("found a tab") || i.contains("tab") => "a tab character where YAML expects spaces".into(),
        other => format!("invalid YAML: {other}"),
    }
}

fn scan_hint(info: &str) -> Option<String> {
    let hint = if info.contains("mapping values are not allowed") {
        "put the whole value in double quotes"
    } else if info.contains("did not find expected key") || info.contains("expected '-'") {
        "check the indentation: use spaces, and indent nested keys the same amount"
    } else if info.contains("unknown escape character") {
        "write `\\\\` for a backslash, or use single quotes, where a backslash is plain text"
    } else if info.contains("quoted scalar") {
        "end the text with the quote it starts with; a quote inside it is `\\\"` in double quotes or `''` in single quotes"
    } else if info.contains("unknown anchor") {
        "rolebook files do not use anchors and aliases: write the value out, or quote it if the `*` is part of the text"
    } else if info.contains("tab") {
        "YAML indentation must use spaces, not tabs"
    } else {
        return None;
    };
    Some(hint.into())
}

/// Walks the tree with one path buffer, extended and cut back in place: a role file has
/// hundreds of keys and few empty ones, so a path is only copied when it is reported.
fn find_empty(node: &Node, path: &mut String, out: &mut Vec<(String, Pos)>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for (key, value) in entries {
                let mark = path.len();
                if mark > 0 {
                    path.push('.');
                }
                path.push_str(&key.name);
                let is_empty = match &value.kind {
                    NodeKind::Seq(items) => items.is_empty(),
                    NodeKind::Map(inner) => inner.is_empty(),
                    NodeKind::Null => key.name != "note",
                    NodeKind::Scalar { value, .. } => value.trim().is_empty(),
                };
                if is_empty {
                    out.push((path.clone(), key.pos));
                } else {
                    find_empty(value, path, out);
                }
                path.truncate(mark);
            }
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let mark = path.len();
                write!(path, "[{i}]").expect("writing to a String cannot fail");
                find_empty(item, path, out);
                path.truncate(mark);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_slips_get_a_message_in_plain_words_and_a_hint() {
        let cases = [
            ("t: \"A \\q\"\n", "escape YAML does not know", "single quotes"),
            ("t: \"open\nf: x\n", "quoted text is not closed", "end the text with the quote"),
            ("t: 'open\nf: x\n", "quoted text is not closed", "`''` in single quotes"),
            ("t: *x\n", "refers to a YAML anchor", "do not use anchors"),
            ("t: a\nf: F\n  level: 2\n", "indented under `f:`, which already has a value", "indent it like `f:`"),
            ("t: Broken: colon\n", "inside a value that is not quoted", "double quotes"),
        ];
        for (text, message, hint) in cases {
            let e = super::parse(text, 1).unwrap_err();
            assert!(e.message.contains(message), "{text:?}: {}", e.message);
            assert!(e.hint.as_deref().is_some_and(|h| h.contains(hint)), "{text:?}: {:?}", e.hint);
        }
    }

    #[test]
    fn a_list_left_open_is_reported_at_its_bracket_with_how_to_close_it() {
        let e = super::parse("- id: rust\n  name: Rust\n  category: [Engineering\n", 1).unwrap_err();
        assert_eq!(e.pos, super::Pos::new(3, 13));
        assert_eq!(e.message, "this `[` opens a list that is never closed");
        assert!(e.hint.unwrap().contains("close it with `]`"));
        // Brackets in quotes and comments, and closed ones, are not the culprit.
        let e = super::parse("a: \"[x\" # [y\nb: [1, 2]\nc: {k: [v\n", 5).unwrap_err();
        assert_eq!((e.pos, e.message.as_str()), (super::Pos::new(7, 8), "this `[` opens a list that is never closed"));
        let e = super::parse("c: {k: v\n", 1).unwrap_err();
        assert_eq!(e.message, "this `{` opens a mapping that is never closed");
    }

    use super::*;

    fn scalar(value: &str) -> NodeKind {
        NodeKind::Scalar { value: value.into(), plain: true }
    }

    #[test]
    fn positions_are_one_based_and_offset_by_first_line() {
        let node = parse("title: Hello\nlist:\n  - a\n  - b\n", 10).unwrap();
        let title = node.get("title").unwrap();
        assert_eq!(title.kind, scalar("Hello"));
        assert_eq!(title.pos, Pos::new(10, 8));
        let b = node.lookup("list[1]").unwrap();
        assert_eq!(b.pos, Pos::new(13, 5));
    }

    #[test]
    fn quoted_scalars_are_not_plain() {
        let node = parse("a: \"5\"\nb: 5\nc: ~\nd:\n", 1).unwrap();
        assert_eq!(node.get("a").unwrap().kind, NodeKind::Scalar { value: "5".into(), plain: false });
        assert_eq!(node.get("b").unwrap().kind, scalar("5"));
        assert_eq!(node.get("c").unwrap().kind, NodeKind::Null);
        assert_eq!(node.get("d").unwrap().kind, NodeKind::Null);
    }

    #[test]
    fn refuses_aliases_and_anchors() {
        let err = parse("a: &x [1, 2]\nb: *x\n", 1).unwrap_err();
        assert!(err.message.contains("anchors"), "{err:?}");
        assert_eq!(err.pos.line, 1);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\nb: 2\na: 3\n", 1).unwrap_err();
        assert_eq!(err.message, "duplicate key `a`");
        assert_eq!(err.pos, Pos::new(3, 1));
    }

    #[test]
    fn bounds_nesting() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        let err = parse(&deep, 1).unwrap_err();
        assert!(err.message.contains("nested"), "{err:?}");
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let err = parse("title: a: b\n", 4).unwrap_err();
        assert_eq!(err.pos.line, 4);
        assert!(err.hint.is_some());
    }

    #[test]
    fn empty_text_is_null() {
        assert_eq!(parse("", 1).unwrap().kind, NodeKind::Null);
    }

    #[test]
    fn empty_keys_name_each_empty_value_by_its_path_and_skip_notes() {
        let text = "a:\n  b: []\n  c: {}\n  note:\nd:\n  - e: ''\n  - f: x\ng: ok\nh:\n";
        let tree = parse(text, 1).expect("valid YAML");
        let found: Vec<(String, (u32, u32))> =
            tree.empty_keys().into_iter().map(|(path, pos)| (path, (pos.line, pos.col))).collect();
        let want = [("a.b", (2, 3)), ("a.c", (3, 3)), ("d[0].e", (6, 5)), ("h", (9, 1))];
        assert_eq!(found, want.map(|(p, at)| (p.to_string(), at)));
    }
}
