//! The documents stay true: every test docs/security.md cites as proof exists.

use std::path::Path;

/// Identifiers the page writes in backticks that look like test names (four or more
/// words joined by `_`); config keys and codes are shorter or use `-`.
fn cited_tests(doc: &str) -> Vec<&str> {
    let mut names: Vec<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.matches('_').count() >= 3 && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn all_rust_sources(dir: &Path, into: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all_rust_sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn docs_name_only_tests_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/security.md")).unwrap();
    let mut code = String::new();
    all_rust_sources(&root.join("src"), &mut code);
    all_rust_sources(&root.join("tests"), &mut code);
    let cited = cited_tests(&doc);
    assert!(cited.len() > 40, "the page cites its tests: {cited:?}");
    let missing: Vec<&&str> = cited.iter().filter(|name| !code.contains(&format!("fn {name}()"))).collect();
    assert!(missing.is_empty(), "docs/security.md cites tests that do not exist: {missing:?}");
}

#[test]
fn the_readme_links_the_security_model() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("(docs/security.md)"), "README.md must link docs/security.md");
}

/// The fenced blocks of a markdown file whose info string names a file (```` ```yaml
/// file=content/x.yaml ````), as (file, text).
fn named_blocks(doc: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in doc.lines() {
        match open.take() {
            Some((file, text)) if line.trim_start().starts_with("```") => blocks.push((file, text)),
            Some((file, mut text)) => {
                text.push_str(line);
                text.push('\n');
                open = Some((file, text));
            }
            None => {
                let info = line.trim_start().strip_prefix("```").unwrap_or("");
                if let Some(file) = info.split_whitespace().find_map(|w| w.strip_prefix("file=")) {
                    open = Some((file.to_string(), String::new()));
                }
            }
        }
    }
    blocks
}

#[test]
fn the_framework_examples_in_role_format_make_a_site_that_passes_check() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(repo.join("docs/role-format.md")).unwrap();
    let blocks = named_blocks(&doc);
    let files: Vec<&str> = blocks.iter().map(|(f, _)| f.as_str()).collect();
    assert!(files.contains(&"rolebook.yaml") && files.contains(&"content/competencies.yaml"), "{files:?}");
    let site = crate::harness::SiteTest::empty();
    for (file, text) in &blocks {
        site.write(file, text);
    }
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    // What the examples say happens, happens.
    site.assert_file("roles/senior-backend-engineer/index.html")
        .contains("1)</span> About this level")
        .contains("2)</span> What we expect")
        .contains("Mentors one or two engineers.")
        .contains("Designs components other engineers build on.")
        .contains("2a")
        .not_contains("Technical Skills");
    site.assert_file("tracks/backend/index.html").contains("As at level 1 (Engineer).");
}
