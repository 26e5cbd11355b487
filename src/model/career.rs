//! The career graph: who leads to whom, checked for consistency.
//!
//! Edges come from every written role's `career` section, and from the rubrics: a track's
//! roles lead from each level to the next level that has roles. `A.next: [B]` and
//! `B.feeders: [A]` describe the same step `A → B`; when only one side says it and the
//! other role has a written career section, the step is flagged as one-sided.

use std::collections::{BTreeMap, BTreeSet};

use super::roles::Catalog;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// A promotion or move up the ladder: `from` is a feeder of `to`.
    Next,
    /// A sideways move; drawn without direction.
    Adjacent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
}

#[derive(Debug, Clone, Default)]
pub struct CareerGraph {
    /// Sorted and without duplicates; an adjacent edge is stored once, `from < to`.
    pub edges: Vec<Edge>,
}

impl CareerGraph {
    pub fn feeders_of(&self, role: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges.iter().filter(move |e| e.kind == EdgeKind::Next && e.to == role).map(|e| e.from)
    }

    pub fn next_of(&self, role: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges.iter().filter(move |e| e.kind == EdgeKind::Next && e.from == role).map(|e| e.to)
    }

    pub fn adjacent_of(&self, role: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges.iter().filter(move |e| e.kind == EdgeKind::Adjacent && (e.from == role || e.to == role)).map(
            move |e| {
                if e.from == role {
                    e.to
                } else {
                    e.from
                }
            },
        )
    }
}

/// Builds the graph from the catalogue; one-sided steps, cycles and roles on no path are
/// warnings. They are only checked when the catalogue read without errors: with broken
/// references the graph is incomplete and its warnings would mislead.
pub fn build(catalog: &Catalog, diagnostics: &mut Diagnostics) -> CareerGraph {
    let mut edges = BTreeSet::new();
    // Where each side declared a step, to check that both sides agree.
    let mut declared_next: BTreeMap<(usize, usize), Pos> = BTreeMap::new();
    let mut declared_feeder: BTreeMap<(usize, usize), Pos> = BTreeMap::new();
    for (r, role) in catalog.roles.iter().enumerate() {
        let Some(career) = &role.raw.career else { continue };
        for link in career.next.iter() {
            if let Some(&to) = catalog.role_ids.get(link.role.as_str()).filter(|&&to| to != r) {
                edges.insert(Edge { from: r, to, kind: EdgeKind::Next });
                declared_next.insert((r, to), link.role.pos());
            }
        }
        for link in career.feeders.iter() {
            if let Some(&from) = catalog.role_ids.get(link.role.as_str()).filter(|&&from| from != r) {
                edges.insert(Edge { from, to: r, kind: EdgeKind::Next });
                declared_feeder.insert((from, r), link.role.pos());
            }
        }
        for link in career.adjacent.iter() {
            if let Some(&other) = catalog.role_ids.get(link.role.as_str()).filter(|&&o| o != r) {
                edges.insert(Edge { from: r.min(other), to: r.max(other), kind: EdgeKind::Adjacent });
            }
        }
    }
    // A rubric is a ladder: each level's roles lead to the next level's that has any.
    for rubric in &catalog.rubrics {
        let rungs: Vec<&Vec<usize>> = rubric.roles.iter().filter(|roles| !roles.is_empty()).collect();
        for pair in rungs.windows(2) {
            for &from in pair[0] {
                edges.extend(pair[1].iter().map(|&to| Edge { from, to, kind: EdgeKind::Next }));
            }
        }
    }
    let graph = CareerGraph { edges: edges.into_iter().collect() };
    if diagnostics.has_errors() {
        return graph;
    }
    check_mutual(catalog, &declared_next, &declared_feeder, diagnostics);
    check_cycles(catalog, &graph, diagnostics);
    check_unreachable(catalog, &graph, diagnostics);
    graph
}

fn warn(catalog: &Catalog, role: usize, pos: Pos, code: &'static str, message: String, hint: String) -> Diagnostic {
    let file = &catalog.files[catalog.roles[role].file];
    Diagnostic::warning(&file.rel, code, message).at(&file.text, pos).with_hint(hint)
}

/// A role with a written career section should agree with the roles that name it.
fn check_mutual(
    catalog: &Catalog,
    next: &BTreeMap<(usize, usize), Pos>,
    feeders: &BTreeMap<(usize, usize), Pos>,
    diagnostics: &mut Diagnostics,
) {
    let has_career = |r: usize| catalog.roles[r].raw.career.is_some();
    for (&(from, to), &pos) in next {
        if has_career(to) && !feeders.contains_key(&(from, to)) {
            let (a, b) = (catalog.roles[from].id(), catalog.roles[to].id());
            diagnostics.push(warn(
                catalog,
                from,
                pos,
                "one-sided-step",
                format!("`{a}` lists `{b}` as a next role, but `{b}` does not list `{a}` as a feeder"),
                format!("add `- role: {a}` to `career.feeders` in {}", catalog.files[catalog.roles[to].file].rel),
            ));
        }
    }
    for (&(from, to), &pos) in feeders {
        if has_career(from) && !next.contains_key(&(from, to)) {
            let (a, b) = (catalog.roles[to].id(), catalog.roles[from].id());
            diagnostics.push(warn(
                catalog,
                to,
                pos,
                "one-sided-step",
                format!("`{a}` lists `{b}` as a feeder, but `{b}` does not list `{a}` as a next role"),
                format!("add `- role: {a}` to `career.next` in {}", catalog.files[catalog.roles[from].file].rel),
            ));
        }
    }
}

