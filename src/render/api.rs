//! The JSON published for other tools: `/api/roles.json`, `/api/skills.json`,
//! `/api/tools.json`, `/api/frameworks.json` and their schema, written from the typed
//! blueprints.

use serde::Serialize;

use super::input::EntityData;
use super::pretty_json::pretty;
use super::view::{api_json, write_str, ApiCx, ApiObject};
use super::{api_framework, api_openings};
use crate::content::role::Importance;
use crate::model::{Catalog, Role};
use crate::urls;

/// One role as it appears in `/api/roles.json`, as compact JSON. Kept per role so an edit
/// in `serve` rewrites the document without serialising every other role again. Its
/// `rubric` and `expectations` are resolved (see [`super::api_framework`]), not as written.
pub fn api_role(role: &Role, catalog: &Catalog, permalink: &dyn Fn(&str) -> String) -> std::sync::Arc<str> {
    let url = permalink(&role.url);
    let cx = ApiCx { catalog, permalink };
    let json = api_json(
        &role.raw,
        &cx,
        &[
            ("url", &|out: &mut Vec<u8>| {
                write_str(out, &url);
                true
            }),
            ("rubric", &|out: &mut Vec<u8>| api_framework::write_rung(role, &cx, out)),
            ("expectations", &|out: &mut Vec<u8>| api_framework::write_expectations(role, &cx, out)),
        ],
    );
    String::from_utf8(json).expect("JSON written from strings is UTF-8").into()
}

/// The start of `/api/roles.json`, up to the first role.
pub fn roles_document_head(data: &EntityData) -> String {
    format!(
        "{{\"version\":{API_VERSION},\"$schema\":{},\"roles\":[",
        serde_json::to_string(&(data.permalink)(urls::API_SCHEMA_URL)).expect("JSON serialises")
    )
}

/// `/api/roles.json` from its head and the roles' JSON.
pub fn join_roles_document(head: &str, roles: &[std::sync::Arc<str>]) -> String {
    let mut out = String::with_capacity(head.len() + roles.iter().map(|r| r.len() + 1).sum::<usize>() + 3);
    out.push_str(head);
    for (i, role) in roles.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(role);
    }
    out.push_str("]}\n");
    out
}

/// `/api/roles.json` from the roles' JSON.
pub fn roles_document(data: &EntityData, roles: &[std::sync::Arc<str>]) -> String {
    join_roles_document(&roles_document_head(data), roles)
}

/// `/api/roles.json`, `/api/skills.json`, `/api/tools.json`, `/api/frameworks.json` and
/// their schema, each handed
/// to `put` and dropped before the next is made: the roles document of a large framework is
/// tens of megabytes, and holding all four at once raised the build's peak memory.
pub fn put_api_files(data: &EntityData, put: &mut dyn FnMut(&'static str, &[u8])) {
    let [roles_path, skills_path, tools_path, frameworks_path, openings_path, schema_path] = urls::API_FILES;
    let mut watch = crate::timings::Stopwatch::new();
    put(roles_path, roles_document(data, data.api_roles).as_bytes());
    watch.lap("    api: roles");
    put(skills_path, skills_document(data).as_bytes());
    watch.lap("    api: skills");
    put(tools_path, tools_document(data).as_bytes());
    watch.lap("    api: tools");
    put(frameworks_path, api_framework::frameworks_document(data, API_VERSION).as_bytes());
    watch.lap("    api: frameworks");
    put(openings_path, api_openings::openings_document(data, API_VERSION).as_bytes());
    watch.lap("    api: openings");
    put(schema_path, API_SCHEMA.as_bytes());
}

/// A catalogue document, `{"$schema", key: [items], "version"}`, indented: each item
/// written by `item` as compact JSON.
fn catalogue_document<T>(data: &EntityData, key: &str, items: &[T], item: impl Fn(&T, &mut Vec<u8>)) -> String {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"{\"$schema\":");
    write_str(&mut out, &(data.permalink)(urls::API_SCHEMA_URL));
    out.push(b',');
    write_str(&mut out, key);
    out.extend_from_slice(b":[");
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(it, &mut out);
    }
    out.extend_from_slice(format!("],\"version\":{API_VERSION}}}").as_bytes());
    let mut s = pretty(&out);
    s.push('\n');
    s
}

/// One catalogue entry as `/api` publishes it: its fields, its absolute URL and the roles
/// that name it (written by `roles`).
fn catalogue_entry(
    data: &EntityData,
    raw: &impl ApiObject,
    url: &str,
    roles: &dyn Fn(&mut Vec<u8>) -> bool,
    out: &mut Vec<u8>,
) {
    let cx = ApiCx { catalog: data.catalog, permalink: data.permalink };
    let url = (data.permalink)(url);
    raw.api_object(
        &cx,
        out,
        &[
            ("url", &|out: &mut Vec<u8>| {
                write_str(out, &url);
                true
            }),
            ("roles", roles),
        ],
    );
}

/// A role that needs a skill, in `/api/skills.json` (fields in key order).
#[derive(Serialize)]
struct SkillUse<'a> {
    group: &'a str,
    id: &'a str,
    importance: Option<&'static str>,
}

/// A role that uses a tool, in `/api/tools.json` (fields in key order).
#[derive(Serialize)]
struct ToolUse<'a> {
    commonality: Option<&'a str>,
    id: &'a str,
    #[serde(rename = "use")]
    use_: Option<&'a str>,
}

/// `list` as a JSON array into `out`.
fn write_list(out: &mut Vec<u8>, list: &[impl Serialize]) -> bool {
    serde_json::to_writer(out, list).expect("writing to memory cannot fail");
    true
}

/// `/api/skills.json`: each skill with the roles that need it.
fn skills_document(data: &EntityData) -> String {
    let catalog = data.catalog;
    catalogue_document(data, "skills", &catalog.skills, |skill, out| {
        let roles: Vec<SkillUse> = skill
            .needed_by
            .iter()
            .map(|(r, group, importance)| SkillUse {
                group,
                id: catalog.roles[*r].id(),
                importance: importance.map(Importance::as_str),
            })
            .collect();
        catalogue_entry(data, &skill.raw, &skill.url, &|out: &mut Vec<u8>| write_list(out, &roles), out);
    })
}

/// `/api/tools.json`: each tool with the roles that use it, and how.
fn tools_document(data: &EntityData) -> String {
    let catalog = data.catalog;
    catalogue_document(data, "tools", &catalog.tools, |tool, out| {
        let roles: Vec<ToolUse> = tool
            .used_by
            .iter()
            .map(|&(r, row)| {
                let row = catalog.roles[r].raw.tools.as_ref().map(|t| &t.items[row]);
                ToolUse {
                    commonality: row.map(|row| row.commonality.value.as_str()),
                    id: catalog.roles[r].id(),
                    use_: row.map(|row| row.use_.as_str()),
                }
            })
            .collect();
        catalogue_entry(data, &tool.raw, &tool.url, &|out: &mut Vec<u8>| write_list(out, &roles), out);
    })
}

pub const API_VERSION: u32 = 1;

/// The JSON Schema of the `/api/*.json` documents, version 1.
pub const API_SCHEMA: &str = include_str!("api-schema-v1.json");
