//! Content lints: things that build fine but a careful editor would fix.

use crate::content::role::RawRole;
use crate::content::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Catalog;
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
pub fn catalog(catalog: &Catalog, diagnostics: &mut Diagnostics) {
    for file in &catalog.files {
        diagnostics.extend_one(mojibake(file));
    }
    for empty in &catalog.empty_keys {
        diagnostics.push(empty_key(&catalog.files[empty.file], &empty.path, empty.pos));
    }
    for role in &catalog.roles {
        let file = &catalog.files[role.file];
        if !role.is_stub() {
            role_gaps(&role.raw, file, diagnostics);
        }
    }
    same_names(catalog, diagnostics);
}

fn warn(file: &SourceFile, pos: Pos, code: &'static str, message: String, hint: &str) -> Diagnostic {
    Diagnostic::warning(&file.rel, code, message).at(&file.text, pos).with_hint(hint)
}

/// A blueprint people hire against needs ways to measure the role and to judge candidates.
fn role_gaps(role: &RawRole, file: &SourceFile, diagnostics: &mut Diagnostics) {
    let id = &role.id.value;
    if role.kpis.as_ref().is_none_or(|k| k.metrics.is_empty()) {
        diagnostics.push(warn(
            file,
            role.id.pos,
            "no-kpis",
            format!("the blueprint `{id}` has no KPIs"),
            "add `kpis.metrics` so the role's success can be measured",
        ));
    }
    if role.hiring.as_ref().is_none_or(|h| h.scorecard.is_empty()) {
        diagnostics.push(warn(
            file,
            role.id.pos,
            "no-scorecard",
            format!("the blueprint `{id}` has no hiring scorecard"),
            "add `hiring.scorecard` with weighted dimensions",
        ));
    }
}

/// A key left empty (`daily: []`): the page would show a heading with nothing under it.
fn empty_key(file: &SourceFile, path: &str, pos: Pos) -> Diagnostic {
    warn(
        file,
        pos,
        "empty-section",
        format!("`{path}` is empty"),
        "fill it in, or remove the key so the page leaves the heading out",
    )
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
