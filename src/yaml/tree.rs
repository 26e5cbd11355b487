//! YAML text → a tree of nodes that remember where they came from.
//!
//! serde_yaml cannot tell where a value sits in the file once it has been read, and every
//! content diagnostic must name `path:line:col`, so this module builds its own small tree
//! from yaml-rust2's event parser. Aliases are refused (they are the way YAML bombs are
//! built, and a blueprint has no need for them) and nesting is bounded.

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
        find_empty(self, String::new(), &mut found);
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
    let mut builder = Builder { parser: Parser::new_from_str(text), first_line, last_line };
    builder.document()
}

struct Builder<'a> {
    parser: Parser<std::str::Chars<'a>>,
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
                let pos = self.pos(e.marker());
                Err(SyntaxError { pos, message: describe_scan_error(e.info()), hint: scan_hint(e.info()) })
            }
        }
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

fn describe_scan_error(info: &str) -> String {
    // yaml-rust2 phrases errors for parser authors; say the same for writers.
    match info {
        i if i.contains("mapping values are not allowed") => "a `: ` inside a value that is not quoted".into(),
        i if i.contains("did not find expected key") => {
            "the indentation here does not line up with the keys above".into()
        }
        i if i.contains("did not find expected '-'") => "a list item here does not line up with the items above".into(),
        other => format!("invalid YAML: {other}"),
    }
}

fn scan_hint(info: &str) -> Option<String> {
    if info.contains("mapping values are not allowed") {
        Some("put the whole value in double quotes".into())
    } else if info.contains("did not find expected key") || info.contains("expected '-'") {
        Some("check the indentation: use spaces, and indent nested keys the same amount".into())
    } else if info.contains("tab") {
        Some("YAML indentation must use spaces, not tabs".into())
    } else {
        None
    }
}

fn find_empty(node: &Node, path: String, out: &mut Vec<(String, Pos)>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for (key, value) in entries {
                let child = if path.is_empty() { key.name.clone() } else { format!("{path}.{}", key.name) };
                let is_empty = match &value.kind {
                    NodeKind::Seq(items) => items.is_empty(),
                    NodeKind::Map(inner) => inner.is_empty(),
                    NodeKind::Null => key.name != "note",
                    NodeKind::Scalar { value, .. } => value.trim().is_empty(),
                };
                if is_empty {
                    out.push((child, key.pos));
                } else {
                    find_empty(value, child, out);
                }
            }
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                find_empty(item, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
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
