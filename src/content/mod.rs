//! Stage 1: the site on disk → sources in memory → parsed pages and role data.

pub mod framework;
pub mod frontmatter;
pub mod loader;
pub mod opening;
pub mod page;
pub mod required;
pub mod role;
pub mod sections;

pub use loader::{load, Asset, SourceFile, Sources};
pub use page::{FrontMatter, ParsedPage};

/// A problem found while reading YAML, as a diagnostic. The YAML path leads the message
/// (`skills.must_have[2].importance: unknown value ...`) so the field is clear even in
/// long files.
pub fn yaml_diagnostic(rel: &str, text: &str, problem: crate::yaml::Problem) -> crate::diagnostics::Diagnostic {
    let message =
        if problem.path.is_empty() { problem.message } else { format!("{}: {}", problem.path, problem.message) };
    let mut d = crate::diagnostics::Diagnostic::error(rel, problem.code, message).at(text, problem.pos);
    d.hint = problem.hint;
    d
}
