//! Compares two versions of a role blueprint field by field.
//!
//! Both versions are serialised into a [`tree::Value`] (positions dropped, texts trimmed)
//! and walked side by side ([`walk`]). List items are paired by what names them, not by
//! where they stand ([`matching`]): a KPI by its name, a skill need by its skill, a career
//! link by its role, a bullet by its text. So **reordering a list is no change** — the
//! page shows the new order, but no reader's expectations moved. A bullet edited in place
//! is one rewording, not a removal and an addition; an item that moved between two lists
//! of one section (a skill from "Good to have" to "Must have") is one move.

mod labels;
mod matching;
mod tree;
mod walk;

#[cfg(test)]
mod tests;

use super::{Change, Names};
use crate::content::role::RawRole;
use crate::content::sections::SECTIONS;
use crate::model::blueprint::{SectionKind, Shape};
use tree::{RefKind, Value};
use walk::{Place, Walker};

/// Top-level keys no change is reported for: the id (a new id is a rename, which the
/// history tells apart) and the ids the role had before.
const IGNORED: &[&str] = &["id", "previous_ids"];

/// Every field-level change from `before` to `after`, in page order (header fields first,
/// then the sections in the order `shape` shows them).
pub fn diff_roles(before: &RawRole, after: &RawRole, shape: &Shape, names: &Names) -> Vec<Change> {
    diff_trees(&RoleTree::of(before), &RoleTree::of(after), shape, names)
}

/// How alike two blueprints are, from 0 (nothing shared) to 1 (the same apart from the
/// id): a removed and an added role in one commit at 0.5 or more are one renamed role.
pub fn similarity(before: &RawRole, after: &RawRole) -> f64 {
    tree_similarity(&RoleTree::of(before), &RoleTree::of(after))
}

/// A role read for comparing. Building it is most of the cost of a diff (about 0.25 ms
/// for the seed role), and every version but the first and last of a role is compared
/// twice, so a caller walking a history can build each version's tree once and use
/// [`diff_trees`] and [`tree_similarity`].
#[derive(Debug, Clone, PartialEq)]
pub struct RoleTree(Value);

impl RoleTree {
    pub fn of(role: &RawRole) -> RoleTree {
        RoleTree(tree::to_tree(role))
    }
}

/// [`diff_roles`] over trees built once.
pub fn diff_trees(before: &RoleTree, after: &RoleTree, shape: &Shape, names: &Names) -> Vec<Change> {
    let (before, after) = (&before.0, &after.0);
    let mut walker = Walker::new(names);
    header(&mut walker, before, after, shape);
    for section in sections(before, after, shape) {
        let place = Place::new(Some(&section.key), section.heading.clone());
        let (b, a) = (section.value(before), section.value(after));
        let keyed_by = (section.key == "expectations" && section.source == Source::Role).then_some(RefKind::Area);
        walker.section(&place, b, a, keyed_by);
    }
    walker.changes
}

/// [`similarity`] over trees built once.
pub fn tree_similarity(before: &RoleTree, after: &RoleTree) -> f64 {
    let leaves = |tree: &RoleTree| match &tree.0 {
        Value::Map(fields) => fields
            .iter()
            .filter(|(k, _)| !IGNORED.contains(&k.as_ref()))
            .flat_map(|(_, v)| matching::leaves(v))
            .collect(),
        other => matching::leaves(other),
    };
    matching::jaccard(leaves(before), leaves(after))
}

