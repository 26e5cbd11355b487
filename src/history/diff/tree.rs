//! A role as a tree of plain values, read through its `Serialize` impls.
//!
//! serde_json's `Value` would do, but without its `preserve_order` feature its maps are
//! sorted by key, and a change list must follow the page (`day_30` before `month_6`, a
//! KPI's name before its target). So this small serializer keeps fields in the order the
//! types declare them. It also folds the tagged texts of `content::role` (`{"$md": …,
//! "$line": …, "$col": …}`) into a plain [`Value::Text`] or a [`Value::Ref`], so positions
//! never take part in a comparison, and trims every text, so whitespace at the ends of a
//! block scalar is no change.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{self, Serialize};

/// What kind of entity a reference names, to look its display name up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Role,
    Skill,
    Tool,
    Area,
}

/// A field name: a struct's own are borrowed, which keeps building a tree cheap.
pub type Key = Cow<'static, str>;

/// A serialised value, fields in declaration order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, as Rust prints it (`20`, `2.5`).
    Num(String),
    /// A string, markdown or an enum's unit variant (`Critical`), trimmed.
    Text(String),
    /// The id of another entity.
    Ref(RefKind, String),
    Seq(Vec<Value>),
    Map(Vec<(Key, Value)>),
}

impl Value {
    /// The field `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether it says nothing: null, an empty text or list, or a map of such (a list
    /// written as `{note: null, items: []}`, a section whose lists are all empty). An
    /// absent optional field and an empty one are the same to a reader.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(text) => text.is_empty(),
            Value::Seq(items) => items.is_empty(),
            Value::Map(fields) => fields.iter().all(|(_, v)| v.is_empty()),
            Value::Bool(_) | Value::Num(_) | Value::Ref(..) => false,
        }
    }
}

/// `value` as a tree. Only rolebook's own types go through here, and none of them fails
/// to serialise.
pub fn to_tree<T: Serialize + ?Sized>(value: &T) -> Value {
    value.serialize(TreeSerializer).expect("a role serialises to a tree")
}

#[derive(Debug)]
pub struct TreeError(String);

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TreeError {}

impl ser::Error for TreeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TreeError(msg.to_string())
    }
}

struct TreeSerializer;

/// Folds a tagged text (`$md`, `$role`…) into a text or a reference; other maps stay.
fn fold_tagged(fields: Vec<(Key, Value)>) -> Value {
    let tag = fields.first().map(|(k, _)| k.as_ref());
    let kind = match tag {
        Some("$md") => None,
        Some("$role") => Some(RefKind::Role),
        Some("$skill") => Some(RefKind::Skill),
        Some("$tool") => Some(RefKind::Tool),
        Some("$area") => Some(RefKind::Area),
        _ => return Value::Map(fields),
    };
    let text = match fields.into_iter().next() {
        Some((_, Value::Text(text))) => text,
        Some((_, other)) => return other,
        None => String::new(),
    };
    match kind {
        None => Value::Text(text),
        Some(kind) => Value::Ref(kind, text),
    }
}

/// The keys that hold a source position, never compared.
const POSITIONS: &[&str] = &["$line", "$col"];

/// Keys of `content::role`'s tagged texts, kept borrowed.
const TAGS: &[&str] = &["$md", "$role", "$skill", "$tool", "$area", "$line", "$col"];

