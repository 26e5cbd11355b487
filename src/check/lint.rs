//! Content lints: things that build fine but a careful editor would fix.

use crate::content::sections::{self, CustomKind};
use crate::content::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::blueprint::{self, SectionKind, Shape};
use crate::model::{Catalog, Role};
use crate::yaml::Pos;

/// Byte sequences that UTF-8 text takes on when it is decoded with the wrong code page
/// and saved again (Windows-1252 / Latin-1 and Thai 874, the usual culprits).
const MOJIBAKE: &[(&str, &str)] = &[
    ("â€™", "’"),
    ("â€œ", "“"),
    ("â€\u{9d}", "”"),
    ("â€“", "–"),
    ("â€”", "—"),
    ("â€¦", "…"),
    ("Ã©", "é"),
    ("Ã¨", "è"),
    ("Ã¶", "ö"),
    ("Ã¼", "ü"),
    ("Ã¤", "ä"),
    ("Â ", " "),
    ("โ€™", "’"),
    ("โ€œ", "“"),
    ("โ€”", "—"),
    ("โ€“", "–"),
    ("โ€", "”"),
];

/// Text that looks double-encoded, reported once per file at its first occurrence.
pub fn mojibake(file: &SourceFile) -> Option<Diagnostic> {
    if !may_hold_mojibake(&file.text) {
        return None;
    }
    let (at, (bad, good)) =
        MOJIBAKE.iter().filter_map(|pair| file.text.find(pair.0).map(|at| (at, pair))).min_by_key(|(at, _)| *at)?;
    let before = &file.text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() as u32 + 1;
    Some(
        Diagnostic::warning(&file.rel, "mojibake", format!("`{bad}` looks like text decoded with the wrong encoding"))
            .at(&file.text, Pos::new(line, col))
            .with_hint(format!("it was probably `{good}`; replace every such sequence and save the file as UTF-8")),
    )
}

/// Every pattern starts with `â`, `Ã`, `Â` or `โ`; most files have none, so one scan over
/// their lead bytes (0xC3, 0xE0) decides, fast enough to run on every page of a big site.
fn may_hold_mojibake(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xC3, 0xE0, bytes).any(|i| {
        matches!(bytes.get(i..i + 2), Some([0xC3, 0xA2 | 0x83 | 0x82]))
            || bytes.get(i..i + 3) == Some(&[0xE0, 0xB9, 0x82])
    })
}

/// Lints the roles, skills and tools of a catalogue.
pub fn catalog(catalog: &Catalog, shape: &Shape, diagnostics: &mut Diagnostics) {
    for file in &catalog.files {
        diagnostics.extend_one(mojibake(file));
    }
    // A section the site's shape requires of a written role must be filled in, not removed.
    let shape_requires = |file: usize, key: &str| {
        catalog.roles.iter().any(|role| {
            role.file == file
                && !role.is_stub()
                && !blueprint::not_applicable(role, key)
                && shape.get(key).is_some_and(|s| s.required)
        })
    };
    for empty in &catalog.empty_keys {
        let required = crate::content::required::role_key_is_required(&empty.path)
            || !empty.path.contains(['.', '[']) && shape_requires(empty.file, &empty.path);
        diagnostics.push(empty_key(&catalog.files[empty.file], &empty.path, empty.pos, required));
    }
    for role in &catalog.roles {
        let file = &catalog.files[role.file];
        not_applicable(role, file, shape, diagnostics);
        own_sections(role, file, shape, diagnostics);
        if !role.is_stub() && role.read_cleanly {
            let left_empty: Vec<&str> =
                catalog.empty_keys.iter().filter(|e| e.file == role.file).map(|e| e.path.as_str()).collect();
            sections_against_shape(role, file, shape, &left_empty, diagnostics);
        }
    }
    same_names(catalog, diagnostics);
}

fn warn(file: &SourceFile, pos: Pos, code: &'static str, message: String, hint: &str) -> Diagnostic {
    Diagnostic::warning(&file.rel, code, message).at(&file.text, pos).with_hint(hint)
}

