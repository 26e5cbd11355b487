//! Files under `content/` that look like site data but that nothing reads: a YAML file
//! outside the folders rolebook reads data from (`content/role/x.yaml`, a typo of
//! `roles/`), a page whose name does not end in `.md`. Each would otherwise be copied to
//! the output as it is, and the role or page it holds would silently never appear.

use crate::content::loader::{COMPETENCIES, DATA_DIRS};
use crate::content::Asset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::suggest::did_you_mean;

const MARKDOWN: &[&str] = &[".markdown", ".mdown", ".mkd", ".mkdn", ".md"];

/// One `unread-file` warning per such file, in path order.
pub fn unread_files(assets: &[Asset], diagnostics: &mut Diagnostics) {
    for asset in assets {
        diagnostics.extend_one(unread(&asset.content_rel));
    }
}

fn unread(content_rel: &str) -> Option<Diagnostic> {
    let rel = format!("content/{content_rel}");
    let lower = content_rel.to_ascii_lowercase();
    let (folder, name) = content_rel.rsplit_once('/').unwrap_or(("", content_rel));
    if let Some(ext) = MARKDOWN.iter().find(|ext| lower.ends_with(*ext)) {
        let stem = &name[..name.len() - ext.len()];
        let message = format!("`{rel}` is not read as a page: only files ending in `.md` are; it is copied as it is");
        return Some(Diagnostic::warning(&rel, "unread-file", message).with_hint(format!("rename it `{stem}.md`")));
    }
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return None;
    }
    let top = content_rel.split('/').next().unwrap_or("");
    let message = format!(
        "no part of the site reads `{rel}`: YAML is read from content/{{{}}}/ and content/competencies.yaml; this file is copied as it is",
        DATA_DIRS.join(",")
    );
    let hint = if folder.is_empty() {
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        match (did_you_mean(stem, ["competencies"]), did_you_mean(stem, DATA_DIRS.iter().copied())) {
            (Some(_), _) => format!("did you mean `content/{}`?", COMPETENCIES[0]),
            (None, Some(dir)) => format!("files of {dir} go in the folder `content/{dir}/`"),
            (None, None) => move_hint(name),
        }
    } else {
        match did_you_mean(top, DATA_DIRS.iter().copied()) {
            Some(dir) => {
                let rest = &content_rel[top.len()..];
                format!("did you mean `content/{dir}/`? Move it to `content/{dir}{rest}`")
            }
            None => move_hint(name),
        }
    };
    Some(Diagnostic::warning(&rel, "unread-file", message).with_hint(hint))
}

fn move_hint(name: &str) -> String {
    format!("move it to the folder of what it holds (e.g. `content/roles/{name}`), or to `static/` if it is a download")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(content_rel: &str) -> Option<String> {
        unread(content_rel).map(|d| d.hint.unwrap_or_default())
    }

    #[test]
    fn a_misspelt_data_folder_gets_the_folder_it_meant() {
        assert_eq!(
            hint("role/x.yaml").as_deref(),
            Some("did you mean `content/roles/`? Move it to `content/roles/x.yaml`")
        );
        assert_eq!(
            hint("Skils/a/b.yml").as_deref(),
            Some("did you mean `content/skills/`? Move it to `content/skills/a/b.yml`")
        );
        assert_eq!(hint("competences.yaml").as_deref(), Some("did you mean `content/competencies.yaml`?"));
    }

    #[test]
    fn yaml_nothing_reads_and_markdown_that_is_no_page_are_named() {
        assert!(hint("data/team.yaml").unwrap().contains("`static/` if it is a download"));
        assert_eq!(hint("about.markdown").as_deref(), Some("rename it `about.md`"));
        assert_eq!(hint("Team/Notes.MD").as_deref(), Some("rename it `Notes.md`"));
    }

    #[test]
    fn other_assets_are_not_reported() {
        for asset in ["img/logo.svg", "files/ladder.pdf", "yaml.txt", "a.md.bak"] {
            assert!(unread(asset).is_none(), "{asset}");
        }
    }
}
