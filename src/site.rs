//! Orchestration: the only place the stages meet.
//!
//! ```text
//! config + theme + content ──load──► sources ──parse──► pages ──model──► URLs, sections
//!   ──markdown──► rendered bodies + links ──validate──► diagnostics ──render──► sink ──commit──► disk
//! ```
//! `check` is the same run with a sink that keeps nothing; `build` renders what changed
//! into a staging folder and moves it into place only when no error was found.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check::links::{FastSet, Recorded};
use crate::config::{self, BaseUrl, Config};
use crate::content::{self, Asset};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::markdown::{self, LinkIndex, Origin, Rendered};
use crate::model::{self, Catalog, Pages};
use crate::output::{self, NullSink, Sink};
use crate::render::{self, context::Views, Extras, Templates};
use crate::theme::{self, Theme};

/// Prints how long a stage took when `ROLEBOOK_TIMINGS` is set (for profiling builds):
/// wall time, the process's CPU time meanwhile (CPU above wall means the stage used more
/// than one core), and resident memory at its end.
pub struct Stopwatch {
    on: bool,
    last: Instant,
    last_cpu: f64,
}

impl Stopwatch {
    pub fn new() -> Self {
        let on = std::env::var_os("ROLEBOOK_TIMINGS").is_some();
        Stopwatch { on, last: Instant::now(), last_cpu: if on { process_cpu_seconds() } else { 0.0 } }
    }

    pub fn lap(&mut self, stage: &str) {
        if self.on {
            let cpu = process_cpu_seconds();
            eprintln!(
                "[timing] {stage:<28} {:>8.1} ms   cpu {:>7.1} ms   rss {:>5} MB",
                self.last.elapsed().as_secs_f64() * 1000.0,
                (cpu - self.last_cpu) * 1000.0,
                resident_mb()
            );
            self.last = Instant::now();
            self.last_cpu = cpu;
        }
    }
}

/// The process's resident memory now, from `/proc/self/status` (0 where there is none).
fn resident_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kb.unwrap_or(0) / 1024
}

/// User + system CPU time of the whole process so far, from `/proc/self/stat` (0 where
/// there is none). Clock ticks are 1/100 s on Linux.
fn process_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

impl Default for Stopwatch {
    fn default() -> Self {
        Self::new()
    }
}

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output_dir: Option<PathBuf>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub deny_warnings: bool,
    /// Overrides the config's `raw_html` (the command line is trusted, the config is not).
    pub raw_html: Option<crate::markdown::RawHtml>,
    /// `check --external`: also check links to other hosts.
    pub external: bool,
    /// Links to other hosts containing one of these are not checked.
    pub skip_external: Vec<String>,
    /// Neither read nor write the highlighting cache.
    pub no_cache: bool,
}

impl Options {
    pub fn output_dir(&self) -> PathBuf {
        self.output_dir.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// The outcome of a successful run.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings (errors make the run fail instead).
    pub diagnostics: Diagnostics,
}

/// A site loaded, modelled and validated: everything needed to render it.
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    pub config: Config,
    pub base: BaseUrl,
    pub theme: Theme,
    pub pages: Pages,
    pub rendered: Vec<Rendered>,
    pub index: LinkIndex,
    pub assets: Vec<Asset>,
    pub templates: Templates,
    pub catalog: Catalog,
    pub career: model::career::CareerGraph,
    /// Template-ready data of each role, skill and tool (markdown rendered, references resolved).
    pub role_data: Vec<render::view::EntityView>,
    pub skill_data: Vec<render::view::EntityView>,
    pub tool_data: Vec<render::view::EntityView>,
    /// Each role as `/api/roles.json` shows it (compact JSON), made once per build.
    pub api_roles: Vec<Arc<str>>,
    /// The owner of every output path; a build writes nothing else.
    pub claims: render::claims::Claims,
    /// How much the site weighs: its output may weigh at most [`Input::budget`].
    ///
    /// [`Input::budget`]: crate::check::budget::Input::budget
    pub input: crate::check::budget::Input,
    pub diagnostics: Diagnostics,
}

