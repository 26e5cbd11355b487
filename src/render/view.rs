//! Blueprint data as its two audiences see it, made straight from the typed blueprint:
//!
//! - templates get a [`tera::Value`]: markdown rendered to HTML (links resolved, problems
//!   reported at the text's line and column), references replaced by the entity's name, URL
//!   and category;
//! - `/api/*.json` gets compact JSON, written as it is walked: markdown as written,
//!   references as `{id, name, url}` with absolute URLs, absent fields left out, keys in
//!   alphabetical order (as serde_json's maps print them).
//!
//! Code that needs a blueprint's rendered text outside its own page (the KPI index, the
//! JSON-LD, comparisons, tool pages) walks the typed blueprint and asks the entity's
//! [`Prose`] for the HTML of each [`Md`] it meets: a renamed field then fails to compile
//! instead of reading back an empty template value.
//!
//! Each struct lists its fields once ([`blueprint_fields!`]); the list destructures the
//! struct without `..`, so a field added to a blueprint type and not here fails to compile
//! rather than silently missing from pages and API. Going from the typed data to each
//! audience's value directly (rather than through one JSON tree with tagged markdown that a
//! second pass rewrites) is what keeps a 1,000-role build's data stage cheap.

use tera::Value;

use crate::content::framework::{Expectation, Expectations, RawArea, RawRubric, RubricLevel, SubLevel};
use crate::content::role::*;
use crate::content::sections::{CustomSections, CustomText};
use crate::diagnostics::Diagnostic;
use crate::markdown::resolve::{Resolver, Source};
use crate::model::Catalog;
use crate::yaml::{Pos, Spanned};

/// A role, skill or tool made ready for pages: the template value of its page, and the
/// HTML of each of its markdown texts for the pages that quote it.
pub struct EntityView {
    pub value: Value,
    pub prose: Prose,
}

/// The rendered HTML of every [`Md`] of one entity, keyed by where the text is written
/// (one position holds one YAML scalar, so the key is unique within the entity's file).
/// Kept beside the template value so cross-page code reads typed fields, not value paths.
///
/// Each text is kept as the template value made of it: tera keeps a string longer than a
/// few bytes behind a reference count, so the pages that quote a text and the template
/// share one copy of its HTML.
///
/// Sorted by position and looked up by binary search: a role holds a hundred or more texts,
/// and a thousand roles' maps cost a fifth more memory than the slices.
#[derive(Default)]
pub struct Prose(Box<[(Pos, Value)]>);

impl Prose {
    /// Collects the texts rendered while walking an entity, in any order.
    fn from_rendered(mut texts: Vec<(Pos, Value)>) -> Prose {
        texts.sort_unstable_by_key(|(pos, _)| *pos);
        Prose(texts.into_boxed_slice())
    }

    /// The HTML of `md`, a text of this entity.
    pub fn html(&self, md: &Md) -> &str {
        let found = self.0.binary_search_by_key(&md.pos(), |(pos, _)| *pos).ok();
        let html = found.and_then(|i| self.0[i].1.as_str());
        debug_assert!(html.is_some(), "every markdown text of the entity is rendered once");
        html.unwrap_or("")
    }

    /// The HTML of an optional text.
    pub fn opt(&self, md: &Option<Md>) -> Option<&str> {
        md.as_ref().map(|md| self.html(md))
    }

    /// The HTML of every item of a list of texts, in order.
    pub fn items<'p>(&'p self, list: &'p List<Md>) -> impl Iterator<Item = &'p str> + 'p {
        list.items.iter().map(|md| self.html(md))
    }
}

/// What rendering a blueprint for templates needs.
pub struct ViewCx<'a> {
    pub resolver: &'a Resolver<'a>,
    pub source: Source<'a>,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// Every text rendered so far, for [`EntityView::prose`].
    pub prose: Vec<(Pos, Value)>,
}

/// One entity's page data, with the problems its markdown has.
pub fn view_of(raw: &impl Resolve, file: usize, resolver: &Resolver) -> (EntityView, Vec<Diagnostic>) {
    let file = &resolver.catalog.files[file];
    let mut diagnostics = Vec::new();
    let mut cx = ViewCx {
        resolver,
        source: Source { file: &file.rel, content_rel: &file.content_rel, text: &file.text },
        diagnostics: &mut diagnostics,
        prose: Vec::new(),
    };
    let value = raw.view(&mut cx);
    let prose = Prose::from_rendered(cx.prose);
    (EntityView { value, prose }, diagnostics)
}

