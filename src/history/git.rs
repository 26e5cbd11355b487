//! Reads the commits that touched `content/` from the git repository the site is in.
//!
//! The repository is read with gix, a git implementation in Rust: repository data may come
//! from anyone who can open a pull request, and it is parsed by memory-safe code. It is
//! opened for reading objects only: only the repository's own config is read, at reduced
//! trust (nothing in it can name a program to run), no environment variable redirects it,
//! and nothing touches the network or the work tree. A repository owned by another user
//! (a CI container's checkout) is read all the same: its objects cannot run anything.
//!
//! `Repo` is neither `Send` nor `Sync` (gix without its `parallel` feature shares its
//! object store through `Rc`): read blobs on the thread that opened it and hand the texts
//! (`Arc<str>`) to other threads.

mod graph;
mod pattern;
mod trees;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gix::bstr::{BStr, ByteSlice};
use gix::hashtable::HashMap;
use gix::objs::{Find, Kind, TagRef};
use gix::ObjectId;

use self::graph::Graph;
use super::{CommitInfo, Limit, Release};

/// The largest file the history reads: a role blueprint is a few kilobytes, and a large
/// blob is not one the site would build.
const MAX_TEXT_BYTES: u64 = 1 << 20;

/// Enough for the trees of several commits' `content/` folders of a large framework.
const OBJECT_CACHE_BYTES: usize = 4 << 20;

/// The repository the site folder is in, and where the site sits inside its work tree.
pub struct Repo {
    repo: gix::Repository,
    /// The directories from the work tree's root to the site's `content/`, `content` last.
    content: Vec<Vec<u8>>,
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

/// The cache of decoded delta bases while reading role versions from a pack.
const PACK_CACHE_BYTES: usize = 64 << 20;

impl Repo {
    /// The repository containing `site_root`.
    pub fn open(site_root: &Path) -> Result<Repo, Limit> {
        let site = site_root
            .canonicalize()
            .map_err(|e| Limit::Unreadable(format!("cannot resolve the site folder {}: {e}", site_root.display())))?;
        let work_tree = discover(&site)?;
        let options = gix::open::Options::isolated().with_enforced_trust(gix::sec::Trust::Reduced);
        let mut repo: gix::Repository = gix::ThreadSafeRepository::open_opts(&work_tree, options)
            .map_err(|e| Limit::Unreadable(format!("cannot open the git repository at {}: {e}", work_tree.display())))?
            .into();
        // Each `content/` tree is read twice, as a commit's and as its child's parent's;
        // a small cache of decoded objects saves the second inflate from the pack.
        repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
        // Consecutive versions of a role file are stored as deltas on each other: without
        // a cache of delta bases, reading each version inflates its whole chain again
        // (half the time of a cold history before this cache).
        repo.objects
            .set_pack_cache(|| Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(PACK_CACHE_BYTES)));
        let content = content_path(&repo, &site)?;
        let repo = Repo { repo, content };
        repo.head_id()?;
        Ok(repo)
    }

    /// Walks the history of HEAD; `wanted` picks files by their path from `content/`.
    pub fn log(&self, wanted: &dyn Fn(&str) -> bool, release_pattern: Option<&str>) -> Result<Log, Limit> {
        let head = self.head_id()?;
        let graph = Graph::collect(&self.repo, head).map_err(Limit::Unreadable)?;
        let contents = self.content_trees(&graph).map_err(Limit::Unreadable)?;
        let releases = match release_pattern {
            Some(pattern) => self.releases(&graph, pattern).map_err(Limit::Unreadable)?,
            None => Vec::new(),
        };
        let released = release_of_each_commit(&graph, &releases);
        let mut commits = Vec::new();
        let mut shallow_boundary = None;
        for (i, node) in graph.nodes.iter().enumerate() {
            if node.boundary {
                shallow_boundary.get_or_insert_with(|| node.info.clone());
                continue;
            }
            if node.parent_count > 1 {
                continue;
            }
            let before = node.parents.first().and_then(|&p| contents[p]);
            let files = trees::diff(&self.repo, before, contents[i], wanted).map_err(Limit::Unreadable)?;
            if !files.is_empty() {
                commits.push(CommitFiles { commit: node.info.clone(), files, release: released[i] });
            }
        }
        let head = graph.get(&head).expect("HEAD is in its own graph").info.clone();
        Ok(Log {
            head,
            commits,
            releases: releases.into_iter().map(|(release, _)| release).collect(),
            shallow_boundary,
        })
    }

    /// A blob's text; `None` when it is missing, too large or not UTF-8.
    pub fn text(&self, blob: &str) -> Option<Arc<str>> {
        let id = ObjectId::from_hex(blob.as_bytes()).ok()?;
        let header = self.repo.find_header(id).ok()?;
        if header.kind() != Kind::Blob || header.size() > MAX_TEXT_BYTES {
            return None;
        }
        let mut buf = Vec::new();
        let data = self.repo.objects.try_find(&id, &mut buf).ok()??;
        std::str::from_utf8(data.data).ok().map(Arc::from)
    }

