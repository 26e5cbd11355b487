//! The rendering defects of issue 20: lists in one-line fields, block markup nested in
//! `<p>`, links to indexes a site does not fill, a search form that leads nowhere or has
//! no button; and the link check following every URL attribute the theme writes.

use crate::harness::SiteTest;

/// Where HTML's content model is broken by a block element opened inside a `<p>` (which
/// a browser silently closes, leaving the `</p>` stray): `(page, tag)` for each.
fn blocks_inside_paragraphs(html: &str) -> Vec<String> {
    const BLOCKS: [&str; 14] =
        ["ul", "ol", "div", "p", "table", "section", "blockquote", "pre", "h1", "h2", "h3", "h4", "figure", "dl"];
    let mut found = Vec::new();
    let mut in_paragraph = false;
    for (at, _) in html.match_indices('<') {
        let rest = &html[at + 1..];
        let closing = rest.starts_with('/');
        let name: String =
            rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>();
        if name == "p" && closing {
            in_paragraph = false;
        } else if !closing && BLOCKS.contains(&name.as_str()) {
            if in_paragraph {
                let line = html[..at].matches('\n').count() + 1;
                found.push(format!("line {line}: <{name}> inside <p>"));
            }
            in_paragraph = name == "p";
        }
    }
    found
}

fn every_page_nests_validly(site: &SiteTest) {
    let mut problems = Vec::new();
    for (rel, bytes) in SiteTest::snapshot(&site.public()) {
        if rel.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            problems.extend(blocks_inside_paragraphs(&html).into_iter().map(|p| format!("{rel}: {p}")));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

const LIST_FIELDS: &str = "  - skill: communication
    why: |
      Two reasons:

      - results must be understood
      - decisions need them
    on_the_job: Writes short readouts.
    strong: >
      - Decisions follow the readout
      - Peers ask for the readout
";

/// The `roles` fixture with the data scientist's soft skill written as lists.
fn site_with_list_fields() -> SiteTest {
    let site = SiteTest::from_fixture("roles");
    let role = site.source("content/roles/data-scientist.yaml");
    let start = role.find("  - skill: communication").unwrap();
    let end = start + role[start..].find("tools:").unwrap();
    site.write("content/roles/data-scientist.yaml", format!("{}{LIST_FIELDS}{}", &role[..start], &role[end..]));
    site
}

#[test]
fn a_list_that_yaml_folded_into_one_line_is_rendered_as_a_list() {
    let site = site_with_list_fields();
    site.build();
    site.assert_file("roles/data-scientist/index.html")
        .contains("<span class=\"field\">Strong performance:</span> <ul>\n<li>Decisions follow the readout</li>\n<li>Peers ask for the readout</li>\n</ul>")
        .not_contains("- Decisions follow");
}

#[test]
fn no_page_opens_a_list_or_any_block_inside_a_paragraph() {
    let site = site_with_list_fields();
    site.build();
    site.assert_file("roles/data-scientist/index.html").contains("<li>results must be understood</li>");
    every_page_nests_validly(&site);
    let bundled = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_dir(&repo.join("content"), &bundled.outer().join("site/content"));
    bundled.write("rolebook.yaml", std::fs::read(repo.join("rolebook.yaml")).unwrap());
    bundled.build();
    every_page_nests_validly(&bundled);
}

#[test]
fn the_nesting_check_finds_a_list_in_a_paragraph() {
    assert_eq!(blocks_inside_paragraphs("<p>a\n<ul><li>b</li></ul></p><p>c</p><ul></ul>"), ["line 2: <ul> inside <p>"]);
}

#[test]
fn a_site_whose_roles_list_no_kpi_has_no_kpi_link_and_no_empty_table() {
    let site = SiteTest::from_fixture("roles");
    for file in ["data-scientist", "senior-data-scientist"] {
        let path = format!("content/roles/{file}.yaml");
        let role = site.source(&path);
        let start = role.find("kpis:\n").unwrap();
        // The key ends where the next line starts without indentation.
        let end = role[start + 6..]
            .match_indices('\n')
            .map(|(i, _)| start + 6 + i + 1)
            .find(|&i| role[i..].starts_with(|c: char| c.is_ascii_alphabetic()))
            .unwrap_or(role.len());
        // An introduction and no metric: the key is there, no KPI is.
        site.write(
            &path,
            format!("{}kpis:\n  intro: Measured each quarter.\n  metrics: []\n{}", &role[..start], &role[end..]),
        );
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    site.assert_file("index.html").not_contains(">KPIs</a>").contains(">Roles</a>");
    site.assert_file("search/index.html").not_contains("all KPIs");
    site.assert_file("kpis/index.html").not_contains("<table").contains("No role lists a KPI yet.");
}

#[test]
fn a_site_without_roles_skills_or_tools_has_no_search_form_leading_nowhere() {
    let site = SiteTest::empty();
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    site.write("content/about.md", "---\ntitle: About\n---\nUs.\n");
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    assert!(!site.exists("search/index.html"));
    for page in ["index.html", "about/index.html", "404.html"] {
        site.assert_file(page).not_contains("<form").not_contains("search.js");
    }
}

#[test]
fn every_search_form_has_a_submit_button() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    site.assert_file("index.html").contains_in_order(&[
        "<form class=\"search\"",
        "<button class=\"search-submit\" type=\"submit\">Search</button>",
        "</form>",
    ]);
    site.assert_file("search/index.html")
        .contains("data-search-page>\n    <button class=\"search-submit\" type=\"submit\">Search</button>");
}

#[test]
fn check_reports_a_broken_form_action_and_a_broken_data_url_in_a_template_override() {
    let site = SiteTest::from_fixture("roles");
    let search = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/search.html"),
    )
    .unwrap();
    let planted = search.replace(
        "<noscript>",
        "<form action=\"/nowhere/\"><button>Go</button></form>\n<div data-compare-json=\"/api/missing.json\"></div>\n<noscript>",
    );
    // The planted lines come just before `<noscript>`, where it is in a clean build.
    site.build();
    let clean = site.read("search/index.html");
    let line = clean[..clean.find("<noscript>").unwrap()].matches('\n').count() as u32 + 1;
    site.write("templates/search.html", planted);
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("broken-output-link").at("public/search/index.html", line).message_contains("`/nowhere/`");
    run.assert_diag("broken-output-link")
        .at("public/search/index.html", line + 1)
        .message_contains("`/api/missing.json`");
}
