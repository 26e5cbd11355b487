//! An opening as it is written (`content/openings/<id>.yaml`): a role that is open, with
//! where, when and for how much. Nothing resolved or checked beyond its shape;
//! `model::openings` checks the codes, dates and role and decides what is published.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::role::{Md, RoleRef};
use crate::yaml::Spanned;

/// One job opening.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOpening {
    /// The id of the role blueprint this opening hires for.
    pub role: RoleRef,
    /// The posting's title; the role's title when left out.
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// `open` while applications are taken; a `closed` opening keeps its page (marked
    /// closed, not indexed) and leaves the lists, the feed and the structured data.
    pub status: Spanned<Status>,
    /// When the posting was published, `YYYY-MM-DD`.
    pub date_posted: Spanned<String>,
    /// The last day applications are taken, `YYYY-MM-DD`. An opening still `open` after
    /// it is an error: the site would advertise an expired job.
    #[serde(default)]
    pub valid_through: Option<Spanned<String>>,
    /// One kind or a list: `full_time`, `part_time`, `contract`, `temporary`, `intern`.
    #[serde(default)]
    pub employment_type: EmploymentTypes,
    /// Where the work is done. An opening needs at least one location, or `remote`.
    #[serde(default)]
    pub locations: Vec<Spanned<RawLocation>>,
    /// For a job that can be done from home: where applicants may live.
    #[serde(default)]
    pub remote: Option<Spanned<RawRemote>>,
    /// The pay offered. Without it, the role's pay band for the opening's country is used
    /// when the role has one.
    #[serde(default)]
    pub salary: Option<Spanned<RawSalary>>,
    /// Where to apply: an `https://` (or `http://`) address or a `mailto:` link.
    pub apply_url: Spanned<String>,
    /// Whether `apply_url` takes the application itself (the form is there), rather than
    /// leading to another page first. Search engines show it; left out, nothing is said.
    #[serde(default)]
    pub direct_apply: Option<bool>,
    /// What this opening is about, in markdown; the page shows it before the blueprint.
    pub description: Md,
}

/// Whether applications are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Closed,
}

/// The kind of employment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    FullTime,
    PartTime,
    Contract,
    Temporary,
    Intern,
}

impl EmploymentType {
    pub const ALL: [&'static str; 5] = ["full_time", "part_time", "contract", "temporary", "intern"];

    /// How it is written: `full_time`.
    pub fn as_str(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "full_time",
            EmploymentType::PartTime => "part_time",
            EmploymentType::Contract => "contract",
            EmploymentType::Temporary => "temporary",
            EmploymentType::Intern => "intern",
        }
    }

    /// How pages say it.
    pub fn label(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "Full-time",
            EmploymentType::PartTime => "Part-time",
            EmploymentType::Contract => "Contract",
            EmploymentType::Temporary => "Temporary",
            EmploymentType::Intern => "Internship",
        }
    }

    /// The value schema.org's `employmentType` and search engines expect.
    pub fn schema_org(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "FULL_TIME",
            EmploymentType::PartTime => "PART_TIME",
            EmploymentType::Contract => "CONTRACTOR",
            EmploymentType::Temporary => "TEMPORARY",
            EmploymentType::Intern => "INTERN",
        }
    }

    fn from_name(name: &str) -> Option<EmploymentType> {
        Some(match name {
            "full_time" => EmploymentType::FullTime,
            "part_time" => EmploymentType::PartTime,
            "contract" => EmploymentType::Contract,
            "temporary" => EmploymentType::Temporary,
            "intern" => EmploymentType::Intern,
            _ => return None,
        })
    }
}

/// `employment_type: full_time` or `employment_type: [full_time, contract]`.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct EmploymentTypes(#[schemars(with = "OneOrMany")] pub Vec<EmploymentType>);

/// The schema of [`EmploymentTypes`]: one kind, or a list of kinds.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrMany {
    One(EmploymentType),
    Many(Vec<EmploymentType>),
}

impl<'de> Deserialize<'de> for EmploymentTypes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Kinds;
        impl<'de> Visitor<'de> for Kinds {
            type Value = EmploymentTypes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an employment type or a list of them")
            }
            fn visit_unit<E: de::Error>(self) -> Result<EmploymentTypes, E> {
                Ok(EmploymentTypes::default())
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<EmploymentTypes, E> {
                EmploymentType::from_name(value)
                    .map(|kind| EmploymentTypes(vec![kind]))
                    .ok_or_else(|| E::unknown_variant(value, &EmploymentType::ALL))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EmploymentTypes, A::Error> {
                let mut kinds = Vec::new();
                while let Some(kind) = seq.next_element::<EmploymentType>()? {
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                Ok(EmploymentTypes(kinds))
            }
        }
        deserializer.deserialize_any(Kinds)
    }
}

/// A place of work.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    #[serde(default)]
    pub street: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    /// State, province or region, as the country writes it.
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 code: `DE`, `GB`, `US`.
    pub country: Spanned<String>,
}

/// Who may apply to a remote job.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRemote {
    /// ISO 3166-1 alpha-2 codes of the countries applicants may live and work in.
    pub countries: Vec<Spanned<String>>,
}

/// A pay range.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSalary {
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
    /// ISO 4217 code: `EUR`, `GBP`, `USD`.
    pub currency: Spanned<String>,
    /// What the amounts are per.
    pub unit: PayUnit,
}

/// A role's `pay_bands:`, in the order written (the first that covers a country wins).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct PayBands(pub Vec<Spanned<RawPayBand>>);

/// A role's pay range in some countries (`pay_bands:` of a role blueprint): what an opening
/// for the role in one of them pays when it names no `salary` of its own.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPayBand {
    /// A name for the band, shown beside it: `EU West`.
    #[serde(default)]
    pub zone: Option<String>,
    /// ISO 3166-1 alpha-2 codes of the countries the band applies in: `[DE, AT]`.
    pub countries: Vec<Spanned<String>>,
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
    /// ISO 4217 code: `EUR`, `GBP`, `USD`.
    pub currency: Spanned<String>,
    /// What the amounts are per.
    pub unit: PayUnit,
}

/// What a pay amount is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PayUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl PayUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            PayUnit::Hour => "hour",
            PayUnit::Day => "day",
            PayUnit::Week => "week",
            PayUnit::Month => "month",
            PayUnit::Year => "year",
        }
    }

    /// schema.org's `unitText`.
    pub fn schema_org(self) -> &'static str {
        match self {
            PayUnit::Hour => "HOUR",
            PayUnit::Day => "DAY",
            PayUnit::Week => "WEEK",
            PayUnit::Month => "MONTH",
            PayUnit::Year => "YEAR",
        }
    }
}

/// The JSON Schema of an opening file (`content/openings/<id>.yaml`).
pub fn opening_schema() -> String {
    let mut schema = schemars::schema_for!(RawOpening);
    schema.insert("$id".into(), "https://rolebook.dev/schema/opening-1.json".into());
    schema.insert("title".into(), "rolebook job opening".into());
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}
