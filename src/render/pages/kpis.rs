//! The KPI index, `/kpis/`: every KPI of every role, by name.

use serde::Serialize;

use crate::render::frame::{Page, PageFrame};
use crate::render::input::{EntityData, SharedRoleLink};
use crate::render::text::plain_text;

/// One KPI of one role, as HTML.
#[derive(Serialize)]
pub struct KpiRow<'a> {
    pub name: &'a str,
    /// What the index sorts by: the name as lower-case plain text.
    pub sort: String,
    pub measures: &'a str,
    pub target: &'a str,
    pub frequency: &'a str,
    pub role: SharedRoleLink,
    /// The role's id and title, to sort by and to search (`role` is a template value).
    #[serde(skip)]
    pub role_id: &'a str,
    #[serde(skip)]
    pub role_title: &'a str,
    /// The KPI section of the role's page.
    pub anchor: String,
}

/// Whether any role lists a KPI: a site without one gets no "KPIs" link (a role may have
/// a `kpis` key with an introduction and no metric).
pub fn has_kpis(catalog: &crate::model::Catalog) -> bool {
    catalog.roles.iter().any(|r| r.raw.kpis.as_ref().is_some_and(|k| !k.metrics.items.is_empty()))
}

/// Every KPI of every role, by name.
pub fn kpis<'a>(data: &EntityData<'a>) -> Vec<KpiRow<'a>> {
    let mut rows = Vec::new();
    for (r, (role, view)) in data.catalog.roles.iter().zip(data.roles).enumerate() {
        let Some(kpis) = &role.raw.kpis else { continue };
        let prose = &view.prose;
        for kpi in &kpis.metrics.items {
            let name = prose.html(&kpi.name);
            rows.push(KpiRow {
                name,
                sort: plain_text(name).to_lowercase(),
                measures: prose.html(&kpi.measures),
                target: prose.html(&kpi.target),
                frequency: prose.html(&kpi.frequency),
                role: data.shared_link(r),
                role_id: role.id(),
                role_title: &role.raw.title,
                anchor: format!("{}#kpis", (data.href)(&role.url)),
            });
        }
    }
    rows.sort_by(|a, b| a.sort.cmp(&b.sort).then(a.role_id.cmp(b.role_id)));
    rows
}

/// The `/kpis/` page.
pub fn page(data: &EntityData, url: &str) -> Page {
    let frame =
        PageFrame::entity(data, "KPIs", "Every KPI of every role, with its target and frequency.", url, Vec::new());
    let mut ctx = frame.context();
    ctx.insert("kpis", &kpis(data));
    Page { template: "kpis.html", ctx, what: "the KPI index".into() }
}
