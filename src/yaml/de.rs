//! A serde deserializer over a [`Node`] tree that keeps going after a mistake.
//!
//! serde's derive stops at the first error, but a writer wants every problem in a file at
//! once. So this deserializer records a problem (with its position and YAML path) in a
//! sink and hands the visitor a harmless stand-in value: unknown keys are skipped, a wrong
//! enum value becomes the first variant, a list where text belongs becomes empty text. The
//! caller treats the result as unusable whenever the sink is not empty.

use std::cell::RefCell;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::tree::{Key, Node, NodeKind, Pos};
use crate::suggest::did_you_mean;

/// A problem found while reading a YAML value into a typed structure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    pub pos: Pos,
    /// The YAML path of the value, e.g. `skills.must_have[2].importance`.
    pub path: String,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// A value together with the position it was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Spanned<T> {
    pub pos: Pos,
    pub value: T,
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

const SPANNED: &str = "$rolebook::Spanned";
const SPANNED_FIELDS: &[&str] = &["$line", "$col", "$value"];

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let mut line = 0;
                let mut col = 0;
                let mut value = None;
                while let Some(key) = map.next_key::<&str>()? {
                    match key {
                        "$line" => line = map.next_value()?,
                        "$col" => col = map.next_value()?,
                        _ => value = Some(map.next_value()?),
                    }
                }
                let value = value.ok_or_else(|| de::Error::custom("spanned value missing"))?;
                Ok(Spanned { pos: Pos::new(line, col), value })
            }
        }
        deserializer.deserialize_struct(SPANNED, SPANNED_FIELDS, SpannedVisitor(Default::default()))
    }
}

/// The most passes one read makes: one per missing field, and one more. A document
/// missing more fields than this is reported up to here, which is plenty to act on.
const MAX_PASSES: usize = 64;

/// Reads `node` into `T`, pushing every problem into `problems`. Returns `None` when the
/// value could not be built at all (a required field was missing).
///
/// serde's derive gives up on a mapping at its first missing required field, and the
/// error unwinds through everything around it, so the rest of the document would go
/// unread. So a read that hits one is made again with a quiet stand-in for that field,
/// until the whole document has been read: every missing field in one run, each once.
pub fn from_node<T: for<'de> Deserialize<'de>>(node: &Node, problems: &mut Vec<Problem>) -> Option<T> {
    read(node, problems).and_then(|(value, complete)| complete.then_some(value))
}

/// Like [`from_node`], but also returns a value read with empty stand-ins for missing
/// required fields, saying whether it is whole (`false`: some field is a stand-in), so a
/// caller can check the rest of a document in the same run.
pub fn from_node_partial<T: for<'de> Deserialize<'de>>(node: &Node, problems: &mut Vec<Problem>) -> Option<(T, bool)> {
    read(node, problems)
}

fn read<T: for<'de> Deserialize<'de>>(node: &Node, problems: &mut Vec<Problem>) -> Option<(T, bool)> {
    let mut fill: Vec<(String, String)> = Vec::new();
    let mut found: Vec<Problem> = Vec::new();
    // Each pass finds the earlier passes' problems again; a set keeps this linear in a
    // file with thousands of problems.
    let mut seen: std::collections::HashSet<Problem> = std::collections::HashSet::new();
    let mut value = None;
    for _ in 0..MAX_PASSES {
        let ctx = Ctx { sink: RefCell::new(Vec::new()), fill: &fill, missing: RefCell::new(Vec::new()) };
        let result = T::deserialize(NodeDe { node, path: &Path::Root, ctx: &ctx, quiet: false });
        for problem in ctx.sink.into_inner() {
            if seen.insert(problem.clone()) {
                found.push(problem);
            }
        }
        let new: Vec<(String, String)> = ctx.missing.into_inner().into_iter().filter(|m| !fill.contains(m)).collect();
        match result {
            // With a stand-in inside, the value is not the document's.
            Ok(read) => {
                value = Some((read, fill.is_empty()));
                break;
            }
            Err(Error::Recorded) if !new.is_empty() => fill.extend(new),
            Err(Error::Recorded) => break,
            Err(Error::Custom(message)) => {
                found.push(Problem { pos: node.pos, path: String::new(), code: "invalid-value", message, hint: None });
                break;
            }
        }
    }
    // Later passes find later problems; the document's order is the reader's.
    found.sort_by_key(|p| p.pos);
    problems.extend(found);
    value
}

