//! Orchestration: the only place the stages meet, as a chain of functions each taking
//! what it needs and returning its own value.
//!
//! ```text
//! Options ──load_sources──► Sources ──build_model──► Model ──link_index──► LinkIndex
//!   ──render_markdown──► Markdown ──check::…──► diagnostics ──claim_outputs──► Claims
//!   ──Site::render──► sink ──commit──► disk
//! ```
//! [`load`] runs the chain up to rendering and keeps each value in a [`Site`]. `check` is
//! the same run with a sink that keeps nothing; `build` renders into a staging folder and
//! moves it into place only when no error was found; the preview's fast path calls the
//! same stage functions for one edited file ([`page_markdown`], [`role_markdown`], `check::`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check::links::{FastSet, Recorded};
use crate::config::{self, BaseUrl, Config};
use crate::content::{self, Asset};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::highlight_cache::HighlightCache;
use crate::markdown::{self, LinkIndex, Origin, Rendered};
use crate::model::{self, Catalog, Pages};
use crate::output::{self, NullSink, Sink};
use crate::render::{self, context::Views, Extras, Templates};
use crate::theme::{self, Theme};
use crate::timings::Stopwatch;

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output_dir: Option<PathBuf>,
    /// Overrides the config's `base_url` (parsed by the command line, never written into
    /// the config).
    pub base_url: Option<BaseUrl>,
    /// `--relative-urls`: overrides the config's `relative_urls` when set.
    pub relative_urls: Option<bool>,
    pub drafts: bool,
    pub deny_warnings: bool,
    /// Overrides the config's `raw_html` (the command line is trusted, the config is not).
    pub raw_html: Option<crate::markdown::RawHtml>,
    /// Leave the removal of the previous output to a child process of this executable
    /// (the `rolebook` binary sets this; a program using the library, whose executable
    /// is not rolebook, gets the removal done before `build` returns).
    pub remove_old_output_after_exit: bool,
    /// `check --external`: also check links to other hosts.
    pub external: bool,
    /// Links to other hosts containing one of these are not checked.
    pub skip_external: Vec<String>,
    /// Neither read nor write the highlighting cache.
    pub no_cache: bool,
    /// `--today`: the day openings are checked against; the UTC date when not given.
    pub today: Option<crate::date::Date>,
    /// `check --since <rev>`: also work out what the roles change compared with `rev`.
    pub since: Option<String>,
}

impl Options {
    /// The day taken as today.
    pub fn today(&self) -> crate::date::Date {
        self.today.unwrap_or_else(crate::date::Date::today_utc)
    }
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
    /// The day openings were checked against, when the site has openings, and whether
    /// `--today` gave it.
    pub openings_checked_on: Option<(crate::date::Date, bool)>,
    /// Why the framework's history is missing or partial.
    pub history_limit: Option<crate::history::Limit>,
    /// `check --since`: what the roles change compared with the revision.
    pub since: Option<crate::history::since::Since>,
}

impl Report {
    /// The line saying what history could not be read, for the summary.
    pub fn history_line(&self) -> Option<String> {
        self.history_limit.as_ref().map(crate::history::Limit::line)
    }

    /// The line saying which day the openings were judged on, for the summary.
    pub fn openings_line(&self) -> Option<String> {
        self.openings_checked_on.map(|(day, given)| {
            if given {
                format!("openings checked against {day} (--today)")
            } else {
                format!("openings checked against {day}, today's UTC date (--today YYYY-MM-DD fixes the day)")
            }
        })
    }
}

/// Stage 1, what was read from the site folder: the config, the theme with its templates,
/// and the content files, nothing interpreted yet.
pub struct Sources {
    pub config: Config,
    /// The base URL links are written under: `--base-url`, or else the config's.
    pub base: BaseUrl,
    pub theme: Theme,
    /// Every template, parsed; `None` when one failed (the errors are diagnostics).
    pub templates: Option<Templates>,
    pub content: content::Sources,
    /// How much the site weighs: its output may weigh at most [`Input::budget`].
    ///
    /// [`Input::budget`]: crate::check::budget::Input::budget
    pub input: crate::check::budget::Input,
}

