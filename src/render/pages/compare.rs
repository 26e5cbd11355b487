//! Role comparisons: what changes when a role moves to one of its next roles.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::content::role::{Importance, List, Md, RawRole};
use crate::model::career::CareerGraph;
use crate::model::Catalog;
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, EntityLink, RoleLink};
use crate::render::view::Prose;
use crate::urls;

/// One comparison page: from `from` to `to`, both written blueprints.
pub struct Comparison {
    pub from: usize,
    pub to: usize,
}

impl Comparison {
    /// `/roles/<from>/next/<to>/`
    pub fn url(&self, catalog: &Catalog) -> String {
        crate::urls::comparison(&catalog.roles[self.from].url, catalog.roles[self.to].id())
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

/// Every responsibility, the lists in the alphabetical order of their YAML keys (the
/// order comparisons have always listed them in).
fn responsibilities(role: &RawRole, prose: &Prose) -> Vec<String> {
    let Some(r) = &role.responsibilities else { return Vec::new() };
    let lists: [&List<Md>; 6] =
        [&r.cross_functional, &r.governance, &r.leadership, &r.operational, &r.strategic, &r.technical];
    lists.into_iter().flat_map(|list| prose.items(list)).map(str::to_string).collect()
}

/// The decisions the role takes on its own.
fn independent_decisions(role: &RawRole, prose: &Prose) -> Vec<String> {
    role.decision_rights.iter().flat_map(|d| prose.items(&d.independent)).map(str::to_string).collect()
}

/// What a comparison page shows.
#[derive(Serialize)]
pub struct ComparisonView<'a> {
    pub from: RoleLink<'a>,
    pub to: RoleLink<'a>,
    pub skills: SkillChanges<'a>,
    /// Responsibilities of the next role the first does not list, as HTML.
    pub responsibilities: Vec<String>,
    /// Decisions the next role takes alone and the first does not, as HTML.
    pub decisions: Vec<String>,
    pub scope: FromTo<Option<&'a str>>,
    pub mission: FromTo<Option<&'a str>>,
}

#[derive(Serialize)]
pub struct FromTo<T> {
    pub from: T,
    pub to: T,
}

/// How the skills change from one role to the next.
#[derive(Serialize)]
pub struct SkillChanges<'a> {
    pub gained: Vec<Gained<'a>>,
    pub raised: Vec<Changed<'a>>,
    pub lowered: Vec<Changed<'a>>,
    pub kept: Vec<Changed<'a>>,
    pub dropped: Vec<EntityLink<'a>>,
}

/// A skill only the next role needs.
#[derive(Serialize)]
pub struct Gained<'a> {
    pub skill: EntityLink<'a>,
    pub importance: &'static str,
}

/// A skill both roles need, with how much.
#[derive(Serialize)]
pub struct Changed<'a> {
    pub skill: EntityLink<'a>,
    pub before: &'static str,
    pub after: &'static str,
}

/// The view of one comparison.
pub fn context<'a>(data: &EntityData<'a>, cmp: &Comparison) -> ComparisonView<'a> {
    let (a, b) = (cmp.from, cmp.to);
    let (ra, rb) = (&data.catalog.roles[a].raw, &data.catalog.roles[b].raw);
    let (pa, pb) = (&data.roles[a].prose, &data.roles[b].prose);
    let (sa, sb) = (&data.catalog.roles[a].skills, &data.catalog.roles[b].skills);
    let label = |i: &Option<Importance>| i.map(Importance::as_str).unwrap_or("Listed");
    let mut skills = SkillChanges { gained: vec![], raised: vec![], lowered: vec![], kept: vec![], dropped: vec![] };
    for (&s, importance) in sb {
        match sa.get(&s) {
            None => skills.gained.push(Gained { skill: data.skill_link(s), importance: label(importance) }),
            Some(before) => {
                let entry = Changed { skill: data.skill_link(s), before: label(before), after: label(importance) };
                match (before, importance) {
                    (Some(x), Some(y)) if y < x => skills.raised.push(entry),
                    (Some(x), Some(y)) if y > x => skills.lowered.push(entry),
                    _ => skills.kept.push(entry),
                }
            }
        }
    }
    skills.dropped = sa.keys().filter(|s| !sb.contains_key(s)).map(|&s| data.skill_link(s)).collect();
    let before: BTreeSet<String> = responsibilities(ra, pa).into_iter().collect();
    let new_responsibilities: Vec<String> =
        responsibilities(rb, pb).into_iter().filter(|r| !before.contains(r)).collect();
    let decided_before: BTreeSet<String> = independent_decisions(ra, pa).into_iter().collect();
    let new_decisions: Vec<String> =
        independent_decisions(rb, pb).into_iter().filter(|d| !decided_before.contains(d)).collect();
    let mission = |role: &RawRole, prose: &'a Prose| role.mission.as_ref().map(|m| prose.html(&m.core));
    ComparisonView {
        from: data.role_link(a),
        to: data.role_link(b),
        skills,
        responsibilities: new_responsibilities,
        decisions: new_decisions,
        scope: FromTo { from: pa.opt(&ra.scope), to: pb.opt(&rb.scope) },
        mission: FromTo { from: mission(ra, pa), to: mission(rb, pb) },
    }
}

/// The page of one comparison.
pub fn page(data: &EntityData, url: &str, cmp: &Comparison) -> Page {
    let (from, to) = (&data.catalog.roles[cmp.from], &data.catalog.roles[cmp.to]);
    let title = format!("From {} to {}", from.raw.title, to.raw.title);
    let crumbs = vec![crumb(data, "Roles", urls::ROLES), crumb(data, &from.raw.title, &from.url)];
    let description = format!("What changes when a {} becomes a {}.", from.raw.title, to.raw.title);
    let mut ctx = PageFrame::entity(data, &title, &description, url, crumbs).context();
    ctx.insert("cmp", &context(data, cmp));
    Page { template: "compare.html", ctx, what: format!("the comparison {title}") }
}