/// A ladder that loops back on itself is almost always a typo.
fn check_cycles(catalog: &Catalog, graph: &CareerGraph, diagnostics: &mut Diagnostics) {
    let n = catalog.roles.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in graph.edges.iter().filter(|e| e.kind == EdgeKind::Next) {
        next[e.from].push(e.to);
    }
    // Iterative depth-first search with colours; each cycle is reported once, at its first role.
    let mut colour = vec![0u8; n];
    let mut reported = BTreeSet::new();
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut path: Vec<usize> = vec![start];
        colour[start] = 1;
        while let Some((node, i)) = stack.pop() {
            if let Some(&child) = next[node].get(i) {
                stack.push((node, i + 1));
                match colour[child] {
                    0 => {
                        colour[child] = 1;
                        stack.push((child, 0));
                        path.push(child);
                    }
                    1 => {
                        let at = path.iter().position(|&p| p == child).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[at..].to_vec();
                        let min = cycle.iter().enumerate().min_by_key(|(_, &r)| r).map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        if reported.insert(cycle.clone()) {
                            let names: Vec<&str> =
                                cycle.iter().chain(cycle.first()).map(|&r| catalog.roles[r].id()).collect();
                            let first = cycle[0];
                            diagnostics.push(warn(
                                catalog,
                                first,
                                catalog.roles[first].raw.id.pos,
                                "career-cycle",
                                format!("the career path loops: {}", names.join(" → ")),
                                "a next role should be a step up or across; check the `next` and `feeders` lists"
                                    .into(),
                            ));
                        }
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
                path.pop();
            }
        }
    }
}

/// A role that no career step or peer relation touches cannot be reached from the ladder.
fn check_unreachable(catalog: &Catalog, graph: &CareerGraph, diagnostics: &mut Diagnostics) {
    if catalog.roles.len() < 2 {
        return;
    }
    let mut touched = vec![false; catalog.roles.len()];
    for e in &graph.edges {
        touched[e.from] = true;
        touched[e.to] = true;
    }
    for (r, role) in catalog.roles.iter().enumerate() {
        if !touched[r]
            && role.named_by.is_empty()
            && role.raw.stakeholders.as_ref().is_none_or(|s| s.peer_roles.is_empty())
        {
            diagnostics.push(warn(
                catalog,
                r,
                role.raw.id.pos,
                "unreachable-role",
                format!("`{}` is on no career path: no role leads to it, from it, or beside it", role.id()),
                "add it to another role's `career.next`, `career.feeders` or `career.adjacent`".into(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;

    fn graph(roles: &[(&str, &str)]) -> (Catalog, CareerGraph, Vec<String>) {
        let files = roles
            .iter()
            .map(|(id, career)| SourceFile {
                rel: format!("content/roles/{id}.yaml"),
                content_rel: format!("roles/{id}.yaml"),
                text: format!("id: {id}\nstub: true\ntitle: {id}\nfamily: F\n{career}"),
            })
            .collect();
        let mut diags = Diagnostics::new();
        let catalog = super::super::roles::build(files, &mut diags);
        let graph = build(&catalog, &mut diags);
        let found = diags.sorted().iter().map(|d| format!("{} {}", d.location(), d.message)).collect();
        (catalog, graph, found)
    }

    #[test]
    fn both_sides_of_a_step_make_one_edge() {
        let (c, g, problems) = graph(&[
            ("a", "career:\n  next:\n    - role: b\n"),
            ("b", "career:\n  feeders:\n    - role: a\n  adjacent:\n    - role: c\n"),
            ("c", "career:\n  adjacent:\n    - role: b\n"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(g.edges.len(), 2);
        let (a, b) = (c.role_ids["a"], c.role_ids["b"]);
        assert_eq!(g.next_of(a).collect::<Vec<_>>(), vec![b]);
        assert_eq!(g.feeders_of(b).collect::<Vec<_>>(), vec![a]);
        assert_eq!(g.adjacent_of(b).count(), 1);
    }

    #[test]
    fn one_sided_steps_cycles_and_unreachable_roles_warn() {
        let (_, _, problems) = graph(&[
            ("a", "career:\n  next:\n    - role: b\n"),
            ("b", "career:\n  next:\n    - role: c\n"),
            ("c", "career:\n  next:\n    - role: a\n  feeders:\n    - role: b\n"),
            ("lonely", ""),
        ]);
        assert_eq!(
            problems,
            vec![
                "content/roles/a.yaml:1:5 the career path loops: a → b → c → a",
                "content/roles/a.yaml:7:13 `a` lists `b` as a next role, but `b` does not list `a` as a feeder",
                "content/roles/c.yaml:7:13 `c` lists `a` as a next role, but `a` does not list `c` as a feeder",
                "content/roles/lonely.yaml:1:5 `lonely` is on no career path: no role leads to it, from it, or beside it",
            ]
        );
    }
}
