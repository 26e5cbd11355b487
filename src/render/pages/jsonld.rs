//! schema.org `Occupation` data for role pages, from the typed blueprint.

use serde_json::{json, Map, Value};

use crate::content::role::{List, Md, SkillRef};
use crate::render::input::EntityData;
use crate::render::text::plain_text;

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
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert("@type".into(), json!("Occupation"));
    ld.insert("name".into(), json!(role.raw.title));
    ld.insert("url".into(), json!((data.permalink)(&role.url)));
    ld.insert("occupationalCategory".into(), json!(role.raw.family));
    if let Some(scope) = prose.opt(&raw.scope) {
        ld.insert("description".into(), json!(plain_text(scope)));
    }
    if !responsibilities.is_empty() {
        ld.insert("responsibilities".into(), json!(responsibilities));
    }
    if !skills.is_empty() {
        ld.insert("skills".into(), json!(skills));
    }
    let (experience, education) = match &raw.experience {
        Some(e) => (texts(&e.years), texts(&e.education)),
        None => (Vec::new(), Vec::new()),
    };
    if !experience.is_empty() {
        ld.insert("experienceRequirements".into(), json!(experience.join(" ")));
    }
    if !education.is_empty() {
        ld.insert("educationRequirements".into(), json!(education.join(" ")));
    }
    // `<` never appears raw, so the data cannot close its <script> element.
    serde_json::to_string(&Value::Object(ld)).expect("JSON serialises").replace('<', "\\u003c")
}
