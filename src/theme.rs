//! The theme: templates and static files, layered.
//!
//! Layers, lowest first: the default theme compiled into the binary, the theme folder on
//! disk (`themes/<name>/`), then the site's own `templates/` and `static/`, each
//! overriding the one below file by file.
//!
//! Files are read through [`crate::source_fs`]: a theme is untrusted like the rest of the
//! site, so its links must stay inside the site, its static files pass the same publish
//! policy as `static/`, and its name must be a plain folder under `themes/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source_fs::{Problem, SiteFs, WalkPolicy, ASSET_LIMIT, TEXT_LIMIT};

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
    "templates/picker.html",
    "templates/search.html",
    "templates/tracks.html",
    "templates/track.html",
    "templates/opening.html",
    "templates/openings.html",
    "templates/changes.html",
    "templates/role_history.html",
    "static/style.css",
    "static/favicon.svg",
    "static/search.js",
    "static/compare.js",
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
    let site = match SiteFs::open(root) {
        Ok(site) => site,
        Err(e) => {
            diagnostics.push(Problem::Io(e).diagnostic("."));
            return theme;
        }
    };
    // A name that is not a plain folder name is reported by the config at its position;
    // here it only must not reach the disk.
    if crate::config::theme_name_problem(name).is_none() {
        let theme_dir = format!("themes/{name}");
        match site.resolve(&theme_dir) {
            Ok(real) if site.is_dir(&real) => {
                theme.add_dir(&site, &format!("{theme_dir}/templates"), "templates", diagnostics);
                theme.add_dir(&site, &format!("{theme_dir}/static"), "static", diagnostics);
            }
            Ok(_) | Err(Problem::Missing) => {
                if name != "default" {
                    diagnostics.push(
                        Diagnostic::error(
                            crate::config::CONFIG_FILE,
                            "unknown-theme",
                            format!("there is no theme `{name}`"),
                        )
                        .with_hint(format!("create themes/{name}/ or set `theme: default`")),
                    );
                }
            }
            Err(problem) => diagnostics.push(problem.diagnostic(&theme_dir)),
        }
    }
    theme.add_dir(&site, "templates", "templates", diagnostics);
    theme.add_dir(&site, "static", "static", diagnostics);
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

    /// Adds every file of the site folder `base`, overriding what is there.
    fn add_dir(&mut self, site: &SiteFs, base: &str, kind: &str, diagnostics: &mut Diagnostics) {
        let policy = if kind == "templates" { WalkPolicy::Templates } else { WalkPolicy::Publish };
        for file in site.walk(base, policy, diagnostics) {
            if kind == "templates" {
                match site.read_text_at(&file.rel, &file.real, TEXT_LIMIT) {
                    Ok(text) => {
                        self.templates.insert(file.sub, TemplateSource { text, origin: file.rel });
                    }
                    Err(d) => diagnostics.push(d),
                }
            } else {
                match site.read(&file.real, ASSET_LIMIT) {
                    Ok(bytes) => {
                        self.static_origins.insert(file.sub.clone(), file.rel.clone());
                        self.statics.insert(file.sub, bytes);
                    }
                    Err(Problem::Missing) => {}
                    Err(problem) => diagnostics.push(problem.diagnostic(&file.rel)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader::slash_path;

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
