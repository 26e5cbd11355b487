//! Search: the `/search/` page and `search-index.json`, one short entry per role, skill,
//! tool, KPI, track, competency area and page.

use serde::Serialize;

use super::kpis::kpis;
use crate::render::frame::{Page, PageFrame};
use crate::render::input::EntityData;
use crate::render::text::plain_text;

/// One entry of `search-index.json`. Short keys keep a 10,000-page index small; the fields
/// are declared in key order, as the index has always listed them.
#[derive(Serialize)]
struct Entry {
    /// A line under the title: a role's scope, a skill's category, a KPI's role.
    d: String,
    /// The kind, shown as a badge: Role, Skill, Tool, KPI, Track, Area or Page.
    k: &'static str,
    /// The title.
    t: String,
    /// Where it is, relative to the site's base.
    u: String,
}

impl Entry {
    fn new(k: &'static str, t: impl Into<String>, u: impl Into<String>, d: impl Into<String>) -> Entry {
        Entry { d: d.into(), k, t: t.into(), u: u.into() }
    }
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
    let mut entries: Vec<Entry> = Vec::new();
    for (r, role) in data.catalog.roles.iter().enumerate() {
        let scope = data.roles[r].prose.opt(&role.raw.scope).unwrap_or("");
        entries.push(Entry::new("Role", &role.raw.title, (data.href)(&role.url), short(scope)));
    }
    for skill in &data.catalog.skills {
        entries.push(Entry::new("Skill", &skill.raw.name, (data.href)(&skill.url), &skill.raw.category));
    }
    for tool in &data.catalog.tools {
        entries.push(Entry::new("Tool", &tool.raw.name, (data.href)(&tool.url), &tool.raw.category));
    }
    for kpi in kpis(data) {
        entries.push(Entry::new("KPI", plain_text(kpi.name), kpi.anchor, kpi.role_title));
    }
    for (r, rubric) in data.catalog.rubrics.iter().enumerate() {
        let line = match data.rubrics[r].prose.opt(&rubric.raw.description) {
            Some(html) => short(html),
            None => format!("{} · {}", rubric.raw.family, rubric.raw.track),
        };
        entries.push(Entry::new("Track", &rubric.raw.title, (data.href)(&rubric.url), line));
    }
    for (a, area) in data.catalog.areas.iter().enumerate() {
        let Some(url) = area_url(data, a) else { continue };
        let line = match data.areas[a].prose.opt(&area.raw.description) {
            Some(html) => short(html),
            None => area.raw.group.clone().unwrap_or_default(),
        };
        entries.push(Entry::new("Area", &area.raw.name, url, line));
    }
    for (title, url, description) in pages {
        entries.push(Entry::new("Page", title, url, short(description)));
    }
    serde_json::to_string(&entries).expect("the index serialises")
}

/// Where a search for area `a` leads: its row on the first track whose rubric describes
/// it, else its text on the first role that writes it; `None` when nothing shows it.
fn area_url(data: &EntityData, a: usize) -> Option<String> {
    let catalog = data.catalog;
    let id = catalog.areas[a].raw.id.value.as_str();
    let described = |levels: &[crate::content::framework::RubricLevel]| {
        levels.iter().any(|l| l.expectations.0.iter().any(|(area, _)| area.as_str() == id))
    };
    let page = match catalog.rubrics.iter().find(|r| described(&r.raw.levels)) {
        Some(rubric) => &rubric.url,
        None => &catalog.roles.iter().find(|r| r.expectations.iter().any(|c| c.area == a))?.url,
    };
    Some(format!("{}#area-{id}", (data.href)(page)))
}

/// The `/search/` page.
pub fn page(data: &EntityData, url: &str) -> Page {
    let frame =
        PageFrame::entity(data, "Search", "Search roles, skills, tools, KPIs and competencies.", url, Vec::new());
    let mut ctx = frame.context();
    ctx.insert("families", &data.families());
    // The indexes the page points to, only where the header's navigation has them too.
    ctx.insert("has_skills", &!data.catalog.skills.is_empty());
    ctx.insert("has_tools", &!data.catalog.tools.is_empty());
    ctx.insert("has_kpis", &super::kpis::has_kpis(data.catalog));
    Page { template: "search.html", ctx, what: "the search page".into() }
}
