//! Every output path has one owner: a hostile contributor's alias, slug, page, static file
//! or content file can never silently replace a page or a file rolebook makes. Each attack
//! must fail `check` and `build` alike (exit 1), name both owners, and leave the previous
//! output exactly as it was.

use crate::harness::SiteTest;

const ROLE: &str = "id: analyst\nstub: true\ntitle: Analyst\nfamily: Data\nlevel: 1\nscope: Looks at data.\n";

/// A site that builds: a home page, an about page and (optionally) one role. Built once, so
/// every attack has a previous output to leave untouched.
fn site(with_role: bool) -> SiteTest {
    let site = SiteTest::empty();
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    site.write("content/about.md", "---\ntitle: About\n---\nAbout us.\n");
    if with_role {
        site.write("content/roles/analyst.yaml", ROLE);
    }
    site.build();
    site
}

/// Runs `check` and `build` on the (now hostile) site: both must fail with exit code 1
/// and print every one of `expected`; the output built before must be unchanged.
fn refused(site: &SiteTest, expected: &[&str]) -> String {
    let before = SiteTest::snapshot(&site.public());
    assert!(!before.is_empty());
    let check = site.run(&["check"]).fails_with(1).stderr();
    let build = site.run(&["build"]).fails_with(1).stderr();
    for text in expected {
        assert!(check.contains(text), "check does not say {text:?}:\n{check}");
        assert!(build.contains(text), "build does not say {text:?}:\n{build}");
    }
    assert_eq!(SiteTest::snapshot(&site.public()), before, "the previous output changed");
    build
}

fn about_with_alias(site: &SiteTest, alias: &str) {
    site.write("content/about.md", format!("---\ntitle: About\naliases: ['{alias}']\n---\nAbout us.\n"));
}

#[test]
fn an_alias_of_dot_slash_cannot_replace_the_home_page() {
    let site = site(false);
    about_with_alias(&site, "/./");
    refused(
        &site,
        &[
            "content/about.md:3:11: error[output-collision]: the alias `/./` would replace the home page made from content/_index.md:1:1",
            "(both are `index.html` in the output)",
        ],
    );
}

#[test]
fn an_alias_spelled_as_the_index_file_cannot_replace_its_own_page() {
    let site = site(false);
    about_with_alias(&site, "/about/index.html");
    refused(
        &site,
        &["content/about.md:3:11: error[output-collision]: the alias `/about/index.html` would replace the page made from content/about.md:1:1"],
    );
}

#[test]
fn an_alias_differing_from_a_page_only_in_case_is_refused() {
    let site = site(false);
    site.write("content/team.md", "---\ntitle: Team\naliases: [/About/]\n---\nUs.\n");
    refused(
        &site,
        &[
            "content/team.md:3:11: error[output-case-collision]: the alias `/About/` and the page made from content/about.md:1:1 differ only in letter case",
            "`About/index.html` and `about/index.html`",
        ],
    );
}

#[test]
fn an_alias_climbing_out_with_encoded_dots_is_refused() {
    let site = site(false);
    about_with_alias(&site, "/%2e%2e/x");
    refused(
        &site,
        &["content/about.md:3:11: error[bad-alias]: the alias `/%2e%2e/x` climbs above the site's root with `..`"],
    );
    assert!(!site.outer().join("x").exists(), "nothing was written beside the site");
}

#[test]
fn an_alias_with_a_query_is_refused_with_a_hint() {
    let site = site(false);
    about_with_alias(&site, "/old/?page=2");
    refused(
        &site,
        &[
            "content/about.md:3:11: error[bad-alias]: the alias `/old/?page=2` has a `?`",
            "hint: remove the `?` and what follows it",
        ],
    );
}

#[test]
fn an_alias_with_a_backslash_is_refused_at_the_alias() {
    let site = site(false);
    about_with_alias(&site, "/a\\..\\..\\b/");
    refused(&site, &["content/about.md:3:11: error[bad-output-path]: the alias `/a\\..\\..\\b/`", "has a backslash"]);
}

