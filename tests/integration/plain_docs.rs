//! Issue 23, items 1 and 2: a folder of plain markdown builds as it is. Front matter is
//! optional (the title comes from the heading the page opens with, else the file name),
//! and `README.md` is its folder's page.

use crate::harness::SiteTest;

/// The `<h1>` elements of a page, as text.
fn h1s(html: &str) -> Vec<String> {
    // The text up to the first tag inside: headings in the body carry an anchor link.
    html.split("<h1")
        .skip(1)
        .map(|rest| rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()].to_string())
        .collect()
}

/// A small documentation folder of my own, with no front matter anywhere.
fn plain_docs() -> SiteTest {
    let site = SiteTest::empty();
    site.write(
        "content/README.md",
        "# Field notes\n\nNotes for the crew. Start with the [guide](guide/README.md) or the \
         [packing list](packing-list.md#tents).\n\n## Trips\n\nOne a month.\n",
    )
    .write("content/packing-list.md", "Packing list\n============\n\n## Tents\n\nTwo per crew.\n")
    .write("content/getting-started.md", "Read this before the first trip.\n\n## Later heading\n\nMore.\n")
    .write("content/guide/README.md", "# The guide\n\nChapters below. Back to the [notes](../README.md).\n")
    .write(
        "content/guide/river-crossings.md",
        "# River crossings\n\nSee the [guide's page](README.md) and [the trips](../README.md#trips).\n",
    );
    site
}

#[test]
fn a_folder_without_front_matter_checks_clean_with_no_message() {
    let site = plain_docs();
    let run = site.run(&["check", "--deny-warnings"]).success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr());
}

#[test]
fn titles_come_from_an_atx_heading_a_setext_heading_or_the_file_name() {
    let site = plain_docs();
    site.build();
    assert_eq!(h1s(&site.read("guide/river-crossings/index.html")), ["River crossings"]);
    assert_eq!(h1s(&site.read("packing-list/index.html")), ["Packing list"]);
    assert_eq!(h1s(&site.read("getting-started/index.html")), ["Getting started"]);
    site.assert_file("getting-started/index.html")
        .contains("<title>Getting started")
        .contains("Read this before the first trip.")
        .contains("Later heading");
}

#[test]
fn the_heading_that_gave_the_title_is_not_rendered_again() {
    let site = plain_docs();
    site.build();
    let river = site.read("guide/river-crossings/index.html");
    assert_eq!(h1s(&river), ["River crossings"]);
    assert!(!river.contains("id=\"river-crossings\""), "the body has no heading of its own: {river}");
    // The setext heading's underline is gone too, and the next heading stays.
    site.assert_file("packing-list/index.html").not_contains("=====").contains("<h2 id=\"tents\">Tents<");
}

#[test]
fn a_readme_is_its_folder_s_page_and_section() {
    let site = plain_docs();
    site.build();
    // content/README.md is the home page, content/guide/README.md the section /guide/.
    assert_eq!(h1s(&site.read("index.html")), ["Field notes"]);
    site.assert_file("index.html").contains("Notes for the crew.");
    assert_eq!(h1s(&site.read("guide/index.html")), ["The guide"]);
    site.assert_file("guide/index.html").contains("Chapters below.").contains("href=\"/guide/river-crossings/\"");
    assert!(!site.exists("README/index.html") && !site.exists("guide/README/index.html"));
}

#[test]
fn links_to_readme_files_resolve_to_their_folder_urls() {
    let site = plain_docs();
    site.build();
    site.assert_file("index.html").contains("href=\"/guide/\"").contains("href=\"/packing-list/#tents\"");
    site.assert_file("guide/index.html").contains("href=\"/\"");
    site.assert_file("guide/river-crossings/index.html").contains("href=\"/guide/\"").contains("href=\"/#trips\"");
}

#[test]
fn a_readme_beside_an_index_file_is_an_error_naming_both() {
    for other in ["_index.md", "index.md"] {
        let site = plain_docs();
        site.write(&format!("content/guide/{other}"), "---\ntitle: Guide\n---\nAlso the guide.\n");
        let run = site.run(&["check"]).fails_with(1);
        run.assert_diag("two-folder-pages")
            .at("content/guide/README.md", 1)
            .error()
            .message_contains(&format!("`content/guide/README.md` and `content/guide/{other}`"))
            .hint_contains(&format!("keep `{other}`"))
            .count(1);
        // One error for one mistake: the README's links still resolve and nothing collides.
        assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr());
    }
}

