//! `rolebook new role <id>`: writes `content/roles/<id>.yaml`, a role that passes `check`
//! as it is, so a new role starts from a green build rather than from a blank file.
//!
//! A written role gets its header, a summary to fill in, and every other section of the
//! site's blueprint listed under `not_applicable:` (shown nowhere, warned about nowhere)
//! until it is written; a stub gets the header only. `--from <id>` puts the role one level
//! above another on its family and track, names that role as its feeder, and returns the
//! lines that role needs to name the new one back.
//!
//! The site's roles are read through [`SiteFs`] like every source; the one file written is
//! created beside them, never replacing a file, and never through a link that leaves the
//! site.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::framework::RawRubric;
use crate::content::role::RawRole;
use crate::content::SourceFile;
use crate::diagnostics::Diagnostics;
use crate::error::{Error, Result};
use crate::model::blueprint::Shape;
use crate::model::roles::{is_id, parse_role};
use crate::source_fs::{Problem, SiteFs, WalkPolicy, TEXT_LIMIT};

/// What `new role` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub root: PathBuf,
    pub id: String,
    /// The role this one follows: same family and track, one level up, named as its feeder.
    pub from: Option<String>,
    pub stub: bool,
    pub title: Option<String>,
}

/// What was written, and what the user still has to do.
#[derive(Debug)]
pub struct Created {
    pub id: String,
    /// From the site root, e.g. `content/roles/x.yaml`.
    pub file: String,
    /// For `--from`: the file of the role it follows and the YAML to add to it so the
    /// step is declared on both sides (else `check` warns `one-sided-step`).
    pub back_link: Option<(String, String)>,
    /// The site has other roles and nothing leads to this one yet: `check` will warn
    /// `unreachable-role` until a role names it.
    pub unconnected: bool,
}

/// An existing role, as much as `new role` needs of it.
struct Known {
    rel: String,
    text: String,
    role: RawRole,
}

/// Scaffolds the role `request` asks for.
pub fn new_role(request: &Request) -> Result<Created> {
    let id = request.id.as_str();
    if !is_id(id) {
        return Err(Error::Usage(format!(
            "`{id}` is not a valid role id; use lowercase letters, digits and single dashes, e.g. `{}`",
            crate::slug::slugify(id)
        )));
    }
    if !request.root.join("content").is_dir() {
        return Err(Error::NotASite { root: request.root.clone() });
    }
    let site = SiteFs::open(&request.root).map_err(|e| Error::io(&request.root, e))?;
    let file = format!("content/roles/{id}.yaml");
    let roles = read_roles(&site)?;
    if let Some(existing) = roles.iter().find(|k| k.role.id.value == id) {
        return Err(Error::Usage(format!("there is already a role `{id}`, in {}", existing.rel)));
    }
    for taken in [file.clone(), format!("content/roles/{id}.yml")] {
        if !matches!(site.resolve(&taken), Err(Problem::Missing)) {
            return Err(Error::Usage(format!("`{taken}` already exists; choose another id or edit that file")));
        }
    }
    let from = match &request.from {
        None => None,
        Some(from) => Some(find(&roles, from)?),
    };

    let mut diagnostics = Diagnostics::new();
    let config = crate::config::load(&request.root, &mut diagnostics);
    let shape = Shape::of(config.blueprint.as_ref());
    let text = scaffold(request, from, &roles, &shape, &rubric_rungs(&site));
    write_new(&site, &request.root, &file, &text)?;

    let back_link = from.map(|f| (f.rel.clone(), back_link_yaml(&f.text, id)));
    Ok(Created { id: id.to_string(), file, back_link, unconnected: from.is_none() && !roles.is_empty() })
}

/// Every role file that parses, whatever else is wrong with it: `new role` needs ids and
/// headers, and `check` is where the problems are reported.
fn read_roles(site: &SiteFs) -> Result<Vec<Known>> {
    let mut ignored = Diagnostics::new();
    let mut known = Vec::new();
    for found in site.walk("content/roles", WalkPolicy::Publish, &mut ignored) {
        if !(found.rel.ends_with(".yaml") || found.rel.ends_with(".yml")) {
            continue;
        }
        let Ok(text) = site.read_text_at(&found.rel, &found.real, TEXT_LIMIT) else { continue };
        let file = SourceFile { rel: found.rel.clone(), content_rel: format!("roles/{}", found.sub), text };
        if let Some(role) = parse_role(&file, &mut ignored).and_then(|f| f.role) {
            known.push(Known { rel: file.rel, text: file.text, role });
        }
    }
    Ok(known)
}

