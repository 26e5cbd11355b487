//! Who owns each output path: every file the render will write is claimed here, from the
//! model, before anything is rendered.
//!
//! Contract: a path has exactly one owner. A second claim of it, a claim differing from
//! another only in letter case (macOS, Windows and many object stores fold case), a file
//! where another claim needs a folder (or the reverse), and a path that is not valid and
//! portable, are each an error at the source of the later claim (file:line:col where there
//! is one) naming both owners. Claims are made in an order that puts the owner a person
//! can change last, so the error lands on the file to fix: rolebook's own files and the
//! built-in theme, then pages, role/skill/tool pages, tag pages, aliases, content files,
//! and the site's and theme folder's static files. The site's `static/` overriding a theme
//! file is one claim (the theme layering is resolved before), never a collision.
//!
//! The renderer writes through [`crate::check::links::Recorder`], which refuses any path
//! not claimed here and any path written twice, so the list below cannot silently drift
//! from what is written.

use std::collections::{HashMap, HashSet};

use super::jobs::{self, Job};
use super::pages::changes;
use crate::content::Asset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::history::History;
use crate::model::career::CareerGraph;
use crate::model::{Catalog, Pages};
use crate::theme::Theme;
use crate::urls::{self, output_path, API_FILES, NOT_FOUND, ROBOTS, SCHEMAS, SEARCH_INDEX, SITEMAP, SYNTAX_CSS};
use crate::yaml::Pos;

/// The longest file or folder name most file systems accept, in bytes.
pub const MAX_COMPONENT_BYTES: usize = 255;

/// The longest output path, in bytes: macOS refuses paths over 1024 bytes, and the output
/// folder's own path comes on top, so a longer one could never be written there. (A path
/// under this that still fails is reported at its owner when it is written.)
pub const MAX_PATH_BYTES: usize = 1024;

/// What made a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A file rolebook makes itself (`the sitemap`).
    Generated(&'static str),
    /// A content page; `home` for the site's home page.
    Page { home: bool },
    /// A content page placed by its `slug`.
    Slug(String),
    /// A redirect page, as the alias was written.
    Alias(String),
    /// The page of a role, skill or tool (`kind` is `role`, `skill` or `tool`).
    Entity { kind: &'static str, id: String },
    /// The comparison of two roles (by id).
    Comparison { from: String, to: String },
    /// The skill matrix of one role family.
    FamilyMatrix(String),
    /// The history page of a role (by id).
    History(String),
    /// A redirect from a URL made with a role's old id (`from`) to its page today.
    Redirect { from: String, to: String },
    /// The page of a tag, by name.
    Tag(String),
    /// A file from `static/`, a theme's `static/` or the built-in theme.
    Static,
    /// A file of `content/` copied as it is.
    Asset,
}

/// A claim's owner: what it is and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub what: What,
    /// Site-relative source file; `None` for files rolebook makes itself.
    pub file: Option<String>,
    /// Where in `file` the claim comes from (a slug's or alias's value, an id).
    pub pos: Option<Pos>,
}

impl Owner {
    fn generated(what: &'static str) -> Self {
        Owner { what: What::Generated(what), file: None, pos: None }
    }

    /// `content/a.md:3:10`, `static/x.css` or `rolebook`.
    pub fn location(&self) -> String {
        match (&self.file, self.pos) {
            (Some(file), Some(pos)) => format!("{file}:{}:{}", pos.line, pos.col),
            (Some(file), None) => file.clone(),
            (None, _) => "rolebook".into(),
        }
    }

    /// The owner as the subject of a message shown at its own location.
    pub fn subject(&self) -> String {
        match &self.what {
            What::Generated(what) => (*what).to_string(),
            What::Page { home: true } => "the home page".into(),
            What::Page { home: false } => "this page".into(),
            What::Slug(slug) => format!("the slug `{slug}`"),
            What::Alias(alias) => format!("the alias `{alias}`"),
            What::Entity { kind, id } => format!("the page of {kind} `{id}`"),
            What::Comparison { from, to } => format!("the comparison page from `{from}` to `{to}`"),
            What::FamilyMatrix(family) => format!("the skill matrix of family `{family}`"),
            What::History(id) => format!("the history page of role `{id}`"),
            What::Redirect { from, to } => format!("the redirect from the old id `{from}` of role `{to}`"),
            What::Tag(tag) => format!("the page of tag `{tag}`"),
            What::Static if self.is_built_in() => format!("the built-in theme's `{}`", self.built_in_name()),
            What::Static => "this static file".into(),
            What::Asset => "this file".into(),
        }
    }

    /// The owner named from another owner's message: what it is and where it comes from.
    pub fn object(&self) -> String {
        let at = self.location();
        match &self.what {
            What::Generated(what) => format!("{what} rolebook makes"),
            What::Page { home: true } => format!("the home page made from {at}"),
            What::Page { home: false } => format!("the page made from {at}"),
            What::Slug(slug) => format!("the page with slug `{slug}` at {at}"),
            What::Alias(alias) => format!("the alias `{alias}` at {at}"),
            What::Entity { kind, id } => format!("the page of {kind} `{id}` made from {at}"),
            What::Comparison { from, to } => format!("the comparison page from `{from}` to `{to}` made from {at}"),
            What::FamilyMatrix(family) => format!("the skill matrix of family `{family}` named at {at}"),
            What::History(id) => format!("the history page of role `{id}` made from {at}"),
            What::Redirect { from, to } => {
                format!("the redirect from the old id `{from}` of role `{to}` made from {at}")
            }
            What::Tag(tag) => format!("the page of tag `{tag}` used in {at}"),
            What::Static if self.is_built_in() => format!("the built-in theme's `{}`", self.built_in_name()),
            What::Static => format!("the static file {at}"),
            What::Asset => format!("the file {at}"),
        }
    }

