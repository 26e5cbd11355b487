//! Competency expectations as pages show them: a role's cells grouped by the site's area
//! groups, with their rendered text, for the role page, the track page, the matrix and the
//! comparisons. Text comes from the [`Prose`](super::view::Prose) of the file that wrote it
//! (the role's own file or its rubric).

use serde::Serialize;

use super::input::EntityData;
use super::view::Prose;
use crate::content::framework::Expectation;
use crate::model::framework::{Cell, CellSource};
use crate::slug::slugify;

/// An area as a heading.
#[derive(Serialize, Clone)]
pub struct AreaView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// The anchor of the area's row on a page: `area-<id>`.
    pub anchor: String,
    pub description: Option<&'a str>,
}

/// What one level expects in one area, as HTML.
#[derive(Serialize, Clone, PartialEq)]
pub struct CellText<'a> {
    pub summary: Option<&'a str>,
    pub behaviours: Vec<&'a str>,
    pub examples: Vec<&'a str>,
    pub sub_levels: Vec<SubLevelText<'a>>,
}

/// A named step inside a level, as HTML.
#[derive(Serialize, Clone, PartialEq)]
pub struct SubLevelText<'a> {
    pub name: &'a str,
    pub summary: Option<&'a str>,
    pub behaviours: Vec<&'a str>,
    pub examples: Vec<&'a str>,
}

/// A role's cell, ready for a page.
#[derive(Serialize, Clone)]
pub struct CellView<'a> {
    pub area: AreaView<'a>,
    #[serde(flatten)]
    pub text: CellText<'a>,
    /// When the text is a lower level's (the role's level does not describe the area):
    /// that level, e.g. "level 3 (Research Scientist)".
    pub inherited_from: Option<String>,
    /// Whether the role's own file wrote it, rather than its rubric.
    pub own: bool,
}

/// A group of areas with their cells.
#[derive(Serialize)]
pub struct GroupView<'a> {
    pub name: Option<&'a str>,
    pub id: String,
    pub cells: Vec<CellView<'a>>,
}

impl<'a> EntityData<'a> {
    /// Area `a` as a heading.
    pub fn area_view(&self, a: usize) -> AreaView<'a> {
        let area = &self.catalog.areas[a];
        AreaView {
            id: &area.raw.id.value,
            name: &area.raw.name,
            anchor: format!("area-{}", area.raw.id.value),
            description: self.areas[a].prose.opt(&area.raw.description),
        }
    }

    /// The prose of the file a cell of role `r` quotes.
    fn cell_prose(&self, r: usize, cell: &Cell) -> &'a Prose {
        match cell.from {
            CellSource::Role { .. } => &self.roles[r].prose,
            CellSource::Rubric { rubric, .. } => &self.rubrics[rubric].prose,
        }
    }

    /// One expectation's text, from `prose`.
    pub fn cell_text(&self, expectation: &'a Expectation, prose: &'a Prose) -> CellText<'a> {
        CellText {
            summary: prose.opt(&expectation.summary),
            behaviours: prose.items(&expectation.behaviours).collect(),
            examples: prose.items(&expectation.examples).collect(),
            sub_levels: expectation
                .sub_levels
                .iter()
                .map(|sub| SubLevelText {
                    name: &sub.name,
                    summary: prose.opt(&sub.summary),
                    behaviours: prose.items(&sub.behaviours).collect(),
                    examples: prose.items(&sub.examples).collect(),
                })
                .collect(),
        }
    }

    /// Role `r`'s cell in area `a`, if it has one.
    pub fn cell_view(&self, r: usize, a: usize) -> Option<CellView<'a>> {
        let cell = self.catalog.roles[r].expectations.iter().find(|c| c.area == a)?;
        let expectation = self.catalog.expectation(r, cell);
        let text = self.cell_text(expectation, self.cell_prose(r, cell));
        let inherited_from = match cell.from {
            CellSource::Rubric { rubric, level, inherited: true, .. } => Some(self.level_label(rubric, level)),
            _ => None,
        };
        Some(CellView {
            area: self.area_view(a),
            text,
            inherited_from,
            own: matches!(cell.from, CellSource::Role { .. }),
        })
    }

    /// A rubric level's name: its own, else the level name of its first role.
    pub fn level_name(&self, rubric: usize, level: usize) -> Option<&'a str> {
        let rubric = &self.catalog.rubrics[rubric];
        rubric.raw.levels[level].name.as_deref().or_else(|| {
            let roles = &rubric.roles[level];
            roles.first().and_then(|&r| self.catalog.roles[r].raw.level_name.as_deref())
        })
    }

    /// "level 3 (Research Scientist)": a rubric level as prose.
    pub fn level_label(&self, rubric: usize, level: usize) -> String {
        let at = &self.catalog.rubrics[rubric].raw.levels[level];
        match self.level_name(rubric, level) {
            Some(name) => format!("level {} ({name})", at.level.value),
            None => format!("level {}", at.level.value),
        }
    }

    /// Role `r`'s expectations, grouped as the site groups its areas.
    pub fn expectation_groups(&self, r: usize) -> Vec<GroupView<'a>> {
        self.catalog
            .area_groups()
            .into_iter()
            .map(|(name, areas)| GroupView {
                name,
                id: format!("areas-{}", slugify(name.unwrap_or("other"))),
                cells: areas.into_iter().filter_map(|a| self.cell_view(r, a)).collect(),
            })
            .filter(|g| !g.cells.is_empty())
            .collect()
    }
}
