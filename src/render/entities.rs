//! Pages for roles, skills and tools, built from the catalogue and its resolved data.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::context::Link;
use super::input::{EntityData, RoleLink};
use super::view::EntityView;
use super::Templates;
use crate::content::role::RawRole;
use crate::diagnostics::Diagnostic;
use crate::model::roles::{Relation, RelationKind};
use crate::model::Catalog;
use crate::output::Sink;
use crate::urls::{self, output_path};

/// Whether a blueprint has one of its sections.
type HasSection = fn(&RawRole) -> bool;

/// The twenty blueprint sections: whether a blueprint has it, anchor id, heading. The
/// role page's table of contents lists those the blueprint has, numbered in this order.
pub const SECTIONS: &[(HasSection, &str, &str)] = &[
    (|r| r.summary.is_some(), "summary", "Role Summary"),
    (|r| r.mission.is_some(), "mission", "Role Mission"),
    (|r| r.responsibilities.is_some(), "responsibilities", "Core Responsibilities"),
    (|r| r.day_to_day.is_some(), "day-to-day", "Day-to-Day Activities"),
    (|r| r.deliverables.is_some(), "deliverables", "Key Deliverables"),
    (|r| r.goals.is_some(), "goals", "Goals, Objectives, and Milestones"),
    (|r| r.kpis.is_some(), "kpis", "KPIs and Productivity Metrics"),
    (|r| r.skills.is_some(), "technical-skills", "Technical Skills Required"),
    (|r| r.soft_skills.is_some(), "soft-skills", "Soft Skills and Behavioral Capabilities"),
    (|r| r.tools.is_some(), "tools", "Tools, Platforms, and Software"),
    (|r| r.environment.is_some(), "environment", "Typical Tech Stack / Environment"),
    (|r| r.stakeholders.is_some(), "stakeholders", "Stakeholders and Collaboration Map"),
    (|r| r.decision_rights.is_some(), "decision-rights", "Decision Rights and Scope of Authority"),
    (|r| r.experience.is_some(), "experience", "Required Experience and Qualifications"),
    (|r| r.career.is_some(), "career-path", "Career Path and Progression"),
    (|r| r.risks.is_some(), "risks", "Risks, Challenges, and Failure Modes"),
    (|r| r.variants.is_some(), "variants", "Role Variants"),
    (|r| r.ai_impact.is_some(), "ai-impact", "AI / Automation Impact on the Role"),
    (|r| r.hiring.is_some(), "hiring", "Hiring Evaluation Criteria"),
    (|r| r.scorecard_summary.is_some(), "scorecard-summary", "Final Role Scorecard Summary"),
];

#[derive(Serialize)]
struct TocEntry {
    id: &'static str,
    number: usize,
    title: &'static str,
}

/// A role that needs a skill, on the skill's page.
#[derive(Serialize)]
struct Need<'a> {
    role: RoleLink<'a>,
    group: &'static str,
    importance: Option<&'static str>,
}

/// A role that uses a tool, on the tool's page.
#[derive(Serialize)]
struct Use<'a> {
    role: RoleLink<'a>,
    commonality: &'static str,
    commonality_label: Option<&'a str>,
    #[serde(rename = "use")]
    use_: &'a str,
}

#[derive(Serialize)]
struct NamedBy<'a> {
    kind: &'static str,
    role: RoleLink<'a>,
}

fn named_by<'a>(data: &EntityData<'a>, relations: &[Relation]) -> Vec<NamedBy<'a>> {
    relations.iter().map(|r| NamedBy { kind: r.kind.as_str(), role: data.role_link(r.from) }).collect()
}

fn base_context(data: &EntityData, title: &str, description: &str, url: &str, crumbs: Vec<Link>) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("page_title", title);
    ctx.insert("description", description);
    ctx.insert("permalink", &(data.permalink)(url));
    ctx.insert("current_url", &(data.href)(url));
    ctx.insert("has_code", &false);
    ctx.insert("breadcrumbs", &crumbs);
    ctx
}

/// Plain text of a rendered HTML fragment, for meta descriptions.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
}

/// One page to render; contexts are built inside the parallel loop, one page at a time,
/// so a large site never holds every page's context in memory at once.
pub enum Job {
    RolesIndex,
    Role(usize),
    SkillsIndex,
    /// One page of a family's skill matrix, for sites too large for one matrix.
    FamilyMatrix(super::across::MatrixPage),
    Skill(usize),
    ToolsIndex,
    Tool(usize),
    Career,
    Kpis,
    Compare(super::compare::Comparison),
    Search,
}

/// The most role columns one skill matrix has: above this many roles with skills,
/// `/skills/` links to one matrix per family, and a family with more has several pages
/// of at most this many (a matrix page's cells grow with its columns times its rows).
pub const MATRIX_SPLIT: usize = 40;