/// Loads and validates the site at `options.root`. Content problems come back as
/// `Error::Content` holding every diagnostic found.
pub fn load(options: &Options) -> Result<Site> {
    let root = &options.root;
    if !root.join("content").is_dir() {
        return Err(Error::NotASite { root: root.clone() });
    }
    let mut watch = Stopwatch::new();
    let mut diagnostics = Diagnostics::new();
    let mut config = config::load(root, &mut diagnostics);
    if let Some(url) = &options.base_url {
        config.base_url.value = url.clone();
        if let Err(message) = BaseUrl::parse(url) {
            return Err(Error::Usage(format!("--base-url: {message}")));
        }
    }
    let base = BaseUrl::parse(&config.base_url).unwrap_or(BaseUrl { origin: String::new(), path: "/".into() });
    let theme = theme::load(root, &config.theme, &mut diagnostics);
    let templates = match render::templates::build(&theme) {
        Ok(t) => Some(t),
        Err(errors) => {
            errors.into_iter().for_each(|d| diagnostics.push(d));
            None
        }
    };

    watch.lap("config, theme, templates");
    let sources = content::load(root, &mut diagnostics);
    let input = input_weight(root, &theme, &sources);
    watch.lap("read sources");
    let parsed: Vec<(Option<content::ParsedPage>, Diagnostics)> = sources
        .pages
        .into_par_iter()
        .map(|file| {
            let mut d = Diagnostics::new();
            (content::page::parse(file, &mut d), d)
        })
        .collect();
    let mut pages_in = Vec::new();
    for (page, d) in parsed {
        diagnostics.extend(d);
        if let Some(page) = page {
            if options.drafts || !page.front.draft {
                pages_in.push(page);
            }
        }
    }
    let pages = model::pages::build(pages_in, &config.title, &mut diagnostics);
    watch.lap("pages");
    let catalog = model::roles::build(sources.data, &mut diagnostics);
    watch.lap("roles, skills, tools");
    let career = model::career::build(&catalog, &mut diagnostics);
    crate::check::lint::catalog(&catalog, &mut diagnostics);
    let mojibake: Vec<Option<Diagnostic>> =
        pages.pages.par_iter().map(|page| crate::check::lint::mojibake(&page.parsed.file)).collect();
    mojibake.into_iter().for_each(|d| diagnostics.extend_one(d));
    watch.lap("career graph, lints");

    let mut index = LinkIndex::new(&base.path).with_raw_html(options.raw_html.unwrap_or(config.raw_html));
    for page in &pages.pages {
        index.insert(&page.parsed.file.content_rel, &page.url);
    }
    for asset in &sources.assets {
        index.insert_asset(&asset.content_rel);
    }
    for role in &catalog.roles {
        index.insert(&catalog.files[role.file].content_rel, &role.url);
    }

    let rendered = render_markdown(&pages, &index, &mut diagnostics);
    watch.lap("markdown (pages)");
    let (role_data, skill_data, tool_data, api_roles) = resolve_entities(&catalog, &index, &base, &mut diagnostics);
    watch.lap("markdown (roles)");
    check_anchors(&pages, &rendered, &mut diagnostics);
    let model = render::claims::Model {
        pages: &pages,
        catalog: &catalog,
        graph: &career,
        theme: &theme,
        assets: &sources.assets,
        has_code: rendered.iter().any(|r| r.has_code),
    };
    let claims = render::claims::claim_all(&model, &mut diagnostics);
    watch.lap("output claims");

    if options.deny_warnings || config.deny_warnings {
        diagnostics.deny_warnings();
    }
    match templates {
        Some(templates) if !diagnostics.has_errors() => {
            let mut site = Site {
                root: root.clone(),
                config,
                base,
                theme,
                pages,
                rendered,
                index,
                assets: sources.assets,
                templates,
                catalog,
                career,
                role_data,
                skill_data,
                tool_data,
                api_roles,
                claims,
                input,
                diagnostics,
            };
            site.prepare_templates();
            watch.lap("site context");
            Ok(site)
        }
        _ => Err(Error::Content(diagnostics)),
    }
}

