//! The framework's history: what changed in the roles, commit by commit, in words.
//!
//! ```text
//! git (read the commits that touched content/) ──► Log
//!   ──assemble (parse each role version once, by blob id; diff)──► History
//!   ──render──► /changes/, /changes/feed.xml, /roles/<id>/history/, redirects, lastmod
//! ```
//! [`git`] is the only module that talks to the repository; [`diff`] compares two typed
//! blueprints field by field and knows nothing of git; [`prose`] splits reworded text into
//! sentences. The types below are what the stages hand each other.

pub mod assemble;
pub mod diff;
pub mod git;
pub mod prose;
pub mod since;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A commit as the history pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// The full hexadecimal id.
    pub id: String,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
    /// The committer's offset from UTC, in seconds.
    pub offset: i32,
    pub author: String,
    /// The message's first line.
    pub subject: String,
    /// The rest of the message, blank lines around it removed (often empty).
    pub body: String,
}

impl CommitInfo {
    /// The first seven characters of the id, as people quote it.
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

/// One field-level change to one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The key of the blueprint section the change is in (`kpis`, `skills`, a site's own
    /// section key…); `None` for the role's header fields (title, family, track, level,
    /// level name, scope, rubric).
    pub section: Option<String>,
    /// Where in the role, in words, outermost first: e.g. `["KPIs", "“Time to validated
    /// prototype”", "target"]`, or `["Technical skills", "Must have", "“Causal inference”",
    /// "importance"]`. Never empty.
    pub path: Vec<String>,
    pub kind: ChangeKind,
    /// The value before and after, as written (markdown left as it is), when the change
    /// has one: `Added` has only `after`, `Removed` only `before`, `Moved` names the old
    /// and new place in `before`/`after`.
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change {
    /// One change in words: `KPIs › “Time to validated prototype” › target: 8 weeks → 6 weeks`,
    /// `Technical skills › Must have: “Causal inference” added`, `Summary reworded`.
    pub fn line(&self) -> String {
        let change = self;
        let whole = change.path.join(" › ");
        let (parent, last) = match change.path.split_last() {
            Some((last, parent)) if !parent.is_empty() => (Some(parent.join(" › ")), last.as_str()),
            Some((last, _)) => (None, last.as_str()),
            None => (None, ""),
        };
        let side = |v: &Option<String>| v.as_deref().map_or_else(|| "—".to_string(), value);
        // A bullet (or a reference) added to or removed from a list has the list as its
        // path, not a name of its own: without its text the line would say the whole list
        // came or went.
        let unnamed_item = |v: &Option<String>| match v {
            Some(v) if change.section.is_some() && parent.is_some() && !last.starts_with('“') => Some(value(v)),
            _ => None,
        };
        let item = |verb: &str, v: &Option<String>| match (&parent, unnamed_item(v)) {
            (_, Some(text)) => format!("{whole}: “{text}” {verb}"),
            (Some(parent), None) => format!("{parent}: {last} {verb}"),
            (None, None) => format!("{last} {verb}"),
        };
        match change.kind {
            ChangeKind::Added => item("added", &change.after),
            ChangeKind::Removed => item("removed", &change.before),
            ChangeKind::Changed => format!("{whole}: {} → {}", side(&change.before), side(&change.after)),
            ChangeKind::Reworded => format!("{whole} reworded"),
            ChangeKind::Moved => format!("{whole} moved from {} to {}", side(&change.before), side(&change.after)),
        }
    }
}

/// A value longer than this is cut short on change lines (the role page has it whole).
pub const VALUE_CHARS: usize = 120;

/// A value as a change line shows it: on one line, cut short when long. Markdown stays
/// as written; templates escape it.
pub(crate) fn value(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= VALUE_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(VALUE_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// What happened to a field or a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A list item or an optional field appeared.
    Added,
    /// A list item or an optional field went away.
    Removed,
    /// A value (a target, an importance, a weight, a level, a linked role…) changed.
    Changed,
    /// Prose changed; `before`/`after` hold the whole text so pages can show the sentences
    /// that changed ([`prose::sentence_diff`]).
    Reworded,
    /// A list item left one list for another in the same section (a skill from "Good to
    /// have" to "Must have"); `before`/`after` name the lists.
    Moved,
}

/// Display names of the entities a blueprint refers to by id, so a change says
/// "“Causal inference”" rather than `causal-inference`. An id it does not know is shown
/// as it is.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub roles: BTreeMap<String, String>,
    pub skills: BTreeMap<String, String>,
    pub tools: BTreeMap<String, String>,
    pub areas: BTreeMap<String, String>,
}

/// What happened to a role in one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RoleEvent {
    Added,
    Removed,
    /// Its id changed from `from` (a renamed file, or `previous_ids`); `changes` may also
    /// hold edits made in the same commit.
    Renamed {
        from: String,
    },
    Changed,
}