/// Renders `/roles/`, every role, `/skills/`, every skill, `/tools/`, every tool, the
/// career paths, the KPIs, the comparisons and the search page.
/// Returns the site paths it wrote, for the sitemap.
pub fn render(data: &EntityData, templates: &Templates, sink: &dyn Sink) -> (Vec<String>, Vec<Diagnostic>) {
    render_jobs(data, templates, &jobs(data.catalog, data.graph), sink)
}

/// Every role, skill and tool page a site with this catalogue gets. The renderer renders
/// exactly these, and the output claims are made from them, so the two cannot disagree.
pub fn jobs(catalog: &Catalog, graph: &crate::model::career::CareerGraph) -> Vec<Job> {
    if catalog.roles.is_empty() && catalog.skills.is_empty() && catalog.tools.is_empty() {
        return Vec::new();
    }
    let mut jobs = vec![Job::RolesIndex, Job::SkillsIndex, Job::ToolsIndex, Job::Career, Job::Kpis, Job::Search];
    jobs.extend((0..catalog.roles.len()).map(Job::Role));
    jobs.extend((0..catalog.skills.len()).map(Job::Skill));
    jobs.extend((0..catalog.tools.len()).map(Job::Tool));
    jobs.extend(super::compare::comparisons(catalog, graph).into_iter().map(Job::Compare));
    jobs.extend(super::across::matrix_pages(catalog).into_iter().map(Job::FamilyMatrix));
    jobs
}

impl Job {
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
            Job::Search => urls::SEARCH.into(),
        }
    }
}

/// Renders the given pages. Returns the site paths written and any failures.
pub fn render_jobs(
    data: &EntityData,
    templates: &Templates,
    jobs: &[Job],
    sink: &dyn Sink,
) -> (Vec<String>, Vec<Diagnostic>) {
    // For profiling: ROLEBOOK_JOB_TIMES=1 prints how long each page took.
    let job_times = std::env::var_os("ROLEBOOK_JOB_TIMES").is_some();
    let results: Vec<(String, Option<Diagnostic>)> = jobs
        .par_iter()
        .map(|job| {
            let started = std::time::Instant::now();
            let (template, path, ctx, what) = page(data, job);
            let error = match templates.render_within(template, &ctx, &what, sink.room()) {
                Ok(html) => sink.put(&path, html.as_bytes()).err().map(|e| super::write_error(&path, &e)),
                Err(d) => Some(d),
            };
            if job_times {
                eprintln!("[job] {:>8.1} ms {path}", started.elapsed().as_secs_f64() * 1000.0);
            }
            (format!("/{}", path.trim_end_matches("index.html")), error)
        })
        .collect();
    let mut urls = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for (url, error) in results {
        urls.push(url);
        errors.extend(error);
    }
    (urls, errors)
}

