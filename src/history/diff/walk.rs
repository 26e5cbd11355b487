//! Walks two role trees side by side and says what changed, in words.
//!
//! The walk knows the role format's shapes, not its types: a map of fields (a section, a
//! KPI), a list (`[...]` or `{note, items}`), a map keyed by id (expectations by area),
//! and scalars. Lists pair their items with `matching`; an item that leaves one list of
//! a section for another of the same section is a move.

use super::labels;
use super::matching::{self, identity, identity_field, Matching};
use super::tree::{Key, RefKind, Value};
use crate::history::{Change, ChangeKind, Names};

/// Where a change is: the section key and the words of the path so far.
#[derive(Debug, Clone)]
pub struct Place {
    pub section: Option<String>,
    pub path: Vec<String>,
}

impl Place {
    pub fn new(section: Option<&str>, first: impl Into<String>) -> Self {
        Place { section: section.map(str::to_string), path: vec![first.into()] }
    }

    fn with(&self, word: impl Into<String>) -> Place {
        let mut place = self.clone();
        place.path.push(word.into());
        place
    }
}

pub struct Walker<'a> {
    names: &'a Names,
    pub changes: Vec<Change>,
}

/// One list field of a record, its items paired across the two versions.
struct ListSide<'v> {
    key: &'v str,
    place: Place,
    /// The label a move names (`Must have`); the key in words when the list has none.
    label: String,
    note: (&'v Value, &'v Value),
    before: &'v [Value],
    after: &'v [Value],
    matching: Matching,
    /// Before-items that moved to another list (they are reported there).
    moved_out: Vec<bool>,
    /// After-items that came from another list: (its index among the record's lists,
    /// the item's index there).
    moved_in: Vec<Option<(usize, usize)>>,
}

static NULL: Value = Value::Null;

/// The note and items of a value written as a list: `[...]`, `{note, items}`, or nothing.
fn as_list(value: &Value) -> Option<(&Value, &[Value])> {
    match value {
        Value::Null => Some((&NULL, &[])),
        Value::Seq(items) => Some((&NULL, items)),
        Value::Map(fields) if fields.len() == 2 && fields[0].0 == "note" && fields[1].0 == "items" => {
            match &fields[1].1 {
                Value::Seq(items) => Some((&fields[0].1, items)),
                _ => None,
            }
        }
        _ => None,
    }
}

fn is_list(value: &Value) -> bool {
    !matches!(value, Value::Null) && as_list(value).is_some()
}

fn fields(value: &Value) -> &[(Key, Value)] {
    match value {
        Value::Map(fields) => fields,
        _ => &[],
    }
}

/// The keys of two maps: the earlier version's order, then keys only the later one has.
fn union_keys<'v>(before: &'v [(Key, Value)], after: &'v [(Key, Value)]) -> Vec<&'v str> {
    let mut keys: Vec<&str> = before.iter().map(|(k, _)| k.as_ref()).collect();
    for (k, _) in after {
        if !keys.contains(&k.as_ref()) {
            keys.push(k);
        }
    }
    keys
}

fn get<'v>(fields: &'v [(Key, Value)], key: &str) -> &'v Value {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or(&NULL)
}

fn quoted(text: &str) -> String {
    format!("“{text}”")
}

