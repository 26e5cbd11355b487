//! Role comparisons: what changes when a role moves to one of its next roles.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::across::role_link;
use super::entities::EntityData;
use super::view::at;
use crate::content::role::Importance;
use crate::model::career::CareerGraph;
use crate::model::Catalog;

/// One comparison page: from `from` to `to`, both written blueprints.
pub struct Comparison {
    pub from: usize,
    pub to: usize,
}

impl Comparison {
    /// `/roles/<from>/next/<to>/`
    pub fn url(&self, catalog: &Catalog) -> String {
        format!("{}next/{}/", catalog.roles[self.from].url, catalog.roles[self.to].id())
    }
}

/// Every step `from → to` of the ladder where both roles have a blueprint.
pub fn comparisons(catalog: &Catalog, graph: &CareerGraph) -> Vec<Comparison> {
    let roles = &catalog.roles;
    let mut out: Vec<Comparison> = Vec::new();
    for from in 0..roles.len() {
        if roles[from].is_stub() {
            continue;
        }
        for to in graph.next_of(from) {
            if !roles[to].is_stub() {
                out.push(Comparison { from, to });
            }
        }
    }
    out
}

/// Items of every list under `path` (a section with several lists, or one list).
fn items(view: &tera::Value, path: &str) -> Vec<String> {
    let Some(section) = at(view, path) else { return Vec::new() };
    let mut out = Vec::new();
    let mut push_list = |list: &tera::Value| {
        for item in at(list, "items").and_then(tera::Value::as_array).into_iter().flatten() {
            if let Some(text) = item.as_str() {
                out.push(text.to_string());
            }
        }
    };
    if at(section, "items").is_some() {
        push_list(section);
    } else if let Some(map) = section.as_map() {
        // Template maps have no order of their own; lists follow in the order of their keys.
        let mut lists: Vec<_> = map.iter().collect();
        lists.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        for (_, list) in lists {
            push_list(list);
        }
    }
    out
}

/// The template context of one comparison.
pub fn context(data: &EntityData, cmp: &Comparison) -> Value {
    let (a, b) = (cmp.from, cmp.to);
    let (va, vb) = (&data.roles[a], &data.roles[b]);
    let (sa, sb) = (&data.catalog.roles[a].skills, &data.catalog.roles[b].skills);
    let skill = |s: usize| {
        let skill = &data.catalog.skills[s];
        json!({"name": skill.raw.name, "url": (data.href)(&skill.url)})
    };
    let label = |i: &Option<Importance>| i.map(Importance::as_str).unwrap_or("Listed");
    let mut gained = Vec::new();
    let mut raised = Vec::new();
    let mut lowered = Vec::new();
    let mut kept = Vec::new();
    for (&s, importance) in sb {
        match sa.get(&s) {
            None => gained.push(json!({"skill": skill(s), "importance": label(importance)})),
            Some(before) => {
                let entry = json!({"skill": skill(s), "before": label(before), "after": label(importance)});
                match (before, importance) {
                    (Some(x), Some(y)) if y < x => raised.push(entry),
                    (Some(x), Some(y)) if y > x => lowered.push(entry),
                    _ => kept.push(entry),
                }
            }
        }
    }
    let dropped: Vec<Value> = sa.keys().filter(|s| !sb.contains_key(s)).map(|&s| skill(s)).collect();
    let before: BTreeSet<String> = items(va, "responsibilities").into_iter().collect();
    let new_responsibilities: Vec<String> =
        items(vb, "responsibilities").into_iter().filter(|r| !before.contains(r)).collect();
    let decided_before: BTreeSet<String> = items(va, "decision_rights.independent").into_iter().collect();
    let new_decisions: Vec<String> =
        items(vb, "decision_rights.independent").into_iter().filter(|d| !decided_before.contains(d)).collect();
    json!({
        "from": role_link(data, a),
        "to": role_link(data, b),
        "skills": {"gained": gained, "raised": raised, "lowered": lowered, "kept": kept, "dropped": dropped},
        "responsibilities": new_responsibilities,
        "decisions": new_decisions,
        "scope": {"from": at(va, "scope"), "to": at(vb, "scope")},
        "mission": {"from": at(va, "mission.core"), "to": at(vb, "mission.core")},
    })
}
