//! Roles, skills and tools: read from their YAML, validated like a compiler, with every
//! reference resolved and every relation between roles known in both directions.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

pub use super::framework::{Area, Cell, Rubric, Rung};
use crate::content::framework::{RawArea, RawRubric};
use crate::content::role::{Importance, List, RawRole, RawSkill, RawTool, RoleLink, SkillRef, ToolRef};
use crate::content::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::suggest::did_you_mean;
use crate::yaml::{self, Pos};

/// The highest level a ladder may use: room for any real ladder (some number their
/// levels from 59 to 80), small enough that `level: 4000000000` is caught as the typo
/// it is instead of printed on every page that shows the role.
pub const MAX_LEVEL: u32 = 999;

/// A scorecard weight is a percentage of the whole.
pub const MAX_WEIGHT: u32 = 100;

/// The sum of scorecard weights, in u64 and saturating: in u32, `4294967295 + 101`
/// wraps to 100 in a release build and a nonsense scorecard passes the sum check.
pub fn weight_sum(weights: impl IntoIterator<Item = u32>) -> u64 {
    weights.into_iter().fold(0u64, |sum, w| sum.saturating_add(u64::from(w)))
}

#[derive(Debug, Clone)]
pub struct Role {
    pub raw: RawRole,
    /// Index into [`Catalog::files`].
    pub file: usize,
    /// Site path, `/roles/<id>/`.
    pub url: String,
    /// Other roles that name this one, and how.
    pub named_by: Vec<Relation>,
    /// The skills this role lists, with their strongest importance (none for a soft skill
    /// listed without one), by skill index.
    pub skills: BTreeMap<usize, Option<Importance>>,
    /// Its rubric and the index of its level there, if it sits on one.
    pub rung: Option<Rung>,
    /// What is expected of it in each competency area, in the site's area order.
    pub expectations: Vec<Cell>,
    /// Whether its file was read without a problem (a field with an error would look
    /// missing, so the section lints skip it).
    pub read_cleanly: bool,
}

impl Role {
    pub fn id(&self) -> &str {
        &self.raw.id.value
    }
    pub fn is_stub(&self) -> bool {
        self.raw.stub
    }
    pub fn level(&self) -> Option<u32> {
        self.raw.level.as_ref().map(|l| l.value)
    }
}

/// How role `from` names a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationKind {
    /// `from` lists the role among its feeders: the role leads to `from`.
    LeadsTo,
    /// `from` lists the role among its next roles: the role follows `from`.
    FollowsFrom,
    /// `from` lists the role as an adjacent path.
    AdjacentTo,
    /// `from` lists the role as a peer.
    PeerOf,
}

impl RelationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::LeadsTo => "leads-to",
            RelationKind::FollowsFrom => "follows-from",
            RelationKind::AdjacentTo => "adjacent-to",
            RelationKind::PeerOf => "peer-of",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    pub kind: RelationKind,
    pub from: usize,
}

#[derive(Debug, Clone)]
pub struct Skill {
    pub raw: RawSkill,
    pub file: usize,
    pub url: String,
    /// Roles that need this skill: (role, group such as `must_have` or `soft`, importance).
    pub needed_by: Vec<(usize, &'static str, Option<Importance>)>,
}

#[derive(Debug, Clone)]
pub struct Tool {
    pub raw: RawTool,
    pub file: usize,
    pub url: String,
    /// Roles that use this tool, with the row that names it (role, row index).
    pub used_by: Vec<(usize, usize)>,
}

/// Every role, skill and tool of the site, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub files: Vec<SourceFile>,
    pub roles: Vec<Role>,
    pub skills: Vec<Skill>,
    pub tools: Vec<Tool>,
    pub role_ids: HashMap<String, usize>,
    pub skill_ids: HashMap<String, usize>,
    pub tool_ids: HashMap<String, usize>,
    /// The site's competency areas, in the order written.
    pub areas: Vec<Area>,
    pub area_ids: HashMap<String, usize>,
    /// The track rubrics, sorted by id.
    pub rubrics: Vec<Rubric>,
    pub rubric_ids: HashMap<String, usize>,
    /// Keys of role files left empty, for the checks to warn about: seen only while the
    /// YAML tree exists, which is not kept.
    pub empty_keys: Vec<EmptyKey>,
    /// Ids written in files that failed to load, by kind: a reference to one of them is
    /// not a second problem, since the file's own error already says what to fix.
    pub unread: Unread,
    /// `publish_pay_bands` of rolebook.yaml: whether role pages and `/api` show the
    /// roles' pay bands (openings use them either way).
    pub publish_pay_bands: bool,
}