    fn is_built_in(&self) -> bool {
        self.file.as_deref().is_some_and(|f| f.starts_with("(built-in)/"))
    }

    fn built_in_name(&self) -> &str {
        self.file.as_deref().and_then(|f| f.strip_prefix("(built-in)/static/")).unwrap_or("")
    }

    /// What a person can do about a collision this owner is reported for.
    fn hint(&self) -> &'static str {
        match &self.what {
            What::Page { .. } => "move or rename the page, or give it a `slug` of its own",
            What::Slug(_) => "choose another `slug`",
            What::Alias(_) => "remove the alias, or point it at a path no other file of the site uses",
            What::Entity { .. } | What::Comparison { .. } | What::History(_) => "give the role, skill or tool another id",
            What::Redirect { .. } => {
                "the old URL is in use: drop the old id from the role's `previous_ids`, or move what uses the URL"
            }
            What::FamilyMatrix(_) => "give the families names that differ in letters or digits, not only in case or punctuation",
            What::Tag(_) => "rename the tag",
            What::Static => "rename or remove the static file; `static/` may replace a theme's files, never a page or a file rolebook makes",
            What::Asset => "rename or move the file",
            What::Generated(_) => "this is a rolebook bug: two of its own files share a path; please report it",
        }
    }
}

/// Every output path with its owner.
#[derive(Debug, Default)]
pub struct Claims {
    owners: HashMap<String, Owner>,
}

impl Claims {
    /// The owner of output path `rel`, if anything claimed it.
    pub fn owner(&self, rel: &str) -> Option<&Owner> {
        self.owners.get(rel)
    }

    pub fn len(&self) -> usize {
        self.owners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }

    /// Every claimed path (in no order).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.owners.keys().map(String::as_str)
    }
    /// Claims taken as given, without the checks of [`claim_all`] (for tests of the sinks).
    #[cfg(test)]
    pub(crate) fn unchecked(owners: impl IntoIterator<Item = (String, Owner)>) -> Self {
        Claims { owners: owners.into_iter().collect() }
    }
}

/// What the claims are made from.
pub struct Model<'a> {
    pub pages: &'a Pages,
    pub catalog: &'a Catalog,
    pub graph: &'a CareerGraph,
    pub openings: &'a crate::model::openings::Openings,
    pub theme: &'a Theme,
    pub assets: &'a [Asset],
    /// Whether any page has code (and so the site gets the highlighting stylesheet).
    pub has_code: bool,
    /// `--relative-urls`: the search index and comparison data are also written as scripts.
    pub relative_urls: bool,
    /// The framework's history: its pages and the redirects from old role URLs.
    pub history: &'a History,
}

/// Claims every output path of the site, the pages the history makes included
/// (`/changes/` and its feed, each changed role's history page, the redirects from old
/// role URLs); each problem is a diagnostic.
pub fn claim_all(model: &Model, diagnostics: &mut Diagnostics) -> Claims {
    let history = model.history;
    let mut c = Claimant::default();
    claim_generated(&mut c, model);
    if changes::has_changes(history) {
        let files = [
            (changes::CHANGES, "the changes page"),
            (changes::CHANGES_FEED, "the feed of changes"),
            (&urls::of_file(changes::API_CHANGES), "the changes as JSON"),
        ];
        for (path, what) in files {
            let path = output_path(path);
            c.reserve_folder_of(&path);
            c.claim(path, Owner::generated(what), None);
        }
    }
    // Built-in theme files are claimed early, like rolebook's own files: a person can change
    // only the file colliding with one.
    let statics: Vec<(&String, Owner)> =
        model.theme.statics.keys().map(|rel| (rel, static_owner(model.theme, rel))).collect();
    let (built_in, on_disk): (Vec<_>, Vec<_>) = statics.into_iter().partition(|(_, owner)| owner.is_built_in());
    for (rel, owner) in built_in {
        c.claim(rel.clone(), owner, None);
    }
    // Pages are claimed before the role, skill and tool pages, but the folders those fill
    // must be known first.
    let mut entity_claims = entity_claims(model.catalog, model.graph, model.openings);
    entity_claims.extend(history_claims(model.catalog, history));
    for (path, _, _) in &entity_claims {
        c.reserve_folder_of(path);
    }
    claim_pages(&mut c, model.pages);
    for (path, owner, text) in entity_claims {
        c.claim(path, owner, text);
    }
    for tag in model.pages.tags.values() {
        let page = &model.pages.pages[tag.pages[0]].parsed.file;
        let owner = Owner { what: What::Tag(tag.name.clone()), file: Some(page.rel.clone()), pos: None };
        c.claim(output_path(&urls::tag(&tag.slug)), owner, None);
    }
    for page in &model.pages.pages {
        let file = &page.parsed.file;
        for alias in &page.aliases {
            let raw = &page.parsed.front.aliases[alias.source];
            let owner =
                Owner { what: What::Alias(raw.value.clone()), file: Some(file.rel.clone()), pos: Some(raw.pos) };
            c.claim(output_path(&alias.url), owner, Some(&file.text));
        }
    }
    // After every page a person wrote: a redirect never replaces one, and a collision is
    // reported at the role whose old id makes it.
    for redirect in changes::redirect_pages(history, model.catalog, model.graph) {
        let role = &model.catalog.roles[redirect.role];
        let source = &model.catalog.files[role.file];
        let what = What::Redirect { from: redirect.old_id.clone(), to: role.id().into() };
        let owner = Owner { what, file: Some(source.rel.clone()), pos: Some(role.raw.id.pos) };
        c.claim(output_path(&redirect.from_url), owner, Some(&source.text));
    }
    for asset in model.assets {
        let owner = Owner { what: What::Asset, file: Some(format!("content/{}", asset.content_rel)), pos: None };
        c.claim(asset.content_rel.clone(), owner, None);
    }
    for (rel, owner) in on_disk {
        c.claim(rel.clone(), owner, None);
    }
    c.diagnostics.into_iter().for_each(|d| diagnostics.push(d));
    c.claims
}