/// (family, track, level) of every rung of the site's rubrics: a role there takes its
/// expectations from the rubric.
fn rubric_rungs(site: &SiteFs) -> Vec<(String, String, u32)> {
    let mut ignored = Diagnostics::new();
    let mut rungs = Vec::new();
    for found in site.walk("content/rubrics", WalkPolicy::Publish, &mut ignored) {
        let Ok(text) = site.read_text_at(&found.rel, &found.real, TEXT_LIMIT) else { continue };
        let Ok(node) = crate::yaml::parse(&text, 1) else { continue };
        let Some(rubric) = crate::yaml::from_node::<RawRubric>(&node, &mut Vec::new()) else { continue };
        for level in &rubric.levels {
            rungs.push((rubric.family.clone(), rubric.track.clone(), level.level.value));
        }
    }
    rungs
}

/// The role `id`, or a usage error with the closest id when it is a likely typo.
fn find<'k>(roles: &'k [Known], id: &str) -> Result<&'k Known> {
    if let Some(found) = roles.iter().find(|k| k.role.id.value == id) {
        return Ok(found);
    }
    let ids = roles.iter().map(|k| k.role.id.value.as_str());
    let hint = match crate::suggest::did_you_mean(id, ids) {
        Some(close) => format!("did you mean `{close}`?"),
        None if roles.is_empty() => "the site has no roles yet; leave out --from".to_string(),
        None => "`--from` takes the id of a role in content/roles/".to_string(),
    };
    Err(Error::Usage(format!("--from: there is no role `{id}`; {hint}")))
}

/// `analytics-engineer` → `Analytics Engineer`.
fn title_of(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A YAML scalar that reads back as `text`: plain when that is safe, else double-quoted.
fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !text.ends_with(' ')
        && !text.contains(": ")
        && !text.contains(" #")
        && text.chars().all(|c| !c.is_control())
        && !matches!(text.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~")
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).expect("a string serialises")
    }
}

/// The family a role without `--from` joins: the one most of the site's roles are in.
fn usual_family(roles: &[Known]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for k in roles {
        *counts.entry(k.role.family.as_str()).or_default() += 1;
    }
    counts.iter().max_by_key(|(name, n)| (**n, std::cmp::Reverse(*name))).map_or("General", |(f, _)| f).to_string()
}

fn scaffold(
    request: &Request,
    from: Option<&Known>,
    roles: &[Known],
    shape: &Shape,
    rungs: &[(String, String, u32)],
) -> String {
    let id = &request.id;
    let title = request.title.clone().unwrap_or_else(|| title_of(id));
    let mut out = String::new();
    if request.stub {
        out.push_str(
            "# A stub: a role that is named but not written yet. Its page says so and lists the\n\
             # roles that lead to it. To write it, remove `stub: true` and add its sections\n\
             # (docs/role-format.md), or run `rolebook new role` again without --stub.\n",
        );
    } else {
        out.push_str(
            "# Written by `rolebook new role`. Fill in the summary, then write the other sections\n\
             # one by one (docs/role-format.md describes each), taking each out of\n\
             # `not_applicable` as you write it: until then it is neither shown nor warned about.\n",
        );
    }
    out.push_str(&format!("id: {id}\n"));
    if request.stub {
        out.push_str("stub: true\n");
    }
    out.push_str(&format!("title: {}\n", scalar(&title)));
    match from {
        Some(f) => {
            out.push_str(&format!("family: {}\n", scalar(&f.role.family)));
            if let Some(track) = &f.role.track {
                out.push_str(&format!("track: {}\n", scalar(track)));
            }
            if let Some(level) = &f.role.level {
                out.push_str(&format!("level: {}\n", level.value + 1));
            }
            if let Some(rubric) = &f.role.rubric {
                out.push_str(&format!("rubric: {}\n", rubric.value));
            }
        }
        None => out.push_str(&format!("family: {}\n", scalar(&usual_family(roles)))),
    }
    let mut written: Vec<&str> = Vec::new();
    if !request.stub && shape.shows("summary") {
        written.push("summary");
        out.push_str(
            "summary:\n  description: |\n    What this role is for: the problem it exists to solve, its scope, and who it\n    \
             works with.\n",
        );
    }
    if let Some(f) = from {
        written.push("career");
        out.push_str(&format!("career:\n  feeders:\n    - role: {}\n", f.role.id.value));
    }
    if !request.stub {
        // A role on a rubric (or naming one, as the role it follows does) takes its
        // expectations from it, so they are marked only when they would be missing;
        // every other section waits here until it is written.
        let on_rubric = from.is_some_and(|f| {
            f.role.rubric.is_some()
                || rungs.iter().any(|(family, track, level)| {
                    *family == f.role.family
                        && Some(track) == f.role.track.as_ref()
                        && f.role.level.as_ref().is_some_and(|l| l.value + 1 == *level)
                })
        });
        let expectations_missing = !on_rubric && shape.get("expectations").is_some_and(|s| s.required);
        let waiting: Vec<&str> = shape
            .sections
            .iter()
            .map(|s| s.key.as_str())
            .filter(|key| !written.contains(key) && (*key != "expectations" || expectations_missing))
            .collect();
        if !waiting.is_empty() {
            out.push_str("not_applicable:\n");
            for key in waiting {
                out.push_str(&format!("  - {key}\n"));
            }
        }
    }
    out
}

