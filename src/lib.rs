//! rolebook: a static site generator for role blueprints.
//!
//! The pipeline runs one way, each stage a module with one job:
//!
//! ```text
//! content (load) → model (URLs, sections, roles) → markdown → validate → render → output
//! ```
//! [`site`] is the only place the stages meet; `check` is `build` without the final write.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod error;
pub mod highlight;
pub mod highlight_cache;
pub mod init;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source_fs;
pub mod suggest;
pub mod theme;
pub mod urls;
pub mod yaml;
