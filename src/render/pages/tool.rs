//! A tool's page: its description, the roles that use it and what for, and the skills
//! that name it.

use serde::Serialize;

use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, EntityLink, SharedRoleLink};
use crate::render::text::plain_text;
use crate::urls;

/// A role that uses a tool, on the tool's page.
#[derive(Serialize)]
struct Use<'a> {
    role: SharedRoleLink,
    commonality: &'static str,
    commonality_label: Option<&'a str>,
    #[serde(rename = "use")]
    use_: &'a str,
}

/// The page of tool `i`.
pub fn page(data: &EntityData, url: &str, i: usize) -> Page {
    let catalog = data.catalog;
    let tool = &catalog.tools[i];
    let view = &data.tools[i];
    let description = view.prose.opt(&tool.raw.description).map(plain_text).unwrap_or_default();
    let crumbs = vec![crumb(data, "Tools", urls::TOOLS)];
    let mut ctx = PageFrame::entity(data, &tool.raw.name, &description, url, crumbs).context();
    let used_by: Vec<Use> = tool
        .used_by
        .iter()
        .filter_map(|&(r, row)| {
            // `used_by` indexes the role's own rows, so the row is there.
            let row = catalog.roles[r].raw.tools.as_ref()?.items.get(row)?;
            Some(Use {
                role: data.shared_link(r),
                commonality: row.commonality.value.as_str(),
                commonality_label: row.commonality_label.as_deref(),
                use_: data.roles[r].prose.html(&row.use_),
            })
        })
        .collect();
    let related_skills: Vec<EntityLink> = (0..catalog.skills.len())
        .filter(|&s| catalog.skills[s].raw.related_tools.iter().any(|t| t.as_str() == tool.raw.id.value))
        .map(|s| data.skill_link(s))
        .collect();
    ctx.insert_value("tool", view.value.clone());
    ctx.insert("used_by", &used_by);
    ctx.insert("related_skills", &related_skills);
    Page { template: "tool.html", ctx, what: catalog.files[tool.file].rel.clone() }
}
