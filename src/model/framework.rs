//! Career frameworks: competency areas, track rubrics, and what each role is expected to
//! do in each area. A role sits on the rubric of its family and track (or the one it
//! names) at its level; each area's expectation is the role's own text if it wrote one,
//! else its level's cell, else the nearest level below that has one ("as at level 3").

use std::collections::HashMap;

use super::roles::Catalog;
use crate::content::framework::{Expectation, RawArea, RawRubric};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::suggest::did_you_mean;
use crate::yaml::Pos;

/// A competency area.
#[derive(Debug, Clone)]
pub struct Area {
    pub raw: RawArea,
    /// Index into [`Catalog::files`].
    pub file: usize,
}

/// A track's rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub raw: RawRubric,
    pub file: usize,
    /// `/tracks/<id>/`.
    pub url: String,
    /// For each level (in the order of `raw.levels`), the written or stub roles at it.
    pub roles: Vec<Vec<usize>>,
}

/// Where a role sits: its rubric and the index of its level in `raw.levels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rung {
    pub rubric: usize,
    pub level: usize,
}

/// What a role is expected to do in one area, and where the text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub area: usize,
    pub from: CellSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellSource {
    /// The role file's own `expectations`, entry `index`.
    Role { index: usize },
    /// Rubric `rubric`, level `level` (an index), entry `index`: the role's own level, or
    /// (when `inherited`) the nearest level below that describes the area.
    Rubric { rubric: usize, level: usize, index: usize, inherited: bool },
}

impl Catalog {
    /// The expectation a cell points at.
    pub fn expectation(&self, role: usize, cell: &Cell) -> &Expectation {
        match cell.from {
            CellSource::Role { index } => {
                let own = self.roles[role].raw.expectations.as_ref().expect("a cell from the role's own text");
                &own.0[index].1
            }
            CellSource::Rubric { rubric, level, index, .. } => {
                &self.rubrics[rubric].raw.levels[level].expectations.0[index].1
            }
        }
    }

    /// The file whose text a cell quotes (for the HTML of its markdown).
    pub fn cell_file(&self, role: usize, cell: &Cell) -> usize {
        match cell.from {
            CellSource::Role { .. } => self.roles[role].file,
            CellSource::Rubric { rubric, .. } => self.rubrics[rubric].file,
        }
    }

