//! Issue 17, output amplification: the skill matrix is cut into pages of at most 40 role
//! columns, and whatever a template or the content does, a run's output stays within a
//! budget proportional to its input, failing with one `output-too-large` error otherwise.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::{broken_links, SiteTest, Text};

/// A site of `roles` roles in the family `Data`, role `n` listing skill `n` (so a single
/// matrix of it would have `roles` rows of `roles` cells).
fn one_family_site(roles: usize) -> SiteTest {
    let site = SiteTest::empty();
    site.write("content/_index.md", "---\ntitle: Careers\n---\nWelcome.\n");
    let mut skills = String::new();
    for n in 0..roles {
        skills.push_str(&format!("- id: skill-{n:04}\n  name: Skill {n:04}\n  category: Engineering\n"));
        site.write(
            &format!("content/roles/role-{n:04}.yaml"),
            format!(
                "id: role-{n:04}\ntitle: Role {n:04}\nfamily: Data\nlevel: 1\nscope: Does {n}.\nstub: true\n\
                 skills:\n  must_have:\n    - skill: skill-{n:04}\n      importance: Critical\n"
            ),
        );
    }
    site.write("content/skills/skills.yaml", skills);
    site
}

/// The matrix pages of family `Data` under `public`, in page order, with their text.
fn matrix_pages(public: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(usize, String, String)> = SiteTest::snapshot(public)
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("skills/matrix/data/"))
        .map(|(rel, bytes)| {
            let number = rel.trim_start_matches("skills/matrix/data/").trim_end_matches("index.html");
            let number = number.trim_end_matches('/').parse().unwrap_or(1);
            (number, rel, String::from_utf8(bytes).unwrap())
        })
        .collect();
    pages.sort();
    pages.into_iter().map(|(_, rel, html)| (rel, html)).collect()
}

fn total(pages: &[(String, String)]) -> usize {
    pages.iter().map(|(_, html)| html.len()).sum()
}

#[test]
fn a_family_of_600_roles_gets_15_matrix_pages_of_40_columns_each_showing_only_its_roles_skills() {
    let site = one_family_site(600);
    site.run(&["check", "--quiet"]).success();
    site.run(&["build", "--quiet"]).success();
    let pages = matrix_pages(&site.public());
    let names: Vec<&str> = pages.iter().map(|(rel, _)| rel.as_str()).collect();
    let mut expected = vec!["skills/matrix/data/index.html".to_string()];
    expected.extend((2..=15).map(|n| format!("skills/matrix/data/{n}/index.html")));
    assert_eq!(names, expected);

    let mut seen_roles = Vec::new();
    for (i, (rel, html)) in pages.iter().enumerate() {
        let number = i + 1;
        let table = &html[html.find("<table class=\"matrix\">").unwrap()..html.find("</table>").unwrap()];
        let columns: Vec<&str> = table.split("<th scope=\"col\"><a href=\"/roles/").skip(1).collect();
        assert_eq!(columns.len(), 40, "{rel}");
        let rows = table.matches("<th scope=\"row\">").count();
        assert_eq!(rows, 40, "{rel}: only the 40 skills its roles list, not all 600");
        assert_eq!(table.matches("<td>").count(), 40 * 40, "{rel}");
        for column in columns {
            seen_roles.push(column[..column.find('/').unwrap()].to_string());
        }
        // The first and last role of the page name it, in the heading, the caption and the title.
        let (first, last) = (format!("Role {:04}", (number - 1) * 40), format!("Role {:04}", number * 40 - 1));
        let page = Text::new(rel.as_str(), html.as_str());
        page.contains(&format!("<h1>Skill matrix: Data, page {number} of 15</h1>"))
            .contains(&format!(
                "<caption id=\"matrix-caption\">Skill matrix: skills (rows) by role (columns), page {number} of 15: {first} to {last}</caption>"
            ))
            .contains(&format!("<title>Skill matrix: Data, page {number} of 15"))
            .contains("<th scope=\"col\" class=\"corner\">Skill</th>")
            .contains("<th scope=\"colgroup\" colspan=\"41\" id=\"engineering\">");
        // Previous and next, where there are some.
        let prev = if number == 2 {
            "/skills/matrix/data/".to_string()
        } else {
            format!("/skills/matrix/data/{}/", number - 1)
        };
        assert_eq!(html.contains(&format!("<a rel=\"prev\" href=\"{prev}\">")), number > 1, "{rel}");
        let next = format!("/skills/matrix/data/{}/", number + 1);
        assert_eq!(html.contains(&format!("<a rel=\"next\" href=\"{next}\">")), number < 15, "{rel}");
        // The first page lists every page; the others link to that list.
        if number == 1 {
            page.contains("<h2 id=\"matrix-pages\">Pages of this matrix</h2>")
                .contains("<a href=\"/skills/matrix/data/\" aria-current=\"page\">Page 1: Role 0000 to Role 0039</a>")
                .contains("<a href=\"/skills/matrix/data/15/\">Page 15: Role 0560 to Role 0599</a>");
        } else {
            page.contains("href=\"/skills/matrix/data/#matrix-pages\"").not_contains("Page 15: Role 0560");
            // only the first page lists them all
        }
    }
    let mut every_role: Vec<String> = (0..600).map(|n| format!("role-{n:04}")).collect();
    seen_roles.sort();
    every_role.sort();
    assert_eq!(seen_roles, every_role, "every role is a column of exactly one page");

    // The skills index links to the first page; every other page is in the sitemap.
    site.assert_file("skills/index.html").contains("<a href=\"/skills/matrix/data/\">Data</a>");
    let sitemap = site.assert_file("sitemap.xml");
    for n in 2..=15 {
        sitemap.contains(&format!("/skills/matrix/data/{n}/</loc>"));
    }
    assert!(broken_links(&site.public(), "/", "").is_empty(), "{:?}", broken_links(&site.public(), "/", ""));
}

