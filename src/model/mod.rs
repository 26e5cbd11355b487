//! Stage 2: parsed sources → the typed site model, with every URL assigned.

pub mod pages;

pub use pages::{Page, Pages, Tag};
