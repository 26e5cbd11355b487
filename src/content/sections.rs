//! The sections a role page can show: the twenty of the built-in blueprint and the
//! competency expectations, each with its YAML key, anchor and built-in heading. A site's
//! `blueprint:` config picks, orders, renames and requires them; this is the one list of
//! what it may name.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::config::BlueprintConfig;
use crate::content::role::{List, Md, RawRole};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Spanned;

/// One section a role page can show.
#[derive(Debug)]
pub struct Section {
    /// The key in a role file and in `blueprint.sections`.
    pub key: &'static str,
    /// The anchor on the role page.
    pub id: &'static str,
    /// The built-in heading.
    pub heading: &'static str,
    /// Whether a role file wrote it (expectations may also come from a rubric, which the
    /// model knows; see `model::blueprint`).
    pub written: fn(&RawRole) -> bool,
}

macro_rules! sections {
    ($($key:ident $id:literal $heading:literal),* $(,)?) => {
        /// Every section, in the built-in order: the seed blueprint's twenty as it numbers them,
        /// then the competency expectations (a site may move them up with `blueprint:`).
        pub const SECTIONS: &[Section] = &[
            $(Section { key: stringify!($key), id: $id, heading: $heading, written: |r| r.$key.is_some() }),*
        ];
    };
}

sections! {
    summary "summary" "Role Summary",
    mission "mission" "Role Mission",
    responsibilities "responsibilities" "Core Responsibilities",
    day_to_day "day-to-day" "Day-to-Day Activities",
    deliverables "deliverables" "Key Deliverables",
    goals "goals" "Goals, Objectives, and Milestones",
    kpis "kpis" "KPIs and Productivity Metrics",
    skills "technical-skills" "Technical Skills Required",
    soft_skills "soft-skills" "Soft Skills and Behavioral Capabilities",
    tools "tools" "Tools, Platforms, and Software",
    environment "environment" "Typical Tech Stack / Environment",
    stakeholders "stakeholders" "Stakeholders and Collaboration Map",
    decision_rights "decision-rights" "Decision Rights and Scope of Authority",
    experience "experience" "Required Experience and Qualifications",
    career "career-path" "Career Path and Progression",
    risks "risks" "Risks, Challenges, and Failure Modes",
    variants "variants" "Role Variants",
    ai_impact "ai-impact" "AI / Automation Impact on the Role",
    hiring "hiring" "Hiring Evaluation Criteria",
    scorecard_summary "scorecard-summary" "Final Role Scorecard Summary",
    expectations "expectations" "Expectations by Competency Area",
}

/// The section with this key.
pub fn by_key(key: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.key == key)
}

/// Every section key, for hints.
pub fn keys() -> impl Iterator<Item = &'static str> {
    SECTIONS.iter().map(|s| s.key)
}

/// Checks a site's `blueprint:`: each section listed once, at least one; a built-in key
/// takes no `kind`; any other key is a section of the site's own, which needs a `kind`
/// (`prose` or `list`) and a `heading`.
pub fn check_config(blueprint: &BlueprintConfig, text: &str, diagnostics: &mut Diagnostics) {
    let file = crate::config::CONFIG_FILE;
    let error = |code: &'static str, message: String, pos, hint: String| {
        Diagnostic::error(file, code, message).at(text, pos).with_hint(hint)
    };
    let mut seen: Vec<&str> = Vec::new();
    for entry in &blueprint.sections {
        let key = entry.section.value.as_str();
        let pos = entry.section.pos;
        if seen.contains(&key) {
            let hint = "list each section once; its place in the list is its place on the page".to_string();
            diagnostics.push(error("duplicate-section", format!("the section `{key}` is listed twice"), pos, hint));
            continue;
        }
        seen.push(key);
        match (by_key(key), &entry.kind) {
            (Some(_), None) => {}
            (Some(_), Some(kind)) => diagnostics.push(error(
                "section-kind",
                format!("`{key}` is a built-in section; its kind is fixed"),
                kind.pos,
                "remove `kind:`, or give the section of your own another key".into(),
            )),
            (None, None) => {
                let hint = match crate::suggest::did_you_mean(key, keys()) {
                    Some(close) => format!("did you mean `{close}`? For a section of your own, add `kind: prose` or `kind: list` and a `heading:`"),
                    None => format!("the built-in sections are {}; for a section of your own, add `kind: prose` or `kind: list` and a `heading:`", keys().collect::<Vec<_>>().join(", ")),
                };
                diagnostics.push(error("unknown-section", format!("`{key}` is not a blueprint section"), pos, hint));
            }
            (None, Some(kind)) => {
                if !is_custom_key(key) {
                    let hint = "use lowercase letters, digits and `_`, starting with a letter, e.g. `impact`".into();
                    diagnostics.push(error("bad-section-key", format!("`{key}` cannot name a section"), pos, hint));
                }
                if CustomKind::parse(&kind.value).is_none() {
                    let hint = "a section of your own is `prose` (markdown text) or `list` (a list of items)".into();
                    diagnostics.push(error(
                        "section-kind",
                        format!("`{}` is not a section kind", kind.value),
                        kind.pos,
                        hint,
                    ));
                }
                if entry.heading.is_none() {
                    let hint = format!("add `heading:` with the title role pages show for `{key}`");
                    diagnostics.push(error(
                        "section-heading",
                        format!("the section `{key}` has no heading"),
                        pos,
                        hint,
                    ));
                }
            }
        }
    }
    if blueprint.sections.is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "empty-blueprint", "`blueprint.sections` lists no section")
                .with_hint("list the sections role pages show, e.g. `- section: summary`, or remove `blueprint:` for the built-in twenty"),
        );
    }
}

