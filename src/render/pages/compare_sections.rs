//! What changes in a site's own sections (`blueprint.sections` with a `kind`) between two
//! roles: a list section by item (added, only in the first role, shared), a prose section
//! as before and after (or the same text, shown once). Sections come in the site's order,
//! under the site's headings, and only those either role has.

use std::collections::HashSet;

use serde::Serialize;

use crate::content::sections::{CustomKind, CustomText};
use crate::model::blueprint::{self, SectionKind, ShapeSection};
use crate::render::input::EntityData;

/// How one of the site's own sections changes from one role to the other.
#[derive(Serialize)]
pub struct SectionChange<'a> {
    /// The anchor on the comparison page: the role page's, so it cannot collide with the
    /// page's own anchors (`section-<key>`).
    pub id: &'a str,
    pub heading: &'a str,
    /// `prose` or `list`.
    pub kind: &'static str,
    /// `same`, `changed`, `added` (only the second role has it) or `removed`.
    pub status: &'static str,
    /// For prose: each role's text (as HTML) when they differ, `same` when they do not.
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub same: Option<&'a str>,
    /// For lists: the items (as HTML) only the second role has, only the first has, both
    /// have; each list in the order its role wrote it.
    pub added: Vec<&'a str>,
    pub removed: Vec<&'a str>,
    pub shared: Vec<&'a str>,
}

/// A role's text for one of the site's sections, as HTML; `None` when it has none (or
/// marked it not applicable).
enum Text<'a> {
    Prose(&'a str),
    List(Vec<&'a str>),
}

fn text<'a>(data: &EntityData<'a>, r: usize, section: &ShapeSection) -> Option<Text<'a>> {
    let role = &data.catalog.roles[r];
    if blueprint::not_applicable(role, &section.key) {
        return None;
    }
    let prose = &data.roles[r].prose;
    match blueprint::custom_text(role, &section.key)? {
        CustomText::Text(md) => Some(Text::Prose(prose.html(md))),
        CustomText::List(list) => Some(Text::List(prose.items(list).collect())),
    }
}

/// The change in `section` from role `from` to role `to`; `None` when neither has it.
fn section_change<'a>(data: &EntityData<'a>, from: usize, to: usize, s: &'a ShapeSection) -> Option<SectionChange<'a>> {
    let SectionKind::Custom(kind) = s.kind else { return None };
    let (before, after) = (text(data, from, s), text(data, to, s));
    if before.is_none() && after.is_none() {
        return None;
    }
    let mut change = SectionChange {
        id: &s.id,
        heading: &s.heading,
        kind: kind.as_str(),
        status: match (&before, &after) {
            (Some(_), None) => "removed",
            (None, Some(_)) => "added",
            _ => "changed",
        },
        from: None,
        to: None,
        same: None,
        added: vec![],
        removed: vec![],
        shared: vec![],
    };
    // A role's text always has its section's declared kind (the model checks it), so the
    // kinds of the two sides agree.
    let items = |t: Option<Text<'a>>| match t {
        Some(Text::List(items)) => items,
        _ => vec![],
    };
    let prose = |t: &Option<Text<'a>>| match t {
        Some(Text::Prose(html)) => Some(*html),
        _ => None,
    };
    match kind {
        CustomKind::Prose => {
            let (a, b) = (prose(&before), prose(&after));
            if a == b {
                change.same = a;
            } else {
                (change.from, change.to) = (a, b);
            }
        }
        CustomKind::List => {
            let (a, b) = (items(before), items(after));
            let (in_a, in_b): (HashSet<&str>, HashSet<&str>) =
                (a.iter().copied().collect(), b.iter().copied().collect());
            change.removed = a.into_iter().filter(|i| !in_b.contains(i)).collect();
            (change.shared, change.added) = b.into_iter().partition(|i| in_a.contains(i));
        }
    }
    if change.status == "changed"
        && change.from.is_none()
        && change.to.is_none()
        && change.added.is_empty()
        && change.removed.is_empty()
    {
        change.status = "same";
    }
    Some(change)
}

/// The change in each of the site's own sections either role has, in the site's order.
pub fn section_changes<'a>(data: &EntityData<'a>, from: usize, to: usize) -> Vec<SectionChange<'a>> {
    data.shape.sections.iter().filter_map(|s| section_change(data, from, to, s)).collect()
}

/// One of the site's own sections in `/api/compare.json`, for the picker.
#[derive(Serialize)]
pub struct SectionInfo<'a> {
    pub key: &'a str,
    pub id: &'a str,
    pub heading: &'a str,
    pub kind: &'static str,
}

/// The site's own sections, in its order.
pub fn section_infos<'a>(data: &EntityData<'a>) -> Vec<SectionInfo<'a>> {
    let custom = |s: &'a ShapeSection| match s.kind {
        SectionKind::Custom(kind) => {
            Some(SectionInfo { key: &s.key, id: &s.id, heading: &s.heading, kind: kind.as_str() })
        }
        SectionKind::BuiltIn(_) => None,
    };
    data.shape.sections.iter().filter_map(custom).collect()
}

/// A role's text for one of the site's own sections in `/api/compare.json`: plain text,
/// as the picker shows it with `textContent`.
#[derive(Serialize)]
pub struct PlainSection<'a> {
    pub key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
}

/// Role `r`'s texts for the site's own sections it has, in the site's order.
pub fn plain_sections<'a>(data: &EntityData<'a>, r: usize) -> Vec<PlainSection<'a>> {
    let plain = crate::render::text::plain_text;
    data.shape
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Custom(_)))
        .filter_map(|s| {
            let (text, items) = match text(data, r, s)? {
                Text::Prose(html) => (Some(paragraphs(html)), None),
                Text::List(items) => (None, Some(items.into_iter().map(plain).collect())),
            };
            Some(PlainSection { key: &s.key, text, items })
        })
        .collect()
}

/// Plain text of a prose section's HTML, its paragraphs (and other blocks) apart by a
/// blank line, each on one line, so the picker can show them as paragraphs.
fn paragraphs(html: &str) -> String {
    let blocks = html.replace("</p>", "</p>\n\n").replace("</li>", "</li>\n\n");
    let text = crate::render::text::plain_text(&blocks);
    let paragraphs = text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
    paragraphs.filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn prose_becomes_one_line_per_paragraph_with_a_blank_line_between() {
        let html = "<p>Moves a metric\nthe <em>team</em> owns.</p>\n<p>Second &amp; last.</p>\n";
        assert_eq!(paragraphs(html), "Moves a metric the team owns.\n\nSecond & last.");
    }
}
