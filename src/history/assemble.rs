//! Turns the repository's log into the [`History`] the pages show: each role version is
//! parsed once (by blob id), the versions a commit changed are diffed, renamed roles are
//! followed to their id of today, and each commit's result is cached by commit id.
//!
//! A role is known by its `id:`, not by its file: a file renamed with the id unchanged is
//! no event; an id that changes (in place, with the file, or to an id that lists the old
//! one in `previous_ids`) is a rename; a role removed and another added in one commit are
//! one renamed role when their blueprints are at least half alike, as git pairs renamed
//! files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::git::{CommitFiles, Log, Repo};
use super::{diff, CommitChanges, History, Limit, Names, Redirect, RoleChanges, RoleEvent};
use crate::config::Config;
use crate::content::role::RawRole;
use crate::content::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::blueprint::Shape;
use crate::model::Catalog;
use crate::site::Model;

/// Where the per-commit results are kept between builds.
pub const CACHE_FILE: &str = ".rolebook/cache/history.json";
/// What a cached change list was made by: bump it whenever the diff or the assembly would
/// word a commit's changes differently, so no cache made before is used.
const FORMAT: u32 = 1;
/// A cache larger than this is ignored (and rebuilt).
const CACHE_LIMIT: u64 = 64 << 20;

/// Role files: what the history follows.
pub(super) fn is_role_file(path: &str) -> bool {
    path.starts_with("roles/") && (path.ends_with(".yaml") || path.ends_with(".yml"))
}

/// Whether a run reads the history cache and writes what it computed back.
#[derive(Debug, Clone, Copy)]
pub struct CacheUse {
    pub read: bool,
    pub write: bool,
}

/// The history of the site at `root`, or why there is none (or only part of it). Problems
/// with renames (an old id taken by another role) go to `diagnostics`.
pub fn load(
    root: &Path,
    config: &Config,
    model: &Model,
    cache_use: CacheUse,
    diagnostics: &mut Diagnostics,
) -> (History, Option<Limit>) {
    if !config.history.enabled {
        return (explicit_only(&model.catalog), Some(Limit::SwitchedOff));
    }
    let repo = match Repo::open(root) {
        Ok(repo) => repo,
        Err(limit) => return (explicit_only(&model.catalog), Some(limit)),
    };
    let mut watch = crate::timings::Stopwatch::new();
    let log = match repo.log(&is_role_file, config.history.release_tags.as_deref()) {
        Ok(log) => log,
        Err(limit) => return (explicit_only(&model.catalog), Some(limit)),
    };
    let names = names_of(&model.catalog);
    let key = cache_key(&names, &model.shape);
    let mut cache = if cache_use.read { Cache::read(root, &key) } else { Cache::new(key) };
    let fresh = commits_to_diff(&log, &cache);
    watch.lap("  history: git log, cache read");
    if !fresh.is_empty() {
        let versions = parse_versions(&repo, &fresh);
        watch.lap("  history: parse role versions");
        let results: Vec<Vec<RoleChanges>> = fresh
            .par_iter()
            .zip(&versions)
            .map(|(commit, pair)| commit_changes(commit, pair, &model.shape, &names))
            .collect();
        for (commit, roles) in fresh.iter().zip(results) {
            cache.commits.insert(commit.commit.id.clone(), roles);
        }
        watch.lap("  history: diff");
        if cache_use.write {
            cache.write(root, &log);
        }
    }
    let history = assemble(&log, &cache.commits, &model.catalog, &config.history.reused_ids, diagnostics);
    watch.lap("  history: cache write, assemble");
    let limit = log.shallow_boundary.as_ref().map(|c| Limit::Shallow { since: super::utc_day(c.time) });
    (history, limit)
}

/// Without git, only the renames the role files declare.
fn explicit_only(catalog: &Catalog) -> History {
    History { redirects: declared_redirects(catalog), ..History::default() }
}