fn key_string(key: Value) -> Key {
    let text = match key {
        Value::Text(s) | Value::Num(s) | Value::Ref(_, s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Null | Value::Seq(_) | Value::Map(_) => String::new(),
    };
    match TAGS.iter().find(|tag| **tag == text) {
        Some(tag) => Cow::Borrowed(tag),
        None => Cow::Owned(text),
    }
}

struct SeqBuilder {
    items: Vec<Value>,
    /// The enum variant that wraps it (`{variant: [...]}`), for tuple variants.
    variant: Option<&'static str>,
}

impl SeqBuilder {
    fn finish(self) -> Value {
        let seq = Value::Seq(self.items);
        match self.variant {
            Some(variant) => Value::Map(vec![(Cow::Borrowed(variant), seq)]),
            None => seq,
        }
    }
}

struct MapBuilder {
    fields: Vec<(Key, Value)>,
    next_key: Option<Key>,
    variant: Option<&'static str>,
}

impl MapBuilder {
    fn new(variant: Option<&'static str>) -> Self {
        MapBuilder { fields: Vec::new(), next_key: None, variant }
    }
    fn finish(self) -> Value {
        let map = fold_tagged(self.fields);
        match self.variant {
            Some(variant) => Value::Map(vec![(Cow::Borrowed(variant), map)]),
            None => map,
        }
    }
}

impl ser::Serializer for TreeSerializer {
    type Ok = Value;
    type Error = TreeError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = MapBuilder;

    fn serialize_bool(self, v: bool) -> Result<Value, TreeError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, TreeError> {
        Ok(Value::Num(v.to_string()))
    }
    fn serialize_char(self, v: char) -> Result<Value, TreeError> {
        Ok(Value::Text(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, TreeError> {
        Ok(Value::Text(v.trim().to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, TreeError> {
        Ok(Value::Text(String::from_utf8_lossy(v).trim().to_string()))
    }
    fn serialize_none(self) -> Result<Value, TreeError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, TreeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, TreeError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, TreeError> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, TreeError> {
        Ok(Value::Text(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, TreeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, TreeError> {
        Ok(Value::Map(vec![(Cow::Borrowed(variant), value.serialize(self)?)]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, TreeError> {
        Ok(SeqBuilder { items: Vec::with_capacity(len.unwrap_or(0)), variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqBuilder, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, TreeError> {
        Ok(SeqBuilder { items: Vec::with_capacity(len), variant: Some(variant) })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapBuilder, TreeError> {
        Ok(MapBuilder::new(None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapBuilder, TreeError> {
        Ok(MapBuilder::new(None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapBuilder, TreeError> {
        Ok(MapBuilder::new(Some(variant)))
    }
}

impl ser::SerializeSeq for SeqBuilder {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.items.push(value.serialize(TreeSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<Value, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleVariant for SeqBuilder {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TreeError> {
        self.next_key = Some(key_string(key.serialize(TreeSerializer)?));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        let key = self.next_key.take().ok_or_else(|| TreeError("a map value came before its key".into()))?;
        if !POSITIONS.contains(&key.as_ref()) {
            self.fields.push((key, value.serialize(TreeSerializer)?));
        }
        Ok(())
    }
    fn end(self) -> Result<Value, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), TreeError> {
        if !POSITIONS.contains(&key) {
            self.fields.push((Cow::Borrowed(key), value.serialize(TreeSerializer)?));
        }
        Ok(())
    }
    fn end(self) -> Result<Value, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for MapBuilder {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), TreeError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<Value, TreeError> {
        Ok(self.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_texts_fold_and_positions_go() {
        use serde::ser::SerializeMap;
        let mut map = MapBuilder::new(None);
        map.serialize_entry("$skill", "stats").unwrap();
        map.serialize_entry("$line", &3).unwrap();
        map.serialize_entry("$col", &5).unwrap();
        assert_eq!(SerializeMap::end(map).unwrap(), Value::Ref(RefKind::Skill, "stats".into()));
    }

    #[test]
    fn struct_fields_keep_declaration_order() {
        #[derive(serde::Serialize)]
        struct Goals {
            day_30: Vec<&'static str>,
            month_6: Vec<&'static str>,
            day_90: Option<&'static str>,
        }
        let tree = to_tree(&Goals { day_30: vec!["  a "], month_6: vec![], day_90: None });
        let Value::Map(fields) = tree else { panic!("a map") };
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["day_30", "month_6", "day_90"]);
        assert_eq!(fields[0].1, Value::Seq(vec![Value::Text("a".into())]));
    }
}
