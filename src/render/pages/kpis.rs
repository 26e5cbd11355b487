//! The KPI index, `/kpis/`: every KPI of every role, by name.

use serde_json::{json, Value};

use crate::render::frame::{Page, PageFrame};
use crate::render::input::EntityData;
use crate::render::text::plain_text;

/// Every KPI of every role, by name.
pub fn kpis(data: &EntityData) -> Value {
    let mut rows: Vec<Value> = Vec::new();
    for (r, (role, view)) in data.catalog.roles.iter().zip(data.roles).enumerate() {
        let Some(kpis) = &role.raw.kpis else { continue };
        let prose = &view.prose;
        for kpi in &kpis.metrics.items {
            let name = prose.html(&kpi.name);
            rows.push(json!({
                "name": name,
                "sort": plain_text(name).to_lowercase(),
                "measures": prose.html(&kpi.measures),
                "target": prose.html(&kpi.target),
                "frequency": prose.html(&kpi.frequency),
                "role": data.role_link(r),
                "anchor": format!("{}#kpis", (data.href)(&data.catalog.roles[r].url)),
            }));
        }
    }
    rows.sort_by(|a, b| {
        a["sort"].as_str().cmp(&b["sort"].as_str()).then(a["role"]["id"].as_str().cmp(&b["role"]["id"].as_str()))
    });
    Value::Array(rows)
}

/// The `/kpis/` page.
pub fn page(data: &EntityData, url: &str) -> Page {
    let frame =
        PageFrame::entity(data, "KPIs", "Every KPI of every role, with its target and frequency.", url, Vec::new());
    let mut ctx = frame.context();
    ctx.insert("kpis", &kpis(data));
    Page { template: "kpis.html", ctx, what: "the KPI index".into() }
}
