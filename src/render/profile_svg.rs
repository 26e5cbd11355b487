//! A role's profile as an SVG drawn at build time: one row per competency area, a bar to
//! the rubric level whose text the role takes there, out of the rubric's levels. An area the
//! role's level does not describe is drawn at the lower level it is "as at", so the chart
//! shows at a glance where a level asks for more and where it keeps what came before.
//!
//! The SVG has no script and no colour of its own: classes only, so the theme's CSS
//! variables colour it (and print it). The page pairs it with a table of the same rows.

use std::fmt::Write as _;

use serde::Serialize;

use crate::escape::html as escape;
use crate::model::framework::CellSource;
use crate::render::input::EntityData;

const MARGIN: u32 = 8;
/// The bars' full length: the chart is 360 wide, so it fits a phone without scaling.
const BAR_W: u32 = 344;
const HEADER_H: u32 = 22;
/// A row is the area's name over its bar, so a long name never runs into a bar.
const ROW_H: u32 = 36;
const BAR_H: u32 = 12;
/// About what 12px text fits across the chart.
const LABEL_CHARS: usize = 52;

/// One area's row.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ProfileRow<'a> {
    pub area: &'a str,
    /// The anchor of the area's text on the role page.
    pub anchor: String,
    /// The rubric level (an index into the rubric's levels) whose text the role takes;
    /// `None` when no level up to the role's describes the area.
    pub level: Option<usize>,
    /// That level as prose: "level 3 (Research Scientist)".
    pub label: Option<String>,
    /// Whether the text is a lower level's.
    pub inherited: bool,
}

/// A role's profile: its rows, and the chart drawn from them.
#[derive(Serialize, Debug)]
pub struct Profile<'a> {
    pub rubric: &'a str,
    /// The role's level as prose.
    pub at: String,
    pub rows: Vec<ProfileRow<'a>>,
    /// The SVG markup.
    pub svg: String,
}

