//! A skill's page: its description and the roles that need it.

use serde::Serialize;

use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, SharedRoleLink};
use crate::render::text::{group_label, plain_text};
use crate::urls;

/// A role that needs a skill, on the skill's page.
#[derive(Serialize)]
struct Need {
    role: SharedRoleLink,
    group: &'static str,
    importance: Option<&'static str>,
}

/// The page of skill `i`.
pub fn page(data: &EntityData, url: &str, i: usize) -> Page {
    let skill = &data.catalog.skills[i];
    let view = &data.skills[i];
    let description = view.prose.opt(&skill.raw.description).map(plain_text).unwrap_or_default();
    let crumbs = vec![crumb(data, "Skills", urls::SKILLS)];
    let mut ctx = PageFrame::entity(data, &skill.raw.name, &description, url, crumbs).context();
    let needed_by: Vec<Need> = skill
        .needed_by
        .iter()
        .map(|(r, group, importance)| Need {
            role: data.shared_link(*r),
            group: group_label(group),
            importance: importance.map(|i| i.as_str()),
        })
        .collect();
    ctx.insert_value("skill", view.value.clone());
    ctx.insert("needed_by", &needed_by);
    Page { template: "skill.html", ctx, what: data.catalog.files[skill.file].rel.clone() }
}
