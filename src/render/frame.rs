//! The frame every rendered page shares — title, description, permalink, its own URL,
//! whether it has code, breadcrumbs — made in one place for every kind of page, and the
//! [`Page`] a page module hands to the renderer.

use super::context::Link;
use super::input::EntityData;

/// The header variables of a page's template context.
pub struct PageFrame<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The page's absolute URL.
    pub permalink: String,
    /// The page's URL as links on the site write it.
    pub current_url: String,
    pub has_code: bool,
    pub breadcrumbs: Vec<Link>,
}

impl<'a> PageFrame<'a> {
    /// The frame of a page rolebook makes from the catalogue (no code on it).
    pub fn entity(data: &EntityData, title: &'a str, description: &'a str, url: &str, crumbs: Vec<Link>) -> Self {
        PageFrame {
            title,
            description,
            permalink: (data.permalink)(url),
            current_url: (data.href)(url),
            has_code: false,
            breadcrumbs: crumbs,
        }
    }

    /// A template context holding the frame, for the page to add its own view to.
    pub fn context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("page_title", self.title);
        ctx.insert("description", self.description);
        ctx.insert("permalink", &self.permalink);
        ctx.insert("current_url", &self.current_url);
        ctx.insert("has_code", &self.has_code);
        ctx.insert("breadcrumbs", &self.breadcrumbs);
        ctx
    }
}

/// A breadcrumb or navigation entry to one of the indexes at `url`.
pub fn crumb(data: &EntityData, title: &str, url: &str) -> Link {
    Link { title: title.into(), url: (data.href)(url) }
}

/// One page ready to render: its template, its context, and what it is made from (for
/// errors).
pub struct Page {
    pub template: &'static str,
    pub ctx: tera::Context,
    pub what: String,
}
