//! The role blueprint format as it is written: serde types mirroring the YAML, nothing
//! resolved. `docs/role-format.md` describes it for people; `schema/role.schema.json` is
//! generated from these types for editors.
//!
//! Text that may hold markdown is an [`Md`]; references to other entities are [`RoleRef`],
//! [`SkillRef`] and [`ToolRef`]. They keep their source position so later stages can
//! report problems at the right line. `render::view` turns them into HTML and links for
//! templates and into the `/api` JSON. When serialised with serde they become small tagged
//! objects (`{"$md": ..., "$line": 3}`, `{"$skill": ...}`), which `serve` compares to tell
//! a prose edit from one that changes what other pages show.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::yaml::Spanned;

macro_rules! spanned_text {
    ($(#[$doc:meta])* $name:ident, $tag:literal, $schema:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Spanned<String>);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0.value
            }
            pub fn pos(&self) -> crate::yaml::Pos {
                self.0.pos
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry($tag, &self.0.value)?;
                map.serialize_entry("$line", &self.0.pos.line)?;
                map.serialize_entry("$col", &self.0.pos.col)?;
                map.end()
            }
        }

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

spanned_text!(
    /// Text that may contain markdown (emphasis, links, lists).
    Md,
    "$md",
    json_schema!({"type": "string", "description": "Markdown text."})
);
spanned_text!(
    /// The id of a role (a file under `content/roles/`).
    RoleRef,
    "$role",
    json_schema!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "A role id."})
);
spanned_text!(
    /// The id of a skill in the skill catalogue.
    SkillRef,
    "$skill",
    json_schema!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "A skill id."})
);
spanned_text!(
    /// The id of a tool in the tool catalogue.
    ToolRef,
    "$tool",
    json_schema!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "A tool id."})
);

spanned_text!(
    /// The id of a competency area (`content/competencies.yaml`).
    AreaRef,
    "$area",
    json_schema!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "A competency area id."})
);

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A list, optionally with a qualifier for its heading: written either as a YAML list or
/// as `{note: "when relevant", items: [...]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T> {
    pub note: Option<Md>,
    pub items: Vec<T>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List { note: None, items: Vec::new() }
    }
}

