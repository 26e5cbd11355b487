//! The career ladder as an SVG drawn at build time: no script, no external request.
//!
//! Columns are levels (left to right), lanes are family and track (top to bottom); roles
//! sharing a lane and level stack inside their cell, so no two boxes can overlap. Labels
//! are wrapped to fit their box and cut with an ellipsis when too long (the full title is
//! in the box's `<title>` and in the text list beside the graph).
//!
//! Coordinates come from counts (levels, roles in a cell, edges at a box) and are
//! computed saturating: no count can wrap a coordinate back onto the canvas. Level
//! numbers themselves never reach a coordinate, only their rank among the site's levels.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::escape::html as escape;
use crate::model::career::{CareerGraph, EdgeKind};
use crate::model::Catalog;

pub const NODE_W: u32 = 188;
pub const NODE_H: u32 = 54;
const COL_GAP: u32 = 72;
const ROW_GAP: u32 = 14;
const MARGIN: u32 = 16;
const HEADER_H: u32 = 34;
const LANE_LABEL_H: u32 = 30;
const LINE_CHARS: usize = 24;
/// How far an edge within one level bows out right of its boxes at most (see
/// [`edge_path`]), plus room for its stroke: the canvas reaches that far past the last
/// level, so the bows of its roles are not cut off.
const BOW_ROOM: u32 = 20 + COL_GAP / 2 + 4;

#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub role: usize,
    pub x: u32,
    pub y: u32,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub label: String,
    pub y: u32,
    pub height: u32,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub nodes: Vec<NodeBox>,
    pub lanes: Vec<Lane>,
    /// (label, x of the column's left edge)
    pub columns: Vec<(String, u32)>,
}

/// A count as a coordinate factor; beyond u32 it saturates rather than wraps.
fn px(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The left edge of column `column`.
fn column_x(column: usize) -> u32 {
    MARGIN.saturating_add(px(column).saturating_mul(NODE_W + COL_GAP))
}

/// The height of a lane whose fullest cell stacks `tallest` boxes: its label, then each
/// box with the gap below it.
fn lane_height(tallest: usize) -> u32 {
    LANE_LABEL_H.saturating_add(px(tallest.max(1)).saturating_mul(NODE_H + ROW_GAP))
}

/// The y of the `i`th of `n` ports spread down the side of a box whose top is `top`.
fn port_y(top: u32, i: usize, n: usize) -> u32 {
    // In u64: `i < n`, so the quotient is below NODE_H - 16 and the product of a 6-bit
    // constant and a count cannot overflow.
    let (i, n) = (i as u64, n as u64);
    let offset = u64::from(NODE_H - 16).saturating_mul(i.saturating_add(1)) / n.saturating_add(1);
    top.saturating_add(8).saturating_add(u32::try_from(offset).unwrap_or(NODE_H - 16))
}

impl Layout {
    pub fn node_of(&self, role: usize) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.role == role)
    }
}

