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
    assert!(run.stdout().contains("built "), "{}", run.stdout());
    assert!(new.join("public/about/index.html").exists());
    assert!(new.join("public/roles/data-engineer/index.html").exists(), "the starter's roles");
    assert!(new.join("public/style.css").exists(), "the built-in theme's files");
    assert!(!new.join("themes").exists(), "the theme comes from the binary");

    let run = site.run(&["init", site.root.to_str().unwrap()]).fails_with(2);
    run.assert_stderr().contains("is not empty");
}

#[test]
fn a_new_site_keeps_its_output_and_a_killed_builds_leftovers_out_of_git() {
    let site = SiteTest::empty();
    let new = site.outer().join("new-site");
    site.run(&["init", new.to_str().unwrap()]).success();
    let git = |args: &[&str]| std::process::Command::new("git").args(args).current_dir(&new).output();
    let Ok(init) = git(&["init", "-q"]) else { return };
    assert!(init.status.success());
    site.run(&["build", "--root", new.to_str().unwrap()]).success();
    // What a build killed mid-way leaves beside its output, and the caches.
    std::fs::create_dir_all(new.join(".public.rolebook-staging-12-34/about")).unwrap();
    std::fs::write(new.join(".public.rolebook-staging-12-34/about/index.html"), "x").unwrap();
    std::fs::write(new.join(".public.rolebook-lock"), "").unwrap();
    std::fs::create_dir_all(new.join(".rolebook/cache")).unwrap();
    std::fs::write(new.join(".rolebook/cache/highlight.bin"), "x").unwrap();
    let status = String::from_utf8(git(&["status", "--porcelain", "--untracked-files=all"]).unwrap().stdout).unwrap();
    let listed: Vec<&str> = status.lines().map(|l| l[3..].trim()).collect();
    for line in &listed {
        assert!(
            !line.starts_with("public/") && !line.starts_with(".public.") && !line.starts_with(".rolebook/"),
            "git would pick up `{line}`: {listed:?}"
        );
    }
    assert!(
        listed.contains(&"content/_index.md") || listed.contains(&"content/"),
        "the sources are listed: {listed:?}"
    );
}

#[test]
fn quiet_silences_the_summary() {
    let site = SiteTest::from_fixture("basic");
    let run = site.run(&["build", "--quiet"]).success();
    assert_eq!(run.stdout(), "");
}
