//! `rolebook init`: a new site that passes `check --deny-warnings` at once, with a small
//! ladder to learn from and edit: two written roles, a stub, the skill and tool catalogues
//! they use, competency areas, a rubric and two pages.
//!
//! The starter's text lives in `src/init/starter/`, one file per file it writes, so it can
//! be read and edited as a site (`rolebook check --root src/init/starter` checks it as it
//! is; a test does the same through `init`).

use std::path::Path;

use crate::error::{Error, Result};

/// The starter site: (path in the new site, text), in the order they are written.
pub const STARTER: &[(&str, &str)] = &[
    ("rolebook.yaml", include_str!("init/starter/rolebook.yaml")),
    // Stored under another name so git does not read it as this repository's own rules.
    (".gitignore", include_str!("init/starter/gitignore.txt")),
    ("content/_index.md", include_str!("init/starter/content/_index.md")),
    ("content/about.md", include_str!("init/starter/content/about.md")),
    ("content/competencies.yaml", include_str!("init/starter/content/competencies.yaml")),
    ("content/rubrics/data-engineering.yaml", include_str!("init/starter/content/rubrics/data-engineering.yaml")),
    ("content/skills/skills.yaml", include_str!("init/starter/content/skills/skills.yaml")),
    ("content/tools/tools.yaml", include_str!("init/starter/content/tools/tools.yaml")),
    ("content/roles/data-engineer.yaml", include_str!("init/starter/content/roles/data-engineer.yaml")),
    ("content/roles/senior-data-engineer.yaml", include_str!("init/starter/content/roles/senior-data-engineer.yaml")),
    ("content/roles/staff-data-engineer.yaml", include_str!("init/starter/content/roles/staff-data-engineer.yaml")),
];

/// Creates a site in `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "`{}` is not empty; choose a new folder name so no file is overwritten",
                dir.display()
            )));
        }
    }
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// What to type to run this same rolebook again: `rolebook` when that is how it was run
/// (found on the PATH), else the path it was run by, which works from the same folder.
/// A newcomer who ran `target/release/rolebook` has no `rolebook` on the PATH yet.
pub fn command_name(argv0: &str) -> String {
    let bare = !argv0.contains('/') && !argv0.contains('\\');
    if bare || argv0.is_empty() {
        return "rolebook".to_string();
    }
    shell_word(argv0)
}

/// `word` as one shell word: as it is when it needs no quoting, else in single quotes.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | ':' | '+' | '@'));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The message `init` ends with: what was made, and the commands that come next, each
/// ready to paste (the site folder passed with `--root`, so no `cd` is needed and a
/// relative program path still works).
pub fn next_steps(program: &str, dir: &Path) -> String {
    let shown = dir.display().to_string();
    let root = if shown == "." { String::new() } else { format!(" --root {}", shell_word(&shown)) };
    let public = if shown == "." { "public/".to_string() } else { format!("{}/public/", shown.trim_end_matches('/')) };
    format!(
        "Created a new site in {shown}: two written roles on a Data Engineering ladder, a stub, \
         skills, tools, a track rubric and two pages.\n\
         Next:\n  \
         {program} check{root}    find every problem at once; writes nothing\n  \
         {program} serve{root}    preview at http://127.0.0.1:1111/, reloading as you save\n  \
         {program} build{root}    write the site to {public}\n  \
         {program} new role analytics-engineer --from data-engineer{root}    start a new role\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_program_name_came_from_the_path_and_a_path_is_repeated_as_typed() {
        assert_eq!(command_name("rolebook"), "rolebook");
        assert_eq!(command_name("target/release/rolebook"), "target/release/rolebook");
        assert_eq!(command_name("/opt/my tools/rolebook"), "'/opt/my tools/rolebook'");
    }

    #[test]
    fn next_steps_pass_the_site_folder_so_no_cd_is_needed() {
        let text = next_steps("rolebook", Path::new("my site"));
        assert!(text.contains("rolebook check --root 'my site'"), "{text}");
        assert!(text.contains("to my site/public/"), "{text}");
        let here = next_steps("./rolebook", Path::new("."));
        assert!(here.contains("./rolebook build    "), "{here}");
    }

    #[test]
    fn every_starter_file_is_written_once() {
        let mut paths: Vec<&str> = STARTER.iter().map(|(p, _)| *p).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), STARTER.len());
    }
}