/// `previous_ids` of today's roles (checked by the catalog: none is a role of today or
/// listed twice).
fn declared_redirects(catalog: &Catalog) -> Vec<Redirect> {
    let mut redirects: Vec<Redirect> = catalog
        .roles
        .iter()
        .flat_map(|role| {
            role.raw
                .previous_ids
                .iter()
                .flatten()
                .map(|old| Redirect { from: old.value.clone(), to: role.id().to_string() })
        })
        .filter(|r| !catalog.role_ids.contains_key(&r.from))
        .collect();
    redirects.sort();
    redirects.dedup_by(|a, b| a.from == b.from);
    redirects
}

/// Display names of today's roles, skills, tools and areas.
pub fn names_of(catalog: &Catalog) -> Names {
    Names {
        roles: catalog.roles.iter().map(|r| (r.id().to_string(), r.raw.title.clone())).collect(),
        skills: catalog.skills.iter().map(|s| (s.raw.id.value.clone(), s.raw.name.clone())).collect(),
        tools: catalog.tools.iter().map(|t| (t.raw.id.value.clone(), t.raw.name.clone())).collect(),
        areas: catalog.areas.iter().map(|a| (a.raw.id.value.clone(), a.raw.name.clone())).collect(),
    }
}

/// What the words of a change depend on besides the commit: the names and headings of
/// today, and this version of rolebook. A cache made under another key is not used.
fn cache_key(names: &Names, shape: &Shape) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for map in [&names.roles, &names.skills, &names.tools, &names.areas] {
        map.hash(&mut hasher);
    }
    for section in &shape.sections {
        (&section.key, &section.heading).hash(&mut hasher);
    }
    format!("{}-{FORMAT}-{:016x}", env!("CARGO_PKG_VERSION"), hasher.finish())
}

/// The per-commit results kept between builds: a commit never changes, so its role
/// changes are computed once.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    key: String,
    commits: HashMap<String, Vec<RoleChanges>>,
}

impl Cache {
    fn new(key: String) -> Cache {
        Cache { key, commits: HashMap::new() }
    }

    /// The cache file if it was made under `key`; an empty cache otherwise (a damaged or
    /// foreign file is ignored and later replaced).
    fn read(root: &Path, key: &str) -> Cache {
        crate::output::read_limited(root, CACHE_FILE, CACHE_LIMIT)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|cache| cache.key == key)
            .unwrap_or_else(|| Cache::new(key.to_string()))
    }

    /// Keeps the commits of `log` only, so the file never outgrows the history.
    fn write(&self, root: &Path, log: &Log) {
        let ids: BTreeSet<&str> = log.commits.iter().map(|c| c.commit.id.as_str()).collect();
        let sorted: BTreeMap<&String, &Vec<RoleChanges>> =
            self.commits.iter().filter(|(id, _)| ids.contains(id.as_str())).collect();
        let json = serde_json::json!({ "key": self.key, "commits": sorted });
        // A cache that cannot be written costs the next build time, nothing else.
        let _ = crate::output::replace_file(root, CACHE_FILE, json.to_string().as_bytes());
    }
}

/// The commits of `log` whose changes are not cached yet.
fn commits_to_diff<'a>(log: &'a Log, cache: &Cache) -> Vec<&'a CommitFiles> {
    log.commits.iter().filter(|c| !cache.commits.contains_key(&c.commit.id)).collect()
}

/// One version of a role file: the blueprint, and the tree the diff compares (made once
/// per version, since making it is most of a diff's cost).
pub(super) struct Version {
    pub role: RawRole,
    pub tree: diff::RoleTree,
}

impl Version {
    pub fn of(role: RawRole) -> Version {
        let tree = diff::RoleTree::of(&role);
        Version { role, tree }
    }
}

/// The blueprints each commit's diff compares: per commit, per file, the version before
/// and after (`None` on a side the file did not exist, or could not be read).
type CommitVersions = Vec<Vec<VersionPair>>;

/// A file's version before and after one commit.
type VersionPair = (Option<Arc<Version>>, Option<Arc<Version>>);

