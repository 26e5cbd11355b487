//! Issue 22 without a repository: `previous_ids` and their checks, the `history:` config,
//! and the one line a build prints when there is no history to read.

use crate::harness::SiteTest;

const CONFIG: &str = "title: T\nbase_url: https://example.org/\nblueprint:\n  sections:\n    - section: summary\n";

fn role(id: &str, extra: &str) -> String {
    format!("id: {id}\n{extra}title: Role {id}\nfamily: Research\nsummary:\n  description: Does {id} things.\n")
}

fn site() -> SiteTest {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", CONFIG);
    site
}

#[test]
fn a_site_outside_git_builds_and_says_so_in_one_line_after_the_summary() {
    let site = site();
    site.write("content/roles/a.yaml", role("a", ""));
    let run = site.build();
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("built "), "{stdout}");
    let history: Vec<&&str> = lines.iter().filter(|l| l.starts_with("history:")).collect();
    assert_eq!(history, [&"history: the site is not in a git repository; no changes pages or last-changed dates"]);
    assert!(!site.exists("changes/index.html"));
}

#[test]
fn history_false_switches_it_off_and_the_line_says_so() {
    let site = site();
    site.write("rolebook.yaml", format!("{CONFIG}history: false\n"));
    site.write("content/roles/a.yaml", role("a", ""));
    site.build().assert_stdout().contains("history: switched off in rolebook.yaml");
}

#[test]
fn a_typo_in_the_history_config_is_an_error_naming_its_keys() {
    let site = site();
    site.write("rolebook.yaml", format!("{CONFIG}history:\n  release_tag: \"v*\"\n"));
    site.write("content/roles/a.yaml", role("a", ""));
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("invalid-value")
        .at("rolebook.yaml", 7)
        .message_contains("unknown key `release_tag`; did you mean `release_tags`?");
}

#[test]
fn previous_ids_redirect_the_old_role_urls_without_git() {
    let site = site();
    site.write("content/roles/research-lead.yaml", role("research-lead", "previous_ids: [lead-scientist]\n"));
    site.build();
    site.assert_file("roles/lead-scientist/index.html").contains("/roles/research-lead/");
}

#[test]
fn a_previous_id_that_is_a_role_of_today_is_an_error_at_the_id() {
    let site = site();
    site.write("content/roles/a.yaml", role("a", "previous_ids: [b]\n"));
    site.write("content/roles/b.yaml", role("b", ""));
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("previous-id-taken")
        .at("content/roles/a.yaml", 2)
        .message_contains("`b` is the id of another role")
        .hint_contains("content/roles/b.yaml");
}

#[test]
fn a_previous_id_listed_by_two_roles_is_one_error_at_the_second() {
    let site = site();
    site.write("content/roles/a.yaml", role("a", "previous_ids: [old]\n"));
    site.write("content/roles/b.yaml", role("b", "previous_ids: [old]\n"));
    let run = site.run(&["check"]).fails_with(1);
    let taken: Vec<_> = run.diagnostics().into_iter().filter(|d| d.code == "previous-id-taken").collect();
    assert_eq!(taken.len(), 1, "{}", run.stderr());
    assert_eq!(taken[0].file, "content/roles/b.yaml");
    assert!(taken[0].hint.as_deref().unwrap_or("").contains("content/roles/a.yaml"), "{:?}", taken[0]);
}

#[test]
fn a_previous_id_that_is_no_id_or_the_role_s_own_is_an_error() {
    let site = site();
    site.write("content/roles/a.yaml", role("a", "previous_ids: [Old Name, a]\n"));
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("bad-id").at("content/roles/a.yaml", 2).hint_contains("old-name");
    run.assert_diag("previous-id-taken").message_contains("this role's own id");
}

#[test]
fn since_outside_git_is_a_usage_error_that_says_why() {
    let site = site();
    site.write("content/roles/a.yaml", role("a", ""));
    let run = site.run(&["check", "--since", "main"]).fails_with(2);
    run.assert_stderr().contains("--since needs the git history").contains("not in a git repository");
}