/// A written role has every section its site requires, and writes none the site does not
/// show. A site that declares its own shape requires only what it says; the built-in shape
/// requires all twenty, and asks in particular for KPIs and a scorecard, which a blueprint
/// people hire against needs. A section written but left empty (`left_empty`) is already
/// reported where it is, once.
fn sections_against_shape(
    role: &Role,
    file: &SourceFile,
    shape: &Shape,
    left_empty: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let id = &role.raw.id.value;
    let missing: Vec<&str> = shape
        .sections
        .iter()
        .filter(|s| s.required && !blueprint::has(role, s) && !blueprint::not_applicable(role, &s.key))
        .filter(|s| !left_empty.contains(&s.key.as_str()))
        .map(|s| s.key.as_str())
        .collect();
    if !missing.is_empty() {
        let list = missing.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
        let hint = if shape.declared {
            "add them, or list them under `not_applicable:` if they do not apply to this role"
        } else {
            "add the missing sections (see docs/role-format.md), list them under `not_applicable:`, mark the role `stub: true` until its blueprint is written, or declare the site's own `blueprint:` in rolebook.yaml"
        };
        diagnostics.push(warn(
            file,
            role.raw.id.pos,
            "missing-section",
            format!("the blueprint `{id}` has no {list}"),
            hint,
        ));
    }
    let required = |key: &str| shape.get(key).is_some_and(|s| s.required) && !blueprint::not_applicable(role, key);
    let raw = &role.raw;
    if required("kpis")
        && raw.kpis.as_ref().is_some_and(|k| k.metrics.is_empty())
        && !left_empty.contains(&"kpis.metrics")
    {
        diagnostics.push(warn(
            file,
            role.raw.id.pos,
            "no-kpis",
            format!("the blueprint `{id}` has no KPIs"),
            "add `kpis.metrics` so the role's success can be measured",
        ));
    }
    if required("hiring")
        && raw.hiring.as_ref().is_some_and(|h| h.scorecard.is_empty())
        && !left_empty.contains(&"hiring.scorecard")
    {
        diagnostics.push(warn(
            file,
            role.raw.id.pos,
            "no-scorecard",
            format!("the blueprint `{id}` has no hiring scorecard"),
            "add `hiring.scorecard` with weighted dimensions",
        ));
    }
    if shape.declared {
        let hidden: Vec<&str> = sections::SECTIONS
            .iter()
            // Career links are used whether or not their section is shown: they make the
            // career paths, the path at the top of the role page and the comparisons.
            .filter(|s| !matches!(s.key, "expectations" | "career") && (s.written)(raw) && !shape.shows(s.key))
            .map(|s| s.key)
            .collect();
        if !hidden.is_empty() {
            let list = hidden.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
            diagnostics.push(warn(
                file,
                role.raw.id.pos,
                "section-not-shown",
                format!("`{id}` writes {list}, which the site's blueprint does not show"),
                if hidden.len() == 1 {
                    "add it to `blueprint.sections` in rolebook.yaml, or remove it from the role"
                } else {
                    "add them to `blueprint.sections` in rolebook.yaml, or remove them from the role"
                },
            ));
        }
    }
}

/// `not_applicable:` names sections, each once; a section marked so is not also written.
fn not_applicable(role: &Role, file: &SourceFile, shape: &Shape, diagnostics: &mut Diagnostics) {
    let marked = role.raw.not_applicable.iter().flatten();
    for (i, key) in marked.clone().enumerate() {
        let built_in = sections::by_key(&key.value);
        let own = shape.get(&key.value).filter(|s| matches!(s.kind, SectionKind::Custom(_)));
        if built_in.is_none() && own.is_none() {
            let mut known: Vec<&str> = sections::keys().collect();
            known.extend(own_keys(shape));
            let hint = match crate::suggest::did_you_mean(&key.value, known.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the sections are: {}", known.join(", ")),
            };
            let d =
                Diagnostic::error(&file.rel, "unknown-section", format!("`{}` is not a blueprint section", key.value));
            diagnostics.push(d.at(&file.text, key.pos).with_hint(hint));
            continue;
        }
        if marked.clone().take(i).any(|k| k.value == key.value) {
            continue;
        }
        let written = match built_in {
            Some(section) => section.key != "expectations" && (section.written)(&role.raw),
            None => blueprint::custom_text(role, &key.value).is_some(),
        };
        if written {
            diagnostics.push(warn(
                file,
                key.pos,
                "written-but-not-applicable",
                format!("`{}` is marked not applicable but is written in this role", key.value),
                "remove it from `not_applicable:` to show it, or delete the section",
            ));
        } else if shape.declared && !shape.shows(&key.value) {
            diagnostics.push(warn(
                file,
                key.pos,
                "not-in-blueprint",
                format!("the site's blueprint has no `{}` section, so it need not be marked not applicable", key.value),
                "remove it from `not_applicable:`",
            ));
        }
    }
}

/// The keys of the site's own sections.
fn own_keys(shape: &Shape) -> impl Iterator<Item = &str> + Clone {
    shape.sections.iter().filter(|s| matches!(s.kind, SectionKind::Custom(_))).map(|s| s.key.as_str())
}

