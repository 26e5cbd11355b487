//! The career framework in the JSON export: `/api/frameworks.json` (the competency areas in
//! the site's order, and each rubric with its levels and the roles at each), and, in
//! `/api/roles.json`, each role's rubric and its resolved expectations. Markdown is kept as
//! written, as everywhere in the API.

use super::input::EntityData;
use super::pretty_json::pretty;
use super::view::{write_object, write_str, ApiCx, ApiObject, Resolve};
use crate::model::framework::CellSource;
use crate::model::Role;
use crate::urls;

/// A role's `rubric`: `{id, name, url, level}`, the rubric it sits on and its level there;
/// absent (`false`, nothing written) when it sits on none.
pub fn write_rung(role: &Role, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
    let Some(rung) = role.rung else { return false };
    let rubric = &cx.catalog.rubrics[rung.rubric];
    let url = (cx.permalink)(&rubric.url);
    let level = rubric.raw.levels[rung.level].level.value;
    write_object(
        out,
        &mut [
            ("id", &|out: &mut Vec<u8>| rubric.raw.id.value.api(cx, out)),
            ("name", &|out: &mut Vec<u8>| rubric.raw.title.api(cx, out)),
            ("url", &|out: &mut Vec<u8>| url.api(cx, out)),
            ("level", &|out: &mut Vec<u8>| level.api(cx, out)),
        ],
    );
    true
}

/// A role's `expectations`: area id → the expectation that applies (its own text, else its
/// rubric's), with `from` (`"role"` or `"rubric"`) and `level`, the level whose text it is
/// (lower than the role's when the area is as at a level below). Areas in the site's
/// order; absent when the role has none.
pub fn write_expectations(role: &Role, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
    if role.expectations.is_empty() {
        return false;
    }
    let catalog = cx.catalog;
    out.push(b'{');
    for (i, cell) in role.expectations.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, &catalog.areas[cell.area].raw.id.value);
        out.push(b':');
        let (expectation, from, level) = match cell.from {
            CellSource::Role { index } => {
                let own = role.raw.expectations.as_ref().expect("a cell from the role's own text");
                (&own.0[index].1, "role", role.level())
            }
            CellSource::Rubric { rubric, level, index, .. } => {
                let at = &catalog.rubrics[rubric].raw.levels[level];
                (&at.expectations.0[index].1, "rubric", Some(at.level.value))
            }
        };
        expectation.api_object(
            cx,
            out,
            &[("from", &|out: &mut Vec<u8>| from.api(cx, out)), ("level", &|out: &mut Vec<u8>| level.api(cx, out))],
        );
    }
    out.push(b'}');
    true
}

/// `/api/frameworks.json` (of API `version`): the areas, in the site's order (grouped),
/// and the rubrics.
pub fn frameworks_document(data: &EntityData, version: u32) -> String {
    let catalog = data.catalog;
    let cx = ApiCx { catalog, permalink: data.permalink };
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"{\"$schema\":");
    write_str(&mut out, &(data.permalink)(urls::API_SCHEMA_URL));
    out.extend_from_slice(b",\"areas\":[");
    for (i, a) in catalog.area_order().into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        catalog.areas[a].raw.api_object(&cx, &mut out, &[]);
    }
    out.extend_from_slice(b"],\"rubrics\":[");
    for (i, rubric) in catalog.rubrics.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let url = (data.permalink)(&rubric.url);
        let levels = |out: &mut Vec<u8>| {
            out.push(b'[');
            for (l, level) in rubric.raw.levels.iter().enumerate() {
                if l > 0 {
                    out.push(b',');
                }
                let roles = &rubric.roles[l];
                // The column's label, as the track page shows it: the level's own name,
                // else the level name of its first role.
                let name = level
                    .name
                    .as_deref()
                    .or_else(|| roles.first().and_then(|&r| catalog.roles[r].raw.level_name.as_deref()));
                let ids: Vec<&str> = roles.iter().map(|&r| catalog.roles[r].id()).collect();
                level.api_object(
                    &cx,
                    out,
                    &[
                        ("name", &|out: &mut Vec<u8>| name.is_some_and(|n| n.api(&cx, out))),
                        ("roles", &|out: &mut Vec<u8>| {
                            serde_json::to_writer(&mut *out, &ids).expect("writing to memory cannot fail");
                            true
                        }),
                    ],
                );
            }
            out.push(b']');
            true
        };
        rubric.raw.api_object(
            &cx,
            &mut out,
            &[
                ("url", &|out: &mut Vec<u8>| {
                    write_str(out, &url);
                    true
                }),
                ("levels", &levels),
            ],
        );
    }
    out.extend_from_slice(format!("],\"version\":{version}}}").as_bytes());
    let mut s = pretty(&out);
    s.push('\n');
    s
}
