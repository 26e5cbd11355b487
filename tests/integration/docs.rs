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