/// The owner of the static file at output path `rel`: the layer it came from (the site's
/// `static/` when the theme did not record one).
fn static_owner(theme: &Theme, rel: &str) -> Owner {
    let origin = theme.static_origins.get(rel).cloned().unwrap_or_else(|| format!("static/{rel}"));
    Owner { what: What::Static, file: Some(origin), pos: None }
}

/// The files rolebook makes whatever the content, under the same names the renderer uses.
fn claim_generated(c: &mut Claimant, model: &Model) {
    let mut files: Vec<(&str, &'static str)> = vec![
        (NOT_FOUND, "the 404 page"),
        (SITEMAP, "the sitemap"),
        (ROBOTS, "robots.txt"),
        (SEARCH_INDEX, "the search index"),
    ];
    if model.has_code {
        files.push((SYNTAX_CSS, "the code highlighting stylesheet"));
    }
    if !model.catalog.roles.is_empty() {
        files.extend(SCHEMAS.iter().map(|path| (*path, "a JSON Schema")));
        files.extend(API_FILES.iter().map(|path| (*path, "a JSON API file")));
    }
    if crate::render::pages::picker::has_picker(model.catalog) {
        files.push((urls::API_COMPARE, "the comparison data"));
        if model.relative_urls {
            files.push((urls::API_COMPARE_SCRIPT, "the comparison data as a script"));
        }
    }
    if model.relative_urls {
        files.push((urls::SEARCH_INDEX_SCRIPT, "the search index as a script"));
    }
    for (path, what) in files {
        c.reserve_folder_of(path);
        c.claim(path.to_string(), Owner::generated(what), None);
    }
    if !model.pages.tags.is_empty() {
        c.claim(output_path(urls::TAGS), Owner::generated("the tags index"), None);
    }
    if !model.openings.list.is_empty() {
        let feed = output_path(urls::OPENINGS_FEED);
        c.reserve_folder_of(&feed);
        c.claim(feed, Owner::generated("the feed of open positions"), None);
    }
}

/// Content pages: at their slug's position when a slug placed them. A page inside a folder
/// rolebook fills itself (`/roles/`, `/api/`...) is refused whatever its name, so adding a
/// role later cannot turn it into a collision.
fn claim_pages(c: &mut Claimant, pages: &Pages) {
    let home = std::iter::once(pages.home);
    for i in home.chain((0..pages.pages.len()).filter(|&i| i != pages.home)) {
        let page = &pages.pages[i];
        let file = &page.parsed.file;
        let owner = match &page.parsed.front.slug {
            Some(slug) => {
                Owner { what: What::Slug(slug.value.clone()), file: Some(file.rel.clone()), pos: Some(slug.pos) }
            }
            // A site without `content/_index.md` gets a home page all the same.
            None if i == pages.home && file.text.is_empty() => Owner::generated("the home page"),
            None => Owner {
                what: What::Page { home: i == pages.home },
                file: Some(file.rel.clone()),
                pos: Some(Pos::new(1, 1)),
            },
        };
        let path = output_path(&page.url);
        if let Some(folder) = c.reserved_folder(&path) {
            c.report(
                &owner,
                Some(&file.text),
                "url-collision",
                format!("the URL `{}` is kept for the pages rolebook makes under `/{folder}/`", page.url),
                "move the page, or give it a different `slug`",
            );
            continue;
        }
        c.claim(path, owner, Some(&file.text));
    }
}

