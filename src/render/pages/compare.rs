//! Role comparisons: what changes from one written role to another, per competency area
//! and per blueprint section (the site's own in [`super::compare_sections`]). Which pairs
//! get a static page is decided here ([`comparisons`]); the picker ([`super::picker`])
//! compares any other pair in the browser.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use super::compare_areas::{area_changes, AreaChange};
use super::compare_sections::{section_changes, SectionChange};
use crate::content::role::{Importance, List, Md, RawRole};
use crate::model::career::CareerGraph;
use crate::model::Catalog;
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, EntityLink, SharedRoleLink};
use crate::render::view::Prose;
use crate::urls;

/// One comparison page: from `from` to `to`, both written blueprints.
pub struct Comparison {
    pub from: usize,
    pub to: usize,
    /// Whether `to` is a declared next step of `from`: such comparisons keep the URL they
    /// have always had, under the role.
    pub step: bool,
}

impl Comparison {
    /// `/roles/<from>/next/<to>/` for a declared step, `/compare/<from>/<to>/` otherwise.
    pub fn url(&self, catalog: &Catalog) -> String {
        let (from, to) = (&catalog.roles[self.from], &catalog.roles[self.to]);
        if self.step {
            urls::comparison(&from.url, to.id())
        } else {
            urls::pair(from.id(), to.id())
        }
    }
}

/// A track with at most this many written roles gets a page for every pair of them, read
/// up the ladder (12 roles: 66 pages). A larger track gets pages only between neighbours
/// in level order, so a 1,000-role site makes about one page per role rather than a
/// million. A comparison down the ladder is the same page read backwards, and the picker
/// compares that and any other pair in the browser.
pub const ALL_PAIRS_LIMIT: usize = 12;

/// Every comparison with a static page: each declared step `from → to` where both roles
/// have a blueprint, then pairs of written roles on one track rubric (see
/// [`ALL_PAIRS_LIMIT`]), each pair once.
pub fn comparisons(catalog: &Catalog, graph: &CareerGraph) -> Vec<Comparison> {
    let roles = &catalog.roles;
    let mut out: Vec<Comparison> = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for from in 0..roles.len() {
        if roles[from].is_stub() {
            continue;
        }
        for to in graph.next_of(from) {
            if !roles[to].is_stub() && seen.insert((from, to)) {
                out.push(Comparison { from, to, step: true });
            }
        }
    }
    for rubric in &catalog.rubrics {
        let written: Vec<usize> = rubric.roles.iter().flatten().copied().filter(|&r| !roles[r].is_stub()).collect();
        // `written` is in level order, so each pair reads from the lower level up.
        let pairs: Vec<(usize, usize)> = if written.len() <= ALL_PAIRS_LIMIT {
            let written = &written;
            (0..written.len()).flat_map(|i| written[i + 1..].iter().map(move |&b| (written[i], b))).collect()
        } else {
            written.windows(2).map(|w| (w[0], w[1])).collect()
        };
        for (from, to) in pairs {
            // A declared step the other way already compares the two.
            if !seen.contains(&(to, from)) && seen.insert((from, to)) {
                out.push(Comparison { from, to, step: false });
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
    pub from: SharedRoleLink,
    pub to: SharedRoleLink,
    /// What changes per competency area, in the site's area order.
    pub areas: Vec<AreaChange<'a>>,
    /// Whether any area changes (else the page says they are all the same).
    pub areas_changed: bool,
    /// What changes in each of the site's own sections either role has, in its order.
    pub sections: Vec<SectionChange<'a>>,
    /// Whether either role lists skills (else the skills section is left out).
    pub has_skills: bool,
    /// Whether either role lists responsibilities, decision rights or a scope.
    pub has_responsibilities: bool,
    pub has_decisions: bool,
    pub has_scope: bool,
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
    let areas = area_changes(data, a, b);
    ComparisonView {
        from: data.shared_link(a),
        to: data.shared_link(b),
        areas_changed: areas.iter().any(|c| c.status != "same"),
        areas,
        sections: section_changes(data, a, b),
        has_skills: !sa.is_empty() || !sb.is_empty(),
        has_responsibilities: !before.is_empty() || !new_responsibilities.is_empty(),
        has_decisions: !decided_before.is_empty() || !new_decisions.is_empty(),
        has_scope: ra.scope.is_some() || rb.scope.is_some(),
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
    let crumbs = vec![crumb(data, "Roles", urls::ROLES), crumb(data, "Compare roles", urls::COMPARE)];
    let description = format!("What changes when a {} becomes a {}.", from.raw.title, to.raw.title);
    let mut ctx = PageFrame::entity(data, &title, &description, url, crumbs).context();
    ctx.insert("cmp", &context(data, cmp));
    Page { template: "compare.html", ctx, what: format!("the comparison {title}") }
}