/// Reads and parses what the commits' diffs need, in parallel. A file changed on both
/// sides is parsed only in the parts that differ (see [`changed_parts`]): a commit edits a
/// line or two of a long blueprint, and parsing YAML is nearly all the cost of a cold
/// history. A file added or removed is parsed whole, once per version.
fn parse_versions(repo: &Repo, commits: &[&CommitFiles]) -> CommitVersions {
    // In commit order: a version is stored as a delta on a neighbouring one, so reading
    // them in order keeps the delta bases in the pack cache. Reading goes through one
    // repository handle; parsing is the costly part.
    let mut texts: HashMap<&str, Option<Arc<str>>> = HashMap::new();
    for commit in commits {
        for file in &commit.files {
            for blob in [&file.before, &file.after].into_iter().flatten() {
                texts.entry(blob.as_str()).or_insert_with(|| repo.text(blob));
            }
        }
    }
    let text = |blob: &Option<String>| blob.as_ref().and_then(|b| texts.get(b.as_str()).cloned().flatten());
    let whole: HashMap<&str, Option<Arc<Version>>> = commits
        .iter()
        .flat_map(|c| &c.files)
        .filter(|f| f.before.is_none() || f.after.is_none())
        .flat_map(|f| [&f.before, &f.after].into_iter().flatten().map(move |b| (b.as_str(), f.path.as_str())))
        .collect::<BTreeMap<&str, &str>>()
        .into_par_iter()
        .map(|(blob, path)| (blob, text(&Some(blob.to_string())).and_then(|t| parse_version(path, &t))))
        .collect();
    commits
        .par_iter()
        .map(|commit| {
            commit
                .files
                .iter()
                .map(|f| match (text(&f.before), text(&f.after)) {
                    (Some(old), Some(new)) => both_sides(&f.path, &old, &new),
                    _ => {
                        let side =
                            |b: &Option<String>| b.as_ref().and_then(|b| whole.get(b.as_str()).cloned().flatten());
                        (side(&f.before), side(&f.after))
                    }
                })
                .collect()
        })
        .collect()
}

fn parse_version(path: &str, text: &str) -> Option<Arc<Version>> {
    parse_role_text(path, text).map(|role| Arc::new(Version::of(role)))
}

/// The two versions of a file changed on both sides, each cut to [`changed_parts`]; the
/// whole texts when a cut version does not read (a required field written over several
/// lines, say).
fn both_sides(path: &str, old: &str, new: &str) -> VersionPair {
    if let Some((old_part, new_part)) = changed_parts(old, new) {
        if let (Some(a), Some(b)) = (parse_version(path, &old_part), parse_version(path, &new_part)) {
            return (Some(a), Some(b));
        }
    }
    (parse_version(path, old), parse_version(path, new))
}

/// The top-level entries of two versions of a role file that a diff must see: every
/// one-line entry (`id`, `title`, `level`…, so each cut is a blueprint on its own) and
/// every entry whose text differs. Entries the same in both are the same values, so
/// leaving them out of both sides changes no diff. `None` when the text is not a plain
/// block mapping of unique keys.
fn changed_parts(old: &str, new: &str) -> Option<(String, String)> {
    let (a, b) = (top_level_entries(old)?, top_level_entries(new)?);
    let keep = |key: &str, entry: &str, other: &[(&str, &str)]| {
        entry.trim_end().lines().count() == 1 || other.iter().find(|(k, _)| *k == key).is_none_or(|(_, e)| *e != entry)
    };
    let cut = |entries: &[(&str, &str)], other: &[(&str, &str)]| -> String {
        entries.iter().filter(|(k, e)| keep(k, e, other)).map(|(_, e)| *e).collect()
    };
    Some((cut(&a, &b), cut(&b, &a)))
}