    /// Areas grouped as the site declared them: each group (or none) with its areas, groups
    /// in the order they first appear, areas in file order within a group.
    pub fn area_groups(&self) -> Vec<(Option<&str>, Vec<usize>)> {
        let mut groups: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
        for (i, area) in self.areas.iter().enumerate() {
            let group = area.raw.group.as_deref();
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, list)) => list.push(i),
                None => groups.push((group, vec![i])),
            }
        }
        groups
    }

    /// Areas in display order (grouped).
    pub fn area_order(&self) -> Vec<usize> {
        self.area_groups().into_iter().flat_map(|(_, areas)| areas).collect()
    }

    /// Links rubrics to areas and roles, and works out each role's expectations.
    pub(super) fn link_framework(&mut self, diagnostics: &mut Diagnostics) {
        for r in 0..self.rubrics.len() {
            self.check_rubric(r, diagnostics);
        }
        // One rubric per family and track.
        let mut by_track: HashMap<(&str, &str), usize> = HashMap::new();
        for (r, rubric) in self.rubrics.iter().enumerate() {
            let key = (rubric.raw.family.as_str(), rubric.raw.track.as_str());
            if let Some(&first) = by_track.get(&key) {
                let other = &self.rubrics[first];
                diagnostics.push(
                    self.error(
                        rubric.file,
                        rubric.raw.id.pos,
                        "duplicate-rubric",
                        format!(
                            "`{}` and `{}` are both rubrics of {} / {}",
                            other.raw.id.value, rubric.raw.id.value, key.0, key.1
                        ),
                    )
                    .with_hint("one track has one rubric; roles may name another with `rubric:`"),
                );
            } else {
                by_track.insert(key, r);
            }
        }
        let order = self.area_order();
        let mut placed: Vec<(usize, Option<Rung>, Vec<Cell>)> = Vec::new();
        let mut found = Vec::new();
        for (i, role) in self.roles.iter().enumerate() {
            let raw = &role.raw;
            let named = raw.rubric.as_ref();
            let rubric = match named {
                Some(id) => match self.rubric_ids.get(id.value.as_str()) {
                    Some(&r) => Some(r),
                    None => {
                        let hint = match did_you_mean(&id.value, self.rubric_ids.keys().map(String::as_str)) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None if self.rubrics.is_empty() => {
                                "there is no rubric; add one under content/rubrics/".into()
                            }
                            None => "name a file under content/rubrics/ by its id".into(),
                        };
                        found.push(
                            self.error(
                                role.file,
                                id.pos,
                                "unknown-rubric",
                                format!("there is no rubric `{}`", id.value),
                            )
                            .with_hint(hint),
                        );
                        None
                    }
                },
                None => raw.track.as_deref().and_then(|track| by_track.get(&(raw.family.as_str(), track)).copied()),
            };
            let level = raw.level.as_ref();
            let rung = rubric.and_then(|r| {
                let levels = &self.rubrics[r].raw.levels;
                let at = level.and_then(|l| levels.iter().position(|x| x.level.value == l.value));
                if at.is_none() && named.is_some() {
                    let what = level.map_or("no level".to_string(), |l| format!("level {}", l.value));
                    let pos = level.map_or(raw.id.pos, |l| l.pos);
                    found.push(
                        self.warning(
                            role.file,
                            pos,
                            "level-not-in-rubric",
                            format!("the rubric `{}` has no {what}", self.rubrics[r].raw.id.value),
                        )
                        .with_hint("add the level to the rubric, or give the role a level the rubric describes"),
                    );
                }
                at.map(|level| Rung { rubric: r, level })
            });
            let mut cells = Vec::new();
            let own = raw.expectations.as_ref().map(|e| e.0.as_slice()).unwrap_or(&[]);
            for (index, (area, _)) in own.iter().enumerate() {
                if !self.area_ids.contains_key(area.as_str()) {
                    found.push(self.unknown_area(role.file, area.as_str(), area.pos()));
                } else if own[..index].iter().any(|(a, _)| a.as_str() == area.as_str()) {
                    found.push(self.error(
                        role.file,
                        area.pos(),
                        "duplicate-area",
                        format!("`{}` is given twice", area.as_str()),
                    ));
                }
            }
            for &a in &order {
                let id = self.areas[a].raw.id.value.as_str();
                if let Some(index) = own.iter().position(|(area, _)| area.as_str() == id) {
                    cells.push(Cell { area: a, from: CellSource::Role { index } });
                } else if let Some(rung) = rung {
                    let levels = &self.rubrics[rung.rubric].raw.levels;
                    let cell = (0..=rung.level).rev().find_map(|l| {
                        let index = levels[l].expectations.0.iter().position(|(area, _)| area.as_str() == id)?;
                        Some(CellSource::Rubric { rubric: rung.rubric, level: l, index, inherited: l != rung.level })
                    });
                    cells.extend(cell.map(|from| Cell { area: a, from }));
                }
            }
            placed.push((i, rung, cells));
        }
        found.into_iter().for_each(|d| diagnostics.push(d));
        for rubric in &mut self.rubrics {
            rubric.roles = vec![Vec::new(); rubric.raw.levels.len()];
        }
        for (i, rung, cells) in placed {
            if let Some(rung) = rung {
                self.rubrics[rung.rubric].roles[rung.level].push(i);
            }
            self.roles[i].rung = rung;
            self.roles[i].expectations = cells;
        }
    }

    /// Areas named in a rubric exist, each once per level; levels ascend.
    fn check_rubric(&self, r: usize, diagnostics: &mut Diagnostics) {
        let rubric = &self.rubrics[r];
        let mut previous: Option<u32> = None;
        for level in &rubric.raw.levels {
            let n = level.level.value;
            if n == 0 || n > super::roles::MAX_LEVEL {
                let message = if n == 0 {
                    "levels start at 1".to_string()
                } else {
                    format!("level {n} is beyond the highest level, {}", super::roles::MAX_LEVEL)
                };
                diagnostics.push(
                    self.error(rubric.file, level.level.pos, "bad-level", message)
                        .with_hint("a level is a rung on the ladder, counted from 1"),
                );
            }
            if previous.is_some_and(|p| p >= level.level.value) {
                diagnostics.push(
                    self.error(
                        rubric.file,
                        level.level.pos,
                        "rubric-level-order",
                        format!("level {} comes after level {}", level.level.value, previous.unwrap_or(0)),
                    )
                    .with_hint("list the levels once each, lowest first"),
                );
            }
            previous = Some(level.level.value);
            let cells = &level.expectations.0;
            for (index, (area, _)) in cells.iter().enumerate() {
                if !self.area_ids.contains_key(area.as_str()) {
                    diagnostics.push(self.unknown_area(rubric.file, area.as_str(), area.pos()));
                } else if cells[..index].iter().any(|(a, _)| a.as_str() == area.as_str()) {
                    diagnostics.push(self.error(
                        rubric.file,
                        area.pos(),
                        "duplicate-area",
                        format!("`{}` is given twice at this level", area.as_str()),
                    ));
                }
            }
        }
        if rubric.raw.levels.is_empty() {
            diagnostics.push(
                self.error(
                    rubric.file,
                    rubric.raw.id.pos,
                    "empty-rubric",
                    format!("the rubric `{}` has no levels", rubric.raw.id.value),
                )
                .with_hint("add `levels:` with what each level expects in each competency area"),
            );
        }
    }

    fn unknown_area(&self, file: usize, id: &str, pos: Pos) -> Diagnostic {
        let hint = match did_you_mean(id, self.area_ids.keys().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None if self.areas.is_empty() => "declare the site's competency areas in content/competencies.yaml".into(),
            None => "add it to content/competencies.yaml, or use one of the areas declared there".into(),
        };
        self.error(file, pos, "unknown-area", format!("there is no competency area `{id}`")).with_hint(hint)
    }

    fn warning(&self, file: usize, pos: Pos, code: &'static str, message: String) -> Diagnostic {
        let f = &self.files[file];
        Diagnostic::warning(&f.rel, code, message).at(&f.text, pos)
    }
}
