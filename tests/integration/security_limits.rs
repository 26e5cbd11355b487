//! Issue 17, the limits part: raw HTML in contributed markdown cannot reach readers as
//! markup (`raw_html: sanitize | escape`), numbers read from sources cannot wrap, and
//! output grows linearly with the input.
//!
//! Raw HTML attacks are checked on the whole output, not only the page that holds them:
//! summaries and scopes are repeated on listings, and a payload that survives there is as
//! live as one on its own page.

use std::path::Path;

use crate::harness::SiteTest;

/// The two settings for sites that take contributions.
const GUARDED: [&str; 2] = ["sanitize", "escape"];

/// A site with `raw_html: <mode>` and one page holding `body`, built.
fn page_site(mode: &str, body: &str) -> SiteTest {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", format!("title: Careers\nraw_html: {mode}\n"));
    site.write(
        "content/attack.md",
        format!("---\ntitle: Attack\n---\nBefore the payload.\n\n{body}\n\nAfter the payload.\n"),
    );
    site.run(&["build", "--quiet"]).success();
    site
}

/// The `<main>` element of every HTML page of the output, by path: the part content
/// reaches (the theme's own header, search form and script sit outside it).
fn mains(public: &Path) -> Vec<(String, String)> {
    SiteTest::snapshot(public)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| {
            let html = String::from_utf8(bytes).expect("HTML is UTF-8");
            let mut main = match (html.find("<main"), html.rfind("</main>")) {
                (Some(a), Some(b)) => html[a..b].to_string(),
                _ => html,
            };
            // The search page's own form and its no-script note are the theme's.
            if let (Some(a), Some(b)) = (main.find("<form class=\"search-page-form\""), main.find("</noscript>")) {
                main.replace_range(a..b + "</noscript>".len(), "");
            }
            (rel, main)
        })
        .collect()
}

/// Every piece of real markup (not text) in `html` that could run script, load or submit
/// elsewhere, redirect, or restyle the page, read independently of rolebook's own rules.
fn dangers(html: &str) -> Vec<String> {
    const ELEMENTS: [&str; 18] = [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "form", "textarea", "button",
        "select", "meta", "base", "link", "math", "template", "noscript",
    ];
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("!--") {
            found.push("an HTML comment".to_string());
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
        if name.is_empty() {
            continue;
        }
        let (attrs, after) = split_tag(&rest[name.len()..]);
        rest = after;
        let class = attrs.iter().find(|(n, _)| n == "class").map(|(_, v)| v.as_str()).unwrap_or("");
        if ELEMENTS.contains(&name.as_str()) || (name == "svg" && class != "career-graph") {
            found.push(format!("<{name}> element"));
        }
        if name == "input" && !attrs.iter().any(|(n, v)| n == "type" && v == "checkbox") {
            found.push("an <input> other than a task box".into());
        }
        for (attr, value) in &attrs {
            let url: String = value
                .replace("&#58;", ":")
                .replace("&#x3a;", ":")
                .replace("&colon;", ":")
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            let bad_url = ["javascript:", "vbscript:", "data:"].iter().any(|s| url.starts_with(s));
            let url_attr =
                ["href", "src", "action", "formaction", "xlink:href", "data", "poster"].contains(&attr.as_str());
            let handler = attr.starts_with("on") || attr == "srcdoc";
            // rolebook's own career graph carries its legibility floor as a min-width.
            let own_graph = name == "svg" && class == "career-graph" && value.starts_with("min-width:");
            let restyles = attr == "style" && !value.starts_with("text-align") && !own_graph;
            if handler || restyles || (bad_url && url_attr) {
                found.push(format!("<{name} {attr}=\"{value}\">"));
            }
        }
    }
    found
}

/// A tag's attributes (lowercase names, raw values) and the text after the tag.
fn split_tag(mut s: &str) -> (Vec<(String, String)>, &str) {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return (attrs, s);
        }
        if let Some(after) = s.strip_prefix('>') {
            return (attrs, after);
        }
        let name_len = s.find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/')).unwrap_or(s.len()).max(1);
        let name = s[..name_len].to_lowercase();
        s = s[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            s = r;
        }
        attrs.push((name, value));
    }
}

/// Asserts that no page of `site`'s output carries live markup from the attack.
fn assert_no_live_markup(site: &SiteTest, mode: &str) {
    for (rel, main) in mains(&site.public()) {
        let found = dangers(&main);
        assert!(found.is_empty(), "raw_html: {mode}: {rel} carries {found:?}\n{main}");
    }
}

/// The attack page's prose, where the payload's text should be.
fn prose(site: &SiteTest) -> String {
    let html = site.read("attack/index.html");
    let start = html.find("<div class=\"prose\">").expect("the page has prose");
    html[start..].split("</article>").next().unwrap_or("").to_string()
}

