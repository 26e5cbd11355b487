//! `rolebook build` on the basic fixture: what lands where, and what it contains.

use crate::harness::{broken_links, SiteTest};

#[test]
fn pretty_urls_and_sections() {
    let site = SiteTest::from_fixture("basic");
    let run = site.build();
    assert!(run.stdout().starts_with("built 7 pages"), "{}", run.stdout());
    for file in [
        "index.html",
        "about/index.html",
        "team/index.html",
        "team/first/index.html",
        "team/beta/index.html",
        "team/zed/index.html",
        "docs/guide/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "favicon.svg",
        "img/logo.svg",
    ] {
        assert!(site.exists(file), "missing {file}");
    }
    assert!(!site.exists("team/alpha/index.html"), "slug replaces the file name");
    assert!(!site.exists("draft/index.html"), "drafts are not published");
}

#[test]
fn section_lists_its_pages_by_weight_then_title() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let team = site.read("team/index.html");
    let order: Vec<usize> =
        ["/team/first/", "/team/beta/", "/team/zed/"].iter().map(|u| team.find(u).expect(u)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let home = site.read("index.html");
    assert!(home.contains("href=\"/team/\""), "home lists the team section");
}

#[test]
fn markdown_features() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let about = site.read("about/index.html");
    assert!(about.contains("<table>"));
    assert!(about.contains("<del>strikethrough</del>"));
    assert!(about.contains("“smart quotes” – with dashes"), "smart punctuation");
    assert!(about.contains("type=\"checkbox\""));
    assert!(about.contains("class=\"footnote-definition\""));
    assert!(about.contains("<h1 id=\"about-us\">"));
    assert!(about.contains("<h2 id=\"custom-details\">"));
    assert!(about.contains("<h2 id=\"details\">"));
    assert!(about.contains("href=\"#custom-details\""), "table of contents");
    assert!(about.contains("class=\"anchor\" href=\"#about-us\""), "heading anchor link");
}

#[test]
fn code_is_highlighted_with_a_light_and_dark_stylesheet() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let guide = site.read("docs/guide/index.html");
    assert!(guide.contains("data-lang=\"rust\""));
    assert!(guide.contains("<span class=\"hl-"), "syntect classes");
    assert!(guide.contains("syntax.css"));
    let css = site.read("syntax.css");
    assert!(css.contains(".hl-"));
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    assert!(!site.read("about/index.html").contains("syntax.css"), "only pages with code load it");
}

#[test]
fn internal_links_resolve_to_urls_and_anchors() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let home = site.read("index.html");
    assert!(home.contains("href=\"/docs/guide/#install\""), "{home}");
    let beta = site.read("team/beta/index.html");
    assert!(beta.contains("href=\"/about/#custom-details\""), "relative .md link");
    assert!(broken_links(&site.public(), "/", "https://example.org").is_empty());
}

#[test]
fn every_link_resolves_under_a_sub_path_base_url() {
    let site = SiteTest::from_fixture("basic");
    site.run(&["build", "--base-url", "https://org.github.io/careers/"]).success();
    let broken = broken_links(&site.public(), "/careers/", "https://org.github.io");
    assert!(broken.is_empty(), "{broken:#?}");
    let alpha = site.read("team/first/index.html");
    assert!(alpha.contains("src=\"/careers/img/logo.svg\""));
    assert!(alpha.contains("href=\"/careers/style.css\""));
    assert!(alpha.contains("<link rel=\"canonical\" href=\"https://org.github.io/careers/team/first/\">"));
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = SiteTest::from_fixture("basic");
    site.run(&["build", "--base-url", "https://org.github.io/careers"]).success();
    let sitemap = site.read("sitemap.xml");
    for url in ["", "about/", "team/", "team/first/", "team/beta/", "team/zed/", "docs/guide/", "tags/", "tags/hiring/"]
    {
        assert!(
            sitemap.contains(&format!("<loc>https://org.github.io/careers/{url}</loc>")),
            "missing {url}\n{sitemap}"
        );
    }
    assert!(sitemap.contains("<lastmod>2026-01-15</lastmod>"));
    assert!(!sitemap.contains("draft"));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://org.github.io/careers/sitemap.xml\n"
    );
}

#[test]
fn tags_and_aliases() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let hiring = site.read("tags/hiring/index.html");
    assert!(hiring.contains("href=\"/about/\"") && hiring.contains("href=\"/team/beta/\""), "{hiring}");
    let old = site.read("old-about/index.html");
    assert!(old.contains("url=https://example.org/about/"));
}