/// Stage 2, the model: pages with their URLs and sections, the role catalog and the
/// career graph. Made from the sources alone, touching no file.
pub struct Model {
    pub pages: Pages,
    pub catalog: Catalog,
    pub career: model::career::CareerGraph,
    /// Job openings, checked against the day taken as today.
    pub openings: model::openings::Openings,
    /// Which sections role pages show, in which order, with which headings.
    pub shape: model::blueprint::Shape,
    /// Files under `content/` copied as they are.
    pub assets: Vec<Asset>,
    /// Pages (content-relative) whose front matter failed to read: their own error says
    /// what is wrong, so a link to one is not reported again.
    pub unread_pages: Vec<String>,
}

/// Stage 3, the markdown of every page and every role, skill and tool, rendered with
/// links resolved.
pub struct Markdown {
    /// Each page's body, in the order of [`Pages::pages`].
    pub pages: Vec<Rendered>,
    /// Template-ready data of each role, skill and tool (markdown rendered, references resolved).
    pub roles: Vec<render::view::EntityView>,
    pub skills: Vec<render::view::EntityView>,
    pub tools: Vec<render::view::EntityView>,
    /// The competency areas' and rubrics' texts.
    pub areas: Vec<render::view::EntityView>,
    pub rubrics: Vec<render::view::EntityView>,
    /// Each role as `/api/roles.json` shows it (compact JSON), made once per build.
    pub api_roles: Vec<Arc<str>>,
    /// Each opening's description as HTML, in the order of [`model::openings::Openings::list`].
    pub openings: Vec<String>,
}

impl Markdown {
    /// Puts role `r` as [`role_markdown`] made it after an edit, in place of the old one.
    pub fn replace_role(&mut self, r: usize, view: render::view::EntityView, api: Arc<str>) {
        self.roles[r] = view;
        self.api_roles[r] = api;
    }
}

/// A site through every stage up to rendering, validated: each stage's value, kept for
/// the renderer (and, in the preview, for re-rendering one edited file).
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    pub config: Config,
    pub base: BaseUrl,
    /// Whether every site URL of the output is written relative to its file.
    pub relative_urls: bool,
    pub theme: Theme,
    pub templates: Templates,
    pub input: crate::check::budget::Input,
    pub model: Model,
    pub index: LinkIndex,
    pub markdown: Markdown,
    /// The owner of every output path; a build writes nothing else.
    pub claims: render::claims::Claims,
    /// Warnings so far (a site with errors is never made).
    pub diagnostics: Diagnostics,
    /// What changed in the roles, commit by commit (empty without a git history).
    pub history: crate::history::History,
    /// Why the history is missing or partial, said in one line after the run.
    pub history_limit: Option<crate::history::Limit>,
}

/// Runs the stages up to rendering on the site at `options.root`, highlighting code
/// through `cache`. Content problems come back as `Error::Content` holding every
/// diagnostic found.
pub fn load(options: &Options, cache: &HighlightCache) -> Result<Site> {
    let mut watch = Stopwatch::new();
    let mut diagnostics = Diagnostics::new();
    let Sources { config, base, theme, templates, content, input } = load_sources(options, &mut diagnostics)?;
    watch.lap("config, theme, read sources");
    let model = build_model(content, &config, options.drafts, options.today(), &mut diagnostics);
    let (history, history_limit) = crate::history::assemble::load(
        &options.root,
        &config,
        &model,
        crate::history::assemble::CacheUse { read: !options.no_cache, write: cache.writes() },
        &mut diagnostics,
    );
    let mut watch = Stopwatch::new();
    crate::check::lint_model(&model.pages, &model.catalog, &model.shape, &model.assets, &mut diagnostics);
    watch.lap("lints");
    let index = link_index(&model, &base, options.raw_html.unwrap_or(config.raw_html));
    let markdown = render_markdown(&model, &index, cache, &base, &mut diagnostics);
    let mut watch = Stopwatch::new();
    crate::check::anchors::check_anchors(&model.pages, &markdown.pages, &mut diagnostics);
    let relative_urls = options.relative_urls.unwrap_or(config.relative_urls);
    let claims = claim_outputs(&model, &theme, &markdown, relative_urls, &history, &mut diagnostics);
    watch.lap("anchors, output claims");

    if options.deny_warnings || config.deny_warnings {
        diagnostics.deny_warnings();
    }
    match templates {
        Some(templates) if !diagnostics.has_errors() => {
            let mut site = Site {
                root: options.root.clone(),
                relative_urls,
                config,
                base,
                theme,
                templates,
                input,
                model,
                index,
                markdown,
                claims,
                diagnostics,
                history,
                history_limit,
            };
            site.prepare_templates();
            watch.lap("site context");
            Ok(site)
        }
        _ => Err(Error::Content(diagnostics)),
    }
}

