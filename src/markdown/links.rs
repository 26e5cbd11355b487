//! The map from content files to URLs, and the rules for resolving links against it.
//! It also carries the site's `raw_html` setting, since every markdown render takes the
//! index and the setting decides which links may be published.

use std::collections::{HashMap, HashSet};

use super::RawHtml;
use crate::suggest::did_you_mean;

/// Every linkable content file and the URL it is published at.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    /// The path part of the base URL, `/` or `/careers/`.
    base_path: String,
    urls: HashMap<String, String>,
    /// Files that exist but failed to load: their own error says what is wrong, so a link
    /// to one is not reported again.
    unread: HashSet<String>,
    raw_html: RawHtml,
}

pub enum Resolved {
    /// Left as written: another host, an asset, a root-relative path.
    External,
    Internal {
        href: String,
        target: String,
        anchor: Option<String>,
    },
    Broken {
        message: String,
        hint: Option<String>,
    },
    /// A link to a file that failed to load: left as written, and not a second problem.
    Unread,
}

impl LinkIndex {
    pub fn new(base_path: &str) -> Self {
        LinkIndex {
            base_path: base_path.to_string(),
            urls: HashMap::new(),
            unread: HashSet::new(),
            raw_html: RawHtml::default(),
        }
    }

    /// The index for a site with the given `raw_html` setting.
    pub fn with_raw_html(mut self, raw_html: RawHtml) -> Self {
        self.raw_html = raw_html;
        self
    }

    pub fn raw_html(&self) -> RawHtml {
        self.raw_html
    }

    /// Registers `content_rel` (e.g. `about.md`) as published at `url` (e.g. `/about/`).
    pub fn insert(&mut self, content_rel: &str, url: &str) {
        self.urls.insert(content_rel.to_string(), url.to_string());
    }

    /// Registers a file copied as it is (`img/logo.svg`), so `@/img/logo.svg` links resolve.
    pub fn insert_asset(&mut self, content_rel: &str) {
        self.urls.insert(content_rel.to_string(), format!("/{content_rel}"));
    }

    /// Registers a file that exists but failed to load (`roles/x.yaml` with an error).
    pub fn insert_unread(&mut self, content_rel: &str) {
        self.unread.insert(content_rel.to_string());
    }

    pub fn contains(&self, content_rel: &str) -> bool {
        self.urls.contains_key(content_rel)
    }

    /// The site-relative URL of `url` under the base path: `/a/` → `/careers/a/`.
    pub fn href(&self, url: &str) -> String {
        format!("{}{}", self.base_path.trim_end_matches('/'), url)
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Resolves a link written in the file at `from` (content-relative).
    pub fn resolve(&self, dest: &str, from: &str) -> Resolved {
        if let Some(anchor) = dest.strip_prefix('#') {
            return Resolved::Internal {
                href: dest.to_string(),
                target: from.to_string(),
                anchor: Some(anchor.to_string()),
            };
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (dest, None),
        };
        let target = if let Some(rest) = path.strip_prefix("@/") {
            rest.to_string()
        } else if is_relative_markdown(path) {
            join(from, path)
        } else {
            return Resolved::External;
        };
        match self.urls.get(&target) {
            Some(url) => {
                let mut href = self.href(url);
                if let Some(a) = &anchor {
                    href.push('#');
                    href.push_str(a);
                }
                Resolved::Internal { href, target, anchor }
            }
            None if self.unread.contains(&target) => Resolved::Unread,
            None => {
                let hint = did_you_mean(&target, self.urls.keys().map(String::as_str))
                    .map(|close| format!("did you mean `@/{close}`?"))
                    .or_else(|| Some("internal links name a file under content/, e.g. `@/about.md`".into()));
                Resolved::Broken { message: format!("link to `{dest}`: no file `content/{target}`"), hint }
            }
        }
    }
}

fn is_relative_markdown(path: &str) -> bool {
    !path.contains("://") && !path.starts_with('/') && !path.starts_with("mailto:") && path.ends_with(".md")
}

/// Joins a relative link onto the folder of `from`, folding `.` and `..`.
fn join(from: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_links() {
        assert_eq!(join("a/b.md", "c.md"), "a/c.md");
        assert_eq!(join("a/b.md", "../c.md"), "c.md");
        assert_eq!(join("b.md", "./x/y.md"), "x/y.md");
    }

    #[test]
    fn leaves_external_links_alone() {
        let index = LinkIndex::new("/");
        for dest in ["https://example.com/a.md", "/abs/path/", "img.png", "mailto:x@y.z"] {
            assert!(matches!(index.resolve(dest, "a.md"), Resolved::External), "{dest}");
        }
    }

    #[test]
    fn resolves_relative_markdown_links() {
        let mut index = LinkIndex::new("/careers/");
        index.insert("team/about.md", "/team/about/");
        match index.resolve("about.md#x", "team/index.md") {
            Resolved::Internal { href, .. } => assert_eq!(href, "/careers/team/about/#x"),
            _ => panic!("not resolved"),
        }
    }
}
