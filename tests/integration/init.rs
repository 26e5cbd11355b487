//! A newcomer's first commands: `init` makes a site that passes `check --deny-warnings`
//! and shows every ladder view, and `new role` adds roles that keep it passing.

use crate::harness::{SiteTest, Text};

/// A site made by `rolebook init .` in an empty folder.
fn starter() -> SiteTest {
    let site = SiteTest::empty();
    std::fs::remove_dir(site.root.join("content")).unwrap();
    site.run(&["init", "."]).success();
    site
}

/// The lines `new role --from` printed for the feeder's file (between the blank lines).
fn printed_lines(stdout: &str) -> String {
    let after = stdout.split_once(":\n\n").map(|(_, rest)| rest).expect("new role printed lines to add");
    after.split_once("\n\n").map_or(after, |(lines, _)| lines).to_string() + "\n"
}

/// Adds `lines` under `career:`/`next:` in `rel`, where the message said to put them.
fn add_under_next(site: &SiteTest, rel: &str, lines: &str) {
    let text = site.source(rel);
    let at = text.find("\n  next:\n").expect("the role has a career.next") + "\n  next:\n".len();
    site.write(rel, format!("{}{lines}{}", &text[..at], &text[at..]));
}

#[test]
fn the_starter_passes_check_with_warnings_denied_and_builds_every_ladder_view() {
    let site = starter();
    site.run(&["check", "--deny-warnings"]).success().assert_stderr().equals("");
    site.build();
    site.assert_file("roles/data-engineer/index.html").contains("Data Engineer").contains("Craft");
    site.assert_file("roles/staff-data-engineer/index.html").contains("Staff Data Engineer");
    site.assert_file("tracks/data-engineering/index.html").contains("Senior Data Engineer");
    site.assert_file("roles/data-engineer/next/senior-data-engineer/index.html").contains("Delivery");
    site.assert_file("compare/index.html");
    site.assert_file("about/index.html").contains("new role");
    let matrix = site.read("skills/index.html");
    let columns = ["/roles/data-engineer/", "/roles/senior-data-engineer/"]
        .iter()
        .filter(|href| matrix.contains(&format!("<th scope=\"col\"><a href=\"{href}\">")))
        .count();
    assert_eq!(columns, 2, "the skill matrix has a column per written role:\n{matrix}");
    assert!(site.root.join(".gitignore").exists() && !site.root.join("gitignore.txt").exists());
}

#[test]
fn init_tells_the_next_commands_as_the_program_was_run_with_the_site_folder() {
    let site = SiteTest::empty();
    let run = site.run(&["init", "new site"]).success();
    // The harness runs the binary by its path, so that path (quoted, it has no spaces
    // but the folder name has) is what to type next; `rolebook` is not on the PATH.
    let program = env!("CARGO_BIN_EXE_rolebook");
    run.assert_stdout()
        .contains(&format!("{program} check --root 'new site'"))
        .contains(&format!("{program} build --root 'new site'"))
        .contains("new role analytics-engineer --from data-engineer")
        .not_contains("cd ");
}

#[test]
fn a_role_from_another_takes_its_family_and_track_one_level_up_and_names_it_as_feeder() {
    let site = starter();
    let run = site.run(&["new", "role", "lead-data-engineer", "--from", "senior-data-engineer"]).success();
    let text = site.source("content/roles/lead-data-engineer.yaml");
    Text::new("the new role", text)
        .contains("title: Lead Data Engineer\nfamily: Data Engineering\ntrack: Individual contributor\nlevel: 3\n")
        .contains("career:\n  feeders:\n    - role: senior-data-engineer\n")
        .contains("not_applicable:\n  - mission\n");
    // Until the feeder names it back, the step is one-sided, exactly as the message said.
    run.assert_stdout().contains("add these lines to content/roles/senior-data-engineer.yaml, under `career.next:`");
    site.run(&["check", "--deny-warnings"]).fails_with(1).assert_diag("one-sided-step");
    add_under_next(&site, "content/roles/senior-data-engineer.yaml", &printed_lines(&run.stdout()));
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    site.assert_file("roles/senior-data-engineer/next/lead-data-engineer/index.html");
}

#[test]
fn a_new_stub_passes_check_with_warnings_denied_once_its_feeder_names_it() {
    let site = starter();
    let run = site
        .run(&[
            "new",
            "role",
            "data-architect",
            "--stub",
            "--from",
            "senior-data-engineer",
            "--title",
            "Data Architect",
        ])
        .success();
    Text::new("the stub", site.source("content/roles/data-architect.yaml"))
        .contains("stub: true\ntitle: Data Architect\n")
        .not_contains("not_applicable");
    add_under_next(&site, "content/roles/senior-data-engineer.yaml", &printed_lines(&run.stdout()));
    site.run(&["check", "--deny-warnings"]).success();
}

