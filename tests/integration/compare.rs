//! Comparing any two roles: what changes per competency area and per section, the static
//! pages for declared steps and for pairs on one track, the `/compare/` picker and the
//! data its script reads.

use serde_json::Value;

use crate::harness::{copy_dir, SiteTest};

/// The example ladder: four roles on one rubric, served under `/ladder/`.
pub(crate) fn ladder() -> SiteTest {
    let site = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ladder");
    copy_dir(&repo, &site.root);
    site
}

const LADDER_ROLES: [&str; 4] =
    ["platform-engineer-1", "platform-engineer-2", "platform-engineer-3", "platform-engineer-4"];

/// The output file a site link of the ladder points at, if it is one.
fn ladder_target(site: &SiteTest, href: &str) -> Option<String> {
    let rel = href.strip_prefix("/ladder/")?;
    let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    site.exists(&rel).then_some(rel)
}

/// Every `href="..."` of a page.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect()
}

/// Four areas; a two-level rubric; role `e1` writes an area of its own (`impact`), role
/// `e2` another (`mentoring`). `people` is described at level 1 only, so level 2 keeps it.
pub(crate) fn area_site() -> SiteTest {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", "title: T\nbase_url: /\nblueprint:\n  sections:\n    - section: summary\n    - section: expectations\n      required: true\n");
    site.write(
        "content/competencies.yaml",
        "- id: craft\n  name: Craft\n- id: people\n  name: People\n- id: impact\n  name: Impact\n- id: mentoring\n  name: Mentoring\n",
    );
    site.write(
        "content/rubrics/eng.yaml",
        "id: eng\ntitle: Engineering\nfamily: Eng\ntrack: IC\nlevels:\n  - level: 1\n    expectations:\n      craft:\n        summary: Builds small things.\n        behaviours: [Writes tests, Reviews code with help]\n        examples: [Fixed a flaky test]\n      people:\n        summary: Works well with the team.\n        behaviours: [Asks for help early]\n  - level: 2\n    expectations:\n      craft:\n        summary: Builds bigger things.\n        behaviours: [Writes tests, Designs modules]\n        examples: [Fixed a flaky test]\n",
    );
    let role = |id: &str, level: u32, extra: &str| {
        format!("id: {id}\ntitle: Eng {level}\nfamily: Eng\ntrack: IC\nlevel: {level}\n{extra}")
    };
    site.write("content/roles/e1.yaml", role("e1", 1, "expectations:\n  impact:\n    summary: Finishes own tasks.\n"));
    site.write(
        "content/roles/e2.yaml",
        role(
            "e2",
            2,
            "expectations:\n  mentoring:\n    summary: Mentors one engineer.\n    behaviours: [Pairs weekly]\n",
        ),
    );
    site
}

/// The element of `html` with `id`, up to the next `</section>`.
fn section<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let start = html[..at].rfind('<').unwrap();
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn comparing_two_adjacent_ladder_levels_shows_the_expectation_texts_that_change() {
    let site = ladder();
    site.build();
    let page = site.read("roles/platform-engineer-2/next/platform-engineer-3/index.html");
    let design = section(&page, "area-systems-design");
    crate::harness::Text::new("systems design", design)
        .contains("changes")
        .contains_in_order(&[
            "Engineer II, Platform",
            "Was:</span> Designs individual components independently",
            "Only at Engineer II, Platform",
            "Writes a short design note",
            "Senior Engineer, Platform",
            "Now:</span> Designs systems that span several components",
            "New at Senior Engineer, Platform",
            "Leads design reviews and weighs alternatives in writing.",
        ])
        // Sub-levels are named beside their text.
        .contains("3a:</span> Designs multi-component changes");
    // The site's area order, not the alphabet.
    crate::harness::Text::new("page", page.clone()).contains_in_order(&[
        "id=\"area-systems-design\"",
        "id=\"area-reliability\"",
        "id=\"area-delivery\"",
    ]);
}

