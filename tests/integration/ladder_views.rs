//! Views of the ladder (issue 19): the skill matrix's expectation rows, the role profile
//! chart, and what the export, search index and schemas say about areas and rubrics.

use crate::harness::SiteTest;

/// Areas listed out of alphabetical order, in two groups that interleave in the file.
const AREAS: &str = "- id: craft\n  name: Craft\n  group: Doing\n- id: people\n  name: People\n  group: Leading\n- id: impact\n  name: Impact\n  group: Doing\n";

/// One rubric of three levels; people is described only at level 1, impact only by e2's
/// own file; e3 lists a skill, the others none.
fn ladder_site() -> SiteTest {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", "title: T\nbase_url: /\n");
    site.write("content/competencies.yaml", AREAS);
    site.write("content/skills/s.yaml", "- id: python\n  name: Python\n  category: Languages\n");
    site.write(
        "content/rubrics/eng.yaml",
        "id: eng\ntitle: Engineering\nfamily: Eng\ntrack: IC\nlevels:\n  - level: 1\n    name: One\n    expectations:\n      craft:\n        summary: Builds *small* things.\n        behaviours: [Writes tests]\n      people:\n        behaviours: [Asks for help early]\n  - level: 2\n    expectations:\n      craft:\n        behaviours: [Designs modules, Reviews code]\n  - level: 3\n    name: Three\n    expectations:\n      craft:\n        summary: Shapes whole systems.\n",
    );
    let role = |id: &str, level: u32, extra: &str| {
        format!("id: {id}\ntitle: Eng {id}\nfamily: Eng\ntrack: IC\nlevel: {level}\nlevel_name: L{level}\n{extra}")
    };
    site.write("content/roles/e1.yaml", role("e1", 1, ""));
    site.write(
        "content/roles/e2.yaml",
        role("e2", 2, "expectations:\n  impact:\n    summary: Ships a feature a quarter.\n"),
    );
    site.write(
        "content/roles/e3.yaml",
        role("e3", 3, "skills:\n  must_have:\n    - skill: python\n      importance: Critical\n"),
    );
    site
}

#[test]
fn the_matrix_has_a_row_per_area_in_the_sites_order_with_each_roles_summary() {
    let site = ladder_site();
    site.build().success();
    let matrix = site.assert_file("skills/index.html");
    matrix
        // Roles without skills are columns too, by level.
        .contains_in_order(&[">Eng e1<", ">Eng e2<", ">Eng e3<"])
        // Groups in first-seen order (Doing: craft, impact; then Leading: people), before the skills.
        .contains_in_order(&[
            "id=\"matrix-areas-doing\">Doing</th>",
            "<th scope=\"row\">Craft</th>",
            "<th scope=\"row\">Impact</th>",
            "id=\"matrix-areas-leading\">Leading</th>",
            "<th scope=\"row\">People</th>",
            "id=\"languages\">Languages</th>",
        ])
        // Craft across the levels: a summary, else the first behaviour.
        .contains_in_order(&["Builds <em>small</em> things.", "Designs modules", "Shapes whole systems."])
        .not_contains("Reviews code")
        .contains("Ships a feature a quarter.")
        .contains("Critical");
    let text = matrix.text();
    let row = |area: &str| {
        let from = &text[text.find(&format!("<th scope=\"row\">{area}</th>")).unwrap()..];
        from[..from.find("</tr>").unwrap()].to_string()
    };
    assert_eq!(row("Impact").matches("No expectation").count(), 2, "only e2 has impact");
    // People at levels 2 and 3 is level 1's text, said so.
    let people = row("People");
    assert_eq!(people.matches("Asks for help early").count(), 3, "{people}");
    assert_eq!(people.matches("As at level 1 (One).").count(), 2, "{people}");
}

#[test]
fn a_site_without_areas_keeps_the_skills_only_matrix() {
    let site = SiteTest::from_fixture("roles");
    site.build().success();
    site.assert_file("skills/index.html")
        .not_contains("area-rows")
        .contains("Skill matrix: skills (rows) by role (columns)");
}

#[test]
fn a_role_on_a_rubric_has_a_profile_chart_with_a_table_alternative() {
    let site = ladder_site();
    site.build().success();
    let page = site.assert_file("roles/e3/index.html");
    page.contains("<svg class=\"profile-chart\"")
        .contains("role=\"img\" aria-labelledby=\"profile-title profile-desc\"")
        .contains("<title id=\"profile-title\">Eng e3: level per competency area</title>")
        .contains("<desc id=\"profile-desc\">")
        // Craft at its own level; people inherited from level 1; impact not described.
        .contains("<title>Craft: level 3 (Three)</title>")
        .contains("<title>People: as at level 1 (One)</title>")
        .contains("<title>Impact: not described up to this level</title>")
        .contains("class=\"pc-bar pc-inherited\"")
        .contains("<summary>The profile as a table</summary>")
        .contains("<caption>Eng e3: level per competency area (Engineering)</caption>")
        .contains_in_order(&[
            "<th scope=\"row\"><a href=\"#area-craft\">Craft</a></th><td>At level 3 (Three)</td>",
            "<th scope=\"row\">Impact</th><td>Not described up to this level</td>",
            "<th scope=\"row\"><a href=\"#area-people\">People</a></th><td>As at level 1 (One)</td>",
        ]);
    // The role's own text counts at its own level.
    site.assert_file("roles/e2/index.html").contains("<title>Impact: level 2 (L2)</title>");
    // A role on no rubric has no chart.
    site.write("content/roles/x.yaml", "id: x\ntitle: X\nfamily: Other\nlevel: 1\n");
    site.build().success();
    site.assert_file("roles/x/index.html").not_contains("profile-chart");
}
