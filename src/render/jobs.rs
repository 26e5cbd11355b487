//! Which role, skill and tool pages a site gets ([`jobs`]), their URLs, and which page
//! module in [`super::pages`] makes each. The renderer renders exactly these and the
//! output claims are made from them; neither is imported here.

use super::frame::Page;
use super::input::EntityData;
use super::pages::{career, compare, indexes, kpis, matrix, openings, picker, role, search, skill, tool, track};
use crate::model::career::CareerGraph;
use crate::model::Catalog;
use crate::urls;

/// One page to render; contexts are built inside the parallel loop, one page at a time,
/// so a large site never holds every page's context in memory at once.
pub enum Job {
    RolesIndex,
    Role(usize),
    SkillsIndex,
    /// One page of a family's skill matrix, for sites too large for one matrix.
    FamilyMatrix(matrix::MatrixPage),
    Skill(usize),
    ToolsIndex,
    Tool(usize),
    Career,
    Kpis,
    Compare(compare::Comparison),
    /// `/compare/`: pick any two roles.
    Picker,
    Search,
    Tracks,
    Track(usize),
    /// A page of the job openings (see [`openings::pages`]; not part of [`jobs`]).
    Openings(openings::OpeningsPage),
}

/// Every role, skill and tool page a site with this catalogue gets. The renderer renders
/// exactly these, and the output claims are made from them, so the two cannot disagree.
pub fn jobs(catalog: &Catalog, graph: &CareerGraph) -> Vec<Job> {
    if !has_entity_pages(catalog) {
        return Vec::new();
    }
    let mut jobs = vec![Job::RolesIndex, Job::SkillsIndex, Job::ToolsIndex, Job::Career, Job::Kpis, Job::Search];
    jobs.extend((0..catalog.roles.len()).map(Job::Role));
    jobs.extend((0..catalog.skills.len()).map(Job::Skill));
    jobs.extend((0..catalog.tools.len()).map(Job::Tool));
    jobs.extend(compare::comparisons(catalog, graph).into_iter().map(Job::Compare));
    if picker::has_picker(catalog) {
        jobs.push(Job::Picker);
    }
    jobs.extend(matrix::matrix_pages(catalog).into_iter().map(Job::FamilyMatrix));
    if !catalog.rubrics.is_empty() {
        jobs.push(Job::Tracks);
        jobs.extend((0..catalog.rubrics.len()).map(Job::Track));
    }
    jobs
}

/// The pages of the job openings: the lists, and one page per opening.
pub fn opening_jobs(openings: &crate::model::openings::Openings, catalog: &Catalog) -> Vec<Job> {
    openings::pages(openings, catalog).into_iter().map(Job::Openings).collect()
}

/// Whether the site gets the entity pages, `/search/` among them: not when it has no
/// role, skill or tool (so its header shows no search form that would lead nowhere).
pub fn has_entity_pages(catalog: &Catalog) -> bool {
    !(catalog.roles.is_empty() && catalog.skills.is_empty() && catalog.tools.is_empty())
}

impl Job {
    /// The page of this job, at `url` (its [`Job::url`]).
    pub fn page(&self, data: &EntityData, url: &str) -> Page {
        match self {
            Job::RolesIndex => indexes::roles(data, url),
            Job::Role(i) => role::page(data, url, *i),
            Job::SkillsIndex => indexes::skills(data, url),
            Job::FamilyMatrix(page) => matrix::page(data, url, page),
            Job::Skill(i) => skill::page(data, url, *i),
            Job::ToolsIndex => indexes::tools(data, url),
            Job::Tool(i) => tool::page(data, url, *i),
            Job::Career => career::page(data, url),
            Job::Kpis => kpis::page(data, url),
            Job::Compare(cmp) => compare::page(data, url, cmp),
            Job::Picker => picker::page(data, url),
            Job::Search => search::page(data, url),
            Job::Tracks => track::index(data, url),
            Job::Track(r) => track::page(data, url, *r),
            Job::Openings(page) => openings::page(data, url, page),
        }
    }

    /// The site path of the page, such as `/roles/x/`.
    pub fn url(&self, catalog: &Catalog) -> String {
        match self {
            Job::RolesIndex => urls::ROLES.into(),
            Job::Role(i) => catalog.roles[*i].url.clone(),
            Job::SkillsIndex => urls::SKILLS.into(),
            Job::FamilyMatrix(page) => page.url(),
            Job::Skill(i) => catalog.skills[*i].url.clone(),
            Job::ToolsIndex => urls::TOOLS.into(),
            Job::Tool(i) => catalog.tools[*i].url.clone(),
            Job::Career => urls::CAREER_PATHS.into(),
            Job::Kpis => urls::KPIS.into(),
            Job::Compare(cmp) => cmp.url(catalog),
            Job::Picker => urls::COMPARE.into(),
            Job::Search => urls::SEARCH.into(),
            Job::Tracks => urls::TRACKS.into(),
            Job::Track(r) => catalog.rubrics[*r].url.clone(),
            Job::Openings(page) => page.url.clone(),
        }
    }
}