/// Places every role of the catalogue.
pub fn layout(catalog: &Catalog) -> Layout {
    let levels: Vec<Option<u32>> = {
        let mut l: Vec<Option<u32>> = catalog.roles.iter().map(|r| r.level()).collect();
        // Unlevelled roles go last.
        l.sort_by_key(|l| l.unwrap_or(u32::MAX));
        l.dedup();
        l
    };
    let column_of = |level: Option<u32>| levels.iter().position(|l| *l == level).unwrap_or(0);
    let mut cells: BTreeMap<(String, String), BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    for (i, role) in catalog.roles.iter().enumerate() {
        let lane = (role.raw.family.clone(), role.raw.track.clone().unwrap_or_default());
        cells.entry(lane).or_default().entry(column_of(role.level())).or_default().push(i);
    }
    let mut nodes = Vec::new();
    let mut lanes = Vec::new();
    let mut y = HEADER_H + MARGIN;
    for ((family, track), columns) in &cells {
        let height = lane_height(columns.values().map(Vec::len).max().unwrap_or(1));
        let label = if track.is_empty() { family.clone() } else { format!("{family} · {track}") };
        lanes.push(Lane { label, y, height });
        for (&column, roles) in columns {
            let mut roles = roles.clone();
            roles.sort_by(|&a, &b| catalog.roles[a].raw.title.cmp(&catalog.roles[b].raw.title));
            for (k, role) in roles.into_iter().enumerate() {
                nodes.push(NodeBox {
                    role,
                    x: column_x(column),
                    y: y.saturating_add(LANE_LABEL_H).saturating_add(px(k).saturating_mul(NODE_H + ROW_GAP)),
                    lines: wrap(&catalog.roles[role].raw.title),
                });
            }
        }
        y = y.saturating_add(height);
    }
    let columns = levels
        .iter()
        .enumerate()
        .map(|(c, l)| (l.map_or("No level".to_string(), |l| format!("Level {l}")), column_x(c)))
        .collect();
    // The last column's right edge plus room for the bows of edges within it.
    let width = column_x(levels.len().max(1) - 1).saturating_add(NODE_W + BOW_ROOM.max(MARGIN));
    nodes.sort_by_key(|n| n.role);
    Layout { width, height: y.saturating_add(MARGIN), nodes, lanes, columns }
}

/// Up to two lines of at most [`LINE_CHARS`] characters, breaking at spaces.
fn wrap(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in title.split_whitespace() {
        let current = lines.last_mut().expect("one line at least");
        if current.is_empty() {
            current.push_str(word);
        } else if current.chars().count() + 1 + word.chars().count() <= LINE_CHARS {
            current.push(' ');
            current.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(rest);
    }
    for line in &mut lines {
        if line.chars().count() > LINE_CHARS {
            let cut: String = line.chars().take(LINE_CHARS - 1).collect();
            *line = format!("{}…", cut.trim_end());
        }
    }
    lines
}

/// The SVG markup. `href` turns a role's site path into a link.
pub fn svg(catalog: &Catalog, graph: &CareerGraph, layout: &Layout, href: &dyn Fn(&str) -> String) -> String {
    let mut s = String::with_capacity(4096 + layout.nodes.len() * 400);
    let _ = write!(
        s,
        "<svg class=\"career-graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" style=\"min-width:{min_w}px\" role=\"group\" aria-labelledby=\"career-graph-title\">\n<title id=\"career-graph-title\">Career paths: roles by level (left to right) and family; arrows point to the next role</title>\n",
        w = layout.width,
        h = layout.height,
        // A wide screen shrinks a graph a little wider than the page to fit it (see
        // style.css), never below three quarters of its size, where labels stay legible:
        // past that it scrolls in its box.
        min_w = layout.width / 4 * 3,
    );
    s.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" class=\"cg-arrow\"/></marker></defs>\n");
    for (label, x) in &layout.columns {
        let _ = writeln!(
            s,
            "<text class=\"cg-column\" x=\"{}\" y=\"{}\">{}</text>",
            x.saturating_add(NODE_W / 2),
            MARGIN + 12,
            escape(label)
        );
    }
    for (i, lane) in layout.lanes.iter().enumerate() {
        let class = if i % 2 == 0 { "cg-lane" } else { "cg-lane cg-lane-alt" };
        let _ = writeln!(
            s,
            "<rect class=\"{class}\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/><text class=\"cg-lane-label\" x=\"{}\" y=\"{}\">{}</text>",
            lane.y,
            layout.width,
            lane.height,
            MARGIN,
            lane.y.saturating_add(20),
            escape(&lane.label)
        );
    }
    // Each edge leaves and enters its boxes at its own point along the side, ordered by
    // where the other end is, so edges from one role fan out instead of bunching.
    let ports = ports(graph, layout);
    for (k, edge) in graph.edges.iter().enumerate() {
        let (Some(a), Some(b)) = (layout.node_of(edge.from), layout.node_of(edge.to)) else { continue };
        let (ya, yb) = ports[k];
        let _ = writeln!(s, "<path class=\"{}\" d=\"{}\"/>", edge_class(edge.kind), edge_path(a, b, ya, yb));
    }
    for node in &layout.nodes {
        let role = &catalog.roles[node.role];
        let class = if role.is_stub() { "cg-node cg-stub" } else { "cg-node" };
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"{class}\"><title>{}{}</title><rect x=\"{}\" y=\"{}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"6\"/>",
            escape(&href(&role.url)),
            escape(&role.raw.title),
            if role.is_stub() { " (blueprint not written yet)" } else { "" },
            node.x,
            node.y
        );
        // `wrap` gives one or two lines, so the first line starts at most 8 above the middle.
        let first_y = node.y.saturating_add(NODE_H / 2 + 5).saturating_sub(px(node.lines.len().saturating_sub(1)) * 8);
        s.push_str("<text>");
        for (k, line) in node.lines.iter().enumerate() {
            let (x, y) = (node.x.saturating_add(10), first_y.saturating_add(px(k).saturating_mul(16)));
            let _ = write!(s, "<tspan x=\"{x}\" y=\"{y}\">{}</tspan>", escape(line));
        }
        s.push_str("</text></a>\n");
    }
    s.push_str("</svg>\n");
    s
}