#[test]
fn a_static_index_html_cannot_replace_the_home_page() {
    let site = site(false);
    site.write("static/index.html", "<p>defaced</p>");
    refused(
        &site,
        &[
            "static/index.html: error[output-collision]: this static file would replace the home page made from content/_index.md:1:1",
            "hint: rename or remove the static file",
        ],
    );
}

#[test]
fn a_static_index_html_differing_only_in_case_is_refused() {
    let site = site(false);
    site.write("static/Index.HTML", "<p>defaced</p>");
    refused(&site, &["static/Index.HTML: error[output-case-collision]: this static file and the home page made from content/_index.md:1:1"]);
}

#[test]
fn a_static_api_file_cannot_replace_the_published_roles() {
    let site = site(true);
    site.write("static/api/roles.json", "{\"roles\": []}");
    refused(
        &site,
        &["static/api/roles.json: error[output-collision]: this static file would replace a JSON API file rolebook makes (both are `api/roles.json` in the output)"],
    );
}

#[test]
fn a_static_sitemap_cannot_replace_the_generated_one() {
    let site = site(false);
    site.write("static/sitemap.xml", "<urlset/>");
    refused(
        &site,
        &["static/sitemap.xml: error[output-collision]: this static file would replace the sitemap rolebook makes"],
    );
}

#[test]
fn a_theme_static_file_cannot_replace_a_generated_one_either() {
    let site = site(false);
    site.write("rolebook.yaml", "title: Site\ntheme: mine\n");
    for (rel, text) in rolebook::theme::DEFAULT_THEME {
        site.write(&format!("themes/mine/{rel}"), text);
    }
    site.write("themes/mine/static/robots.txt", "User-agent: *\nDisallow: /\n");
    refused(&site, &["themes/mine/static/robots.txt: error[output-collision]: this static file would replace robots.txt rolebook makes"]);
}

#[test]
fn a_content_404_html_cannot_replace_the_404_page() {
    let site = site(false);
    site.write("content/404.html", "<p>gotcha</p>");
    refused(&site, &["content/404.html: error[output-collision]: this file would replace the 404 page rolebook makes"]);
}

#[test]
fn a_content_search_index_cannot_replace_the_generated_one() {
    let site = site(false);
    site.write("content/search-index.json", "[]");
    refused(&site, &["content/search-index.json: error[output-collision]: this file would replace the search index rolebook makes"]);
}

#[test]
fn a_static_file_cannot_replace_a_role_page() {
    let site = site(true);
    site.write("static/roles/analyst/index.html", "<p>defaced</p>");
    refused(
        &site,
        &["static/roles/analyst/index.html: error[output-collision]: this static file would replace the page of role `analyst` made from content/roles/analyst.yaml:1:5"],
    );
}

#[test]
fn a_content_file_and_a_static_file_on_one_path_collide() {
    let site = site(false);
    site.write("content/img/logo.svg", "<svg/>");
    site.write("static/img/logo.svg", "<svg>other</svg>");
    refused(
        &site,
        &["static/img/logo.svg: error[output-collision]: this static file would replace the file content/img/logo.svg"],
    );
}

#[test]
fn two_pages_differing_only_in_case_are_refused_naming_both() {
    let site = site(false);
    site.write("content/About.md", "---\ntitle: Other about\n---\nHi.\n");
    refused(
        &site,
        &["content/about.md:1:1: error[output-case-collision]: this page and the page made from content/About.md:1:1 differ only in letter case"],
    );
}

#[test]
fn pages_differing_only_in_the_case_of_non_ascii_letters_are_refused() {
    let site = site(false);
    site.write("content/ÄRGER.md", "---\ntitle: A\n---\nA.\n");
    site.write("content/ärger.md", "---\ntitle: B\n---\nB.\n");
    refused(&site, &["error[output-case-collision]", "content/ÄRGER.md:1:1", "content/ärger.md:1:1"]);
}

