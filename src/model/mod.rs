//! Stage 2: parsed sources → the typed site model, with every URL assigned.

pub mod blueprint;
pub mod career;
pub mod framework;
pub mod openings;
pub mod pages;
pub mod roles;

pub use pages::{Page, Pages, Tag};
pub use roles::{Catalog, Role, Skill, Tool};
