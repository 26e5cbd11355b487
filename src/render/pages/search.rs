//! Search: the `/search/` page and `search-index.json`, one short entry per role, skill,
//! tool, KPI and page.

use serde_json::{json, Value};

use super::kpis::kpis;
use crate::render::frame::{Page, PageFrame};
use crate::render::input::EntityData;
use crate::render::text::plain_text;

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
    let mut entries: Vec<Value> = Vec::new();
    for (r, role) in data.catalog.roles.iter().enumerate() {
        let scope = data.roles[r].prose.opt(&role.raw.scope).unwrap_or("");
        entries.push(json!({"k": "Role", "t": role.raw.title, "u": (data.href)(&role.url), "d": short(scope)}));
    }
    for skill in &data.catalog.skills {
        entries.push(json!({"k": "Skill", "t": skill.raw.name, "u": (data.href)(&skill.url), "d": skill.raw.category}));
    }
    for tool in &data.catalog.tools {
        entries.push(json!({"k": "Tool", "t": tool.raw.name, "u": (data.href)(&tool.url), "d": tool.raw.category}));
    }
    for kpi in kpis(data) {
        entries.push(json!({"k": "KPI", "t": plain_text(kpi.name), "u": kpi.anchor, "d": kpi.role.title}));
    }
    for (title, url, description) in pages {
        entries.push(json!({"k": "Page", "t": title, "u": url, "d": short(description)}));
    }
    serde_json::to_string(&entries).expect("the index serialises")
}

/// The `/search/` page.
pub fn page(data: &EntityData, url: &str) -> Page {
    let frame = PageFrame::entity(data, "Search", "Search roles, skills, tools and KPIs.", url, Vec::new());
    let mut ctx = frame.context();
    ctx.insert("families", &data.families());
    Page { template: "search.html", ctx, what: "the search page".into() }
}