/// What every value of one read shares.
struct Ctx<'a> {
    sink: RefCell<Vec<Problem>>,
    /// Required fields an earlier pass found missing, by the YAML path of their mapping:
    /// this pass reads a quiet stand-in for each, so it gets past them.
    fill: &'a [(String, String)],
    /// Required fields this pass found missing.
    missing: RefCell<Vec<(String, String)>>,
}

/// The path from the document root to a value, built on the stack as we descend.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => write!(f, "{key}"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

#[derive(Debug)]
pub enum Error {
    /// The problem is already in the sink; unwind quietly.
    Recorded,
    Custom(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Recorded => f.write_str("recorded"),
            Error::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Custom(msg.to_string())
    }
}

struct NodeDe<'a> {
    node: &'a Node,
    path: &'a Path<'a>,
    ctx: &'a Ctx<'a>,
    /// A stand-in for a missing field: it reads as the plainest value of any type and
    /// records nothing (its absence is already reported).
    quiet: bool,
}

impl<'a> NodeDe<'a> {
    fn record(&self, pos: Pos, code: &'static str, message: String, hint: Option<String>) {
        if !self.quiet {
            self.ctx.sink.borrow_mut().push(Problem { pos, path: self.path.to_string(), code, message, hint });
        }
    }

    fn wrong_type(&self, expected: &str) {
        let found = self.node.kind.describe();
        let hint = match (&self.node.kind, expected) {
            (NodeKind::Scalar { .. }, "a list") => Some("write each item on its own line starting with `- `".into()),
            // Only a field that may not be left out reads an empty value as a mistake (an
            // optional one reads it as absent), so removing it is no advice.
            (NodeKind::Null, _) => Some("give it a value".into()),
            _ => None,
        };
        self.record(self.node.pos, "wrong-type", format!("expected {expected}, found {found}"), hint);
    }

    fn scalar(&self) -> Option<&'a str> {
        match &self.node.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Turns a visitor error into a recorded problem at this node.
    fn settle<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        match result {
            Err(Error::Custom(message)) => {
                let code = match missing_field(&message) {
                    Some(field) => {
                        self.ctx.missing.borrow_mut().push((self.path.to_string(), field.to_string()));
                        "missing-field"
                    }
                    None => "invalid-value",
                };
                let (message, hint) = humanize(&message);
                self.record(self.node.pos, code, message, hint);
                Err(Error::Recorded)
            }
            other => other,
        }
    }

    fn number<T: std::str::FromStr + Default>(&self, what: &str) -> T {
        let text = self.scalar().map(|s| s.trim().replace('_', ""));
        match text.as_deref().map(str::parse::<T>) {
            Some(Ok(n)) => n,
            _ => {
                match text {
                    Some(digits)
                        if !digits.is_empty() && digits.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        self.record(
                            self.node.pos,
                            "out-of-range",
                            format!("`{digits}` is out of range: expected {what}"),
                            None,
                        )
                    }
                    _ => self.wrong_type(what),
                }
                T::default()
            }
        }
    }
}

/// The field serde's derive names in its "missing field" error.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `").map(|rest| rest.trim_end_matches('`'))
}