/// Stage 1: reads the config, the theme and its templates, and the content files.
/// A folder without `content/` is no site.
pub fn load_sources(options: &Options, diagnostics: &mut Diagnostics) -> Result<Sources> {
    let root = &options.root;
    if !root.join("content").is_dir() {
        return Err(Error::NotASite { root: root.clone() });
    }
    let config = config::load(root, diagnostics);
    let base = match &options.base_url {
        Some(base) => base.clone(),
        // A base URL the config cannot parse is already an error of `config::load`; `/`
        // stands in so the run goes on to report every other problem, and fails.
        None => BaseUrl::parse(&config.base_url).unwrap_or(BaseUrl { origin: String::new(), path: "/".into() }),
    };
    let theme = theme::load(root, &config.theme, diagnostics);
    let templates = match render::templates::build(&theme) {
        Ok(t) => Some(t),
        Err(errors) => {
            errors.into_iter().for_each(|d| diagnostics.push(d));
            None
        }
    };
    let content = content::load(root, diagnostics);
    let input = input_weight(root, &theme, &content);
    Ok(Sources { config, base, theme, templates, content, input })
}

/// Stage 2: parses the pages (leaving drafts out unless `drafts`) and the role data into
/// the model.
pub fn build_model(
    content: content::Sources,
    config: &Config,
    drafts: bool,
    today: crate::date::Date,
    diagnostics: &mut Diagnostics,
) -> Model {
    let site_title = config.title.as_str();
    let shape = model::blueprint::Shape::of(config.blueprint.as_ref());
    let mut watch = Stopwatch::new();
    let parsed: Vec<(Result<content::ParsedPage, String>, Diagnostics)> = content
        .pages
        .into_par_iter()
        .map(|file| {
            let mut d = Diagnostics::new();
            let rel = file.content_rel.clone();
            (content::page::parse(file, &mut d).ok_or(rel), d)
        })
        .collect();
    let mut pages_in = Vec::new();
    let mut unread_pages = Vec::new();
    for (page, d) in parsed {
        diagnostics.extend(d);
        match page {
            Ok(page) if drafts || !page.front.draft => pages_in.push(page),
            Ok(_) => {}
            Err(rel) => unread_pages.push(rel),
        }
    }
    let pages = model::pages::build(pages_in, site_title, diagnostics);
    watch.lap("pages");
    let (opening_files, data): (Vec<_>, Vec<_>) =
        content.data.into_iter().partition(|f| f.content_rel.starts_with("openings/"));
    let mut catalog = model::roles::build(data, diagnostics);
    catalog.publish_pay_bands = config.publish_pay_bands;
    watch.lap("roles, skills, tools");
    let career = model::career::build(&catalog, diagnostics);
    watch.lap("career graph");
    let openings = model::openings::build(opening_files, &catalog, today, diagnostics);
    if !openings.files.is_empty() && config.organization.is_none() {
        diagnostics.push(
            Diagnostic::error(crate::config::CONFIG_FILE, "no-organization", "the site has openings but does not say who is hiring")
                .with_hint("add `organization: {name: Example Labs, url: https://example.org/}` to rolebook.yaml; search engines require the hiring organisation of every job posting"),
        );
    }
    watch.lap("openings");
    Model { pages, catalog, career, openings, shape, assets: content.assets, unread_pages }
}

