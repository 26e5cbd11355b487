//! Views across roles: the career ladder, the skill matrix, the KPI index, each role's
//! own path, the search index and the data published for other tools.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::career_svg;
use super::entities::{plain_text, MATRIX_SPLIT};
use super::input::{EntityData, Family, RoleLink};
use super::view::{api_json, write_str, ApiCx};
use crate::content::role::{Importance, List, Md, RawRole, SkillRef};
use crate::model::career::CareerGraph;
use crate::model::Catalog;
use crate::urls;

/// The `/career-paths/` page: the SVG and its text equivalent.
pub fn career_page<'a>(data: &EntityData<'a>, graph: &CareerGraph) -> (String, Vec<Family<'a>>) {
    let layout = career_svg::layout(data.catalog);
    let svg = career_svg::svg(data.catalog, graph, &layout, data.href);
    let families = data.families_with(|r| RoleLink { path: Some(data.role_path(r)), ..data.role_link(r) });
    (svg, families)
}

fn importance_rank(label: Option<&str>) -> u8 {
    match label {
        Some("Critical") => 3,
        Some("Important") => 2,
        Some("Optional") => 1,
        _ => 0,
    }
}

/// The roles that list skills (all, or one family's), by family, level and title: the
/// columns of a skill matrix.
pub fn matrix_roles(catalog: &Catalog, family: Option<&str>) -> Vec<usize> {
    let mut lists_skills = vec![false; catalog.roles.len()];
    for skill in &catalog.skills {
        for (r, _, _) in &skill.needed_by {
            lists_skills[*r] = true;
        }
    }
    let mut columns: Vec<usize> = (0..catalog.roles.len())
        .filter(|&r| lists_skills[r] && family.is_none_or(|f| catalog.roles[r].raw.family == f))
        .collect();
    columns.sort_by_key(|&r| {
        let role = &catalog.roles[r];
        (role.raw.family.clone(), role.level().unwrap_or(u32::MAX), role.raw.title.clone())
    });
    columns
}

