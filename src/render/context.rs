//! The view models templates see: small borrowed structs built from the model, so
//! templates never depend on the model's internals and each page serialises only what
//! it shows.
//!
//! What every page repeats (the site navigation, breadcrumbs) is bounded: at most
//! [`NAV_LIMIT`] content links with titles of at most [`LINK_TITLE_CHARS`] characters,
//! so a page's size does not grow with the number of pages and the site's output grows
//! linearly with its content.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::config::{BaseUrl, Config};
use crate::markdown::{LinkIndex, Rendered, TocEntry};
use crate::model::{Page, Pages};

/// How many of the home page's sections and pages the site navigation shows: sections
/// first, then pages, each by weight and then title. Every page carries the navigation,
/// so without a bound a folder of 6,000 pages puts 6,000 links on each of 6,000 pages
/// (2.2 GB). The home page lists them all, and the navigation ends with a link to it
/// when some are left out.
pub const NAV_LIMIT: usize = 8;

/// Titles in the navigation and breadcrumbs, which every page below them repeats, are
/// cut to this many characters; the page itself shows its title in full.
pub const LINK_TITLE_CHARS: usize = 80;

/// The title of the link that ends a cut-short navigation.
pub const NAV_MORE: &str = "More…";

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// The absolute base URL, e.g. `https://org.github.io/careers/`.
    pub base_url: String,
    /// The path prefix of every link, e.g. `/careers/`.
    pub base_path: &'a str,
    pub nav: Vec<Link>,
    pub extra: &'a Option<serde_json::Value>,
    /// Whether the site has a `/search/` page for the header's search form to submit to.
    pub has_search: bool,
    /// The Atom feed of open positions, when the site has openings.
    pub openings_feed: Option<String>,
    /// The Atom feed of the framework's changes, when a commit changed a role.
    pub changes_feed: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    pub summary: &'a str,
    pub toc: &'a [TocEntry],
    pub date: Option<&'a str>,
    pub weight: Option<i64>,
    pub tags: Vec<Link>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub extra: &'a Option<serde_json::Value>,
}

/// A page as it appears in a listing.
#[derive(Serialize)]
pub struct PageRef<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub summary: &'a str,
    pub date: Option<&'a str>,
}

pub struct Views<'a> {
    pub config: &'a Config,
    pub base: &'a BaseUrl,
    pub pages: &'a Pages,
    pub rendered: &'a [Rendered],
    pub index: &'a LinkIndex,
    /// Each page as listings show it, made into a template value on first use and shared
    /// after that (see [`Views::page_ref_value`]).
    pub ref_values: Vec<OnceLock<tera::Value>>,
}