/// A role file split at its top-level keys: `(key, the entry's lines)`, comments and
/// blank lines staying with the entry above. `None` for anything else (a document marker,
/// flow style at the top, a key twice), which is then parsed whole.
fn top_level_entries(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut entries: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let first = line.chars().next().unwrap_or('\n');
        let starts_entry = !matches!(first, ' ' | '\t' | '#' | '\n' | '\r');
        if starts_entry {
            let key = line.split_once(':')?.0;
            if key.is_empty() || key.starts_with(['-', '{', '[', '"', '\'', '?', '&', '*', '%', '!', '|', '>']) {
                return None;
            }
            if entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            entries.push((key, offset));
        } else if entries.is_empty() && !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            return None;
        }
        offset += line.len();
    }
    let ends = entries.iter().skip(1).map(|(_, start)| *start).chain([text.len()]);
    Some(entries.iter().zip(ends).map(|((key, start), end)| (*key, &text[*start..end])).collect())
}

/// A role file's text as a blueprint, problems ignored: a version that was wrong when it
/// was committed is skipped, not reported today.
pub(super) fn parse_role_text(path: &str, text: &str) -> Option<RawRole> {
    let file = SourceFile { rel: format!("content/{path}"), content_rel: path.to_string(), text: text.to_string() };
    let mut ignored = Diagnostics::new();
    crate::model::roles::parse_role(&file, &mut ignored)?.role
}

/// The roles one commit changed, sorted by id, `current` not yet known. `versions` are
/// the commit's files' versions before and after, in the order of `commit.files`.
fn commit_changes(commit: &CommitFiles, versions: &[VersionPair], shape: &Shape, names: &Names) -> Vec<RoleChanges> {
    // A version that could not be read is skipped: the commit that broke the file and
    // the one that mended it leave it out on both sides, rather than report the role
    // removed and added again (which would also cut its history at the break).
    let readable: Vec<bool> = commit
        .files
        .iter()
        .zip(versions)
        .map(|(f, (old, new))| (f.before.is_none() || old.is_some()) && (f.after.is_none() || new.is_some()))
        .collect();
    let side = |pick: fn(&VersionPair) -> &Option<Arc<Version>>| {
        commit
            .files
            .iter()
            .zip(versions)
            .zip(&readable)
            .filter(|(_, ok)| **ok)
            .filter_map(|((f, pair), _)| Some((f.path.clone(), Arc::clone(pick(pair).as_ref()?))))
            .collect::<Vec<(String, Arc<Version>)>>()
    };
    changes_between(side(|p| &p.0), side(|p| &p.1), shape, names)
}

/// What changed from one set of role files to another (each `(path from content/,
/// blueprint)`), sorted by role id, `current` not yet known.
pub(super) fn changes_between(
    before_files: Vec<(String, Arc<Version>)>,
    after_files: Vec<(String, Arc<Version>)>,
    shape: &Shape,
    names: &Names,
) -> Vec<RoleChanges> {
    // A path that holds a role on both sides remembers its old id, so an id edited in
    // place is a rename.
    let old_at: HashMap<&str, &str> =
        before_files.iter().map(|(p, r)| (p.as_str(), r.role.id.value.as_str())).collect();
    let same_file: BTreeMap<String, String> = after_files
        .iter()
        .filter_map(|(p, r)| Some((r.role.id.value.clone(), old_at.get(p.as_str())?.to_string())))
        .collect();
    let before: BTreeMap<String, Arc<Version>> =
        before_files.iter().map(|(_, r)| (r.role.id.value.clone(), Arc::clone(r))).collect();
    let after: BTreeMap<String, Arc<Version>> =
        after_files.iter().map(|(_, r)| (r.role.id.value.clone(), Arc::clone(r))).collect();
    let mut out = Vec::new();
    for (id, new) in &after {
        if let Some(old) = before.get(id) {
            let changes = diff::diff_trees(&old.tree, &new.tree, shape, names);
            if !changes.is_empty() {
                out.push(role_changes(id, &new.role, RoleEvent::Changed, changes));
            }
        }
    }
    let removed: Vec<&String> = before.keys().filter(|id| !after.contains_key(*id)).collect();
    let added: Vec<&String> = after.keys().filter(|id| !before.contains_key(*id)).collect();
    let pairs = pair_renames(&removed, &added, &before, &after, &same_file);
    for (old_id, new_id) in &pairs {
        let (old, new) = (&before[*old_id], &after[*new_id]);
        let changes = diff::diff_trees(&old.tree, &new.tree, shape, names);
        out.push(role_changes(new_id, &new.role, RoleEvent::Renamed { from: (*old_id).clone() }, changes));
    }
    for id in removed.iter().filter(|id| !pairs.iter().any(|(old, _)| old == *id)) {
        out.push(role_changes(id, &before[*id].role, RoleEvent::Removed, Vec::new()));
    }
    for id in added.iter().filter(|id| !pairs.iter().any(|(_, new)| new == *id)) {
        out.push(role_changes(id, &after[*id].role, RoleEvent::Added, Vec::new()));
    }
    out.sort_by(|a, b| a.role.cmp(&b.role));
    out
}