/// The lines `from`'s file needs so that it names `id` as a next role, fitted to what the
/// file already has: an item under an existing `next:`, a `next:` under `career:`, or a
/// whole `career:` block.
fn back_link_yaml(from_text: &str, id: &str) -> String {
    let lines: Vec<&str> = from_text.lines().collect();
    let Some(career) = lines.iter().position(|l| l.trim_end() == "career:") else {
        return format!("career:\n  next:\n    - role: {id}\n");
    };
    let block: Vec<&str> =
        lines[career + 1..].iter().copied().take_while(|l| l.is_empty() || l.starts_with([' ', '#'])).collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(next) = block.iter().position(|l| l.trim_end().trim_start() == "next:") else {
        let key =
            block.iter().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).map_or(2, |l| indent(l));
        return format!("{}next:\n{}- role: {id}\n", " ".repeat(key), " ".repeat(key * 2));
    };
    let item = block[next + 1..]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map_or(indent(block[next]) + 2, |l| indent(l));
    format!("{}- role: {id}\n", " ".repeat(item))
}

/// Creates `rel` under the site with `text`, failing if anything is there already. The
/// folder is resolved through the site handle, so a `content/roles` that is a link out of
/// the site is refused rather than written through.
fn write_new(site: &SiteFs, root: &Path, rel: &str, text: &str) -> Result<()> {
    let (dir, name) = rel.rsplit_once('/').expect("a path under content/roles");
    let real_dir = match site.resolve(dir) {
        Ok(real) => root.join(real),
        Err(Problem::Missing) => {
            let content = match site.resolve("content") {
                Ok(real) => root.join(real),
                Err(problem) => return Err(Error::Usage(format!("cannot use `content/`: {}", problem_text(problem)))),
            };
            let roles = content.join("roles");
            std::fs::create_dir(&roles).map_err(|e| Error::io(&roles, e))?;
            roles
        }
        Err(problem) => return Err(Error::Usage(format!("cannot write into `{dir}/`: {}", problem_text(problem)))),
    };
    let path = real_dir.join(name);
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| Error::io(&path, e))?;
    file.write_all(text.as_bytes()).map_err(|e| Error::io(&path, e))
}

/// What `new role` prints: the file written, what is still to do, and the next command.
pub fn report(created: &Created, program: &str, root: &Path) -> String {
    let shown = root.display().to_string();
    let (prefix, flag) = if shown == "." {
        (String::new(), String::new())
    } else {
        (format!("{}/", shown.trim_end_matches('/')), format!(" --root {}", crate::init::shell_word(&shown)))
    };
    let mut out = format!("Created {prefix}{}.\n", created.file);
    if let Some((file, yaml)) = &created.back_link {
        let place = match yaml.split_whitespace().next() {
            Some("career:") => "at the end".to_string(),
            Some("next:") => "under `career:`".to_string(),
            _ => "under `career.next:`".to_string(),
        };
        out.push_str(&format!(
            "So that the step is declared on both sides, add these lines to {prefix}{file}, {place}:\n\n{yaml}\n"
        ));
    }
    if created.unconnected {
        out.push_str(&format!(
            "No role leads to it yet, so `check` warns `unreachable-role` until one does: add `- role: {}` \
             to another role's `career.next`, or run `new role` with `--from <id>`.\n",
            created.id
        ));
    }
    out.push_str(&format!("Next: {program} check{flag}\n"));
    out
}

fn problem_text(problem: Problem) -> String {
    problem.diagnostic("").message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_made_from_the_id_when_none_is_given() {
        assert_eq!(title_of("analytics-engineer"), "Analytics Engineer");
        assert_eq!(title_of("ml-engineer-2"), "Ml Engineer 2");
    }

    #[test]
    fn a_title_that_yaml_would_misread_is_quoted() {
        assert_eq!(scalar("Data Engineer"), "Data Engineer");
        assert_eq!(scalar("Lead: Platform"), "\"Lead: Platform\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("2"), "\"2\"");
        assert_eq!(scalar("- dash"), "\"- dash\"");
    }

    #[test]
    fn the_back_link_fits_what_the_feeders_file_already_has() {
        let with_next = "id: a\ncareer:\n  next:\n    - role: b\n  promotion_skills: [x]\n";
        assert_eq!(back_link_yaml(with_next, "c"), "    - role: c\n");
        let flush_items = "id: a\ncareer:\n  next:\n  - role: b\n";
        assert_eq!(back_link_yaml(flush_items, "c"), "  - role: c\n");
        let no_next = "id: a\ncareer:\n  feeders:\n    - role: z\nrisks: {}\n";
        assert_eq!(back_link_yaml(no_next, "c"), "  next:\n    - role: c\n");
        assert_eq!(back_link_yaml("id: a\n", "c"), "career:\n  next:\n    - role: c\n");
    }
}