/// Rewrites serde's built-in messages into rolebook's voice.
fn humanize(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return (format!("missing field `{field}`"), Some(format!("add `{field}:` here")));
    }
    (message.to_string(), None)
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.node.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Scalar { value, plain: true } => {
                if let Ok(b) = value.parse::<bool>() {
                    visitor.visit_bool(b)
                } else if let Ok(i) = value.parse::<i64>() {
                    visitor.visit_i64(i)
                } else if let Ok(f) = value.parse::<f64>() {
                    visitor.visit_f64(f)
                } else {
                    visitor.visit_str(value)
                }
            }
            NodeKind::Scalar { value, .. } => visitor.visit_str(value),
            NodeKind::Seq(_) => return self.deserialize_seq(visitor),
            NodeKind::Map(_) => return self.deserialize_map(visitor),
        };
        self.settle(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = match self.scalar() {
            Some("true" | "True" | "TRUE" | "yes") => true,
            Some("false" | "False" | "FALSE" | "no") => false,
            _ => {
                self.wrong_type("`true` or `false`");
                false
            }
        };
        visitor.visit_bool(value)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.number("a whole number"))
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i32(self.number("a whole number"))
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i16(self.number("a whole number"))
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i8(self.number("a whole number"))
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.number("a whole number, 0 or more"))
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u32(self.number("a whole number, 0 or more"))
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u16(self.number("a whole number, 0 or more"))
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u8(self.number("a whole number from 0 to 255"))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.number("a number"))
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f32(self.number("a number"))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = match self.scalar() {
            Some(text) => text,
            None => {
                self.wrong_type("text");
                ""
            }
        };
        let result = visitor.visit_str(text);
        self.settle(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let empty = Vec::new();
        let items = match &self.node.kind {
            NodeKind::Seq(items) => items,
            _ => {
                self.wrong_type("a list");
                &empty
            }
        };
        let result = visitor.visit_seq(Items { items, index: 0, parent: self.path, ctx: self.ctx, quiet: self.quiet });
        self.settle(result)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let empty = Vec::new();
        let entries: Vec<Entry> = match &self.node.kind {
            NodeKind::Map(entries) => entries.iter().map(|(k, n)| (k, n, false)).collect(),
            NodeKind::Null => empty.iter().map(|(k, n)| (k, n, false)).collect(),
            _ => {
                self.wrong_type("a mapping");
                empty.iter().map(|(k, n)| (k, n, false)).collect()
            }
        };
        let result = visitor.visit_map(Entries { entries, index: 0, parent: self.path, ctx: self.ctx });
        self.settle(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED {
            return visitor.visit_map(SpannedAccess { de: Some(self), step: 0 });
        }
        if self.quiet {
            // Every field a stand-in too, so a required one inside is not missing.
            let stand_ins: Vec<(Key, Node)> = fields.iter().map(|f| self.stand_in(f)).collect();
            let entries = stand_ins.iter().map(|(k, n)| (k, n, true)).collect();
            return visitor.visit_map(Entries { entries, index: 0, parent: self.path, ctx: self.ctx });
        }
        let all = match &self.node.kind {
            NodeKind::Map(entries) => entries,
            _ => {
                // Its fields would all be "missing"; the one real problem is the type.
                self.wrong_type("a mapping");
                return Err(Error::Recorded);
            }
        };
        let mut known: Vec<Entry> = Vec::with_capacity(all.len());
        // Fields an unknown key is taken for: the key's typo is the one problem, so the
        // field it was meant to be is not reported missing too.
        let mut meant: Vec<&str> = Vec::new();
        for (key, node) in all {
            if fields.contains(&key.name.as_str()) {
                known.push((key, node, false));
            } else {
                let close = did_you_mean(&key.name, fields.iter().copied());
                meant.extend(close);
                let hint = match close {
                    Some(close) => Some(format!("did you mean `{close}`?")),
                    None => Some(format!("expected one of {}", list_names(fields))),
                };
                self.ctx.sink.borrow_mut().push(Problem {
                    pos: key.pos,
                    path: self.path.to_string(),
                    code: "unknown-field",
                    message: format!("unknown field `{}`", key.name),
                    hint,
                });
            }
        }
        let stand_ins: Vec<(Key, Node)> = if self.ctx.fill.is_empty() {
            Vec::new()
        } else {
            let path = self.path.to_string();
            self.ctx.fill.iter().filter(|(p, _)| *p == path).map(|(_, field)| self.stand_in(field)).collect()
        };
        known.extend(stand_ins.iter().map(|(k, n)| (k, n, true)));
        let result = visitor.visit_map(Entries { entries: known, index: 0, parent: self.path, ctx: self.ctx });
        if let Err(Error::Custom(message)) = &result {
            if let Some(field) = missing_field(message).filter(|f| meant.contains(f)) {
                self.ctx.missing.borrow_mut().push((self.path.to_string(), field.to_string()));
                return Err(Error::Recorded);
            }
        }
        self.settle(result)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let chosen = match self.scalar() {
            Some(value) if variants.contains(&value) => value,
            Some(value) => {
                let hint = match variants.iter().find(|v| v.eq_ignore_ascii_case(value.trim())) {
                    Some(exact) => Some(format!("did you mean `{exact}`? Values are case-sensitive")),
                    None => did_you_mean(value, variants.iter().copied()).map(|v| format!("did you mean `{v}`?")),
                };
                self.record(
                    self.node.pos,
                    "unknown-value",
                    format!("unknown value `{value}`, expected one of {}", list_names(variants)),
                    hint,
                );
                variants[0]
            }
            None => {
                self.wrong_type(&format!("one of {}", list_names(variants)));
                variants[0]
            }
        };
        visitor.visit_enum(chosen.into_deserializer()).map_err(|e: de::value::Error| Error::Custom(e.to_string()))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl NodeDe<'_> {
    /// A key and an empty value standing in for the missing field `name` of this mapping.
    fn stand_in(&self, name: &str) -> (Key, Node) {
        let pos = self.node.pos;
        (Key { name: name.to_string(), pos }, Node { kind: NodeKind::Null, pos })
    }
}

fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

struct Items<'a> {
    items: &'a [Node],
    index: usize,
    parent: &'a Path<'a>,
    ctx: &'a Ctx<'a>,
    quiet: bool,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.get(self.index) else { return Ok(None) };
        let path = Path::Index(self.parent, self.index);
        self.index += 1;
        seed.deserialize(NodeDe { node, path: &path, ctx: self.ctx, quiet: self.quiet }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.index)
    }
}

