//! Stage 4: the model → every output file, rendered in parallel into a [`Sink`].
//!
//! Nothing here touches the disk except through the sink, so `build` (a staging folder),
//! `check` and `serve` (memory) share every line of it.
//!
//! Layers, each importing only those below it (a test keeps it so):
//! - this module runs the render: content pages, support files, and the role, skill and
//!   tool pages that [`mod@jobs`] lists and [`pages`] makes (one module per page kind);
//! - [`claims`] reserves every output path from the same list before anything renders;
//! - at the bottom, [`input`] (what entity pages are made from, and [`input::RoleLink`]),
//!   [`frame`] (every page's header), [`view`] (blueprint → template value and API JSON),
//!   [`context`] (content pages' views) and [`text`].
//!
//! Pages read the typed model, and take rendered markdown from each entity's
//! [`view::Prose`]; no code here reads a template value back by path.

pub mod api;
pub mod api_changes;
pub mod api_framework;
pub mod api_openings;
pub mod career_svg;
pub mod claims;
pub mod context;
pub mod expectations;
pub mod frame;
pub mod input;
pub mod jobs;
pub mod pages;
pub mod pretty_json;
pub mod profile_svg;
pub mod templates;
pub mod text;
pub mod view;

use rayon::prelude::*;

use crate::content::Asset;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::theme::Theme;
use crate::urls::{self, output_path, NOT_FOUND, ROBOTS, SCHEMAS, SEARCH_INDEX, SITEMAP, SYNTAX_CSS};
use context::{Link, Views};
use frame::{Page, PageFrame};
use input::EntityData;
use input::HistoryInput;
use jobs::{jobs, Job};
pub use templates::Templates;

/// What the renderer needs besides the views.
pub struct Extras<'a> {
    pub theme: &'a Theme,
    pub assets: &'a [Asset],
    /// Whether any page has a code block (and so needs the highlighting stylesheet).
    pub has_code: bool,
    /// Roles, skills and tools with their resolved data.
    pub entities: &'a input::EntityData<'a>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
}

/// Renders every page and support file into `sink`, with the pages the history makes
/// (the changes, each role's history, the feed, redirects from old role URLs). Collects
/// all failures.
pub fn render_site(
    views: &Views,
    templates: &Templates,
    extras: &Extras,
    sink: &dyn Sink,
) -> Result<Stats, Vec<Diagnostic>> {
    let history = extras.entities.history;
    let mut watch = crate::timings::Stopwatch::new();
    let families = extras.entities.families();
    let pages = &views.pages.pages;

    // The pages (most of the work, spread over every core) and the support files (mostly
    // one file at a time) render side by side, so no core waits for the serial part.
    let ((page_errors, (mut entity_urls, entity_errors)), support) = rayon::join(
        || {
            let results: Vec<Result<(), Diagnostic>> = (0..pages.len())
                .into_par_iter()
                .map(|i| render_page(views, templates, extras, &families, i, sink))
                .collect();
            let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
            let openings = jobs::opening_jobs(extras.entities.openings.openings, extras.entities.catalog);
            let (_, opening_errors) = render_jobs(extras.entities, templates, &openings, sink);
            errors.extend(opening_errors);
            let data = extras.entities;
            let (mut urls, mut entity_errors) = render_jobs(data, templates, &jobs(data.catalog, data.graph), sink);
            let (history_urls, history_errors) = render_history_pages(data, history, templates, sink);
            urls.extend(history_urls);
            entity_errors.extend(history_errors);
            (errors, (urls, entity_errors))
        },
        || render_support(views, templates, extras, history, sink),
    );
    watch.lap("pages, roles, support files");

    let opening_pages = pages::openings::pages(extras.entities.openings.openings, extras.entities.catalog).len();
    let page_count = pages.len() + entity_urls.len() + opening_pages;
    let mut out = Writer {
        sink,
        files: pages.len() + entity_urls.len() + opening_pages + support.files,
        diagnostics: page_errors,
    };
    out.diagnostics.extend(entity_errors);
    out.diagnostics.extend(support.diagnostics);
    // The sitemap lists every page, the role, skill and tool pages and the open openings
    // included; the pages history dates (roles, their history, the changes) get its day.
    let lastmod = pages::changes::lastmod(history.history, extras.entities.catalog);
    let mut dated = pages::openings::sitemap_entries(extras.entities);
    entity_urls.retain(|url| match lastmod.get(url) {
        Some(day) => {
            dated.push((url.clone(), Some(day.clone())));
            false
        }
        None => true,
    });
    out.put(SITEMAP, sitemap(views, &entity_urls, &dated).as_bytes());
    if out.diagnostics.is_empty() {
        Ok(Stats { pages: page_count, files: out.files })
    } else {
        Err(out.diagnostics)
    }
}

