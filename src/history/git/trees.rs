//! Trees: finding the site's `content/` tree in a commit, comparing two of them, listing one.
//!
//! Comparison works on object ids: two subtrees with the same id hold the same files, so
//! only subtrees whose id changed are read. A commit that touched one role file reads the
//! few trees on that file's path and nothing else.

use gix::bstr::{BStr, ByteSlice};
use gix::objs::tree::{EntryKind, EntryRef};
use gix::objs::{FindExt, TreeRef};
use gix::ObjectId;

use super::FileChange;

/// What a tree entry is, as far as the history cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Tree(ObjectId),
    /// A regular file, executable or not: the mode bit says nothing about the text.
    File(ObjectId),
    /// Symbolic links and submodules: not files a site reads.
    Ignored,
}

fn item(entry: &EntryRef<'_>) -> Item {
    match entry.mode.kind() {
        EntryKind::Tree => Item::Tree(entry.oid.to_owned()),
        EntryKind::Blob | EntryKind::BlobExecutable => Item::File(entry.oid.to_owned()),
        EntryKind::Link | EntryKind::Commit => Item::Ignored,
    }
}

fn read_tree<'b>(repo: &gix::Repository, id: &ObjectId, buf: &'b mut Vec<u8>) -> Result<TreeRef<'b>, String> {
    repo.objects.find_tree(id, buf).map_err(|e| format!("cannot read tree {id}: {e}"))
}

/// The id of the tree at `path` (directory names from the root) below `root`, or `None`
/// when some directory on the way does not exist or is not a directory.
pub(super) fn subtree(repo: &gix::Repository, root: ObjectId, path: &[Vec<u8>]) -> Result<Option<ObjectId>, String> {
    let mut current = root;
    let mut buf = Vec::new();
    for name in path {
        let tree = read_tree(repo, &current, &mut buf)?;
        let found = tree
            .entries
            .iter()
            .find(|e| e.filename.as_bytes() == name.as_slice() && e.mode.is_tree())
            .map(|e| e.oid.to_owned());
        match found {
            Some(id) => current = id,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

/// The wanted files that differ between two `content/` trees (`None`: no such folder),
/// sorted by path.
pub(super) fn diff(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<FileChange>, String> {
    let mut out = Vec::new();
    if old != new {
        let mut differ = Differ { repo, wanted, out: &mut out };
        differ.trees(old, new, &mut String::new())?;
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

struct Differ<'a> {
    repo: &'a gix::Repository,
    wanted: &'a dyn Fn(&str) -> bool,
    out: &'a mut Vec<FileChange>,
}

impl Differ<'_> {
    fn trees(&mut self, old: Option<ObjectId>, new: Option<ObjectId>, dir: &mut String) -> Result<(), String> {
        let (mut old_buf, mut new_buf) = (Vec::new(), Vec::new());
        let old_entries = match &old {
            Some(id) => read_tree(self.repo, id, &mut old_buf)?.entries,
            None => Vec::new(),
        };
        let new_entries = match &new {
            Some(id) => read_tree(self.repo, id, &mut new_buf)?.entries,
            None => Vec::new(),
        };
        // Both lists are in git's tree order, which sorts a directory as if its name ended
        // in `/`; walking them side by side pairs each name with its counterpart. A file
        // replaced by a directory of the same name is two different keys in that order, so
        // it comes out as the file removed and the directory's files added.
        let (mut i, mut j) = (0, 0);
        while i < old_entries.len() || j < new_entries.len() {
            let order = match (old_entries.get(i), new_entries.get(j)) {
                (Some(a), Some(b)) => a.cmp(b),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (a, b) = match order {
                std::cmp::Ordering::Less => (old_entries.get(i), None),
                std::cmp::Ordering::Greater => (None, new_entries.get(j)),
                std::cmp::Ordering::Equal => (old_entries.get(i), new_entries.get(j)),
            };
            if a.is_some() {
                i += 1;
            }
            if b.is_some() {
                j += 1;
            }
            let name = a.or(b).map(|e| e.filename).unwrap_or_default();
            self.entry(dir, name, a.map(item), b.map(item))?;
        }
        Ok(())
    }

    fn entry(&mut self, dir: &mut String, name: &BStr, old: Option<Item>, new: Option<Item>) -> Result<(), String> {
        // A name that is not UTF-8 cannot be a role or a page the site knows by path.
        let Ok(name) = name.to_str() else {
            return Ok(());
        };
        let tree_of = |i: Option<Item>| match i {
            Some(Item::Tree(id)) => Some(id),
            _ => None,
        };
        let file_of = |i: Option<Item>| match i {
            Some(Item::File(id)) => Some(id),
            _ => None,
        };
        let (old_tree, new_tree) = (tree_of(old), tree_of(new));
        if old_tree != new_tree {
            let len = dir.len();
            dir.push_str(name);
            dir.push('/');
            self.trees(old_tree, new_tree, dir)?;
            dir.truncate(len);
        }
        let (before, after) = (file_of(old), file_of(new));
        if before != after {
            let path = format!("{dir}{name}");
            if (self.wanted)(&path) {
                self.out.push(FileChange {
                    path,
                    before: before.map(|id| id.to_string()),
                    after: after.map(|id| id.to_string()),
                });
            }
        }
        Ok(())
    }
}

/// Every wanted regular file below `tree`, as (path, blob id), sorted by path.
pub(super) fn list(
    repo: &gix::Repository,
    tree: ObjectId,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    list_into(repo, tree, &mut String::new(), wanted, &mut out)?;
    out.sort();
    Ok(out)
}

fn list_into(
    repo: &gix::Repository,
    tree: ObjectId,
    dir: &mut String,
    wanted: &dyn Fn(&str) -> bool,
    out: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let mut buf = Vec::new();
    let entries: Vec<(String, Item)> = read_tree(repo, &tree, &mut buf)?
        .entries
        .iter()
        .filter_map(|e| Some((e.filename.to_str().ok()?.to_owned(), item(e))))
        .collect();
    for (name, kind) in entries {
        match kind {
            Item::Tree(id) => {
                let len = dir.len();
                dir.push_str(&name);
                dir.push('/');
                list_into(repo, id, dir, wanted, out)?;
                dir.truncate(len);
            }
            Item::File(id) => {
                let path = format!("{dir}{name}");
                if wanted(&path) {
                    out.push((path, id.to_string()));
                }
            }
            Item::Ignored => {}
        }
    }
    Ok(())
}