/// What writing a blueprint for `/api` needs.
pub struct ApiCx<'a> {
    pub catalog: &'a Catalog,
    pub permalink: &'a dyn Fn(&str) -> String,
}

/// A part of a blueprint, for both audiences.
pub trait Resolve {
    /// The value templates see.
    fn view(&self, cx: &mut ViewCx) -> Value;
    /// Appends the JSON `/api` publishes; returns `false`, having written nothing, when
    /// the field is absent and left out.
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool;
}

/// A field of a JSON object: its key, and what writes its value.
pub type Field<'f> = (&'static str, &'f dyn Fn(&mut Vec<u8>) -> bool);

/// Writes `{...}` with the fields in key order, leaving out the absent ones.
pub fn write_object(out: &mut Vec<u8>, fields: &mut [Field]) {
    fields.sort_unstable_by_key(|(key, _)| *key);
    out.push(b'{');
    let mut first = true;
    for (key, write) in fields.iter() {
        let mark = out.len();
        if !first {
            out.push(b',');
        }
        write_str(out, key);
        out.push(b':');
        if write(out) {
            first = false;
        } else {
            out.truncate(mark);
        }
    }
    out.push(b'}');
}

/// A JSON string.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(out, text).expect("writing to memory cannot fail");
}

/// `raw` as `/api` publishes it, with `extra` fields (such as its absolute URL) among its
/// own, as compact JSON.
pub fn api_json<T: ApiObject>(raw: &T, cx: &ApiCx, extra: &[Field]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    raw.api_object(cx, &mut out, extra);
    out
}

/// A blueprint struct, written as a JSON object that can take extra fields (which replace
/// its own fields of the same key).
pub trait ApiObject {
    fn api_object(&self, cx: &ApiCx, out: &mut Vec<u8>, extra: &[Field]);
}

fn map(entries: Vec<(&'static str, Value)>) -> Value {
    // tera builds its own map from whatever map it is given; a BTreeMap (no hashing) as
    // that input hashes each key once instead of twice.
    Value::from(entries.into_iter().collect::<std::collections::BTreeMap<_, _>>())
}

impl Resolve for Md {
    fn view(&self, cx: &mut ViewCx) -> Value {
        let html = cx.resolver.markdown(self.as_str(), self.pos(), &cx.source, cx.diagnostics);
        let value = Value::from(html);
        cx.prose.push((self.pos(), value.clone()));
        value
    }
    fn api(&self, _: &ApiCx, out: &mut Vec<u8>) -> bool {
        write_str(out, self.as_str());
        true
    }
}

/// What a reference points at.
struct Target<'c> {
    name: &'c str,
    /// Site path, `/skills/<id>/`.
    url: &'c str,
    /// The skill's or tool's category, the role's family.
    group: &'c str,
    /// Whether a role is only a stub; `None` for skills and tools.
    stub: Option<bool>,
}

/// A reference to a role, skill or tool by id.
trait Reference {
    fn id(&self) -> &str;
    /// The entity, unless the id is unknown (which the catalogue has reported already).
    fn target<'c>(&self, catalog: &'c Catalog) -> Option<Target<'c>>;
}

impl Reference for SkillRef {
    fn id(&self) -> &str {
        self.as_str()
    }
    fn target<'c>(&self, catalog: &'c Catalog) -> Option<Target<'c>> {
        let skill = &catalog.skills[*catalog.skill_ids.get(self.as_str())?];
        Some(Target { name: &skill.raw.name, url: &skill.url, group: &skill.raw.category, stub: None })
    }
}

impl Reference for ToolRef {
    fn id(&self) -> &str {
        self.as_str()
    }
    fn target<'c>(&self, catalog: &'c Catalog) -> Option<Target<'c>> {
        let tool = &catalog.tools[*catalog.tool_ids.get(self.as_str())?];
        Some(Target { name: &tool.raw.name, url: &tool.url, group: &tool.raw.category, stub: None })
    }
}