/// Renders `/roles/`, every role, `/skills/`, every skill, `/tools/`, every tool, the
/// career paths, the KPIs, the comparisons and the search page.
/// Returns the site paths it wrote, for the sitemap.
pub fn render_entities(data: &EntityData, templates: &Templates, sink: &dyn Sink) -> (Vec<String>, Vec<Diagnostic>) {
    render_jobs(data, templates, &jobs(data.catalog, data.graph), sink)
}

/// Renders the given pages, role pages saying when the history last changed them.
/// Returns the site paths written and any failures.
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
            let url = job.url(data.catalog);
            let path = output_path(&url);
            let Page { template, mut ctx, what } = job.page(data, &url);
            if let Job::Role(r) = job {
                ctx.insert("last_changed", &pages::changes::last_changed(data, data.history.history, *r));
            }
            let error = match templates.render_within(template, &ctx, &what, sink.room()) {
                Ok(html) => sink.put(&path, html.as_bytes()).err().map(|e| write_error(&path, &e)),
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

/// `/changes/` and each changed role's history page. Returns the site paths written and
/// any failures.
pub fn render_history_pages(
    data: &EntityData,
    history: HistoryInput,
    templates: &Templates,
    sink: &dyn Sink,
) -> (Vec<String>, Vec<Diagnostic>) {
    use pages::changes;
    if !changes::has_changes(history.history) {
        return (Vec::new(), Vec::new());
    }
    let roles = changes::history_roles(history.history, data.catalog);
    let results: Vec<(String, Option<Diagnostic>)> = std::iter::once(None)
        .chain(roles.into_iter().map(Some))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|role| {
            let (url, page) = match role {
                None => (changes::CHANGES.to_string(), None),
                Some(r) => (changes::role_history(&data.catalog.roles[r].url), Some(r)),
            };
            let Page { template, ctx, what } = match page {
                None => changes::changes_page(data, history, &url),
                Some(r) => changes::role_history_page(data, history.history, &url, r),
            };
            let path = output_path(&url);
            let error = match templates.render_within(template, &ctx, &what, sink.room()) {
                Ok(html) => sink.put(&path, html.as_bytes()).err().map(|e| write_error(&path, &e)),
                Err(d) => Some(d),
            };
            (url, error)
        })
        .collect();
    let errors = results.iter().filter_map(|(_, e)| e.clone()).collect();
    (results.into_iter().map(|(url, _)| url).collect(), errors)
}

