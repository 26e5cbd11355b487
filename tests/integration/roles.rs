//! Role data: validation diagnostics (snapshot) and the multi-role fixture's pages.

use crate::harness::{broken_links, SiteTest};

/// Compares `actual` with `tests/snapshots/<name>`; `UPDATE_SNAPSHOTS=1` rewrites it.
fn assert_snapshot(name: &str, actual: &str) {
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
    assert!(!run.stderr().contains("error["), "{}", run.stderr());
    assert!(broken_links(&site.public(), "/", "https://example.org").is_empty());
    site.run(&["build", "--base-url", "https://org.github.io/careers/"]).success();
    let broken = broken_links(&site.public(), "/careers/", "https://org.github.io");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_skill_page_lists_the_roles_that_need_it_and_how_much() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    let python = site.read("skills/python/index.html");
    for role in ["data-scientist", "senior-data-scientist", "ml-engineer"] {
        assert!(python.contains(&format!("href=\"/roles/{role}/\"")), "{role} missing");
    }
    assert!(python.contains("importance-critical"));
    let ml = site.read("skills/machine-learning/index.html");
    assert!(ml.contains("Good-to-have") && ml.contains("importance-important"), "{ml}");
    assert!(ml.contains("href=\"/tools/pytorch/\""), "related tools");
}

#[test]
fn a_tool_page_lists_its_roles_and_how_common_it_is() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    let jupyter = site.read("tools/jupyter/index.html");
    assert!(jupyter.contains("href=\"/roles/data-scientist/\""));
    assert!(jupyter.contains("Optional"), "senior data scientist uses it optionally");
    assert!(jupyter.contains("href=\"/skills/python/\""), "related skills");
}

#[test]
fn stubs_show_who_names_them_and_references_never_dangle() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    let stub = site.read("roles/lead-data-scientist/index.html");
    assert!(stub.contains("not written yet"));
    assert!(stub.contains("href=\"/roles/senior-data-scientist/\""));
    let senior = site.read("roles/senior-data-scientist/index.html");
    assert!(senior
        .contains("href=\"/roles/lead-data-scientist/\">Lead Data Scientist</a> <span class=\"badge badge-stub\">"));
    assert!(senior.contains("href=\"/roles/ml-engineer/\""), "peer link");
}

#[test]
fn the_home_page_lists_roles_by_family_and_level() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    let home = site.read("index.html");
    let ds = home.find(">Data Science<").expect("family heading");
    let mle = home.find(">ML Engineering<").expect("family heading");
    assert!(ds < mle, "families in alphabetical order");
    let junior = home.find("/roles/data-scientist/").unwrap();
    let senior = home.find("/roles/senior-data-scientist/").unwrap();
    assert!(junior < senior, "by level within a family");
    assert!(home.contains("href=\"/roles/data-scientist/\">data scientist</a>"), "@/roles/ links in markdown");
}

#[test]
fn partial_blueprints_warn_and_render_what_they_have() {
    let site = SiteTest::from_fixture("roles");
    let run = site.build();
    assert!(run.stderr().contains("content/roles/ml-engineer.yaml:1:5: warning[missing-section]"), "{}", run.stderr());
    let page = site.read("roles/ml-engineer/index.html");
    assert!(page.contains("id=\"summary\"") && !page.contains("id=\"kpis\""));
    assert!(
        page.contains("href=\"#summary\"") && !page.contains("href=\"#kpis\""),
        "the contents list only what exists"
    );
}

#[test]
fn the_json_schemas_are_published_and_match_the_repository_copies() {
    let site = SiteTest::from_fixture("roles");
    site.build();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for name in ["role.schema.json", "skills.schema.json", "tools.schema.json"] {
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
