//! schema.org `Occupation` data for role pages, from the typed blueprint.

use serde::Serialize;

use crate::content::role::{List, Md, SkillRef};
use crate::render::input::EntityData;
use crate::render::text::plain_text;

/// A schema.org `Occupation`, fields in key order (the order the pages have always shown),
/// the absent ones left out.
#[derive(Serialize)]
struct Occupation<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The role page's permalink and `#occupation`, for a job posting to refer to it.
    #[serde(rename = "@id")]
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "educationRequirements", skip_serializing_if = "Option::is_none")]
    education_requirements: Option<String>,
    #[serde(rename = "experienceRequirements", skip_serializing_if = "Option::is_none")]
    experience_requirements: Option<String>,
    name: &'a str,
    #[serde(rename = "occupationalCategory")]
    occupational_category: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    responsibilities: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skills: Vec<String>,
    url: String,
}

/// The `@id` of role `r`'s `Occupation`: its page's permalink and `#occupation`.
pub fn occupation_id(data: &EntityData, r: usize) -> String {
    format!("{}#occupation", (data.permalink)(&data.catalog.roles[r].url))
}

/// schema.org `Occupation` data for a role page, safe to put inside `<script>`.
pub fn occupation_jsonld(data: &EntityData, r: usize) -> String {
    let role = &data.catalog.roles[r];
    let (raw, prose) = (&role.raw, &data.roles[r].prose);
    let texts = |list: &List<Md>| -> Vec<String> { prose.items(list).map(plain_text).collect() };
    let mut responsibilities = Vec::new();
    if let Some(r) = &raw.responsibilities {
        for list in [&r.strategic, &r.operational, &r.technical, &r.cross_functional, &r.governance, &r.leadership] {
            responsibilities.extend(texts(list));
        }
    }
    // A skill by its catalogue name; an unknown id (reported already) by its id, as pages show it.
    let skill_name = |skill: &SkillRef| -> String {
        let catalog = data.catalog;
        catalog
            .skill_ids
            .get(skill.as_str())
            .map_or(skill.as_str(), |&s| catalog.skills[s].raw.name.as_str())
            .to_string()
    };
    let mut skills: Vec<String> = Vec::new();
    if let Some(technical) = &raw.skills {
        for group in [&technical.must_have, &technical.good_to_have, &technical.advanced, &technical.emerging] {
            skills.extend(group.items.iter().map(|need| skill_name(&need.skill)));
        }
    }
    skills.extend(raw.soft_skills.iter().flat_map(|list| &list.items).map(|soft| skill_name(&soft.skill)));
    let (experience, education) = match &raw.experience {
        Some(e) => (texts(&e.years), texts(&e.education)),
        None => (Vec::new(), Vec::new()),
    };
    let joined = |texts: Vec<String>| Some(texts.join(" ")).filter(|_| !texts.is_empty());
    let ld = Occupation {
        context: "https://schema.org",
        kind: "Occupation",
        id: occupation_id(data, r),
        description: prose.opt(&raw.scope).map(plain_text),
        education_requirements: joined(education),
        experience_requirements: joined(experience),
        name: &role.raw.title,
        occupational_category: &role.raw.family,
        responsibilities,
        skills,
        url: (data.permalink)(&role.url),
    };
    // `<` never appears raw, so the data cannot close its <script> element.
    serde_json::to_string(&ld).expect("JSON serialises").replace('<', "\\u003c")
}
