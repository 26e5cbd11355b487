//! `rolebook build` on the basic fixture: what lands where, and what it contains.

use crate::harness::{broken_links, SiteTest};

#[test]
fn pretty_urls_and_sections() {
    let site = SiteTest::from_fixture("basic");
    site.build().assert_stdout().starts_with("built 7 pages");
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
    site.assert_file("team/index.html").contains_in_order(&["/team/first/", "/team/beta/", "/team/zed/"]);
    site.assert_file("index.html").contains("href=\"/team/\""); // home lists the team section
}

#[test]
fn markdown_features() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    site.assert_file("about/index.html")
        .contains("<table>")
        .contains("<del>strikethrough</del>")
        .contains("“smart quotes” – with dashes") // smart punctuation
        .contains("type=\"checkbox\"")
        .contains("class=\"footnote-definition\"")
        .contains("<h1 id=\"about-us\">")
        .contains("<h2 id=\"custom-details\">")
        .contains("<h2 id=\"details\">")
        .contains("href=\"#custom-details\"") // table of contents
        .contains("class=\"anchor\" href=\"#about-us\""); // heading anchor link
}

#[test]
fn code_is_highlighted_with_a_light_and_dark_stylesheet() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    site.assert_file("docs/guide/index.html")
        .contains("data-lang=\"rust\"")
        .contains("<span class=\"hl-") // syntect classes
        .contains("syntax.css");
    site.assert_file("syntax.css").contains(".hl-").contains("@media (prefers-color-scheme: dark)");
    site.assert_file("about/index.html").not_contains("syntax.css"); // only pages with code load it
}

#[test]
fn internal_links_resolve_to_urls_and_anchors() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    site.assert_file("index.html").contains("href=\"/docs/guide/#install\"");
    site.assert_file("team/beta/index.html").contains("href=\"/about/#custom-details\""); // relative .md link
    assert!(broken_links(&site.public(), "/", "https://example.org").is_empty());
}

#[test]
fn every_link_resolves_under_a_sub_path_base_url() {
    let site = SiteTest::from_fixture("basic");
    site.run(&["build", "--base-url", "https://org.github.io/careers/"]).success();
    let broken = broken_links(&site.public(), "/careers/", "https://org.github.io");
    assert!(broken.is_empty(), "{broken:#?}");
    site.assert_file("team/first/index.html")
        .contains("src=\"/careers/img/logo.svg\"")
        .contains("href=\"/careers/style.css\"")
        .contains("<link rel=\"canonical\" href=\"https://org.github.io/careers/team/first/\">");
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = SiteTest::from_fixture("basic");
    site.run(&["build", "--base-url", "https://org.github.io/careers"]).success();
    let sitemap = site.assert_file("sitemap.xml");
    for url in ["", "about/", "team/", "team/first/", "team/beta/", "team/zed/", "docs/guide/", "tags/", "tags/hiring/"]
    {
        sitemap.contains(&format!("<loc>https://org.github.io/careers/{url}</loc>"));
    }
    sitemap.contains("<lastmod>2026-01-15</lastmod>").not_contains("draft");
    site.assert_file("robots.txt")
        .equals("User-agent: *\nAllow: /\nSitemap: https://org.github.io/careers/sitemap.xml\n");
}

#[test]
fn tags_and_aliases() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    site.assert_file("tags/hiring/index.html").contains("href=\"/about/\"").contains("href=\"/team/beta/\"");
    site.assert_file("old-about/index.html").contains("url=https://example.org/about/");
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
    site.assert_file("about/index.html").contains("CUSTOM About").contains("class=\"site-header\""); // base.html still from the theme
    site.assert_file("team/index.html").not_contains("CUSTOM"); // section.html untouched
}

#[test]
fn a_page_can_choose_its_template() {
    let site = SiteTest::from_fixture("basic");
    site.write("templates/plain.html", "PLAIN {{ page.title }}");
    site.write("content/plain.md", "---\ntitle: Plainly\ntemplate: plain.html\n---\n");
    site.build();
    site.assert_file("plain/index.html").equals("PLAIN Plainly");
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
    site.assert_file("index.html").contains("<h1>Careers</h1>");
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::from_fixture("basic");
    site.run(&["check"]).success().assert_stdout().starts_with("checked 7 pages");
    assert!(!site.public().exists());
}

#[test]
fn the_bundled_site_builds_cleanly() {
    let site = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_dir(&repo.join("content"), &site.root.join("content"));
    std::fs::copy(repo.join("rolebook.yaml"), site.root.join("rolebook.yaml")).unwrap();
    let run = site.build();
    run.assert_stderr().equals(""); // no warnings on the bundled site
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
    site.assert_file("docs/guide/index.html").contains("42").not_contains("hello");
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
    site.assert_file("CNAME").equals("careers.example.org\n");
    assert!(site.exists(".nojekyll"));
    assert!(site.exists(".well-known/security.txt"));
    assert!(!site.exists(".notes.txt.swp"));
    site.build();
}