#[test]
fn a_slug_of_index_html_is_reported_at_the_slug_not_at_the_output() {
    let site = site(false);
    site.write("content/x.md", "---\ntitle: X\nslug: index.html\n---\nX.\n");
    refused(
        &site,
        &[
            "content/x.md:3:7: error[output-collision]: the slug `index.html` needs `index.html` to be a folder (for `index.html/index.html`), but `index.html` is already a file: the home page made from content/_index.md:1:1",
            "hint: choose another `slug`",
        ],
    );
}

#[test]
fn a_page_named_like_a_generated_file_cannot_turn_it_into_a_folder() {
    let site = site(false);
    site.write("content/sitemap.xml/index.md", "---\ntitle: Map\n---\nMap.\n");
    refused(
        &site,
        &["content/sitemap.xml/index.md:1:1: error[output-collision]: this page needs `sitemap.xml` to be a folder (for `sitemap.xml/index.html`), but `sitemap.xml` is already a file: the sitemap rolebook makes"],
    );
}

#[test]
fn a_static_file_where_a_page_needs_a_folder_is_refused() {
    let site = site(false);
    site.write("static/about", "not a folder");
    refused(
        &site,
        &["static/about: error[output-collision]: this static file makes `about` a file, but the page made from content/about.md:1:1 needs it to be a folder (for `about/index.html`)"],
    );
}

#[test]
fn an_over_long_slug_is_reported_at_the_slug() {
    let site = site(false);
    let long = "a".repeat(300);
    site.write("content/x.md", format!("---\ntitle: X\nslug: {long}\n---\nX.\n"));
    refused(
        &site,
        &[
            "content/x.md:3:7: error[bad-output-path]: the slug `aaa",
            "has a name of 300 bytes; most file systems allow at most 255",
        ],
    );
}

#[test]
fn an_over_long_alias_is_reported_at_the_alias() {
    let site = site(false);
    about_with_alias(&site, &format!("/old/{}/", "b".repeat(256)));
    refused(&site, &["content/about.md:3:11: error[bad-output-path]: the alias `/old/bbb", "has a name of 256 bytes"]);
}

#[test]
fn an_alias_too_deep_to_write_anywhere_is_reported_at_the_alias() {
    let site = site(false);
    about_with_alias(&site, &"/abcdefgh".repeat(600));
    refused(&site, &["content/about.md:3:11: error[bad-output-path]: the alias `/abcdefgh", "is 5410 bytes long"]);
}

#[test]
fn an_over_long_tag_is_reported_at_the_page_using_it() {
    let site = site(false);
    site.write("content/about.md", format!("---\ntitle: About\ntags: [{}]\n---\nAbout.\n", "t".repeat(256)));
    refused(&site, &["content/about.md: error[bad-output-path]: the page of tag `ttt", "has a name of 256 bytes"]);
}

#[test]
fn every_collision_is_reported_in_one_run() {
    let site = site(false);
    site.write("static/index.html", "x");
    site.write("static/404.html", "x");
    about_with_alias(&site, "/sitemap.xml/..");
    refused(
        &site,
        &[
            "static/index.html: error[output-collision]",
            "static/404.html: error[output-collision]",
            "content/about.md:3:11: error[output-collision]: the alias `/sitemap.xml/..`",
        ],
    );
}

#[test]
fn a_site_static_file_may_override_the_theme_one() {
    let site = site(false);
    site.write("static/style.css", "body { color: rebeccapurple }");
    site.write("static/favicon.svg", "<svg/>");
    site.run(&["check"]).success();
    site.build();
    assert_eq!(site.read("style.css"), "body { color: rebeccapurple }");
    assert_eq!(site.read("favicon.svg"), "<svg/>");
}

#[test]
fn an_alias_nobody_else_uses_still_redirects() {
    let site = site(false);
    about_with_alias(&site, "/Old%20About/../old-about/index.html");
    site.run(&["check"]).success();
    site.build();
    site.assert_file("old-about/index.html").contains("about/\">");
}