/// What the site weighs, for its output budget: the text of its pages, data, templates
/// and `rolebook.yaml`, and the files copied as they are (static files and assets, their
/// size looked up without reading them; the copy reads at most its limit).
fn input_weight(root: &Path, theme: &Theme, sources: &content::Sources) -> crate::check::budget::Input {
    let texts = sources.pages.iter().chain(&sources.data).map(|f| f.text.len());
    let templates = theme.templates.values().map(|t| t.text.len());
    let config = crate::source_fs::SiteFs::open(root)
        .ok()
        .and_then(|site| site.resolve(config::CONFIG_FILE).ok().map(|real| site.size(&real)))
        .unwrap_or(0)
        .min(crate::source_fs::CONFIG_LIMIT.bytes);
    let mut input = crate::check::budget::Input::default();
    for len in texts.chain(templates) {
        input.text += len as u64;
        input.files += 1;
    }
    input.text += config;
    input.files += 1;
    input.copied = theme.statics.values().map(|bytes| bytes.len() as u64).sum::<u64>()
        + sources.assets.iter().map(Asset::size).sum::<u64>();
    input
}

pub fn render_markdown(pages: &Pages, index: &LinkIndex, diagnostics: &mut Diagnostics) -> Vec<Rendered> {
    let results: Vec<(Rendered, Vec<Diagnostic>)> = pages
        .pages
        .par_iter()
        .map(|page| {
            let file = &page.parsed.file;
            let origin = Origin {
                file: &file.rel,
                content_rel: &file.content_rel,
                file_text: &file.text,
                first_line: page.parsed.body_line,
                first_col: 0,
            };
            let mut d = Vec::new();
            let rendered = markdown::render(page.parsed.body(), origin, index, &mut d);
            (rendered, d)
        })
        .collect();
    results
        .into_iter()
        .map(|(rendered, d)| {
            d.into_iter().for_each(|d| diagnostics.push(d));
            rendered
        })
        .collect()
}

/// The roles', skills' and tools' template data, and each role as `/api/roles.json` shows it.
use render::view::{view_of, EntityView};
pub type EntityValues = (Vec<EntityView>, Vec<EntityView>, Vec<EntityView>, Vec<Arc<str>>);

/// Renders the markdown inside role, skill and tool data and resolves their references,
/// for templates; and writes each role as `/api/roles.json` shows it.
pub fn resolve_entities(
    catalog: &Catalog,
    index: &LinkIndex,
    base: &BaseUrl,
    diagnostics: &mut Diagnostics,
) -> EntityValues {
    use crate::markdown::resolve::Resolver;
    let resolver = Resolver { index, catalog };
    let permalink = |url: &str| base.permalink(url);
    let roles: Vec<_> = catalog
        .roles
        .par_iter()
        .map(|r| {
            let api = render::api::api_role(&r.raw, &r.url, catalog, &permalink);
            (view_of(&r.raw, r.file, &resolver), api)
        })
        .collect();
    let (roles, api_roles): (Vec<_>, Vec<_>) = roles.into_iter().unzip();
    let skills: Vec<_> = catalog.skills.par_iter().map(|s| view_of(&s.raw, s.file, &resolver)).collect();
    let tools: Vec<_> = catalog.tools.par_iter().map(|t| view_of(&t.raw, t.file, &resolver)).collect();
    let mut collect = |list: Vec<(EntityView, Vec<Diagnostic>)>| {
        list.into_iter()
            .map(|(v, d)| {
                d.into_iter().for_each(|d| diagnostics.push(d));
                v
            })
            .collect::<Vec<_>>()
    };
    (collect(roles), collect(skills), collect(tools), api_roles)
}

/// Every `#anchor` a link names must exist on the page it points to.
pub fn check_anchors(pages: &Pages, rendered: &[Rendered], diagnostics: &mut Diagnostics) {
    for (i, page) in pages.pages.iter().enumerate() {
        for link in &rendered[i].links {
            if let Some(target) = pages.find(&link.target) {
                check_anchor(page, link, &rendered[target].anchors, diagnostics);
            }
        }
    }
}

