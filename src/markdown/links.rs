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
    /// The ids of a page's title when it was the heading the file opens with (ours and
    /// GitHub's), since that heading is not in the body: a link to it goes to the page.
    title_ids: HashMap<String, Vec<String>>,
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
            title_ids: HashMap::new(),
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

    /// Registers the title of `content_rel` as taken from the heading its body opened with,
    /// so `content_rel#that-heading` links to the page.
    pub fn insert_title_heading(&mut self, content_rel: &str, title: &str) {
        let mut ids = vec![crate::slug::slugify(title)];
        ids.push(crate::slug::github_id(title));
        ids.dedup();
        self.title_ids.insert(content_rel.to_string(), ids);
    }

    /// The ids of the title heading of `content_rel`, if its title came from one.
    pub fn title_ids(&self, content_rel: &str) -> &[String] {
        self.title_ids.get(content_rel).map_or(&[], Vec::as_slice)
    }

    /// The anchor, unless it names the title heading of `target`, which is the page's top.
    fn anchor_in(&self, target: &str, anchor: Option<String>) -> Option<String> {
        anchor.filter(|a| !self.title_ids(target).contains(a))
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
            if let (Some(url), None) = (self.urls.get(from), self.anchor_in(from, Some(anchor.to_string()))) {
                return Resolved::Internal { href: self.href(url), target: from.to_string(), anchor: None };
            }
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
        } else if is_relative_file(path) {
            return self.resolve_relative_file(dest, path, anchor, from);
        } else {
            return Resolved::External;
        };
        match self.urls.get(&target) {
            Some(url) => {
                let anchor = self.anchor_in(&target, anchor);
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

impl LinkIndex {
    /// A relative link to a file that is not markdown (`images/logo.svg`), resolved
    /// against the folder of `from` as on disk, so it works whatever URL the page gets.
    /// A file under `content/` becomes its URL. A missing one is broken when the page is
    /// published away from its folder (`guide/intro.md` at `/guide/intro/`), where a
    /// browser would not find it either; a page published at its folder's URL
    /// (`guide/_index.md` at `/guide/`) reads it as a browser would, so it is left for
    /// the output link check, which also knows the files from `static/`.
    fn resolve_relative_file(&self, dest: &str, path: &str, anchor: Option<String>, from: &str) -> Resolved {
        let (file, query) = match path.split_once('?') {
            Some((file, query)) => (file, Some(query)),
            None => (path, None),
        };
        let target = join(from, file);
        let page = self.urls.get(&target).map(|url| (target.clone(), url)).or_else(|| self.page_of_html(&target));
        if let Some((target, url)) = page {
            let anchor = self.anchor_in(&target, anchor);
            let mut href = self.href(url);
            if let Some(q) = query {
                href.push('?');
                href.push_str(q);
            }
            if let Some(a) = &anchor {
                href.push('#');
                href.push_str(a);
            }
            return Resolved::Internal { href, target, anchor };
        }
        if self.unread.contains(&target) {
            return Resolved::Unread;
        }
        let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
        let published_at_its_folder = self.urls.get(from).is_none_or(|url| {
            let url_folder = url.rsplit_once('/').map_or("", |(dir, _)| dir);
            url_folder.trim_matches('/') == folder
        });
        if published_at_its_folder {
            return Resolved::External;
        }
        let shown = if folder.is_empty() { "content/".to_string() } else { format!("content/{folder}/") };
        let hint = did_you_mean(&target, self.urls.keys().map(String::as_str))
            .map(|close| format!("did you mean `@/{close}`?"))
            .unwrap_or_else(|| {
                format!("a relative path is read from the file's folder, `{shown}`; a file from `static/` is written from the site root, e.g. `/{file}`")
            });
        Resolved::Broken { message: format!("link to `{dest}`: no file `content/{target}`"), hint: Some(hint) }
    }
}

impl LinkIndex {
    /// The page an `.html` link names the way mdBook writes them, when no such file
    /// exists: `setup.html` is the page of `setup.md`, `guide/index.html` the folder page
    /// of `guide/` (`README.md`, `index.md` or `_index.md`).
    fn page_of_html(&self, target: &str) -> Option<(String, &String)> {
        let stem = target.strip_suffix(".html")?;
        let folder = match stem.rsplit_once('/') {
            Some((folder, "index")) => Some(format!("{folder}/")),
            None if stem == "index" => Some(String::new()),
            _ => None,
        };
        let mut candidates = vec![format!("{stem}.md")];
        if let Some(folder) = folder {
            candidates
                .extend(["README.md", "readme.md", "index.md", "_index.md"].map(|name| format!("{folder}{name}")));
        }
        candidates.into_iter().find_map(|c| self.urls.get(&c).map(|url| (c, url)))
    }
}

/// A relative path to a file other than markdown: no scheme, not from the root, and a
/// last segment with an extension (`images/logo.svg`, `../files/cv.pdf`). Paths without
/// one (`team/`, `..`) are left as written.
fn is_relative_file(path: &str) -> bool {
    let file = path.split_once('?').map_or(path, |(file, _)| file);
    let has_scheme = file.split_once(':').is_some_and(|(scheme, _)| !scheme.contains('/'));
    let last = file.rsplit('/').next().unwrap_or("");
    !file.is_empty()
        && !has_scheme
        && !file.starts_with('/')
        && !file.starts_with('?')
        && last.contains('.')
        && !last.trim_matches('.').is_empty()
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
        for dest in ["https://example.com/a.md", "/abs/path/", "mailto:x@y.z"] {
            assert!(matches!(index.resolve(dest, "a.md"), Resolved::External), "{dest}");
        }
    }

    #[test]
    fn relative_files_resolve_against_the_source_folder() {
        let mut index = LinkIndex::new("/careers/");
        index.insert("guide/intro.md", "/guide/intro/");
        index.insert("guide/_index.md", "/guide/");
        index.insert_asset("guide/images/logo.svg");
        let href = |dest: &str, from: &str| match index.resolve(dest, from) {
            Resolved::Internal { href, .. } => href,
            _ => panic!("{dest} from {from} not resolved"),
        };
        assert_eq!(href("images/logo.svg", "guide/intro.md"), "/careers/guide/images/logo.svg");
        assert_eq!(href("./images/logo.svg?v=2#top", "guide/intro.md"), "/careers/guide/images/logo.svg?v=2#top");
        assert_eq!(href("../guide/images/logo.svg", "guide/_index.md"), "/careers/guide/images/logo.svg");
        match index.resolve("images/logo.png", "guide/intro.md") {
            Resolved::Broken { message, hint } => {
                assert_eq!(message, "link to `images/logo.png`: no file `content/guide/images/logo.png`");
                assert_eq!(hint.as_deref(), Some("did you mean `@/guide/images/logo.svg`?"));
            }
            _ => panic!("a missing file beside a page published away from its folder is broken"),
        }
        // At its folder's URL a browser reads the path the same way; a file from static/
        // may be meant, and the output link check knows those.
        assert!(matches!(index.resolve("img/x.png", "guide/_index.md"), Resolved::External));
        for dest in ["team/", "..", "data:image/png;base64,xx", "/abs/x.png", "//cdn.example/x.png"] {
            assert!(matches!(index.resolve(dest, "guide/intro.md"), Resolved::External), "{dest}");
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
