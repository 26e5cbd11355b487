//! Stage 1: the site on disk → sources in memory → parsed pages and role data.

pub mod frontmatter;
pub mod loader;
pub mod page;

pub use loader::{load, Asset, SourceFile, Sources};
pub use page::{FrontMatter, ParsedPage};