/// The template, output path, context and description (for errors) of one page.
fn page(data: &EntityData, job: &Job) -> (&'static str, String, tera::Context, String) {
    let catalog = data.catalog;
    let roles_link = || Link { title: "Roles".into(), url: (data.href)(urls::ROLES) };
    let url = job.url(catalog);
    let path = output_path(&url);
    match job {
        Job::RolesIndex => {
            let mut ctx = base_context(data, "Roles", "Every role, by family and level.", &url, Vec::new());
            ctx.insert("families", &data.families());
            ("roles.html", path, ctx, "the roles index".into())
        }
        Job::Role(i) => {
            let (i, role) = (*i, &catalog.roles[*i]);
            let view = &data.roles[i];
            let description = view.prose.opt(&role.raw.scope).map(plain_text).unwrap_or_default();
            let mut ctx = base_context(data, &role.raw.title, &description, &url, vec![roles_link()]);
            let toc: Vec<TocEntry> = SECTIONS
                .iter()
                .enumerate()
                .filter(|(_, (has, _, _))| has(&role.raw))
                .map(|(n, (_, id, title))| TocEntry { id, number: n + 1, title })
                .collect();
            ctx.insert_value("role", view.value.clone());
            ctx.insert("role_ref", &data.role_link(i));
            ctx.insert("toc", &toc);
            ctx.insert("named_by", &named_by(data, &role.named_by));
            ctx.insert("path", &data.role_path(i));
            ctx.insert("jsonld", &super::across::occupation_jsonld(data, i));
            let next: Vec<RoleLink> = data
                .graph
                .next_of(i)
                .map(|to| {
                    let written = !role.is_stub() && !catalog.roles[to].is_stub();
                    let cmp = super::compare::Comparison { from: i, to };
                    RoleLink { compare_url: written.then(|| (data.href)(&cmp.url(catalog))), ..data.role_link(to) }
                })
                .collect();
            ctx.insert("next_steps", &next);
            for (key, kind) in [
                ("leads_to", RelationKind::LeadsTo),
                ("follows_from", RelationKind::FollowsFrom),
                ("adjacent_to", RelationKind::AdjacentTo),
                ("peer_of", RelationKind::PeerOf),
            ] {
                let refs: Vec<RoleLink> =
                    role.named_by.iter().filter(|r| r.kind == kind).map(|r| data.role_link(r.from)).collect();
                ctx.insert(key, &refs);
            }
            ("role.html", path, ctx, catalog.files[role.file].rel.clone())
        }
        Job::SkillsIndex => {
            let mut ctx = base_context(
                data,
                "Skills",
                "Every skill by category, and how much each role needs it.",
                &url,
                Vec::new(),
            );
            ctx.insert(
                "categories",
                &categories(catalog.skills.iter().zip(data.skills).map(|(s, view)| {
                    (s.raw.category.as_str(), Entry::new(&s.raw.id.value, &s.raw.name, &s.raw.description, view))
                })),
            );
            if super::across::matrix_is_split(catalog) {
                let families: std::collections::BTreeSet<&str> =
                    catalog.roles.iter().map(|r| r.raw.family.as_str()).collect();
                let links: Vec<Link> = families
                    .into_iter()
                    .map(|f| Link { title: f.to_string(), url: (data.href)(&urls::matrix(f, 1)) })
                    .collect();
                ctx.insert("family_matrices", &links);
            } else {
                ctx.insert("matrix", &super::across::skill_matrix(data));
            }
            ("skills.html", path, ctx, "the skills index".into())
        }
        Job::FamilyMatrix(page) => {
            let family = &page.family;
            let crumbs = vec![Link { title: "Skills".into(), url: (data.href)(urls::SKILLS) }];
            let mut title = format!("Skill matrix: {family}");
            let mut description = format!("How much each {family} role needs each skill.");
            let pager = (page.of() > 1).then(|| super::across::matrix_pager(data, page));
            if let Some(pager) = &pager {
                let (first, last) = (pager["first"].as_str().unwrap_or(""), pager["last"].as_str().unwrap_or(""));
                title = format!("{title}, page {} of {}", page.number, page.of());
                description = format!("How much each {family} role from {first} to {last} needs each skill.");
            }
            let mut ctx = base_context(data, &title, &description, &url, crumbs);
            ctx.insert("matrix", &super::across::family_matrix(data, page));
            ctx.insert("family", family);
            if let Some(pager) = &pager {
                ctx.insert("matrix_page", pager);
            }
            ("skills.html", output_path(&url), ctx, format!("{} of the skill matrix of {family}", page_name(page)))
        }
        Job::Skill(i) => {
            let skill = &catalog.skills[*i];
            let view = &data.skills[*i];
            let description = view.prose.opt(&skill.raw.description).map(plain_text).unwrap_or_default();
            let crumbs = vec![Link { title: "Skills".into(), url: (data.href)(urls::SKILLS) }];
            let mut ctx = base_context(data, &skill.raw.name, &description, &url, crumbs);
            let needed_by: Vec<Need> = skill
                .needed_by
                .iter()
                .map(|(r, group, importance)| Need {
                    role: data.role_link(*r),
                    group: group_label(group),
                    importance: importance.map(|i| i.as_str()),
                })
                .collect();
            ctx.insert_value("skill", view.value.clone());
            ctx.insert("needed_by", &needed_by);
            ("skill.html", path, ctx, catalog.files[skill.file].rel.clone())
        }
        Job::ToolsIndex => {
            let mut ctx = base_context(
                data,
                "Tools",
                "Every tool, platform and piece of software, by category.",
                &url,
                Vec::new(),
            );
            ctx.insert(
                "categories",
                &categories(catalog.tools.iter().zip(data.tools).map(|(t, view)| {
                    (t.raw.category.as_str(), Entry::new(&t.raw.id.value, &t.raw.name, &t.raw.description, view))
                })),
            );
            ("tools.html", path, ctx, "the tools index".into())
        }
        Job::Tool(i) => {
            let tool = &catalog.tools[*i];
            let view = &data.tools[*i];
            let description = view.prose.opt(&tool.raw.description).map(plain_text).unwrap_or_default();
            let crumbs = vec![Link { title: "Tools".into(), url: (data.href)(urls::TOOLS) }];
            let mut ctx = base_context(data, &tool.raw.name, &description, &url, crumbs);
            let used_by: Vec<Use> = tool
                .used_by
                .iter()
                .filter_map(|&(r, row)| {
                    // `used_by` indexes the role's own rows, so the row is there.
                    let row = catalog.roles[r].raw.tools.as_ref()?.items.get(row)?;
                    Some(Use {
                        role: data.role_link(r),
                        commonality: row.commonality.value.as_str(),
                        commonality_label: row.commonality_label.as_deref(),
                        use_: data.roles[r].prose.html(&row.use_),
                    })
                })
                .collect();
            let related_skills: Vec<Value> = catalog
                .skills
                .iter()
                .filter(|s| s.raw.related_tools.iter().any(|t| t.as_str() == tool.raw.id.value))
                .map(|s| serde_json::json!({"name": s.raw.name, "url": (data.href)(&s.url)}))
                .collect();
            ctx.insert_value("tool", view.value.clone());
            ctx.insert("used_by", &used_by);
            ctx.insert("related_skills", &related_skills);
            ("tool.html", path, ctx, catalog.files[tool.file].rel.clone())
        }
        Job::Career => {
            let (svg, families) = super::across::career_page(data, data.graph);
            let mut ctx = base_context(
                data,
                "Career paths",
                "How the roles connect: every ladder and the moves between them.",
                &url,
                Vec::new(),
            );
            ctx.insert("svg", &svg);
            ctx.insert("families", &families);
            ("career.html", path, ctx, "the career paths page".into())
        }
        Job::Kpis => {
            let mut ctx =
                base_context(data, "KPIs", "Every KPI of every role, with its target and frequency.", &url, Vec::new());
            ctx.insert("kpis", &super::across::kpis(data));
            ("kpis.html", path, ctx, "the KPI index".into())
        }
        Job::Compare(cmp) => {
            let (from, to) = (&catalog.roles[cmp.from], &catalog.roles[cmp.to]);
            let title = format!("From {} to {}", from.raw.title, to.raw.title);
            let crumbs = vec![roles_link(), Link { title: from.raw.title.clone(), url: (data.href)(&from.url) }];
            let description = format!("What changes when a {} becomes a {}.", from.raw.title, to.raw.title);
            let mut ctx = base_context(data, &title, &description, &url, crumbs);
            ctx.insert("cmp", &super::compare::context(data, cmp));
            ("compare.html", output_path(&url), ctx, format!("the comparison {title}"))
        }
        Job::Search => {
            let mut ctx = base_context(data, "Search", "Search roles, skills, tools and KPIs.", &url, Vec::new());
            ctx.insert("families", &data.families());
            ("search.html", path, ctx, "the search page".into())
        }
    }
}