/// A role's `sections:` name sections the site declared, each written in its kind.
fn own_sections(role: &Role, file: &SourceFile, shape: &Shape, diagnostics: &mut Diagnostics) {
    let written = role.raw.sections.iter().flat_map(|s| &s.0);
    for (i, (key, text)) in written.clone().enumerate() {
        let error = |code: &'static str, message: String, hint: String| {
            Diagnostic::error(&file.rel, code, message).at(&file.text, key.pos).with_hint(hint)
        };
        let declared = shape.get(&key.value).and_then(|s| match s.kind {
            SectionKind::Custom(kind) => Some(kind),
            SectionKind::BuiltIn(_) => None,
        });
        if written.clone().take(i).any(|(k, _)| k.value == key.value) {
            diagnostics.push(error(
                "duplicate-section",
                format!("`{}` is written twice", key.value),
                "keep one".into(),
            ));
            continue;
        }
        match declared {
            None if sections::by_key(&key.value).is_some() => diagnostics.push(error(
                "unknown-section",
                format!(
                    "`{}` is a built-in section, written at the top level of the role, not under `sections:`",
                    key.value
                ),
                format!("move `{}:` out of `sections:`", key.value),
            )),
            None => {
                let hint = match crate::suggest::did_you_mean(&key.value, own_keys(shape)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None if own_keys(shape).next().is_none() => {
                        "declare it in rolebook.yaml under `blueprint.sections` with a `kind:` and a `heading:`".into()
                    }
                    None => format!("the site's own sections are: {}", own_keys(shape).collect::<Vec<_>>().join(", ")),
                };
                diagnostics.push(error("unknown-section", format!("the site has no section `{}`", key.value), hint));
            }
            Some(kind) if kind != text.kind() => {
                let hint = match kind {
                    CustomKind::Prose => "write it as text (use `|` for several paragraphs)",
                    CustomKind::List => "write it as a list of items (`- ...` on each line)",
                };
                diagnostics.push(error(
                    "section-kind",
                    format!(
                        "`{}` is a {} section, but this is {}",
                        key.value,
                        kind.as_str(),
                        match text.kind() {
                            CustomKind::Prose => "text",
                            CustomKind::List => "a list",
                        }
                    ),
                    hint.into(),
                ));
            }
            Some(_) => {}
        }
    }
}

/// A key left empty (`daily: []`): the page would show a heading with nothing under it.
/// Removing a `required` key is no fix (it would be missing), so its hint does not say so.
fn empty_key(file: &SourceFile, path: &str, pos: Pos, required: bool) -> Diagnostic {
    let hint = if required {
        "fill it in: the key is required"
    } else {
        "fill it in, or remove the key so the page leaves the heading out"
    };
    warn(file, pos, "empty-section", format!("`{path}` is empty"), hint)
}

/// Two skills (or tools) whose names differ only in case, spacing or punctuation are
/// probably one thing entered twice.
fn same_names(catalog: &Catalog, diagnostics: &mut Diagnostics) {
    let key =
        |name: &str| name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, skill) in catalog.skills.iter().enumerate() {
        if let Some(&first) = seen.get(&key(&skill.raw.name)) {
            let other = &catalog.skills[first];
            let file = &catalog.files[skill.file];
            diagnostics.push(warn(
                file,
                skill.raw.id.pos,
                "duplicate-skill",
                format!(
                    "skill `{}` (“{}”) looks like `{}` (“{}”)",
                    skill.raw.id.value, skill.raw.name, other.raw.id.value, other.raw.name
                ),
                "keep one skill and point every role at its id",
            ));
        } else {
            seen.insert(key(&skill.raw.name), i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_scan_finds_each_lead_character_and_nothing_else() {
        for lead in ['â', 'Ã', 'Â', 'โ'] {
            assert!(may_hold_mojibake(&format!("plain text {lead} more")), "{lead}");
        }
        for other in ["plain ascii", "é à ü ñ", "ไทย ก", "日本語", ""] {
            assert!(!may_hold_mojibake(other), "{other}");
        }
    }

    fn file(text: &str) -> SourceFile {
        SourceFile { rel: "content/roles/x.yaml".into(), content_rel: "roles/x.yaml".into(), text: text.into() }
    }

    #[test]
    fn finds_mojibake_at_its_position() {
        let d = mojibake(&file("title: ok\nsummary: the teamâ€™s goal\n")).unwrap();
        assert_eq!(d.pos, Some(Pos::new(2, 18)));
        assert!(d.hint.unwrap().contains("’"));
        assert!(mojibake(&file("title: the team’s goal — fine\n")).is_none());
    }
}
