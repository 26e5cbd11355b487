//! Skill matrices: the one of `/skills/` (skills × every role that lists one), and, for
//! sites with more than [`MATRIX_SPLIT`] such roles, each family's own matrix pages. On a
//! site with competency areas, a matrix also has a row per area (in the site's order,
//! grouped as it groups them) with what each role is expected to do there.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::content::role::Importance;
use crate::model::Catalog;
use crate::render::expectations::AreaView;
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, SharedRoleLink};
use crate::render::text::group_label;
use crate::slug::slugify;
use crate::urls;

/// The most role columns one skill matrix has: above this many roles with skills,
/// `/skills/` links to one matrix per family, and a family with more has several pages
/// of at most this many (a matrix page's cells grow with its columns times its rows).
pub const MATRIX_SPLIT: usize = 40;

fn importance_rank(label: Option<&str>) -> u8 {
    match label {
        Some("Critical") => 3,
        Some("Important") => 2,
        Some("Optional") => 1,
        _ => 0,
    }
}

/// The roles that list skills or have expectations (all, or one family's), by family,
/// level and title: the columns of a skill matrix. A rubric-style role may list no skill,
/// and its column still carries its expectations.
pub fn matrix_roles(catalog: &Catalog, family: Option<&str>) -> Vec<usize> {
    let mut lists_skills: Vec<bool> = catalog.roles.iter().map(|r| !r.expectations.is_empty()).collect();
    for skill in &catalog.skills {
        for (r, _, _) in &skill.needed_by {
            lists_skills[*r] = true;
        }
    }
    let mut columns: Vec<usize> = (0..catalog.roles.len())
        .filter(|&r| lists_skills[r] && family.is_none_or(|f| catalog.roles[r].raw.family == f))
        .collect();
    columns.sort_by_key(|&r| {
        let role = &catalog.roles[r];
        (role.raw.family.clone(), role.level().unwrap_or(u32::MAX), role.raw.title.clone())
    });
    columns
}

/// Each role's skill needs as (skill, group, importance): skills in catalogue order, and
/// one skill's needs in the order of its `needed_by`. Indexed once, so a matrix page costs
/// what its own roles list, not what the whole site lists.
pub type NeedsByRole = Vec<Vec<(usize, &'static str, Option<Importance>)>>;

fn needs_by_role(catalog: &Catalog) -> NeedsByRole {
    let mut by_role = vec![Vec::new(); catalog.roles.len()];
    for (s, skill) in catalog.skills.iter().enumerate() {
        for &(r, group, importance) in &skill.needed_by {
            by_role[r].push((s, group, importance));
        }
    }
    by_role
}

/// One page of a family's skill matrix: at most [`MATRIX_SPLIT`] role columns, so no
/// page grows with the number of roles in the family.
pub struct MatrixPage {
    pub family: String,
    /// From 1.
    pub number: usize,
    /// The columns of every page of the family, shared by its pages.
    pub pages: Arc<[Vec<usize>]>,
    needs: Arc<NeedsByRole>,
}

impl MatrixPage {
    /// This page's columns.
    pub fn roles(&self) -> &[usize] {
        &self.pages[self.number - 1]
    }

    /// How many pages the family's matrix has.
    pub fn of(&self) -> usize {
        self.pages.len()
    }

    pub fn url(&self) -> String {
        urls::matrix(&self.family, self.number)
    }
}

/// The families whose matrices `/skills/` links to, in name order, when the site has
/// too many roles with skills for one matrix; `None` when `/skills/` holds the one matrix.
pub fn split_families(catalog: &Catalog) -> Option<BTreeSet<&str>> {
    (matrix_roles(catalog, None).len() > MATRIX_SPLIT)
        .then(|| catalog.roles.iter().map(|r| r.raw.family.as_str()).collect())
}

/// Every page of the family skill matrices (none when `/skills/` holds the one matrix):
/// each family's roles with skills in column order, cut into pages of [`MATRIX_SPLIT`]. A
/// family without such roles keeps one (empty) page, the one `/skills/` links to.
pub fn matrix_pages(catalog: &Catalog) -> Vec<MatrixPage> {
    let Some(families) = split_families(catalog) else { return Vec::new() };
    let columns = matrix_roles(catalog, None);
    let needs = Arc::new(needs_by_role(catalog));
    let mut pages = Vec::new();
    // The columns are sorted by family first, in the same string order as `families`, so
    // each family's roles are the next run of them.
    let mut rest = &columns[..];
    for family in families {
        let run = rest.iter().take_while(|&&r| catalog.roles[r].raw.family == family).count();
        let (own, after) = rest.split_at(run);
        rest = after;
        let chunks: Vec<Vec<usize>> =
            if own.is_empty() { vec![Vec::new()] } else { own.chunks(MATRIX_SPLIT).map(<[usize]>::to_vec).collect() };
        let chunks: Arc<[Vec<usize>]> = chunks.into();
        for number in 1..=chunks.len() {
            pages.push(MatrixPage { family: family.to_string(), number, pages: chunks.clone(), needs: needs.clone() });
        }
    }
    debug_assert!(rest.is_empty(), "every column belongs to a family");
    pages
}

/// The skill matrix of `/skills/`: every skill (rows, by category) × every role that
/// lists one (at most [`MATRIX_SPLIT`] of them, else the matrix is split by family).
pub fn skill_matrix<'a>(data: &EntityData<'a>) -> Matrix<'a> {
    let columns = matrix_roles(data.catalog, None);
    matrix_value(data, &columns, &needs_by_role(data.catalog), true)
}

