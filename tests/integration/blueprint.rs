//! The bundled Lead Research Scientist blueprint is complete: every section, list item
//! and table row of the scraped seed appears on the rendered role page, word for word,
//! with the encoding repaired and none of the page chrome.

use crate::harness::SiteTest;

/// UTF-8 that was read as Thai code page 874, and what it should have been.
const MOJIBAKE: &[(&str, &str)] =
    &[("โ€”", "—"), ("โ€“", "–"), ("โ€œ", "“"), ("โ€™", "’"), ("โ‰ฅ", "≥"), ("โ†’", "→"), ("โ€", "”")];

fn repaired_seed() -> String {
    let raw =
        std::fs::read_to_string(crate::harness::fixture_dir("seed").join("lead-research-scientist-blueprint.txt"))
            .unwrap();
    MOJIBAKE.iter().fold(raw, |text, (bad, good)| text.replace(bad, good))
}

/// The blueprint part of the seed: from "1) Role Summary" to the end of section 20.
fn blueprint_lines(seed: &str) -> Vec<String> {
    let start = seed.find("1) Role Summary").expect("section 1");
    let end = seed.find("Find Trusted Cardiac Hospitals").expect("trailing chrome");
    seed[start..end].lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Plain text of a page: tags become spaces, entities are decoded, whitespace collapsed.
fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    normalize(&text)
}

fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" :", ":")
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace("( ", "(")
        .replace(" )", ")")
}

/// A seed line without its list marker (`•`, `–`, `1.`).
fn strip_marker(line: &str) -> &str {
    let line = line.trim_start_matches(['•', '–']).trim_start();
    match line.split_once(". ") {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => line,
    }
}

fn built_role_page() -> (SiteTest, String) {
    let site = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_dir(&repo.join("content"), &site.root.join("content"));
    std::fs::copy(repo.join("rolebook.yaml"), site.root.join("rolebook.yaml")).unwrap();
    site.build();
    let html = site.read("roles/lead-research-scientist/index.html");
    (site, html)
}

fn table_rows<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    let start = html.find(&format!("<table class=\"{class}\"")).unwrap_or_else(|| panic!("no table {class}"));
    let body = &html[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr>").skip(1).collect()
}

#[test]
fn the_seed_is_repaired_and_stripped_of_chrome() {
    let (site, _) = built_role_page();
    let page = site.assert_file("roles/lead-research-scientist/index.html");
    for chrome in [
        "Cosmetic",
        "Hospitals",
        "Subscribe",
        "Notify of",
        "DevOpsSchool",
        "Certification Courses",
        "Would love your thoughts",
    ] {
        page.not_contains(chrome); // page chrome
    }
    for file in walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert!(!text.contains('โ') && !text.contains("â€"), "mojibake left in {}", file.path().display());
    }
}

#[test]
fn counts_match_the_seed() {
    let seed = repaired_seed();
    let lines = blueprint_lines(&seed);
    let (_, html) = built_role_page();
    let between = |from: &str, to: &str| -> Vec<String> {
        let a = lines.iter().position(|l| l.starts_with(from)).unwrap_or_else(|| panic!("no `{from}`"));
        let b = lines[a + 1..].iter().position(|l| l.starts_with(to)).unwrap_or_else(|| panic!("no `{to}`")) + a + 1;
        lines[a + 1..b].to_vec()
    };
    // Tables: one seed line per row, between the header line and the next heading.
    let kpis = between("Metric name What it measures", "Notes on measurement");
    let tools = between("Category Tool / platform", "11) Typical Tech Stack");
    let scorecard = between("Dimension What", "20) Final Role Scorecard");
    let summary = between("Category Executive summary", "Career progression options").len() + 1;
    assert_eq!((kpis.len(), scorecard.len(), summary), (15, 7, 10));
    assert_eq!(table_rows(&html, "kpi-table").len(), kpis.len());
    assert_eq!(table_rows(&html, "tools-table").len(), tools.len());
    assert_eq!(table_rows(&html, "scorecard-table").len(), scorecard.len());
    assert_eq!(table_rows(&html, "summary-table").len(), summary);

    // Skills: numbered headings in the three technical groups, bullets in the emerging one,
    // numbered headings in the soft skills section.
    let numbered = |block: Vec<String>| {
        block.iter().filter(|l| l.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok())).count()
    };
    let technical = numbered(between("Must-have technical skills", "Emerging future skills"))
        + between("Emerging future skills", "9) Soft Skills").iter().filter(|l| l.starts_with('•')).count();
    let soft = numbered(between("9) Soft Skills", "10) Tools"));
    assert_eq!((technical, soft), (23, 9));
    assert_eq!(html.matches("class=\"skill-need\"").count(), technical + soft);
    assert_eq!(html.matches("<li class=\"skill-need\">\n      <p class=\"skill-name\">").count(), soft, "soft skills");
}

#[test]
fn every_line_of_the_seed_is_on_the_role_page() {
    let seed = repaired_seed();
    let (_, html) = built_role_page();
    // Tool cells also list links to each tool's page; compare the row as the seed wrote it.
    let mut without_links = html.clone();
    while let Some(start) = without_links.find("<span class=\"tool-links\">") {
        let end = start + without_links[start..].find("</span>").unwrap() + "</span>".len();
        without_links.replace_range(start..end, "");
    }
    let page = plain(&without_links);
    let mut missing = Vec::new();
    for line in blueprint_lines(&seed) {
        let line = strip_marker(&line);
        let checks: Vec<String> = if let Some(rest) = line.strip_prefix("Notes on measurement discipline") {
            std::iter::once("Notes on measurement discipline".to_string())
                .chain(rest.split(" – ").map(|s| s.trim().to_string()))
                .filter(|s| !s.is_empty())
                .collect()
        } else if let Some(level) = line.strip_prefix("Importance: ") {
            vec![level.to_string()]
        } else if is_emerging(line) {
            let (head, description) = line.split_once("): ").unwrap();
            let (name, importance) = head.rsplit_once(" (").unwrap();
            vec![name.to_string(), importance.to_string(), description.to_string()]
        } else {
            vec![line.trim_end_matches(':').to_string()]
        };
        for check in checks {
            if !page.contains(&normalize(&check)) {
                missing.push(check);
            }
        }
    }
    assert!(missing.is_empty(), "{} seed lines are not on the page:\n{}", missing.len(), missing.join("\n"));
}

/// The four emerging skills are written `Name (Importance): description`.
fn is_emerging(line: &str) -> bool {
    ["(Important): ", "(Optional): ", "(Optional/Context-specific): "].iter().any(|m| line.contains(m))
}

#[test]
fn every_skill_tool_and_role_on_the_page_links_to_its_own_page() {
    let (site, html) = built_role_page();
    for prefix in ["/careers/skills/", "/careers/tools/", "/careers/roles/"] {
        let count = html.matches(&format!("href=\"{prefix}")).count();
        assert!(count > 5, "few links to {prefix}: {count}");
    }
    let broken = crate::harness::broken_links(&site.public(), "/careers/", "https://example.org");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn stub_roles_say_so_and_show_their_relations() {
    let (site, _) = built_role_page();
    site.assert_file("roles/ai-product-technical-lead/index.html")
        .contains("The blueprint for this role is not written yet.")
        .contains("href=\"/careers/roles/lead-research-scientist/\"") // reached from the lead role
        .contains("Reached from");
}