/// Everything besides the pages and the role, skill and tool pages: data files, schemas,
/// tag pages, the 404 page, redirects, the search index, robots.txt, static files, the
/// feed of changes.
fn render_support<'a>(
    views: &Views,
    templates: &Templates,
    extras: &Extras,
    history: HistoryInput,
    sink: &'a dyn Sink,
) -> Writer<'a> {
    let mut out = Writer { sink, files: 0, diagnostics: Vec::new() };
    let mut watch = crate::timings::Stopwatch::new();
    if !extras.entities.catalog.roles.is_empty() {
        use crate::content::role::{catalog_schema, role_schema, RawSkill, RawTool};
        let [role_path, skills_path, tools_path, competencies_path, rubric_path, opening_path] = SCHEMAS;
        out.put(role_path, role_schema().as_bytes());
        api::put_api_files(extras.entities, &mut |path, bytes| out.put(path, bytes));
        watch.lap("  support: api");
        if pages::picker::has_picker(extras.entities.catalog) {
            out.put(urls::API_COMPARE, pages::picker::compare_json(extras.entities).as_bytes());
        }
        watch.lap("  support: compare.json");
        out.put(
            skills_path,
            catalog_schema::<RawSkill>("https://rolebook.dev/schema/skills-1.json", "rolebook skill catalogue")
                .as_bytes(),
        );
        out.put(
            tools_path,
            catalog_schema::<RawTool>("https://rolebook.dev/schema/tools-1.json", "rolebook tool catalogue").as_bytes(),
        );
        out.put(
            competencies_path,
            catalog_schema::<crate::content::framework::RawArea>(
                "https://rolebook.dev/schema/competencies-1.json",
                "rolebook competency areas",
            )
            .as_bytes(),
        );
        out.put(rubric_path, crate::content::framework::rubric_schema().as_bytes());
        out.put(opening_path, crate::content::opening::opening_schema().as_bytes());
    }

    watch.lap("  support: data files");
    if !extras.entities.openings.openings.list.is_empty() {
        out.put(&output_path(urls::OPENINGS_FEED), pages::openings::feed(extras.entities).as_bytes());
    }
    // Tag pages.
    let tag_errors = render_tags(views, templates, sink);
    out.files += views.pages.tags.len() + usize::from(!views.pages.tags.is_empty());
    out.diagnostics.extend(tag_errors);

    // 404 page.
    let ctx = support_context(views, "Page not found", &urls::of_file(NOT_FOUND));
    match templates.render_within("404.html", &ctx, "the 404 page", sink.room()) {
        Ok(html) => out.put(NOT_FOUND, html.as_bytes()),
        Err(d) => out.diagnostics.push(d),
    }

    // Redirects from aliases.
    for page in &views.pages.pages {
        let target = views.base.permalink(&page.url);
        for alias in &page.aliases {
            out.put(&output_path(&alias.url), redirect_html(&target).as_bytes());
        }
    }

    // Redirects from the old URLs of renamed roles.
    let entities = extras.entities;
    for redirect in pages::changes::redirect_pages(history.history, entities.catalog, entities.graph) {
        let target = views.base.permalink(&redirect.to_url);
        out.put(&output_path(&redirect.from_url), redirect_html(&target).as_bytes());
    }
    if pages::changes::has_changes(history.history) {
        let feed = pages::changes::feed(entities, history.history, &views.config.title);
        out.put(&output_path(pages::changes::CHANGES_FEED), feed.as_bytes());
        out.put(pages::changes::API_CHANGES, api_changes::changes_document(entities, history.history).as_bytes());
    }

    watch.lap("  support: tags, 404, redirects");
    out.put(SEARCH_INDEX, search_index(views, extras).as_bytes());
    watch.lap("  support: search index");
    out.put(
        ROBOTS,
        format!("User-agent: *\nAllow: /\nSitemap: {}\n", views.base.permalink(&urls::of_file(SITEMAP))).as_bytes(),
    );
    for (rel, bytes) in &extras.theme.statics {
        out.put(rel, bytes);
    }
    if extras.has_code {
        let css = crate::highlight::stylesheet(&views.config.highlight_theme, &views.config.highlight_theme_dark);
        out.put(SYNTAX_CSS, css.as_bytes());
    }
    for asset in extras.assets {
        match asset.read() {
            Ok(bytes) => out.put(&asset.content_rel, &bytes),
            Err(e) => out.diagnostics.push(Diagnostic::error(
                format!("content/{}", asset.content_rel),
                "unreadable",
                format!("cannot copy this file: {e}"),
            )),
        }
    }
    out
}

/// The error of an output file that could not be written: at the source the file is made
/// from when the sink knows its owner (see [`claims::WriteFailure`]), else at the path.
pub fn write_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    let hint = "check that the output folder's disk has space and that you may write there";
    match e.get_ref().and_then(|inner| inner.downcast_ref::<claims::WriteFailure>()) {
        Some(failure) => {
            let owner = &failure.owner;
            let mut d = Diagnostic::error(
                owner.file.clone().unwrap_or_else(|| "rolebook".into()),
                "write",
                format!("cannot write `{rel}`, made from {}: {}", owner.subject(), failure.reason),
            )
            .with_hint(format!("{hint}; if the file's name is what the disk refuses, change it here"));
            d.pos = owner.pos;
            d
        }
        None => Diagnostic::error(rel, "write", format!("cannot write output file: {e}")).with_hint(hint),
    }
}

/// Writes support files, counting them and keeping failures.
struct Writer<'a> {
    sink: &'a dyn Sink,
    files: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Writer<'_> {
    fn put(&mut self, rel: &str, bytes: &[u8]) {
        self.files += 1;
        if let Err(e) = self.sink.put(rel, bytes) {
            self.diagnostics.push(write_error(rel, &e));
        }
    }
}

/// Puts the site-wide view (`site`: title, nav, base path...) into every template's
/// context; with changes in the history, the header links `/changes/` and every page's
/// head its feed.
pub fn set_site_context(views: &Views, extras: &Extras, templates: &mut Templates) {
    let history = extras.entities.history.history;
    let entity_nav = pages::indexes::nav(extras.entities.catalog, extras.entities.href);
    let mut site = views.site(&entity_nav);
    site.has_search = jobs::has_entity_pages(extras.entities.catalog);
    let openings = extras.entities.openings.openings;
    if openings.open().next().is_some() {
        site.nav.push(Link { title: "Openings".into(), url: (extras.entities.href)(urls::OPENINGS) });
    }
    if !openings.list.is_empty() {
        site.openings_feed = Some((extras.entities.href)(urls::OPENINGS_FEED));
    }
    if pages::changes::has_changes(history) {
        site.nav.push(Link { title: "Changes".into(), url: (extras.entities.href)(pages::changes::CHANGES) });
        site.changes_feed = Some((extras.entities.href)(pages::changes::CHANGES_FEED));
    }
    templates.tera.global_context().insert("site", &site);
}