impl<T> List<T> {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("note", &self.note)?;
        map.serialize_entry("items", &self.items)?;
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list, or a mapping with `note` and `items`")
            }
            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List { note: None, items })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
                let mut list = List::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "note" => list.note = map.next_value()?,
                        "items" => list.items = map.next_value()?,
                        other => {
                            return Err(de::Error::custom(format!(
                                "unknown field `{other}` in a list; a list written as a mapping has only `note` and `items`"
                            )))
                        }
                    }
                }
                Ok(list)
            }
        }
        deserializer.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for List<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("List_of_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<T>();
        json_schema!({
            "oneOf": [
                {"type": "array", "items": item},
                {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string", "description": "A qualifier shown after the heading, e.g. \"when relevant\"."},
                        "items": {"type": "array", "items": item}
                    },
                    "required": ["items"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// How much a role needs a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
pub enum Importance {
    Critical,
    Important,
    Optional,
}

impl Importance {
    pub fn as_str(self) -> &'static str {
        match self {
            Importance::Critical => "Critical",
            Importance::Important => "Important",
            Importance::Optional => "Optional",
        }
    }
}

/// How common a tool is for a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
pub enum Commonality {
    Common,
    Optional,
    #[serde(rename = "Context-specific")]
    ContextSpecific,
}

impl Commonality {
    pub fn as_str(self) -> &'static str {
        match self {
            Commonality::Common => "Common",
            Commonality::Optional => "Optional",
            Commonality::ContextSpecific => "Context-specific",
        }
    }
}

/// One role: a full blueprint, or a declared stub (`stub: true`) with only the header.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    /// Lowercase kebab-case; the file should be named `<id>.yaml`.
    pub id: Spanned<String>,
    /// A role that is named by others but has no blueprint yet.
    #[serde(default)]
    pub stub: bool,
    /// Ids this role had before: their URLs redirect to its pages, so links to the old
    /// name keep working (a rename git records is followed without this).
    #[serde(default)]
    pub previous_ids: Option<Vec<Spanned<String>>>,
    pub title: String,
    /// The job family, e.g. "AI & ML Research".
    pub family: String,
    /// The track, e.g. "Individual contributor" or "Management".
    #[serde(default)]
    pub track: Option<String>,
    /// The rung on the ladder, 1 = entry level.
    #[serde(default)]
    pub level: Option<Spanned<u32>>,
    /// The level's name, e.g. "Lead".
    #[serde(default)]
    pub level_name: Option<String>,
    /// One line: what the role is for.
    #[serde(default)]
    pub scope: Option<Md>,
    /// 1) Role summary.
    #[serde(default)]
    pub summary: Option<Summary>,
    /// 2) Role mission.
    #[serde(default)]
    pub mission: Option<Mission>,
    /// 3) Core responsibilities.
    #[serde(default)]
    pub responsibilities: Option<Responsibilities>,
    /// 4) Day-to-day activities.
    #[serde(default)]
    pub day_to_day: Option<DayToDay>,
    /// 5) Key deliverables.
    #[serde(default)]
    pub deliverables: Option<List<Md>>,
    /// 6) Goals, objectives and milestones.
    #[serde(default)]
    pub goals: Option<Goals>,
    /// 7) KPIs and productivity metrics.
    #[serde(default)]
    pub kpis: Option<Kpis>,
    /// 8) Technical skills.
    #[serde(default)]
    pub skills: Option<TechnicalSkills>,
    /// 9) Soft skills and behavioural capabilities.
    #[serde(default)]
    pub soft_skills: Option<List<SoftSkill>>,
    /// 10) Tools, platforms and software.
    #[serde(default)]
    pub tools: Option<List<ToolRow>>,
    /// 11) Typical tech stack and environment.
    #[serde(default)]
    pub environment: Option<Environment>,
    /// 12) Stakeholders and collaboration map.
    #[serde(default)]
    pub stakeholders: Option<Stakeholders>,
    /// 13) Decision rights and scope of authority.
    #[serde(default)]
    pub decision_rights: Option<DecisionRights>,
    /// 14) Required experience and qualifications.
    #[serde(default)]
    pub experience: Option<Experience>,
    /// 15) Career path and progression.
    #[serde(default)]
    pub career: Option<Career>,
    /// 16) Risks, challenges and failure modes.
    #[serde(default)]
    pub risks: Option<Risks>,
    /// 17) Role variants.
    #[serde(default)]
    pub variants: Option<Variants>,
    /// 18) AI and automation impact on the role.
    #[serde(default)]
    pub ai_impact: Option<AiImpact>,
    /// 19) Hiring evaluation criteria.
    #[serde(default)]
    pub hiring: Option<Hiring>,
    /// 20) Final role scorecard summary.
    #[serde(default)]
    pub scorecard_summary: Option<List<SummaryRow>>,
    /// The rubric whose level this role is, when its family and track do not find it.
    #[serde(default)]
    pub rubric: Option<Spanned<String>>,
    /// This role's own expectations for some competency areas, in place of its rubric's.
    #[serde(default)]
    pub expectations: Option<crate::content::framework::Expectations>,
    /// Sections of the site's blueprint that do not apply to this role: not shown, not
    /// warned about (section keys, e.g. `kpis`).
    #[serde(default)]
    pub not_applicable: Option<Vec<Spanned<String>>>,
    /// The role's text for the site's own sections (declared with a `kind` in the site's
    /// `blueprint:`), by section key.
    #[serde(default)]
    pub sections: Option<crate::content::sections::CustomSections>,
    /// Pay ranges by country: an opening for this role that names no salary pays the
    /// first band covering its country. Shown on the role page and in `/api` only with
    /// `publish_pay_bands: true` in rolebook.yaml.
    #[serde(default)]
    pub pay_bands: Option<crate::content::opening::PayBands>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub description: Md,
    #[serde(default)]
    pub horizon: Option<Md>,
    #[serde(default)]
    pub partners: Option<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    pub core: Md,
    #[serde(default)]
    pub strategic_importance: List<Md>,
    #[serde(default)]
    pub business_outcomes: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Responsibilities {
    #[serde(default)]
    pub strategic: List<Md>,
    #[serde(default)]
    pub operational: List<Md>,
    #[serde(default)]
    pub technical: List<Md>,
    #[serde(default)]
    pub cross_functional: List<Md>,
    #[serde(default)]
    pub governance: List<Md>,
    #[serde(default)]
    pub leadership: List<Md>,
    #[serde(default)]
    pub reporting_line: Option<Md>,
    /// A qualifier for the reporting line, e.g. "inferred".
    #[serde(default)]
    pub reporting_line_note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayToDay {
    #[serde(default)]
    pub daily: List<Md>,
    #[serde(default)]
    pub weekly: List<Md>,
    #[serde(default)]
    pub monthly_quarterly: List<Md>,
    #[serde(default)]
    pub rituals: List<Md>,
    #[serde(default)]
    pub incident: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    #[serde(default)]
    pub day_30: List<Md>,
    #[serde(default)]
    pub day_60: List<Md>,
    #[serde(default)]
    pub day_90: List<Md>,
    #[serde(default)]
    pub month_6: List<Md>,
    #[serde(default)]
    pub month_12: List<Md>,
    #[serde(default)]
    pub long_term: List<Md>,
    #[serde(default)]
    pub success_definition: Option<Md>,
    #[serde(default)]
    pub high_performance: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpis {
    #[serde(default)]
    pub intro: Option<Md>,
    pub metrics: List<Kpi>,
    /// Notes on measurement.
    #[serde(default)]
    pub notes: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub name: Md,
    pub measures: Md,
    pub why: Md,
    pub target: Md,
    pub frequency: Md,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnicalSkills {
    #[serde(default)]
    pub must_have: List<SkillNeed>,
    #[serde(default)]
    pub good_to_have: List<SkillNeed>,
    #[serde(default)]
    pub advanced: List<SkillNeed>,
    #[serde(default)]
    pub emerging: List<SkillNeed>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillNeed {
    pub skill: SkillRef,
    /// The heading as this blueprint words it (defaults to the skill's name).
    #[serde(default)]
    pub label: Option<Md>,
    #[serde(default)]
    pub description: Option<Md>,
    #[serde(default, rename = "use")]
    pub use_: Option<Md>,
    pub importance: Spanned<Importance>,
    /// The blueprint's own wording when it differs, e.g. "Optional / Context-specific".
    #[serde(default)]
    pub importance_label: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SoftSkill {
    pub skill: SkillRef,
    #[serde(default)]
    pub label: Option<Md>,
    pub why: Md,
    pub on_the_job: Md,
    pub strong: Md,
    #[serde(default)]
    pub importance: Option<Spanned<Importance>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolRow {
    pub category: String,
    pub tools: Vec<ToolRef>,
    /// The tool cell as written, e.g. "Azure, AWS, or GCP".
    #[serde(default)]
    pub label: Option<Md>,
    #[serde(rename = "use")]
    pub use_: Md,
    pub commonality: Spanned<Commonality>,
    /// The blueprint's own wording when it differs, e.g. "Common (enterprise)".
    #[serde(default)]
    pub commonality_label: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    #[serde(default)]
    pub infrastructure: List<Md>,
    #[serde(default)]
    pub application: List<Md>,
    #[serde(default)]
    pub data: List<Md>,
    #[serde(default)]
    pub security: List<Md>,
    #[serde(default)]
    pub delivery_model: List<Md>,
    #[serde(default)]
    pub agile_sdlc: List<Md>,
    #[serde(default)]
    pub scale_complexity: List<Md>,
    #[serde(default)]
    pub team_topology: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleLink {
    pub role: RoleRef,
    /// The wording in the blueprint (defaults to the role's title).
    #[serde(default)]
    pub label: Option<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stakeholders {
    #[serde(default)]
    pub internal: List<Md>,
    #[serde(default)]
    pub external: List<Md>,
    #[serde(default)]
    pub peer_roles: List<RoleLink>,
    #[serde(default)]
    pub upstream: List<Md>,
    #[serde(default)]
    pub downstream: List<Md>,
    #[serde(default)]
    pub collaboration: List<Md>,
    #[serde(default)]
    pub decision_authority: List<Md>,
    #[serde(default)]
    pub escalation: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRights {
    #[serde(default)]
    pub independent: List<Md>,
    #[serde(default)]
    pub team_approval: List<Md>,
    #[serde(default)]
    pub manager_approval: List<Md>,
    #[serde(default)]
    pub authority: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    #[serde(default)]
    pub years: List<Md>,
    #[serde(default)]
    pub education: List<Md>,
    #[serde(default)]
    pub certifications: List<Md>,
    #[serde(default)]
    pub backgrounds: List<Md>,
    #[serde(default)]
    pub domain_knowledge: List<Md>,
    #[serde(default)]
    pub leadership: List<Md>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Career {
    #[serde(default)]
    pub feeders: List<RoleLink>,
    #[serde(default)]
    pub next: List<RoleLink>,
    #[serde(default)]
    pub adjacent: List<RoleLink>,
    #[serde(default)]
    pub promotion_skills: List<Md>,
    #[serde(default)]
    pub evolution: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risks {
    #[serde(default)]
    pub challenges: List<Md>,
    #[serde(default)]
    pub bottlenecks: List<Md>,
    #[serde(default)]
    pub anti_patterns: List<Md>,
    #[serde(default)]
    pub underperformance: List<Md>,
    #[serde(default)]
    pub business_risks: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variants {
    #[serde(default)]
    pub company_size: List<Md>,
    #[serde(default)]
    pub industry: List<Md>,
    #[serde(default)]
    pub geography: List<Md>,
    #[serde(default)]
    pub product_vs_service: List<Md>,
    #[serde(default)]
    pub startup_vs_enterprise: List<Md>,
    #[serde(default)]
    pub regulated: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AiImpact {
    #[serde(default)]
    pub automatable: List<Md>,
    #[serde(default)]
    pub human_critical: List<Md>,
    #[serde(default)]
    pub changes: List<Md>,
    #[serde(default)]
    pub new_expectations: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hiring {
    #[serde(default)]
    pub assess: List<Md>,
    #[serde(default)]
    pub exercises: List<Exercise>,
    #[serde(default)]
    pub strong_signals: List<Md>,
    #[serde(default)]
    pub weak_signals: List<Md>,
    #[serde(default)]
    pub red_flags: List<Md>,
    #[serde(default)]
    pub scorecard: List<ScoreDimension>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub title: Md,
    #[serde(default)]
    pub details: List<Md>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreDimension {
    pub dimension: Md,
    pub meets_bar: Md,
    /// Percent; a scorecard's weights sum to 100.
    pub weight: Spanned<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryRow {
    pub category: String,
    pub summary: Md,
}

/// A skill in the catalogue (`content/skills/*.yaml` holds a list of these).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSkill {
    pub id: Spanned<String>,
    pub name: String,
    /// Groups the skill matrix, e.g. "Machine learning" or "Soft skills & behaviours".
    pub category: String,
    #[serde(default)]
    pub description: Option<Md>,
    #[serde(default)]
    pub related_tools: Vec<ToolRef>,
}

/// A tool in the catalogue (`content/tools/*.yaml` holds a list of these).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTool {
    pub id: Spanned<String>,
    pub name: String,
    pub category: String,
    #[serde(default)]
    pub description: Option<Md>,
}

/// The JSON Schema of a role file, for editors.
pub fn role_schema() -> String {
    let mut schema = schemars::schema_for!(RawRole);
    schema.insert("$id".into(), "https://rolebook.dev/schema/role-1.json".into());
    schema.insert("title".into(), "rolebook role blueprint".into());
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}

/// The JSON Schema of a skill or tool catalogue file.
pub fn catalog_schema<T: JsonSchema>(id: &str, title: &str) -> String {
    let mut schema = schemars::schema_for!(Vec<T>);
    schema.insert("$id".into(), id.into());
    schema.insert("title".into(), title.into());
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}