/// Where every page, asset and role of the model is published, for resolving the links
/// the markdown writes; HTML in the markdown is treated as `raw_html` says.
pub fn link_index(model: &Model, base: &BaseUrl, raw_html: markdown::RawHtml) -> LinkIndex {
    let mut index = LinkIndex::new(&base.path).with_raw_html(raw_html);
    for page in &model.pages.pages {
        index.insert(&page.parsed.file.content_rel, &page.url);
        if page.parsed.title_from == content::page::TitleFrom::Heading {
            index.insert_title_heading(&page.parsed.file.content_rel, &page.parsed.front.title);
        }
    }
    for asset in &model.assets {
        index.insert_asset(&asset.content_rel);
    }
    let catalog = &model.catalog;
    for role in &catalog.roles {
        index.insert(&catalog.files[role.file].content_rel, &role.url);
    }
    for file in catalog.unread.role_files.iter().chain(&model.unread_pages) {
        index.insert_unread(file);
    }
    index
}

/// Stage 3: renders the markdown of every page, and of every role, skill and tool.
pub fn render_markdown(
    model: &Model,
    index: &LinkIndex,
    cache: &HighlightCache,
    base: &BaseUrl,
    diagnostics: &mut Diagnostics,
) -> Markdown {
    let mut watch = Stopwatch::new();
    let pages = render_pages(&model.pages, index, cache, diagnostics);
    watch.lap("markdown (pages)");
    let entities = resolve_entities(&model.catalog, index, cache, base, diagnostics);
    watch.lap("markdown (roles)");
    let EntityValues { roles, skills, tools, areas, rubrics, api_roles } = entities;
    let resolver = markdown::resolve::Resolver { index, catalog: &model.catalog, cache };
    let openings = render::pages::openings::descriptions(&model.openings, &resolver, diagnostics);
    Markdown { pages, roles, skills, tools, areas, rubrics, api_roles, openings }
}

