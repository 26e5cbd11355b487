//! The theme: templates and static files, layered.
//!
//! Layers, lowest first: the default theme compiled into the binary, the theme folder on
//! disk (`themes/<name>/`), then the site's own `templates/` and `static/`, each
//! overriding the one below file by file.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::loader::{is_ignored_name, read_text, slash_path};
use crate::diagnostics::{Diagnostic, Diagnostics};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme, compiled in so that `rolebook init` and theme-less sites work anywhere.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/page.html",
    "templates/section.html",
    "templates/index.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/404.html",
    "templates/components.html",
    "templates/role.html",
    "templates/roles.html",
    "templates/skill.html",
    "templates/skills.html",
    "templates/tool.html",
    "templates/tools.html",
    "templates/career.html",
    "templates/kpis.html",
    "templates/compare.html",
    "templates/search.html",
    "static/style.css",
    "static/favicon.svg",
    "static/search.js",
];

/// A template's text and where it came from (for messages).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub text: String,
    /// `templates/page.html`, `themes/x/templates/page.html` or `(built-in)/templates/page.html`.
    pub origin: String,
}

#[derive(Debug, Default)]
pub struct Theme {
    /// By template name (`page.html`).
    pub templates: BTreeMap<String, TemplateSource>,
    /// By output path (`style.css`).
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Where each static file came from (`static/x`, `themes/t/static/x` or
    /// `(built-in)/static/x`), by output path: the owner named when it collides.
    pub static_origins: BTreeMap<String, String>,
}

/// Reads the theme named `name` for the site at `root`.
pub fn load(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Theme {
    let mut theme = Theme::default();
    if name == "default" {
        for (path, bytes) in DEFAULT_THEME {
            theme.add(path, bytes.to_vec(), format!("(built-in)/{path}"));
        }
    }
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        theme.add_dir(root, &theme_dir.join("templates"), "templates", diagnostics);
        theme.add_dir(root, &theme_dir.join("static"), "static", diagnostics);
    } else if name != "default" {
        diagnostics.push(
            Diagnostic::error(crate::config::CONFIG_FILE, "unknown-theme", format!("there is no theme `{name}`"))
                .with_hint(format!("create themes/{name}/ or set `theme: default`")),
        );
    }
    theme.add_dir(root, &root.join("templates"), "templates", diagnostics);
    theme.add_dir(root, &root.join("static"), "static", diagnostics);
    theme
}

impl Theme {
    fn add(&mut self, path: &str, bytes: Vec<u8>, origin: String) {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            self.templates.insert(name.to_string(), TemplateSource { text, origin });
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
            self.static_origins.insert(name.to_string(), origin);
        }
    }

    fn add_dir(&mut self, root: &Path, dir: &Path, kind: &str, diagnostics: &mut Diagnostics) {
        if !dir.is_dir() {
            return;
        }
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !skipped(&e.file_name().to_string_lossy(), kind));
        for entry in walker {
            let entry = match entry {
                Ok(entry) if entry.file_type().is_file() => entry,
                Ok(_) => continue,
                Err(e) => {
                    let path = e.path().map(|p| crate::content::loader::display_rel(root, p)).unwrap_or_default();
                    diagnostics.push(Diagnostic::error(path, "unreadable", format!("cannot read: {e}")));
                    continue;
                }
            };
            let rel = slash_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            let origin = crate::content::loader::display_rel(root, entry.path());
            if kind == "templates" {
                match read_text(root, entry.path()) {
                    Ok(text) => {
                        self.templates.insert(rel, TemplateSource { text, origin });
                    }
                    Err(d) => diagnostics.push(d),
                }
            } else {
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        self.statics.insert(rel.clone(), bytes);
                        self.static_origins.insert(rel, origin);
                    }
                    Err(e) => diagnostics.push(Diagnostic::error(origin, "unreadable", format!("cannot read: {e}"))),
                }
            }
        }
    }
}

/// Names never taken from a theme or `static/`. Static files may be dotfiles that hosts
/// need (`.well-known/`, `.nojekyll`, `.htaccess`); editor and version-control files are
/// still left out.
fn skipped(name: &str, kind: &str) -> bool {
    if kind == "static" && name.starts_with('.') {
        return matches!(name, ".git" | ".hg" | ".svn" | ".DS_Store") || is_ignored_name(name.trim_start_matches('.'));
    }
    is_ignored_name(name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn static_dotfiles_for_hosts_are_kept() {
        for kept in [".well-known", ".nojekyll", ".htaccess"] {
            assert!(!super::skipped(kept, "static"), "{kept}");
        }
        for dropped in [".git", ".DS_Store", ".style.css.swp", "style.css~"] {
            assert!(super::skipped(dropped, "static"), "{dropped}");
        }
        assert!(super::skipped(".hidden.html", "templates"));
    }

    use super::*;

    /// Every file of themes/default must be compiled in, or `init` ships a broken theme.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| slash_path(e.path().strip_prefix(&dir).unwrap()))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }
}
