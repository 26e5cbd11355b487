//! rolebook: a static site generator for role blueprints.
//!
//! The pipeline runs one way, each stage a module with one job:
//!
//! ```text
//! content (load) → model (URLs, sections, roles) → markdown → validate → render → output
//! ```
//! [`site`] is the only place the stages meet, each a function returning its own value;
//! [`check`] is the validation stage; `rolebook check` is `build` without the final write.
//! No stage reads process-wide state: the highlighting cache is a value passed to the
//! markdown stage, timings come from [`timings`] at the bottom of the module graph.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod error;
pub mod escape;
pub mod highlight;
pub mod highlight_cache;
pub mod history;
pub mod html_attributes;
pub mod init;
pub mod iso_codes;
pub mod markdown;
pub mod model;
pub mod new_role;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source_fs;
pub mod suggest;
pub mod theme;
pub mod timings;
pub mod urls;
pub mod yaml;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `src/`, with its code before any `#[cfg(test)]`.
    fn sources() -> Vec<(PathBuf, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).expect("source is readable");
                let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
                (e.path().strip_prefix(&root).expect("under src").to_path_buf(), code)
            })
            .collect()
    }

    #[test]
    fn no_static_holds_state_that_changes_while_running() {
        // Statics may hold data made once (grammars, the sanitiser's rules). The one
        // exception: a per-thread memo of a pure function, invisible in any output.
        const ALLOWED: &[(&str, &str)] = &[("highlight/classes.rs", "static RULES: RefCell<HashMap<Scope, Rule>>")];
        const MUTABLE: &[&str] =
            &["static mut ", "Atomic", "Mutex", "RwLock", "RefCell", "Cell<", "OnceLock", "OnceCell", "UnsafeCell"];
        let mut found = Vec::new();
        let mut statics = 0;
        for (file, code) in sources() {
            for line in code.lines().map(str::trim) {
                let declares = ["static ", "pub static ", "pub(crate) static "].iter().any(|s| line.starts_with(s));
                if !declares {
                    continue;
                }
                statics += 1;
                let allowed = ALLOWED.iter().any(|(f, l)| file == Path::new(f) && line.starts_with(l));
                if MUTABLE.iter().any(|m| line.contains(m)) && !allowed {
                    found.push(format!("{}: {line}", file.display()));
                }
            }
        }
        assert!(statics >= 3, "the scan sees the grammar and sanitiser statics ({statics} found)");
        assert!(found.is_empty(), "process-wide mutable state; pass a value instead:\n{}", found.join("\n"));
    }

    #[test]
    fn only_the_check_stage_and_the_orchestration_call_the_checks() {
        // Validation lives in check/; the stages before it record what the checks need.
        for (file, code) in sources() {
            let first = file.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
            if ["content", "model", "markdown", "yaml", "render", "output"].contains(&first) {
                assert!(!code.contains("crate::check::lint"), "{} calls a lint", file.display());
            }
        }
    }
}
