//! Stage 1a: walk `content/` and read every file into memory, sorted by path.
//!
//! This is the only place (with config and theme loading) that reads the site from disk.
//! Unreadable files, invalid UTF-8 and symlink loops become diagnostics; a file that
//! disappears between the walk and the read is skipped with a warning.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Pos;

/// A text file of the site, relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path from the site root, `/`-separated (e.g. `content/roles/x.yaml`); used in messages.
    pub rel: String,
    /// Path from `content/`, `/`-separated (e.g. `roles/x.yaml`); used for URLs and links.
    pub content_rel: String,
    pub text: String,
}

/// A file copied to the output as it is (images, PDFs, ...).
#[derive(Debug, Clone)]
pub struct Asset {
    pub content_rel: String,
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct Sources {
    /// `*.md` pages and sections.
    pub pages: Vec<SourceFile>,
    /// `roles/`, `skills/` and `tools/` YAML.
    pub data: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Folders under `content/` whose YAML files are role data rather than assets.
pub const DATA_DIRS: &[&str] = &["roles", "skills", "tools"];

enum Kind {
    Page,
    Data,
    Asset,
}

fn classify(content_rel: &str) -> Kind {
    if content_rel.ends_with(".md") {
        return Kind::Page;
    }
    let top = content_rel.split('/').next().unwrap_or("");
    let is_yaml = content_rel.ends_with(".yaml") || content_rel.ends_with(".yml");
    if is_yaml && DATA_DIRS.contains(&top) && content_rel.contains('/') {
        Kind::Data
    } else {
        Kind::Asset
    }
}

/// Files editors and version control leave beside the content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Reads every file under `root/content`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Sources {
    let content = root.join("content");
    let mut paths = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => paths.push(entry.into_path()),
            Ok(_) => {}
            Err(e) => diagnostics.push(walk_error(root, &e)),
        }
    }

    let read: Vec<(PathBuf, Result<Option<String>, Diagnostic>)> = paths
        .into_par_iter()
        .map(|path| {
            let kind = classify(&content_rel(&content, &path));
            let text = match kind {
                Kind::Asset => Ok(None),
                _ => read_text(root, &path).map(Some),
            };
            (path, text)
        })
        .collect();

    let mut sources = Sources::default();
    for (path, text) in read {
        let content_rel = content_rel(&content, &path);
        match text {
            Err(d) => diagnostics.push(d),
            Ok(None) => sources.assets.push(Asset { content_rel, path }),
            Ok(Some(text)) => {
                let file = SourceFile { rel: format!("content/{content_rel}"), content_rel, text };
                match classify(&file.content_rel) {
                    Kind::Page => sources.pages.push(file),
                    _ => sources.data.push(file),
                }
            }
        }
    }
    sources
}

fn content_rel(content: &Path, path: &Path) -> String {
    slash_path(path.strip_prefix(content).unwrap_or(path))
}

/// A path with `/` separators, for messages and URLs on every platform.
pub fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        // The root is itself the separator (`/tmp`, `C:/Users`), never a name joined
        // with one (`//tmp`).
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        if component != std::path::Component::RootDir {
            out.push_str(&component.as_os_str().to_string_lossy());
        } else if out.is_empty() {
            out.push('/');
        }
    }
    out
}

pub fn display_rel(root: &Path, path: &Path) -> String {
    slash_path(path.strip_prefix(root).unwrap_or(path))
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().map(|p| display_rel(root, p)).unwrap_or_else(|| "content".into());
    if error.loop_ancestor().is_some() {
        return Diagnostic::error(path, "symlink-loop", "this symbolic link points back to a folder that contains it")
            .with_hint("remove the link, or point it outside content/");
    }
    Diagnostic::error(path, "unreadable", format!("cannot read this folder: {}", io_reason(error.io_error())))
}

fn io_reason(error: Option<&io::Error>) -> String {
    match error.map(|e| e.kind()) {
        Some(io::ErrorKind::PermissionDenied) => "permission denied".into(),
        Some(io::ErrorKind::NotFound) => "it no longer exists".into(),
        _ => error.map(|e| e.to_string()).unwrap_or_else(|| "unknown error".into()),
    }
}

/// Reads a file as UTF-8 text, dropping a byte-order mark.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let rel = display_rel(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Diagnostic::warning(
                rel,
                "vanished",
                "the file was removed while the site was being read; skipped",
            ))
        }
        Err(e) => {
            return Err(Diagnostic::error(rel, "unreadable", format!("cannot read this file: {}", io_reason(Some(&e)))))
        }
    };
    decode(&rel, bytes)
}

/// UTF-8 bytes → text, with the position of the first bad byte when they are not UTF-8.
pub fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() as u32 + 1;
            let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
            let col = valid[line_start..].chars().count() as u32 + 1;
            let text_before = &valid[line_start..];
            Err(Diagnostic::error(rel, "invalid-utf8", "this file is not valid UTF-8")
                .at(text_before, Pos::new(1, col))
                .with_pos(Pos::new(line, col))
                .with_hint("save the file as UTF-8 (most editors have an \"encoding\" setting)"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_files() {
        assert!(matches!(classify("a/b.md"), Kind::Page));
        assert!(matches!(classify("roles/x.yaml"), Kind::Data));
        assert!(matches!(classify("skills/sub/x.yml"), Kind::Data));
        assert!(matches!(classify("roles.yaml"), Kind::Asset));
        assert!(matches!(classify("img/logo.png"), Kind::Asset));
    }

    #[test]
    fn ignores_editor_files() {
        for name in [".git", ".x.swp", "a.md~", "#a.md#", "4913.tmp"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("about.md"));
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let d = decode("content/a.md", b"---\ntitle: caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!(d.pos, Some(Pos::new(2, 11)));
        assert_eq!(d.snippet.as_deref(), Some("title: caf"));
    }

    #[test]
    fn paths_are_shown_with_single_slashes() {
        assert_eq!(slash_path(Path::new("public/a/index.html")), "public/a/index.html");
        assert_eq!(display_rel(Path::new("/site"), Path::new("/site/public")), "public");
        // An output folder outside the site is shown whole, not as `//tmp/out`.
        assert_eq!(display_rel(Path::new("/site"), Path::new("/tmp/out")), "/tmp/out");
        assert_eq!(slash_path(Path::new("/")), "/");
    }

    #[test]
    fn strips_bom() {
        assert_eq!(decode("a", b"\xef\xbb\xbf---\n".to_vec()).unwrap(), "---\n");
    }
}
