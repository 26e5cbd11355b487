//! The commit graph reachable from one commit, read once, in a deterministic order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use gix::bstr::{BStr, ByteSlice};
use gix::hashtable::{HashMap, HashSet};
use gix::objs::{CommitRef, Find};
use gix::ObjectId;

use crate::history::CommitInfo;

/// One commit of the graph.
pub(super) struct Node {
    pub id: ObjectId,
    pub info: CommitInfo,
    pub tree: ObjectId,
    /// How many parents the commit names (present or not): more than one is a merge.
    pub parent_count: usize,
    /// Indexes of the parents that are in the repository, first parent first.
    pub parents: Vec<usize>,
    /// Whether a parent is missing: the edge of a shallow clone.
    pub boundary: bool,
}

/// Every commit reachable from a start, parents before children.
pub(super) struct Graph {
    /// In order: each commit after all its parents, otherwise by committer time, then id.
    pub nodes: Vec<Node>,
    pub index: HashMap<ObjectId, usize>,
}

impl Graph {
    /// Reads the commits reachable from `start`.
    pub(super) fn collect(repo: &gix::Repository, start: ObjectId) -> Result<Graph, String> {
        let found = read_reachable(repo, start)?;
        Ok(order(found))
    }

    pub(super) fn get(&self, id: &ObjectId) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }
}

/// A commit as read, before ordering: parents still as ids.
struct Raw {
    id: ObjectId,
    info: CommitInfo,
    tree: ObjectId,
    parents: Vec<ObjectId>,
}

fn read_reachable(repo: &gix::Repository, start: ObjectId) -> Result<Vec<Raw>, String> {
    let mut seen: HashSet<ObjectId> = HashSet::default();
    let mut found = Vec::new();
    let mut stack = vec![start];
    let mut buf = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        // A missing object is a parent beyond a shallow clone's edge: the child notices
        // when the graph is ordered, since the id never gets a node.
        let Some(data) = repo.objects.try_find(&id, &mut buf).map_err(|e| format!("cannot read commit {id}: {e}"))?
        else {
            continue;
        };
        if data.kind != gix::objs::Kind::Commit {
            return Err(format!("{id} is a {}, not a commit", data.kind));
        }
        let commit =
            CommitRef::from_bytes(data.data, id.kind()).map_err(|e| format!("cannot parse commit {id}: {e}"))?;
        let parents: Vec<ObjectId> = commit.parents().collect();
        stack.extend(parents.iter().rev().copied());
        found.push(Raw { id, info: commit_info(id, &commit), tree: commit.tree(), parents });
    }
    Ok(found)
}

/// Kahn's algorithm with the earliest (time, id) first among the commits whose parents
/// are all placed: parents always come before children even when clocks were wrong, and
/// the order depends only on the graph, never on the walk.
fn order(found: Vec<Raw>) -> Graph {
    let position: HashMap<ObjectId, usize> = found.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); found.len()];
    let mut waiting: Vec<usize> = vec![0; found.len()];
    for (i, raw) in found.iter().enumerate() {
        let mut present: Vec<usize> = raw.parents.iter().filter_map(|p| position.get(p).copied()).collect();
        present.sort_unstable();
        present.dedup();
        waiting[i] = present.len();
        for p in present {
            children[p].push(i);
        }
    }
    let mut ready: BinaryHeap<Reverse<(i64, ObjectId, usize)>> = BinaryHeap::new();
    for (i, raw) in found.iter().enumerate() {
        if waiting[i] == 0 {
            ready.push(Reverse((raw.info.time, raw.id, i)));
        }
    }
    let mut sequence = Vec::with_capacity(found.len());
    while let Some(Reverse((_, _, i))) = ready.pop() {
        sequence.push(i);
        for &c in &children[i] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.push(Reverse((found[c].info.time, found[c].id, c)));
            }
        }
    }
    let mut new_index = vec![0; found.len()];
    for (new, &old) in sequence.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Raw>> = found.into_iter().map(Some).collect();
    let mut nodes = Vec::with_capacity(slots.len());
    let mut index = HashMap::with_capacity_and_hasher(slots.len(), Default::default());
    for (new, &old) in sequence.iter().enumerate() {
        let raw = slots[old].take().expect("each commit is placed once");
        let parents: Vec<usize> = raw.parents.iter().filter_map(|p| position.get(p).map(|&o| new_index[o])).collect();
        index.insert(raw.id, new);
        nodes.push(Node {
            id: raw.id,
            boundary: parents.len() < raw.parents.len(),
            parent_count: raw.parents.len(),
            parents,
            tree: raw.tree,
            info: raw.info,
        });
    }
    Graph { nodes, index }
}

pub(super) fn commit_info(id: ObjectId, commit: &CommitRef<'_>) -> CommitInfo {
    let (time, offset) = match commit.committer().and_then(|c| c.time()) {
        Ok(t) => (t.seconds, t.offset),
        Err(_) => (0, 0),
    };
    let author = commit.author().map(|a| lossy(a.name.trim().as_bstr())).unwrap_or_default();
    let (subject, body) = split_message(commit.message);
    CommitInfo { id: id.to_string(), time, offset, author, subject, body }
}

pub(super) fn lossy(text: &BStr) -> String {
    String::from_utf8_lossy(text.as_bytes()).into_owned()
}

/// The first line, and the rest without the blank lines around it.
pub(super) fn split_message(message: &BStr) -> (String, String) {
    let text = lossy(message);
    let text = text.trim_start_matches(['\n', '\r']);
    let (subject, rest) = text.split_once('\n').unwrap_or((text, ""));
    let body: Vec<&str> = rest.lines().collect();
    let first = body.iter().position(|l| !l.trim().is_empty());
    let last = body.iter().rposition(|l| !l.trim().is_empty());
    let body = match (first, last) {
        (Some(f), Some(l)) => body[f..=l].iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    };
    (subject.trim_end().to_owned(), body)
}

#[cfg(test)]
mod tests {
    use super::split_message;
    use gix::bstr::ByteSlice;

    #[test]
    fn message_splits_into_first_line_and_trimmed_body() {
        let (s, b) = split_message(b"Raise the bar\n\n\nWhy: calibration.\n\nSecond paragraph.\n\n".as_bstr());
        assert_eq!(s, "Raise the bar");
        assert_eq!(b, "Why: calibration.\n\nSecond paragraph.");
    }

    #[test]
    fn message_of_one_line_has_an_empty_body() {
        let (s, b) = split_message(b"One line\n".as_bstr());
        assert_eq!((s.as_str(), b.as_str()), ("One line", ""));
    }

    #[test]
    fn message_with_crlf_and_bad_utf8_is_read_lossily() {
        let (s, b) = split_message(b"Caf\xe9 edit\r\n\r\nBody line\r\n".as_bstr());
        assert_eq!(s, "Caf\u{fffd} edit");
        assert_eq!(b, "Body line");
    }
}