/// The header fields, then `not_applicable` (by section heading), then any top-level
/// field this walk does not know yet, so a new field of the format is not silently
/// skipped.
fn header(walker: &mut Walker, before: &Value, after: &Value, shape: &Shape) {
    let value = |tree: &Value, key: &str| tree.get(key).cloned().unwrap_or(Value::Null);
    for (key, label) in labels::HEADER {
        let place = Place::new(None, *label);
        walker.scalar(&place, key, &value(before, key), &value(after, key), false);
    }
    let not_applicable = |tree: &Value| headings_of(&value(tree, "not_applicable"), shape);
    walker.section(&Place::new(None, "Not applicable"), &not_applicable(before), &not_applicable(after), None);
    let known = |key: &str| {
        IGNORED.contains(&key)
            || labels::HEADER.iter().any(|(k, _)| *k == key)
            || SECTIONS.iter().any(|s| s.key == key)
            || ["not_applicable", "sections", "pay_bands"].contains(&key)
    };
    let keys = |tree: &Value| match tree {
        Value::Map(fields) => fields.iter().map(|(k, _)| k.to_string()).filter(|k| !known(k)).collect(),
        _ => Vec::new(),
    };
    let mut unknown: Vec<String> = keys(before);
    for key in keys(after) {
        if !unknown.contains(&key) {
            unknown.push(key);
        }
    }
    for key in unknown {
        walker.section(&Place::new(None, labels::label(&key)), &value(before, &key), &value(after, &key), None);
    }
}

/// `not_applicable`'s section keys as the headings a reader knows them by.
fn headings_of(keys: &Value, shape: &Shape) -> Value {
    match keys {
        Value::Seq(items) => Value::Seq(
            items
                .iter()
                .map(|item| match item {
                    Value::Text(key) => Value::Text(heading(key, shape)),
                    other => other.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The heading of a section: the site's, else the built-in one, else the key in words.
fn heading(key: &str, shape: &Shape) -> String {
    if let Some(section) = shape.get(key) {
        return section.heading.clone();
    }
    match SECTIONS.iter().find(|s| s.key == key) {
        Some(section) => section.heading.to_string(),
        None => labels::label(key),
    }
}

/// Where a section's text is in a role tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A built-in section: a top-level field.
    Role,
    /// One of the site's own: an entry of `sections:`.
    Custom,
}

struct SectionRef {
    key: String,
    heading: String,
    source: Source,
}

impl SectionRef {
    fn value<'t>(&self, tree: &'t Value) -> &'t Value {
        static NULL: Value = Value::Null;
        let found = match self.source {
            Source::Role => tree.get(&self.key),
            Source::Custom => tree.get("sections").and_then(|s| s.get(&self.key)),
        };
        found.unwrap_or(&NULL)
    }
}

/// The sections to compare, in page order: those the shape shows, then the built-in ones
/// it does not (a role may still hold them), then the site's own it does not declare (by
/// key), then the pay bands, which are no section of the blueprint but are in the file.
fn sections(before: &Value, after: &Value, shape: &Shape) -> Vec<SectionRef> {
    let mut out: Vec<SectionRef> = shape
        .sections
        .iter()
        .map(|s| SectionRef {
            key: s.key.clone(),
            heading: s.heading.clone(),
            source: match s.kind {
                SectionKind::BuiltIn(_) => Source::Role,
                SectionKind::Custom(_) => Source::Custom,
            },
        })
        .collect();
    for section in SECTIONS {
        if !shape.shows(section.key) {
            out.push(SectionRef { key: section.key.into(), heading: section.heading.into(), source: Source::Role });
        }
    }
    let custom_keys = |tree: &Value| match tree.get("sections") {
        Some(Value::Map(fields)) => fields.iter().map(|(k, _)| k.to_string()).collect(),
        _ => Vec::new(),
    };
    let mut undeclared: Vec<String> = custom_keys(before);
    undeclared.extend(custom_keys(after));
    undeclared.sort();
    undeclared.dedup();
    for key in undeclared {
        if !out.iter().any(|s| s.source == Source::Custom && s.key == key) {
            out.push(SectionRef { heading: labels::label(&key), key, source: Source::Custom });
        }
    }
    out.push(SectionRef { key: "pay_bands".into(), heading: "Pay bands".into(), source: Source::Role });
    out
}