/// Renders content page `i` into `sink`.
pub fn render_page(
    views: &Views,
    templates: &Templates,
    extras: &Extras,
    families: &[input::Family],
    i: usize,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let page = &views.pages.pages[i];
    let template = match &page.front().template {
        Some(t) => t.value.clone(),
        None if i == views.pages.home && templates.has("index.html") => "index.html".into(),
        None if page.is_section => "section.html".into(),
        None => "page.html".into(),
    };
    let view = views.page(i);
    let mut ctx = PageFrame {
        title: view.title,
        description: view.description.unwrap_or(views.config.description.as_str()),
        permalink: view.permalink.clone(),
        current_url: view.url.clone(),
        has_code: extras.has_code && views.rendered[i].has_code,
        breadcrumbs: views.breadcrumbs(i),
    }
    .context();
    if page.is_section {
        ctx.insert_value("section", views.section(i));
    }
    if i == views.pages.home {
        ctx.insert("families", families);
    }
    ctx.insert("page", &view);
    let html = templates.render_within(&template, &ctx, &page.parsed.file.rel, sink.room()).map_err(|mut d| {
        if let (Some(t), "template-missing") = (&page.front().template, d.code) {
            d.file = page.parsed.file.rel.clone();
            d = d.at(&page.parsed.file.text, t.pos);
        }
        d
    })?;
    let rel = output_path(&page.url);
    sink.put(&rel, html.as_bytes()).map_err(|e| write_error(&rel, &e))
}

/// The tag pages (the index and one per tag).
pub fn render_tags(views: &Views, templates: &Templates, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut out = Writer { sink, files: 0, diagnostics: Vec::new() };
    if views.pages.tags.is_empty() {
        return Vec::new();
    }
    let tags: Vec<tera::Value> = views.pages.tags.values().map(|tag| views.tag(tag)).collect();
    let mut ctx = support_context(views, "Tags", urls::TAGS);
    ctx.insert_value("tags", tera::Value::from(tags.clone()));
    match templates.render_within("tags.html", &ctx, "the tags page", sink.room()) {
        Ok(html) => out.put(&output_path(urls::TAGS), html.as_bytes()),
        Err(d) => out.diagnostics.push(d),
    }
    let pages: Vec<Result<(), Diagnostic>> = views
        .pages
        .tags
        .values()
        .zip(&tags)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(tag, view)| {
            let url = urls::tag(&tag.slug);
            let mut ctx = support_context(views, &format!("Tagged “{}”", tag.name), &url);
            ctx.insert("breadcrumbs", &[Link { title: "Tags".into(), url: views.index.href(urls::TAGS) }]);
            ctx.insert_value("tag", view.clone());
            let html =
                templates.render_within("tag.html", &ctx, &format!("the page of tag `{}`", tag.name), sink.room())?;
            let rel = output_path(&url);
            sink.put(&rel, html.as_bytes()).map_err(|e| write_error(&rel, &e))
        })
        .collect();
    out.diagnostics.extend(pages.into_iter().filter_map(Result::err));
    out.diagnostics
}

/// `search-index.json`: roles, skills, tools, KPIs and pages.
pub fn search_index(views: &Views, extras: &Extras) -> String {
    let page_entries: Vec<(String, String, String)> = (0..views.pages.pages.len())
        .map(|i| {
            let page = views.page_ref(i);
            (
                page.title.to_string(),
                page.url,
                page.description.map_or_else(|| page.summary.to_string(), str::to_string),
            )
        })
        .collect();
    pages::search::search_index(extras.entities, &page_entries)
}

/// The context of a page rolebook generates itself (tags, 404).
fn support_context(views: &Views, title: &str, url: &str) -> tera::Context {
    PageFrame {
        title,
        description: &views.config.description,
        permalink: views.base.permalink(url),
        current_url: views.index.href(url),
        has_code: false,
        breadcrumbs: Vec::new(),
    }
    .context()
}

fn redirect_html(target: &str) -> String {
    let target = crate::escape::html(target);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n"
    )
}