#[test]
fn every_pair_of_the_ladder_roles_has_a_comparison_page_read_up_the_ladder_whose_links_resolve() {
    let site = ladder();
    site.build();
    let picker = site.read("compare/index.html");
    // LADDER_ROLES is in level order.
    for (i, from) in LADDER_ROLES.iter().enumerate() {
        for (j, to) in LADDER_ROLES.iter().enumerate().filter(|&(j, _)| j != i) {
            // Declared steps keep their URL under the role; other pairs sit under /compare/.
            let step = format!("roles/{from}/next/{to}/index.html");
            let pair = format!("compare/{from}/{to}/index.html");
            if j < i {
                // Down the ladder is the same page read backwards: the picker compares it.
                assert!(!site.exists(&step) && !site.exists(&pair), "{from} → {to} has a page");
                assert!(!picker.contains(&format!("href=\"/ladder/compare/{from}/{to}/\"")));
                continue;
            }
            let rel = if site.exists(&step) { step } else { pair };
            let page = site.read(&rel);
            assert!(page.contains("Expectations by competency area"), "{rel}");
            for href in hrefs(&page).into_iter().filter(|h| h.starts_with("/ladder/")) {
                assert!(ladder_target(&site, href).is_some(), "{rel} links to missing {href}");
            }
            let url = format!("/ladder/{}", rel.trim_end_matches("index.html"));
            assert!(picker.contains(&format!("href=\"{url}\"")), "the picker does not list {url}");
        }
    }
    // Each step up is a declared next step, at the URL it has always had.
    assert!(site.exists("roles/platform-engineer-1/next/platform-engineer-2/index.html"));
    assert!(site.exists("compare/platform-engineer-1/platform-engineer-4/index.html"));
}

#[test]
fn an_area_one_role_lacks_is_added_or_removed_and_shared_text_is_shown_once() {
    let site = area_site();
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    let page = site.read("roles/e1/next/e2/index.html");
    crate::harness::Text::new("craft", section(&page, "area-craft"))
        .contains("changes")
        .contains_in_order(&["Only at Eng 1", "Reviews code with help", "New at Eng 2", "Designs modules"])
        .contains_in_order(&["Same in both (2)", "Writes tests", "Example:</span> Fixed a flaky test"]);
    assert_eq!(page.matches("Writes tests").count(), 1, "shared text is shown once");
    // Level 2 keeps level 1's text for `people`: the same in both, shown once, open.
    crate::harness::Text::new("people", section(&page, "area-people"))
        .contains("same in both")
        .contains("<details class=\"shared\" open>")
        .contains("Works well with the team.")
        .not_contains("compare-grid");
    crate::harness::Text::new("impact", section(&page, "area-impact"))
        .contains("area-removed")
        .contains("only at Eng 1")
        .contains("Finishes own tasks.");
    crate::harness::Text::new("mentoring", section(&page, "area-mentoring"))
        .contains("area-added")
        .contains("new at Eng 2")
        .contains("Pairs weekly");
    // The other way round is left to the picker (tests/browser checks what it shows).
    assert!(!site.exists("compare/e2/e1/index.html"));
}

#[test]
fn a_comparison_prints_no_heading_with_nothing_under_it() {
    let site = area_site();
    site.build();
    // Neither role lists skills, responsibilities, decision rights or a scope.
    site.assert_file("roles/e1/next/e2/index.html")
        .contains("Expectations by competency area")
        .not_contains("id=\"skills\"")
        .not_contains("id=\"responsibilities\"")
        .not_contains("id=\"decision-rights\"")
        .not_contains("id=\"scope\"");
}

#[test]
fn a_large_track_gets_pair_pages_only_between_neighbouring_levels() {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", "title: T\nbase_url: /\n");
    site.write("content/competencies.yaml", "- id: craft\n  name: Craft\n");
    let levels: String = (1..=14)
        .map(|l| format!("  - level: {l}\n    expectations:\n      craft:\n        summary: Level {l} craft.\n"))
        .collect();
    site.write("content/rubrics/eng.yaml", format!("id: eng\ntitle: E\nfamily: Eng\ntrack: IC\nlevels:\n{levels}"));
    for l in 1..=14 {
        site.write(
            &format!("content/roles/r{l}.yaml"),
            format!("id: r{l}\ntitle: R{l}\nfamily: Eng\ntrack: IC\nlevel: {l}\nsummary:\n  description: Level {l}.\n"),
        );
    }
    site.build();
    // Up a level is a declared step; nothing further apart, and nothing down the ladder.
    assert!(site.exists("roles/r3/next/r4/index.html"));
    assert!(!site.exists("compare/r4/r3/index.html"));
    assert!(!site.exists("compare/r1/r3/index.html"));
    assert!(!site.exists("compare/r3/r1/index.html"));
    // Any other pair is still offered by the picker.
    site.assert_file("compare/index.html").contains("<option value=\"r14\"");
}

#[test]
fn the_compare_page_offers_every_written_role_and_works_without_javascript() {
    let site = ladder();
    site.build();
    let page = site.assert_file("compare/index.html");
    page.contains("<select id=\"compare-from\" name=\"from\">")
        .contains("<label for=\"compare-to\">To</label>")
        .contains("data-compare-json=\"/ladder/api/compare.json\"")
        .contains("<script src=\"/ladder/compare.js\" defer></script>")
        // The form shows only once the script runs; the list of pages is there without it.
        .contains(
            "data-compare-picker data-compare-json=\"/ladder/api/compare.json\" data-base-path=\"/ladder/\" hidden>",
        )
        .contains("id=\"comparisons\"");
    for role in LADDER_ROLES {
        page.contains(&format!("<option value=\"{role}\""));
    }
    assert!(site.exists("compare.js") && site.exists("api/compare.json"));
    // Linked from the site navigation once two roles are written.
    site.assert_file("index.html").contains("<a href=\"/ladder/compare/\">Compare</a>");
    for href in hrefs(page.text()).into_iter().filter(|h| h.starts_with("/ladder/")) {
        assert!(ladder_target(&site, href).is_some(), "the picker links to missing {href}");
    }
}

