//! Stage 3: markdown → HTML, with heading anchors, a table of contents, a summary,
//! highlighted code and internal links resolved to URLs.
//!
//! Rendering never fails: a broken link or an unknown code language becomes a diagnostic
//! and the page still renders, so one run can report every problem. Anchors that links
//! point at are checked later, once every page's headings are known.
//!
//! HTML written in the markdown follows the site's `raw_html` setting (carried by the
//! [`LinkIndex`], which every render takes): published as written, cleaned, or shown as
//! text. Outside the trusted setting, markdown links and images to unsafe schemes lose
//! their link and keep their text (see [`raw_html`]).

mod links;
pub mod raw_html;
pub mod resolve;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use links::{LinkIndex, Resolved};
pub use raw_html::RawHtml;

use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::highlight_cache::HighlightCache;
use crate::slug::{github_id, slugify, UniqueIds};
use crate::yaml::Pos;

/// Where a piece of markdown sits, so problems in it can be reported at file positions.
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    /// The file path shown in messages.
    pub file: &'a str,
    /// The content-relative path, for resolving relative links.
    pub content_rel: &'a str,
    /// The whole file text, for snippets.
    pub file_text: &'a str,
    /// The file line the markdown starts on.
    pub first_line: u32,
    /// Columns to add on the markdown's first line (text after `key: ` in YAML).
    pub first_col: u32,
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link to another page of the site, to be checked once all anchors are known.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// Content-relative path of the target (`roles/x.yaml`, `about.md`), or empty for this page.
    pub target: String,
    pub anchor: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// HTML before `<!-- more -->`, or the first paragraph.
    pub summary: String,
    /// Every `id` the markdown defines (headings, footnotes).
    pub anchors: Vec<String>,
    pub links: Vec<InternalLink>,
    pub has_code: bool,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a page body, its code blocks highlighted through `cache`. Problems go to
/// `diagnostics`.
pub fn render(
    markdown: &str,
    origin: Origin,
    index: &LinkIndex,
    cache: &HighlightCache,
    diagnostics: &mut Vec<Diagnostic>,
) -> Rendered {
    Renderer::new(markdown, origin, index, cache, diagnostics, true).run()
}

/// Renders a short markdown field (role prose): no anchor links on headings, no summary.
pub fn render_inline(
    markdown: &str,
    origin: Origin,
    index: &LinkIndex,
    cache: &HighlightCache,
    diagnostics: &mut Vec<Diagnostic>,
) -> Rendered {
    Renderer::new(markdown, origin, index, cache, diagnostics, false).run()
}

struct Renderer<'a, 'd> {
    markdown: &'a str,
    origin: Origin<'a>,
    index: &'a LinkIndex,
    cache: &'a HighlightCache,
    diagnostics: &'d mut Vec<Diagnostic>,
    line_starts: Vec<usize>,
    /// A page body: headings get anchor links and the summary is rendered. A blueprint
    /// field needs neither, and rendering its summary would render it twice.
    is_page: bool,
    ids: UniqueIds,
    /// For each open link or image, whether its start was dropped (an unsafe URL), so
    /// its end is dropped too.
    open_links: Vec<bool>,
    out: Rendered,
}

