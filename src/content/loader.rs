//! Stage 1a: walk `content/` and read every page and data file into memory, sorted by path.
//!
//! All reading goes through [`crate::source_fs`], so nothing outside the site is read and
//! only what [`crate::source_fs::publish_policy`] allows becomes an asset. Unreadable files,
//! invalid UTF-8, links that leave the site or loop, special and oversized files become
//! diagnostics; a file that disappears between the walk and the read is skipped with a
//! warning. Assets are read later, when they are copied, through the same site handle.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use crate::source_fs::decode;
use crate::source_fs::{Found, Problem, SiteFs, WalkPolicy, ASSET_LIMIT, TEXT_LIMIT};

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
    /// Where it really is, from the site root (links resolved by the walk).
    real: PathBuf,
    site: Arc<SiteFs>,
}

impl Asset {
    /// The file's bytes, read through the site handle: a file swapped for a link since the
    /// walk cannot lead the copy outside the site.
    pub fn read(&self) -> Result<Vec<u8>, Problem> {
        self.site.read(&self.real, ASSET_LIMIT)
    }

    /// The file's size as the walk left it, at most what [`Asset::read`] would read.
    pub fn size(&self) -> u64 {
        self.site.size(&self.real).min(ASSET_LIMIT.bytes)
    }

    /// An asset known by its path only, for tests of stages that never read it.
    #[cfg(test)]
    pub(crate) fn unread(content_rel: &str) -> Asset {
        let site = SiteFs::open(Path::new(".")).expect("the working folder opens");
        Asset { content_rel: content_rel.to_string(), real: PathBuf::from(content_rel), site }
    }
}

#[derive(Debug, Default)]
pub struct Sources {
    /// `*.md` pages and sections.
    pub pages: Vec<SourceFile>,
    /// `roles/`, `skills/`, `tools/` and `rubrics/` YAML, and `competencies.yaml`.
    pub data: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Folders under `content/` whose YAML files are role data rather than assets.
pub const DATA_DIRS: &[&str] = &["roles", "skills", "tools", "rubrics", "openings"];

/// The file of the site's competency areas, at the top of `content/`.
pub const COMPETENCIES: &[&str] = &["competencies.yaml", "competencies.yml"];

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
    if is_yaml && (DATA_DIRS.contains(&top) && content_rel.contains('/') || COMPETENCIES.contains(&content_rel)) {
        Kind::Data
    } else {
        Kind::Asset
    }
}

/// Files editors and version control leave beside the content: the watcher ignores their
/// changes. (What is published is [`crate::source_fs::publish_policy`]'s decision.)
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || crate::source_fs::is_editor_leftover(name)
}

/// Reads every page and data file under `root/content`, and lists its assets.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Sources {
    let site = match SiteFs::open(root) {
        Ok(site) => site,
        Err(e) => {
            diagnostics.push(Problem::Io(e).diagnostic("content"));
            return Sources::default();
        }
    };
    let found = site.walk("content", WalkPolicy::Publish, diagnostics);

    let read: Vec<(Found, Result<Option<String>, Diagnostic>)> = found
        .into_par_iter()
        .map(|file| {
            let text = match classify(&file.sub) {
                Kind::Asset => Ok(None),
                _ => site.read_text_at(&file.rel, &file.real, TEXT_LIMIT).map(Some),
            };
            (file, text)
        })
        .collect();

    let mut sources = Sources::default();
    for (file, text) in read {
        let Found { rel, sub: content_rel, real } = file;
        match text {
            Err(d) => diagnostics.push(d),
            Ok(None) => sources.assets.push(Asset { content_rel, real, site: site.clone() }),
            Ok(Some(text)) => {
                let file = SourceFile { rel, content_rel, text };
                match classify(&file.content_rel) {
                    Kind::Page => sources.pages.push(file),
                    _ => sources.data.push(file),
                }
            }
        }
    }
    sources
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

/// Reads the file at `path` (under the site `root`) as UTF-8 text, through the same checks
/// as the walk: for files read one at a time, such as a page the dev server saw change.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let rel = display_rel(root, path);
    let Ok(inside) = path.strip_prefix(root) else {
        return Err(Diagnostic::error(rel, "unreadable", "this file is not inside the site folder"));
    };
    let site = SiteFs::open(root).map_err(|e| Problem::Io(e).diagnostic(&rel))?;
    site.read_text(&slash_path(inside), TEXT_LIMIT)
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
        assert!(matches!(classify("competencies.yaml"), Kind::Data));
        assert!(matches!(classify("rubrics/backend.yaml"), Kind::Data));
        assert!(matches!(classify("docs/competencies.yaml"), Kind::Asset));
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
    fn paths_are_shown_with_single_slashes() {
        assert_eq!(slash_path(Path::new("public/a/index.html")), "public/a/index.html");
        assert_eq!(display_rel(Path::new("/site"), Path::new("/site/public")), "public");
        // An output folder outside the site is shown whole, not as `//tmp/out`.
        assert_eq!(display_rel(Path::new("/site"), Path::new("/tmp/out")), "/tmp/out");
        assert_eq!(slash_path(Path::new("/")), "/");
    }
}