/// The changes one commit made to one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChanges {
    /// The role's id after the commit (before it, for a removed role).
    pub role: String,
    /// The role's id today, when it still exists (after later renames); `None` for a role
    /// that was removed since.
    pub current: Option<String>,
    /// The role's title after the commit (before it, for a removed role).
    pub title: String,
    pub event: RoleEvent,
    pub changes: Vec<Change>,
}

/// The role changes of one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitChanges {
    pub commit: CommitInfo,
    /// Sorted by role id.
    pub roles: Vec<RoleChanges>,
    /// Index into [`History::releases`] of the release that first contains this commit;
    /// `None` while unreleased.
    pub release: Option<usize>,
}

/// A tag matching the configured release pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The tag's name, e.g. `framework-v1.2`.
    pub name: String,
    /// The commit it marks.
    pub commit: String,
    /// The tagger's time for an annotated tag, else the commit's.
    pub time: i64,
    pub offset: i32,
    /// An annotated tag's message; empty for a lightweight tag.
    pub message: String,
}

/// An old role URL kept alive as a redirect.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Redirect {
    /// The old id (`/roles/<from>/` redirects).
    pub from: String,
    /// The role's id today.
    pub to: String,
}

/// Why there is no history, or only part of it: said in one line by build and check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// `history: false` in rolebook.yaml.
    SwitchedOff,
    /// The site is not inside a git work tree.
    NotInGit,
    /// The repository has no commit yet.
    NoCommits,
    /// A shallow clone: only commits since `since` (UTC, `YYYY-MM-DD`) are known.
    Shallow { since: String },
    /// The repository could not be read; the message says why.
    Unreadable(String),
}

impl Limit {
    /// What could not be done, in one line for the end of a run.
    pub fn line(&self) -> String {
        match self {
            Limit::SwitchedOff => "history: switched off in rolebook.yaml; no changes pages or last-changed dates".into(),
            Limit::NotInGit => {
                "history: the site is not in a git repository; no changes pages or last-changed dates".into()
            }
            Limit::NoCommits => "history: the repository has no commits yet; the changes pages start with the first".into(),
            Limit::Shallow { since } => format!(
                "history: a shallow clone, so only changes since {since} are shown; fetch all of it with `git fetch --unshallow` (actions/checkout: `fetch-depth: 0`)"
            ),
            Limit::Unreadable(why) => format!("history: the git repository could not be read ({why}); no changes pages"),
        }
    }
}

/// The framework's history as the pages show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The commit the history ends at (`HEAD`).
    pub head: String,
    /// Commits that changed a role, newest first.
    pub commits: Vec<CommitChanges>,
    /// Releases, newest first.
    pub releases: Vec<Release>,
    /// For each current role id, the commit (index into `commits`) that last changed it.
    pub last_changed: BTreeMap<String, usize>,
    /// Old ids of current roles that keep their URL as a redirect.
    pub redirects: Vec<Redirect>,
    /// Whether older commits are missing (a shallow clone).
    pub shallow: bool,
}

/// The UTC day of a Unix time, `YYYY-MM-DD`.
pub fn utc_day(time: i64) -> String {
    crate::date::Date::from_days_since_epoch(time.div_euclid(86_400)).to_string()
}