impl Reference for RoleRef {
    fn id(&self) -> &str {
        self.as_str()
    }
    fn target<'c>(&self, catalog: &'c Catalog) -> Option<Target<'c>> {
        let role = &catalog.roles[*catalog.role_ids.get(self.as_str())?];
        Some(Target { name: &role.raw.title, url: &role.url, group: &role.raw.family, stub: Some(role.is_stub()) })
    }
}

/// Templates see `{id, name, url, category}` (and `stub` for a role); an unknown id keeps
/// its id as its name and has no URL. `/api` gets `{id, name, url}` with an absolute URL,
/// empty for an unknown id.
macro_rules! references {
    ($($ty:ident)*) => {$(
        impl Resolve for $ty {
            fn view(&self, cx: &mut ViewCx) -> Value {
                let id = self.id();
                let Some(target) = self.target(cx.resolver.catalog) else {
                    return map(vec![("id", Value::from(id)), ("name", Value::from(id))]);
                };
                let mut entries = vec![
                    ("id", Value::from(id)),
                    ("name", Value::from(target.name)),
                    ("url", Value::from(cx.resolver.index.href(target.url))),
                    ("category", Value::from(target.group)),
                ];
                if let Some(stub) = target.stub {
                    entries.push(("stub", Value::from(stub)));
                }
                map(entries)
            }
            fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
                let target = self.target(cx.catalog);
                let url = target.as_ref().map(|t| (cx.permalink)(t.url)).unwrap_or_default();
                write_object(
                    out,
                    &mut [
                        ("id", &|out: &mut Vec<u8>| self.id().api(cx, out)),
                        ("name", &|out: &mut Vec<u8>| target.as_ref().map_or("", |t| t.name).api(cx, out)),
                        ("url", &|out: &mut Vec<u8>| url.as_str().api(cx, out)),
                    ],
                );
                true
            }
        }
    )*};
}

references!(SkillRef ToolRef RoleRef);

/// An area is its id and name (its id when unknown, which the catalogue has reported).
impl Resolve for AreaRef {
    fn view(&self, cx: &mut ViewCx) -> Value {
        let catalog = cx.resolver.catalog;
        let area = catalog.area_ids.get(self.as_str()).map(|&a| &catalog.areas[a].raw);
        let name = area.map_or(self.as_str(), |a| a.name.as_str());
        map(vec![("id", Value::from(self.as_str())), ("name", Value::from(name))])
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        self.as_str().api(cx, out)
    }
}

/// The site's own sections: templates see `{key: html}` for prose and `{key: {note, items}}`
/// for a list; `/api` the same keys with markdown as written.
impl Resolve for CustomSections {
    fn view(&self, cx: &mut ViewCx) -> Value {
        let mut map = tera::Map::with_capacity(self.0.len());
        for (key, text) in &self.0 {
            let value = match text {
                CustomText::Text(md) => md.view(cx),
                CustomText::List(list) => list.view(cx),
            };
            map.insert(tera::value::Key::String(key.value.as_str().into()), value);
        }
        Value::from(map)
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        out.push(b'{');
        for (i, (key, text)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, &key.value);
            out.push(b':');
            match text {
                CustomText::Text(md) => md.api(cx, out),
                CustomText::List(list) => list.api(cx, out),
            };
        }
        out.push(b'}');
        true
    }
}

/// Templates see a list of `{area, summary, behaviours, ...}` in the order written; `/api`
/// an object keyed by area id.
impl Resolve for Expectations {
    fn view(&self, cx: &mut ViewCx) -> Value {
        let cells = self.0.iter().map(|(area, cell)| {
            let Expectation { summary, behaviours, examples, sub_levels } = cell;
            map(vec![
                ("area", area.view(cx)),
                ("summary", summary.view(cx)),
                ("behaviours", behaviours.view(cx)),
                ("examples", examples.view(cx)),
                ("sub_levels", sub_levels.view(cx)),
            ])
        });
        Value::from(cells.collect::<Vec<_>>())
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        out.push(b'{');
        for (i, (area, cell)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, area.as_str());
            out.push(b':');
            cell.api(cx, out);
        }
        out.push(b'}');
        true
    }
}

impl Resolve for &str {
    fn view(&self, _: &mut ViewCx) -> Value {
        Value::from(*self)
    }
    fn api(&self, _: &ApiCx, out: &mut Vec<u8>) -> bool {
        write_str(out, self);
        true
    }
}

