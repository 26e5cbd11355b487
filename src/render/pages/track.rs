//! Track pages: `/tracks/`, every rubric, and `/tracks/<id>/`, one rubric at a glance —
//! competency areas down, levels across, what each level expects in each area.

use serde::Serialize;

use crate::render::expectations::{AreaView, CellText};
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, SharedRoleLink};
use crate::render::text::plain_text;
use crate::slug::slugify;
use crate::urls;

/// A rubric in the list of tracks.
#[derive(Serialize)]
struct TrackLink<'a> {
    title: &'a str,
    url: String,
    family: &'a str,
    track: &'a str,
    description: Option<&'a str>,
    levels: Vec<String>,
}

/// A level, as a column.
#[derive(Serialize)]
struct LevelColumn<'a> {
    level: u32,
    name: Option<&'a str>,
    roles: Vec<SharedRoleLink>,
}

/// One area across the levels.
#[derive(Serialize)]
struct AreaRow<'a> {
    area: AreaView<'a>,
    cells: Vec<RubricCell<'a>>,
}

/// What one level expects in one area: its own text, or the level it is as at.
#[derive(Serialize)]
struct RubricCell<'a> {
    text: Option<CellText<'a>>,
    as_at: Option<String>,
}

/// A group of areas.
#[derive(Serialize)]
struct AreaGroupRows<'a> {
    name: Option<&'a str>,
    id: String,
    rows: Vec<AreaRow<'a>>,
}

fn level_names(data: &EntityData, r: usize) -> Vec<String> {
    (0..data.catalog.rubrics[r].raw.levels.len()).map(|l| data.level_label(r, l)).collect()
}

/// The `/tracks/` page.
pub fn index(data: &EntityData, url: &str) -> Page {
    let frame = PageFrame::entity(data, "Tracks", "Each track's ladder: what every level expects.", url, Vec::new());
    let mut ctx = frame.context();
    let tracks: Vec<TrackLink> = data
        .catalog
        .rubrics
        .iter()
        .enumerate()
        .map(|(r, rubric)| TrackLink {
            title: &rubric.raw.title,
            url: (data.href)(&rubric.url),
            family: &rubric.raw.family,
            track: &rubric.raw.track,
            description: data.rubrics[r].prose.opt(&rubric.raw.description),
            levels: level_names(data, r),
        })
        .collect();
    ctx.insert("tracks", &tracks);
    Page { template: "tracks.html", ctx, what: "the list of tracks".into() }
}

/// The page of rubric `r`.
pub fn page(data: &EntityData, url: &str, r: usize) -> Page {
    let catalog = data.catalog;
    let rubric = &catalog.rubrics[r];
    let prose = &data.rubrics[r].prose;
    let description = prose.opt(&rubric.raw.description).map(plain_text).unwrap_or_default();
    let crumbs = vec![crumb(data, "Tracks", urls::TRACKS)];
    let mut ctx = PageFrame::entity(data, &rubric.raw.title, &description, url, crumbs).context();
    let levels = &rubric.raw.levels;
    let columns: Vec<LevelColumn> = levels
        .iter()
        .enumerate()
        .map(|(l, level)| LevelColumn {
            level: level.level.value,
            name: data.level_name(r, l),
            roles: rubric.roles[l].iter().map(|&role| data.shared_link(role)).collect(),
        })
        .collect();
    let groups: Vec<AreaGroupRows> = catalog
        .area_groups()
        .into_iter()
        .map(|(name, areas)| AreaGroupRows {
            name,
            id: format!("areas-{}", slugify(name.unwrap_or("other"))),
            // Only the areas this rubric describes: a site's tracks may use different areas
            // (a management track its own), and a row of "not described" says nothing.
            rows: areas
                .into_iter()
                .filter(|&a| {
                    let id = catalog.areas[a].raw.id.value.as_str();
                    levels.iter().any(|level| level.expectations.0.iter().any(|(area, _)| area.as_str() == id))
                })
                .map(|a| {
                    let id = catalog.areas[a].raw.id.value.as_str();
                    let cells = (0..levels.len())
                        .map(|l| {
                            let here = levels[l].expectations.0.iter().find(|(area, _)| area.as_str() == id);
                            match here {
                                Some((_, expectation)) => {
                                    RubricCell { text: Some(data.cell_text(expectation, prose)), as_at: None }
                                }
                                None => {
                                    let below = (0..l)
                                        .rev()
                                        .find(|&b| levels[b].expectations.0.iter().any(|(x, _)| x.as_str() == id));
                                    RubricCell { text: None, as_at: below.map(|b| data.level_label(r, b)) }
                                }
                            }
                        })
                        .collect();
                    AreaRow { area: data.area_view(a), cells }
                })
                .collect(),
        })
        .filter(|group| !group.rows.is_empty())
        .collect();
    ctx.insert("rubric_description", &prose.opt(&rubric.raw.description));
    ctx.insert("family", &rubric.raw.family);
    ctx.insert("track", &rubric.raw.track);
    ctx.insert("levels", &columns);
    ctx.insert("groups", &groups);
    Page { template: "track.html", ctx, what: catalog.files[rubric.file].rel.clone() }
}