/// Claims every output path of the site (two files at one path are an error).
pub fn claim_outputs(
    model: &Model,
    theme: &Theme,
    markdown: &Markdown,
    relative_urls: bool,
    history: &crate::history::History,
    diagnostics: &mut Diagnostics,
) -> render::claims::Claims {
    let claim = render::claims::Model {
        pages: &model.pages,
        catalog: &model.catalog,
        graph: &model.career,
        openings: &model.openings,
        theme,
        assets: &model.assets,
        has_code: markdown.pages.iter().any(|r| r.has_code),
        relative_urls,
        history,
    };
    render::claims::claim_all(&claim, diagnostics)
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

/// The markdown of every page, in parallel; problems reported in page order.
fn render_pages(
    pages: &Pages,
    index: &LinkIndex,
    cache: &HighlightCache,
    diagnostics: &mut Diagnostics,
) -> Vec<Rendered> {
    let results: Vec<(Rendered, Vec<Diagnostic>)> = pages
        .pages
        .par_iter()
        .map(|page| {
            let mut d = Vec::new();
            let rendered = page_markdown(&page.parsed, index, cache, &mut d);
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

/// One page's body rendered, problems placed at their lines in its file: what stage 3
/// does for each page, and what the preview does for an edited one.
pub fn page_markdown(
    page: &content::ParsedPage,
    index: &LinkIndex,
    cache: &HighlightCache,
    diagnostics: &mut Vec<Diagnostic>,
) -> Rendered {
    let file = &page.file;
    let origin = Origin {
        file: &file.rel,
        content_rel: &file.content_rel,
        file_text: &file.text,
        first_line: page.body_line,
        first_col: 0,
    };
    markdown::render(page.body(), origin, index, cache, diagnostics)
}

use render::view::{view_of, EntityView};

/// The template data of the roles, skills, tools, competency areas and rubrics, and each
/// role as `/api/roles.json` shows it.
pub struct EntityValues {
    pub roles: Vec<EntityView>,
    pub skills: Vec<EntityView>,
    pub tools: Vec<EntityView>,
    pub areas: Vec<EntityView>,
    pub rubrics: Vec<EntityView>,
    pub api_roles: Vec<Arc<str>>,
}

/// One role made ready for output: its template data (markdown rendered, references
/// resolved), its part of `/api/roles.json`, and the problems its markdown has. What stage 3
/// does for each role, and what the preview does for an edited one.
pub fn role_markdown(
    role: &model::Role,
    catalog: &Catalog,
    index: &LinkIndex,
    cache: &HighlightCache,
    base: &BaseUrl,
) -> (EntityView, Arc<str>, Vec<Diagnostic>) {
    let resolver = markdown::resolve::Resolver { index, catalog, cache };
    let api = render::api::api_role(role, catalog, &|url| base.permalink(url));
    let (view, diagnostics) = view_of(&role.raw, role.file, &resolver);
    (view, api, diagnostics)
}

/// Renders the markdown inside role, skill and tool data and resolves their references,
/// for templates; and writes each role as `/api/roles.json` shows it.
pub fn resolve_entities(
    catalog: &Catalog,
    index: &LinkIndex,
    cache: &HighlightCache,
    base: &BaseUrl,
    diagnostics: &mut Diagnostics,
) -> EntityValues {
    let resolver = markdown::resolve::Resolver { index, catalog, cache };
    let roles: Vec<_> = catalog.roles.par_iter().map(|r| role_markdown(r, catalog, index, cache, base)).collect();
    let mut api_roles = Vec::with_capacity(roles.len());
    let roles: Vec<_> = roles
        .into_iter()
        .map(|(view, api, found)| {
            api_roles.push(api);
            (view, found)
        })
        .collect();
    let skills: Vec<_> = catalog.skills.par_iter().map(|s| view_of(&s.raw, s.file, &resolver)).collect();
    let tools: Vec<_> = catalog.tools.par_iter().map(|t| view_of(&t.raw, t.file, &resolver)).collect();
    let areas: Vec<_> = catalog.areas.iter().map(|a| view_of(&a.raw, a.file, &resolver)).collect();
    let rubrics: Vec<_> = catalog.rubrics.par_iter().map(|r| view_of(&r.raw, r.file, &resolver)).collect();
    let mut collect = |list: Vec<(EntityView, Vec<Diagnostic>)>| {
        list.into_iter()
            .map(|(v, d)| {
                d.into_iter().for_each(|d| diagnostics.push(d));
                v
            })
            .collect::<Vec<_>>()
    };
    EntityValues {
        roles: collect(roles),
        skills: collect(skills),
        tools: collect(tools),
        areas: collect(areas),
        rubrics: collect(rubrics),
        api_roles,
    }
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
        // The rewrite sits before the recorder, so the link check follows the links as written.
        let relative = crate::output::relative::Relative::new(&recorder, &self.base.path);
        let renderer: &dyn Sink = if self.relative_urls { &relative } else { &recorder };
        let result =
            self.with_views(|views, extras, templates| render::render_site(views, templates, extras, renderer));
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
            pages: &self.model.pages,
            rendered: &self.markdown.pages,
            index: &self.index,
            ref_values: (0..self.model.pages.pages.len()).map(|_| std::sync::OnceLock::new()).collect(),
        };
        let (index, base) = (&self.index, &self.base);
        let href = |url: &str| index.href(url);
        let permalink = |url: &str| base.permalink(url);
        let shared_links: Vec<std::sync::OnceLock<tera::Value>> =
            self.model.catalog.roles.iter().map(|_| std::sync::OnceLock::new()).collect();
        let entities = render::input::EntityData {
            catalog: &self.model.catalog,
            graph: &self.model.career,
            roles: &self.markdown.roles,
            skills: &self.markdown.skills,
            tools: &self.markdown.tools,
            areas: &self.markdown.areas,
            rubrics: &self.markdown.rubrics,
            shape: &self.model.shape,
            api_roles: &self.markdown.api_roles,
            href: &href,
            permalink: &permalink,
            shared_links: &shared_links,
            openings: render::input::OpeningsData {
                openings: &self.model.openings,
                descriptions: &self.markdown.openings,
                organization: self.config.organization.as_ref(),
            },
            history: render::input::HistoryInput { history: &self.history, limit: self.history_limit.as_ref() },
        };
        let extras = Extras {
            theme: &self.theme,
            assets: &self.model.assets,
            has_code: self.markdown.pages.iter().any(|r| r.has_code),
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
    // A failed build drops the cache unwritten; only a build in place writes it back.
    let cache = if options.no_cache { HighlightCache::off() } else { HighlightCache::load(&options.root) };
    // Checking the output folder walks the whole previous output, so it runs while the
    // sources are read; nothing is written before both are done, and a refused folder is
    // reported before any problem in the content.
    let (staging, loaded) = std::thread::scope(|scope| {
        let staging = scope.spawn(|| output::stage(&options.root, &out));
        let loaded = load(options, &cache);
        (staging.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), loaded)
    });
    let staging = staging?;
    let mut site = match loaded {
        Ok(site) => site,
        Err(e) => {
            staging.abort();
            return Err(e);
        }
    };
    let mut watch = Stopwatch::new();
    let output_name = display(&options.root, &out);
    let (stats, links) = match site.render(staging.sink(), &output_name) {
        Ok(rendered) => rendered,
        Err(e) => {
            staging.abort();
            return Err(e);
        }
    };
    watch.lap("render and link check");
    let committed = staging.commit_leaving_cleanup()?;
    committed.warnings.into_iter().for_each(|w| site.diagnostics.push(w));
    let (files, cleanup) = (committed.files, committed.cleanup);
    watch.lap("put in place");
    cache.finish(&options.root);
    let diagnostics = std::mem::take(&mut site.diagnostics);
    let openings_checked_on = openings_checked_on(&site, options);
    let history_limit = site.history_limit.take();
    free_in_background((site, links));
    // The previous output is removed by a child process that holds the output's lock:
    // this build is done once the new output is in place (see `Cleanup::hand_on`).
    if options.remove_old_output_after_exit {
        cleanup.hand_on();
    } else {
        cleanup.wait();
    }
    watch.lap("cache, clean up");
    Ok(Report {
        pages: stats.pages,
        files,
        elapsed: start.elapsed(),
        diagnostics,
        openings_checked_on,
        history_limit,
        since: None,
    })
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
    // `check` writes nothing, the highlighting cache included.
    let mut site = load(options, &HighlightCache::off())?;
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
    let since = match &options.since {
        Some(rev) => Some(crate::history::since::since(&options.root, rev, &site.model).map_err(Error::Usage)?),
        None => None,
    };
    let openings_checked_on = openings_checked_on(&site, options);
    let history_limit = site.history_limit.take();
    free_in_background(site);
    Ok(Report {
        pages: stats.pages,
        files: stats.files,
        elapsed: start.elapsed(),
        diagnostics,
        openings_checked_on,
        history_limit,
        since,
    })
}

fn openings_checked_on(site: &Site, options: &Options) -> Option<(crate::date::Date, bool)> {
    let openings = &site.model.openings;
    (!openings.files.is_empty()).then_some(())?;
    Some((openings.today?, options.today.is_some()))
}

/// Used by messages: `root`-relative display of a path.
pub fn display(root: &Path, path: &Path) -> String {
    content::loader::display_rel(root, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn load_sources_refuses_a_folder_without_content() {
        let dir = site_with(&[("rolebook.yaml", "title: T\n")]);
        let options = Options { root: dir.path().to_path_buf(), ..Default::default() };
        let result = load_sources(&options, &mut Diagnostics::new());
        assert!(matches!(result, Err(Error::NotASite { .. })));
    }

    #[test]
    fn the_stages_chained_by_hand_leave_drafts_out_unless_asked_and_resolve_links() {
        let dir = site_with(&[
            ("rolebook.yaml", "title: T\nbase_url: https://example.org/sub/\n"),
            ("content/a.md", "---\ntitle: A\n---\nSee [b](@/b.md).\n"),
            ("content/b.md", "---\ntitle: B\n---\nB.\n"),
            ("content/c.md", "---\ntitle: C\ndraft: true\n---\nC.\n"),
        ]);
        let options = Options { root: dir.path().to_path_buf(), ..Default::default() };
        for (drafts, expected) in [(false, 3), (true, 4)] {
            let mut diagnostics = Diagnostics::new();
            let sources = load_sources(&options, &mut diagnostics).unwrap();
            let model =
                build_model(sources.content, &sources.config, drafts, crate::date::Date::today_utc(), &mut diagnostics);
            // Three pages and the home section, with the draft only when asked for.
            assert_eq!(model.pages.pages.len(), expected, "drafts: {drafts}");
            let index = link_index(&model, &sources.base, markdown::RawHtml::Trusted);
            let markdown = render_markdown(&model, &index, &HighlightCache::off(), &sources.base, &mut diagnostics);
            let a = model.pages.find("a.md").unwrap();
            assert!(markdown.pages[a].html.contains("href=\"/sub/b/\""), "{}", markdown.pages[a].html);
            assert!(!diagnostics.has_errors(), "{}", diagnostics.render());
        }
    }
}