/// Ids of roles, skills and tools whose file exists but could not be read.
#[derive(Debug, Clone, Default)]
pub struct Unread {
    pub roles: HashSet<String>,
    pub skills: HashSet<String>,
    pub tools: HashSet<String>,
    /// Role files (content-relative) that hold no role, for markdown links to them.
    pub role_files: Vec<String>,
}

/// The ids a file that failed to load meant to define: every `id:` line, read from the
/// text since the YAML may not parse at all. Only used to keep quiet about references,
/// so a line this misreads costs nothing but a message.
fn ids_written(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix("- ").map_or(line, str::trim_start);
        let value = line.strip_prefix("id:")?.split(" #").next()?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// A key with an empty value in a role file (see [`crate::yaml::Node::empty_keys`]).
#[derive(Debug, Clone)]
pub struct EmptyKey {
    /// Index into [`Catalog::files`].
    pub file: usize,
    /// The key as a dotted path, such as `skills.must_have`.
    pub path: String,
    pub pos: Pos,
}

/// Reads the role, skill and tool files (`content/{roles,skills,tools}/**.yaml`).
pub fn build(files: Vec<SourceFile>, diagnostics: &mut Diagnostics) -> Catalog {
    let mut catalog = Catalog::default();
    let mut raw_roles = Vec::new();
    let mut raw_skills = Vec::new();
    let mut raw_tools = Vec::new();
    let mut raw_areas = Vec::new();
    let mut raw_rubrics = Vec::new();
    // Files parse independently, so in parallel; results are merged in file order.
    let parsed: Vec<(Parsed, Diagnostics)> = files
        .par_iter()
        .enumerate()
        .map(|(index, file)| {
            let mut d = Diagnostics::new();
            let kind = file.content_rel.split('/').next();
            if kind == Some("roles") {
                let parsed =
                    parse_role(file, &mut d).map_or(Parsed::Nothing(index), |read| Parsed::Role(Box::new(read), index));
                return (parsed, d);
            }
            let Some(node) = parse_yaml(file, &mut d) else { return (Parsed::Nothing(index), d) };
            let mut problems = Vec::new();
            let parsed = if crate::content::loader::COMPETENCIES.contains(&file.content_rel.as_str()) {
                yaml::from_node::<Vec<RawArea>>(&node, &mut problems)
                    .map_or(Parsed::Nothing(index), |areas| Parsed::Areas(areas, index))
            } else if kind == Some("rubrics") {
                yaml::from_node::<RawRubric>(&node, &mut problems)
                    .map_or(Parsed::Nothing(index), |rubric| Parsed::Rubric(Box::new(rubric), index))
            } else if kind == Some("skills") {
                yaml::from_node::<Vec<RawSkill>>(&node, &mut problems)
                    .map_or(Parsed::Nothing(index), |skills| Parsed::Skills(skills, index))
            } else {
                yaml::from_node::<Vec<RawTool>>(&node, &mut problems)
                    .map_or(Parsed::Nothing(index), |tools| Parsed::Tools(tools, index))
            };
            for p in problems {
                d.push(crate::content::yaml_diagnostic(&file.rel, &file.text, p));
            }
            (parsed, d)
        })
        .collect();
    for (parsed, d) in parsed {
        diagnostics.extend(d);
        match parsed {
            Parsed::Role(read, index) => {
                let empty = read.empty_keys.into_iter().map(|(path, pos)| EmptyKey { file: index, path, pos });
                catalog.empty_keys.extend(empty);
                raw_roles.extend(read.role.map(|role| (role, index, read.clean)));
            }
            Parsed::Skills(skills, index) => raw_skills.extend(skills.into_iter().map(|s| (s, index))),
            Parsed::Areas(areas, index) => raw_areas.extend(areas.into_iter().map(|a| (a, index))),
            Parsed::Rubric(rubric, index) => raw_rubrics.push((*rubric, index)),
            Parsed::Tools(tools, index) => raw_tools.extend(tools.into_iter().map(|t| (t, index))),
            Parsed::Nothing(index) => {
                let ids = ids_written(&files[index].text);
                match files[index].content_rel.split('/').next() {
                    Some("skills") => catalog.unread.skills.extend(ids),
                    Some("tools") => catalog.unread.tools.extend(ids),
                    _ => {}
                }
            }
        }
    }
    // By id; where two files claim one id, the file named after it keeps it.
    let named_after = |role: &RawRole, file: usize| {
        let stem = files[file].content_rel.rsplit('/').next().unwrap_or("");
        stem.trim_end_matches(".yaml").trim_end_matches(".yml") != role.id.value
    };
    raw_roles.sort_by(|a, b| (&a.0.id.value, named_after(&a.0, a.1)).cmp(&(&b.0.id.value, named_after(&b.0, b.1))));
    raw_skills.sort_by(|a, b| a.0.id.value.cmp(&b.0.id.value));
    raw_tools.sort_by(|a, b| a.0.id.value.cmp(&b.0.id.value));
    raw_rubrics.sort_by(|a, b| a.0.id.value.cmp(&b.0.id.value));

    catalog.files = files;
    for (raw, file, read_cleanly) in raw_roles {
        let id = raw.id.value.clone();
        if catalog.register(&id, raw.id.pos, file, Kind::Role, diagnostics) {
            catalog.role_ids.insert(id.clone(), catalog.roles.len());
            catalog.roles.push(Role {
                raw,
                file,
                url: crate::urls::role(&id),
                named_by: Vec::new(),
                skills: BTreeMap::new(),
                rung: None,
                expectations: Vec::new(),
                read_cleanly,
            });
        }
    }
    // A role file whose role did not register (not YAML, a missing field, a bad id).
    let mut holds_role = vec![false; catalog.files.len()];
    catalog.roles.iter().for_each(|role| holds_role[role.file] = true);
    for (index, file) in catalog.files.iter().enumerate() {
        if file.content_rel.starts_with("roles/") && !holds_role[index] {
            let stem = file.content_rel.rsplit('/').next().unwrap_or("");
            let stem = stem.trim_end_matches(".yaml").trim_end_matches(".yml");
            catalog.unread.roles.insert(stem.to_string());
            catalog.unread.roles.extend(ids_written(&file.text));
            catalog.unread.role_files.push(file.content_rel.clone());
        }
    }
    for (raw, file) in raw_skills {
        let id = raw.id.value.clone();
        if catalog.register(&id, raw.id.pos, file, Kind::Skill, diagnostics) {
            catalog.skill_ids.insert(id.clone(), catalog.skills.len());
            catalog.skills.push(Skill { raw, file, url: crate::urls::skill(&id), needed_by: Vec::new() });
        }
    }
    for (raw, file) in raw_tools {
        let id = raw.id.value.clone();
        if catalog.register(&id, raw.id.pos, file, Kind::Tool, diagnostics) {
            catalog.tool_ids.insert(id.clone(), catalog.tools.len());
            catalog.tools.push(Tool { raw, file, url: crate::urls::tool(&id), used_by: Vec::new() });
        }
    }

    for (raw, file) in raw_areas {
        let id = raw.id.value.clone();
        if catalog.register(&id, raw.id.pos, file, Kind::Area, diagnostics) {
            catalog.area_ids.insert(id, catalog.areas.len());
            catalog.areas.push(Area { raw, file });
        }
    }
    for (raw, file) in raw_rubrics {
        let id = raw.id.value.clone();
        if catalog.register(&id, raw.id.pos, file, Kind::Rubric, diagnostics) {
            catalog.rubric_ids.insert(id.clone(), catalog.rubrics.len());
            catalog.rubrics.push(Rubric { raw, file, url: crate::urls::rubric(&id), roles: Vec::new() });
        }
    }

    catalog.check_roles(diagnostics);
    catalog.link_skills_and_tools(diagnostics);
    catalog.link_roles(diagnostics);
    catalog.link_framework(diagnostics);
    catalog
}

/// What one data file held.
enum Parsed {
    /// Nothing usable: the file at this index failed to load.
    Nothing(usize),
    Role(Box<RoleFile>, usize),
    Areas(Vec<RawArea>, usize),
    Rubric(Box<RawRubric>, usize),
    Skills(Vec<RawSkill>, usize),
    Tools(Vec<RawTool>, usize),
}

/// What one role file held.
pub struct RoleFile {
    /// The typed blueprint, if its shape could be read (possibly with problems).
    pub role: Option<RawRole>,
    /// Whether the blueprint was read without a problem.
    pub clean: bool,
    /// Keys left empty, for the checks (see [`crate::yaml::Node::empty_keys`]).
    pub empty_keys: Vec<(String, Pos)>,
}

/// Reads one role file: its YAML, its empty keys and the typed blueprint. Problems go to
/// `diagnostics`; `None` when the file is not YAML at all. A blueprint with problems still
/// comes back, so the checks that need the whole catalogue can run.
pub fn parse_role(file: &SourceFile, diagnostics: &mut Diagnostics) -> Option<RoleFile> {
    let node = parse_yaml(file, diagnostics)?;
    let mut problems = Vec::new();
    let role = yaml::from_node::<RawRole>(&node, &mut problems);
    let clean = problems.is_empty();
    // A key the reader found wrong (unknown, of the wrong type) is that one problem.
    let mut empty_keys = node.empty_keys();
    empty_keys.retain(|(path, pos)| !problems.iter().any(|p| p.pos == *pos || p.path == *path));
    for p in problems {
        diagnostics.push(crate::content::yaml_diagnostic(&file.rel, &file.text, p));
    }
    Some(RoleFile { role, clean, empty_keys })
}

/// The YAML tree of a data file; an empty file or a syntax error is reported.
pub(super) fn parse_yaml(file: &SourceFile, diagnostics: &mut Diagnostics) -> Option<yaml::Node> {
    match yaml::parse(&file.text, 1) {
        Ok(node) if matches!(node.kind, yaml::NodeKind::Null) => {
            let what = match file.content_rel.split('/').next() {
                Some("openings") => "an opening (see docs/openings.md)",
                Some("roles") => "a role (see docs/role-format.md)",
                _ => "its data (see docs/role-format.md)",
            };
            diagnostics.push(
                Diagnostic::error(&file.rel, "empty-file", "the file is empty")
                    .with_hint(format!("write {what} or delete the file")),
            );
            None
        }
        Ok(node) => Some(node),
        Err(e) => {
            let mut d = Diagnostic::error(&file.rel, "yaml-syntax", e.message).at(&file.text, e.pos);
            d.hint = e.hint;
            diagnostics.push(d);
            None
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Role,
    Skill,
    Tool,
    Area,
    Rubric,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Skill => "skill",
            Kind::Tool => "tool",
            Kind::Area => "competency area",
            Kind::Rubric => "rubric",
        }
    }
}

impl Catalog {
    fn file(&self, index: usize) -> &SourceFile {
        &self.files[index]
    }

    pub(super) fn error(&self, file: usize, pos: Pos, code: &'static str, message: String) -> Diagnostic {
        let f = self.file(file);
        Diagnostic::error(&f.rel, code, message).at(&f.text, pos)
    }

    /// The file and position of an already registered entity of `kind` with `id`.
    fn existing(&self, kind: Kind, id: &str) -> Option<(usize, Pos)> {
        match kind {
            Kind::Role => self.role_ids.get(id).map(|&i| (self.roles[i].file, self.roles[i].raw.id.pos)),
            Kind::Skill => self.skill_ids.get(id).map(|&i| (self.skills[i].file, self.skills[i].raw.id.pos)),
            Kind::Tool => self.tool_ids.get(id).map(|&i| (self.tools[i].file, self.tools[i].raw.id.pos)),
            Kind::Area => self.area_ids.get(id).map(|&i| (self.areas[i].file, self.areas[i].raw.id.pos)),
            Kind::Rubric => self.rubric_ids.get(id).map(|&i| (self.rubrics[i].file, self.rubrics[i].raw.id.pos)),
        }
    }

    /// Checks an id's form and uniqueness; returns whether it may be used.
    fn register(&self, id: &str, pos: Pos, file: usize, kind: Kind, diagnostics: &mut Diagnostics) -> bool {
        if !is_id(id) {
            diagnostics.push(
                self.error(file, pos, "bad-id", format!("`{id}` is not a valid {} id", kind.name())).with_hint(
                    format!("use lowercase letters, digits and dashes, e.g. `{}`", crate::slug::slugify(id)),
                ),
            );
            return false;
        }
        if let Some((other_file, other_pos)) = self.existing(kind, id) {
            diagnostics.push(
                self.error(file, pos, "duplicate-id", format!("there is already a {} with id `{id}`", kind.name()))
                    .with_hint(format!(
                        "the first is at {}:{}:{}; ids must be unique",
                        self.file(other_file).rel,
                        other_pos.line,
                        other_pos.col
                    )),
            );
            return false;
        }
        if kind == Kind::Role {
            let stem = self.file(file).content_rel.rsplit('/').next().unwrap_or("");
            let stem = stem.trim_end_matches(".yaml").trim_end_matches(".yml");
            if stem != id {
                diagnostics.push(
                    Diagnostic::warning(
                        &self.file(file).rel,
                        "id-file-mismatch",
                        format!("role id `{id}` differs from the file name `{stem}`"),
                    )
                    .at(&self.file(file).text, pos)
                    .with_hint(format!("rename the file to `{id}.yaml` so the role is easy to find")),
                );
            }
        }
        true
    }

    /// Required sections, levels and scorecard weights.
    /// Only roles read without problems are checked: a value that failed to read holds a
    /// stand-in that would raise false alarms.
    /// A previous id keeps an old URL alive as a redirect, so it must be an id, name no
    /// role of today (whose page is that URL) and belong to one role only.
    fn check_previous_ids(&self, diagnostics: &mut Diagnostics) {
        let mut first_claim: BTreeMap<&str, usize> = BTreeMap::new();
        for (r, role) in self.roles.iter().enumerate() {
            for old in role.raw.previous_ids.iter().flatten() {
                let id = old.value.as_str();
                let problem = if !is_id(id) {
                    Some((
                        "bad-id",
                        format!("`{id}` is not a valid role id"),
                        format!("a previous id is the id the role had, e.g. `{}`", crate::slug::slugify(id)),
                    ))
                } else if id == role.id() {
                    Some((
                        "previous-id-taken",
                        format!("`{id}` is this role's own id"),
                        "list only ids the role had before; remove this one".to_string(),
                    ))
                } else if let Some(&other) = self.role_ids.get(id) {
                    Some((
                        "previous-id-taken",
                        format!("`{id}` is the id of another role, `{}`, whose page is /roles/{id}/", self.roles[other].raw.title),
                        format!(
                            "an old URL can lead to one role only: remove `{id}` from `previous_ids`, or rename the role in {}",
                            self.files[self.roles[other].file].rel
                        ),
                    ))
                } else if let Some(&earlier) = first_claim.get(id) {
                    Some((
                        "previous-id-taken",
                        format!("`{id}` is also a previous id of `{}`", self.roles[earlier].id()),
                        format!(
                            "an old URL can redirect to one role only: keep `{id}` in one of the two files ({})",
                            self.files[self.roles[earlier].file].rel
                        ),
                    ))
                } else {
                    first_claim.insert(id, r);
                    None
                };
                if let Some((code, message, hint)) = problem {
                    diagnostics.push(self.error(role.file, old.pos, code, message).with_hint(hint));
                }
            }
        }
    }

    fn check_roles(&self, diagnostics: &mut Diagnostics) {
        self.check_previous_ids(diagnostics);
        for role in self.roles.iter().filter(|role| role.read_cleanly) {
            let raw = &role.raw;
            if let Some(level) = &raw.level {
                if level.value == 0 {
                    diagnostics.push(
                        self.error(role.file, level.pos, "bad-level", "levels start at 1".into())
                            .with_hint("1 is the entry level of a ladder"),
                    );
                } else if level.value > MAX_LEVEL {
                    diagnostics.push(
                        self.error(
                            role.file,
                            level.pos,
                            "bad-level",
                            format!("level {} is beyond the highest level, {MAX_LEVEL}", level.value),
                        )
                        .with_hint("a level is the role's rung on its ladder, counted from 1"),
                    );
                }
            }
            if let Some(hiring) = &raw.hiring {
                let mut in_range = true;
                for weight in hiring.scorecard.iter().map(|d| &d.weight).filter(|w| w.value > MAX_WEIGHT) {
                    in_range = false;
                    diagnostics.push(
                        self.error(
                            role.file,
                            weight.pos,
                            "bad-weight",
                            format!("the scorecard weight {} is more than {MAX_WEIGHT}", weight.value),
                        )
                        .with_hint("a weight is the dimension's share of the scorecard in percent, from 0 to 100"),
                    );
                }
                // With a weight out of range the sum says nothing more.
                if in_range && !hiring.scorecard.is_empty() {
                    let sum = weight_sum(hiring.scorecard.iter().map(|d| d.weight.value));
                    if sum != u64::from(MAX_WEIGHT) {
                        let first = &hiring.scorecard.items[0].weight;
                        let weights: Vec<String> =
                            hiring.scorecard.iter().map(|d| d.weight.value.to_string()).collect();
                        diagnostics.push(
                            self.error(
                                role.file,
                                first.pos,
                                "scorecard-weights",
                                format!("the scorecard weights sum to {sum}, not 100"),
                            )
                            .with_hint(format!(
                                "the weights are {} = {sum}; adjust them so they total 100",
                                weights.join(" + ")
                            )),
                        );
                    }
                }
            }
        }
    }

    fn resolve_skill(&self, file: usize, r: &SkillRef, diagnostics: &mut Diagnostics) -> Option<usize> {
        self.resolve(file, r.as_str(), r.pos(), &self.skill_ids, "skill", "content/skills/", diagnostics)
    }

    fn resolve_tool(&self, file: usize, r: &ToolRef, diagnostics: &mut Diagnostics) -> Option<usize> {
        self.resolve(file, r.as_str(), r.pos(), &self.tool_ids, "tool", "content/tools/", diagnostics)
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve(
        &self,
        file: usize,
        id: &str,
        pos: Pos,
        ids: &HashMap<String, usize>,
        kind: &str,
        folder: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<usize> {
        if let Some(&i) = ids.get(id) {
            return Some(i);
        }
        let unread = if kind == "skill" { &self.unread.skills } else { &self.unread.tools };
        if unread.contains(id) {
            return None;
        }
        let hint = match did_you_mean(id, ids.keys().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("add a {kind} with id `{id}` to a file in {folder}"),
        };
        diagnostics
            .push(self.error(file, pos, "unknown-reference", format!("there is no {kind} `{id}`")).with_hint(hint));
        None
    }

    /// Resolves skill and tool references, and records which roles need each.
    fn link_skills_and_tools(&mut self, diagnostics: &mut Diagnostics) {
        let mut needs: Vec<(usize, usize, &'static str, Option<Importance>)> = Vec::new();
        let mut uses: Vec<(usize, usize, usize)> = Vec::new();
        for (r, role) in self.roles.iter().enumerate() {
            if let Some(skills) = &role.raw.skills {
                let groups = [
                    ("must_have", &skills.must_have),
                    ("good_to_have", &skills.good_to_have),
                    ("advanced", &skills.advanced),
                    ("emerging", &skills.emerging),
                ];
                for (group, list) in groups {
                    for need in list.iter() {
                        if let Some(s) = self.resolve_skill(role.file, &need.skill, diagnostics) {
                            needs.push((s, r, group, Some(need.importance.value)));
                        }
                    }
                }
            }
            if let Some(soft) = &role.raw.soft_skills {
                for need in soft.iter() {
                    if let Some(s) = self.resolve_skill(role.file, &need.skill, diagnostics) {
                        needs.push((s, r, "soft", need.importance.as_ref().map(|i| i.value)));
                    }
                }
            }
            if let Some(tools) = &role.raw.tools {
                for (row, entry) in tools.iter().enumerate() {
                    for tool in &entry.tools {
                        if let Some(t) = self.resolve_tool(role.file, tool, diagnostics) {
                            uses.push((t, r, row));
                        }
                    }
                }
            }
        }
        for skill in &self.skills {
            for tool in &skill.raw.related_tools {
                self.resolve_tool(skill.file, tool, diagnostics);
            }
        }
        for &(s, r, _, importance) in &needs {
            let entry = self.roles[r].skills.entry(s).or_insert(importance);
            // `Critical` sorts first: keep the strongest.
            if importance.is_some() && (entry.is_none() || importance < *entry) {
                *entry = importance;
            }
        }
        for (s, r, group, importance) in needs {
            let list = &mut self.skills[s].needed_by;
            if !list.iter().any(|(role, g, _)| *role == r && *g == group) {
                list.push((r, group, importance));
            }
        }
        for (t, r, row) in uses {
            let list = &mut self.tools[t].used_by;
            if !list.iter().any(|(role, _)| *role == r) {
                list.push((r, row));
            }
        }
    }

    /// Resolves role references and records, on each role, who names it.
    fn link_roles(&mut self, diagnostics: &mut Diagnostics) {
        let steps = self.next_steps();
        let mut relations: Vec<(usize, Relation)> = Vec::new();
        for (r, role) in self.roles.iter().enumerate() {
            let career = role.raw.career.as_ref();
            let peers = role.raw.stakeholders.as_ref().map(|s| &s.peer_roles);
            let lists: [(Option<&List<RoleLink>>, RelationKind, &str); 4] = [
                (career.map(|c| &c.feeders), RelationKind::LeadsTo, "feeder"),
                (career.map(|c| &c.next), RelationKind::FollowsFrom, "next role"),
                (career.map(|c| &c.adjacent), RelationKind::AdjacentTo, "adjacent path"),
                (peers, RelationKind::PeerOf, "peer role"),
            ];
            for (list, kind, what) in lists {
                for link in list.into_iter().flat_map(List::iter) {
                    let id = link.role.as_str();
                    if id == role.id() {
                        diagnostics.push(
                            self.error(
                                role.file,
                                link.role.pos(),
                                "self-reference",
                                format!("`{id}` lists itself as its own {what}"),
                            )
                            .with_hint("a role cannot lead to or from itself; remove this entry"),
                        );
                        continue;
                    }
                    if let Some(&target) = self.role_ids.get(id) {
                        relations.push((target, Relation { kind, from: r }));
                    } else if !self.unread.roles.contains(id) {
                        diagnostics.push(self.unknown_role(role, id, link.role.pos(), kind, &steps));
                    }
                }
            }
        }
        for (target, relation) in relations {
            let list = &mut self.roles[target].named_by;
            if !list.contains(&relation) {
                list.push(relation);
            }
        }
        for role in &mut self.roles {
            role.named_by.sort();
        }
    }
}

/// Each role's declared next steps, by id: its `next` roles, and the roles that list it
/// among their `feeders`.
type Steps<'a> = HashMap<&'a str, Vec<&'a str>>;

impl Catalog {
    fn next_steps(&self) -> Steps<'_> {
        let mut steps: Steps = HashMap::new();
        for role in &self.roles {
            let Some(career) = &role.raw.career else { continue };
            for next in career.next.iter() {
                steps.entry(role.id()).or_default().push(next.role.as_str());
            }
            for feeder in career.feeders.iter() {
                steps.entry(feeder.role.as_str()).or_default().push(role.id());
            }
        }
        steps
    }

    /// `there is no role`, with a did-you-mean that would not make the role its own next
    /// step (itself, or a role it already leads to as a feeder, or one that leads to it as a
    /// next role), and the stub to paste when the role is new.
    fn unknown_role(&self, role: &Role, id: &str, pos: Pos, kind: RelationKind, steps: &Steps) -> Diagnostic {
        let candidates = self.roles.iter().map(Role::id).filter(|&c| {
            c != role.id()
                && match kind {
                    // `role` → `c` closes a circle when `c` already leads to `role`.
                    RelationKind::FollowsFrom => !leads_to(steps, c, role.id()),
                    // `c` → `role` closes a circle when `role` already leads to `c`.
                    RelationKind::LeadsTo => !leads_to(steps, role.id(), c),
                    RelationKind::AdjacentTo | RelationKind::PeerOf => true,
                }
        });
        let stub = stub_yaml(id, role, kind);
        let hint = match did_you_mean(id, candidates) {
            Some(close) => format!("did you mean `{close}`? If `{id}` is a new role, {stub}"),
            None => stub,
        };
        self.error(role.file, pos, "unknown-reference", format!("there is no role `{id}`")).with_hint(hint)
    }
}

/// Whether `from` reaches `to` by declared next steps.
fn leads_to(steps: &Steps, from: &str, to: &str) -> bool {
    let mut seen = HashSet::from([from]);
    let mut todo = vec![from];
    while let Some(at) = todo.pop() {
        for &next in steps.get(at).into_iter().flatten() {
            if next == to {
                return true;
            }
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    false
}

/// The smallest role file that makes `id` resolve, ready to paste: a stub in the family
/// of the role that names it, a level above or below it where that is known.
fn stub_yaml(id: &str, from: &Role, kind: RelationKind) -> String {
    let title: Vec<String> = id
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
        })
        .collect();
    let level = match (kind, from.level()) {
        (RelationKind::FollowsFrom, Some(level)) => Some(level.saturating_add(1)),
        (RelationKind::LeadsTo, Some(level)) if level > 1 => Some(level - 1),
        (RelationKind::AdjacentTo | RelationKind::PeerOf, level) => level,
        _ => None,
    };
    let mut yaml = format!(
        "add content/roles/{id}.yaml:\nid: {id}\ntitle: {}\nfamily: {}\n",
        title.join(" "),
        yaml_text(&from.raw.family)
    );
    if let Some(level) = level {
        yaml.push_str(&format!("level: {level}\n"));
    }
    yaml.push_str("stub: true");
    yaml
}

/// `text` as a YAML value on one line, quoted when plain text would be read otherwise.
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !text.ends_with(char::is_whitespace);
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Lowercase kebab-case: `lead-research-scientist`.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> SourceFile {
        SourceFile { rel: format!("content/{rel}"), content_rel: rel.into(), text: text.into() }
    }

    const SKILLS: &str =
        "- id: python\n  name: Python\n  category: Engineering\n- id: stats\n  name: Statistics\n  category: Maths\n";
    const TOOLS: &str = "- id: git\n  name: Git\n  category: Source control\n";

    fn catalog(roles: &[(&str, &str)]) -> (Catalog, Vec<String>) {
        let mut files = vec![file("skills/all.yaml", SKILLS), file("tools/all.yaml", TOOLS)];
        files.extend(roles.iter().map(|(name, text)| file(&format!("roles/{name}.yaml"), text)));
        let mut diags = Diagnostics::new();
        let catalog = build(files, &mut diags);
        let found = diags.sorted().iter().map(|d| format!("{} {} {}", d.location(), d.code, d.message)).collect();
        (catalog, found)
    }

    #[test]
    fn is_id_accepts_kebab_case_only() {
        assert!(is_id("lead-research-scientist"));
        assert!(is_id("l5"));
        for bad in ["", "Lead", "a_b", "-a", "a-", "a--b", "a b"] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn stubs_relations_and_references() {
        let (catalog, problems) = catalog(&[
            ("a", "id: a\nstub: true\ntitle: A\nfamily: F\ncareer:\n  next:\n    - role: b\n"),
            ("b", "id: b\nstub: true\ntitle: B\nfamily: F\nlevel: 2\n"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let b = &catalog.roles[catalog.role_ids["b"]];
        assert_eq!(b.named_by, vec![Relation { kind: RelationKind::FollowsFrom, from: catalog.role_ids["a"] }]);
        assert_eq!(b.url, "/roles/b/");
    }

    #[test]
    fn reports_every_reference_problem() {
        let (_, problems) = catalog(&[
            ("a", "id: a\nstub: true\ntitle: A\nfamily: F\ncareer:\n  feeders:\n    - role: a\n  next:\n    - role: bb\n    - role: zzz-unknown\n"),
            ("b", "id: b\nstub: true\ntitle: B\nfamily: F\nlevel: 0\n"),
            ("dup", "id: b\nstub: true\ntitle: B again\nfamily: F\n"),
        ]);
        assert_eq!(
            problems,
            vec![
                "content/roles/a.yaml:7:13 self-reference `a` lists itself as its own feeder",
                "content/roles/a.yaml:9:13 unknown-reference there is no role `bb`",
                "content/roles/a.yaml:10:13 unknown-reference there is no role `zzz-unknown`",
                "content/roles/b.yaml:5:8 bad-level levels start at 1",
                "content/roles/dup.yaml:1:5 duplicate-id there is already a role with id `b`",
            ]
        );
    }

    #[test]
    fn a_reference_to_a_role_whose_file_failed_is_not_a_second_error() {
        let (catalog, problems) = catalog(&[
            ("a", "id: a\nstub: true\ntitle: A\nfamily: F\ncareer:\n  next:\n    - role: b\n    - role: c\n"),
            ("b", "id: b\nstub: true\ntitle: B: two\nfamily: F\n"),
            ("file-c", "id: c\nstub: true\nfamily: F\n"),
        ]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("b.yaml:3:9 yaml-syntax"), "{problems:?}");
        assert!(problems[1].contains("file-c.yaml:1:1 missing-field"), "{problems:?}");
        assert_eq!(catalog.unread.role_files, vec!["roles/b.yaml", "roles/file-c.yaml"]);
    }

    #[test]
    fn ids_are_read_from_the_text_of_a_file_that_is_not_yaml() {
        let ids: Vec<String> = ids_written("- id: rust\n  name: [x\n-   id: 'go' # typed\nidea: no\n").collect();
        assert_eq!(ids, vec!["rust", "go"]);
    }

    #[test]
    fn weights_sum_without_wrapping() {
        // In u32 this is 100 in a release build and a panic in a debug one.
        assert_eq!(weight_sum([4_294_967_295, 101]), 4_294_967_396);
        assert_eq!(weight_sum([u32::MAX; 3]), 3 * u64::from(u32::MAX));
        assert_eq!(weight_sum([40, 60]), 100);
        assert_eq!(weight_sum([]), 0);
    }

    const SCORECARD: &str = "id: x\nstub: true\ntitle: X\nfamily: F\nhiring:\n  scorecard:\n";

    fn scorecard(weights: &[&str]) -> Vec<String> {
        let mut text = SCORECARD.to_string();
        for w in weights {
            text.push_str(&format!("    - dimension: D\n      meets_bar: M\n      weight: {w}\n"));
        }
        catalog(&[("x", &text)]).1
    }

    #[test]
    fn weights_that_wrap_to_100_are_each_rejected_at_their_position() {
        assert_eq!(
            scorecard(&["4294967295", "101"]),
            vec![
                "content/roles/x.yaml:9:15 bad-weight the scorecard weight 4294967295 is more than 100",
                "content/roles/x.yaml:12:15 bad-weight the scorecard weight 101 is more than 100",
            ]
        );
    }

    #[test]
    fn weights_in_range_must_sum_to_100() {
        assert!(scorecard(&["0", "100"]).is_empty());
        assert!(scorecard(&["30", "70"]).is_empty());
        assert_eq!(
            scorecard(&["100", "100"]),
            vec!["content/roles/x.yaml:9:15 scorecard-weights the scorecard weights sum to 200, not 100"]
        );
        // Too large for a u32 at all: the reader's own range error, at the value.
        let problems = scorecard(&["4294967296"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("content/roles/x.yaml:9:15 out-of-range"), "{problems:?}");
    }

    #[test]
    fn levels_run_from_1_to_the_highest_level() {
        let role = |level: &str| format!("id: x\nstub: true\ntitle: X\nfamily: F\nlevel: {level}\n");
        assert!(catalog(&[("x", &role("1"))]).1.is_empty());
        assert!(catalog(&[("x", &role("999"))]).1.is_empty());
        assert_eq!(
            catalog(&[("x", &role("4000000000"))]).1,
            vec!["content/roles/x.yaml:5:8 bad-level level 4000000000 is beyond the highest level, 999"]
        );
        assert_eq!(catalog(&[("x", &role("0"))]).1, vec!["content/roles/x.yaml:5:8 bad-level levels start at 1"]);
    }
}