/// Each role's skill needs as (skill, group, importance): skills in catalogue order, and
/// one skill's needs in the order of its `needed_by`. Indexed once, so a matrix page costs
/// what its own roles list, not what the whole site lists.
pub type NeedsByRole = Vec<Vec<(usize, &'static str, Option<Importance>)>>;

fn needs_by_role(catalog: &Catalog) -> NeedsByRole {
    let mut by_role = vec![Vec::new(); catalog.roles.len()];
    for (s, skill) in catalog.skills.iter().enumerate() {
        for &(r, group, importance) in &skill.needed_by {
            by_role[r].push((s, group, importance));
        }
    }
    by_role
}

/// One page of a family's skill matrix: at most [`MATRIX_SPLIT`] role columns, so no
/// page grows with the number of roles in the family.
pub struct MatrixPage {
    pub family: String,
    /// From 1.
    pub number: usize,
    /// The columns of every page of the family, shared by its pages.
    pub pages: Arc<[Vec<usize>]>,
    needs: Arc<NeedsByRole>,
}

impl MatrixPage {
    /// This page's columns.
    pub fn roles(&self) -> &[usize] {
        &self.pages[self.number - 1]
    }

    /// How many pages the family's matrix has.
    pub fn of(&self) -> usize {
        self.pages.len()
    }

    pub fn url(&self) -> String {
        urls::matrix(&self.family, self.number)
    }
}

/// Whether `/skills/` links to one matrix per family instead of showing one matrix.
pub fn matrix_is_split(catalog: &Catalog) -> bool {
    matrix_roles(catalog, None).len() > MATRIX_SPLIT
}

/// Every page of the family skill matrices (none when `/skills/` holds the one matrix):
/// each family's roles with skills in column order, cut into pages of [`MATRIX_SPLIT`]. A
/// family without such roles keeps one (empty) page, the one `/skills/` links to.
pub fn matrix_pages(catalog: &Catalog) -> Vec<MatrixPage> {
    let columns = matrix_roles(catalog, None);
    if columns.len() <= MATRIX_SPLIT {
        return Vec::new();
    }
    let needs = Arc::new(needs_by_role(catalog));
    let families: BTreeSet<&str> = catalog.roles.iter().map(|r| r.raw.family.as_str()).collect();
    let mut pages = Vec::new();
    // The columns are sorted by family first, in the same string order as `families`, so
    // each family's roles are the next run of them.
    let mut rest = &columns[..];
    for family in families {
        let run = rest.iter().take_while(|&&r| catalog.roles[r].raw.family == family).count();
        let (own, after) = rest.split_at(run);
        rest = after;
        let chunks: Vec<Vec<usize>> =
            if own.is_empty() { vec![Vec::new()] } else { own.chunks(MATRIX_SPLIT).map(<[usize]>::to_vec).collect() };
        let chunks: Arc<[Vec<usize>]> = chunks.into();
        for number in 1..=chunks.len() {
            pages.push(MatrixPage { family: family.to_string(), number, pages: chunks.clone(), needs: needs.clone() });
        }
    }
    debug_assert!(rest.is_empty(), "every column belongs to a family");
    pages
}

/// The skill matrix of `/skills/`: every skill (rows, by category) × every role that
/// lists one (at most [`MATRIX_SPLIT`] of them, else the matrix is split by family).
pub fn skill_matrix(data: &EntityData) -> Value {
    let columns = matrix_roles(data.catalog, None);
    matrix_value(data, &columns, &needs_by_role(data.catalog), true)
}

/// One page of a family's matrix: its roles, and only the skills they list.
pub fn family_matrix(data: &EntityData, page: &MatrixPage) -> Value {
    matrix_value(data, page.roles(), &page.needs, false)
}

/// Skills (rows, grouped by category) × `columns`, each cell the importance; every skill
/// a row when `every_skill`, else only those a column lists.
fn matrix_value(data: &EntityData, columns: &[usize], needs: &NeedsByRole, every_skill: bool) -> Value {
    let catalog = data.catalog;
    type Cell = Option<(&'static str, Option<Importance>)>;
    let mut rows: BTreeMap<usize, Vec<Cell>> = BTreeMap::new();
    if every_skill {
        rows.extend((0..catalog.skills.len()).map(|s| (s, vec![None; columns.len()])));
    }
    for (c, &r) in columns.iter().enumerate() {
        for &(s, group, importance) in &needs[r] {
            let row = rows.entry(s).or_insert_with(|| vec![None; columns.len()]);
            // The strongest need wins when a role lists a skill twice; of equals, the later.
            let rank = importance_rank(importance.map(Importance::as_str));
            if row[c].is_none_or(|(_, held)| rank >= importance_rank(held.map(Importance::as_str))) {
                row[c] = Some((group, importance));
            }
        }
    }
    let mut categories: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (s, cells) in rows {
        let skill = &catalog.skills[s];
        let cells: Vec<Value> = cells
            .into_iter()
            .map(|cell| match cell {
                Some((group, importance)) => json!({
                    "importance": importance.map(Importance::as_str),
                    "label": importance.map(Importance::as_str).unwrap_or("Expected"),
                    "group": super::entities::group_label(group),
                }),
                None => Value::Null,
            })
            .collect();
        categories.entry(&skill.raw.category).or_default().push(json!({
            "id": skill.raw.id.value,
            "name": skill.raw.name,
            "url": (data.href)(&skill.url),
            "cells": cells,
        }));
    }
    let categories: Vec<Value> = categories
        .into_iter()
        .map(|(name, skills)| json!({"name": name, "id": crate::slug::slugify(name), "skills": skills}))
        .collect();
    json!({
        "roles": columns.iter().map(|&r| data.role_link(r)).collect::<Vec<_>>(),
        "categories": categories,
    })
}

/// How a page of a split family matrix links to the others: the first and last role of
/// each page, previous and next, and on the first page the list of every page. Only the
/// first page lists them all, so the family's pages together stay linear in its roles.
pub fn matrix_pager(data: &EntityData, page: &MatrixPage) -> Value {
    let roles = &data.catalog.roles;
    let span = |number: usize| {
        let columns = &page.pages[number - 1];
        let title = |r: Option<&usize>| r.map(|&r| roles[r].raw.title.as_str()).unwrap_or("");
        json!({
            "number": number,
            "url": (data.href)(&urls::matrix(&page.family, number)),
            "first": title(columns.first()),
            "last": title(columns.last()),
            "current": number == page.number,
        })
    };
    let (number, of) = (page.number, page.of());
    json!({
        "number": number,
        "of": of,
        "columns": MATRIX_SPLIT,
        "first": span(number)["first"],
        "last": span(number)["last"],
        "prev": (number > 1).then(|| span(number - 1)),
        "next": (number < of).then(|| span(number + 1)),
        "all_url": format!("{}#matrix-pages", (data.href)(&urls::matrix(&page.family, 1))),
        "pages": (number == 1).then(|| (1..=of).map(span).collect::<Vec<_>>()),
    })
}

/// Every KPI of every role, by name.
pub fn kpis(data: &EntityData) -> Value {
    let mut rows: Vec<Value> = Vec::new();
    for (r, (role, view)) in data.catalog.roles.iter().zip(data.roles).enumerate() {
        let Some(kpis) = &role.raw.kpis else { continue };
        let prose = &view.prose;
        for kpi in &kpis.metrics.items {
            let name = prose.html(&kpi.name);
            rows.push(json!({
                "name": name,
                "sort": plain_text(name).to_lowercase(),
                "measures": prose.html(&kpi.measures),
                "target": prose.html(&kpi.target),
                "frequency": prose.html(&kpi.frequency),
                "role": data.role_link(r),
                "anchor": format!("{}#kpis", (data.href)(&data.catalog.roles[r].url)),
            }));
        }
    }
    rows.sort_by(|a, b| {
        a["sort"].as_str().cmp(&b["sort"].as_str()).then(a["role"]["id"].as_str().cmp(&b["role"]["id"].as_str()))
    });
    Value::Array(rows)
}

/// The search index: one short entry per role, skill, tool, KPI and page.
pub fn search_index(data: &EntityData, pages: &[(String, String, String)]) -> String {
    let short = |html: &str| -> String {
        let text = plain_text(html);
        let mut out: String = text.chars().take(110).collect();
        if text.chars().count() > 110 {
            out = format!("{}…", out.trim_end());
        }
        out
    };
    let mut entries: Vec<Value> = Vec::new();
    for (r, role) in data.catalog.roles.iter().enumerate() {
        let scope = data.roles[r].prose.opt(&role.raw.scope).unwrap_or("");
        entries.push(json!({"k": "Role", "t": role.raw.title, "u": (data.href)(&role.url), "d": short(scope)}));
    }
    for skill in &data.catalog.skills {
        entries.push(json!({"k": "Skill", "t": skill.raw.name, "u": (data.href)(&skill.url), "d": skill.raw.category}));
    }
    for tool in &data.catalog.tools {
        entries.push(json!({"k": "Tool", "t": tool.raw.name, "u": (data.href)(&tool.url), "d": tool.raw.category}));
    }
    for kpi in kpis(data).as_array().into_iter().flatten() {
        entries.push(json!({
            "k": "KPI",
            "t": plain_text(kpi["name"].as_str().unwrap_or("")),
            "u": kpi["anchor"],
            "d": kpi["role"]["title"],
        }));
    }
    for (title, url, description) in pages {
        entries.push(json!({"k": "Page", "t": title, "u": url, "d": short(description)}));
    }
    serde_json::to_string(&entries).expect("the index serialises")
}

/// One role as it appears in `/api/roles.json`, as compact JSON. Kept per role so an edit
/// in `serve` rewrites the document without serialising every other role again.
pub fn api_role(
    raw: &RawRole,
    url: &str,
    catalog: &Catalog,
    permalink: &dyn Fn(&str) -> String,
) -> std::sync::Arc<str> {
    let url = permalink(url);
    let json = api_json(
        raw,
        &ApiCx { catalog, permalink },
        &[("url", &|out: &mut Vec<u8>| {
            write_str(out, &url);
            true
        })],
    );
    String::from_utf8(json).expect("JSON written from strings is UTF-8").into()
}

/// The start of `/api/roles.json`, up to the first role.
pub fn roles_document_head(data: &EntityData) -> String {
    format!(
        "{{\"version\":{API_VERSION},\"$schema\":{},\"roles\":[",
        serde_json::to_string(&(data.permalink)(urls::API_SCHEMA_URL)).expect("JSON serialises")
    )
}

/// `/api/roles.json` from its head and the roles' JSON.
pub fn join_roles_document(head: &str, roles: &[std::sync::Arc<str>]) -> String {
    let mut out = String::with_capacity(head.len() + roles.iter().map(|r| r.len() + 1).sum::<usize>() + 3);
    out.push_str(head);
    for (i, role) in roles.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(role);
    }
    out.push_str("]}\n");
    out
}

/// `/api/roles.json` from the roles' JSON.
pub fn roles_document(data: &EntityData, roles: &[std::sync::Arc<str>]) -> String {
    join_roles_document(&roles_document_head(data), roles)
}

/// `/api/roles.json`, `/api/skills.json`, `/api/tools.json` and their schema.
pub fn api_files(data: &EntityData) -> Vec<(&'static str, String)> {
    let catalog = data.catalog;
    let cx = ApiCx { catalog, permalink: data.permalink };
    let skills: Vec<Value> = catalog
        .skills
        .iter()
        .map(|skill| {
            let mut v: Value = serde_json::from_slice(&api_json(&skill.raw, &cx, &[])).expect("the API writes JSON");
            v["url"] = Value::String((data.permalink)(&skill.url));
            v["roles"] = skill
                .needed_by
                .iter()
                .map(|(r, group, importance)| {
                    json!({"id": catalog.roles[*r].id(), "group": group, "importance": importance.map(Importance::as_str)})
                })
                .collect();
            v
        })
        .collect();
    let tools: Vec<Value> = catalog
        .tools
        .iter()
        .map(|tool| {
            let mut v: Value = serde_json::from_slice(&api_json(&tool.raw, &cx, &[])).expect("the API writes JSON");
            v["url"] = Value::String((data.permalink)(&tool.url));
            v["roles"] = tool
                .used_by
                .iter()
                .map(|&(r, row)| {
                    let row = &catalog.roles[r].raw.tools.as_ref().map(|t| &t.items[row]);
                    json!({
                        "id": catalog.roles[r].id(),
                        "commonality": row.map(|row| row.commonality.value.as_str()),
                        "use": row.map(|row| row.use_.as_str()),
                    })
                })
                .collect();
            v
        })
        .collect();
    let doc = |key: &str, items: Vec<Value>| {
        let mut s = serde_json::to_string_pretty(
            &json!({"version": API_VERSION, "$schema": (data.permalink)(urls::API_SCHEMA_URL), key: items}),
        )
        .expect("JSON serialises");
        s.push('\n');
        s
    };
    let [roles_path, skills_path, tools_path, schema_path] = urls::API_FILES;
    vec![
        (roles_path, roles_document(data, data.api_roles)),
        (skills_path, doc("skills", skills)),
        (tools_path, doc("tools", tools)),
        (schema_path, API_SCHEMA.to_string()),
    ]
}

pub const API_VERSION: u32 = 1;

/// The JSON Schema of the `/api/*.json` documents, version 1.
pub const API_SCHEMA: &str = include_str!("api-schema-v1.json");

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
