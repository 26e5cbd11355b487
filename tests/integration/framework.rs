//! Career frameworks: competency areas, track rubrics, a site's own blueprint shape, and
//! the pages that show them (role pages, track pages).

use crate::harness::{copy_dir, SiteTest};

fn ladder() -> SiteTest {
    let site = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ladder");
    copy_dir(&repo, &site.root);
    site
}

const AREAS: &str = "- id: craft\n  name: Craft\n  group: Doing\n- id: people\n  name: People\n  group: Leading\n- id: impact\n  name: Impact\n  group: Doing\n";

fn rubric_site() -> SiteTest {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", "title: T\nbase_url: /\nblueprint:\n  sections:\n    - section: expectations\n      heading: What we expect\n      required: true\n    - section: summary\n");
    site.write("content/competencies.yaml", AREAS);
    site.write(
        "content/rubrics/eng.yaml",
        "id: eng\ntitle: Engineering\nfamily: Eng\ntrack: IC\nlevels:\n  - level: 1\n    name: One\n    expectations:\n      craft:\n        summary: Builds *small* things.\n        behaviours: [Writes tests]\n      people:\n        behaviours: [Asks for help]\n  - level: 2\n    expectations:\n      craft:\n        summary: Builds bigger things.\n        behaviours: [Designs modules]\n",
    );
    let role = |id: &str, level: u32, extra: &str| {
        format!("id: {id}\ntitle: {id}\nfamily: Eng\ntrack: IC\nlevel: {level}\nlevel_name: L{level}\n{extra}")
    };
    site.write("content/roles/e1.yaml", role("e1", 1, ""));
    site.write(
        "content/roles/e2.yaml",
        role("e2", 2, "expectations:\n  impact:\n    summary: Ships a feature a quarter.\n"),
    );
    site
}

#[test]
fn the_example_ladder_passes_check_with_warnings_denied_and_shows_its_rubric() {
    let site = ladder();
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    site.assert_file("tracks/platform-ic/index.html")
        .contains("Platform engineering, individual contributor")
        .contains_in_order(&["Engineer I", "Engineer II", "Senior Engineer", "Staff Engineer"])
        .contains("3a")
        .contains("3b");
    site.assert_file("tracks/index.html").contains("href=\"/ladder/tracks/platform-ic/\"");
    // Numbered as shown, under the site's headings, in the site's order.
    site.assert_file("roles/platform-engineer-3/index.html")
        .contains_in_order(&[
            "1)</span> About this level",
            "2)</span> What we expect",
            "3)</span> Skills",
            "4)</span> Career path",
        ])
        .not_contains("Role Mission")
        .not_contains("KPIs and Productivity Metrics");
}

#[test]
fn a_role_takes_its_levels_rubric_text_its_own_text_and_inherits_from_the_level_below() {
    let site = rubric_site();
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    site.assert_file("roles/e2/index.html")
        .contains("Builds bigger things.")
        .not_contains("Builds <em>small</em> things.")
        // People is not described at level 2: the level below's text, said so.
        .contains("As at level 1 (One).")
        .contains("Asks for help")
        // Impact is the role's own.
        .contains("Ships a feature a quarter.")
        // Areas in group order: Doing (craft, impact), then Leading (people).
        .contains_in_order(&["Craft", "Impact", "People"]);
    site.assert_file("roles/e1/index.html").contains("Builds <em>small</em> things.").not_contains("Ships a feature");
    site.assert_file("tracks/eng/index.html")
        .contains("Builds <em>small</em> things.")
        .contains("Builds bigger things.")
        .contains("As at level 1 (One).")
        .contains("href=\"/roles/e1/\"");
}