/// `page 2` of a family matrix, or `the page` when it has one.
fn page_name(page: &super::across::MatrixPage) -> String {
    if page.of() == 1 {
        "the page".into()
    } else {
        format!("page {}", page.number)
    }
}

/// A skill or tool in its index.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
}

impl<'a> Entry<'a> {
    fn new(id: &'a str, name: &'a str, description: &Option<crate::content::role::Md>, view: &'a EntityView) -> Self {
        Entry { id, name, description: view.prose.opt(description) }
    }
}

/// Entities grouped by category (alphabetically).
#[derive(Serialize)]
struct Category<'a> {
    name: &'a str,
    id: String,
    items: Vec<Entry<'a>>,
}

fn categories<'a>(entries: impl Iterator<Item = (&'a str, Entry<'a>)>) -> Vec<Category<'a>> {
    let mut by_category: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
    for (category, entry) in entries {
        by_category.entry(category).or_default().push(entry);
    }
    by_category.into_iter().map(|(name, items)| Category { name, id: crate::slug::slugify(name), items }).collect()
}

pub fn group_label(group: &str) -> &'static str {
    match group {
        "must_have" => "Must-have",
        "good_to_have" => "Good-to-have",
        "advanced" => "Advanced",
        "emerging" => "Emerging",
        _ => "Soft skill",
    }
}

/// The navigation entries for the entity pages.
pub fn nav(catalog: &Catalog, href: &(dyn Fn(&str) -> String + Sync)) -> Vec<Link> {
    let mut nav = Vec::new();
    if !catalog.roles.is_empty() {
        nav.push(Link { title: "Roles".into(), url: href(urls::ROLES) });
        nav.push(Link { title: "Career paths".into(), url: href(urls::CAREER_PATHS) });
    }
    if !catalog.skills.is_empty() {
        nav.push(Link { title: "Skills".into(), url: href(urls::SKILLS) });
    }
    if !catalog.tools.is_empty() {
        nav.push(Link { title: "Tools".into(), url: href(urls::TOOLS) });
    }
    if !catalog.roles.is_empty() {
        nav.push(Link { title: "KPIs".into(), url: href(urls::KPIS) });
    }
    nav
}