#[test]
fn a_page_with_front_matter_is_unchanged() {
    let site = plain_docs();
    site.write(
        "content/kept.md",
        "---\ntitle: From front matter\ndate: 2026-03-01\nweight: 1\n---\n# Heading stays\n\nBody.\n",
    )
    .write("content/wip.md", "---\ndraft: true\n---\n# Work in progress\n");
    site.build();
    let kept = site.read("kept/index.html");
    assert_eq!(h1s(&kept), ["From front matter", "Heading stays"].map(String::from).to_vec());
    assert!(kept.contains("2026-03-01"));
    assert!(!site.exists("wip/index.html"), "a draft without a title is still a draft");
    site.run(&["build", "--drafts"]).success();
    assert_eq!(h1s(&site.read("wip/index.html")), ["Work in progress"]);
}

/// The language of each highlighted block on a page and how many highlight spans it has.
fn highlighted_blocks(html: &str) -> Vec<(String, usize)> {
    html.split("<pre class=\"code hl-code\" data-lang=\"")
        .skip(1)
        .map(|rest| {
            let lang = rest[..rest.find('"').unwrap()].to_string();
            let code = &rest[..rest.find("</pre>").unwrap()];
            (lang, code.matches("<span class=\"hl-").count())
        })
        .collect()
}

/// Item 5: `tests/fixtures/plain_docs`, a handbook of our own with a README in each folder,
/// no front matter, the everyday code languages and raw HTML images.
#[test]
fn the_plain_docs_fixture_checks_clean_with_warnings_denied() {
    let site = SiteTest::from_fixture("plain_docs");
    let run = site.run(&["check", "--deny-warnings"]).success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr());
}

#[test]
fn the_plain_docs_fixture_has_titles_from_headings_and_file_names_and_readme_folder_pages() {
    let site = SiteTest::from_fixture("plain_docs");
    site.build();
    for (page, title) in [
        ("index.html", "Lantern handbook"),
        ("configuration/index.html", "Configuration"),
        ("deploy/index.html", "Deploying"),
        ("install/index.html", "Installing"),
        ("faq/index.html", "Faq"),
        ("configuration/options/index.html", "Options"),
    ] {
        assert_eq!(h1s(&site.read(page)), [title], "{page}");
    }
    // The README links on the home page point at the folder pages.
    site.assert_file("index.html")
        .contains("href=\"/handbook/configuration/\"")
        .contains("href=\"/handbook/deploy/\"")
        .not_contains("README.md\"");
}

#[test]
fn the_plain_docs_fixture_highlights_every_language_it_names() {
    let site = SiteTest::from_fixture("plain_docs");
    site.build();
    let mut seen: Vec<(String, usize)> = [
        "configuration/options/index.html",
        "configuration/templates/index.html",
        "deploy/docker/index.html",
        "changes/index.html",
        "install/index.html",
    ]
    .iter()
    .flat_map(|page| highlighted_blocks(&site.read(page)))
    .collect();
    seen.sort();
    let languages: Vec<&str> = seen.iter().map(|(lang, _)| lang.as_str()).collect();
    assert_eq!(languages, ["diff", "dockerfile", "handlebars", "ini", "json", "python", "rust", "sh", "toml", "yaml"]);
    for (lang, spans) in &seen {
        assert!(*spans > 0, "the {lang} block has no highlighting");
    }
    // Plain-text blocks stay plain: no highlighting and no language class made up.
    site.assert_file("getting-started/index.html")
        .contains("<pre class=\"code\" data-lang=\"console\">")
        .contains("<pre class=\"code\" data-lang=\"text\">")
        .contains("lantern 0.4 listening on 127.0.0.1:7070");
}

#[test]
fn the_plain_docs_fixture_resolves_images_in_markdown_and_raw_html_from_each_folder() {
    let site = SiteTest::from_fixture("plain_docs");
    site.build();
    site.assert_file("index.html").contains("<img src=\"/handbook/images/lantern.svg\" alt=\"A lantern\"");
    site.assert_file("configuration/index.html").contains("<img src=\"/handbook/images/lantern.svg\" alt=\"Lantern\"");
    site.assert_file("configuration/options/index.html").contains("<img src=\"/handbook/images/lantern.svg\" alt=\"\"");
    site.assert_file("getting-started/index.html")
        .contains("<a href=\"/handbook/configuration/options/\">Every option");
    assert!(site.exists("images/lantern.svg"));
}

// Found by trying real documentation folders (an mdBook guide, a Jekyll theme's docs):
// the habits of other tools' docs, each written here in a small folder of my own.