/// [`check_anchors`] after page `i` alone changed: its own links, and, when its headings
/// changed, the links of other pages into it. Costs what the page's links cost, not what
/// the site's do.
pub fn check_anchors_of(
    pages: &Pages,
    rendered: &[Rendered],
    i: usize,
    anchors_changed: bool,
    diagnostics: &mut Diagnostics,
) {
    for link in &rendered[i].links {
        if let Some(target) = pages.find(&link.target) {
            check_anchor(&pages.pages[i], link, &rendered[target].anchors, diagnostics);
        }
    }
    if anchors_changed {
        let rel = &pages.pages[i].parsed.file.content_rel;
        for (from, page) in pages.pages.iter().enumerate().filter(|&(from, _)| from != i) {
            for link in rendered[from].links.iter().filter(|l| &l.target == rel) {
                check_anchor(page, link, &rendered[i].anchors, diagnostics);
            }
        }
    }
}

fn check_anchor(page: &model::Page, link: &markdown::InternalLink, known: &[String], diagnostics: &mut Diagnostics) {
    let Some(anchor) = &link.anchor else { return };
    if anchor.is_empty() || known.iter().any(|a| a == anchor) {
        return;
    }
    let hint = match crate::suggest::did_you_mean(anchor, known.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `#{close}`?"),
        None if known.is_empty() => "that page has no headings to link to".into(),
        None => format!("its anchors are: {}", known.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", ")),
    };
    diagnostics.push(
        Diagnostic::error(
            &page.parsed.file.rel,
            "broken-anchor",
            format!("`content/{}` has no heading `#{anchor}`", link.target),
        )
        .at(&page.parsed.file.text, link.pos)
        .with_hint(hint),
    );
}

impl Site {
    /// Renders every file into `sink`, then checks every link of the rendered HTML.
    /// Returns the pages' links for checks that need them (`--external`).
    pub fn render(&mut self, sink: &dyn Sink, output_name: &str) -> Result<(render::Stats, Recorded)> {
        let (stats, pages, _) = self.render_recorded(sink, output_name)?;
        Ok((stats, pages))
    }

    /// Like [`Site::render`], also returning every output path (for later partial checks).
    pub fn render_recorded(
        &mut self,
        sink: &dyn Sink,
        output_name: &str,
    ) -> Result<(render::Stats, Recorded, FastSet<String>)> {
        let recorder = crate::check::links::Recorder::claimed(sink, &self.claims).with_budget(self.input);
        let result =
            self.with_views(|views, extras, templates| render::render_site(views, templates, extras, &recorder));
        let mut mistakes = recorder.mistakes();
        // Past the budget, the files not written would show as broken links: the budget is
        // the one thing to report.
        mistakes.extend(recorder.over_budget());
        let (pages, files) = recorder.finish();
        let stats = result.map_err(|errors| self.fail_with(mistakes.iter().cloned().chain(errors).collect()))?;
        if !mistakes.is_empty() {
            return Err(self.fail_with(mistakes));
        }
        let broken = crate::check::links::check(&pages, &files, &self.base, output_name);
        if !broken.is_empty() {
            return Err(self.fail_with(broken));
        }
        Ok((stats, pages, files))
    }

    /// The site's diagnostics so far plus `errors`, as the error of a failed run.
    pub fn fail_with(&mut self, errors: Vec<Diagnostic>) -> Error {
        let mut d = std::mem::take(&mut self.diagnostics);
        errors.into_iter().for_each(|e| d.push(e));
        Error::Content(d)
    }

    /// Calls `f` with the views, extras and templates the renderer needs.
    pub fn with_views<T>(&self, f: impl FnOnce(&Views, &Extras, &Templates) -> T) -> T {
        let views = Views {
            config: &self.config,
            base: &self.base,
            pages: &self.pages,
            rendered: &self.rendered,
            index: &self.index,
            ref_values: (0..self.pages.pages.len()).map(|_| std::sync::OnceLock::new()).collect(),
        };
        let (index, base) = (&self.index, &self.base);
        let href = |url: &str| index.href(url);
        let permalink = |url: &str| base.permalink(url);
        let entities = render::input::EntityData {
            catalog: &self.catalog,
            graph: &self.career,
            roles: &self.role_data,
            skills: &self.skill_data,
            tools: &self.tool_data,
            api_roles: &self.api_roles,
            href: &href,
            permalink: &permalink,
        };
        let extras = Extras {
            theme: &self.theme,
            assets: &self.assets,
            has_code: self.rendered.iter().any(|r| r.has_code),
            entities: &entities,
        };
        f(&views, &extras, &self.templates)
    }

