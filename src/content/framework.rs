//! Career-framework data as it is written: the site's competency areas
//! (`content/competencies.yaml`) and track rubrics (`content/rubrics/<id>.yaml`), what is
//! expected at each level in each area. Nothing resolved; `model::framework` links areas,
//! rubrics and roles.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::role::{AreaRef, List, Md};
use crate::yaml::Spanned;

/// A competency area: a row of the rubric.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    /// Lowercase kebab-case, unique.
    pub id: Spanned<String>,
    pub name: String,
    /// Areas of one group are shown together, groups in the order they first appear.
    #[serde(default)]
    pub group: Option<String>,
    /// What the area is about.
    #[serde(default)]
    pub description: Option<Md>,
}

/// What is expected in one area at one level.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// One sentence: what changes at this level.
    #[serde(default)]
    pub summary: Option<Md>,
    /// What someone at this level does.
    #[serde(default)]
    pub behaviours: List<Md>,
    /// Concrete, observable examples.
    #[serde(default)]
    pub examples: List<Md>,
    /// Named steps inside the level (`3a`, `3b`).
    #[serde(default)]
    pub sub_levels: Vec<SubLevel>,
}

/// A named step inside a level.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubLevel {
    pub name: String,
    #[serde(default)]
    pub summary: Option<Md>,
    #[serde(default)]
    pub behaviours: List<Md>,
    #[serde(default)]
    pub examples: List<Md>,
}

/// Expectations by competency area, in the order written: a YAML mapping whose keys are
/// area ids (each kept with its position, for messages).
#[derive(Debug, Clone, Default)]
pub struct Expectations(pub Vec<(AreaRef, Expectation)>);

impl<'de> Deserialize<'de> for Expectations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ByArea;
        impl<'de> Visitor<'de> for ByArea {
            type Value = Expectations;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from competency area ids to expectations")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Expectations, E> {
                Ok(Expectations::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Expectations, A::Error> {
                let mut areas = Vec::new();
                while let Some(area) = map.next_key::<AreaRef>()? {
                    areas.push((area, map.next_value()?));
                }
                Ok(Expectations(areas))
            }
        }
        deserializer.deserialize_map(ByArea)
    }
}

impl Serialize for Expectations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (area, expectation) in &self.0 {
            map.serialize_entry(area.as_str(), expectation)?;
        }
        map.end()
    }
}

impl JsonSchema for Expectations {
    fn schema_name() -> Cow<'static, str> {
        "Expectations".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let cell = generator.subschema_for::<Expectation>();
        json_schema!({
            "type": "object",
            "description": "Competency area id → what is expected in it.",
            "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "additionalProperties": cell
        })
    }
}

/// One track's ladder in one file: what each level expects in each area.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    /// Lowercase kebab-case, unique among rubrics.
    pub id: Spanned<String>,
    pub title: String,
    /// The job family of the roles it describes.
    pub family: String,
    /// Their track.
    pub track: String,
    #[serde(default)]
    pub description: Option<Md>,
    /// The levels, lowest first.
    pub levels: Vec<RubricLevel>,
}

/// One level of a rubric.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricLevel {
    pub level: Spanned<u32>,
    /// The column's label (else the level's role's `level_name`).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub expectations: Expectations,
}

/// The JSON Schema of a rubric file (`content/rubrics/<id>.yaml`).
pub fn rubric_schema() -> String {
    let mut schema = schemars::schema_for!(RawRubric);
    schema.insert("$id".into(), "https://rolebook.dev/schema/rubric-1.json".into());
    schema.insert("title".into(), "rolebook track rubric".into());
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}
