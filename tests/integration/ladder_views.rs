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
    // A role on no rubric has no chart, nor one on a rubric of one level (every bar full).
    site.write("content/roles/x.yaml", "id: x\ntitle: X\nfamily: Other\nlevel: 1\n");
    site.write(
        "content/rubrics/solo.yaml",
        "id: solo\ntitle: Solo\nfamily: Solo\ntrack: IC\nlevels:\n  - level: 1\n    expectations:\n      craft:\n        summary: Does it all.\n",
    );
    site.write("content/roles/s.yaml", "id: s\ntitle: S\nfamily: Solo\ntrack: IC\nlevel: 1\n");
    site.build().success();
    site.assert_file("roles/x/index.html").not_contains("profile-chart");
    site.assert_file("roles/s/index.html").contains("Does it all.").not_contains("profile-chart");
}

/// `doc` checked against the published API schema: no error.
pub(crate) fn assert_valid(site: &SiteTest, file: &str, key: &str) -> serde_json::Value {
    let schema: serde_json::Value = serde_json::from_str(&site.read("api/schema-v1.json")).unwrap();
    // The new fields are described, not only allowed.
    let role = &schema["$defs"]["role"]["properties"];
    assert!(
        role["rubric"]["properties"]["level"].is_object() && role["expectations"]["additionalProperties"].is_object()
    );
    assert!(schema["properties"]["areas"].is_object() && schema["properties"]["rubrics"].is_object());
    let doc: serde_json::Value = serde_json::from_str(&site.read(file)).unwrap();
    let mut errors = Vec::new();
    crate::across::validate(&doc, &schema, &schema, key, &mut errors);
    assert!(errors.is_empty(), "{file}: {errors:#?}");
    doc
}

#[test]
fn the_roles_export_has_each_roles_rubric_and_resolved_expectations_as_its_schema_says() {
    let site = ladder_site();
    site.build().success();
    let doc = assert_valid(&site, "api/roles.json", "roles");
    let e2 = doc["roles"].as_array().unwrap().iter().find(|r| r["id"] == "e2").unwrap();
    assert_eq!(
        e2["rubric"],
        serde_json::json!({"id": "eng", "name": "Engineering", "url": "/tracks/eng/", "level": 2})
    );
    let expectations = e2["expectations"].as_object().unwrap();
    assert_eq!(expectations.len(), 3);
    // The site's area order (grouped: craft and impact, then people), as the document is written.
    let text = site.read("api/roles.json");
    // Keys are in alphabetical order, so e2's expectations lie between e1's last key (its
    // url) and e2's id.
    let e2_text = &text[text.find("\"url\":\"/roles/e1/\"").unwrap()..text.find("\"id\":\"e2\"").unwrap()];
    let at = |area: &str| e2_text.find(&format!("\"{area}\":{{")).unwrap();
    assert!(at("craft") < at("impact") && at("impact") < at("people"), "{e2_text}");
    assert_eq!(expectations["craft"]["behaviours"]["items"], serde_json::json!(["Designs modules", "Reviews code"]));
    assert_eq!(expectations["craft"]["from"], "rubric");
    assert_eq!(expectations["craft"]["level"], 2);
    assert_eq!(expectations["impact"]["summary"], "Ships a feature a quarter.");
    assert_eq!(expectations["impact"]["from"], "role");
    assert_eq!(expectations["impact"]["level"], 2);
    // Inherited: the level below's text, and that level.
    assert_eq!(expectations["people"]["level"], 1);
    assert_eq!(expectations["people"]["from"], "rubric");
    // Markdown as written.
    let e1 = doc["roles"].as_array().unwrap().iter().find(|r| r["id"] == "e1").unwrap();
    assert_eq!(e1["expectations"]["craft"]["summary"], "Builds *small* things.");
}

#[test]
fn the_frameworks_export_lists_areas_in_order_and_rubric_levels_with_their_roles() {
    let site = ladder_site();
    site.build().success();
    let doc = assert_valid(&site, "api/frameworks.json", "frameworks");
    let areas: Vec<(&str, &str)> = doc["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["group"].as_str().unwrap()))
        .collect();
    assert_eq!(areas, [("craft", "Doing"), ("impact", "Doing"), ("people", "Leading")]);
    let rubric = &doc["rubrics"][0];
    assert_eq!(
        (rubric["id"].as_str(), rubric["family"].as_str(), rubric["track"].as_str()),
        (Some("eng"), Some("Eng"), Some("IC"))
    );
    let levels: Vec<(u64, &str, Vec<&str>)> = rubric["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let roles = l["roles"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
            (l["level"].as_u64().unwrap(), l["name"].as_str().unwrap(), roles)
        })
        .collect();
    // Level 2 has no name of its own: its role's level name.
    assert_eq!(levels, [(1, "One", vec!["e1"]), (2, "L2", vec!["e2"]), (3, "Three", vec!["e3"])]);
    assert_eq!(rubric["levels"][0]["expectations"]["people"]["behaviours"]["items"][0], "Asks for help early");
}

#[test]
fn search_finds_tracks_and_competency_areas_at_their_rows() {
    let site = ladder_site();
    // An area no rubric describes, written by one role: found on that role's page.
    site.write(
        "content/competencies.yaml",
        format!("{AREAS}- id: writing\n  name: Writing\n  description: Clear *prose*.\n"),
    );
    site.write(
        "content/roles/e1.yaml",
        "id: e1\ntitle: Eng e1\nfamily: Eng\ntrack: IC\nlevel: 1\nexpectations:\n  writing:\n    summary: Writes notes.\n",
    );
    site.build().success();
    let index: serde_json::Value = serde_json::from_str(&site.read("search-index.json")).unwrap();
    let entries: Vec<(&str, &str, &str, &str)> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (e["k"].as_str().unwrap(), e["t"].as_str().unwrap(), e["u"].as_str().unwrap(), e["d"].as_str().unwrap())
        })
        .filter(|e| e.0 == "Track" || e.0 == "Area")
        .collect();
    assert_eq!(
        entries,
        [
            ("Track", "Engineering", "/tracks/eng/", "Eng · IC"),
            ("Area", "Craft", "/tracks/eng/#area-craft", "Doing"),
            ("Area", "People", "/tracks/eng/#area-people", "Leading"),
            ("Area", "Impact", "/roles/e2/#area-impact", "Doing"),
            ("Area", "Writing", "/roles/e1/#area-writing", "Clear prose."),
        ]
    );
    // Each leads to a row that exists.
    site.assert_file("tracks/eng/index.html").contains("id=\"area-craft\"").contains("id=\"area-people\"");
    site.assert_file("roles/e2/index.html").contains("id=\"area-impact\"");
    site.assert_file("roles/e1/index.html").contains("id=\"area-writing\"");
}