    /// Sets the `site` variable of every template from the current model.
    fn prepare_templates(&mut self) {
        let mut templates = std::mem::replace(&mut self.templates, Templates::empty());
        self.with_views(|views, extras, _| render::set_site_context(views, extras, &mut templates));
        self.templates = templates;
    }
}

/// `rolebook build`: renders into a staging folder and puts the changes in place.
pub fn build(options: &Options) -> Result<Report> {
    let start = Instant::now();
    let out = options.output_dir();
    if !options.no_cache {
        crate::highlight_cache::enable(&options.root);
    }
    // Checking the output folder walks the whole previous output, so it runs while the
    // sources are read; nothing is written before both are done, and a refused folder is
    // reported before any problem in the content.
    let (staging, loaded) = std::thread::scope(|scope| {
        let staging = scope.spawn(|| output::stage(&options.root, &out));
        let loaded = load(options);
        (staging.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), loaded)
    });
    let staging = match staging {
        Ok(staging) => staging,
        Err(e) => {
            crate::highlight_cache::discard();
            return Err(e);
        }
    };
    let mut site = match loaded {
        Ok(site) => site,
        Err(e) => {
            staging.abort();
            crate::highlight_cache::discard();
            return Err(e);
        }
    };
    let mut watch = Stopwatch::new();
    let output_name = display(&options.root, &out);
    let (stats, links) = match site.render(staging.sink(), &output_name) {
        Ok(rendered) => rendered,
        Err(e) => {
            staging.abort();
            crate::highlight_cache::discard();
            return Err(e);
        }
    };
    watch.lap("render and link check");
    let committed = staging.commit_leaving_cleanup()?;
    committed.warnings.into_iter().for_each(|w| site.diagnostics.push(w));
    let (files, cleanup) = (committed.files, committed.cleanup);
    watch.lap("put in place");
    // The cache is written and the model freed while what the commit left over is removed.
    if !options.no_cache {
        crate::highlight_cache::finish(&options.root);
    }
    let diagnostics = std::mem::take(&mut site.diagnostics);
    free_in_background((site, links));
    cleanup.wait();
    watch.lap("cache, clean up");
    Ok(Report { pages: stats.pages, files, elapsed: start.elapsed(), diagnostics })
}

/// Frees a large model (and the links recorded from every page) on another thread: a
/// build is done once its output is in place, and freeing every page's data one
/// allocation at a time takes a noticeable share of a big build. A process that exits
/// meanwhile leaves the memory to the operating system.
fn free_in_background<T: Send + 'static>(model: T) {
    let spawned = std::thread::Builder::new().name("free model".into()).spawn(move || drop(model));
    // Without a thread the site was dropped with the closure, here and now.
    drop(spawned);
}

/// `rolebook check`: everything `build` does, writing nothing.
pub fn check(options: &Options) -> Result<Report> {
    let start = Instant::now();
    let mut site = load(options)?;
    let sink = NullSink;
    let output_name = display(&options.root, &options.output_dir());
    let (stats, pages) = site.render(&sink, &output_name)?;
    if options.external {
        let links = crate::check::links::external_links(&pages, &site.base);
        let settings = crate::check::external::Settings { skip: options.skip_external.clone(), ..Default::default() };
        let broken = crate::check::external::check(&links, &options.root, &output_name, &settings);
        if !broken.is_empty() {
            let mut d = site.diagnostics;
            broken.into_iter().for_each(|e| d.push(e));
            return Err(Error::Content(d));
        }
    }
    let diagnostics = std::mem::take(&mut site.diagnostics);
    free_in_background(site);
    Ok(Report { pages: stats.pages, files: stats.files, elapsed: start.elapsed(), diagnostics })
}

/// Used by messages: `root`-relative display of a path.
pub fn display(root: &Path, path: &Path) -> String {
    content::loader::display_rel(root, path)
}
