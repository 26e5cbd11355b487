//! The indexes: `/roles/` (by family), `/skills/` (by category, with the skill matrix or
//! links to each family's), `/tools/` (by category), and the navigation entries to them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::matrix;
use crate::content::role::Md;
use crate::model::Catalog;
use crate::render::context::Link;
use crate::render::frame::{Page, PageFrame};
use crate::render::input::EntityData;
use crate::render::view::EntityView;
use crate::urls;

/// The `/roles/` page.
pub fn roles(data: &EntityData, url: &str) -> Page {
    let mut ctx = PageFrame::entity(data, "Roles", "Every role, by family and level.", url, Vec::new()).context();
    ctx.insert("families", &data.families());
    Page { template: "roles.html", ctx, what: "the roles index".into() }
}

/// The `/skills/` page.
pub fn skills(data: &EntityData, url: &str) -> Page {
    let catalog = data.catalog;
    let description = "Every skill by category, and how much each role needs it.";
    let mut ctx = PageFrame::entity(data, "Skills", description, url, Vec::new()).context();
    ctx.insert(
        "categories",
        &categories(catalog.skills.iter().zip(data.skills).map(|(s, view)| {
            (s.raw.category.as_str(), Entry::new(&s.raw.id.value, &s.raw.name, &s.raw.description, view))
        })),
    );
    match matrix::split_families(catalog) {
        Some(families) => {
            let links: Vec<Link> = families
                .into_iter()
                .map(|f| Link { title: f.to_string(), url: (data.href)(&urls::matrix(f, 1)) })
                .collect();
            ctx.insert("family_matrices", &links);
        }
        None => ctx.insert("matrix", &matrix::skill_matrix(data)),
    }
    Page { template: "skills.html", ctx, what: "the skills index".into() }
}

/// The `/tools/` page.
pub fn tools(data: &EntityData, url: &str) -> Page {
    let catalog = data.catalog;
    let description = "Every tool, platform and piece of software, by category.";
    let mut ctx = PageFrame::entity(data, "Tools", description, url, Vec::new()).context();
    ctx.insert(
        "categories",
        &categories(catalog.tools.iter().zip(data.tools).map(|(t, view)| {
            (t.raw.category.as_str(), Entry::new(&t.raw.id.value, &t.raw.name, &t.raw.description, view))
        })),
    );
    Page { template: "tools.html", ctx, what: "the tools index".into() }
}

/// A skill or tool in its index.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
}

impl<'a> Entry<'a> {
    fn new(id: &'a str, name: &'a str, description: &Option<Md>, view: &'a EntityView) -> Self {
        Entry { id, name, description: view.prose.opt(description) }
    }
}

/// Entities grouped by category (alphabetically).
#[derive(Serialize)]
struct Category<'a> {
    name: &'a str,
    id: String,
    items: Vec<Entry<'a>>,
}

fn categories<'a>(entries: impl Iterator<Item = (&'a str, Entry<'a>)>) -> Vec<Category<'a>> {
    let mut by_category: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
    for (category, entry) in entries {
        by_category.entry(category).or_default().push(entry);
    }
    by_category.into_iter().map(|(name, items)| Category { name, id: crate::slug::slugify(name), items }).collect()
}

/// The navigation entries for the entity pages.
pub fn nav(catalog: &Catalog, href: &(dyn Fn(&str) -> String + Sync)) -> Vec<Link> {
    let mut nav = Vec::new();
    if !catalog.roles.is_empty() {
        nav.push(Link { title: "Roles".into(), url: href(urls::ROLES) });
        nav.push(Link { title: "Career paths".into(), url: href(urls::CAREER_PATHS) });
    }
    if super::picker::has_picker(catalog) {
        nav.push(Link { title: "Compare".into(), url: href(urls::COMPARE) });
    }
    if !catalog.rubrics.is_empty() {
        nav.push(Link { title: "Tracks".into(), url: href(urls::TRACKS) });
    }
    if !catalog.skills.is_empty() {
        nav.push(Link { title: "Skills".into(), url: href(urls::SKILLS) });
    }
    if !catalog.tools.is_empty() {
        nav.push(Link { title: "Tools".into(), url: href(urls::TOOLS) });
    }
    if super::kpis::has_kpis(catalog) {
        nav.push(Link { title: "KPIs".into(), url: href(urls::KPIS) });
    }
    nav
}
