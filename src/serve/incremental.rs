//! Re-rendering only what an edit affects.
//!
//! Two edits are common enough to deserve a fast path, and simple enough to do exactly:
//! a page whose front matter did not change (only its body), and a role whose structure
//! (header, career, skills, tools, KPIs, hiring) did not change (only its prose). For
//! those, the page itself and the few pages that show its text are rendered again and the
//! rest of the last build is reused. Anything else returns [`Outcome::Full`] and the
//! caller rebuilds everything, so the fast path can never leave a page stale.

use std::sync::Arc;

use serde_json::Value;

use crate::check::links::{self, FastSet, Recorded};
use crate::content::{loader, page, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::highlight_cache::HighlightCache;
use crate::output::{MemorySink, Sink};
use crate::render::jobs::Job;
use crate::site::Site;

pub use super::state::Files;

/// A site kept in memory between edits, with its output and links.
pub struct Preview {
    pub site: Site,
    pub files: Files,
    pub links: Recorded,
    pub paths: FastSet<String>,
}

/// `/api/roles.json` as its head and one part per role.
pub struct RolesJson {
    pub head: String,
    pub parts: Vec<Arc<str>>,
}

impl RolesJson {
    pub fn join(&self) -> Vec<u8> {
        crate::render::api::join_roles_document(&self.head, &self.parts).into_bytes()
    }
}

pub enum Outcome {
    /// The edit was applied; these output files changed.
    Updated(usize),
    /// The edit needs a full rebuild.
    Full,
}

impl Preview {
    /// `/api/roles.json` in parts, so an edit replaces one role's part instead of
    /// re-serialising every role; the server joins them when the file is requested.
    pub fn roles_json(&self) -> Option<RolesJson> {
        if self.site.model.catalog.roles.is_empty() {
            return None;
        }
        let head = self.site.with_views(|_, extras, _| crate::render::api::roles_document_head(extras.entities));
        Some(RolesJson { head, parts: self.site.markdown.api_roles.clone() })
    }

    /// Applies a batch of changed paths (relative to the root) if it can; errors are the
    /// diagnostics text to show.
    pub fn update(&mut self, changed: &[String]) -> Result<Outcome, String> {
        // Files that came and went within the batch (an editor's or sed's temporary file)
        // and that the site never knew about changed nothing.
        let root = self.site_root();
        let real: Vec<&String> = changed.iter().filter(|rel| root.join(rel).exists() || self.knows(rel)).collect();
        let [rel] = real.as_slice() else { return Ok(Outcome::Full) };
        if rel.starts_with("content/roles/") && rel.ends_with(".yaml") {
            self.update_role(rel)
        } else if rel.starts_with("content/")
            && rel.ends_with(".md")
            && !rel.ends_with("_index.md")
            && !page::is_readme(rel)
        {
            self.update_page(rel)
        } else {
            Ok(Outcome::Full)
        }
    }

    /// Whether `rel` is a source the current model was built from.
    fn knows(&self, rel: &str) -> bool {
        rel.strip_prefix("content/").is_some_and(|c| self.site.model.pages.find(c).is_some())
            || self.site.model.catalog.files.iter().any(|f| f.rel == rel)
    }

    fn read(&self, rel: &str) -> Result<Option<SourceFile>, String> {
        let root = &self.site_root();
        let path = root.join(rel);
        if !path.is_file() {
            return Ok(None);
        }
        let text = loader::read_text(root, &path).map_err(|d| d.render())?;
        let content_rel = rel.trim_start_matches("content/").to_string();
        Ok(Some(SourceFile { rel: rel.to_string(), content_rel, text }))
    }

    fn site_root(&self) -> std::path::PathBuf {
        self.site.root.clone()
    }

    fn update_page(&mut self, rel: &str) -> Result<Outcome, String> {
        let mut watch = crate::timings::Stopwatch::new();
        let Some(i) = rel.strip_prefix("content/").and_then(|c| self.site.model.pages.find(c)) else {
            return Ok(Outcome::Full);
        };
        let Some(file) = self.read(rel)? else { return Ok(Outcome::Full) };
        let mut diagnostics = Diagnostics::new();
        let Some(parsed) = page::parse(file, &mut diagnostics) else { return Err(diagnostics.render()) };
        if parsed.front != self.site.model.pages.pages[i].parsed.front {
            return Ok(Outcome::Full);
        }
        diagnostics.extend_one(crate::check::lint::mojibake(&parsed.file));
        let mut found = Vec::new();
        let rendered = crate::site::page_markdown(&parsed, &self.site.index, &HighlightCache::off(), &mut found);
        found.into_iter().for_each(|d| diagnostics.push(d));
        if rendered.has_code != self.site.markdown.pages[i].has_code {
            // The page gains or loses the highlighting stylesheet, which the site writes
            // only when some page has code.
            return Ok(Outcome::Full);
        }
        // Listings (sections, home, tags, search) show a page's title, description and
        // summary; with the front matter unchanged, only a new summary changes them. An edit
        // further down the page then costs the same on any size of site.
        let listings_change = rendered.summary != self.site.markdown.pages[i].summary;
        let old = (
            std::mem::replace(&mut self.site.model.pages.pages[i].parsed, parsed),
            std::mem::replace(&mut self.site.markdown.pages[i], rendered),
        );
        watch.lap("read, parse, markdown");
        let anchors_changed = self.site.markdown.pages[i].anchors != old.1.anchors;
        crate::check::anchors::check_anchors_of(
            &self.site.model.pages,
            &self.site.markdown.pages,
            i,
            anchors_changed,
            &mut diagnostics,
        );
        watch.lap("check anchors");
        if diagnostics.has_errors() {
            self.site.model.pages.pages[i].parsed = old.0;
            self.site.markdown.pages[i] = old.1;
            return Err(diagnostics.render());
        }
        // The page, and if its summary changed the sections listing it and its tags.
        let mut pages = vec![i];
        if listings_change {
            pages.push(self.site.model.pages.home);
            let mut parent = self.site.model.pages.pages[i].parent;
            while let Some(p) = parent {
                pages.push(p);
                parent = self.site.model.pages.pages[p].parent;
            }
        }
        pages.sort_unstable();
        pages.dedup();
        let has_tags = listings_change && !self.site.model.pages.pages[i].front().tags.is_empty();
        let sink = MemorySink::default();
        let recorder = links::Recorder::new(&sink).with_budget(self.site.input);
        let errors = self.site.with_views(|views, extras, templates| {
            let families = extras.entities.families();
            let mut errors: Vec<Diagnostic> = pages
                .iter()
                .filter_map(|&p| crate::render::render_page(views, templates, extras, &families, p, &recorder).err())
                .collect();
            if has_tags {
                errors.extend(crate::render::render_tags(views, templates, &recorder));
            }
            if listings_change {
                let _ = recorder.put(crate::urls::SEARCH_INDEX, crate::render::search_index(views, extras).as_bytes());
            }
            errors
        });
        let errors = errors.into_iter().chain(recorder.over_budget()).collect();
        self.finish(recorder.finish(), sink, errors, watch)
    }

    fn update_role(&mut self, rel: &str) -> Result<Outcome, String> {
        let mut watch = crate::timings::Stopwatch::new();
        let catalog = &self.site.model.catalog;
        let Some(r) = catalog.roles.iter().position(|role| catalog.files[role.file].rel == rel) else {
            return Ok(Outcome::Full);
        };
        if self.site.model.openings.list.iter().any(|o| o.role == Some(r)) {
            // Its openings' pages and postings quote the role (summary, responsibilities,
            // skills); this path re-renders only the role's own pages.
            return Ok(Outcome::Full);
        }
        let Some(file) = self.read(rel)? else { return Ok(Outcome::Full) };
        let mut diagnostics = Diagnostics::new();
        let read = crate::model::roles::parse_role(&file, &mut diagnostics);
        let Some(raw) = read.and_then(|read| read.role).filter(|_| !diagnostics.has_errors()) else {
            return Err(diagnostics.render());
        };
        watch.lap("read and parse the role");
        let tagged = |raw: &crate::content::role::RawRole| serde_json::to_value(raw).unwrap_or_default();
        let (new_value, old_value) = (tagged(&raw), tagged(&self.site.model.catalog.roles[r].raw));
        if shape(&new_value) != shape(&old_value) {
            return Ok(Outcome::Full);
        }
        // The picker's data quotes the site's own sections, which are prose to this path.
        let own_sections_changed = strip_positions(&new_value["sections"]) != strip_positions(&old_value["sections"]);
        diagnostics.extend_one(crate::check::lint::mojibake(&file));
        let file_index = self.site.model.catalog.roles[r].file;
        let old_file = std::mem::replace(&mut self.site.model.catalog.files[file_index], file);
        let old_raw = std::mem::replace(&mut self.site.model.catalog.roles[r].raw, raw);
        let catalog = &self.site.model.catalog;
        let (view, api, found) = crate::site::role_markdown(
            &catalog.roles[r],
            catalog,
            &self.site.index,
            &HighlightCache::off(),
            &self.site.base,
        );
        found.into_iter().for_each(|d| diagnostics.push(d));
        watch.lap("shape, markdown");
        if diagnostics.has_errors() {
            self.site.model.catalog.files[file_index] = old_file;
            self.site.model.catalog.roles[r].raw = old_raw;
            return Err(diagnostics.render());
        }
        self.site.markdown.replace_role(r, view, api);
        // The role page and the comparisons that quote it.
        let graph = &self.site.model.career;
        let written = |x: usize| !self.site.model.catalog.roles[x].is_stub();
        let mut jobs = vec![Job::Role(r)];
        if written(r) {
            let comparisons = crate::render::pages::compare::comparisons(&self.site.model.catalog, graph);
            jobs.extend(comparisons.into_iter().filter(|c| c.from == r || c.to == r).map(Job::Compare));
        }
        watch.lap("api fragment");
        let sink = MemorySink::default();
        let recorder = links::Recorder::new(&sink).with_budget(self.site.input);
        let errors = self.site.with_views(|_, extras, templates| {
            let (_, mut errors) = crate::render::render_jobs(extras.entities, templates, &jobs, &recorder);
            // api/roles.json is assembled from the per-role parts when it is requested.
            // api/compare.json quotes what `shape` holds (expectations, skills, titles),
            // which this path never changes, and the site's own sections: it is rewritten
            // only when those changed, not on every save.
            if own_sections_changed && crate::render::pages::picker::has_picker(extras.entities.catalog) {
                let json = crate::render::pages::picker::compare_json(extras.entities);
                let path = crate::urls::API_COMPARE;
                errors.extend(recorder.put(path, json.as_bytes()).err().map(|e| crate::render::write_error(path, &e)));
            }
            errors
        });
        let errors = errors.into_iter().chain(recorder.over_budget()).collect();
        self.finish(recorder.finish(), sink, errors, watch)
    }

    /// Checks the re-rendered pages' links and merges their files into the output.
    fn finish(
        &mut self,
        (pages, written): (Recorded, FastSet<String>),
        sink: MemorySink,
        errors: Vec<Diagnostic>,
        mut watch: crate::timings::Stopwatch,
    ) -> Result<Outcome, String> {
        watch.lap("render");
        let mut all = Diagnostics::new();
        errors.into_iter().for_each(|e| all.push(e));
        for path in &written {
            self.paths.insert(path.clone());
        }
        for d in links::check(&pages, &self.paths, &self.site.base, "preview") {
            all.push(d);
        }
        if all.has_errors() {
            return Err(all.render());
        }
        let files = sink.into_files();
        let count = files.len();
        for (path, bytes) in files {
            self.files.insert(path, Arc::from(bytes));
        }
        self.files.remove(crate::urls::API_ROLES);
        self.links.extend(pages);
        watch.lap("check links, merge");
        Ok(Outcome::Updated(count))
    }
}

/// What of a role other pages show: everything but the prose of the blueprint sections,
/// with source positions removed (an edit above a field moves it without changing it).
fn shape(role: &Value) -> Value {
    const STRUCTURE: &[&str] = &[
        "id",
        "stub",
        "title",
        "family",
        "track",
        "level",
        "level_name",
        "scope",
        "skills",
        "soft_skills",
        "tools",
        "kpis",
        "career",
        "hiring",
        "rubric",
        "expectations",
        "not_applicable",
        // Openings pay the bands: a change re-checks them all.
        "pay_bands",
    ];
    let mut out = serde_json::Map::new();
    if let Some(map) = role.as_object() {
        for key in STRUCTURE {
            out.insert(key.to_string(), strip_positions(map.get(*key).unwrap_or(&Value::Null)));
        }
        let peers = map.get("stakeholders").and_then(|s| s.get("peer_roles")).unwrap_or(&Value::Null);
        out.insert("peer_roles".into(), strip_positions(peers));
    }
    Value::Object(out)
}

fn strip_positions(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "$line" && *k != "$col")
                .map(|(k, v)| (k.clone(), strip_positions(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_positions).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_ignores_prose_and_positions() {
        let a = serde_json::json!({"id": "x", "title": "T", "summary": {"description": {"$md": "old", "$line": 3, "$col": 5}}, "kpis": {"$md": "k", "$line": 9, "$col": 1}});
        let b = serde_json::json!({"id": "x", "title": "T", "summary": {"description": {"$md": "new", "$line": 4, "$col": 5}}, "kpis": {"$md": "k", "$line": 10, "$col": 1}});
        assert_eq!(shape(&a), shape(&b));
        let c = serde_json::json!({"id": "x", "title": "Other", "summary": {}});
        assert_ne!(shape(&a), shape(&c));
    }
}