/// The role, skill and tool pages, from the very list the renderer renders: each path with
/// its owner and the owner's source text.
fn entity_claims<'a>(
    catalog: &'a Catalog,
    graph: &CareerGraph,
    openings: &'a crate::model::openings::Openings,
) -> Vec<(String, Owner, Option<&'a str>)> {
    let mut jobs = jobs::jobs(catalog, graph);
    jobs.extend(jobs::opening_jobs(openings, catalog));
    let mut claims = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let path = output_path(&job.url(catalog));
        let from_file = |file: usize, what: What, pos: Pos| {
            let source = &catalog.files[file];
            (Owner { what, file: Some(source.rel.clone()), pos: Some(pos) }, Some(source.text.as_str()))
        };
        let (owner, text) = match job {
            Job::RolesIndex => (Owner::generated("the roles index"), None),
            Job::SkillsIndex => (Owner::generated("the skills index"), None),
            Job::ToolsIndex => (Owner::generated("the tools index"), None),
            Job::Career => (Owner::generated("the career paths page"), None),
            Job::Kpis => (Owner::generated("the KPI index"), None),
            Job::Search => (Owner::generated("the search page"), None),
            Job::Picker => (Owner::generated("the comparison picker"), None),
            Job::Tracks => (Owner::generated("the list of tracks"), None),
            Job::Openings(page) => match page.kind {
                crate::render::pages::openings::OpeningsKind::Opening(i) => {
                    let opening = &openings.list[i];
                    let source = &openings.files[opening.file];
                    let what = What::Entity { kind: "opening", id: opening.id.clone() };
                    (
                        Owner { what, file: Some(source.rel.clone()), pos: Some(Pos::new(1, 1)) },
                        Some(source.text.as_str()),
                    )
                }
                _ => (Owner::generated("a list of open positions"), None),
            },
            Job::Track(r) => {
                let rubric = &catalog.rubrics[*r];
                from_file(
                    rubric.file,
                    What::Entity { kind: "rubric", id: rubric.raw.id.value.clone() },
                    rubric.raw.id.pos,
                )
            }
            Job::Role(i) => {
                let role = &catalog.roles[*i];
                from_file(role.file, What::Entity { kind: "role", id: role.id().into() }, role.raw.id.pos)
            }
            Job::Skill(i) => {
                let skill = &catalog.skills[*i];
                from_file(skill.file, What::Entity { kind: "skill", id: skill.raw.id.value.clone() }, skill.raw.id.pos)
            }
            Job::Tool(i) => {
                let tool = &catalog.tools[*i];
                from_file(tool.file, What::Entity { kind: "tool", id: tool.raw.id.value.clone() }, tool.raw.id.pos)
            }
            Job::Compare(cmp) => {
                let (from, to) = (&catalog.roles[cmp.from], &catalog.roles[cmp.to]);
                let what = What::Comparison { from: from.id().into(), to: to.id().into() };
                from_file(from.file, what, from.raw.id.pos)
            }
            Job::FamilyMatrix(page) => {
                // A page's first column names it; a family without roles with skills has
                // one page, named by its first role.
                let family = &page.family;
                let role = match page.roles().first() {
                    Some(&r) => &catalog.roles[r],
                    None => catalog.roles.iter().find(|r| &r.raw.family == family).expect("a family has a role"),
                };
                from_file(role.file, What::FamilyMatrix(family.clone()), role.raw.id.pos)
            }
        };
        claims.push((path, owner, text));
    }
    claims
}

/// The history page of every role a commit changed, owned by the role's file.
fn history_claims<'a>(catalog: &'a Catalog, history: &History) -> Vec<(String, Owner, Option<&'a str>)> {
    changes::history_roles(history, catalog)
        .into_iter()
        .map(|r| {
            let role = &catalog.roles[r];
            let source = &catalog.files[role.file];
            let owner = Owner {
                what: What::History(role.id().into()),
                file: Some(source.rel.clone()),
                pos: Some(role.raw.id.pos),
            };
            (output_path(&changes::role_history(&role.url)), owner, Some(source.text.as_str()))
        })
        .collect()
}

/// Whether `path` can be written on every common file system and object store; the reason
/// when it cannot.
pub fn invalid_path(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("is empty".into());
    }
    if path.len() > MAX_PATH_BYTES {
        return Some(format!(
            "is {} bytes long; it must stay under {MAX_PATH_BYTES} to be written everywhere",
            path.len()
        ));
    }
    for name in path.split('/') {
        let problem = match name {
            "" => Some("has an empty folder name (`//`, or a `/` at an end)".to_string()),
            "." | ".." => Some(format!("has a `{name}` folder, which no file system can hold")),
            _ if name.contains('\\') => Some("has a backslash, a folder separator on Windows".into()),
            _ if name.contains('\0') => Some("has a NUL character".into()),
            _ if name.chars().any(char::is_control) => Some("has a control character".into()),
            // In a link, `?` starts the query and `#` the fragment: the file could be
            // written but never reached.
            _ if name.contains(['?', '#']) => {
                Some("has a `?` or `#`, which a link would read as the start of a query or an anchor".into())
            }
            _ if name.len() > MAX_COMPONENT_BYTES => Some(format!(
                "has a name of {} bytes; most file systems allow at most {MAX_COMPONENT_BYTES}",
                name.len()
            )),
            _ => None,
        };
        if problem.is_some() {
            return problem;
        }
    }
    None
}

/// Letter case folded the way case-insensitive hosts compare names.
fn fold(path: &str) -> String {
    path.to_lowercase()
}

