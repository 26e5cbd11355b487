//! Checks beyond reading the content: links in the rendered output, links to other hosts,
//! and content lints. `build` and `check` both run them; `check` can also go online.

pub mod budget;
pub mod external;
pub mod links;
pub mod lint;
