//! `rolebook check --since <rev>`: what the roles of the work tree change compared with a
//! revision, for a pull request's description.

use std::sync::Arc;

use serde::Serialize;

use super::assemble::{changes_between, is_role_file, names_of, parse_role_text, Version};
use super::git::Repo;
use super::{CommitInfo, RoleChanges, RoleEvent};
use crate::site::Model;

/// The roles' changes from a revision to the files as they are now.
#[derive(Debug, Clone, Serialize)]
pub struct Since {
    /// The revision as given (`origin/main`).
    pub rev: String,
    /// The commit it names.
    pub base: CommitInfo,
    /// Commits on top of it, newest first (uncommitted edits count too, but have none).
    pub commits: Vec<CommitInfo>,
    /// What changed, role by role, sorted by id.
    pub roles: Vec<RoleChanges>,
}

/// The change list from `rev` to the work tree of the site `model` was loaded from.
/// The error is a sentence for the person who typed `--since`.
pub fn since(root: &std::path::Path, rev: &str, model: &Model) -> Result<Since, String> {
    let repo = Repo::open(root).map_err(|limit| format!("--since needs the git history: {}", limit.line()))?;
    let snapshot = repo.files_at(rev, &is_role_file)?;
    let commits = repo.commits_since(&snapshot.commit.id)?;
    let before: Vec<(String, Arc<_>)> = snapshot
        .files
        .iter()
        .filter_map(|(path, blob)| {
            Some((path.clone(), Arc::new(Version::of(parse_role_text(path, &repo.text(blob)?)?))))
        })
        .collect();
    let catalog = &model.catalog;
    let after: Vec<(String, Arc<_>)> = catalog
        .roles
        .iter()
        .filter_map(|role| {
            let path = catalog.files[role.file].content_rel.clone();
            is_role_file(&path).then(|| (path, Arc::new(Version::of(role.raw.clone()))))
        })
        .collect();
    let mut roles = changes_between(before, after, &model.shape, &names_of(catalog));
    for role in &mut roles {
        role.current = (role.event != RoleEvent::Removed).then(|| role.role.clone());
    }
    Ok(Since { rev: rev.to_string(), base: snapshot.commit, commits, roles })
}

impl Since {
    /// The change list as markdown, ready to paste into a pull request.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "## Role changes since {} ({}, {})\n\n",
            self.rev,
            self.base.short_id(),
            super::utc_day(self.base.time)
        );
        if self.roles.is_empty() {
            out.push_str("No role changed.\n");
            return out;
        }
        for role in &self.roles {
            let what = match &role.event {
                RoleEvent::Added => " (new role)".to_string(),
                RoleEvent::Removed => " (removed)".to_string(),
                RoleEvent::Renamed { from } => format!(" (renamed from `{from}`)"),
                RoleEvent::Changed => String::new(),
            };
            out.push_str(&format!("\n### {} (`{}`){what}\n\n", role.title, role.role));
            for change in &role.changes {
                out.push_str(&format!("- {}\n", change.line()));
            }
        }
        out
    }

    /// One line of JSON, beside the diagnostics' lines (`"reason": "changes"` tells them
    /// apart).
    pub fn json(&self) -> String {
        let mut value = serde_json::to_value(self).expect("the change list serialises");
        value.as_object_mut().expect("an object").insert("reason".into(), "changes".into());
        value.to_string()
    }
}