fn edge_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Next => "cg-edge",
        EdgeKind::Adjacent => "cg-edge cg-adjacent",
    }
}

/// The y at which each edge (by index) leaves its source box and enters its target box.
fn ports(graph: &CareerGraph, layout: &Layout) -> Vec<(u32, u32)> {
    let centre = |role: usize| layout.node_of(role).map_or(0, |n| n.y.saturating_add(NODE_H / 2));
    let mut out: BTreeMap<usize, Vec<(u32, usize)>> = BTreeMap::new();
    let mut into: BTreeMap<usize, Vec<(u32, usize)>> = BTreeMap::new();
    for (k, e) in graph.edges.iter().enumerate() {
        out.entry(e.from).or_default().push((centre(e.to), k));
        into.entry(e.to).or_default().push((centre(e.from), k));
    }
    let mut ports = vec![(0, 0); graph.edges.len()];
    let spread = |side: &mut Vec<(u32, usize)>, role: usize, slot: &mut dyn FnMut(usize, u32)| {
        side.sort();
        let top = layout.node_of(role).map_or(0, |n| n.y);
        for (i, (_, k)) in side.iter().enumerate() {
            slot(*k, port_y(top, i, side.len()));
        }
    };
    for (role, side) in &mut out {
        spread(side, *role, &mut |k, y| ports[k].0 = y);
    }
    for (role, side) in &mut into {
        spread(side, *role, &mut |k, y| ports[k].1 = y);
    }
    ports
}

