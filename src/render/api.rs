//! The JSON published for other tools: `/api/roles.json`, `/api/skills.json`,
//! `/api/tools.json`, `/api/frameworks.json` and their schema, written from the typed
//! blueprints.

use serde_json::{json, Value};

use super::api_framework;
use super::input::EntityData;
use super::view::{api_json, write_str, ApiCx, ApiObject};
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
    let [roles_path, skills_path, tools_path, frameworks_path, schema_path] = urls::API_FILES;
    put(roles_path, roles_document(data, data.api_roles).as_bytes());
    put(skills_path, skills_document(data).as_bytes());
    put(tools_path, tools_document(data).as_bytes());
    put(frameworks_path, api_framework::frameworks_document(data, API_VERSION).as_bytes());
    put(schema_path, API_SCHEMA.as_bytes());
}

/// A catalogue document: `{"version", "$schema", key: items}`, pretty-printed.
fn catalogue_document(data: &EntityData, key: &str, items: Vec<Value>) -> String {
    let mut s = serde_json::to_string_pretty(
        &json!({"version": API_VERSION, "$schema": (data.permalink)(urls::API_SCHEMA_URL), key: items}),
    )
    .expect("JSON serialises");
    s.push('\n');
    s
}

/// One catalogue entry as `/api` publishes it: its fields, its absolute URL and the roles
/// that name it.
fn catalogue_entry(data: &EntityData, raw: &impl ApiObject, url: &str, roles: Value) -> Value {
    let cx = ApiCx { catalog: data.catalog, permalink: data.permalink };
    let mut v: Value = serde_json::from_slice(&api_json(raw, &cx, &[])).expect("the API writes JSON");
    v["url"] = Value::String((data.permalink)(url));
    v["roles"] = roles;
    v
}

/// `/api/skills.json`: each skill with the roles that need it.
fn skills_document(data: &EntityData) -> String {
    let catalog = data.catalog;
    let skills: Vec<Value> = catalog
        .skills
        .iter()
        .map(|skill| {
            let roles = skill
                .needed_by
                .iter()
                .map(|(r, group, importance)| {
                    json!({"id": catalog.roles[*r].id(), "group": group, "importance": importance.map(Importance::as_str)})
                })
                .collect();
            catalogue_entry(data, &skill.raw, &skill.url, roles)
        })
        .collect();
    catalogue_document(data, "skills", skills)
}

/// `/api/tools.json`: each tool with the roles that use it, and how.
fn tools_document(data: &EntityData) -> String {
    let catalog = data.catalog;
    let tools: Vec<Value> = catalog
        .tools
        .iter()
        .map(|tool| {
            let roles = tool
                .used_by
                .iter()
                .map(|&(r, row)| {
                    let row = &catalog.roles[r].raw.tools.as_ref().map(|t| &t.items[row]);
                    json!({
                        "id": catalog.roles[r].id(),
                        "commonality": row.map(|row| row.commonality.value.as_str()),
                        "use": row.map(|row| row.use_.as_str()),
                    })
                })
                .collect();
            catalogue_entry(data, &tool.raw, &tool.url, roles)
        })
        .collect();
    catalogue_document(data, "tools", tools)
}

pub const API_VERSION: u32 = 1;

/// The JSON Schema of the `/api/*.json` documents, version 1.
pub const API_SCHEMA: &str = include_str!("api-schema-v1.json");