/// Runs one markdown attack in both guarded modes: no live markup anywhere, the page's
/// own text kept, and in `escape` the payload shown as text.
fn attack(body: &str, text_kept: &[&str], escaped_shows: &str) {
    for mode in GUARDED {
        let site = page_site(mode, body);
        assert_no_live_markup(&site, mode);
        let prose = prose(&site);
        for text in ["Before the payload.", "After the payload."].iter().chain(text_kept) {
            assert!(prose.contains(text), "raw_html: {mode}: `{text}` was lost:\n{prose}");
        }
        if mode == "escape" {
            assert!(prose.contains(escaped_shows), "raw_html: escape: `{escaped_shows}` not shown:\n{prose}");
        }
    }
}

#[test]
fn a_script_element_never_runs_in_sanitize_or_escape() {
    attack("<script>alert(1)</script>", &[], "&lt;script&gt;alert(1)&lt;/script&gt;");
    let site = page_site("sanitize", "<script>alert(1)</script>");
    assert!(!prose(&site).contains("alert"), "sanitize drops a script's code with it");
}

#[test]
fn an_image_error_handler_is_removed() {
    attack(
        "Look: <img src=\"https://img.example/x.png\" onerror=\"alert(1)\"> here.",
        &["Look:", "here."],
        "&lt;img src=",
    );
}

#[test]
fn a_raw_javascript_anchor_loses_its_url_and_keeps_its_text() {
    attack("<a href=\"javascript:alert(1)\">click me</a>", &["click me"], "&lt;a href=");
}

#[test]
fn a_markdown_javascript_link_loses_its_url_keeps_its_text_and_warns_at_its_position() {
    for mode in GUARDED {
        let site = SiteTest::empty();
        site.write("rolebook.yaml", format!("raw_html: {mode}\n"));
        site.write("content/attack.md", "---\ntitle: Attack\n---\nBefore the payload.\n\nSee [click me](javascript:alert(1)) and [safe](https://example.org/).\n\nAfter the payload.\n");
        let run = site.run(&["build"]).success();
        assert!(
            run.stderr().contains("content/attack.md:6:5: warning[unsafe-link]: this link uses `javascript:`"),
            "{}",
            run.stderr()
        );
        assert_no_live_markup(&site, mode);
        let prose = prose(&site);
        assert!(prose.contains("click me") && prose.contains("<a href=\"https://example.org/\">safe</a>"), "{prose}");
    }
}

#[test]
fn an_iframe_is_removed() {
    attack("<iframe src=\"https://evil.example/\"></iframe>", &[], "&lt;iframe src=");
    let site = page_site("sanitize", "<iframe src=\"https://evil.example/\"></iframe>");
    site.assert_file("attack/index.html").not_contains("evil.example");
}

#[test]
fn an_svg_load_handler_is_removed() {
    attack("<svg onload=\"alert(1)\"><circle r=\"5\"/></svg>", &[], "&lt;svg onload=");
}

#[test]
fn a_style_element_cannot_restyle_the_page() {
    attack("<style>body { display: none }</style>", &[], "&lt;style&gt;body");
    let site = page_site("sanitize", "<style>body { display: none }</style>");
    assert!(!prose(&site).contains("display"), "a stylesheet's text is not prose");
}

#[test]
fn html_comment_tricks_hide_no_markup() {
    for trick in [
        "<!--><script>alert(1)</script>-->",
        "<!-- --!><img src=https://img.example/x onerror=alert(1)> -->",
        "<!--<img src=\"--><img src=https://img.example/x onerror=alert(1)>\">",
    ] {
        attack(trick, &[], "&lt;!--");
    }
}

#[test]
fn an_entity_encoded_javascript_scheme_is_decoded_before_it_is_judged() {
    attack(
        "<a href=\"javascript&#58;alert(1)\">raw entity</a>",
        &["raw entity"],
        "href=&quot;javascript&amp;#58;alert(1)&quot;",
    );
    attack(
        "[md entity](javascript&#58;alert(1)) and [tab](java&#9;script:alert(2))",
        &["md entity", "tab"],
        "md entity",
    );
}

#[test]
fn page_level_tags_forms_and_redirects_are_removed() {
    attack(
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n<base href=\"https://evil.example/\">\n<form action=\"https://evil.example/\"><input type=\"password\" name=\"pw\"><button>Apply</button></form>",
        &["Apply"],
        "&lt;form action=",
    );
}

