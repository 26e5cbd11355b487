//! Diagnostics that lead straight to a clean build (issue 20): one typo is one error,
//! every problem of a file at once, hints that agree, suggestions that help. Each case
//! is a fixture under `tests/fixtures/first_hour/` and the exact `rolebook check` output
//! a snapshot under `tests/snapshots/`.

use crate::harness::SiteTest;
use crate::roles::assert_snapshot;

/// `rolebook check` on the fixture, which must fail, against its snapshot.
fn check_matches_snapshot(case: &str) {
    let site = SiteTest::from_fixture(&format!("first_hour/{case}"));
    let run = site.run(&["check"]).fails_with(1);
    assert_snapshot(&format!("first_hour_{case}.txt"), &run.stderr());
}

#[test]
fn a_file_that_fails_to_load_is_its_only_error_not_every_reference_to_it() {
    // A role with a YAML typo, a role without a title, a skill file that is not YAML and
    // a tool without a name, each named from other roles and a page: four errors, not 12.
    check_matches_snapshot("cascade");
    let site = SiteTest::from_fixture("first_hour/cascade");
    let run = site.run(&["check"]).fails_with(1);
    run.assert_stderr().not_contains("broken-link").not_contains("unknown-reference");
    run.assert_diag("yaml-syntax").at("content/roles/backend-engineer-2.yaml", 3).count(1);
    run.assert_diag("missing-field").at("content/roles/backend-engineer-3.yaml", 1);
}
