//! Validation: every `#anchor` a link in a page's markdown names must exist on the page
//! it points to. Runs once the markdown of every page is rendered (the anchors are the
//! rendered headings); the preview re-checks only what one edited page touches.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{InternalLink, Rendered};
use crate::model::{Page, Pages};

/// Every `#anchor` a link names must exist on the page it points to.
pub fn check_anchors(pages: &Pages, rendered: &[Rendered], diagnostics: &mut Diagnostics) {
    for (i, page) in pages.pages.iter().enumerate() {
        for link in &rendered[i].links {
            if let Some(target) = pages.find(&link.target) {
                check_anchor(page, link, &rendered[target].anchors, diagnostics);
            }
        }
    }
}

/// [`check_anchors`] after page `i` alone changed: its own links, and, when its headings
/// changed, the links of other pages into it. Costs what the page's links cost, not what
/// the site's do.
pub fn check_anchors_of(
    pages: &Pages,
    rendered: &[Rendered],
    i: usize,
    anchors_changed: bool,
    diagnostics: &mut Diagnostics,
) {
    for link in &rendered[i].links {
        if let Some(target) = pages.find(&link.target) {
            check_anchor(&pages.pages[i], link, &rendered[target].anchors, diagnostics);
        }
    }
    if anchors_changed {
        let rel = &pages.pages[i].parsed.file.content_rel;
        for (from, page) in pages.pages.iter().enumerate().filter(|&(from, _)| from != i) {
            for link in rendered[from].links.iter().filter(|l| &l.target == rel) {
                check_anchor(page, link, &rendered[i].anchors, diagnostics);
            }
        }
    }
}

fn check_anchor(page: &Page, link: &InternalLink, known: &[String], diagnostics: &mut Diagnostics) {
    let Some(anchor) = &link.anchor else { return };
    if anchor.is_empty() || known.iter().any(|a| a == anchor) {
        return;
    }
    let hint = match crate::suggest::did_you_mean(anchor, known.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `#{close}`?"),
        None if known.is_empty() => "that page has no headings to link to".into(),
        None => format!("its anchors are: {}", known.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", ")),
    };
    diagnostics.push(
        Diagnostic::error(
            &page.parsed.file.rel,
            "broken-anchor",
            format!("`content/{}` has no heading `#{anchor}`", link.target),
        )
        .at(&page.parsed.file.text, link.pos)
        .with_hint(hint),
    );
}