#[test]
fn framework_mistakes_are_errors_at_their_position_with_a_hint() {
    let site = rubric_site();
    site.write(
        "content/rubrics/eng.yaml",
        "id: eng\ntitle: E\nfamily: Eng\ntrack: IC\nlevels:\n  - level: 2\n    expectations:\n      craf:\n        summary: x\n  - level: 1\n",
    );
    site.write("content/rubrics/other.yaml", "id: other\ntitle: O\nfamily: Eng\ntrack: IC\nlevels:\n  - level: 0\n");
    site.write("content/roles/e3.yaml", "id: e3\ntitle: E3\nfamily: Eng\nlevel: 1\nrubric: egn\nnot_applicable: [kpi]\nexpectations:\n  peeple:\n    summary: x\n");
    site.write("rolebook.yaml", "title: T\nblueprint:\n  sections:\n    - section: sumary\n    - section: expectations\n    - section: expectations\n");
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("unknown-area").at("content/rubrics/eng.yaml", 8).col(7).hint("did you mean `craft`?");
    run.assert_diag("rubric-level-order").at("content/rubrics/eng.yaml", 10).col(12);
    run.assert_diag("bad-level").at("content/rubrics/other.yaml", 6).col(12).message("levels start at 1");
    run.assert_diag("duplicate-rubric").at("content/rubrics/other.yaml", 1).col(5);
    run.assert_diag("unknown-rubric").at("content/roles/e3.yaml", 5).col(9).hint("did you mean `eng`?");
    run.assert_diag("unknown-section").at("content/roles/e3.yaml", 6).col(18).hint("did you mean `kpis`?");
    run.assert_diag("unknown-area").at("content/roles/e3.yaml", 8).col(3).hint("did you mean `people`?");
    run.assert_diag("unknown-section").at("rolebook.yaml", 4).col(16).hint_contains("did you mean `summary`?");
    run.assert_diag("duplicate-section").at("rolebook.yaml", 6).col(16);
}

#[test]
fn lints_follow_the_sites_blueprint_and_not_applicable() {
    let site = rubric_site();
    // Summary is shown but not required; expectations are required.
    site.write("content/roles/e3.yaml", "id: e3\ntitle: E3\nfamily: Other\nlevel: 1\n");
    site.write(
        "content/roles/e4.yaml",
        "id: e4\ntitle: E4\nfamily: Other\nlevel: 1\nnot_applicable: [expectations]\nmission:\n  core: Hidden.\n",
    );
    let run = site.run(&["check"]).success();
    run.assert_diag("missing-section")
        .at("content/roles/e3.yaml", 1)
        .message("the blueprint `e3` has no `expectations`");
    run.assert_diag("section-not-shown")
        .at("content/roles/e4.yaml", 1)
        .message("`e4` writes `mission`, which the site's blueprint does not show");
    let diags = run.diagnostics();
    assert!(!diags.iter().any(|d| d.file.ends_with("e4.yaml") && d.code == "missing-section"), "{}", run.stderr());
    assert!(!diags.iter().any(|d| d.code == "no-kpis" || d.code == "no-scorecard"), "{}", run.stderr());
}

#[test]
fn the_bundled_site_shows_a_ladder_of_written_roles() {
    let site = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &site.root.join("content"));
    std::fs::copy(repo.join("rolebook.yaml"), site.root.join("rolebook.yaml")).unwrap();
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    site.assert_file("tracks/research-ic/index.html").contains_in_order(&[
        "Research Scientist",
        "Senior Research Scientist",
        "Lead Research Scientist",
        "Principal Research Scientist",
    ]);
    for role in
        ["research-scientist", "senior-research-scientist", "lead-research-scientist", "principal-research-scientist"]
    {
        site.assert_file(&format!("roles/{role}/index.html"))
            .not_contains("The blueprint for this role is not written yet.")
            .contains("Expectations by Competency Area");
    }
    // The competency files are data, not published as files.
    assert!(!site.exists("competencies.yaml") && !site.exists("rubrics/research-ic.yaml"));
}