#[test]
fn drafts_are_published_only_when_asked() {
    let site = SiteTest::from_fixture("basic");
    site.run(&["build", "--drafts"]).success();
    assert!(site.exists("draft/index.html"));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}CUSTOM {{ page.title }}{{ page.content | safe }}{% endblock %}",
    );
    site.build();
    assert!(site.read("about/index.html").contains("CUSTOM About"));
    assert!(site.read("about/index.html").contains("class=\"site-header\""), "base.html still from the theme");
    assert!(!site.read("team/index.html").contains("CUSTOM"), "section.html untouched");
}

#[test]
fn a_page_can_choose_its_template() {
    let site = SiteTest::from_fixture("basic");
    site.write("templates/plain.html", "PLAIN {{ page.title }}");
    site.write("content/plain.md", "---\ntitle: Plainly\ntemplate: plain.html\n---\n");
    site.build();
    assert_eq!(site.read("plain/index.html"), "PLAIN Plainly");
}

#[test]
fn builds_are_byte_for_byte_deterministic() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let first = SiteTest::snapshot(&site.public());
    site.build();
    let second = SiteTest::snapshot(&site.public());
    assert_eq!(first.len(), second.len());
    for ((a, abytes), (b, bbytes)) in first.iter().zip(&second) {
        assert_eq!(a, b);
        assert!(abytes == bbytes, "{a} differs between builds");
    }
}

#[test]
fn an_empty_site_builds_a_home_page() {
    let site = SiteTest::empty();
    site.build();
    assert!(site.read("index.html").contains("<h1>Careers</h1>"));
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::from_fixture("basic");
    let run = site.run(&["check"]).success();
    assert!(run.stdout().starts_with("checked 7 pages"), "{}", run.stdout());
    assert!(!site.public().exists());
}

#[test]
fn the_bundled_site_builds_cleanly() {
    let site = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_dir(&repo.join("content"), &site.root.join("content"));
    std::fs::copy(repo.join("rolebook.yaml"), site.root.join("rolebook.yaml")).unwrap();
    let run = site.build();
    assert!(run.stderr().is_empty(), "warnings on the bundled site:\n{}", run.stderr());
    let broken = broken_links(&site.public(), "/careers/", "https://example.org");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn highlighted_code_is_cached_between_builds_and_never_stale() {
    let site = SiteTest::from_fixture("basic");
    let cache = site.root.join(".rolebook/cache/highlight.bin");
    site.run(&["build", "--no-cache"]).success();
    assert!(!cache.exists(), "--no-cache writes no cache");
    site.build();
    assert!(cache.exists());
    let first = site.read("docs/guide/index.html");
    let written = std::fs::metadata(&cache).unwrap().modified().unwrap();
    site.build();
    assert_eq!(site.read("docs/guide/index.html"), first, "a warm build renders the same bytes");
    let unchanged = std::fs::metadata(&cache).unwrap().modified().unwrap();
    assert_eq!(written, unchanged, "a build that used exactly the cached blocks leaves the cache file alone");

    // Changed code is highlighted afresh.
    let guide = std::fs::read_to_string(site.root.join("content/docs/guide.md")).unwrap();
    site.write("content/docs/guide.md", guide.replace("println!(\"hello\");", "let answer = 42;"));
    site.build();
    assert!(site.read("docs/guide/index.html").contains("42"));
    assert!(!site.read("docs/guide/index.html").contains("hello"));
    let cached = std::fs::read(&cache).unwrap();
    assert!(cached.windows(2).any(|w| w == b"42"), "the new block is in the cache");
    assert!(!cached.windows(5).any(|w| w == b"hello"), "the block no page uses any more is gone");

    // A damaged cache is ignored, then replaced.
    std::fs::write(&cache, b"not a cache").unwrap();
    site.build();
    assert!(std::fs::read(&cache).unwrap().starts_with(b"rolebook-highlight-cache"));
}

#[test]
fn static_files_are_copied_including_host_dotfiles() {
    let site = SiteTest::from_fixture("basic");
    site.write("static/CNAME", "careers.example.org\n");
    site.write("static/.nojekyll", "");
    site.write("static/.well-known/security.txt", "Contact: mailto:security@example.org\n");
    site.write("static/.notes.txt.swp", "editor junk");
    site.build();
    assert_eq!(site.read("CNAME"), "careers.example.org\n");
    assert!(site.exists(".nojekyll"));
    assert!(site.exists(".well-known/security.txt"));
    assert!(!site.exists(".notes.txt.swp"));
    site.build();
}
