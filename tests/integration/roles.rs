//! Role data: validation diagnostics (snapshot) and the multi-role fixture's pages.

use crate::harness::{broken_links, SiteTest};

/// Compares `actual` with `tests/snapshots/<name>`; `UPDATE_SNAPSHOTS=1` rewrites it.
pub(crate) fn assert_snapshot(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {}; run with UPDATE_SNAPSHOTS=1", path.display()));
    assert!(expected == actual, "snapshot {name} differs:\n--- expected\n{expected}\n--- actual\n{actual}");
}

#[test]
fn every_validation_error_in_one_run_with_its_exact_diagnostic() {
    let site = SiteTest::from_fixture("invalid_roles");
    let run = site.run(&["check"]).fails_with(1);
    assert_snapshot("invalid_roles.txt", &run.stderr());
}

#[test]
fn the_multi_role_fixture_builds_with_every_link_resolving() {
    let site = SiteTest::from_fixture("roles");
    let run = site.build();
    run.assert_stderr().not_contains("error[");
    assert!(broken_links(&site.public(), "/", "https://example.org").is_empty());
    site.run(&["build", "--base-url", "https://org.github.io/careers/"]).success();
    let broken = broken_links(&site.public(), "/careers/", "https://org.github.io");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_skill_page_lists_the_roles_that_need_it_and_how_much() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    let python = site.assert_file("skills/python/index.html");
    for role in ["data-scientist", "senior-data-scientist", "ml-engineer"] {
        python.contains(&format!("href=\"/roles/{role}/\""));
    }
    python.contains("importance-critical");
    site.assert_file("skills/machine-learning/index.html")
        .contains("Good-to-have")
        .contains("importance-important")
        .contains("href=\"/tools/pytorch/\""); // related tools
}

#[test]
fn a_tool_page_lists_its_roles_and_how_common_it_is() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    site.assert_file("tools/jupyter/index.html")
        .contains("href=\"/roles/data-scientist/\"")
        .contains("Optional") // senior data scientist uses it optionally
        .contains("href=\"/skills/python/\""); // related skills
}

#[test]
fn stubs_show_who_names_them_and_references_never_dangle() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    site.assert_file("roles/lead-data-scientist/index.html")
        .contains("not written yet")
        .contains("href=\"/roles/senior-data-scientist/\"");
    site.assert_file("roles/senior-data-scientist/index.html")
        .contains("href=\"/roles/lead-data-scientist/\">Lead Data Scientist</a> <span class=\"badge badge-stub\">")
        .contains("href=\"/roles/ml-engineer/\""); // peer link
}

#[test]
fn the_home_page_lists_roles_by_family_and_level() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    site.assert_file("index.html")
        .contains_in_order(&[">Data Science<", ">ML Engineering<"]) // families in alphabetical order
        .contains_in_order(&["/roles/data-scientist/", "/roles/senior-data-scientist/"]) // by level within a family
        .contains("href=\"/roles/data-scientist/\">data scientist</a>"); // @/roles/ links in markdown
}

#[test]
fn partial_blueprints_warn_and_render_what_they_have() {
    let site = SiteTest::from_fixture("roles");
    let run = site.build();
    run.assert_diag("missing-section").at("content/roles/ml-engineer.yaml", 1).col(5).warning();
    site.assert_file("roles/ml-engineer/index.html")
        .contains("id=\"summary\"")
        .not_contains("id=\"kpis\"")
        // The contents list only what exists.
        .contains("href=\"#summary\"")
        .not_contains("href=\"#kpis\"");
}

#[test]
fn the_json_schemas_are_published_and_match_the_repository_copies() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for name in [
        "role.schema.json",
        "skills.schema.json",
        "tools.schema.json",
        "competencies.schema.json",
        "rubric.schema.json",
        "opening.schema.json",
    ] {
        let published = site.read(&format!("schema/{name}"));
        let schema: serde_json::Value = serde_json::from_str(&published).expect("valid JSON");
        assert!(schema.get("$schema").is_some(), "{name}");
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(&repo).unwrap();
            std::fs::write(repo.join(name), &published).unwrap();
        }
        let committed =
            std::fs::read_to_string(repo.join(name)).expect("schema/ in the repository; UPDATE_SNAPSHOTS=1 writes it");
        assert_eq!(committed, published, "schema/{name} is stale; run with UPDATE_SNAPSHOTS=1");
    }
    let role: serde_json::Value = serde_json::from_str(&site.read("schema/role.schema.json")).unwrap();
    assert_eq!(role["additionalProperties"], false, "unknown fields are flagged by editors too");
    assert!(role["properties"]["skills"].is_object());
}

#[test]
fn empty_keys_warn_at_their_line_even_when_the_blueprint_has_errors() {
    let site = SiteTest::from_fixture("roles");
    let role = site.source("content/roles/ml-engineer.yaml");
    site.write(
        "content/roles/ml-engineer.yaml",
        role.replace("mission:\n  core: Reliable models in production.\n", "mission:\n  core: ''\nhiring: {}\n"),
    );
    // A second role with an empty list and a field of the wrong type: the typed blueprint
    // cannot be read, yet its empty key is still reported.
    site.write(
        "content/roles/broken-role.yaml",
        "id: broken-role\ntitle: Broken\nfamily: X\nlevel: high\nsoft_skills: []\n",
    );
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("empty-section")
        .at("content/roles/ml-engineer.yaml", 11)
        .col(3)
        .warning()
        .message("`mission.core` is empty")
        .hint("fill it in: the key is required");
    run.assert_diag("empty-section").at("content/roles/ml-engineer.yaml", 12).col(1).message("`hiring` is empty");
    run.assert_diag("empty-section").at("content/roles/broken-role.yaml", 5).col(1).message("`soft_skills` is empty");
    assert_eq!(run.diagnostics().iter().filter(|d| d.code == "empty-section").count(), 3, "{}", run.stderr());
}