/// A long text cut at a word boundary, for a path that names a moved bullet.
fn short(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

impl<'a> Walker<'a> {
    pub fn new(names: &'a Names) -> Self {
        Walker { names, changes: Vec::new() }
    }

    fn emit(&mut self, place: &Place, kind: ChangeKind, before: Option<String>, after: Option<String>) {
        self.changes.push(Change { section: place.section.clone(), path: place.path.clone(), kind, before, after });
    }

    fn display(&self, kind: RefKind, id: &str) -> String {
        let names = match kind {
            RefKind::Role => &self.names.roles,
            RefKind::Skill => &self.names.skills,
            RefKind::Tool => &self.names.tools,
            RefKind::Area => &self.names.areas,
        };
        names.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    /// A value as a reader would want to see it: text as written, references by name,
    /// records as `field: value` lines, lists as bullets.
    pub fn render(&self, value: &Value) -> String {
        match value {
            Value::Null => String::new(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Value::Num(s) | Value::Text(s) => s.clone(),
            Value::Ref(kind, id) => self.display(*kind, id),
            Value::Seq(items) if items.iter().all(|i| matches!(i, Value::Ref(..) | Value::Num(_) | Value::Bool(_))) => {
                items.iter().map(|i| self.render(i)).collect::<Vec<_>>().join(", ")
            }
            Value::Seq(items) => items
                .iter()
                .filter(|i| !i.is_empty())
                .map(|i| format!("- {}", self.render(i).replace('\n', "\n  ")))
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Map(_) if as_list(value).is_some() => {
                let (note, items) = as_list(value).expect("checked");
                let list = self.render(&Value::Seq(items.to_vec()));
                match note {
                    Value::Text(note) if !note.is_empty() => format!("({note})\n{list}"),
                    _ => list,
                }
            }
            Value::Map(fields) => fields
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| {
                    let text = self.render(v);
                    if text.contains('\n') || is_list(v) && !matches!(v, Value::Seq(_)) {
                        format!("{}:\n{text}", labels::words(k))
                    } else {
                        format!("{}: {text}", labels::words(k))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The words that name a record in a list, in curly quotes: its identity field by
    /// display name, with its tools when its category is shared with a sibling.
    fn item_label(&self, item: &Value, siblings: &[&[Value]]) -> String {
        let Some((_, value)) = identity_field(item) else {
            let first = matching::leaves(item).into_iter().next().unwrap_or_default();
            return quoted(&short(&first));
        };
        let name = self.render(value).replace('\n', " ");
        let id = identity(item);
        let shared = siblings.iter().flat_map(|list| list.iter()).filter(|other| identity(other) == id).count() > 1;
        match item.get("tools").filter(|_| shared) {
            Some(tools) if !tools.is_empty() => quoted(&format!("{name} ({})", self.render(tools))),
            _ => quoted(&name),
        }
    }

    /// A header field, or a field of a record that holds one value.
    pub fn scalar(&mut self, place: &Place, key: &str, before: &Value, after: &Value, prose: bool) {
        match (before.is_empty(), after.is_empty()) {
            (true, true) => {}
            (true, false) => self.emit(place, ChangeKind::Added, None, Some(self.render(after))),
            (false, true) => self.emit(place, ChangeKind::Removed, Some(self.render(before)), None),
            (false, false) if before == after => {}
            (false, false) => {
                let (mut b, mut a) = (self.render(before), self.render(after));
                // A reference whose target changed id (a renamed role) reads the same by
                // name, or by name on one side only: then the ids say what changed.
                if let (Value::Ref(_, old), Value::Ref(_, new)) = (before, after) {
                    if b == a || b == *old || a == *new {
                        (b, a) = (old.clone(), new.clone());
                    }
                }
                let kind = match (before, after) {
                    (Value::Text(_), Value::Text(_)) if prose || labels::is_prose(key, &b, &a) => ChangeKind::Reworded,
                    _ => ChangeKind::Changed,
                };
                self.emit(place, kind, Some(b), Some(a));
            }
        }
    }

    /// A whole section: added, removed, or compared by its shape.
    pub fn section(&mut self, place: &Place, before: &Value, after: &Value, keyed_by: Option<RefKind>) {
        // Most commits touch one or two sections; the rest are skipped with one compare.
        if before == after {
            return;
        }
        match (before.is_empty(), after.is_empty()) {
            (true, true) => {}
            (true, false) => self.emit(place, ChangeKind::Added, None, Some(self.render_section(after, keyed_by))),
            (false, true) => self.emit(place, ChangeKind::Removed, Some(self.render_section(before, keyed_by)), None),
            (false, false) => match keyed_by {
                Some(kind) => self.keyed(place, before, after, kind),
                None if is_list(before) || is_list(after) => {
                    self.record(place, &list_field(before), &list_field(after), true)
                }
                None if matches!((before, after), (Value::Map(_), Value::Map(_))) => {
                    self.record(place, fields(before), fields(after), true)
                }
                None => self.scalar(place, "", before, after, true),
            },
        }
    }

    fn render_section(&self, value: &Value, keyed_by: Option<RefKind>) -> String {
        match (keyed_by, value) {
            (Some(kind), Value::Map(entries)) => entries
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(id, v)| format!("{}:\n{}", self.display(kind, id), self.render(v)))
                .collect::<Vec<_>>()
                .join("\n\n"),
            _ => self.render(value),
        }
    }

    /// A map whose keys are ids (expectations by competency area): entries pair by key.
    fn keyed(&mut self, place: &Place, before: &Value, after: &Value, kind: RefKind) {
        let (b, a) = (fields(before), fields(after));
        for key in union_keys(b, a) {
            let (vb, va) = (get(b, key), get(a, key));
            let here = place.with(quoted(&self.display(kind, key)));
            match (vb.is_empty(), va.is_empty()) {
                (true, true) => {}
                (true, false) => self.emit(&here, ChangeKind::Added, None, Some(self.render(va))),
                (false, true) => self.emit(&here, ChangeKind::Removed, Some(self.render(vb)), None),
                (false, false) => self.record(&here, fields(vb), fields(va), false),
            }
        }
    }

    /// A record (a section's fields, a KPI's): its lists item by item, with moves between
    /// them; its other fields one by one. `top`: the record is a section, whose lists
    /// are named as sub-lists ("Must have") rather than as fields ("details").
    fn record(&mut self, place: &Place, before: &[(Key, Value)], after: &[(Key, Value)], top: bool) {
        if before == after {
            return;
        }
        let keys = union_keys(before, after);
        let mut lists: Vec<ListSide> = Vec::new();
        for &key in &keys {
            let (vb, va) = (get(before, key), get(after, key));
            if !(is_list(vb) || is_list(va)) {
                continue;
            }
            let (Some((note_b, items_b)), Some((note_a, items_a))) = (as_list(vb), as_list(va)) else { continue };
            let label = if top { labels::sub_list_label(key) } else { Some(labels::words(key)) };
            let list_place = match &label {
                Some(label) => place.with(label.clone()),
                None => place.clone(),
            };
            let mut matching = Matching::new(items_b.len(), items_a.len());
            matching::pair_by_identity(items_b, items_a, &mut matching);
            lists.push(ListSide {
                key,
                place: list_place,
                label: label.unwrap_or_else(|| labels::label(key)),
                note: (note_b, note_a),
                before: items_b,
                after: items_a,
                matching,
                moved_out: vec![false; items_b.len()],
                moved_in: vec![None; items_a.len()],
            });
        }
        find_moves(&mut lists);
        for list in &mut lists {
            let free_b: Vec<bool> = list.moved_out.iter().map(|m| !m).collect();
            let free_a: Vec<bool> = list.moved_in.iter().map(Option::is_none).collect();
            matching::pair_by_likeness(list.before, list.after, &mut list.matching, &free_b, &free_a);
        }
        for key in keys {
            if let Some(index) = lists.iter().position(|l| l.key == key) {
                self.list(place, &lists, index);
                continue;
            }
            let (vb, va) = (get(before, key), get(after, key));
            match (vb, va) {
                (Value::Map(fb), Value::Map(fa)) => self.record(&place.with(labels::words(key)), fb, fa, false),
                _ => self.scalar(&place.with(labels::words(key)), key, vb, va, false),
            }
        }
    }

    /// One list of a record: its note, the items that went, then the items as they are
    /// now (new, moved in, or changed).
    fn list(&mut self, record: &Place, lists: &[ListSide], index: usize) {
        let list = &lists[index];
        let siblings = [list.before, list.after];
        self.scalar(&list.place.with("note"), "note", list.note.0, list.note.1, false);
        for (i, item) in list.before.iter().enumerate() {
            if list.matching.b_to_a[i].is_none() && !list.moved_out[i] && !item.is_empty() {
                let place = self.item_place(&list.place, item, &siblings);
                self.emit(&place, ChangeKind::Removed, Some(self.render(item)), None);
            }
        }
        for (j, item) in list.after.iter().enumerate() {
            if let Some(i) = list.matching.a_to_b[j] {
                self.item(&list.place, &list.before[i], item, &siblings);
            } else if let Some((from, i)) = list.moved_in[j] {
                let source = &lists[from];
                let name = match item {
                    Value::Map(_) => self.item_label(item, &siblings),
                    other => quoted(&short(&self.render(other))),
                };
                let moved = record.with(name);
                self.emit(&moved, ChangeKind::Moved, Some(source.label.clone()), Some(list.label.clone()));
                self.item(&list.place, &source.before[i], item, &siblings);
            } else if !item.is_empty() {
                let place = self.item_place(&list.place, item, &siblings);
                self.emit(&place, ChangeKind::Added, None, Some(self.render(item)));
            }
        }
    }

    /// Where an added or removed item is said to be: a record under its name; a bullet or
    /// a reference in the list itself (the text says which).
    fn item_place(&self, list: &Place, item: &Value, siblings: &[&[Value]]) -> Place {
        match item {
            Value::Map(_) => list.with(self.item_label(item, siblings)),
            _ => list.clone(),
        }
    }

    /// Two versions of one item.
    fn item(&mut self, list: &Place, before: &Value, after: &Value, siblings: &[&[Value]]) {
        if before == after {
            return;
        }
        match (before, after) {
            (Value::Map(b), Value::Map(a)) => {
                let place = list.with(self.item_label(after, siblings));
                self.record(&place, b, a, false);
            }
            (Value::Text(_), Value::Text(_)) => {
                self.emit(list, ChangeKind::Reworded, Some(self.render(before)), Some(self.render(after)))
            }
            _ => self.emit(list, ChangeKind::Changed, Some(self.render(before)), Some(self.render(after))),
        }
    }
}

/// A section written as a bare list, as a record with one list field, so it goes through
/// the same walk.
fn list_field(value: &Value) -> Vec<(Key, Value)> {
    vec![(Key::Borrowed("items"), value.clone())]
}

/// Pairs items that left one list of a record with items of the same identity that
/// arrived in another: the first such list, in the record's order.
fn find_moves(lists: &mut [ListSide]) {
    for from in 0..lists.len() {
        for i in 0..lists[from].before.len() {
            if lists[from].matching.b_to_a[i].is_some() {
                continue;
            }
            let Some(id) = identity(&lists[from].before[i]) else { continue };
            let target = (0..lists.len()).filter(|&to| to != from).find_map(|to| {
                let list = &lists[to];
                (0..list.after.len())
                    .find(|&j| {
                        list.matching.a_to_b[j].is_none()
                            && list.moved_in[j].is_none()
                            && identity(&list.after[j]).as_ref() == Some(&id)
                    })
                    .map(|j| (to, j))
            });
            if let Some((to, j)) = target {
                lists[from].moved_out[i] = true;
                lists[to].moved_in[j] = Some((from, i));
            }
        }
    }
}