#[test]
fn raw_html_in_a_roles_yaml_markdown_field_is_guarded_too() {
    for mode in GUARDED {
        let site = SiteTest::empty();
        site.write("rolebook.yaml", format!("raw_html: {mode}\n"));
        site.write(
            "content/roles/analyst.yaml",
            "id: analyst\nstub: true\ntitle: Analyst\nfamily: Data\nscope: \"Finds <img src=https://img.example/x onerror=alert(1)> answers, [click me](javascript:alert(2))\"\n",
        );
        site.write(
            "content/skills/all.yaml",
            "- id: sql\n  name: SQL\n  category: Data\n  description: |\n    Queries.\n\n    <script>alert(3)</script>\n",
        );
        let run = site.run(&["build"]).success();
        assert!(run.stderr().contains("content/roles/analyst.yaml:5:"), "{}", run.stderr());
        assert!(run.stderr().contains("warning[unsafe-link]"), "{}", run.stderr());
        assert_no_live_markup(&site, mode);
        let role = site.read("roles/analyst/index.html");
        assert!(role.contains("Finds") && role.contains("click me") && role.contains("answers"), "{role}");
        let skill = site.read("skills/sql/index.html");
        assert!(skill.contains("Queries."), "{skill}");
        if mode == "escape" {
            assert!(skill.contains("&lt;script&gt;alert(3)&lt;/script&gt;"), "{skill}");
        }
    }
}

/// Documented behaviour: the default trusts the site's authors and publishes their HTML.
#[test]
fn trusted_mode_publishes_raw_html_and_links_as_written() {
    let site = SiteTest::empty();
    site.write(
        "content/attack.md",
        "---\ntitle: Attack\n---\n<script>alert(1)</script>\n\n[click me](javascript:alert(2)) <img src=x onerror=alert(3)>\n",
    );
    let run = site.run(&["build"]).success();
    assert!(!run.stderr().contains("unsafe-link"), "{}", run.stderr());
    let prose = prose(&site);
    for kept in ["<script>alert(1)</script>", "href=\"javascript:alert(2)\"", "onerror=alert(3)"] {
        assert!(prose.contains(kept), "`{kept}` not published as written:\n{prose}");
    }
}

#[test]
fn the_command_line_raw_html_overrides_a_contributed_config_that_trusts_everything() {
    // A contribution can edit rolebook.yaml back to `trusted`; CI's command line wins.
    let body = "<script>alert(1)</script>\n\n<p onclick=alert(3)>Tap</p> <a href=\"javascript:alert(2)\">go</a>\n";
    for mode in GUARDED {
        let site = SiteTest::empty();
        site.write("rolebook.yaml", "title: Careers\nraw_html: trusted\n");
        site.write("content/attack.md", format!("---\ntitle: Attack\n---\n{body}"));
        site.run(&["check", "--quiet", "--raw-html", mode]).success();
        site.run(&["build", "--quiet", "--raw-html", mode]).success();
        assert_no_live_markup(&site, mode);
    }
    let site = SiteTest::empty();
    site.write("rolebook.yaml", "raw_html: escape\n");
    site.write("content/attack.md", format!("---\ntitle: Attack\n---\n{body}"));
    site.run(&["build", "--quiet", "--raw-html", "trusted"]).success();
    assert!(prose(&site).contains("<script>alert(1)</script>"), "the command line's `trusted` wins too");
    let run = site.run(&["build", "--raw-html", "sanitise"]).fails_with(2);
    assert!(run.stderr().contains("sanitize"), "clap lists the possible values: {}", run.stderr());
}

#[test]
fn sanitized_pages_are_byte_identical_from_one_build_to_the_next() {
    // ammonia keeps some of its settings in hash maps, whose order differs from one
    // process to the next; the output must not. Each build is a new process.
    let body = "- [x] done\n- [ ] open <input type=\"text\" name=\"pw\">\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<td style=\"text-align: left; color: red\" colspan=\"2\">x</td>\n";
    let site = page_site("sanitize", body);
    let first = SiteTest::snapshot(&site.public());
    for _ in 0..6 {
        site.run(&["build", "--quiet", "--output-dir", "again"]).success();
        assert!(SiteTest::snapshot(&site.root.join("again")) == first, "a second build differs");
        std::fs::remove_dir_all(site.root.join("again")).unwrap();
    }
}

#[test]
fn the_attack_detector_sees_what_it_must() {
    // The checks above are only as good as `dangers`; make sure it is not blind.
    for live in [
        "<script>x</script>",
        "<img src=x onerror=y>",
        "<a href=\" JavaScript&#58;x\">",
        "<svg onload=x>",
        "<iframe>",
        "<p style=\"color:red\">",
        "<!-- c -->",
        "<meta http-equiv=refresh>",
        "<input type=text>",
    ] {
        assert!(!dangers(live).is_empty(), "{live}");
    }
    for harmless in [
        "&lt;script&gt;",
        "<a href=\"/x/\">",
        "<th style=\"text-align:center\">",
        "<input disabled=\"\" type=\"checkbox\">",
        "<svg class=\"career-graph\">",
    ] {
        assert!(dangers(harmless).is_empty(), "{harmless}");
    }
}

