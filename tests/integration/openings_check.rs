//! Openings as input: `check` as the gate before a job posting is published. Every problem
//! of every opening in one run, each once, at its line, with a hint; the day openings are
//! judged on comes from `--today` and is printed.

use crate::harness::SiteTest;
use crate::roles::assert_snapshot;

const ORG: &str = "title: Data Careers\nbase_url: https://example.org/\norganization:\n  name: Example Labs\n  url: https://example.org/\n";

/// An opening that passes, with `replace` applied to its text.
fn opening(replace: &[(&str, &str)]) -> String {
    let mut text = String::from(
        "role: data-scientist\nstatus: open\ndate_posted: 2026-11-20\nvalid_through: 2027-01-31\nemployment_type: full_time\nlocations:\n  - city: Berlin\n    country: DE\nsalary: {min: 60000, max: 80000, currency: EUR, unit: year}\napply_url: https://jobs.example.org/1\ndescription: Work with us.\n",
    );
    for (from, to) in replace {
        assert!(text.contains(from), "the base opening has no `{from}`");
        text = text.replace(from, to);
    }
    text
}

fn site_with(openings: &[(&str, String)]) -> SiteTest {
    let site = SiteTest::from_fixture("roles");
    site.write("rolebook.yaml", ORG);
    for (name, text) in openings {
        site.write(&format!("content/openings/{name}"), text);
    }
    site
}

#[test]
fn every_opening_problem_is_reported_in_one_run_once_at_its_line_with_a_hint() {
    let site = site_with(&[
        ("role-typo.yaml", opening(&[("role: data-scientist", "role: data-scientst")])),
        ("stub-role.yaml", opening(&[("role: data-scientist", "role: lead-data-scientist")])),
        ("no-country.yaml", opening(&[("    country: DE\n", "    region: Berlin\n")])),
        ("uk.yaml", opening(&[("country: DE", "country: UK")])),
        ("lowercase.yaml", opening(&[("country: DE", "country: de"), ("currency: EUR", "currency: eur")])),
        ("symbol.yaml", opening(&[("currency: EUR", "currency: €")])),
        ("min-above-max.yaml", opening(&[("min: 60000, max: 80000", "min: 90000, max: 80000")])),
        ("ends-before-start.yaml", opening(&[("valid_through: 2027-01-31", "valid_through: 2026-11-01")])),
        ("expired.yaml", opening(&[("valid_through: 2027-01-31", "valid_through: 2026-11-30")])),
        ("not-a-day.yaml", opening(&[("date_posted: 2026-11-20", "date_posted: 2026-02-30")])),
        ("future.yaml", opening(&[("date_posted: 2026-11-20", "date_posted: 2026-12-24")])),
        (
            "remote-nowhere.yaml",
            opening(&[("locations:\n  - city: Berlin\n    country: DE\n", "remote:\n  countries: []\n")]),
        ),
        ("nowhere.yaml", opening(&[("locations:\n  - city: Berlin\n    country: DE\n", "")])),
        ("bad-url.yaml", opening(&[("https://jobs.example.org/1", "jobs.example.org/apply")])),
        ("kind-typo.yaml", opening(&[("employment_type: full_time", "employment_type: [full_time, fulltime]")])),
        ("field-typo.yaml", opening(&[("salary:", "salery:")])),
        ("Bad_Name.yaml", opening(&[])),
        ("empty.yaml", String::new()),
    ]);
    let run = site.run(&["check", "--today", "2026-12-02"]).fails_with(1);
    assert_snapshot("openings_invalid.txt", &run.stderr());
    // Spot checks that the snapshot says what matters, so a rewrite cannot lose it.
    run.assert_diag("unknown-reference")
        .in_file("content/openings/role-typo.yaml")
        .hint_contains("did you mean `data-scientist`?");
    run.assert_diag("bad-country").in_file("content/openings/uk.yaml").hint("the ISO code for United Kingdom is `GB`");
    run.assert_diag("missing-field").in_file("content/openings/no-country.yaml").message_contains("country");
    run.assert_diag("bad-salary").in_file("content/openings/min-above-max.yaml").message_contains("above max");
    run.assert_diag("bad-date-range").in_file("content/openings/ends-before-start.yaml").count(1);
    run.assert_diag("expired-opening").in_file("content/openings/expired.yaml").message_contains("today is 2026-12-02");
    run.assert_diag("no-remote-countries").in_file("content/openings/remote-nowhere.yaml");
    run.assert_diag("bad-id").in_file("content/openings/Bad_Name.yaml").hint_contains("bad-name.yaml");
    run.assert_diag("empty-file").in_file("content/openings/empty.yaml").hint_contains("docs/openings.md");
    // One slip, one error: the file whose end date is before its start is not also expired.
    let in_range_file = |d: &&crate::harness::Diag| d.file == "content/openings/ends-before-start.yaml";
    assert_eq!(run.diagnostics().iter().filter(in_range_file).count(), 1, "{}", run.stderr());
}

#[test]
fn the_day_openings_are_judged_on_is_the_today_flag_and_the_summary_names_it() {
    let site = site_with(&[("open.yaml", opening(&[]))]);
    let before = site.run(&["check", "--today", "2027-01-31"]).success();
    before.assert_stdout().contains("openings checked against 2027-01-31 (--today)");
    let after = site.run(&["check", "--today", "2027-02-01"]).fails_with(1);
    after
        .assert_diag("expired-opening")
        .at("content/openings/open.yaml", 4)
        .message_contains("2027-01-31")
        .hint_contains("status: closed");
    let unfixed = site.run(&["check", "--today", "2026-12-02"]).success();
    unfixed.assert_stdout().not_contains("today's UTC date");
    let plain = SiteTest::from_fixture("roles").run(&["check"]).success();
    plain.assert_stdout().not_contains("openings checked");
}

#[test]
fn a_closed_opening_past_its_last_day_is_no_error() {
    let site = site_with(&[(
        "filled.yaml",
        opening(&[("status: open", "status: closed"), ("valid_through: 2027-01-31", "valid_through: 2026-11-30")]),
    )]);
    let run = site.run(&["check", "--today", "2026-12-02"]).success();
    run.assert_stderr().not_contains("content/openings/");
}

#[test]
fn a_site_with_openings_must_name_the_organisation_that_hires() {
    let site = site_with(&[("open.yaml", opening(&[]))]);
    site.write("rolebook.yaml", "title: Data Careers\nbase_url: https://example.org/\n");
    let run = site.run(&["check", "--today", "2026-12-02"]).fails_with(1);
    run.assert_diag("no-organization").in_file("rolebook.yaml").hint_contains("organization:");
    site.write("rolebook.yaml", format!("{ORG}  logo: javascript:alert(1)\n"));
    let run = site.run(&["check", "--today", "2026-12-02"]).fails_with(1);
    run.assert_diag("bad-url").in_file("rolebook.yaml").message_contains("organization.logo");
}

#[test]
fn an_opening_for_a_role_whose_file_failed_to_load_adds_no_second_error() {
    let site = site_with(&[("open.yaml", opening(&[]))]);
    let role = site.source("content/roles/data-scientist.yaml");
    site.write("content/roles/data-scientist.yaml", role.replace("level: 3", "level: [3"));
    let run = site.run(&["check", "--today", "2026-12-02"]).fails_with(1);
    let errors: Vec<_> = run.diagnostics().into_iter().filter(|d| d.severity == "error").collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr());
    run.assert_diag("yaml-syntax").in_file("content/roles/data-scientist.yaml");
}