/// A path as case-insensitive hosts see it: a file of one claim, or a folder holding
/// another claim's file.
enum Taken {
    File(String),
    Folder(String),
}

#[derive(Default)]
struct Claimant {
    claims: Claims,
    /// By folded path: the claimed file there, or the first claimed file under that folder.
    taken: HashMap<String, Taken>,
    /// Top folders rolebook fills with its own pages (`roles`, `api`...).
    reserved: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Claimant {
    fn reserve_folder_of(&mut self, path: &str) {
        if let Some((top, _)) = path.split_once('/') {
            self.reserved.insert(top.to_string());
        }
    }

    fn reserved_folder(&self, path: &str) -> Option<String> {
        path.split_once('/').map(|(top, _)| top).filter(|top| self.reserved.contains(*top)).map(str::to_string)
    }

    fn claim(&mut self, path: String, owner: Owner, text: Option<&str>) {
        if let Some(reason) = invalid_path(&path) {
            let message = format!("{} would be written to `{path}`, which {reason}", owner.subject());
            self.report(&owner, text, "bad-output-path", message, owner.hint());
            return;
        }
        let folded = fold(&path);
        let problem = match self.taken.get(&folded) {
            Some(Taken::File(other)) if *other == path => Some((
                "output-collision",
                format!("{} would replace {} (both are `{path}` in the output)", owner.subject(), self.object(other)),
            )),
            Some(Taken::File(other)) => Some((
                "output-case-collision",
                format!(
                    "{} and {} differ only in letter case (`{path}` and `{other}`); hosts that ignore case \
                     (macOS, Windows, many object stores) would keep only one",
                    owner.subject(),
                    self.object(other)
                ),
            )),
            Some(Taken::Folder(under)) => Some((
                "output-collision",
                format!(
                    "{} makes `{path}` a file, but {} needs it to be a folder (for `{under}`)",
                    owner.subject(),
                    self.object(under)
                ),
            )),
            None => self.file_in_the_way(&path).map(|(folder, other)| {
                (
                    "output-collision",
                    format!(
                        "{} needs `{folder}` to be a folder (for `{path}`), but `{other}` is already a file: {}",
                        owner.subject(),
                        self.object(other)
                    ),
                )
            }),
        };
        if let Some((code, message)) = problem {
            self.report(&owner, text, code, message, owner.hint());
            return;
        }
        // Folders from the deepest up; once one is known, the ones above it are too.
        let mut end = path.len();
        while let Some(slash) = path[..end].rfind('/') {
            match self.taken.entry(fold(&path[..slash])) {
                std::collections::hash_map::Entry::Occupied(_) => break,
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(Taken::Folder(path.clone()));
                }
            }
            end = slash;
        }
        self.taken.insert(folded, Taken::File(path.clone()));
        self.claims.owners.insert(path, owner);
    }

    /// The folder of `path` that another claim makes a file, with that claim's path.
    fn file_in_the_way<'p>(&self, path: &'p str) -> Option<(&'p str, &str)> {
        let mut end = path.len();
        while let Some(slash) = path[..end].rfind('/') {
            let folder = &path[..slash];
            match self.taken.get(&fold(folder)) {
                Some(Taken::File(other)) => return Some((folder, other)),
                Some(Taken::Folder(_)) => return None,
                None => end = slash,
            }
        }
        None
    }

    fn object(&self, path: &str) -> String {
        self.claims.owners.get(path).map(Owner::object).unwrap_or_else(|| format!("`{path}`"))
    }

    fn report(&mut self, owner: &Owner, text: Option<&str>, code: &'static str, message: String, hint: &str) {
        let file = owner.file.clone().unwrap_or_else(|| "rolebook".into());
        let mut d = Diagnostic::error(file, code, message).with_hint(hint);
        match (owner.pos, text) {
            (Some(pos), Some(text)) => d = d.at(text, pos),
            (Some(pos), None) => d = d.with_pos(pos),
            _ => {}
        }
        self.diagnostics.push(d);
    }
}

/// A claimed output file the sink could not write, carried inside the sink's
/// `io::Error` so the message can name the source the file is made from.
#[derive(Debug)]
pub struct WriteFailure {
    pub owner: Owner,
    pub reason: std::io::Error,
}

impl std::fmt::Display for WriteFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (made from {})", self.reason, self.owner.object())
    }
}