/// A path from `a` (leaving at height `ya`) to `b` (entering at `yb`). Between
/// neighbouring levels it is one curve; an edge that skips levels runs along the gap
/// above the boxes so it never crosses the roles in between; an edge within one level
/// bows out to the right.
pub fn edge_path(a: &NodeBox, b: &NodeBox, ya: u32, yb: u32) -> String {
    let span = a.x.abs_diff(b.x) / (NODE_W + COL_GAP);
    if b.x == a.x {
        let x = a.x.saturating_add(NODE_W);
        let bow = 20 + (ya.abs_diff(yb) / 8).min(COL_GAP / 2);
        let out = x.saturating_add(bow);
        return format!("M{x} {ya}C{out} {ya},{out} {yb},{x} {yb}");
    }
    let (x1, x2, dir) =
        if b.x > a.x { (a.x.saturating_add(NODE_W), b.x, 1i64) } else { (a.x, b.x.saturating_add(NODE_W), -1i64) };
    let (x1i, x2i) = (i64::from(x1), i64::from(x2));
    if span <= 1 {
        let dx = i64::from(x1.abs_diff(x2) / 2);
        return format!("M{x1} {ya}C{} {ya},{} {yb},{x2} {yb}", x1i + dir * dx, x2i - dir * dx);
    }
    // The gap above both boxes: row gaps and lane labels are free of boxes.
    let lane = a.y.min(b.y).saturating_sub(ROW_GAP / 2 + 1);
    let turn = i64::from(COL_GAP / 2);
    format!(
        "M{x1} {ya}C{} {ya},{} {lane},{} {lane}L{} {lane}C{} {lane},{} {yb},{x2} {yb}",
        x1i + dir * turn / 2,
        x1i + dir * turn / 2,
        x1i + dir * turn,
        x2i - dir * turn,
        x2i - dir * turn / 2,
        x2i - dir * turn / 2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;
    use crate::diagnostics::Diagnostics;

    fn catalog(n: usize) -> Catalog {
        let files = (0..n)
            .map(|i| SourceFile {
                rel: format!("content/roles/r{i}.yaml"),
                content_rel: format!("roles/r{i}.yaml"),
                text: format!(
                    "id: r{i}\nstub: true\ntitle: Role number {i} with a rather long descriptive title\nfamily: F{}\ntrack: T{}\nlevel: {}\n",
                    i % 3,
                    i % 2,
                    1 + i % 4
                ),
            })
            .collect();
        super::super::super::model::roles::build(files, &mut Diagnostics::new())
    }

    #[test]
    fn no_two_boxes_overlap() {
        let c = catalog(60);
        let l = layout(&c);
        assert_eq!(l.nodes.len(), 60);
        for (i, a) in l.nodes.iter().enumerate() {
            assert!(a.x + NODE_W <= l.width && a.y + NODE_H <= l.height, "inside the canvas");
            for b in &l.nodes[i + 1..] {
                let apart = a.x + NODE_W <= b.x || b.x + NODE_W <= a.x || a.y + NODE_H <= b.y || b.y + NODE_H <= a.y;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn coordinates_from_absurd_counts_saturate_instead_of_wrapping() {
        // Each of these wraps to a small number in u32 arithmetic in a release build.
        assert_eq!(column_x(usize::MAX), u32::MAX);
        assert_eq!(column_x(16_519_105), u32::MAX, "16,519,105 columns of 260px pass u32");
        assert_eq!(lane_height(usize::MAX), u32::MAX);
        assert_eq!(lane_height(63_161_284), u32::MAX, "63,161,284 stacked boxes of 68px pass u32");
        assert_eq!(port_y(u32::MAX - 4, 0, 1), u32::MAX);
        assert!(port_y(0, usize::MAX - 1, usize::MAX) < NODE_H);
        let (top, n) = (1000, 200_000_000);
        for i in [0, 1, n / 2, n - 1] {
            let y = port_y(top, i, n);
            assert!(y > top && y < top + NODE_H, "port {i} of {n} at {y} leaves the box");
        }
    }

    #[test]
    fn the_saturating_layout_draws_what_the_plain_one_did() {
        assert_eq!(column_x(0), MARGIN);
        assert_eq!(column_x(2), MARGIN + 2 * (NODE_W + COL_GAP));
        for tallest in 1..5u32 {
            let plain = LANE_LABEL_H + tallest * NODE_H + (tallest - 1) * ROW_GAP + ROW_GAP;
            assert_eq!(lane_height(tallest as usize), plain);
        }
        for n in 1..6u32 {
            for i in 0..n {
                assert_eq!(port_y(100, i as usize, n as usize), 100 + 8 + (NODE_H - 16) * (i + 1) / (n + 1));
            }
        }
        let l = layout(&catalog(8));
        let levels = 4;
        assert_eq!(l.width, MARGIN + BOW_ROOM + levels * (NODE_W + COL_GAP) - COL_GAP);
    }

    #[test]
    fn labels_fit_their_box() {
        for title in [
            "Lead Research Scientist",
            "A very very very long title that cannot possibly fit in two short lines at all",
            "Supercalifragilisticexpialidocious-engineer-of-things",
        ] {
            let lines = wrap(title);
            assert!(lines.len() <= 2, "{lines:?}");
            for line in &lines {
                // At 13px an average character is about 7px wide; the box has 10px padding each side.
                assert!(
                    line.chars().count() <= LINE_CHARS && (line.chars().count() as u32) * 7 <= NODE_W - 20,
                    "{line}"
                );
            }
        }
    }
}