/// Pages written for other tools: their front matter keys, a rule on the first line,
/// mdBook's `.html` links, GitHub's heading ids, and links to a heading that became a title.
fn foreign_docs() -> SiteTest {
    let site = SiteTest::empty();
    site.write(
        "content/README.md",
        "# Crew handbook\n\nStart at [the kit](kit.md#the-kit-list), read [the config](kit.md#stovetoml) and \
         [languages](kit.md#c--rust), the [setup](setup.html), the [rules](rules/index.html) and \
         [the top](#crew-handbook).\n",
    )
    .write(
        "content/kit.md",
        "---\nlayout: default\nnav_order: 2\nparent: Handbook\nhas_children: false\nsidebar_position: 3\n\
         sidebar_label: Kit\npermalink: /kit/\nid: kit\nkeywords: [gear]\nhide_title: true\nlinkTitle: Kit\n\
         menu:\n  main:\n    weight: 4\ntoc: true\ncustom_edit_url: null\n---\n\
         # The kit list\n\n## stove.toml\n\nThe stove's settings.\n\n## C++ & Rust\n\nTwo languages.\n",
    )
    .write("content/setup.md", "---\n\nA rule opens this page, with no front matter.\n\n## Setup steps\n\nOne.\n")
    .write("content/rules/README.md", "# Rules\n\n---\nA note between two rules.\n---\n\nThe end.\n");
    site
}

#[test]
fn other_tools_front_matter_rules_html_links_and_github_ids_check_clean() {
    let site = foreign_docs();
    let run = site.run(&["check", "--deny-warnings"]).success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr());
}

#[test]
fn a_typo_of_one_of_our_keys_is_still_an_error_among_other_tools_keys() {
    let site = foreign_docs();
    site.write("content/kit.md", "---\nlayout: default\ntitel: Kit\n---\nBody.\n");
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("unknown-field").at("content/kit.md", 3).hint("did you mean `title`?").count(1);
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr());
}

#[test]
fn a_first_line_rule_is_body_but_an_unclosed_front_matter_is_still_an_error() {
    let site = foreign_docs();
    site.build();
    site.assert_file("setup/index.html").contains("<hr />").contains("A rule opens this page");
    site.assert_file("rules/index.html").contains("<hr />").contains("A note between two rules.");

    site.write("content/setup.md", "---\ntitle: Setup\nweight: 2\n\n# Setup\n");
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("unclosed-front-matter").at("content/setup.md", 1).count(1);
}

#[test]
fn links_with_github_heading_ids_land_on_the_heading() {
    let site = foreign_docs();
    site.build();
    site.assert_file("kit/index.html")
        .contains("<h2 id=\"stove-toml\"><span id=\"stovetoml\"></span>stove.toml")
        .contains("<h2 id=\"c-rust\"><span id=\"c--rust\"></span>C++ &amp; Rust");
    site.assert_file("index.html").contains("href=\"/kit/#stovetoml\"").contains("href=\"/kit/#c--rust\"");
}

#[test]
fn a_link_to_the_heading_that_became_the_title_goes_to_the_page() {
    let site = foreign_docs();
    site.build();
    site.assert_file("index.html").contains("href=\"/kit/\">the kit</a>").contains("href=\"/\">the top</a>");
    // Another heading of that name in the body is numbered after the title's, as on GitHub.
    site.write("content/kit.md", "# Kit\n\n## Kit\n\nAgain.\n")
        .write("content/README.md", "# Home\n\n[kit](kit.md#kit), [second](kit.md#kit-1).\n");
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    site.assert_file("kit/index.html").contains("<h2 id=\"kit-1\">");
    site.assert_file("index.html").contains("href=\"/kit/\">kit</a>").contains("href=\"/kit/#kit-1\">second</a>");
}

#[test]
fn mdbook_html_links_go_to_the_page_of_the_markdown_file() {
    let site = foreign_docs();
    site.build();
    site.assert_file("index.html").contains("href=\"/setup/\">setup</a>").contains("href=\"/rules/\">rules</a>");
    site.write("content/kit.md", "# Kit\n\n[gone](gone.html)\n");
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("broken-link").at("content/kit.md", 3).count(1);
}

#[test]
fn srcset_and_poster_urls_in_raw_html_resolve_against_the_file() {
    let site = SiteTest::empty();
    site.write("content/guide/images/a.png", "png")
        .write("content/guide/images/a2.png", "png")
        .write("content/guide/images/p.jpg", "jpg")
        .write(
            "content/guide/tour.md",
            "# Tour\n\n<img src=\"images/a.png\" srcset=\"images/a.png 1x, images/a2.png 2x\" alt=\"a\">\n\n\
             <video poster=\"images/p.jpg\"></video>\n\n<img srcset=\"images/missing.png 2x\" alt=\"m\">\n",
        );
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("broken-link").at("content/guide/tour.md", 7).message_contains("missing.png").count(1);
    site.remove("content/guide/tour.md").write(
        "content/guide/tour.md",
        "# Tour\n\n<img src=\"images/a.png\" srcset=\"images/a.png 1x, images/a2.png 2x\" alt=\"a\">\n\n\
         <video poster=\"images/p.jpg\"></video>\n",
    );
    site.build();
    site.assert_file("guide/tour/index.html")
        .contains("srcset=\"/guide/images/a.png 1x, /guide/images/a2.png 2x\"")
        .contains("poster=\"/guide/images/p.jpg\"");
}
