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
    // A role with a YAML typo, a role without a title, a skill file that is not YAML, a
    // tool without a name and a page whose front matter is not YAML, each named from other
    // roles or linked from a page: five errors, not 14.
    check_matches_snapshot("cascade");
    let site = SiteTest::from_fixture("first_hour/cascade");
    let run = site.run(&["check"]).fails_with(1);
    run.assert_stderr().not_contains("broken-link").not_contains("unknown-reference");
    run.assert_diag("yaml-syntax").at("content/roles/backend-engineer-2.yaml", 3).count(1);
    run.assert_diag("missing-field").at("content/roles/backend-engineer-3.yaml", 1);
    run.assert_diag("yaml-syntax").at("content/team.md", 2);
    assert_eq!(run.diagnostics().len(), 5, "{}", run.stderr());
}

#[test]
fn every_missing_field_of_a_file_at_once_and_hints_that_never_contradict() {
    // Two soft skills lack fields (one lacks two); required keys left empty; a written
    // role whose required sections are present but empty; an unknown key left empty.
    check_matches_snapshot("every_field");
    let site = SiteTest::from_fixture("first_hour/every_field");
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("missing-field").in_file("content/roles/analyst.yaml").count(3);
    run.assert_diag("missing-field")
        .at("content/roles/analyst.yaml", 12)
        .message("soft_skills[1]: missing field `why`");
    // Required: removing the key is not offered.
    run.assert_diag("empty-section").at("content/roles/analyst.yaml", 11).hint("fill it in: the key is required");
    run.assert_diag("empty-section").at("content/roles/analyst.yaml", 7).hint("fill it in: the key is required");
    // Optional: it may be.
    run.assert_diag("empty-section")
        .at("content/roles/analyst.yaml", 5)
        .hint("fill it in, or remove the key so the page leaves the heading out");
    // `mission: null` on a role whose site requires a mission: one warning, not two.
    run.assert_diag("empty-section").at("content/roles/writer.yaml", 6).count(1);
    run.assert_stderr().not_contains("missing-section").not_contains("no-kpis");
    // A required key with no value at all is one problem, of its type.
    run.assert_diag("wrong-type").at("content/roles/closer.yaml", 9).hint("give it a value");
    assert!(run.diagnostics().iter().all(|d| d.file != "content/roles/closer.yaml" || d.code == "wrong-type"));
    // An unknown key is one problem, however empty.
    let at_19 = run.diagnostics().into_iter().filter(|d| d.line == Some(19)).count();
    assert_eq!(at_19, 1, "{}", run.stderr());
}

#[test]
fn an_unknown_next_role_never_suggests_itself_or_a_circle_and_offers_the_stub_to_paste() {
    check_matches_snapshot("suggestions");
    let site = SiteTest::from_fixture("first_hour/suggestions");
    let run = site.run(&["check"]).fails_with(1);
    // `backend-engineer-2` is the closest id, but a role is not its own next step.
    run.assert_diag("unknown-reference")
        .at("content/roles/backend-engineer-2.yaml", 8)
        .hint("add content/roles/backend-engineer-3.yaml:");
    // `junior` leads to `mid`, so it cannot follow `mid` as well.
    run.assert_diag("unknown-reference").at("content/roles/mid.yaml", 9).hint("add content/roles/junior-2.yaml:");
    run.assert_diag("unknown-reference")
        .at("content/roles/mid.yaml", 8)
        .hint_contains("did you mean `senior`? If `senior-2` is a new role");
    // The stub, pasted as it is shown, makes a role that passes.
    let stub: String = run
        .stderr()
        .split("add content/roles/backend-engineer-3.yaml:\n")
        .nth(1)
        .expect("the stub is shown")
        .lines()
        .take_while(|line| !line.is_empty())
        .map(|line| format!("{}\n", line.trim()))
        .collect();
    site.write("content/roles/backend-engineer-3.yaml", stub);
    let run = site.run(&["check"]).fails_with(1);
    run.assert_stderr().not_contains("backend-engineer-3.yaml").not_contains("backend-engineer-3`");
}

#[test]
fn a_yaml_or_markdown_file_nothing_reads_is_a_warning_naming_it_with_the_folder_it_meant() {
    let site = SiteTest::from_fixture("first_hour/unread");
    let run = site.run(&["check"]).success();
    let warnings: String =
        run.stderr().lines().take_while(|line| !line.starts_with("checked ")).collect::<Vec<_>>().join("\n");
    assert_snapshot("first_hour_unread.txt", &(warnings + "\n"));
    run.assert_diag("unread-file")
        .in_file("content/role/engineer.yaml")
        .warning()
        .hint("did you mean `content/roles/`? Move it to `content/roles/engineer.yaml`");
    run.assert_diag("unread-file").in_file("content/data/team.yaml").warning();
    run.assert_diag("unread-file")
        .in_file("content/competences.yaml")
        .hint("did you mean `content/competencies.yaml`?");
    run.assert_diag("unread-file").in_file("content/about.markdown").hint("rename it `about.md`");
    assert_eq!(run.diagnostics().len(), 4, "{}", run.stderr());
    // `--deny-warnings` makes the typo stop CI.
    site.run(&["check", "--deny-warnings"]).fails_with(1);
}