impl<'a, 'd> Renderer<'a, 'd> {
    fn new(
        markdown: &'a str,
        origin: Origin<'a>,
        index: &'a LinkIndex,
        cache: &'a HighlightCache,
        diagnostics: &'d mut Vec<Diagnostic>,
        is_page: bool,
    ) -> Self {
        let line_starts = std::iter::once(0).chain(markdown.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Renderer {
            markdown,
            origin,
            index,
            cache,
            diagnostics,
            line_starts,
            is_page,
            ids: UniqueIds::default(),
            open_links: Vec::new(),
            out: Rendered::default(),
        }
    }

    fn pos(&self, offset: usize) -> Pos {
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        // Saturating: a position past u32 is unreachable in practice, and a wrong column
        // is better than a wrapped one or a panic.
        let col = u32::try_from(self.markdown[self.line_starts[line]..offset].chars().count())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        let col = if line == 0 { col.saturating_add(self.origin.first_col) } else { col };
        Pos::new(self.origin.first_line.saturating_add(u32::try_from(line).unwrap_or(u32::MAX)), col)
    }

    fn diagnostic(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        d.at(self.origin.file_text, self.pos(offset))
    }

    fn run(mut self) -> Rendered {
        // Parsed once; the first pass below only reads the events.
        let parsed: Vec<(Event<'a>, std::ops::Range<usize>)> =
            Parser::new_ext(self.markdown, options()).into_offset_iter().collect();
        let mut events: Vec<Event<'a>> = Vec::with_capacity(parsed.len());
        let mut summary_end: Option<usize> = None;
        let mut first_paragraph_end: Option<usize> = None;
        let mut heading: Option<(HeadingLevel, Option<CowStr<'a>>, Vec<CowStr<'a>>, usize)> = None;
        let mut heading_events: Vec<Event<'a>> = Vec::new();
        let mut heading_text = String::new();
        let mut code: Option<(String, String, usize)> = None;
        let mut toc_flat: Vec<(u8, String, String)> = Vec::new();

        // Footnote definitions and custom heading ids are claimed first, so generated ids
        // never take a name the author chose; so are the ids of the heading that became the
        // page's title, which a link reaches as the page's top: a later heading of the same
        // name is then `-1`, as on GitHub, where the title heading is the page's first.
        if self.is_page {
            for id in self.index.title_ids(self.origin.content_rel) {
                self.ids.reserve(id);
            }
        }
        for (event, _) in &parsed {
            match event {
                Event::Start(Tag::Heading { id: Some(id), .. }) => {
                    self.ids.reserve(id);
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    self.out.anchors.push(name.to_string());
                }
                _ => {}
            }
        }

        let raw_html = self.index.raw_html();
        for (event, range) in parsed {
            // Quotes are escaped too (a text event would leave them): escaped markup then
            // never reads as an attribute to anything that scans the output for links.
            let event = match event {
                Event::Html(html) if raw_html == RawHtml::Escape && !html.contains("<!-- more -->") => {
                    Event::Html(escape::html(&html).into())
                }
                Event::InlineHtml(html) if raw_html == RawHtml::Escape && !html.contains("<!-- more -->") => {
                    Event::InlineHtml(escape::html(&html).into())
                }
                Event::Html(html) if raw_html != RawHtml::Escape => {
                    Event::Html(self.raw_html_links(html, range.clone()))
                }
                Event::InlineHtml(html) if raw_html != RawHtml::Escape => {
                    Event::InlineHtml(self.raw_html_links(html, range.clone()))
                }
                other => other,
            };
            if let Some((_, _, _, _)) = &heading {
                match event {
                    Event::End(TagEnd::Heading(_)) => {
                        let (level, custom_id, classes, _) = heading.take().expect("inside a heading");
                        let (id, github) = match custom_id {
                            Some(id) => (id.to_string(), None),
                            None => {
                                let id = self.ids.claim(&slugify(heading_text.trim()));
                                // GitHub's id too, when it differs and is free, so links
                                // written for GitHub or mdBook (`#rolebookyaml`) land here.
                                let github = Some(github_id(&heading_text))
                                    .filter(|g| self.is_page && !g.is_empty() && *g != id && self.ids.reserve(g));
                                (id, github)
                            }
                        };
                        let n = heading_level(level);
                        let class_attr = if classes.is_empty() {
                            String::new()
                        } else {
                            format!(" class=\"{}\"", escape::html(&classes.join(" ")))
                        };
                        events.push(Event::Html(format!("<h{n} id=\"{}\"{class_attr}>", escape::html(&id)).into()));
                        if let Some(github) = &github {
                            events.push(Event::Html(format!("<span id=\"{}\"></span>", escape::html(github)).into()));
                        }
                        events.append(&mut heading_events);
                        if self.is_page {
                            events.push(Event::Html(
                                format!(
                                    "<a class=\"anchor\" href=\"#{}\"><span class=\"visually-hidden\">Link to this section</span><span aria-hidden=\"true\">#</span></a>",
                                    escape::html(&id)
                                )
                                .into(),
                            ));
                        }
                        events.push(Event::Html(format!("</h{n}>\n").into()));
                        toc_flat.push((n, id.clone(), heading_text.trim().to_string()));
                        self.out.anchors.push(id);
                        self.out.anchors.extend(github);
                        heading_text.clear();
                    }
                    Event::Text(ref t) | Event::Code(ref t) => {
                        heading_text.push_str(t);
                        heading_events.push(event);
                    }
                    Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                        heading_events.extend(self.link(event, range.start));
                    }
                    Event::End(TagEnd::Link | TagEnd::Image) => {
                        if !self.open_links.pop().unwrap_or(false) {
                            heading_events.push(event);
                        }
                    }
                    other => heading_events.push(other),
                }
                continue;
            }
            if code.is_some() {
                match event {
                    Event::Text(t) => {
                        if let Some((_, text, _)) = &mut code {
                            text.push_str(&t);
                        }
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, text, start) = code.take().expect("inside a code block");
                        let html = self.code_block(&lang, &text, start);
                        events.push(Event::Html(html.into()));
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, id, classes, .. }) => {
                    heading = Some((level, id, classes, range.start));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => crate::highlight::language(&info).to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new(), range.start));
                }
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    events.extend(self.link(event, range.start));
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if !self.open_links.pop().unwrap_or(false) {
                        events.push(event);
                    }
                }
                Event::Html(ref html) | Event::InlineHtml(ref html) if html.contains("<!-- more -->") => {
                    summary_end.get_or_insert(events.len());
                    events.push(Event::Html("<span id=\"more\"></span>".into()));
                }
                Event::End(TagEnd::Paragraph) => {
                    events.push(event);
                    first_paragraph_end.get_or_insert(events.len());
                }
                other => events.push(other),
            }
        }

        let mut html = String::with_capacity(self.markdown.len() * 3 / 2);
        if self.is_page {
            let summary_events = summary_end.or(first_paragraph_end).unwrap_or(0);
            // Footnote references would point at definitions that listings do not show.
            let summary =
                events[..summary_events].iter().filter(|e| !matches!(e, Event::FootnoteReference(_))).cloned();
            pulldown_cmark::html::push_html(&mut self.out.summary, summary);
        }
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        // Every page's HTML is kept until the templates have run; growth by doubling would
        // otherwise leave up to half of it as spare capacity.
        if raw_html == RawHtml::Sanitize {
            html = raw_html::sanitize(&html);
            self.out.summary = raw_html::sanitize(&self.out.summary);
        }
        html.shrink_to_fit();
        self.out.summary.shrink_to_fit();
        self.out.html = html;
        self.out.toc = nest_toc(&toc_flat);
        self.out
    }

    /// A link or image start with its destination resolved; `None` when the destination
    /// is unsafe to publish, so the text stays and the link goes.
    fn link(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        let (is_image, link_type, dest_url, title, id) = match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => (false, link_type, dest_url, title, id),
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => (true, link_type, dest_url, title, id),
            other => return Some(other),
        };
        let raw_html = self.index.raw_html();
        if raw_html != RawHtml::Trusted {
            if let Some(scheme) = raw_html::unsafe_scheme(&dest_url) {
                let what = if is_image { "image" } else { "link" };
                let d = Diagnostic::warning(
                    self.origin.file,
                    "unsafe-link",
                    format!("this {what} uses `{scheme}:`, which could run code or carry content of its own; it was removed and its text kept"),
                )
                .with_hint(format!(
                    "link to an http(s) address, a page such as `@/about.md`, or a file (this site sets `raw_html: {}`)",
                    raw_html.as_str()
                ));
                let d = self.diagnostic(d, offset);
                self.diagnostics.push(d);
                self.open_links.push(true);
                return None;
            }
        }
        self.open_links.push(false);
        let dest = match self.index.resolve(&dest_url, self.origin.content_rel) {
            Resolved::External | Resolved::Unread => dest_url,
            Resolved::Internal { href, target, anchor } => {
                let pos = self.pos(offset);
                self.out.links.push(InternalLink { target, anchor, pos });
                href.into()
            }
            Resolved::Broken { message, hint } => {
                let mut d = self.diagnostic(Diagnostic::error(self.origin.file, "broken-link", message), offset);
                d.hint = hint;
                self.diagnostics.push(d);
                dest_url
            }
        };
        Some(if is_image {
            Event::Start(Tag::Image { link_type, dest_url: dest, title, id })
        } else {
            Event::Start(Tag::Link { link_type, dest_url: dest, title, id })
        })
    }

    /// HTML written in the markdown with its relative `src` and `href` resolved like a
    /// markdown link's destination: against the source file, so they hold under pretty
    /// URLs; a broken one is reported at its place in the source. `range` is where the
    /// HTML sits in the markdown. Other URLs, and `#anchors` (which may name an `id` in
    /// the HTML itself), stay as written.
    fn raw_html_links(&mut self, html: CowStr<'a>, range: std::ops::Range<usize>) -> CowStr<'a> {
        let attributes = raw_html::url_attributes(&html);
        if attributes.is_empty() {
            return html;
        }
        let mut out = String::with_capacity(html.len() + 16);
        let mut copied = 0;
        for attr in attributes {
            let dest = &html[attr.value.clone()];
            if dest.is_empty() || dest.starts_with('#') || dest.contains('&') {
                continue;
            }
            // The value's place in the source: found in the source text the event covers
            // (a container's markers, such as `> `, may sit between the two).
            let source = self.markdown.get(range.clone()).unwrap_or("");
            let offset = source.find(dest).map_or(range.start, |at| range.start + at);
            let href = match self.index.resolve(dest, self.origin.content_rel) {
                Resolved::External | Resolved::Unread => continue,
                Resolved::Internal { href, target, anchor } => {
                    let pos = self.pos(offset);
                    self.out.links.push(InternalLink { target, anchor, pos });
                    href
                }
                Resolved::Broken { message, hint } => {
                    let mut d = self.diagnostic(Diagnostic::error(self.origin.file, "broken-link", message), offset);
                    d.hint = hint;
                    self.diagnostics.push(d);
                    continue;
                }
            };
            let href = escape::html(&href);
            match attr.quote {
                Some(_) => {
                    out.push_str(&html[copied..attr.value.start]);
                    out.push_str(&href);
                }
                None => {
                    out.push_str(&html[copied..attr.value.start]);
                    out.push('"');
                    out.push_str(&href);
                    out.push('"');
                }
            }
            copied = attr.value.end;
        }
        if copied == 0 {
            return html;
        }
        out.push_str(&html[copied..]);
        out.into()
    }

    fn code_block(&mut self, lang: &str, code: &str, offset: usize) -> String {
        self.out.has_code = true;
        if lang.is_empty() {
            return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape::html(code));
        }
        if crate::highlight::is_plain(lang) {
            let lang = escape::html(lang);
            return format!(
                "<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{}</code></pre>\n",
                escape::html(code)
            );
        }
        let highlighted = self.cache.highlight(code, lang);
        if !highlighted.known_language {
            let hint = match crate::highlight::suggest_language(lang) {
                Some(close) => format!("did you mean `{close}`? For plain text write `text`"),
                None => "use a common name such as `rust`, `python`, `toml`, `yaml`, `bash`, or `text` for plain text"
                    .to_string(),
            };
            let d = Diagnostic::warning(
                self.origin.file,
                "unknown-language",
                format!("unknown code block language `{lang}`; the block is shown as plain text"),
            )
            .with_hint(hint);
            let d = self.diagnostic(d, offset);
            self.diagnostics.push(d);
        }
        let lang = escape::html(lang);
        format!(
            "<pre class=\"code hl-code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{}</code></pre>\n",
            highlighted.html
        )
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Flat `(level, id, title)` headings → a tree, each heading under the nearest shallower one.
fn nest_toc(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn insert(into: &mut Vec<TocEntry>, entry: TocEntry) {
        match into.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => into.push(entry),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in flat {
        insert(&mut toc, TocEntry { level: *level, id: id.clone(), title: title.clone(), children: Vec::new() });
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin { file: "content/a.md", content_rel: "a.md", file_text: "", first_line: 1, first_col: 0 }
    }

    fn index() -> LinkIndex {
        let mut index = LinkIndex::new("/base/");
        index.insert("a.md", "/a/");
        index.insert("b/c.md", "/b/c/");
        index
    }

    fn md(text: &str) -> (Rendered, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let r = render(text, origin(), &index(), &HighlightCache::off(), &mut diags);
        (r, diags)
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let (r, _) = md("# Intro\n\n## Details\n\n## Details\n\n### Deep {#custom}\n");
        assert!(r.html.contains("<h1 id=\"intro\">Intro<a class=\"anchor\" href=\"#intro\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"details-1\">"));
        assert!(r.html.contains("<h3 id=\"custom\">Deep<a"));
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].children[0].id, "custom");
        assert_eq!(r.anchors, vec!["intro", "details", "details-1", "custom"]);
    }

    #[test]
    fn gfm_features() {
        let (r, _) = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>gone</del>"));
        assert!(r.html.contains("“quoted”"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn internal_links_resolve_under_the_base_path() {
        let (r, diags) = md("See [c](@/b/c.md#part) and [top](#intro).\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(r.html.contains("href=\"/base/b/c/#part\""), "{}", r.html);
        assert_eq!(
            r.links[0],
            InternalLink { target: "b/c.md".into(), anchor: Some("part".into()), pos: Pos::new(1, 5) }
        );
        assert_eq!(r.links[1].target, "a.md");
    }

    #[test]
    fn broken_links_are_errors_with_position_and_hint() {
        let (_, diags) = md("line one\n\nand [x](@/b/d.md)\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].pos, Some(Pos::new(3, 5)));
        assert_eq!(diags[0].code, "broken-link");
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `@/b/c.md`?"));
    }

    #[test]
    fn info_string_attributes_and_plain_text_names_do_not_warn() {
        let text = "```rust,ignore\nfn x() {}\n```\n\n```python title=\"x.py\"\ndef f(): pass\n```\n\n```text\n<plain>\n```\n\n```console\n$ ls\n```\n\n```\nbare\n```\n";
        let (r, diags) = md(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(
            r.html.contains(
                "<pre class=\"code hl-code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("data-lang=\"python\"><code class=\"language-python\"><span class=\"hl-"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<pre class=\"code\" data-lang=\"text\"><code class=\"language-text\">&lt;plain&gt;\n</code></pre>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<pre class=\"code\" data-lang=\"console\"><code class=\"language-console\">$ ls\n</code></pre>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<pre class=\"code\"><code>bare\n</code></pre>"), "{}", r.html);
    }

    #[test]
    fn an_unknown_language_close_to_a_known_one_gets_a_did_you_mean() {
        let (_, diags) = md("```tmol\na = 1\n```\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "unknown-language");
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `toml`? For plain text write `text`"));
    }

    #[test]
    fn code_is_highlighted_and_unknown_languages_warn() {
        let (r, diags) = md("```rust\nfn x() {}\n```\n\n```klingon\nqapla\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains("data-lang=\"rust\""));
        assert!(r.html.contains("hl-"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "unknown-language");
        assert_eq!(diags[0].pos, Some(Pos::new(5, 1)));
    }

    fn md_with(text: &str, raw_html: RawHtml) -> (Rendered, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let r = render(text, origin(), &index().with_raw_html(raw_html), &HighlightCache::off(), &mut diags);
        (r, diags)
    }

    const HOSTILE: &str = "Intro <b>bold</b>.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) and ![pic](data:image/svg+xml,x)\n";

    #[test]
    fn trusted_html_and_links_pass_through_as_written() {
        let (r, diags) = md_with(HOSTILE, RawHtml::Trusted);
        assert_eq!(r.html, md(HOSTILE).0.html);
        assert!(r.html.contains("<script>alert(1)</script>") && r.html.contains("onerror=alert(2)"), "{}", r.html);
        assert!(r.html.contains("href=\"javascript:alert(3)\""), "{}", r.html);
        assert!(diags.iter().all(|d| d.code != "unsafe-link"), "{diags:?}");
    }

    #[test]
    fn escaped_html_is_shown_as_text() {
        let (r, _) = md_with(HOSTILE, RawHtml::Escape);
        assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{}", r.html);
        assert!(!r.html.contains("<script") && !r.html.contains("<img") && !r.html.contains("<b>"), "{}", r.html);
        assert!(r.summary.contains("&lt;b&gt;"), "{}", r.summary);
    }

    #[test]
    fn sanitized_html_keeps_harmless_markup_only() {
        let (r, _) = md_with(HOSTILE, RawHtml::Sanitize);
        assert!(r.html.contains("<b>bold</b>"), "{}", r.html);
        for gone in ["script", "alert", "onerror"] {
            assert!(!r.html.contains(gone), "`{gone}` in {}", r.html);
        }
    }

    #[test]
    fn unsafe_link_destinations_lose_the_link_keep_the_text_and_warn_at_their_position() {
        for mode in [RawHtml::Sanitize, RawHtml::Escape] {
            let (r, diags) = md_with(HOSTILE, mode);
            assert!(r.html.contains("click"), "{}", r.html);
            assert!(!r.html.contains("javascript") && !r.html.contains("data:"), "{}", r.html);
            let found: Vec<_> = diags.iter().filter(|d| d.code == "unsafe-link").map(|d| d.pos).collect();
            assert_eq!(found, vec![Some(Pos::new(7, 1)), Some(Pos::new(7, 34))], "{mode:?}");
        }
        let (r, _) = md_with("# Title [x](JaVaScRiPt:alert(1)) ok\n\n<javascript:alert(2)>\n", RawHtml::Escape);
        assert!(!r.html.to_lowercase().contains("href=\"javascript"), "{}", r.html);
        assert!(r.html.contains("<p>javascript:alert(2)</p>"), "an autolink's text stays: {}", r.html);
        assert!(r.html.contains("<h1 id=\"title-x-ok\">Title x ok<a class=\"anchor\""), "{}", r.html);
    }

    #[test]
    fn sanitize_keeps_the_markup_rolebook_writes() {
        let text = "# Intro\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] done\n\nNote[^1] and [c](@/b/c.md#part).\n\n[^1]: The note.\n\n```rust\nfn x() {}\n```\n";
        let (r, diags) = md_with(text, RawHtml::Sanitize);
        assert!(diags.is_empty(), "{diags:?}");
        for kept in [
            "<h1 id=\"intro\">Intro<a class=\"anchor\" href=\"#intro\">",
            "<th style=\"text-align:center\">a</th>",
            "type=\"checkbox\"",
            "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            "<div class=\"footnote-definition\" id=\"1\">",
            "href=\"/base/b/c/#part\"",
            "<pre class=\"code hl-code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-",
        ] {
            assert!(r.html.contains(kept), "`{kept}` lost from {}", r.html);
        }
    }

    fn md_at(text: &str, content_rel: &str, raw_html: RawHtml) -> (Rendered, Vec<Diagnostic>) {
        let mut index = LinkIndex::new("/base/").with_raw_html(raw_html);
        index.insert("guide/intro.md", "/guide/intro/");
        index.insert("guide.md", "/guide/");
        index.insert_asset("guide/images/logo.svg");
        let origin =
            Origin { file: "content/guide/intro.md", content_rel, file_text: text, first_line: 1, first_col: 0 };
        let mut diags = Vec::new();
        let r = render(text, origin, &index, &HighlightCache::off(), &mut diags);
        (r, diags)
    }

    const RAW_LINKS: &str = "Intro.\n\n<p align=\"center\">\n  <img src=\"images/logo.svg\" alt=\"Logo\">\n</p>\n\nSee <a href='../guide.md#setup'>the guide</a>, <img src=images/logo.svg> and <a href=\"#top\">top</a>.\n\n<img src=\"images/missing.png\">\n";

    #[test]
    fn relative_urls_in_raw_html_resolve_against_the_source_file() {
        for mode in [RawHtml::Trusted, RawHtml::Sanitize] {
            let (r, diags) = md_at(RAW_LINKS, "guide/intro.md", mode);
            assert!(r.html.contains("<img src=\"/base/guide/images/logo.svg\" alt=\"Logo\">"), "{mode:?}: {}", r.html);
            assert!(
                r.html.contains("href='/base/guide/#setup'") || r.html.contains("href=\"/base/guide/#setup\""),
                "{mode:?}: {}",
                r.html
            );
            assert!(r.html.contains("<img src=\"/base/guide/images/logo.svg\">"), "{mode:?}: {}", r.html);
            assert!(r.html.contains("href=\"#top\""), "{mode:?}: {}", r.html);
            let anchors: Vec<_> = r.links.iter().map(|l| (l.target.as_str(), l.anchor.as_deref())).collect();
            assert!(anchors.contains(&("guide.md", Some("setup"))), "{anchors:?}");
            let broken: Vec<_> = diags.iter().map(|d| (d.code, d.pos)).collect();
            assert_eq!(broken, vec![("broken-link", Some(Pos::new(9, 11)))], "{mode:?}: {diags:?}");
        }
    }

    #[test]
    fn escaped_raw_html_has_nothing_to_resolve() {
        let (r, diags) = md_at(RAW_LINKS, "guide/intro.md", RawHtml::Escape);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(r.html.contains("&lt;img src=&quot;images/logo.svg&quot;"), "{}", r.html);
        assert!(!r.html.contains("/base/guide/images"), "{}", r.html);
    }

    #[test]
    fn summary_is_text_before_more_or_the_first_paragraph() {
        let (r, _) = md("First.\n\nSecond.\n");
        assert_eq!(r.summary, "<p>First.</p>\n");
        let (r, _) = md("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n");
        assert!(r.summary.contains("Two."));
        assert!(!r.summary.contains("Three."));
    }
}