#[test]
fn matrix_output_grows_linearly_with_the_roles_of_a_family_and_no_matrix_page_grows_with_it() {
    let small = one_family_site(300);
    small.run(&["build", "--quiet"]).success();
    let large = one_family_site(600);
    large.run(&["build", "--quiet"]).success();
    let (small, large) = (matrix_pages(&small.public()), matrix_pages(&large.public()));
    let (small_total, large_total) = (total(&small), total(&large));
    assert!(
        large_total * 10 <= small_total * 22,
        "doubling the roles took the matrices from {small_total} to {large_total} bytes"
    );
    let largest = |pages: &[(String, String)]| pages.iter().map(|(_, html)| html.len()).max().unwrap();
    // Only the first page's list of pages grows: one line per 40 roles.
    assert!(largest(&large) <= largest(&small) + 8 * 120, "{} then {}", largest(&small), largest(&large));
    assert!(large_total < 600 * 8_000, "{large_total} bytes of matrix for 600 one-skill roles");
}

#[test]
fn a_family_of_exactly_40_roles_keeps_one_matrix_page_with_no_pager() {
    // 41 roles with skills split the matrix by family; 40 of them in one family fill one page.
    let site = one_family_site(40);
    site.write(
        "content/roles/other.yaml",
        "id: other\ntitle: Other\nfamily: Other\nlevel: 1\nscope: Other.\nstub: true\n\
         skills:\n  must_have:\n    - skill: skill-0000\n      importance: Important\n",
    );
    site.run(&["build", "--quiet"]).success();
    let pages = matrix_pages(&site.public());
    assert_eq!(pages.len(), 1);
    Text::new(pages[0].0.as_str(), pages[0].1.as_str())
        .contains("<h1>Skill matrix: Data</h1>")
        .contains("<caption id=\"matrix-caption\">Skill matrix: skills (rows) by role (columns)</caption>")
        .not_contains("matrix-pager")
        .not_contains("rel=\"next\"");
    assert!(site.exists("skills/matrix/other/index.html") && !site.exists("skills/matrix/data/2/index.html"));
}

/// Every entry beside the site folder (where a staging folder or the output would be).
fn beside_the_site(site: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.outer())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Bytes of every file under `dir`.
fn disk_use(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

/// Asserts `run` failed with exactly one error, `output-too-large`, and returns its text.
fn one_budget_error(run: crate::harness::Run) -> String {
    let run = run.fails_with(1);
    let stderr = run.stderr();
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("error[output-too-large]").count(), 1, "{stderr}");
    assert!(stderr.contains("budget of") && stderr.contains("Largest files: `"), "{stderr}");
    assert!(stderr.contains("= hint:"), "{stderr}");
    stderr
}

#[test]
fn a_template_looping_over_the_content_fails_check_and_build_with_one_error_quickly_and_writes_nothing() {
    let site = SiteTest::empty();
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    site.write("content/about.md", format!("---\ntitle: About\n---\n{}\n", "About us. ".repeat(100)));
    site.build();
    let before = SiteTest::snapshot(&site.public());
    // A billion copies of the page's content, in three nested loops.
    site.write(
        "templates/page.html",
        "{% for a in range(end=1000) %}{% for b in range(end=1000) %}{% for c in range(end=1000) %}{{ page.content | safe }}{% endfor %}{% endfor %}{% endfor %}",
    );
    for command in ["check", "build"] {
        let started = Instant::now();
        let stderr = one_budget_error(site.run(&[command]));
        assert!(started.elapsed() < Duration::from_secs(60), "{command} took {:?}", started.elapsed());
        // The loop is cut at the budget: the page it made is named as the largest file, at its source.
        assert!(stderr.contains("content/about.md:1:1: error[output-too-large]"), "{stderr}");
        assert!(stderr.contains("Largest files: `about/index.html` (made from content/about.md:1:1) "), "{stderr}");
    }
    assert_eq!(SiteTest::snapshot(&site.public()), before, "the previous output is untouched");
    assert_eq!(beside_the_site(&site), vec!["site"], "no staging folder is left beside the site");
    assert!(disk_use(site.outer()) < 1 << 20, "{} bytes on disk after the failure", disk_use(site.outer()));
}