    /// The wanted files at revision `rev` (anything `git rev-parse` takes).
    pub fn files_at(&self, rev: &str, wanted: &dyn Fn(&str) -> bool) -> Result<Snapshot, String> {
        let id = self.resolve(rev)?;
        let mut buf = Vec::new();
        let data = self
            .repo
            .objects
            .try_find(&id, &mut buf)
            .map_err(|e| format!("cannot read commit {id}: {e}"))?
            .ok_or_else(|| self.missing_revision(rev))?;
        let commit = gix::objs::CommitRef::from_bytes(data.data, id.kind())
            .map_err(|e| format!("cannot parse commit {id}: {e}"))?;
        let info = graph::commit_info(id, &commit);
        let files = match trees::subtree(&self.repo, commit.tree(), &self.content)? {
            Some(tree) => trees::list(&self.repo, tree, wanted)?,
            None => Vec::new(),
        };
        Ok(Snapshot { commit: info, files })
    }

    /// Non-merge commits reachable from HEAD but not from `base` (a commit id, or anything
    /// `git rev-parse` takes), newest first.
    pub fn commits_since(&self, base: &str) -> Result<Vec<CommitInfo>, String> {
        let base = self.resolve(base)?;
        let head = self.head_id().map_err(|limit| match limit {
            Limit::NoCommits => "the repository has no commit yet".to_owned(),
            Limit::Unreadable(why) => why,
            other => format!("{other:?}"),
        })?;
        let from_head = Graph::collect(&self.repo, head)?;
        let from_base = Graph::collect(&self.repo, base)?;
        Ok(from_head
            .nodes
            .iter()
            .rev()
            .filter(|n| n.parent_count <= 1 && !from_base.index.contains_key(&n.id))
            .map(|n| n.info.clone())
            .collect())
    }

    fn head_id(&self) -> Result<ObjectId, Limit> {
        let head = self.repo.head().map_err(|e| Limit::Unreadable(format!("cannot read HEAD: {e}")))?;
        if head.is_unborn() {
            return Err(Limit::NoCommits);
        }
        let id = head.id().ok_or_else(|| Limit::Unreadable("HEAD does not point at a commit".to_owned()))?.detach();
        self.peel_to_commit(id).map(|(commit, _)| commit).map_err(Limit::Unreadable)
    }

    /// The content tree of every commit in `graph`, by node index.
    fn content_trees(&self, graph: &Graph) -> Result<Vec<Option<ObjectId>>, String> {
        // Commits that share a root tree (reverts, empty commits) share the answer.
        let mut by_root: HashMap<ObjectId, Option<ObjectId>> = HashMap::default();
        graph
            .nodes
            .iter()
            .map(|node| {
                if let Some(found) = by_root.get(&node.tree) {
                    return Ok(*found);
                }
                let found = trees::subtree(&self.repo, node.tree, &self.content)?;
                by_root.insert(node.tree, found);
                Ok(found)
            })
            .collect()
    }

    /// Tags matching `pattern` whose commit HEAD contains, newest first (ties by name),
    /// each with the index of its commit in `graph`.
    fn releases(&self, graph: &Graph, pattern: &str) -> Result<Vec<(Release, usize)>, String> {
        let platform = self.repo.references().map_err(|e| format!("cannot read the tags: {e}"))?;
        let tags = platform.tags().map_err(|e| format!("cannot read the tags: {e}"))?;
        let mut found = Vec::new();
        for reference in tags {
            let reference = reference.map_err(|e| format!("cannot read a tag: {e}"))?;
            let Ok(name) = reference.name().shorten().to_str() else {
                continue;
            };
            if !pattern::matches(pattern, name) {
                continue;
            }
            let Some(target) = reference.target().try_id().map(|id| id.to_owned()) else {
                continue;
            };
            // A tag of a tree or a blob, or of a commit HEAD does not contain, marks no
            // version of the framework HEAD shows.
            let Ok((commit, tag)) = self.peel_to_commit(target) else {
                continue;
            };
            let Some(&node) = graph.index.get(&commit) else {
                continue;
            };
            let info = &graph.nodes[node].info;
            let (time, offset, message) = match tag {
                Some(tag) => (tag.time, tag.offset, tag.message),
                None => (info.time, info.offset, String::new()),
            };
            let release = Release { name: name.to_owned(), commit: commit.to_string(), time, offset, message };
            found.push((release, node));
        }
        found.sort_by(|(a, _), (b, _)| b.time.cmp(&a.time).then_with(|| a.name.cmp(&b.name)));
        Ok(found)
    }

