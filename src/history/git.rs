//! Reads the commits that touched `content/` from the git repository the site is in.
//! (Skeleton: the signatures are the contract; the body is being written.)

use std::path::Path;
use std::sync::Arc;

use super::{CommitInfo, Limit, Release};

/// The repository the site folder is in, and where the site sits inside its work tree.
pub struct Repo {
    _private: (),
}

/// One file under `content/` that a commit added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// From `content/`, `/`-separated (`roles/x.yaml`).
    pub path: String,
    /// Blob ids (hex) before and after; `None` when the file did not exist on that side.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A commit and the wanted files it changed against its parent.
#[derive(Debug, Clone)]
pub struct CommitFiles {
    pub commit: CommitInfo,
    pub files: Vec<FileChange>,
    /// Index into [`Log::releases`] of the oldest release containing the commit.
    pub release: Option<usize>,
}

/// What [`Repo::log`] found.
#[derive(Debug, Clone)]
pub struct Log {
    pub head: CommitInfo,
    /// Non-merge commits reachable from HEAD that changed a wanted file, oldest first.
    pub commits: Vec<CommitFiles>,
    /// Tags matching the release pattern that HEAD contains, newest first.
    pub releases: Vec<Release>,
    /// In a shallow clone, the oldest commit whose parent is missing (its own changes are
    /// unknown, so it is not in `commits`).
    pub shallow_boundary: Option<CommitInfo>,
}

/// The wanted files as they were at one commit.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub commit: CommitInfo,
    /// (path from `content/`, blob id), sorted by path.
    pub files: Vec<(String, String)>,
}

impl Repo {
    /// The repository containing `site_root`.
    pub fn open(_site_root: &Path) -> Result<Repo, Limit> {
        Err(Limit::NotInGit)
    }

    /// Walks the history of HEAD; `wanted` picks files by their path from `content/`.
    pub fn log(&self, _wanted: &dyn Fn(&str) -> bool, _release_pattern: Option<&str>) -> Result<Log, Limit> {
        Err(Limit::NotInGit)
    }

    /// A blob's text; `None` when it is missing, too large or not UTF-8.
    pub fn text(&self, _blob: &str) -> Option<Arc<str>> {
        None
    }

    /// The wanted files at revision `rev` (anything `git rev-parse` takes).
    pub fn files_at(&self, _rev: &str, _wanted: &dyn Fn(&str) -> bool) -> Result<Snapshot, String> {
        Err("not written yet".into())
    }

    /// Non-merge commits reachable from HEAD but not from `base` (a commit id), newest first.
    pub fn commits_since(&self, _base: &str) -> Result<Vec<CommitInfo>, String> {
        Err("not written yet".into())
    }
}