impl Resolve for String {
    fn view(&self, cx: &mut ViewCx) -> Value {
        self.as_str().view(cx)
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        self.as_str().api(cx, out)
    }
}

/// Enumerations are their label.
macro_rules! labels {
    ($($ty:ident)*) => {$(
        impl Resolve for $ty {
            fn view(&self, cx: &mut ViewCx) -> Value {
                self.as_str().view(cx)
            }
            fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
                self.as_str().api(cx, out)
            }
        }
    )*};
}

labels!(Importance Commonality);

impl Resolve for bool {
    fn view(&self, _: &mut ViewCx) -> Value {
        Value::from(*self)
    }
    fn api(&self, _: &ApiCx, out: &mut Vec<u8>) -> bool {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
        true
    }
}

impl Resolve for u32 {
    fn view(&self, _: &mut ViewCx) -> Value {
        Value::from(*self)
    }
    fn api(&self, _: &ApiCx, out: &mut Vec<u8>) -> bool {
        serde_json::to_writer(out, self).expect("writing to memory cannot fail");
        true
    }
}

impl<T: Resolve> Resolve for Spanned<T> {
    fn view(&self, cx: &mut ViewCx) -> Value {
        self.value.view(cx)
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        self.value.api(cx, out)
    }
}

impl<T: Resolve> Resolve for Option<T> {
    fn view(&self, cx: &mut ViewCx) -> Value {
        self.as_ref().map_or_else(Value::none, |v| v.view(cx))
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        self.as_ref().is_some_and(|v| v.api(cx, out))
    }
}

impl<T: Resolve> Resolve for Vec<T> {
    fn view(&self, cx: &mut ViewCx) -> Value {
        Value::from(self.iter().map(|item| item.view(cx)).collect::<Vec<_>>())
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        out.push(b'[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if !item.api(cx, out) {
                out.extend_from_slice(b"null");
            }
        }
        out.push(b']');
        true
    }
}

impl<T: Resolve> Resolve for List<T> {
    fn view(&self, cx: &mut ViewCx) -> Value {
        map(vec![("note", self.note.view(cx)), ("items", self.items.view(cx))])
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        write_object(
            out,
            &mut [
                ("items", &|out: &mut Vec<u8>| self.items.api(cx, out)),
                ("note", &|out: &mut Vec<u8>| self.note.api(cx, out)),
            ],
        );
        true
    }
}

/// `field` is also the key, unless `field as "key"` names another (`use_ as "use"`).
macro_rules! field_key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}

/// Implements [`Resolve`] for a blueprint struct from the list of its fields.
macro_rules! blueprint_fields {
    ($($ty:ident { $($field:ident $(as $key:literal)?),* $(,)? })*) => {$(
        impl Resolve for $ty {
            fn view(&self, cx: &mut ViewCx) -> Value {
                let $ty { $($field),* } = self;
                map(vec![$((field_key!($field $(, $key)?), $field.view(cx))),*])
            }
            fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
                self.api_object(cx, out, &[]);
                true
            }
        }

        impl ApiObject for $ty {
            fn api_object(&self, cx: &ApiCx, out: &mut Vec<u8>, extra: &[Field]) {
                let $ty { $($field),* } = self;
                let own: &[Field] = &[
                    $((field_key!($field $(, $key)?), &|out: &mut Vec<u8>| $field.api(cx, out))),*
                ];
                // An extra field replaces the own field of its key (the API writes a
                // role's resolved `rubric` and `expectations` in place of what it wrote).
                let mut fields: Vec<Field> = own
                    .iter()
                    .filter(|(key, _)| !extra.iter().any(|(k, _)| k == key))
                    .chain(extra)
                    .copied()
                    .collect();
                write_object(out, &mut fields);
            }
        }
    )*};
}

