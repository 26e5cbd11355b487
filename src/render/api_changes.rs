//! `/api/changes.json`: the framework's history for programs, compact, written only when a
//! commit changed a role. Shape (version 1):
//!
//! ```text
//! { "version": 1, "head": "<commit id>", "shallow": false,
//!   "releases": [ { "name", "commit", "time": "<RFC 3339>", "message" } ],   newest first
//!   "commits": [ {                                                           newest first
//!     "id", "time": "<RFC 3339 at the committer's offset>", "author", "subject", "body",
//!     "release": "<release name>" | null, "url": "<its entry on /changes/>",
//!     "roles": [ {                                                           by role id
//!       "role": "<id after the commit>", "current": "<id today>" | null, "title",
//!       "event": { "kind": "added" | "removed" | "changed" | "renamed", "from"? },
//!       "url": "<role page today>" | null,
//!       "changes": [ { "section": "<key>" | null, "path": [..], "kind": "added" |
//!         "removed" | "changed" | "reworded" | "moved", "before"?, "after"?, "text" } ] } ] } ] }
//! ```
//! Values are as written in the role files (markdown left as it is): a reader must escape
//! them. `text` is the change in words, as the pages show it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::input::EntityData;
use super::pages::changes::{change_text, commit_anchor, rfc3339, CHANGES};
use crate::history::{Change, ChangeKind, History, RoleEvent};

/// The version of the document's shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    head: &'a str,
    shallow: bool,
    releases: Vec<Release<'a>>,
    commits: Vec<Commit<'a>>,
}

#[derive(Serialize)]
struct Release<'a> {
    name: &'a str,
    commit: &'a str,
    time: String,
    message: &'a str,
}

#[derive(Serialize)]
struct Commit<'a> {
    id: &'a str,
    time: String,
    author: &'a str,
    subject: &'a str,
    body: &'a str,
    release: Option<&'a str>,
    url: String,
    roles: Vec<Role<'a>>,
}

#[derive(Serialize)]
struct Role<'a> {
    role: &'a str,
    current: Option<&'a str>,
    title: &'a str,
    event: &'a RoleEvent,
    url: Option<String>,
    changes: Vec<ChangeLine<'a>>,
}

#[derive(Serialize)]
struct ChangeLine<'a> {
    section: Option<&'a str>,
    path: &'a [String],
    kind: ChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a str>,
    text: String,
}

fn line(change: &Change) -> ChangeLine<'_> {
    ChangeLine {
        section: change.section.as_deref(),
        path: &change.path,
        kind: change.kind,
        before: change.before.as_deref(),
        after: change.after.as_deref(),
        text: change_text(change),
    }
}

/// The document, as compact JSON.
pub fn changes_document(data: &EntityData, history: &History) -> String {
    let roles: BTreeMap<&str, &str> = data.catalog.roles.iter().map(|r| (r.id(), r.url.as_str())).collect();
    let releases = history
        .releases
        .iter()
        .map(|r| Release { name: &r.name, commit: &r.commit, time: rfc3339(r.time, r.offset), message: &r.message })
        .collect();
    let commits = history
        .commits
        .iter()
        .map(|c| Commit {
            id: &c.commit.id,
            time: rfc3339(c.commit.time, c.commit.offset),
            author: &c.commit.author,
            subject: &c.commit.subject,
            body: &c.commit.body,
            release: c.release.and_then(|i| history.releases.get(i)).map(|r| r.name.as_str()),
            url: format!("{}#{}", (data.permalink)(CHANGES), commit_anchor(&c.commit)),
            roles: c
                .roles
                .iter()
                .map(|r| Role {
                    role: &r.role,
                    current: r.current.as_deref(),
                    title: &r.title,
                    event: &r.event,
                    url: r.current.as_deref().and_then(|id| roles.get(id)).map(|url| (data.permalink)(url)),
                    changes: r.changes.iter().map(line).collect(),
                })
                .collect(),
        })
        .collect();
    let document = Document { version: VERSION, head: &history.head, shallow: history.shallow, releases, commits };
    serde_json::to_string(&document).expect("the document is plain data")
}