#[test]
fn scorecard_weights_that_wrap_a_u32_to_100_are_rejected_at_their_positions() {
    let site = SiteTest::empty();
    site.write(
        "content/roles/analyst.yaml",
        "id: analyst\nstub: true\ntitle: Analyst\nfamily: Data\nhiring:\n  scorecard:\n    - dimension: Skill\n      meets_bar: Solid\n      weight: 4294967295\n    - dimension: Care\n      meets_bar: Solid\n      weight: 101\n",
    );
    let run = site.run(&["build"]).fails_with(1);
    let stderr = run.stderr();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(
        errors,
        vec![
            "content/roles/analyst.yaml:9:15: error[bad-weight]: the scorecard weight 4294967295 is more than 100",
            "content/roles/analyst.yaml:12:15: error[bad-weight]: the scorecard weight 101 is more than 100",
        ],
        "{stderr}"
    );
    assert!(!site.exists("roles/analyst/index.html"), "nothing is published from a failed build");
}

#[test]
fn an_absurd_level_is_rejected_at_its_position() {
    let site = SiteTest::empty();
    site.write(
        "content/roles/analyst.yaml",
        "id: analyst\nstub: true\ntitle: Analyst\nfamily: Data\nlevel: 4000000000\n",
    );
    let run = site.run(&["build"]).fails_with(1);
    assert!(
        run.stderr().contains(
            "content/roles/analyst.yaml:5:8: error[bad-level]: level 4000000000 is beyond the highest level, 999"
        ),
        "{}",
        run.stderr()
    );
}

/// A site of `n` pages in one folder with no `_index.md` anywhere (so every page belongs
/// to the home page), built; returns the output's total bytes and the largest page.
fn flat_site_output(n: usize) -> (u64, u64, SiteTest) {
    let site = SiteTest::empty();
    for i in 0..n {
        site.write(
            &format!("content/jobs/job-{i:05}.md"),
            format!("---\ntitle: Job opening number {i}\n---\nWhat job {i} does, in a sentence or two of prose.\n"),
        );
    }
    site.run(&["build", "--quiet"]).success();
    let files = SiteTest::snapshot(&site.public());
    let total = files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    let largest_page = files
        .iter()
        .filter(|(rel, _)| rel.starts_with("jobs/"))
        .map(|(_, bytes)| bytes.len() as u64)
        .max()
        .expect("the pages were written");
    (total, largest_page, site)
}

#[test]
fn output_grows_linearly_and_no_page_grows_with_the_number_of_pages() {
    let (n_total, n_page, _) = flat_site_output(1_500);
    let (two_n_total, two_n_page, site) = flat_site_output(3_000);
    assert!(
        two_n_total * 10 <= n_total * 22,
        "doubling the pages took the output from {n_total} to {two_n_total} bytes, more than 2.2×"
    );
    // Only the page number's extra digit may differ, once in the title and once in the body.
    assert!(two_n_page <= n_page + 16, "the largest page grew from {n_page} to {two_n_page} bytes");
    assert!(two_n_page < 12_000, "a one-sentence page is {two_n_page} bytes");

    // The navigation keeps the first pages by title and links to the home page, which lists every page.
    let page = site.read("jobs/job-02999/index.html");
    let nav = &page[page.find("<nav class=\"site-nav\"").unwrap()..page.find("</nav>").unwrap()];
    assert_eq!(nav.matches("<li>").count(), 9, "eight pages and the way to the rest:\n{nav}");
    assert!(nav.contains(">Job opening number 0</a>") && nav.contains(">More…</a>"), "{nav}");
    let home = site.read("index.html");
    assert!(home.contains("Job opening number 2999"), "the home page lists every page");
}

#[test]
fn navigation_and_breadcrumb_titles_are_cut_short_but_the_page_keeps_its_own() {
    let site = SiteTest::empty();
    let long = "Very long section title ".repeat(1_000);
    site.write("content/team/_index.md", format!("---\ntitle: {long}\n---\nThe team.\n"));
    site.write("content/team/page.md", "---\ntitle: A page\n---\nBody.\n");
    site.run(&["build", "--quiet"]).success();
    let page = site.read("team/page/index.html");
    assert!(page.len() < 12_000, "a page under a long-titled section is {} bytes", page.len());
    let crumb = &page[page.find("<nav class=\"breadcrumbs\"").unwrap()..];
    let crumb = &crumb[..crumb.find("</nav>").unwrap()];
    assert!(
        crumb.contains("<a href=\"/team/\">Very long section title Very long") && crumb.contains("…</a>"),
        "{crumb}"
    );
    assert!(crumb.len() < 400, "{crumb}");
    site.assert_file("team/index.html").contains(long.trim()); // the section's own page shows its title in full
}