/// One page of a family's matrix: its roles, and only the skills they list.
pub fn family_matrix<'a>(data: &EntityData<'a>, page: &MatrixPage) -> Matrix<'a> {
    matrix_value(data, page.roles(), &page.needs, false)
}

/// A skill matrix: role columns, competency area rows by area group, skill rows by
/// category.
#[derive(Serialize)]
pub struct Matrix<'a> {
    pub roles: Vec<SharedRoleLink>,
    pub areas: Vec<AreaGroup<'a>>,
    pub categories: Vec<Category<'a>>,
}

/// The rows of one group of competency areas (`name` is `None` for areas without a group).
#[derive(Serialize)]
pub struct AreaGroup<'a> {
    pub name: Option<&'a str>,
    pub id: String,
    pub rows: Vec<AreaRow<'a>>,
}

/// One competency area's row: a cell per column, empty where the role has no expectation.
#[derive(Serialize)]
pub struct AreaRow<'a> {
    pub area: AreaView<'a>,
    pub cells: Vec<Option<Expected<'a>>>,
}

/// What one role is expected to do in one area, in a line.
#[derive(Serialize)]
pub struct Expected<'a> {
    /// The expectation's summary as HTML, else its first behaviour.
    pub summary: Option<&'a str>,
    /// When the text is a lower level's: that level, e.g. "level 3 (Research Scientist)".
    pub as_at: Option<String>,
}

/// The area rows of a matrix with `columns`: every area some column has an expectation in,
/// in the site's order and groups.
fn area_rows<'a>(data: &EntityData<'a>, columns: &[usize]) -> Vec<AreaGroup<'a>> {
    if columns.iter().all(|&r| data.catalog.roles[r].expectations.is_empty()) {
        return Vec::new();
    }
    data.catalog
        .area_groups()
        .into_iter()
        .map(|(name, areas)| AreaGroup {
            name,
            id: format!("matrix-areas-{}", slugify(name.unwrap_or("other"))),
            rows: areas
                .into_iter()
                .filter_map(|a| {
                    let cells: Vec<Option<Expected>> = columns
                        .iter()
                        .map(|&r| {
                            let cell = data.cell_view(r, a)?;
                            let summary = cell.text.summary.or(cell.text.behaviours.first().copied());
                            Some(Expected { summary, as_at: cell.inherited_from })
                        })
                        .collect();
                    cells.iter().any(Option::is_some).then(|| AreaRow { area: data.area_view(a), cells })
                })
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect()
}

/// The rows of one skill category.
#[derive(Serialize)]
pub struct Category<'a> {
    pub name: &'a str,
    pub id: String,
    pub skills: Vec<SkillRow<'a>>,
}

/// One skill's row: a cell per column, empty where the role does not list the skill.
#[derive(Serialize)]
pub struct SkillRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub cells: Vec<Option<Need>>,
}

/// How much one role needs one skill.
#[derive(Serialize)]
pub struct Need {
    pub importance: Option<&'static str>,
    pub label: &'static str,
    pub group: &'static str,
}

/// Where a page of a split family matrix sits among the family's pages.
#[derive(Serialize)]
pub struct Pager<'a> {
    pub number: usize,
    pub of: usize,
    /// The most roles a page has.
    pub columns: usize,
    /// The first and last role of this page, by title.
    pub first: &'a str,
    pub last: &'a str,
    pub prev: Option<Span<'a>>,
    pub next: Option<Span<'a>>,
    pub all_url: String,
    /// Every page, on the first page only.
    pub pages: Option<Vec<Span<'a>>>,
}

