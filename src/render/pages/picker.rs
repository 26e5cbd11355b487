//! The `/compare/` page: pick any two written roles and compare them. Where a static
//! comparison page exists the picker goes there; otherwise `compare.js` builds the
//! comparison in the browser from `/api/compare.json`, which this module also writes.
//! Without JavaScript the page lists the static comparisons.

use serde::Serialize;
use std::collections::BTreeMap;

use super::compare::comparisons;
use super::compare_sections::{plain_sections, section_infos, PlainSection, SectionInfo};
use crate::content::role::Importance;
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, RoleLink, SharedRoleLink};
use crate::render::text::plain_text;
use crate::urls;

/// Whether the site gets the picker: it takes two written roles to compare.
pub fn has_picker(catalog: &crate::model::Catalog) -> bool {
    catalog.roles.iter().filter(|r| !r.is_stub()).nth(1).is_some()
}

/// The static comparisons from one role, for the list shown without JavaScript.
#[derive(Serialize)]
struct From<'a> {
    role: RoleLink<'a>,
    to: Vec<RoleLink<'a>>,
}

/// The picker page.
pub fn page(data: &EntityData, url: &str) -> Page {
    let catalog = data.catalog;
    let written: Vec<SharedRoleLink> =
        (0..catalog.roles.len()).filter(|&r| !catalog.roles[r].is_stub()).map(|r| data.shared_link(r)).collect();
    let mut from: Vec<From> = Vec::new();
    for cmp in comparisons(catalog, data.graph) {
        let to = RoleLink { compare_url: Some((data.href)(&cmp.url(catalog))), ..data.role_link(cmp.to) };
        match from.last_mut() {
            Some(last) if last.role.id == catalog.roles[cmp.from].id() => last.to.push(to),
            _ => from.push(From { role: data.role_link(cmp.from), to: vec![to] }),
        }
    }
    // Declared steps come first, then pairs by track: gather each role's comparisons.
    from.sort_by(|a, b| a.role.title.cmp(b.role.title).then(a.role.id.cmp(b.role.id)));
    let mut merged: Vec<From> = Vec::new();
    for f in from {
        match merged.last_mut() {
            Some(last) if last.role.id == f.role.id => last.to.extend(f.to),
            _ => merged.push(f),
        }
    }
    let crumbs = vec![crumb(data, "Roles", urls::ROLES)];
    let description = "Compare any two roles: what each competency area, skill and responsibility adds or drops.";
    let mut ctx = PageFrame::entity(data, "Compare roles", description, url, crumbs).context();
    ctx.insert("roles", &written);
    ctx.insert("from_roles", &merged);
    ctx.insert("compare_json", &(data.href)(&urls::of_file(urls::API_COMPARE)));
    Page { template: "picker.html", ctx, what: "the comparison picker".into() }
}

/// `/api/compare.json`: for each written role, its per-area expectations and its texts
/// for the site's own sections as plain text, its skills with importance, and the static
/// comparison pages from it; plus the site's areas and own sections in order. URLs are
/// site paths with the base path, ready for links.
pub fn compare_json(data: &EntityData) -> String {
    let catalog = data.catalog;
    let order = catalog.area_order();
    let areas: Vec<AreaName> = order
        .iter()
        .map(|&a| AreaName { id: &catalog.areas[a].raw.id.value, name: &catalog.areas[a].raw.name })
        .collect();
    let mut pages: Vec<BTreeMap<&str, String>> = vec![BTreeMap::new(); catalog.roles.len()];
    for cmp in comparisons(catalog, data.graph) {
        pages[cmp.from].insert(catalog.roles[cmp.to].id(), (data.href)(&cmp.url(catalog)));
    }
    let plain = |texts: &[&str]| texts.iter().map(|t| plain_text(t)).collect::<Vec<_>>();
    let roles: Vec<PickerRole> = (0..catalog.roles.len())
        .filter(|&r| !catalog.roles[r].is_stub())
        .map(|r| {
            let role = &catalog.roles[r];
            let expectations = order
                .iter()
                .filter_map(|&a| data.cell_view(r, a))
                .map(|cell| {
                    let t = &cell.text;
                    let mut behaviours = plain(&t.behaviours);
                    let mut examples = plain(&t.examples);
                    // Sub-levels fold into their level, named, as the static page lists them.
                    for sub in &t.sub_levels {
                        behaviours.extend(sub.behaviours.iter().map(|b| format!("{}: {}", sub.name, plain_text(b))));
                        examples.extend(sub.examples.iter().map(|e| format!("{}: {}", sub.name, plain_text(e))));
                    }
                    PickerCell { area: cell.area.id, behaviours, examples, summary: t.summary.map(plain_text) }
                })
                .collect();
            let skills = role
                .skills
                .iter()
                .map(|(&s, importance)| PickerSkill {
                    id: &catalog.skills[s].raw.id.value,
                    importance: importance.map(Importance::as_str),
                    name: &catalog.skills[s].raw.name,
                })
                .collect();
            PickerRole {
                expectations,
                id: role.id(),
                pages: std::mem::take(&mut pages[r]),
                sections: plain_sections(data, r),
                skills,
                title: &role.raw.title,
                url: (data.href)(&role.url),
            }
        })
        .collect();
    let document = PickerData { areas, roles, sections: section_infos(data), version: 1 };
    let mut s = serde_json::to_string(&document).expect("JSON serialises");
    s.push('\n');
    s
}

// `/api/compare.json`'s parts. Fields are in key order, as the document has always listed
// them.

#[derive(Serialize)]
struct PickerData<'a> {
    areas: Vec<AreaName<'a>>,
    roles: Vec<PickerRole<'a>>,
    sections: Vec<SectionInfo<'a>>,
    version: u32,
}

#[derive(Serialize)]
struct AreaName<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct PickerRole<'a> {
    expectations: Vec<PickerCell<'a>>,
    id: &'a str,
    pages: BTreeMap<&'a str, String>,
    sections: Vec<PlainSection<'a>>,
    skills: Vec<PickerSkill<'a>>,
    title: &'a str,
    url: String,
}

/// One area's expectation, as plain text.
#[derive(Serialize)]
struct PickerCell<'a> {
    area: &'a str,
    behaviours: Vec<String>,
    examples: Vec<String>,
    summary: Option<String>,
}

#[derive(Serialize)]
struct PickerSkill<'a> {
    id: &'a str,
    importance: Option<&'static str>,
    name: &'a str,
}