/// A mapping entry, and whether its value is a quiet stand-in.
type Entry<'a> = (&'a Key, &'a Node, bool);

struct Entries<'a> {
    entries: Vec<Entry<'a>>,
    index: usize,
    parent: &'a Path<'a>,
    ctx: &'a Ctx<'a>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, _, _)) = self.entries.get(self.index) else { return Ok(None) };
        seed.deserialize(KeyDe { key, parent: self.parent, ctx: self.ctx }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (key, node, quiet) = self.entries[self.index];
        self.index += 1;
        let path = Path::Key(self.parent, &key.name);
        seed.deserialize(NodeDe { node, path: &path, ctx: self.ctx, quiet })
    }
}

/// A mapping key: the text it is (struct fields match it by name), or, for a map keyed by
/// `Spanned<String>` (such as competency areas), that text with the key's position.
struct KeyDe<'a> {
    key: &'a Key,
    parent: &'a Path<'a>,
    ctx: &'a Ctx<'a>,
}

impl<'de> serde::Deserializer<'de> for KeyDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(&self.key.name)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name != SPANNED {
            return visitor.visit_str(&self.key.name);
        }
        let text = NodeKind::Scalar { value: self.key.name.clone(), plain: false };
        let node = Node { kind: text, pos: self.key.pos };
        let path = Path::Key(self.parent, &self.key.name);
        visitor.visit_map(SpannedAccess {
            de: Some(NodeDe { node: &node, path: &path, ctx: self.ctx, quiet: false }),
            step: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Feeds `$line`, `$col` and then the value itself to [`Spanned`]'s visitor.
struct SpannedAccess<'a> {
    de: Option<NodeDe<'a>>,
    step: usize,
}

impl<'de> MapAccess<'de> for SpannedAccess<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(key) = SPANNED_FIELDS.get(self.step) else { return Ok(None) };
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.step += 1;
        let de = self.de.as_ref().expect("spanned value visited twice");
        match self.step {
            1 => seed.deserialize(de.node.pos.line.into_deserializer()),
            2 => seed.deserialize(de.node.pos.col.into_deserializer()),
            _ => seed.deserialize(self.de.take().expect("spanned value visited twice")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    enum Importance {
        Critical,
        Important,
        Optional,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Skill {
        skill: Spanned<String>,
        importance: Importance,
        #[serde(default)]
        use_: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        skills: Vec<Skill>,
        #[serde(default)]
        weight: u8,
    }

    fn read(text: &str) -> (Option<Doc>, Vec<Problem>) {
        let node = parse(text, 1).unwrap();
        let mut problems = Vec::new();
        let doc = from_node::<Doc>(&node, &mut problems);
        (doc, problems)
    }

    #[test]
    fn reads_a_clean_document() {
        let (doc, problems) = read("title: T\nskills:\n  - skill: python\n    importance: Critical\n");
        assert!(problems.is_empty(), "{problems:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.skills[0].skill.value, "python");
        assert_eq!(doc.skills[0].skill.pos, Pos::new(3, 12));
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let text = "title: T\ntitel: x\nweight: heavy\nskills:\n  - skill: a\n    importance: Critcal\n  - skill: b\n    importance: critical\n";
        let (_, problems) = read(text);
        let summary: Vec<(u32, &str, &str)> = problems.iter().map(|p| (p.pos.line, p.path.as_str(), p.code)).collect();
        assert_eq!(
            summary,
            vec![
                (2, "", "unknown-field"),
                (3, "weight", "wrong-type"),
                (6, "skills[0].importance", "unknown-value"),
                (8, "skills[1].importance", "unknown-value"),
            ]
        );
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(problems[2].hint.as_deref(), Some("did you mean `Critical`?"));
        assert!(problems[3].hint.as_deref().unwrap().contains("case-sensitive"));
    }

    #[test]
    fn missing_required_field_is_reported_at_the_mapping() {
        let (doc, problems) = read("skills: []\n");
        assert!(doc.is_none());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "missing field `title`");
        assert_eq!(problems[0].pos.line, 1);
    }

    #[test]
    fn every_missing_field_in_a_document_is_reported_once() {
        // Two list items each lack `importance`, and the document lacks `title`.
        let (doc, problems) = read("skills:\n  - skill: a\n  - skill: b\n    importance: Critical\n  - skill: c\n");
        assert!(doc.is_none());
        let summary: Vec<(u32, &str, &str)> =
            problems.iter().map(|p| (p.pos.line, p.path.as_str(), p.message.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (1, "", "missing field `title`"),
                (2, "skills[0]", "missing field `importance`"),
                (5, "skills[2]", "missing field `importance`"),
            ]
        );
    }

    #[test]
    fn problems_after_a_missing_field_are_still_found() {
        let (_, problems) = read("skills:\n  - skill: a\ntitle: T\nweight: heavy\n");
        let codes: Vec<&str> = problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, vec!["missing-field", "wrong-type"]);
    }

    #[test]
    fn a_misspelt_required_key_is_one_problem_not_two() {
        let (_, problems) = read("titel: T\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "unknown-field");
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn a_list_where_text_belongs_is_a_type_error() {
        let (_, problems) = read("title: [a, b]\n");
        assert_eq!(problems[0].message, "expected text, found a list");
        assert_eq!(problems[0].pos, Pos::new(1, 8));
    }

    #[test]
    fn a_document_that_is_a_list_is_a_type_error() {
        let (_, problems) = read("- a\n- b\n");
        assert_eq!(problems[0].message, "expected a mapping, found a list");
    }
}