#[test]
fn a_new_role_with_no_feeder_passes_check_and_the_one_warning_is_announced() {
    let site = starter();
    let run = site.run(&["new", "role", "data-analyst"]).success();
    run.assert_stdout().contains("warns `unreachable-role`").contains("add `- role: data-analyst`");
    Text::new("the new role", site.source("content/roles/data-analyst.yaml")).contains("family: Data Engineering\n");
    let check = site.run(&["check"]).success();
    let codes: Vec<String> = check.diagnostics().into_iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unreachable-role"], "{}", check.stderr());
}

#[test]
fn new_role_refuses_an_existing_id_an_invalid_id_and_an_unknown_feeder_writing_nothing() {
    let site = starter();
    let before = SiteTest::snapshot(&site.root);
    site.run(&["new", "role", "data-engineer"])
        .fails_with(2)
        .assert_stderr()
        .contains("there is already a role `data-engineer`, in content/roles/data-engineer.yaml");
    site.run(&["new", "role", "Data_Engineer"])
        .fails_with(2)
        .assert_stderr()
        .contains("`Data_Engineer` is not a valid role id")
        .contains("e.g. `data-engineer`");
    site.run(&["new", "role", "ml-engineer", "--from", "data-enginer"])
        .fails_with(2)
        .assert_stderr()
        .contains("--from: there is no role `data-enginer`; did you mean `data-engineer`?");
    // A file by that name that is not a readable role still blocks the name.
    site.write("content/roles/broken.yml", "id: [\n");
    site.run(&["new", "role", "broken"])
        .fails_with(2)
        .assert_stderr()
        .contains("`content/roles/broken.yml` already exists");
    site.remove("content/roles/broken.yml");
    assert_eq!(SiteTest::snapshot(&site.root), before, "a refused `new role` changes nothing");
}

#[test]
fn new_role_outside_a_site_says_it_is_not_one() {
    let site = SiteTest::empty();
    site.run(&["new", "role", "x", "--root", "nowhere"])
        .fails_with(1)
        .assert_stderr()
        .contains("is not a rolebook site");
}

#[test]
fn a_new_role_follows_the_sites_own_blueprint_shape_on_and_off_its_rubric() {
    let site = SiteTest::empty();
    crate::harness::copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ladder"), &site.root);
    // Level 5 is above the rubric's top rung: its required expectations would be missing.
    let above = site.run(&["new", "role", "platform-engineer-5", "--from", "platform-engineer-4"]).success();
    Text::new("above the rubric", site.source("content/roles/platform-engineer-5.yaml"))
        .contains("level: 5\n")
        .contains("not_applicable:\n  - expectations\n  - skills\n");
    // Level 3 is a rung: the rubric gives its expectations, so they are not marked.
    let on = site.run(&["new", "role", "platform-engineer-3b", "--from", "platform-engineer-2"]).success();
    Text::new("on the rubric", site.source("content/roles/platform-engineer-3b.yaml"))
        .contains("not_applicable:\n  - skills\n")
        .not_contains("- expectations");
    // In both feeders `career:` is the last block and `next:` (if any) its last key, so the
    // printed lines go at the end of the file.
    for (run, feeder) in [(above, "platform-engineer-4"), (on, "platform-engineer-2")] {
        let rel = format!("content/roles/{feeder}.yaml");
        let lines = printed_lines(&run.stdout());
        site.write(&rel, site.source(&rel) + &lines);
    }
    site.run(&["check", "--deny-warnings"]).success();
}

#[test]
fn the_readme_first_hour_shows_what_init_and_new_role_really_print() {
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let site = SiteTest::empty();
    let program = env!("CARGO_BIN_EXE_rolebook");
    site.run(&["init", "careers"]).success();
    let run = site.run(&["new", "role", "lead-data-engineer", "--from", "senior-data-engineer", "--root", "careers"]);
    // The README shows `rolebook` on the PATH; the harness runs it by its path.
    let printed = run.success().stdout().replace(program, "rolebook");
    for line in printed.lines().filter(|l| !l.is_empty()) {
        assert!(readme.contains(line), "README.md's first-hour session lacks `{line}` of:\n{printed}");
    }
    let help = site.run(&["new", "role", "--help"]).success().stdout();
    for flag in ["--from <ID>", "--stub", "--title <TITLE>", "--root <DIR>"] {
        assert!(help.contains(flag), "{help}");
    }
}