impl<'a> Views<'a> {
    pub fn site(&self, extra_nav: &[Link]) -> SiteView<'a> {
        let home = &self.pages.pages[self.pages.home];
        let entries = home.subsections.iter().chain(home.pages.iter());
        let mut nav: Vec<Link> = entries.clone().take(NAV_LIMIT).map(|&i| self.link(&self.pages.pages[i])).collect();
        if entries.count() > NAV_LIMIT {
            nav.push(Link { title: NAV_MORE.into(), url: self.index.href(&home.url) });
        }
        nav.extend(extra_nav.iter().cloned());
        SiteView {
            title: &self.config.title,
            description: &self.config.description,
            language: &self.config.language,
            base_url: self.base.permalink("/"),
            base_path: &self.base.path,
            nav,
            extra: &self.config.extra,
            has_search: false,
            openings_feed: None,
            changes_feed: None,
        }
    }

    /// A link to `page` for the navigation or breadcrumbs, its title cut short.
    pub fn link(&self, page: &Page) -> Link {
        Link { title: link_title(&page.front().title), url: self.index.href(&page.url) }
    }

    pub fn page(&self, i: usize) -> PageView<'a> {
        let page = &self.pages.pages[i];
        let front = page.front();
        let rendered = &self.rendered[i];
        let word_count = count_words(page.parsed.body());
        PageView {
            title: &front.title,
            description: front.description.as_deref(),
            url: self.index.href(&page.url),
            permalink: self.base.permalink(&page.url),
            content: &rendered.html,
            summary: &rendered.summary,
            toc: &rendered.toc,
            date: front.date.as_ref().map(|d| d.value.as_str()),
            weight: front.weight,
            tags: front
                .tags
                .iter()
                .map(|t| Link { title: t.clone(), url: self.index.href(&crate::urls::tag(&crate::slug::slugify(t))) })
                .collect(),
            word_count,
            reading_minutes: word_count.div_ceil(200),
            extra: &front.extra,
        }
    }

    pub fn page_ref(&self, i: usize) -> PageRef<'a> {
        let page = &self.pages.pages[i];
        let front = page.front();
        PageRef {
            title: &front.title,
            url: self.index.href(&page.url),
            description: front.description.as_deref(),
            summary: &self.rendered[i].summary,
            date: front.date.as_ref().map(|d| d.value.as_str()),
        }
    }

    /// Page `i` as a listing shows it, as a template value. A page appears in its
    /// section's listing and in each of its tags'; tera shares one value between all of
    /// them (its maps and lists are reference-counted) instead of converting it each time.
    pub fn page_ref_value(&self, i: usize) -> tera::Value {
        self.ref_values[i].get_or_init(|| tera::Value::from_serializable(&self.page_ref(i))).clone()
    }

    fn page_ref_values(&self, pages: &[usize]) -> tera::Value {
        tera::Value::from(pages.iter().map(|&p| self.page_ref_value(p)).collect::<Vec<_>>())
    }

    /// The `section` of a section page's template: its `pages` and `subsections`.
    pub fn section(&self, i: usize) -> tera::Value {
        let page = &self.pages.pages[i];
        let mut section = BTreeMap::new();
        section.insert("pages", self.page_ref_values(&page.pages));
        section.insert("subsections", self.page_ref_values(&page.subsections));
        tera::Value::from(section)
    }

    /// The `tag` of a tag page's template: `name`, `url` and `pages`.
    pub fn tag(&self, tag: &crate::model::Tag) -> tera::Value {
        let mut view = BTreeMap::new();
        view.insert("name", tera::Value::from(tag.name.as_str()));
        view.insert("url", tera::Value::from(self.index.href(&crate::urls::tag(&tag.slug))));
        view.insert("pages", self.page_ref_values(&tag.pages));
        tera::Value::from(view)
    }

    /// The sections above page `i`, from the home page down.
    pub fn breadcrumbs(&self, i: usize) -> Vec<Link> {
        let mut crumbs = Vec::new();
        let mut current = self.pages.pages[i].parent;
        while let Some(p) = current {
            crumbs.push(self.link(&self.pages.pages[p]));
            current = self.pages.pages[p].parent;
        }
        crumbs.reverse();
        crumbs
    }
}

/// `title` cut to [`LINK_TITLE_CHARS`] characters, with an ellipsis where it was cut.
fn link_title(title: &str) -> String {
    match title.char_indices().nth(LINK_TITLE_CHARS) {
        None => title.to_string(),
        Some((cut, _)) => {
            let kept = title[..cut].char_indices().nth(LINK_TITLE_CHARS - 1).map_or(cut, |(i, _)| i);
            format!("{}…", title[..kept].trim_end())
        }
    }
}

/// Words are runs of bytes other than ASCII spaces — the count `split_whitespace` gives
/// for the text pages hold — counted as the non-space bytes after a space (or at the
/// start). Every page's body goes through this, so it is written to vectorise:
/// neighbours compared pairwise, counted in bytes, 255 pairs at a time.
fn count_words(text: &str) -> usize {
    // `u8::is_ascii_whitespace` as plain comparisons, which the compiler vectorises.
    fn space(b: u8) -> bool {
        (b == b' ') | (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == 0x0c)
    }
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else { return 0 };
    let (before, after) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    let starts: usize = before
        .chunks(255)
        .zip(after.chunks(255))
        .map(|(b, a)| b.iter().zip(a).fold(0u8, |n, (b, a)| n + u8::from(space(*b) & !space(*a))) as usize)
        .sum();
    usize::from(!space(first)) + starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_titles_are_cut_to_a_fixed_length() {
        assert_eq!(link_title("About us"), "About us");
        let exact = "x".repeat(LINK_TITLE_CHARS);
        assert_eq!(link_title(&exact), exact);
        let long = "é".repeat(LINK_TITLE_CHARS * 1000);
        let cut = link_title(&long);
        assert_eq!(cut.chars().count(), LINK_TITLE_CHARS);
        assert!(cut.ends_with('…') && cut.starts_with("éé"), "{cut}");
        let spaced = format!("{} tail", "a ".repeat(LINK_TITLE_CHARS));
        assert!(!link_title(&spaced).ends_with(" …"), "no space before the ellipsis");
    }

    #[test]
    fn counts_words_like_split_whitespace() {
        let long = "word ".repeat(300) + "\x0c tail";
        for text in ["", "  ", "one", " two  words ", "line\nbreaks\tand tabs\r\n", "naïve café — 日本 語", &long]
        {
            assert_eq!(super::count_words(text), text.split_whitespace().count(), "{text:?}");
        }
    }
}
