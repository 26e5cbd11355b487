//! A role's page: its blueprint (the template value made by [`crate::render::view`]),
//! table of contents, place on the career path, next steps and the roles naming it.

use serde::Serialize;

use super::compare::Comparison;
use crate::content::role::RawRole;
use crate::model::roles::{Relation, RelationKind};
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, RoleLink};
use crate::render::text::plain_text;
use crate::urls;

/// Whether a blueprint has one of its sections.
type HasSection = fn(&RawRole) -> bool;

/// The twenty blueprint sections: whether a blueprint has it, anchor id, heading. The
/// role page's table of contents lists those the blueprint has, numbered in this order.
pub const SECTIONS: &[(HasSection, &str, &str)] = &[
    (|r| r.summary.is_some(), "summary", "Role Summary"),
    (|r| r.mission.is_some(), "mission", "Role Mission"),
    (|r| r.responsibilities.is_some(), "responsibilities", "Core Responsibilities"),
    (|r| r.day_to_day.is_some(), "day-to-day", "Day-to-Day Activities"),
    (|r| r.deliverables.is_some(), "deliverables", "Key Deliverables"),
    (|r| r.goals.is_some(), "goals", "Goals, Objectives, and Milestones"),
    (|r| r.kpis.is_some(), "kpis", "KPIs and Productivity Metrics"),
    (|r| r.skills.is_some(), "technical-skills", "Technical Skills Required"),
    (|r| r.soft_skills.is_some(), "soft-skills", "Soft Skills and Behavioral Capabilities"),
    (|r| r.tools.is_some(), "tools", "Tools, Platforms, and Software"),
    (|r| r.environment.is_some(), "environment", "Typical Tech Stack / Environment"),
    (|r| r.stakeholders.is_some(), "stakeholders", "Stakeholders and Collaboration Map"),
    (|r| r.decision_rights.is_some(), "decision-rights", "Decision Rights and Scope of Authority"),
    (|r| r.experience.is_some(), "experience", "Required Experience and Qualifications"),
    (|r| r.career.is_some(), "career-path", "Career Path and Progression"),
    (|r| r.risks.is_some(), "risks", "Risks, Challenges, and Failure Modes"),
    (|r| r.variants.is_some(), "variants", "Role Variants"),
    (|r| r.ai_impact.is_some(), "ai-impact", "AI / Automation Impact on the Role"),
    (|r| r.hiring.is_some(), "hiring", "Hiring Evaluation Criteria"),
    (|r| r.scorecard_summary.is_some(), "scorecard-summary", "Final Role Scorecard Summary"),
];

#[derive(Serialize)]
struct TocEntry {
    id: &'static str,
    number: usize,
    title: &'static str,
}

#[derive(Serialize)]
struct NamedBy<'a> {
    kind: &'static str,
    role: RoleLink<'a>,
}

fn named_by<'a>(data: &EntityData<'a>, relations: &[Relation]) -> Vec<NamedBy<'a>> {
    relations.iter().map(|r| NamedBy { kind: r.kind.as_str(), role: data.role_link(r.from) }).collect()
}

/// The page of role `i`.
pub fn page(data: &EntityData, url: &str, i: usize) -> Page {
    let catalog = data.catalog;
    let role = &catalog.roles[i];
    let view = &data.roles[i];
    let description = view.prose.opt(&role.raw.scope).map(plain_text).unwrap_or_default();
    let crumbs = vec![crumb(data, "Roles", urls::ROLES)];
    let mut ctx = PageFrame::entity(data, &role.raw.title, &description, url, crumbs).context();
    let toc: Vec<TocEntry> = SECTIONS
        .iter()
        .enumerate()
        .filter(|(_, (has, _, _))| has(&role.raw))
        .map(|(n, (_, id, title))| TocEntry { id, number: n + 1, title })
        .collect();
    ctx.insert_value("role", view.value.clone());
    ctx.insert("role_ref", &data.role_link(i));
    ctx.insert("toc", &toc);
    ctx.insert("named_by", &named_by(data, &role.named_by));
    ctx.insert("path", &data.role_path(i));
    ctx.insert("jsonld", &super::jsonld::occupation_jsonld(data, i));
    let next: Vec<RoleLink> = data
        .graph
        .next_of(i)
        .map(|to| {
            let written = !role.is_stub() && !catalog.roles[to].is_stub();
            let cmp = Comparison { from: i, to };
            RoleLink { compare_url: written.then(|| (data.href)(&cmp.url(catalog))), ..data.role_link(to) }
        })
        .collect();
    ctx.insert("next_steps", &next);
    for (key, kind) in [
        ("leads_to", RelationKind::LeadsTo),
        ("follows_from", RelationKind::FollowsFrom),
        ("adjacent_to", RelationKind::AdjacentTo),
        ("peer_of", RelationKind::PeerOf),
    ] {
        let refs: Vec<RoleLink> =
            role.named_by.iter().filter(|r| r.kind == kind).map(|r| data.role_link(r.from)).collect();
        ctx.insert(key, &refs);
    }
    Page { template: "role.html", ctx, what: catalog.files[role.file].rel.clone() }
}