fn sitemap(views: &Views, extra_urls: &[String], dated_urls: &[(String, Option<String>)]) -> String {
    let mut entries: Vec<(String, Option<&str>)> = views
        .pages
        .pages
        .iter()
        .map(|p| (views.base.permalink(&p.url), p.front().date.as_ref().map(|d| &d.value[..10])))
        .collect();
    if !views.pages.tags.is_empty() {
        entries.push((views.base.permalink(urls::TAGS), None));
        for tag in views.pages.tags.values() {
            entries.push((views.base.permalink(&urls::tag(&tag.slug)), None));
        }
    }
    entries.extend(extra_urls.iter().map(|u| (views.base.permalink(u), None)));
    entries.extend(dated_urls.iter().map(|(u, date)| (views.base.permalink(u), date.as_deref())));
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&crate::escape::xml(&loc));
        xml.push_str("</loc>\n");
        if let Some(date) = lastmod {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    /// The modules of `render/` each non-test part of `file` names, `mod` standing for
    /// this file (which declares and runs them all).
    fn imports(file: &Path, module: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
        let code = code_of(file);
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
        let mut found = BTreeSet::new();
        for (prefix, base) in [("crate::render::", ""), ("super::", parent)] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
                // `a::{b, c::D}` names `a::b` and `a::c`, as far as they are modules.
                let group = rest[path.len()..].strip_prefix('{').and_then(|g| g.split_once('}')).map(|(g, _)| g);
                let paths: Vec<String> = match group {
                    Some(group) => group.split(',').map(|item| format!("{path}{}", item.trim())).collect(),
                    None => vec![path],
                };
                for path in paths {
                    let mut name = if base.is_empty() { String::new() } else { format!("{base}::") };
                    let mut target = "mod".to_string();
                    for part in path.split("::").filter(|p| !p.is_empty()) {
                        name.push_str(part);
                        if !modules.contains(&name) {
                            break;
                        }
                        target = name.clone();
                        name.push_str("::");
                    }
                    if target != module {
                        found.insert(target);
                    }
                }
            }
        }
        found
    }

    /// Every source file of `render/`, by module name (`pages::role`; `mod` for the root).
    fn render_files() -> BTreeMap<String, PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
        let mut files = BTreeMap::new();
        for dir in ["", "pages"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("render/ is readable") {
                let path = entry.expect("an entry").path();
                let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
                if path.extension().is_some_and(|e| e == "rs") {
                    let module = match (dir, stem.as_str()) {
                        ("", "mod") => "mod".to_string(),
                        ("", _) => stem,
                        (_, "mod") => dir.to_string(),
                        _ => format!("{dir}::{stem}"),
                    };
                    files.insert(module, path);
                }
            }
        }
        files
    }

    /// The code of a file: not its tests, not its comments (which name modules and
    /// functions to explain them).
    fn code_of(file: &Path) -> String {
        let text = std::fs::read_to_string(file).expect("the source is readable");
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn render_never_reads_a_template_value_back_by_path() {
        for (module, path) in render_files() {
            let code = code_of(&path);
            assert!(!code.contains("get_from_path") && !code.contains("as_map()"), "{module} reads a template value");
        }
    }

    #[test]
    fn render_modules_import_each_other_without_a_circle() {
        let files = render_files();
        let modules: BTreeSet<String> = files.keys().cloned().collect();
        let edges: BTreeMap<&String, BTreeSet<String>> =
            files.iter().map(|(m, path)| (m, imports(path, m, &modules))).collect();
        let seen = |from: &str, to: &str| edges[&from.to_string()].contains(to);
        assert!(seen("pages::role", "input") && seen("jobs", "pages::kpis"), "the scan sees imports: {edges:?}");
        // Depth-first: a module met again while still on the path closes a circle. The
        // root (`mod`) runs every module and is the one allowed to import them all.
        fn visit<'a>(
            m: &'a str,
            edges: &'a BTreeMap<&String, BTreeSet<String>>,
            path: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) {
            if let Some(start) = path.iter().position(|p| *p == m) {
                panic!("import circle in render/: {}", path[start..].join(" → ") + " → " + m);
            }
            if done.contains(m) || m == "mod" && !path.is_empty() {
                assert!(m != "mod", "{} imports the renderer's root module", path.last().unwrap_or(&""));
                return;
            }
            path.push(m);
            for next in edges.get(&m.to_string()).into_iter().flatten() {
                visit(next, edges, path, done);
            }
            path.pop();
            done.insert(m);
        }
        let mut done = BTreeSet::new();
        for m in edges.keys() {
            visit(m, &edges, &mut Vec::new(), &mut done);
        }
    }
}