#[test]
fn a_site_with_one_written_role_gets_no_picker() {
    let site = area_site();
    site.remove("content/roles/e2.yaml");
    site.build();
    assert!(!site.exists("compare/index.html") && !site.exists("api/compare.json"));
    site.assert_file("index.html").not_contains("/compare/");
}

#[test]
fn compare_json_holds_what_compare_js_reads_as_plain_text() {
    let site = ladder();
    site.build();
    let data: Value = serde_json::from_str(&site.read("api/compare.json")).unwrap();
    // The areas in the site's order.
    let areas: Vec<&str> = data["areas"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(&areas[..3], ["systems-design", "reliability", "delivery"]);
    assert!(data["areas"][0]["name"].is_string());
    let roles = data["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 4);
    for role in roles {
        for key in ["id", "title", "url"] {
            assert!(role[key].is_string(), "{key}");
        }
        for cell in role["expectations"].as_array().unwrap() {
            assert!(areas.contains(&cell["area"].as_str().unwrap()));
            assert!(cell["summary"].is_string() || cell["summary"].is_null());
            for text in cell["behaviours"].as_array().unwrap().iter().chain(cell["examples"].as_array().unwrap()) {
                assert!(!text.as_str().unwrap().contains('<'), "plain text, not HTML: {text}");
            }
        }
        for skill in role["skills"].as_array().unwrap() {
            assert!(skill["id"].is_string() && skill["name"].is_string());
            assert!(skill["importance"].is_string() || skill["importance"].is_null());
        }
        // Every static page of a pair is named, and exists.
        for (_, url) in role["pages"].as_object().unwrap() {
            assert!(ladder_target(&site, url.as_str().unwrap()).is_some(), "{url}");
        }
    }
    let e2 = roles.iter().find(|r| r["id"] == "platform-engineer-2").unwrap();
    assert_eq!(e2["pages"]["platform-engineer-3"], "/ladder/roles/platform-engineer-2/next/platform-engineer-3/");
    assert_eq!(e2["pages"]["platform-engineer-4"], "/ladder/compare/platform-engineer-2/platform-engineer-4/");
    assert!(e2["pages"].get("platform-engineer-1").is_none(), "down the ladder, the picker compares");
    assert!(e2["skills"].as_array().unwrap().iter().any(|s| s["importance"] == "Critical"));
    // The script reads these names and no others.
    let js = site.read("compare.js");
    for used in [
        "data.areas",
        "data.roles",
        "area.id",
        "area.name",
        "r.expectations",
        "c.area",
        "cell.behaviours",
        "cell.examples",
        ".summary",
        ".skills",
        "s.importance",
        "s.name",
        "a.pages[to]",
        "r.id",
        "a.title",
        "data.sections",
        "r.sections",
        "section.key",
        "section.heading",
        "section.kind",
        "x.items",
        "x.text",
    ] {
        assert!(js.contains(used), "compare.js no longer reads `{used}`: update this test with the data");
    }
}

/// A site with sections of its own, listed list first, then prose: `signals` (a list),
/// `impact` (prose, changed), `focus` (prose, the same text in both), `growth` (prose, only
/// the second role) and `extra` (neither role). `a` is followed by `b`; each writes its
/// sections in another order than the site's.
pub(crate) fn own_sections_site() -> SiteTest {
    let site = SiteTest::empty();
    let own = |key: &str, kind: &str, heading: &str| {
        format!("    - section: {key}\n      kind: {kind}\n      heading: {heading}\n")
    };
    site.write(
        "rolebook.yaml",
        format!(
            "title: T\nbase_url: /\nblueprint:\n  sections:\n    - section: summary\n{}{}{}{}{}",
            own("signals", "list", "Signals of readiness"),
            own("impact", "prose", "Impact at this level"),
            own("focus", "prose", "Where the time goes"),
            own("growth", "prose", "Growing into the next level"),
            own("extra", "prose", "Never written"),
        ),
    );
    site.write(
        "content/roles/a.yaml",
        "id: a\ntitle: Eng A\nfamily: F\nsummary:\n  description: Hi.\ncareer:\n  next: [{role: b}]\nsections:\n  focus: Mostly *delivery*.\n  impact: |\n    Moves a metric the *team* owns.\n  signals:\n    - Ships a feature end to end.\n    - Mentors one engineer.\n    - Writes a design note.\n",
    );
    site.write(
        "content/roles/b.yaml",
        "id: b\ntitle: Eng B\nfamily: F\nsummary:\n  description: Hi.\ncareer:\n  feeders: [{role: a}]\nsections:\n  growth: |\n    Leads a *group* project.\n\n    Then another.\n  impact: |\n    Moves a metric the *group* owns.\n  focus: Mostly *delivery*.\n  signals:\n    - Writes a design note.\n    - Leads a launch.\n    - Mentors one engineer.\n",
    );
    site
}

#[test]
fn a_comparison_shows_the_sites_own_sections_by_kind_in_the_sites_order() {
    let site = own_sections_site();
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    let page = site.read("roles/a/next/b/index.html");
    // The site's order and headings; a section neither role writes is left out.
    crate::harness::Text::new("page", page.clone())
        .contains_in_order(&[
            "id=\"section-signals-h\">Signals of readiness",
            "id=\"section-impact-h\">Impact at this level",
            "id=\"section-focus-h\">Where the time goes",
            "id=\"section-growth-h\">Growing into the next level",
        ])
        .not_contains("Never written");
    // A list: what the second role adds, what only the first has, the rest once, folded.
    crate::harness::Text::new("signals", section(&page, "section-signals")).contains("changes").contains_in_order(&[
        "Eng A",
        "Only at Eng A",
        "<li class=\"change-item\">Ships a feature end to end.</li>",
        "Eng B",
        "New at Eng B",
        "<li class=\"change-item\">Leads a launch.</li>",
        "<details class=\"shared\"><summary>Same in both (2)</summary>",
        "Writes a design note.",
        "Mentors one engineer.",
    ]);
    assert_eq!(page.matches("Mentors one engineer.").count(), 1, "shared items are shown once");
    // Prose that differs: before and after.
    crate::harness::Text::new("impact", section(&page, "section-impact")).contains_in_order(&[
        "Was</p><div class=\"prose\">Moves a metric the <em>team</em> owns.</div>",
        "Now</p><div class=\"prose\">Moves a metric the <em>group</em> owns.</div>",
    ]);
    // Prose that does not: once, folded.
    crate::harness::Text::new("focus", section(&page, "section-focus"))
        .contains("same in both")
        .contains("<details class=\"shared\"><summary>Same in both</summary>")
        .contains("Mostly <em>delivery</em>.")
        .not_contains("compare-grid");
    // Prose only the second role writes.
    crate::harness::Text::new("growth", section(&page, "section-growth"))
        .contains("area-added")
        .contains("new at Eng B")
        .contains_in_order(&["Not written for this role.", "Leads a <em>group</em> project."]);
}

#[test]
fn a_comparison_of_roles_without_the_sites_own_sections_shows_none() {
    let site = own_sections_site();
    for role in ["a", "b"] {
        let text = site.source(&format!("content/roles/{role}.yaml"));
        site.write(&format!("content/roles/{role}.yaml"), &text[..text.find("sections:").unwrap()]);
    }
    site.build();
    site.assert_file("roles/a/next/b/index.html").not_contains("section-change").not_contains("Signals of readiness");
}

#[test]
fn compare_json_carries_the_sites_own_sections_as_plain_text_in_the_sites_order() {
    let site = own_sections_site();
    site.build();
    let data: Value = serde_json::from_str(&site.read("api/compare.json")).unwrap();
    let keys: Vec<&str> = data["sections"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["signals", "impact", "focus", "growth", "extra"]);
    assert_eq!(data["sections"][0]["heading"], "Signals of readiness");
    assert_eq!(data["sections"][0]["kind"], "list");
    assert_eq!(data["sections"][1]["kind"], "prose");
    let role = |id: &str| data["roles"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    let (a, b) = (role("a"), role("b"));
    // Each role's own sections, in the site's order, plain text; paragraphs apart.
    let written: Vec<&str> = b["sections"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(written, ["signals", "impact", "focus", "growth"]);
    assert_eq!(
        b["sections"][0]["items"],
        serde_json::json!(["Writes a design note.", "Leads a launch.", "Mentors one engineer."])
    );
    assert_eq!(a["sections"][1]["text"], "Moves a metric the team owns.");
    assert_eq!(b["sections"][3]["text"], "Leads a group project.\n\nThen another.");
    assert!(a["sections"].as_array().unwrap().iter().all(|s| s["key"] != "growth"));
    // The script reads these names.
    let js = site.read("compare.js");
    for used in ["data.sections", "r.sections", "section.key", "section.heading", "section.kind", "x.items", "x.text"] {
        assert!(js.contains(used), "compare.js no longer reads `{used}`: update this test with the data");
    }
}