blueprint_fields! {
    RawRole {
        id, stub, previous_ids, title, family, track, level, level_name, scope, summary, mission, responsibilities,
        day_to_day, deliverables, goals, kpis, skills, soft_skills, tools, environment, stakeholders,
        decision_rights, experience, career, risks, variants, ai_impact, hiring, scorecard_summary, rubric,
        expectations, not_applicable, sections, pay_bands,
    }
    Summary { description, horizon, partners }
    Mission { core, strategic_importance, business_outcomes }
    Responsibilities {
        strategic, operational, technical, cross_functional, governance, leadership, reporting_line,
        reporting_line_note,
    }
    DayToDay { daily, weekly, monthly_quarterly, rituals, incident }
    Goals { day_30, day_60, day_90, month_6, month_12, long_term, success_definition, high_performance }
    Kpis { intro, metrics, notes }
    Kpi { name, measures, why, target, frequency }
    TechnicalSkills { must_have, good_to_have, advanced, emerging }
    SkillNeed { skill, label, description, use_ as "use", importance, importance_label }
    SoftSkill { skill, label, why, on_the_job, strong, importance }
    ToolRow { category, tools, label, use_ as "use", commonality, commonality_label }
    Environment {
        infrastructure, application, data, security, delivery_model, agile_sdlc, scale_complexity,
        team_topology,
    }
    RoleLink { role, label }
    Stakeholders {
        internal, external, peer_roles, upstream, downstream, collaboration, decision_authority, escalation,
    }
    DecisionRights { independent, team_approval, manager_approval, authority }
    Experience { years, education, certifications, backgrounds, domain_knowledge, leadership }
    Career { feeders, next, adjacent, promotion_skills, evolution }
    Risks { challenges, bottlenecks, anti_patterns, underperformance, business_risks }
    Variants { company_size, industry, geography, product_vs_service, startup_vs_enterprise, regulated }
    AiImpact { automatable, human_critical, changes, new_expectations }
    Hiring { assess, exercises, strong_signals, weak_signals, red_flags, scorecard }
    Exercise { title, details }
    ScoreDimension { dimension, meets_bar, weight }
    SummaryRow { category, summary }
    RawSkill { id, name, category, description, related_tools }
    RawTool { id, name, category, description }
    Expectation { summary, behaviours, examples, sub_levels }
    SubLevel { name, summary, behaviours, examples }
    RawArea { id, name, group, description }
    RawRubric { id, title, family, track, description, levels }
    RubricLevel { level, name, expectations }
}

#[cfg(test)]
mod tests {
    use serde_json::Value as Json;

    use super::*;
    use crate::content::SourceFile;
    use crate::diagnostics::Diagnostics;
    use crate::markdown::LinkIndex;

    /// A catalogue holding one file and no entities: references stay unresolved, which is
    /// all a test of the data's shape needs.
    fn parsed(rel: &str, text: &str) -> (Catalog, RawRole) {
        let file = SourceFile { rel: format!("content/{rel}"), content_rel: rel.to_string(), text: text.to_string() };
        let mut diagnostics = Diagnostics::new();
        let read = crate::model::roles::parse_role(&file, &mut diagnostics);
        let raw = read.and_then(|read| read.role).expect("the role parses");
        assert!(!diagnostics.has_errors(), "{}", diagnostics.render());
        (Catalog { files: vec![file], ..Catalog::default() }, raw)
    }

