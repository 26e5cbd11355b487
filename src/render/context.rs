//! The view models templates see: small borrowed structs built from the model, so
//! templates never depend on the model's internals and each page serialises only what
//! it shows.

use serde::Serialize;

use crate::config::{BaseUrl, Config};
use crate::markdown::{LinkIndex, Rendered, TocEntry};
use crate::model::{Page, Pages};

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

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub pages: Vec<PageRef<'a>>,
    pub subsections: Vec<PageRef<'a>>,
}

#[derive(Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub url: String,
    pub pages: Vec<PageRef<'a>>,
}

pub struct Views<'a> {
    pub config: &'a Config,
    pub base: &'a BaseUrl,
    pub pages: &'a Pages,
    pub rendered: &'a [Rendered],
    pub index: &'a LinkIndex,
}

impl<'a> Views<'a> {
    pub fn site(&self, extra_nav: &[Link]) -> SiteView<'a> {
        let home = &self.pages.pages[self.pages.home];
        let mut nav: Vec<Link> =
            home.subsections.iter().chain(home.pages.iter()).map(|&i| self.link(&self.pages.pages[i])).collect();
        nav.extend(extra_nav.iter().cloned());
        SiteView {
            title: &self.config.title,
            description: &self.config.description,
            language: &self.config.language,
            base_url: self.base.permalink("/"),
            base_path: &self.base.path,
            nav,
            extra: &self.config.extra,
        }
    }

    pub fn link(&self, page: &Page) -> Link {
        Link { title: page.front().title.clone(), url: self.index.href(&page.url) }
    }

    pub fn page(&self, i: usize) -> PageView<'a> {
        let page = &self.pages.pages[i];
        let front = page.front();
        let rendered = &self.rendered[i];
        // Words are runs of non-space bytes: the same count as `split_whitespace` for the
        // text pages hold, without decoding every character of every page.
        let word_count = page.parsed.body().as_bytes().split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).count();
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
                .map(|t| Link {
                    title: t.clone(),
                    url: self.index.href(&format!("/tags/{}/", crate::slug::slugify(t))),
                })
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

    pub fn section(&self, i: usize) -> SectionView<'a> {
        let page = &self.pages.pages[i];
        SectionView {
            pages: page.pages.iter().map(|&p| self.page_ref(p)).collect(),
            subsections: page.subsections.iter().map(|&p| self.page_ref(p)).collect(),
        }
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
