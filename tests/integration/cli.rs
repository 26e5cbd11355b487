//! The command line as a newcomer meets it: help, wrong flags, init, exit codes.

use crate::harness::SiteTest;

#[test]
fn every_command_has_help() {
    let site = SiteTest::empty();
    for args in [vec!["--help"], vec!["build", "--help"], vec!["check", "--help"], vec!["init", "--help"]] {
        let run = site.run(&args).success();
        assert!(run.stdout().contains("Usage: rolebook"), "{args:?}");
    }
    assert!(site.run(&["build", "--help"]).stdout().contains("--base-url <URL>"));
}

#[test]
fn usage_errors_exit_with_2() {
    let site = SiteTest::empty();
    let run = site.run(&["build", "--output"]).fails_with(2);
    run.assert_stderr().contains("--output-dir"); // clap suggests the right flag
    site.run(&["frobnicate"]).fails_with(2);
    let run = site.run(&["build", "--base-url", "example.org"]).fails_with(2);
    run.assert_stderr().contains("--base-url");
}

#[test]
fn a_folder_that_is_not_a_site_is_explained() {
    let site = SiteTest::empty();
    let run = site.run(&["build", "--root", "nowhere"]).fails_with(1);
    run.assert_stderr().contains("is not a rolebook site");
}

#[test]
fn init_creates_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let site = SiteTest::empty();
    let new = site.outer().join("new-site");
    site.run(&["init", new.to_str().unwrap()]).success();
    let run = site.run(&["build", "--root", new.to_str().unwrap()]).success();
    assert!(run.stdout().contains("built 2 pages"), "{}", run.stdout());
    assert!(new.join("public/about/index.html").exists());
    assert!(new.join("public/style.css").exists(), "the built-in theme's files");
    assert!(!new.join("themes").exists(), "the theme comes from the binary");

    let run = site.run(&["init", site.root.to_str().unwrap()]).fails_with(2);
    run.assert_stderr().contains("is not empty");
}

#[test]
fn quiet_silences_the_summary() {
    let site = SiteTest::from_fixture("basic");
    let run = site.run(&["build", "--quiet"]).success();
    assert_eq!(run.stdout(), "");
}