    /// Keys of every map in a serde_json value, as `a.b.c` paths; markdown and reference
    /// objects (tagged in the raw serialisation) count as leaves.
    fn json_paths(value: &Json, path: &str, out: &mut Vec<String>) {
        match value {
            // A reference is `{"$skill": ...}` raw and `{id, name, url}` in the API.
            Json::Object(map)
                if !map.keys().any(|k| k.starts_with('$')) && (path.is_empty() || !map.contains_key("url")) =>
            {
                for (k, v) in map {
                    json_paths(v, &format!("{path}.{k}"), out);
                }
            }
            Json::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| json_paths(v, &format!("{path}[{i}]"), out))
            }
            _ => out.push(path.to_string()),
        }
    }

    fn view_paths(value: &Value, path: &str, out: &mut Vec<String>) {
        if let Some(map) = value.as_map().filter(|m| !m.contains_key(&tera::value::Key::Str("id")) || path.is_empty()) {
            for (k, v) in map {
                view_paths(v, &format!("{path}.{}", k.as_str().unwrap_or("?")), out);
            }
        } else if let Some(items) = value.as_array() {
            items.iter().enumerate().for_each(|(i, v)| view_paths(v, &format!("{path}[{i}]"), out));
        } else {
            out.push(path.to_string());
        }
    }

    #[test]
    fn the_seed_blueprint_keeps_every_field_under_its_yaml_name() {
        let seed = include_str!("../../content/roles/lead-research-scientist.yaml");
        let (catalog, raw) = parsed("roles/lead-research-scientist.yaml", seed);
        let raw = &raw;
        let index = LinkIndex::new("/");
        let resolver =
            Resolver { index: &index, catalog: &catalog, cache: &crate::highlight_cache::HighlightCache::off() };
        let (view, _) = view_of(raw, 0, &resolver);
        let view = view.value;

        // The names serde reads the YAML with (the derive) are the names templates see...
        let mut expected = Vec::new();
        json_paths(&serde_json::to_value(raw).unwrap(), "", &mut expected);
        let mut seen = Vec::new();
        view_paths(&view, "", &mut seen);
        expected.sort();
        seen.sort();
        assert_eq!(seen, expected);

        // ... and /api publishes the same fields, less the absent ones.
        let mut absent = Vec::new();
        null_paths(&serde_json::to_value(raw).unwrap(), "", &mut absent);
        expected.retain(|p| !absent.contains(p));
        let mut api = Vec::new();
        let permalink = |url: &str| format!("https://example.com{url}");
        let written = api_json(raw, &ApiCx { catalog: &catalog, permalink: &permalink }, &[]);
        json_paths(&serde_json::from_slice(&written).unwrap(), "", &mut api);
        api.sort();
        assert_eq!(api, expected);
    }

    #[test]
    fn markdown_is_rendered_for_templates_and_kept_for_the_api() {
        let text = "id: r\ntitle: R\nfamily: F\nscope: See [about](@/about.md) *now*\nsoft_skills:\n  - skill: ghost\n    why: \"[x](@/nope.md)\"\n    on_the_job: a\n    strong: b\n";
        let (catalog, raw) = parsed("roles/r.yaml", text);
        let mut index = LinkIndex::new("/c/");
        index.insert("about.md", "/about/");
        let resolver =
            Resolver { index: &index, catalog: &catalog, cache: &crate::highlight_cache::HighlightCache::off() };
        let (entity, problems) = view_of(&raw, 0, &resolver);
        let view = entity.value;
        assert_eq!(str_at(&view, "scope"), Some("See <a href=\"/c/about/\">about</a> <em>now</em>"));
        // Pages that quote the role read the same HTML from the typed field.
        assert_eq!(entity.prose.opt(&raw.scope), str_at(&view, "scope"));
        let why = &raw.soft_skills.as_ref().unwrap().items[0].why;
        assert_eq!(Some(entity.prose.html(why)), str_at(&view, "soft_skills.items.0.why"));
        // An unknown skill (reported by the catalogue) keeps its id as its name.
        assert_eq!(str_at(&view, "soft_skills.items.0.skill.name"), Some("ghost"));
        assert_eq!(at(&view, "summary"), None);
        // The broken link is reported where it is written: line 7, inside the quotes.
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pos, Some(crate::yaml::Pos::new(7, 10)));

        let permalink = |url: &str| format!("https://example.com{url}");
        let api: Json =
            serde_json::from_slice(&api_json(&raw, &ApiCx { catalog: &catalog, permalink: &permalink }, &[])).unwrap();
        assert_eq!(api["scope"], "See [about](@/about.md) *now*");
        assert_eq!(api["soft_skills"]["items"][0]["skill"], serde_json::json!({"id": "ghost", "name": "", "url": ""}));
        assert!(api.get("summary").is_none() && api.get("track").is_none());
    }

    /// Looks up `path` (`"tools.items.3"`) in a view: tests check the template's input
    /// this way; the renderer never does.
    fn at<'a>(view: &'a Value, path: &'a str) -> Option<&'a Value> {
        view.get_from_path(path).filter(|v| !v.is_none() && !v.is_undefined())
    }

    fn str_at<'a>(view: &'a Value, path: &'a str) -> Option<&'a str> {
        at(view, path).and_then(Value::as_str)
    }

    fn null_paths(value: &Json, path: &str, out: &mut Vec<String>) {
        match value {
            Json::Object(map) => map.iter().for_each(|(k, v)| null_paths(v, &format!("{path}.{k}"), out)),
            Json::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| null_paths(v, &format!("{path}[{i}]"), out))
            }
            Json::Null => out.push(path.to_string()),
            _ => {}
        }
    }
}
