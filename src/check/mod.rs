//! The validation stage: every check of the site that is not reading it. Content lints
//! on the model, anchors once the markdown is rendered, links in the rendered output,
//! the output budget, and (with `check --external`) links to other hosts. `build`,
//! `check` and the preview call the same functions; problems are collected as
//! [`Diagnostic`](crate::diagnostics::Diagnostic)s, never printed here.

pub mod anchors;
pub mod budget;
pub mod external;
pub mod links;
pub mod lint;
pub mod unread;

use rayon::prelude::*;

use crate::content::Asset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::blueprint::Shape;
use crate::model::{Catalog, Pages};

/// The lints that need the whole model: the catalog's cross-references, every page's
/// text (checked in parallel, reported in page order), and the files nothing reads.
pub fn lint_model(pages: &Pages, catalog: &Catalog, shape: &Shape, assets: &[Asset], diagnostics: &mut Diagnostics) {
    lint::catalog(catalog, shape, diagnostics);
    unread::unread_files(assets, diagnostics);
    let mojibake: Vec<Option<Diagnostic>> =
        pages.pages.par_iter().map(|page| lint::mojibake(&page.parsed.file)).collect();
    mojibake.into_iter().for_each(|d| diagnostics.extend_one(d));
}
