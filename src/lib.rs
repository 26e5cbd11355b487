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
pub mod diagnostics;
pub mod error;
pub mod escape;
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
pub mod timings;
pub mod urls;
pub mod yaml;
