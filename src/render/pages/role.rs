//! A role's page: its blueprint (the template value made by [`crate::render::view`]),
//! table of contents, place on the career path, next steps and the roles naming it.

use serde::Serialize;

use super::compare::Comparison;
use crate::content::sections::CustomText;
use crate::model::blueprint::{self, SectionKind};
use crate::model::roles::{Relation, RelationKind};
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, RoleLink, SharedRoleLink};
use crate::render::text::plain_text;
use crate::urls;

/// A section the page shows, numbered in the order shown.
#[derive(Serialize)]
struct ShownSection<'a> {
    key: &'a str,
    id: &'a str,
    /// For a section of the site's own: `prose` or `list` (the template shows `text` or
    /// `items`).
    custom: Option<&'static str>,
    text: Option<&'a str>,
    items: Vec<&'a str>,
    number: usize,
    heading: &'a str,
    /// The heading again, under the name themes written for the contents list use.
    title: &'a str,
}

/// Where a role sits on its rubric.
#[derive(Serialize)]
struct RungView<'a> {
    title: &'a str,
    url: String,
    level: u32,
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct NamedBy {
    kind: &'static str,
    role: SharedRoleLink,
}

fn named_by(data: &EntityData, relations: &[Relation]) -> Vec<NamedBy> {
    relations.iter().map(|r| NamedBy { kind: r.kind.as_str(), role: data.shared_link(r.from) }).collect()
}

/// The page of role `i`.
pub fn page(data: &EntityData, url: &str, i: usize) -> Page {
    let catalog = data.catalog;
    let role = &catalog.roles[i];
    let view = &data.roles[i];
    let description = view.prose.opt(&role.raw.scope).map(plain_text).unwrap_or_default();
    let crumbs = vec![crumb(data, "Roles", urls::ROLES)];
    let mut ctx = PageFrame::entity(data, &role.raw.title, &description, url, crumbs).context();
    let sections: Vec<ShownSection> = data
        .shape
        .shown_for(role)
        .enumerate()
        .map(|(n, s)| {
            let own = match s.kind {
                SectionKind::Custom(_) => blueprint::custom_text(role, &s.key),
                SectionKind::BuiltIn(_) => None,
            };
            let (text, items) = match own {
                Some(CustomText::Text(md)) => (Some(view.prose.html(md)), Vec::new()),
                Some(CustomText::List(list)) => (None, view.prose.items(list).collect()),
                None => (None, Vec::new()),
            };
            ShownSection {
                key: &s.key,
                id: &s.id,
                custom: own.map(|t| t.kind().as_str()),
                text,
                items,
                number: n + 1,
                heading: &s.heading,
                title: &s.heading,
            }
        })
        .collect();
    let rung = role.rung.map(|rung| {
        let rubric = &catalog.rubrics[rung.rubric];
        let level = &rubric.raw.levels[rung.level];
        RungView {
            title: &rubric.raw.title,
            url: (data.href)(&rubric.url),
            level: level.level.value,
            name: level.name.as_deref().or(role.raw.level_name.as_deref()),
        }
    });
    ctx.insert_value("role", view.value.clone());
    ctx.insert("role_ref", &data.shared_link(i));
    // One value under both names (an Arc clone), not the list serialised twice.
    let sections = tera::Value::from_serializable(&sections);
    ctx.insert_value("toc", sections.clone());
    ctx.insert_value("sections", sections);
    ctx.insert("rung", &rung);
    ctx.insert("expectations", &data.expectation_groups(i));
    ctx.insert("profile", &crate::render::profile_svg::profile(data, i));
    ctx.insert("named_by", &named_by(data, &role.named_by));
    ctx.insert("path", &data.role_path(i));
    ctx.insert("jsonld", &super::jsonld::occupation_jsonld(data, i));
    ctx.insert("openings", &super::openings::for_role(data, i));
    let next: Vec<RoleLink> = data
        .graph
        .next_of(i)
        .map(|to| {
            let written = !role.is_stub() && !catalog.roles[to].is_stub();
            let cmp = Comparison { from: i, to, step: true };
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
        let refs: Vec<SharedRoleLink> =
            role.named_by.iter().filter(|r| r.kind == kind).map(|r| data.shared_link(r.from)).collect();
        ctx.insert(key, &refs);
    }
    Page { template: "role.html", ctx, what: catalog.files[role.file].rel.clone() }
}
