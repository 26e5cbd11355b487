//! One module per page kind rolebook makes from the catalogue. Each takes the shared
//! [`crate::render::input::EntityData`] and its own subject, and returns a
//! [`crate::render::frame::Page`]: the template, a context holding the page's frame
//! ([`crate::render::frame::PageFrame`]) and its view, and what the page is made from.
//!
//! Pages depend on the bottom of `render/` (input, frame, text, view, context) and on each
//! other only downwards (indexes → matrix, search → kpis, role → compare and jsonld);
//! [`mod@crate::render::jobs`] lists them and the renderer in [`crate::render`] runs them.

pub mod career;
pub mod changes;
pub mod compare;
pub mod compare_areas;
pub mod compare_sections;
pub mod indexes;
pub mod jobposting;
pub mod jsonld;
pub mod kpis;
pub mod matrix;
pub mod openings;
pub mod picker;
pub mod role;
pub mod search;
pub mod skill;
pub mod tool;
pub mod track;