/// Role `r`'s profile, when it sits on a rubric of two levels or more and the site has
/// competency areas.
pub fn profile<'a>(data: &EntityData<'a>, r: usize) -> Option<Profile<'a>> {
    let catalog = data.catalog;
    let role = &catalog.roles[r];
    let rung = role.rung?;
    let rubric = &catalog.rubrics[rung.rubric];
    // On a one-level rubric every bar would be full: the chart would say nothing.
    if rubric.raw.levels.len() < 2 {
        return None;
    }
    let rows: Vec<ProfileRow> = catalog
        .area_order()
        .into_iter()
        .map(|a| {
            let cell = role.expectations.iter().find(|c| c.area == a);
            let (level, inherited) = match cell.map(|c| c.from) {
                // The role's own text is written for its own level.
                Some(CellSource::Role { .. }) => (Some(rung.level), false),
                Some(CellSource::Rubric { level, inherited, .. }) => (Some(level), inherited),
                None => (None, false),
            };
            let area = &catalog.areas[a].raw;
            ProfileRow {
                area: &area.name,
                anchor: format!("area-{}", area.id.value),
                level,
                label: level.map(|l| data.level_label(rung.rubric, l)),
                inherited,
            }
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let levels: Vec<u32> = rubric.raw.levels.iter().map(|l| l.level.value).collect();
    let at = data.level_label(rung.rubric, rung.level);
    let svg = svg(&role.raw.title, &rubric.raw.title, &levels, rung.level, &rows);
    Some(Profile { rubric: &rubric.raw.title, at, rows, svg })
}

/// The x where the bar of level index `l` (of `n`) ends.
fn bar_end(l: usize, n: usize) -> u32 {
    let n = n.max(1) as u64;
    let end = u64::from(BAR_W) * (l as u64).saturating_add(1).min(n) / n;
    MARGIN + u32::try_from(end).unwrap_or(BAR_W)
}

/// A label cut to fit its column, with an ellipsis.
fn fit(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The SVG markup: `levels` are the rubric's level numbers, `at` the role's level index.
pub fn svg(role: &str, rubric: &str, levels: &[u32], at: usize, rows: &[ProfileRow]) -> String {
    let n = levels.len();
    let width = MARGIN * 2 + BAR_W;
    let height = HEADER_H + ROW_H.saturating_mul(u32::try_from(rows.len()).unwrap_or(u32::MAX)) + MARGIN;
    let mut s = String::with_capacity(1024 + rows.len() * 300);
    let _ = write!(
        s,
        "<svg class=\"profile-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"profile-title profile-desc\">\n<title id=\"profile-title\">{}: level per competency area</title>\n<desc id=\"profile-desc\">One bar per competency area, drawn to the level of the {} rubric whose expectations apply, out of its {n} levels. A bar shorter than the marked level means the area is as at a lower level.</desc>\n",
        escape(role),
        escape(rubric),
    );
    let bottom = height - MARGIN;
    for (l, number) in levels.iter().enumerate() {
        let x = bar_end(l, n);
        let class = if l == at { "pc-grid pc-at" } else { "pc-grid" };
        let _ = writeln!(
            s,
            "<line class=\"{class}\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{bottom}\"/><text class=\"pc-tick\" x=\"{x}\" y=\"{}\">{number}</text>",
            HEADER_H - 4,
            HEADER_H - 8
        );
    }
    let _ = writeln!(s, "<text class=\"pc-axis\" x=\"{MARGIN}\" y=\"{}\">Level</text>", HEADER_H - 8);
    for (i, row) in rows.iter().enumerate() {
        let top = HEADER_H + ROW_H * u32::try_from(i).unwrap_or(0);
        let _ = write!(
            s,
            "<g class=\"pc-row\"><title>{}: {}</title><text class=\"pc-label\" x=\"{MARGIN}\" y=\"{}\">{}</text>",
            escape(row.area),
            escape(&describe(row)),
            top + 15,
            escape(&fit(row.area))
        );
        if let Some(l) = row.level {
            let x = MARGIN;
            let class = if row.inherited { "pc-bar pc-inherited" } else { "pc-bar" };
            let _ = write!(
                s,
                "<rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{BAR_H}\" rx=\"2\"/>",
                top + ROW_H - BAR_H - 4,
                bar_end(l, n) - x
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// A row in words, for its tooltip.
fn describe(row: &ProfileRow) -> String {
    match (&row.label, row.inherited) {
        (Some(label), true) => format!("as at {label}"),
        (Some(label), false) => label.clone(),
        (None, _) => "not described up to this level".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(area: &str, level: Option<usize>, inherited: bool) -> ProfileRow<'_> {
        ProfileRow { area, anchor: String::new(), level, label: level.map(|l| format!("level {l}")), inherited }
    }

    #[test]
    fn bars_end_at_their_level_and_an_inherited_one_short_of_the_role_level() {
        let rows = [row("Craft", Some(2), false), row("People", Some(0), true), row("Impact", None, false)];
        let s = svg("Senior", "Eng", &[1, 2, 3, 4], 2, &rows);
        let (x, y) = (MARGIN, HEADER_H + ROW_H - BAR_H - 4);
        assert!(s.contains(&format!("class=\"pc-bar\" x=\"{x}\" y=\"{y}\" width=\"{}\"", BAR_W * 3 / 4)));
        let inherited = format!("class=\"pc-bar pc-inherited\" x=\"{x}\" y=\"{}\" width=\"{}\"", y + ROW_H, BAR_W / 4);
        assert!(s.contains(&inherited), "{s}");
        assert_eq!(s.matches("<rect").count(), 2, "no bar for an area not described");
        assert_eq!(s.matches("pc-at").count(), 1);
        assert!(s.contains("role=\"img\"") && s.contains("<title id=\"profile-title\">") && s.contains("<desc"));
    }

    #[test]
    fn long_labels_are_cut_and_text_is_escaped() {
        assert_eq!(fit(&"Communication & influence ".repeat(3)).chars().count(), LABEL_CHARS);
        assert_eq!(fit("Communication & influence"), "Communication & influence");
        let rows = [row("R&D <depth>", Some(0), false)];
        let s = svg("A <b>", "R&D", &[1], 0, &rows);
        assert!(!s.contains("<b>") && s.contains("R&amp;D &lt;depth&gt;"));
    }

    #[test]
    fn bars_stay_inside_the_chart_whatever_the_counts() {
        assert_eq!(bar_end(0, 0), MARGIN + BAR_W);
        assert_eq!(bar_end(usize::MAX, 3), MARGIN + BAR_W);
        assert_eq!(bar_end(0, 1), MARGIN + BAR_W);
    }
}
