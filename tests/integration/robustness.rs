//! Inputs that must not break rolebook: a corpus of bad files with the exact diagnostic
//! each gives, property tests that no input panics, and output that survives a kill.

use std::process::{Command, Stdio};
use std::time::Duration;

use proptest::prelude::*;
use rolebook::content::{frontmatter, page, SourceFile};
use rolebook::diagnostics::Diagnostics;

use crate::harness::SiteTest;

#[test]
fn every_bad_input_gives_its_diagnostic() {
    let site = SiteTest::from_fixture("bad_inputs");
    let run = site.run(&["check"]).fails_with(1);
    let summary: Vec<String> =
        run.stderr().lines().filter(|l| l.contains("error[") || l.contains("warning[")).map(str::to_string).collect();
    let expected = [
        "content/crlf.md:3:7: error[bad-date]: `2026-02-30x` is not a date",
        "content/deep.md:3:72: error[yaml-syntax]: values are nested more than 64 levels deep",
        "content/huge.md:3:9: error[out-of-range]: weight: `99999999999999999999999` is out of range: expected a whole number",
        "content/latin1.md:2:11: error[invalid-utf8]: this file is not valid UTF-8",
        "content/loop: error[symlink-loop]: this symbolic link points back to a folder that contains it",
        "content/roles/bomb.yaml:1:7: error[yaml-syntax]: YAML anchors (`&name`) are not supported",
        "content/roles/empty.yaml: error[empty-file]: the file is empty",
        "content/roles/list.yaml:1:1: error[wrong-type]: expected a mapping, found a list",
        "content/skills/not-a-list.yaml:1:1: error[wrong-type]: expected a list, found a mapping",
        "content/truncated.md:1:1: error[unclosed-front-matter]: the front matter opened on line 1 is never closed",
        "content/types.md:3:9: error[wrong-type]: weight: expected a whole number, found text",
        "content/types.md:4:8: error[wrong-type]: draft: expected `true` or `false`, found text",
        "content/types.md:5:7: error[wrong-type]: tags: expected a list, found text",
        "content/unterminated-flow.md:2:8: error[yaml-syntax]: this `[` opens a list that is never closed",
    ];
    assert_eq!(summary, expected, "full output:\n{}", run.stderr());
    // The BOM file is fine: only its content shows, not the mark.
    run.assert_stderr().not_contains("bom.md");
}

#[test]
fn a_file_removed_between_walk_and_read_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = rolebook::content::loader::read_text(dir.path(), &dir.path().join("content/gone.md")).unwrap_err();
    assert_eq!(d.code, "vanished");
    assert_eq!(d.severity, rolebook::diagnostics::Severity::Warning);
}

#[test]
fn the_home_folder_is_refused_as_output() {
    let site = SiteTest::from_fixture("basic");
    let home = site.outer().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rolebook"))
        .args(["build", "--output-dir", home.to_str().unwrap()])
        .current_dir(&site.root)
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("it is your home folder"));
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let site = SiteTest::from_fixture("basic");
    // Enough pages that a build takes a while to write.
    for i in 0..400 {
        site.write(
            &format!("content/bulk/p{i}.md"),
            format!("---\ntitle: Page {i}\n---\n{}\n", "Some text. ".repeat(200)),
        );
    }
    site.build();
    let before = SiteTest::snapshot(&site.public());
    site.write("content/about.md", "---\ntitle: Changed\n---\n## Details {#custom-details}\n");
    for delay in [5u64, 20, 40, 80] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rolebook"))
            .arg("build")
            .current_dir(&site.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let after = SiteTest::snapshot(&site.public());
        if finished {
            // The build won the race: the output is the complete new site.
            assert!(after
                .iter()
                .any(|(p, b)| p == "about/index.html" && String::from_utf8_lossy(b).contains("Changed")));
            return;
        }
        assert!(after == before, "a build killed after {delay} ms changed the output");
    }
    // The next build cleans up the killed builds' staging folders and succeeds.
    site.build();
    crate::harness::wait_for_output_lock(&site.public());
    let leftovers = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("rolebook-staging"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn drafts_stay_out_of_every_output_file() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    for (path, bytes) in SiteTest::snapshot(&site.public()) {
        assert!(!String::from_utf8_lossy(&bytes).contains("Draft page"), "the draft appears in {path}");
    }
}

fn source(text: &str) -> SourceFile {
    SourceFile { rel: "content/p.md".into(), content_rel: "p.md".into(), text: text.into() }
}

fn lines(text: &str) -> u32 {
    text.lines().count().max(1) as u32 + 1
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_splitting_never_panics(text in "(---\r?\n)?[ -~\n]{0,200}(\n---\n)?[ -~\n]{0,50}") {
        let _ = frontmatter::split(&text);
    }

    #[test]
    fn any_page_gives_a_page_or_diagnostics_inside_the_file(text in "(---\n)?([a-z]{1,6}: ?[ -~]{0,20}\n){0,6}(---\n)?[ -~\n]{0,80}") {
        let mut diags = Diagnostics::new();
        let parsed = page::parse(source(&text), &mut diags);
        prop_assert!(parsed.is_some() || diags.has_errors());
        for d in diags.sorted() {
            if let Some(pos) = d.pos {
                prop_assert!(pos.line >= 1 && pos.line <= lines(&text), "{:?} outside {} lines", pos, lines(&text));
            }
        }
    }

    #[test]
    fn any_role_yaml_loads_or_reports_inside_the_file(text in "([a-z_]{1,12}: ?([ -~]{0,15}|\n  - [ -~]{0,10})\n){0,8}") {
        let file = SourceFile { rel: "content/roles/r.yaml".into(), content_rel: "roles/r.yaml".into(), text: format!("id: r\n{text}") };
        let mut diags = Diagnostics::new();
        let _ = rolebook::model::roles::build(vec![file.clone()], &mut diags);
        for d in diags.sorted() {
            if let Some(pos) = d.pos {
                prop_assert!(pos.line >= 1 && pos.line <= lines(&file.text), "{:?} outside the file:\n{}", pos, file.text);
            }
        }
    }

    #[test]
    fn markdown_renders_any_input(text in "[ -~\n]{0,300}") {
        let mut index = rolebook::markdown::LinkIndex::new("/");
        index.insert("a.md", "/a/");
        let origin = rolebook::markdown::Origin { file: "content/p.md", content_rel: "p.md", file_text: &text, first_line: 1, first_col: 0 };
        let mut diags = Vec::new();
        let _ = rolebook::markdown::render(&text, origin, &index, &rolebook::highlight_cache::HighlightCache::off(), &mut diags);
        for d in diags {
            let pos = d.pos.unwrap();
            prop_assert!(pos.line >= 1 && pos.line <= lines(&text));
        }
    }

    #[test]
    fn internal_links_resolve_or_explain(link in "(@/)?[a-z./#]{0,20}") {
        let mut index = rolebook::markdown::LinkIndex::new("/c/");
        index.insert("a.md", "/a/");
        index.insert("b/c.md", "/b/c/");
        match index.resolve(&link, "b/x.md") {
            rolebook::markdown::Resolved::Internal { href, .. } => prop_assert!(href.starts_with("/c/") || href.starts_with('#')),
            rolebook::markdown::Resolved::Broken { message, .. } => prop_assert!(!message.is_empty()),
            rolebook::markdown::Resolved::External => {}
            // Nothing is registered as unread here.
            rolebook::markdown::Resolved::Unread => prop_assert!(false, "{link} is not unread"),
        }
    }
}