fn role_changes(id: &str, role: &RawRole, event: RoleEvent, changes: Vec<super::Change>) -> RoleChanges {
    RoleChanges { role: id.to_string(), current: None, title: role.title.clone(), event, changes }
}

/// Removed and added ids of one commit that are one renamed role: declared by the new
/// version's `previous_ids`, an id edited within its file, or else the most alike pairs
/// at or above one half.
fn pair_renames<'a>(
    removed: &[&'a String],
    added: &[&'a String],
    before: &BTreeMap<String, Arc<Version>>,
    after: &BTreeMap<String, Arc<Version>>,
    same_file: &BTreeMap<String, String>,
) -> Vec<(&'a String, &'a String)> {
    let mut pairs: Vec<(&String, &String)> = Vec::new();
    let free = |pairs: &Vec<(&String, &String)>, old: &String, new: &String| {
        !pairs.iter().any(|(o, n)| *o == old || *n == new)
    };
    for &new in added {
        let declared = after[new].role.previous_ids.iter().flatten().map(|p| &p.value);
        let old = declared.chain(same_file.get(new)).find_map(|old| removed.iter().find(|r| **r == old).copied());
        if let Some(old) = old.filter(|old| free(&pairs, old, new)) {
            pairs.push((old, new));
        }
    }
    let mut candidates: Vec<(f64, &String, &String)> = Vec::new();
    for &old in removed {
        for &new in added {
            let score = diff::tree_similarity(&before[old].tree, &after[new].tree);
            if score >= 0.5 {
                candidates.push((score, old, new));
            }
        }
    }
    // Most alike first; ties by ids, so the pairing never depends on hash order.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| (a.1, a.2).cmp(&(b.1, b.2))));
    for (_, old, new) in candidates {
        if free(&pairs, old, new) {
            pairs.push((old, new));
        }
    }
    pairs.sort();
    pairs
}

/// Puts the cached per-commit results in order, follows renames to today's ids, and finds
/// each role's last change and the old URLs to keep.
fn assemble(
    log: &Log,
    results: &HashMap<String, Vec<RoleChanges>>,
    catalog: &Catalog,
    reused_ids: &[String],
    diagnostics: &mut Diagnostics,
) -> History {
    let mut commits: Vec<CommitChanges> = log
        .commits
        .iter()
        .filter_map(|c| {
            let roles = results.get(&c.commit.id)?.clone();
            (!roles.is_empty()).then(|| CommitChanges { commit: c.commit.clone(), roles, release: c.release })
        })
        .collect();
    follow_renames(&mut commits, catalog);
    let mut last_changed = BTreeMap::new();
    // `commits` is oldest first here: the last write for an id is its newest change.
    for (i, commit) in commits.iter().enumerate() {
        for role in &commit.roles {
            if let Some(current) = &role.current {
                last_changed.insert(current.clone(), commits.len() - 1 - i);
            }
        }
    }
    let redirects = redirects(&commits, catalog, reused_ids, diagnostics);
    commits.reverse();
    History {
        head: log.head.id.clone(),
        commits,
        releases: log.releases.clone(),
        last_changed,
        redirects,
        shallow: log.shallow_boundary.is_some(),
    }
}

/// Sets each entry's `current`: the id the role has today, following later renames, or
/// `None` once it was removed (or is not a role of today). `commits` is oldest first.
fn follow_renames(commits: &mut [CommitChanges], catalog: &Catalog) {
    // Walking back from today: `fate[id]` is what the role that had `id` at this point
    // became. A removal ends the line; a role added here had no earlier id.
    let mut fate: HashMap<String, Option<String>> = HashMap::new();
    let today = |id: &str, fate: &HashMap<String, Option<String>>| match fate.get(id) {
        Some(end) => end.clone(),
        None => catalog.role_ids.contains_key(id).then(|| id.to_string()),
    };
    for commit in commits.iter_mut().rev() {
        let mut earlier: Vec<(String, Option<String>)> = Vec::new();
        for role in &mut commit.roles {
            let end = match role.event {
                RoleEvent::Removed => None,
                _ => today(&role.role, &fate),
            };
            role.current = end.clone();
            match &role.event {
                RoleEvent::Renamed { from } => {
                    earlier.push((role.role.clone(), None));
                    earlier.push((from.clone(), end));
                }
                RoleEvent::Removed => earlier.push((role.role.clone(), None)),
                RoleEvent::Added => earlier.push((role.role.clone(), None)),
                RoleEvent::Changed => {}
            }
        }
        // Before an add, that id led nowhere; before a rename, the old id led where the
        // new one does; before a removal, the id led to what removal ended (nothing).
        for (id, end) in earlier {
            fate.insert(id, end);
        }
    }
}

/// Old ids that keep their URL: each rename's old id leads to the role's id of today,
/// and `previous_ids` add their own. An old id that is a role of today again is an
/// error unless `history.reused_ids` lets it go.
fn redirects(
    commits: &[CommitChanges],
    catalog: &Catalog,
    reused_ids: &[String],
    diagnostics: &mut Diagnostics,
) -> Vec<Redirect> {
    let mut by_old: BTreeMap<String, String> =
        declared_redirects(catalog).into_iter().map(|r| (r.from, r.to)).collect();
    let mut reported = BTreeSet::new();
    // Newest renames first: the latest fate of an old id decides.
    for commit in commits.iter().rev() {
        for role in &commit.roles {
            let (RoleEvent::Renamed { from }, Some(to)) = (&role.event, &role.current) else { continue };
            if from == to || by_old.contains_key(from) {
                continue;
            }
            match catalog.role_ids.get(from) {
                None => {
                    by_old.insert(from.clone(), to.clone());
                }
                Some(&taken) if !reused_ids.contains(from) && reported.insert(from.clone()) => {
                    let role = &catalog.roles[taken];
                    let file = &catalog.files[role.file];
                    let day = super::utc_day(commit.commit.time);
                    diagnostics.push(
                        Diagnostic::error(
                            &file.rel,
                            "old-url-taken",
                            format!(
                                "`{from}` was the id of the role now called `{to}` until commit {} ({day}); its old URL /roles/{from}/ would now open this role instead",
                                commit.commit.short_id()
                            ),
                        )
                        .at(&file.text, role.raw.id.pos)
                        .with_hint(format!(
                            "give this role another id, or, if links to /roles/{from}/ should lead here now, add `{from}` to `history: reused_ids:` in rolebook.yaml"
                        )),
                    );
                }
                Some(_) => {}
            }
        }
    }
    by_old.into_iter().map(|(from, to)| Redirect { from, to }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::CommitInfo;

    fn catalog(ids: &[&str]) -> Catalog {
        let files = ids
            .iter()
            .map(|id| SourceFile {
                rel: format!("content/roles/{id}.yaml"),
                content_rel: format!("roles/{id}.yaml"),
                text: format!("id: {id}\nstub: true\ntitle: T {id}\nfamily: F\n"),
            })
            .collect();
        crate::model::roles::build(files, &mut Diagnostics::new())
    }

    fn commit(n: i64, roles: Vec<(&str, RoleEvent)>) -> CommitChanges {
        let info = CommitInfo {
            id: format!("{n:040}"),
            time: 1_700_000_000 + n * 86_400,
            offset: 0,
            author: "A".into(),
            subject: format!("c{n}"),
            body: String::new(),
        };
        let roles = roles
            .into_iter()
            .map(|(role, event)| RoleChanges {
                role: role.into(),
                current: None,
                title: role.into(),
                event,
                changes: Vec::new(),
            })
            .collect();
        CommitChanges { commit: info, roles, release: None }
    }

    fn renamed(from: &str) -> RoleEvent {
        RoleEvent::Renamed { from: from.into() }
    }

    fn currents(commits: &[CommitChanges]) -> Vec<Vec<Option<&str>>> {
        commits.iter().map(|c| c.roles.iter().map(|r| r.current.as_deref()).collect()).collect()
    }

    #[test]
    fn changes_under_old_ids_belong_to_the_role_of_today() {
        let mut commits = vec![
            commit(1, vec![("a", RoleEvent::Added)]),
            commit(2, vec![("a", RoleEvent::Changed)]),
            commit(3, vec![("b", renamed("a"))]),
            commit(4, vec![("c", renamed("b"))]),
            commit(5, vec![("c", RoleEvent::Changed)]),
        ];
        follow_renames(&mut commits, &catalog(&["c"]));
        assert_eq!(currents(&commits), [[Some("c")]; 5]);
    }

    #[test]
    fn a_removed_role_has_no_role_of_today_even_when_its_id_is_given_again() {
        let mut commits = vec![
            commit(1, vec![("a", RoleEvent::Added)]),
            commit(2, vec![("a", RoleEvent::Removed)]),
            commit(3, vec![("a", RoleEvent::Added)]),
            commit(4, vec![("a", RoleEvent::Changed)]),
        ];
        follow_renames(&mut commits, &catalog(&["a"]));
        assert_eq!(currents(&commits), [[None], [None], [Some("a")], [Some("a")]]);
    }

    #[test]
    fn a_role_missing_from_the_work_tree_has_no_role_of_today() {
        let mut commits = vec![commit(1, vec![("a", RoleEvent::Added)])];
        follow_renames(&mut commits, &catalog(&["b"]));
        assert_eq!(currents(&commits), [[None]]);
    }

    #[test]
    fn renames_become_redirects_to_the_id_of_today_and_renaming_back_adds_none() {
        let cat = catalog(&["c"]);
        let mut commits = vec![
            commit(1, vec![("b", renamed("a"))]),
            commit(2, vec![("c", renamed("b"))]),
            commit(3, vec![("x", renamed("c"))]),
            commit(4, vec![("c", renamed("x"))]),
        ];
        follow_renames(&mut commits, &cat);
        let mut diagnostics = Diagnostics::new();
        let found = redirects(&commits, &cat, &[], &mut diagnostics);
        let pairs: Vec<(&str, &str)> = found.iter().map(|r| (r.from.as_str(), r.to.as_str())).collect();
        assert_eq!(pairs, [("a", "c"), ("b", "c"), ("x", "c")]);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn an_old_id_taken_by_another_role_is_one_error_at_its_id_unless_reused() {
        let cat = catalog(&["a", "b"]);
        let mut commits = vec![
            commit(1, vec![("b", renamed("a"))]),
            commit(2, vec![("a", RoleEvent::Added)]),
            commit(3, vec![("b", RoleEvent::Changed)]),
        ];
        follow_renames(&mut commits, &cat);
        let mut diagnostics = Diagnostics::new();
        assert!(redirects(&commits, &cat, &[], &mut diagnostics).is_empty());
        let rendered = diagnostics.render();
        assert_eq!(diagnostics.error_count(), 1, "{rendered}");
        assert!(rendered.contains("content/roles/a.yaml:1:5: error[old-url-taken]"), "{rendered}");
        assert!(rendered.contains("reused_ids"), "{rendered}");
        let mut quiet = Diagnostics::new();
        assert!(redirects(&commits, &cat, &["a".into()], &mut quiet).is_empty());
        assert!(quiet.is_empty());
    }

    #[test]
    fn declared_previous_ids_redirect_without_git() {
        let files = vec![SourceFile {
            rel: "content/roles/new.yaml".into(),
            content_rel: "roles/new.yaml".into(),
            text: "id: new\nprevious_ids: [old, older]\nstub: true\ntitle: New\nfamily: F\n".into(),
        }];
        let cat = crate::model::roles::build(files, &mut Diagnostics::new());
        let history = explicit_only(&cat);
        let pairs: Vec<(&str, &str)> = history.redirects.iter().map(|r| (r.from.as_str(), r.to.as_str())).collect();
        assert_eq!(pairs, [("old", "new"), ("older", "new")]);
    }

    #[test]
    fn the_cache_key_changes_with_a_name_or_a_heading() {
        let shape = Shape::default();
        let mut names = Names::default();
        let before = cache_key(&names, &shape);
        names.skills.insert("causal".into(), "Causal inference".into());
        assert_ne!(before, cache_key(&names, &shape));
    }
}

#[cfg(test)]
mod cut_tests {
    use super::*;

    const OLD: &str = "id: a\ntitle: A\nfamily: F\nsummary:\n  description: Same.\n# a comment\nkpis:\n  metrics:\n  - name: K\n    measures: M\n    why: W\n    frequency: F\n    target: 8 weeks\n";

    #[test]
    fn a_cut_keeps_one_line_entries_and_the_entries_that_differ() {
        let new = OLD.replace("8 weeks", "6 weeks");
        let (a, b) = changed_parts(OLD, &new).unwrap();
        assert_eq!(a, "id: a\ntitle: A\nfamily: F\nkpis:\n  metrics:\n  - name: K\n    measures: M\n    why: W\n    frequency: F\n    target: 8 weeks\n");
        assert_eq!(b, "id: a\ntitle: A\nfamily: F\nkpis:\n  metrics:\n  - name: K\n    measures: M\n    why: W\n    frequency: F\n    target: 6 weeks\n");
    }

    #[test]
    fn an_entry_on_one_side_only_is_kept() {
        let new = format!("{OLD}risks:\n  challenges:\n  - New.\n");
        let (a, b) = changed_parts(OLD, &new).unwrap();
        assert_eq!(a, "id: a\ntitle: A\nfamily: F\n");
        assert!(b.ends_with("risks:\n  challenges:\n  - New.\n"), "{b}");
    }

    #[test]
    fn text_that_is_not_a_plain_block_mapping_is_not_cut() {
        assert!(top_level_entries("---\nid: a\n").is_none());
        assert!(top_level_entries("{id: a}\n").is_none());
        assert!(top_level_entries("id: a\nid: b\n").is_none());
        assert!(top_level_entries("- a\n").is_none());
        assert_eq!(top_level_entries("# c\nid: a\n").unwrap(), [("id", "id: a\n")]);
    }

    #[test]
    fn a_cut_diffs_like_the_whole_files() {
        let names = Names::default();
        let shape = Shape::default();
        let new = OLD.replace("8 weeks", "6 weeks").replace("title: A", "title: B");
        let whole = |t: &str| Version::of(parse_role_text("roles/a.yaml", t).unwrap());
        let expected = diff::diff_trees(&whole(OLD).tree, &whole(&new).tree, &shape, &names);
        let (a, b) = both_sides("roles/a.yaml", OLD, &new);
        let cut = diff::diff_trees(&a.unwrap().tree, &b.unwrap().tree, &shape, &names);
        assert_eq!(cut, expected);
        assert_eq!(cut.len(), 2, "{cut:#?}");
    }
}