#[test]
fn a_track_page_shows_only_the_areas_its_rubric_describes() {
    let site = rubric_site();
    site.write(
        "content/rubrics/lead.yaml",
        "id: lead\ntitle: Leadership\nfamily: Eng\ntrack: Management\nlevels:\n  - level: 3\n    expectations:\n      people:\n        summary: Grows a team.\n",
    );
    site.write("content/roles/m3.yaml", "id: m3\ntitle: M3\nfamily: Eng\ntrack: Management\nlevel: 3\nsummary:\n  description: Leads.\ncareer:\n  feeders: [{role: e2}]\n");
    site.write(
        "content/roles/e2.yaml",
        "id: e2\ntitle: e2\nfamily: Eng\ntrack: IC\nlevel: 2\nlevel_name: L2\ncareer:\n  next: [{role: m3}]\n",
    );
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    site.assert_file("tracks/lead/index.html")
        .contains("Grows a team.")
        .contains("id=\"area-people\"")
        .not_contains("id=\"area-craft\"")
        .not_contains("id=\"area-impact\"")
        // The "Doing" group has no area here, so no heading either.
        .not_contains(">Doing<");
    site.assert_file("tracks/eng/index.html").contains("id=\"area-craft\"").contains("id=\"area-people\"");
}

const OWN_SECTIONS: &str = "title: T\nblueprint:\n  sections:\n    - section: summary\n    - section: impact\n      kind: prose\n      heading: Impact at this level\n      required: true\n    - section: signals\n      kind: list\n      heading: Signals of readiness\n";

#[test]
fn a_site_declares_sections_of_its_own_and_roles_write_them_by_kind() {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", OWN_SECTIONS);
    site.write(
        "content/roles/a.yaml",
        "id: a\ntitle: A\nfamily: F\nsummary:\n  description: Hi.\nsections:\n  impact: |\n    Moves a *team* metric.\n  signals:\n    - Leads a launch.\n    - Mentors one person.\n",
    );
    site.write(
        "content/roles/b.yaml",
        "id: b\ntitle: B\nfamily: F\nnot_applicable: [impact]\ncareer:\n  feeders: [{role: a}]\n",
    );
    site.write(
        "content/roles/a.yaml",
        format!("{}career:\n  next: [{{role: b}}]\n", site.source("content/roles/a.yaml")),
    );
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    site.assert_file("roles/a/index.html")
        .contains_in_order(&[
            "1)</span> Role Summary",
            "2)</span> Impact at this level",
            "3)</span> Signals of readiness",
        ])
        .contains("id=\"section-impact\"")
        .contains("Moves a <em>team</em> metric.")
        .contains("<li>Mentors one person.</li>");
    site.assert_file("roles/b/index.html").not_contains("Impact at this level");
    // The export carries them, as its schema describes.
    crate::ladder_views::assert_valid(&site, "api/roles.json", "roles");
    site.assert_file("api/roles.json").contains("\"signals\":{\"items\":[\"Leads a launch.\",\"Mentors one person.\"]");
}

#[test]
fn sections_of_a_sites_own_are_checked_against_their_declaration() {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", format!("{OWN_SECTIONS}    - section: growth\n    - section: scope_notes\n      kind: table\n      heading: S\n    - section: mission\n      kind: prose\n    - section: extra\n      kind: list\n"));
    site.write(
        "content/roles/a.yaml",
        "id: a\ntitle: A\nfamily: F\nsummary:\n  description: Hi.\nsections:\n  impact:\n    - a list, not text\n  signal:\n    - x\n  summary: moved\n",
    );
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("unknown-section")
        .at("rolebook.yaml", 12)
        .col(16)
        .hint_contains("for a section of your own, add `kind: prose`");
    run.assert_diag("section-kind").at("rolebook.yaml", 14).col(13).message("`table` is not a section kind");
    run.assert_diag("section-kind")
        .at("rolebook.yaml", 17)
        .col(13)
        .message("`mission` is a built-in section; its kind is fixed");
    run.assert_diag("section-heading").at("rolebook.yaml", 18).col(16).message("the section `extra` has no heading");
    run.assert_diag("section-kind")
        .at("content/roles/a.yaml", 7)
        .col(3)
        .message("`impact` is a prose section, but this is a list");
    run.assert_diag("unknown-section").at("content/roles/a.yaml", 9).col(3).hint("did you mean `signals`?");
    run.assert_diag("unknown-section").at("content/roles/a.yaml", 11).col(3).hint("move `summary:` out of `sections:`");
}