/// A page of a family matrix as a link: its number and its first and last role.
#[derive(Serialize)]
pub struct Span<'a> {
    pub number: usize,
    pub url: String,
    pub first: &'a str,
    pub last: &'a str,
    pub current: bool,
}

/// Skills (rows, grouped by category) × `columns`, each cell the importance; every skill
/// a row when `every_skill`, else only those a column lists.
fn matrix_value<'a>(data: &EntityData<'a>, columns: &[usize], needs: &NeedsByRole, every_skill: bool) -> Matrix<'a> {
    let catalog = data.catalog;
    type Cell = Option<(&'static str, Option<Importance>)>;
    let mut rows: BTreeMap<usize, Vec<Cell>> = BTreeMap::new();
    if every_skill {
        rows.extend((0..catalog.skills.len()).map(|s| (s, vec![None; columns.len()])));
    }
    for (c, &r) in columns.iter().enumerate() {
        for &(s, group, importance) in &needs[r] {
            let row = rows.entry(s).or_insert_with(|| vec![None; columns.len()]);
            // The strongest need wins when a role lists a skill twice; of equals, the later.
            let rank = importance_rank(importance.map(Importance::as_str));
            if row[c].is_none_or(|(_, held)| rank >= importance_rank(held.map(Importance::as_str))) {
                row[c] = Some((group, importance));
            }
        }
    }
    let mut categories: BTreeMap<&str, Vec<SkillRow>> = BTreeMap::new();
    for (s, cells) in rows {
        let skill = &catalog.skills[s];
        let cells = cells
            .into_iter()
            .map(|cell| {
                cell.map(|(group, importance)| Need {
                    importance: importance.map(Importance::as_str),
                    label: importance.map(Importance::as_str).unwrap_or("Expected"),
                    group: group_label(group),
                })
            })
            .collect();
        categories.entry(&skill.raw.category).or_default().push(SkillRow {
            id: &skill.raw.id.value,
            name: &skill.raw.name,
            url: (data.href)(&skill.url),
            cells,
        });
    }
    Matrix {
        roles: columns.iter().map(|&r| data.shared_link(r)).collect(),
        areas: area_rows(data, columns),
        categories: categories.into_iter().map(|(name, skills)| Category { name, id: slugify(name), skills }).collect(),
    }
}

/// How a page of a split family matrix links to the others: the first and last role of
/// each page, previous and next, and on the first page the list of every page. Only the
/// first page lists them all, so the family's pages together stay linear in its roles.
pub fn matrix_pager<'a>(data: &EntityData<'a>, page: &MatrixPage) -> Pager<'a> {
    let roles = &data.catalog.roles;
    let span = |number: usize| {
        let columns = &page.pages[number - 1];
        let title = |r: Option<&usize>| r.map(|&r| roles[r].raw.title.as_str()).unwrap_or("");
        Span {
            number,
            url: (data.href)(&urls::matrix(&page.family, number)),
            first: title(columns.first()),
            last: title(columns.last()),
            current: number == page.number,
        }
    };
    let (number, of) = (page.number, page.of());
    let this = span(number);
    Pager {
        number,
        of,
        columns: MATRIX_SPLIT,
        first: this.first,
        last: this.last,
        prev: (number > 1).then(|| span(number - 1)),
        next: (number < of).then(|| span(number + 1)),
        all_url: format!("{}#matrix-pages", (data.href)(&urls::matrix(&page.family, 1))),
        pages: (number == 1).then(|| (1..=of).map(span).collect()),
    }
}

/// The page of one family matrix page.
pub fn page(data: &EntityData, url: &str, page: &MatrixPage) -> Page {
    let family = &page.family;
    let crumbs = vec![crumb(data, "Skills", urls::SKILLS)];
    let mut title = format!("Skill matrix: {family}");
    let mut description = format!("How much each {family} role needs each skill.");
    let pager = (page.of() > 1).then(|| matrix_pager(data, page));
    if let Some(Pager { first, last, .. }) = &pager {
        title = format!("{title}, page {} of {}", page.number, page.of());
        description = format!("How much each {family} role from {first} to {last} needs each skill.");
    }
    let mut ctx = PageFrame::entity(data, &title, &description, url, crumbs).context();
    ctx.insert("matrix", &family_matrix(data, page));
    ctx.insert("family", family);
    if let Some(pager) = &pager {
        ctx.insert("matrix_page", pager);
    }
    Page { template: "skills.html", ctx, what: format!("{} of the skill matrix of {family}", page_name(page)) }
}

/// `page 2` of a family matrix, or `the page` when it has one.
fn page_name(page: &MatrixPage) -> String {
    if page.of() == 1 {
        "the page".into()
    } else {
        format!("page {}", page.number)
    }
}