    /// Follows annotated tags down to a commit; the outermost tag's time and message come
    /// along.
    fn peel_to_commit(&self, mut id: ObjectId) -> Result<(ObjectId, Option<TagNote>), String> {
        let mut note = None;
        let mut buf = Vec::new();
        // A chain of tags pointing at tags is legal but never long; a cycle is not possible
        // with content-addressed objects, the bound only guards against a corrupt store.
        for _ in 0..32 {
            let data = self
                .repo
                .objects
                .try_find(&id, &mut buf)
                .map_err(|e| format!("cannot read object {id}: {e}"))?
                .ok_or_else(|| format!("object {id} is missing"))?;
            match data.kind {
                Kind::Commit => return Ok((id, note)),
                Kind::Tag => {
                    let tag =
                        TagRef::from_bytes(data.data, id.kind()).map_err(|e| format!("cannot parse tag {id}: {e}"))?;
                    if note.is_none() {
                        note = Some(TagNote::of(&tag));
                    }
                    id = tag.target();
                }
                other => return Err(format!("{id} is a {other}, not a commit")),
            }
        }
        Err(format!("tag {id} points at too many tags in a row"))
    }

    /// Resolves `rev` to a commit id, or says in a sentence why it cannot.
    fn resolve(&self, rev: &str) -> Result<ObjectId, String> {
        let id =
            self.repo.rev_parse_single(BStr::new(rev.as_bytes())).map_err(|_| self.missing_revision(rev))?.detach();
        self.peel_to_commit(id)
            .map(|(commit, _)| commit)
            .map_err(|why| format!("`{rev}` does not name a commit ({why})"))
    }

    fn missing_revision(&self, rev: &str) -> String {
        if self.repo.is_shallow().unwrap_or(false) {
            format!(
                "`{rev}` is not in this repository, which is a shallow clone: fetch more history \
                 (`git fetch --unshallow`, or `fetch-depth: 0` in CI) and try again"
            )
        } else {
            format!("`{rev}` is not a revision of this repository (try a branch, a tag or a commit id)")
        }
    }
}

/// What an annotated tag says beside its target.
struct TagNote {
    time: i64,
    offset: i32,
    message: String,
}

impl TagNote {
    fn of(tag: &TagRef<'_>) -> TagNote {
        let (time, offset) = match tag.tagger().ok().flatten().and_then(|t| t.time().ok()) {
            Some(t) => (t.seconds, t.offset),
            None => (0, 0),
        };
        TagNote { time, offset, message: graph::lossy(tag.message).trim().to_owned() }
    }
}

/// For each commit of `graph`, the index (into `releases`, newest first) of the oldest
/// release that contains it.
fn release_of_each_commit(graph: &Graph, releases: &[(Release, usize)]) -> Vec<Option<usize>> {
    let mut assigned = vec![None; graph.nodes.len()];
    for (index, (_, start)) in releases.iter().enumerate().rev() {
        let mut stack = vec![*start];
        while let Some(node) = stack.pop() {
            if assigned[node].is_some() {
                continue;
            }
            assigned[node] = Some(index);
            stack.extend(graph.nodes[node].parents.iter().copied());
        }
    }
    assigned
}

/// The work tree containing `site`, found by looking in it and its parents.
fn discover(site: &Path) -> Result<PathBuf, Limit> {
    use gix::discover::repository::Path as Found;
    use gix::discover::upwards::Error;
    match gix::discover::upwards(site) {
        Ok((Found::WorkTree(dir), _)) => Ok(dir),
        Ok((Found::LinkedWorkTree { work_dir, .. }, _)) => Ok(work_dir),
        Ok((Found::Repository(dir), _)) => {
            Err(Limit::Unreadable(format!("the site is inside {}, a repository without a work tree", dir.display())))
        }
        Err(e) => match e.downcast_any_ref::<Error>() {
            Some(
                Error::NoGitRepository { .. }
                | Error::NoGitRepositoryWithinCeiling { .. }
                | Error::NoGitRepositoryWithinFs { .. },
            ) => Err(Limit::NotInGit),
            _ => Err(Limit::Unreadable(format!("cannot look for a git repository: {e}"))),
        },
    }
}

/// The site's `content/` as directory names from the work tree's root.
fn content_path(repo: &gix::Repository, site: &Path) -> Result<Vec<Vec<u8>>, Limit> {
    let root = repo.workdir().ok_or_else(|| Limit::Unreadable("the repository has no work tree".to_owned()))?;
    let root = root
        .canonicalize()
        .map_err(|e| Limit::Unreadable(format!("cannot resolve the work tree {}: {e}", root.display())))?;
    let inside = site.strip_prefix(&root).map_err(|_| {
        Limit::Unreadable(format!("the site folder {} is not inside the work tree {}", site.display(), root.display()))
    })?;
    let mut path = Vec::new();
    for part in inside.components() {
        let name = part
            .as_os_str()
            .to_str()
            .ok_or_else(|| Limit::Unreadable(format!("the site folder's path {} is not UTF-8", inside.display())))?;
        path.push(name.as_bytes().to_vec());
    }
    path.push(b"content".to_vec());
    Ok(path)
}