impl std::error::Error for WriteFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{ParsedPage, SourceFile};

    /// A small site: pages (`rel`, front matter), data files (`rel`, YAML), static files
    /// (output path, origin) and content assets.
    struct Fixture {
        pages: Vec<(&'static str, String)>,
        data: Vec<(&'static str, String)>,
        statics: Vec<(String, String)>,
        assets: Vec<&'static str>,
        has_code: bool,
    }

    impl Fixture {
        fn new() -> Self {
            Fixture { pages: Vec::new(), data: Vec::new(), statics: Vec::new(), assets: Vec::new(), has_code: false }
        }
        fn page(mut self, rel: &'static str, front: &str) -> Self {
            self.pages.push((rel, front.to_string()));
            self
        }
        fn data(mut self, rel: &'static str, yaml: &str) -> Self {
            self.data.push((rel, yaml.to_string()));
            self
        }
        fn static_file(mut self, rel: &str, origin: &str) -> Self {
            self.statics.push((rel.to_string(), origin.to_string()));
            self
        }
        fn asset(mut self, rel: &'static str) -> Self {
            self.assets.push(rel);
            self
        }

        /// `location code message` of every diagnostic of claiming the site, and the claims.
        fn claim(&self) -> (Vec<String>, Claims) {
            let mut diags = Diagnostics::new();
            let parsed: Vec<ParsedPage> = self
                .pages
                .iter()
                .map(|(rel, front)| {
                    let text = format!("---\n{front}\n---\nbody\n");
                    let file = SourceFile { rel: format!("content/{rel}"), content_rel: rel.to_string(), text };
                    crate::content::page::parse(file, &mut diags).expect("valid test page")
                })
                .collect();
            let pages = crate::model::pages::build(parsed, "Site", &mut diags);
            let files = self
                .data
                .iter()
                .map(|(rel, text)| SourceFile {
                    rel: format!("content/{rel}"),
                    content_rel: rel.to_string(),
                    text: text.clone(),
                })
                .collect();
            let catalog = crate::model::roles::build(files, &mut diags);
            let graph = crate::model::career::build(&catalog, &mut diags);
            let mut theme = Theme::default();
            for (rel, origin) in &self.statics {
                theme.statics.insert(rel.clone(), Vec::new());
                theme.static_origins.insert(rel.clone(), origin.clone());
            }
            let assets: Vec<Asset> = self.assets.iter().map(|rel| Asset::unread(rel)).collect();
            let before: Vec<String> = diags.sorted().iter().map(|d| d.render()).collect();
            assert!(before.is_empty(), "the fixture itself has problems: {before:?}");
            let model = Model {
                pages: &pages,
                catalog: &catalog,
                graph: &graph,
                openings: &crate::model::openings::Openings::default(),
                theme: &theme,
                assets: &assets,
                has_code: self.has_code,
                relative_urls: false,
                history: &History::default(),
            };
            let claims = claim_all(&model, &mut diags);
            let found = diags.sorted().iter().map(|d| format!("{} {} {}", d.location(), d.code, d.message)).collect();
            (found, claims)
        }
    }

    const ROLE: &str = "id: x\nstub: true\ntitle: X\nfamily: F\nlevel: 1\nscope: Does x.\n";

    #[test]
    fn two_pages_on_one_url_are_reported_at_the_later_naming_the_first() {
        let (found, _) = Fixture::new().page("a.md", "title: A").page("b.md", "title: B\nslug: a").claim();
        assert_eq!(
            found,
            vec![
                "content/b.md:3:7 output-collision the slug `a` would replace the page made from content/a.md:1:1 \
                  (both are `a/index.html` in the output)"
            ]
        );
    }

    #[test]
    fn the_home_page_of_a_site_without_an_index_file_is_rolebook_s() {
        let (found, _) = Fixture::new().page("a.md", "title: A\naliases: [/]").claim();
        assert_eq!(
            found,
            vec![
                "content/a.md:3:11 output-collision the alias `/` would replace the home page rolebook makes \
                  (both are `index.html` in the output)"
            ]
        );
    }

    #[test]
    fn pages_differing_only_in_case_collide() {
        let (found, _) = Fixture::new().page("About.md", "title: A").page("about.md", "title: B").claim();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("content/about.md:1:1 output-case-collision this page and the page made from content/About.md:1:1 differ only in letter case"), "{found:?}");
    }

    #[test]
    fn a_slug_that_makes_the_home_page_a_folder_is_reported_at_the_slug() {
        let (found, _) =
            Fixture::new().page("_index.md", "title: Home").page("Z.md", "title: Z\nslug: index.html").claim();
        assert_eq!(
            found,
            vec![
                "content/Z.md:3:7 output-collision the slug `index.html` needs `index.html` to be a folder \
                  (for `index.html/index.html`), but `index.html` is already a file: the home page made \
                  from content/_index.md:1:1"
            ]
        );
    }

    #[test]
    fn a_file_where_a_page_needs_a_folder_is_reported_at_the_file() {
        let (found, _) = Fixture::new().page("a/b.md", "title: B").static_file("a", "static/a").claim();
        assert_eq!(
            found,
            vec![
                "static/a output-collision this static file makes `a` a file, but the page made from \
                  content/a/b.md:1:1 needs it to be a folder (for `a/b/index.html`)"
            ]
        );
    }

    #[test]
    fn over_long_names_and_backslashes_are_reported_at_the_field() {
        let long = "x".repeat(256);
        let (found, _) = Fixture::new()
            .page("a.md", &format!("title: A\nslug: {long}"))
            .page("b.md", "title: B\naliases: ['/a\\b/']")
            .claim();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("content/a.md:3:7 bad-output-path the slug `xxx"), "{found:?}");
        assert!(found[0].ends_with("has a name of 256 bytes; most file systems allow at most 255"), "{found:?}");
        assert!(found[1].starts_with("content/b.md:3:11 bad-output-path the alias `/a\\b/`"), "{found:?}");
    }

    #[test]
    fn a_name_of_exactly_255_bytes_is_fine() {
        let (found, _) = Fixture::new().page("a.md", &format!("title: A\nslug: {}", "é".repeat(127))).claim();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn aliases_onto_pages_and_generated_files_are_reported_at_the_alias() {
        let (found, _) = Fixture::new()
            .page("_index.md", "title: Home")
            .page("about.md", "title: A\naliases: [/about/index.html, /ABOUT/, /404.html, /./, /about/]")
            .claim();
        let codes: Vec<&str> = found.iter().map(|f| f.split(' ').take(2).collect::<Vec<_>>()[1]).collect();
        assert_eq!(
            codes,
            vec![
                "output-collision",
                "output-case-collision",
                "output-collision",
                "output-collision",
                "output-collision"
            ],
            "{found:?}"
        );
        assert!(
            found[0].contains("the alias `/about/index.html` would replace the page made from content/about.md:1:1")
        );
        assert!(found[2].contains("the alias `/404.html` would replace the 404 page rolebook makes"));
        assert!(found[3].contains("the alias `/./` would replace the home page made from content/_index.md:1:1"));
        assert!(
            found[4].contains("the alias `/about/` would replace the page made from content/about.md:1:1"),
            "a refused claim is not taken: {found:?}"
        );
    }

    #[test]
    fn static_and_content_files_may_not_replace_generated_files() {
        let (found, _) = Fixture::new()
            .page("_index.md", "title: Home")
            .data("roles/x.yaml", ROLE)
            .static_file("index.html", "static/index.html")
            .static_file("api/roles.json", "static/api/roles.json")
            .static_file("sitemap.xml", "themes/t/static/sitemap.xml")
            .static_file("roles/x/index.html", "static/roles/x/index.html")
            .asset("404.html")
            .asset("search-index.json")
            .claim();
        assert_eq!(
            found,
            vec![
                "content/404.html output-collision this file would replace the 404 page rolebook makes (both are `404.html` in the output)",
                "content/search-index.json output-collision this file would replace the search index rolebook makes (both are `search-index.json` in the output)",
                "static/api/roles.json output-collision this static file would replace a JSON API file rolebook makes (both are `api/roles.json` in the output)",
                "static/index.html output-collision this static file would replace the home page made from content/_index.md:1:1 (both are `index.html` in the output)",
                "static/roles/x/index.html output-collision this static file would replace the page of role `x` made from content/roles/x.yaml:1:5 (both are `roles/x/index.html` in the output)",
                "themes/t/static/sitemap.xml output-collision this static file would replace the sitemap rolebook makes (both are `sitemap.xml` in the output)",
            ]
        );
    }

    #[test]
    fn a_static_file_differing_from_a_built_in_one_only_in_case_collides() {
        let (found, _) = Fixture::new()
            .static_file("style.css", "(built-in)/static/style.css")
            .static_file("Style.css", "static/Style.css")
            .claim();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "static/Style.css output-case-collision this static file and the built-in theme's `style.css`"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn syntax_css_is_claimed_only_when_a_page_has_code() {
        let plain = Fixture::new().static_file("syntax.css", "static/syntax.css");
        assert!(plain.claim().0.is_empty());
        let code = Fixture { has_code: true, ..plain };
        assert_eq!(code.claim().0.len(), 1);
    }

    #[test]
    fn pages_in_folders_rolebook_fills_are_refused_when_it_fills_them() {
        let site = || Fixture::new().page("roles/mine.md", "title: M").page("api/x.md", "title: X");
        assert!(site().claim().0.is_empty(), "without roles the folders are the site's");
        let (found, _) = site().data("roles/x.yaml", ROLE).claim();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("content/api/x.md:1:1 url-collision the URL `/api/x/` is kept"), "{found:?}");
        assert!(found[1].starts_with("content/roles/mine.md:1:1 url-collision the URL `/roles/mine/` is kept"));
    }

    #[test]
    fn a_tag_page_and_a_content_page_on_one_path_collide() {
        let (found, _) = Fixture::new().page("a.md", "title: A\ntags: [Rust]").page("tags/rust.md", "title: R").claim();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("content/a.md output-collision the page of tag `Rust` would replace the page made from content/tags/rust.md:1:1"), "{found:?}");
    }

    #[test]
    fn every_owner_is_found_by_its_path() {
        let (found, claims) = Fixture::new()
            .page("a.md", "title: A\naliases: [/old/]")
            .data("roles/x.yaml", ROLE)
            .static_file("style.css", "(built-in)/static/style.css")
            .asset("img/logo.png")
            .claim();
        assert!(found.is_empty(), "{found:?}");
        let owner = |path: &str| claims.owner(path).map(Owner::location);
        assert_eq!(owner("a/index.html").as_deref(), Some("content/a.md:1:1"));
        assert_eq!(owner("old/index.html").as_deref(), Some("content/a.md:3:11"));
        assert_eq!(owner("roles/x/index.html").as_deref(), Some("content/roles/x.yaml:1:5"));
        assert_eq!(owner("img/logo.png").as_deref(), Some("content/img/logo.png"));
        assert_eq!(owner("style.css").as_deref(), Some("(built-in)/static/style.css"));
        assert_eq!(owner("sitemap.xml").as_deref(), Some("rolebook"));
        assert_eq!(owner("api/roles.json").as_deref(), Some("rolebook"));
        assert_eq!(owner("nothing.html"), None);
    }

    /// Loads and renders the site at `root` as `check` does, and returns the claimed paths
    /// and the written ones.
    fn claimed_and_written(root: &std::path::Path) -> (Vec<String>, Vec<String>) {
        let options = crate::site::Options { root: root.to_path_buf(), no_cache: true, ..Default::default() };
        let mut site = crate::site::load(&options, &crate::highlight_cache::HighlightCache::off())
            .unwrap_or_else(|e| panic!("{}: {e:?}", root.display()));
        let mut claimed: Vec<String> = site.claims.paths().map(str::to_string).collect();
        let (_, _, written) = site
            .render_recorded(&crate::output::NullSink, "public")
            .unwrap_or_else(|e| panic!("{}: {e:?}", root.display()));
        let mut written: Vec<String> = written.into_iter().collect();
        claimed.sort();
        written.sort();
        (claimed, written)
    }

    /// The other half of the safety net: every claim is written too, so the list of claims
    /// has nothing stale in it (a write of an unclaimed path already fails the render).
    #[test]
    fn the_bundled_site_and_the_fixtures_write_exactly_what_they_claim() {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for root in
            [manifest.to_path_buf(), manifest.join("tests/fixtures/basic"), manifest.join("tests/fixtures/roles")]
        {
            let (claimed, written) = claimed_and_written(&root);
            assert!(written.len() > 5, "{}", root.display());
            assert_eq!(claimed, written, "{}", root.display());
        }
    }

    /// A site big enough for one skill matrix per family, in a temporary folder.
    fn many_roles(families: &[&str]) -> tempfile::TempDir {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roles/content");
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("roles")).unwrap();
        std::fs::create_dir_all(content.join("skills")).unwrap();
        std::fs::create_dir_all(content.join("tools")).unwrap();
        for rel in ["skills/soft.yaml", "skills/technical.yaml", "tools/tools.yaml"] {
            std::fs::copy(fixture.join(rel), content.join(rel)).unwrap();
        }
        std::fs::write(content.join("_index.md"), "---\ntitle: Many\n---\n").unwrap();
        for n in 0..=crate::render::pages::matrix::MATRIX_SPLIT {
            let family = families[n % families.len()];
            let role = format!(
                "id: role-{n}\ntitle: Role {n}\nfamily: {family}\nlevel: 1\nscope: Does {n}.\nstub: true\n\
                 skills:\n  must_have:\n    - skill: python\n      importance: Critical\n"
            );
            std::fs::write(content.join(format!("roles/role-{n}.yaml")), role).unwrap();
        }
        dir
    }

    #[test]
    fn a_site_with_one_skill_matrix_per_family_writes_exactly_what_it_claims() {
        let site = many_roles(&["Data", "Platform"]);
        let (claimed, written) = claimed_and_written(site.path());
        assert!(claimed.iter().any(|p| p == "skills/matrix/data/index.html"), "{claimed:?}");
        assert!(claimed.iter().any(|p| p == "skills/matrix/platform/index.html"), "{claimed:?}");
        assert_eq!(claimed, written);
    }

    #[test]
    fn a_family_with_more_roles_than_one_matrix_page_holds_claims_and_writes_every_page() {
        let site = many_roles(&["Data"]);
        let (claimed, written) = claimed_and_written(site.path());
        let matrices: Vec<&String> = claimed.iter().filter(|p| p.starts_with("skills/matrix/")).collect();
        assert_eq!(matrices, ["skills/matrix/data/2/index.html", "skills/matrix/data/index.html"]);
        assert_eq!(claimed, written);
    }

    #[test]
    fn two_families_with_one_matrix_path_are_reported_at_a_role_naming_the_other() {
        let site = many_roles(&["Data", "data!"]);
        let options = crate::site::Options { root: site.path().to_path_buf(), no_cache: true, ..Default::default() };
        let Err(crate::error::Error::Content(diags)) =
            crate::site::load(&options, &crate::highlight_cache::HighlightCache::off())
        else {
            panic!("loaded")
        };
        let errors: Vec<String> =
            diags.sorted().iter().filter(|d| d.code.starts_with("output")).map(|d| d.render()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("content/roles/role-1.yaml:1:5: error[output-collision]: the skill matrix of family `data!` would replace the skill matrix of family `Data` named at content/roles/role-0.yaml:1:5"),
            "{errors:?}"
        );
    }

    #[test]
    fn invalid_paths() {
        let deep = "abcdefgh/".repeat(114) + "index.html";
        for bad in [
            "",
            "a//b",
            "/a",
            "a/",
            "./a",
            "a/../b",
            "a\\b",
            "a\0b",
            "a\nb",
            "a\u{7f}b",
            "a?b/index.html",
            "c#d/index.html",
            &"x".repeat(256),
            &deep,
        ] {
            assert!(invalid_path(bad).is_some(), "{bad:?}");
        }
        let deep_enough = "abcdefgh/".repeat(112) + "index.html";
        for good in
            ["index.html", "a/b/index.html", ".well-known/security.txt", "café/ü.png", &"x".repeat(255), &deep_enough]
        {
            assert_eq!(invalid_path(good), None, "{good:?}");
        }
    }
}
