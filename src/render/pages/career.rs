//! The `/career-paths/` page: the ladder as an SVG, and the same as text, by family.

use crate::model::career::CareerGraph;
use crate::render::career_svg;
use crate::render::frame::{Page, PageFrame};
use crate::render::input::{EntityData, Family, RoleLink};

/// The `/career-paths/` page: the SVG and its text equivalent.
pub fn career_page<'a>(data: &EntityData<'a>, graph: &CareerGraph) -> (String, Vec<Family<'a, RoleLink<'a>>>) {
    let layout = career_svg::layout(data.catalog);
    let svg = career_svg::svg(data.catalog, graph, &layout, data.href);
    let families = data.families_with(|r| RoleLink { path: Some(data.role_path(r)), ..data.role_link(r) });
    (svg, families)
}

/// The `/career-paths/` page.
pub fn page(data: &EntityData, url: &str) -> Page {
    let (svg, families) = career_page(data, data.graph);
    let description = "How the roles connect: every ladder and the moves between them.";
    let mut ctx = PageFrame::entity(data, "Career paths", description, url, Vec::new()).context();
    ctx.insert("svg", &svg);
    ctx.insert("families", &families);
    Page { template: "career.html", ctx, what: "the career paths page".into() }
}
