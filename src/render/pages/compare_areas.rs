//! What changes per competency area between two roles: for each area in the site's order,
//! the text only the first role's cell has (removed), only the second's (added), and what
//! both share (shown once, folded), from the roles' resolved expectations.

use std::collections::HashSet;

use serde::Serialize;

use crate::render::expectations::{AreaView, CellText, CellView};
use crate::render::input::EntityData;

/// One behaviour or example of a cell, with the sub-level it sits in, if any.
#[derive(Serialize, Clone, PartialEq, Eq, Hash)]
pub struct Item<'a> {
    /// `Behaviour` or `Example`.
    pub kind: &'static str,
    pub sub_level: Option<&'a str>,
    /// As HTML.
    pub text: &'a str,
}

/// One role's side of an area: its summary when it differs from the other's, and the
/// items the other role's cell does not have.
#[derive(Serialize)]
pub struct Side<'a> {
    pub summary: Option<&'a str>,
    pub inherited_from: Option<String>,
    pub items: Vec<Item<'a>>,
}

/// How one area changes.
#[derive(Serialize)]
pub struct AreaChange<'a> {
    pub area: AreaView<'a>,
    /// `same`, `changed`, `added` (only the second role describes the area) or `removed`.
    pub status: &'static str,
    pub from: Option<Side<'a>>,
    pub to: Option<Side<'a>>,
    /// The summary both cells share, shown once.
    pub same_summary: Option<&'a str>,
    /// Items both cells have, shown once.
    pub shared: Vec<Item<'a>>,
}

/// Every item of a cell, the level's own first, then each sub-level's, in written order.
fn items<'a>(text: &CellText<'a>) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    let mut push = |sub_level: Option<&'a str>, behaviours: &[&'a str], examples: &[&'a str]| {
        out.extend(behaviours.iter().map(|&text| Item { kind: "Behaviour", sub_level, text }));
        out.extend(examples.iter().map(|&text| Item { kind: "Example", sub_level, text }));
    };
    push(None, &text.behaviours, &text.examples);
    for sub in &text.sub_levels {
        push(Some(sub.name), &sub.behaviours, &sub.examples);
    }
    out
}

/// A cell as one side, every item on it (the other role has none).
fn whole(cell: CellView) -> Side {
    Side { items: items(&cell.text), summary: cell.text.summary, inherited_from: cell.inherited_from }
}

/// The change in area `a` from role `from` to role `to`; `None` when neither describes it.
pub fn area_change<'a>(data: &EntityData<'a>, from: usize, to: usize, a: usize) -> Option<AreaChange<'a>> {
    let (before, after) = (data.cell_view(from, a), data.cell_view(to, a));
    let area = data.area_view(a);
    let change =
        |status, from, to| AreaChange { area: area.clone(), status, from, to, same_summary: None, shared: vec![] };
    let (before, after) = match (before, after) {
        (None, None) => return None,
        (Some(b), None) => return Some(change("removed", Some(whole(b)), None)),
        (None, Some(t)) => return Some(change("added", None, Some(whole(t)))),
        (Some(b), Some(t)) => (b, t),
    };
    // Items are matched by kind and text, not by sub-level: a behaviour that moves into a
    // sub-level is still expected, and reads as shared.
    let key = |i: &Item<'a>| (i.kind, i.text);
    let (items_before, items_after) = (items(&before.text), items(&after.text));
    let in_before: HashSet<_> = items_before.iter().map(key).collect();
    let in_after: HashSet<_> = items_after.iter().map(key).collect();
    let removed: Vec<Item> = items_before.iter().filter(|i| !in_after.contains(&key(i))).cloned().collect();
    let (shared, added): (Vec<Item>, Vec<Item>) = items_after.into_iter().partition(|i| in_before.contains(&key(i)));
    let same_summary = (before.text.summary == after.text.summary).then_some(after.text.summary).flatten();
    let summaries_differ = before.text.summary != after.text.summary;
    let status = if removed.is_empty() && added.is_empty() && !summaries_differ { "same" } else { "changed" };
    let side = |cell: CellView<'a>, items| Side {
        summary: if summaries_differ { cell.text.summary } else { None },
        inherited_from: cell.inherited_from,
        items,
    };
    Some(AreaChange {
        area,
        status,
        from: Some(side(before, removed)),
        to: Some(side(after, added)),
        same_summary,
        shared,
    })
}

/// The change in every area either role describes, in the site's area order.
pub fn area_changes<'a>(data: &EntityData<'a>, from: usize, to: usize) -> Vec<AreaChange<'a>> {
    data.catalog.area_order().into_iter().filter_map(|a| area_change(data, from, to, a)).collect()
}