/// The kind of a section a site declares itself, which decides how a role writes it and
/// how pages show, export and compare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomKind {
    /// Markdown text.
    Prose,
    /// A list of markdown items (optionally `{note, items}`).
    List,
}

impl CustomKind {
    pub fn parse(name: &str) -> Option<CustomKind> {
        match name {
            "prose" => Some(CustomKind::Prose),
            "list" => Some(CustomKind::List),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            CustomKind::Prose => "prose",
            CustomKind::List => "list",
        }
    }
}

/// Whether `key` can name a section of the site's own: lowercase words joined by `_`.
pub fn is_custom_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A role's texts for the site's own sections (`sections:` in a role file), by key, in the
/// order written.
#[derive(Debug, Clone, Default)]
pub struct CustomSections(pub Vec<(Spanned<String>, CustomText)>);

/// What a role wrote for a section of the site's own.
#[derive(Debug, Clone)]
pub enum CustomText {
    Text(Md),
    List(List<Md>),
}

impl CustomText {
    pub fn kind(&self) -> CustomKind {
        match self {
            CustomText::Text(_) => CustomKind::Prose,
            CustomText::List(_) => CustomKind::List,
        }
    }
}

/// Text or a list, before its position is attached.
enum TextOrList {
    Text(String),
    List(List<Md>),
}

impl<'de> Deserialize<'de> for TextOrList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = TextOrList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, or a list of items")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TextOrList, E> {
                Ok(TextOrList::Text(text.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<TextOrList, E> {
                Ok(TextOrList::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextOrList, E> {
                Ok(TextOrList::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextOrList, E> {
                Ok(TextOrList::Text(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<TextOrList, A::Error> {
                List::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(TextOrList::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TextOrList, A::Error> {
                List::deserialize(de::value::MapAccessDeserializer::new(map)).map(TextOrList::List)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl<'de> Deserialize<'de> for CustomSections {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ByKey;
        impl<'de> Visitor<'de> for ByKey {
            type Value = CustomSections;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from the site's own section keys to their text")
            }
            fn visit_unit<E: de::Error>(self) -> Result<CustomSections, E> {
                Ok(CustomSections::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CustomSections, A::Error> {
                let mut sections = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value: Spanned<TextOrList> = map.next_value()?;
                    let text = match value.value {
                        TextOrList::Text(text) => CustomText::Text(Md(Spanned { value: text, pos: value.pos })),
                        TextOrList::List(list) => CustomText::List(list),
                    };
                    sections.push((key, text));
                }
                Ok(CustomSections(sections))
            }
        }
        deserializer.deserialize_map(ByKey)
    }
}

impl Serialize for CustomSections {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, text) in &self.0 {
            match text {
                CustomText::Text(md) => map.serialize_entry(&key.value, md)?,
                CustomText::List(list) => map.serialize_entry(&key.value, list)?,
            }
        }
        map.end()
    }
}

impl JsonSchema for CustomSections {
    fn schema_name() -> Cow<'static, str> {
        "CustomSections".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let list = generator.subschema_for::<List<Md>>();
        json_schema!({
            "type": "object",
            "description": "The site's own sections (declared with `kind:` under `blueprint.sections` in rolebook.yaml): text for a `prose` section, a list for a `list` section.",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
            "additionalProperties": {"oneOf": [{"type": "string", "description": "Markdown text."}, list]}
        })
    }
}