#[test]
fn a_long_scope_repeated_by_every_role_naming_it_fails_the_build_with_one_error_at_a_role_and_no_output() {
    let site = SiteTest::empty();
    site.write("content/_index.md", "---\ntitle: Careers\n---\nWelcome.\n");
    // One megabyte of scope, shown on the page of each of 200 roles whose next step it is
    // (a written blueprint shows a next role's scope while that one is a stub).
    let scope = "Leads the work. ".repeat(65_536);
    site.write(
        "content/roles/big.yaml",
        format!("id: big\ntitle: Big\nfamily: Data\nlevel: 2\nstub: true\nscope: {scope}\n"),
    );
    for n in 0..200 {
        site.write(
            &format!("content/roles/r{n:03}.yaml"),
            format!(
                "id: r{n:03}\ntitle: Role {n}\nfamily: Data\nlevel: 1\nscope: Small.\ncareer:\n  next:\n    - role: big\n"
            ),
        );
    }
    let output = site.outer().join("out");
    let started = Instant::now();
    let stderr = one_budget_error(site.run(&["build", "--output-dir", output.to_str().unwrap()]));
    assert!(started.elapsed() < Duration::from_secs(120), "the build took {:?}", started.elapsed());
    assert!(stderr.contains("Largest folders: `roles/`"), "{stderr}");
    assert!(stderr.contains("(made from content/roles/r"), "the largest file is named at its role:\n{stderr}");
    assert!(!output.exists(), "no output is made");
    assert_eq!(beside_the_site(&site), vec!["site"], "no staging folder is left beside the site");
    one_budget_error(site.run(&["check"]));
}

/// A site like a real careers site, only large: sections, 2,000 pages of a few
/// paragraphs with tags and a code block, and 60 roles with skills, next steps and tools.
fn ordinary_large_site() -> SiteTest {
    let site = SiteTest::from_fixture("roles");
    let paragraph = "Our teams ship small changes often, measure what they change, and write down what they learn so the next person starts further ahead. ";
    for s in 0..20 {
        site.write(
            &format!("content/teams/team-{s:02}/_index.md"),
            format!("---\ntitle: Team {s}\n---\nWhat team {s} does.\n"),
        );
        for p in 0..100 {
            site.write(
                &format!("content/teams/team-{s:02}/page-{p:03}.md"),
                format!(
                    "---\ntitle: Page {p} of team {s}\ntags: [team-{s}, topic-{}]\n---\n## Overview\n\n{}\n\n## Details\n\n{}\n\n```python\nprint({p})\n```\n",
                    p % 30,
                    paragraph.repeat(4),
                    paragraph.repeat(6)
                ),
            );
        }
    }
    for n in 0..60 {
        let next =
            if n + 1 < 60 { format!("career:\n  next:\n    - role: extra-{:02}\n", n + 1) } else { String::new() };
        site.write(
            &format!("content/roles/extra-{n:02}.yaml"),
            format!(
                "id: extra-{n:02}\ntitle: Extra role {n}\nfamily: Family {}\nlevel: {}\nscope: {}\nstub: true\n\
                 skills:\n  must_have:\n    - skill: python\n      importance: Critical\n    - skill: statistics\n      importance: Important\n{next}",
                n % 3,
                n % 6 + 1,
                paragraph.repeat(2)
            ),
        );
    }
    site
}

#[test]
fn the_budget_does_not_trip_on_the_bundled_site_the_fixtures_or_a_large_ordinary_site() {
    let bundled = SiteTest::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_dir(&repo.join("content"), &bundled.root.join("content"));
    std::fs::copy(repo.join("rolebook.yaml"), bundled.root.join("rolebook.yaml")).unwrap();
    let large = ordinary_large_site();
    for site in [bundled, SiteTest::from_fixture("basic"), SiteTest::from_fixture("roles"), large] {
        site.run(&["check", "--quiet"]).success();
        site.run(&["build", "--quiet"]).success();
        // Far from the budget: output within 10 bytes per byte of input, a fifth of the
        // 50 the budget allows (the built-in theme, about 70 KiB, counted as input).
        let input = disk_use(&site.root.join("content")) + 70_000;
        let output = disk_use(&site.public());
        assert!(output < 10 * input, "{}: {output} bytes of output for {input} of input", site.root.display());
    }
}
