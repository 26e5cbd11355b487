//! Safe writes: a failed build keeps the old output; foreign folders are never touched.

use crate::harness::SiteTest;

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let before = SiteTest::snapshot(&site.public());
    site.write("content/about.md", "---\ntitle: About\n---\nA [broken](@/nope.md) link.\n");
    site.run(&["build"]).fails_with(1);
    assert!(before == SiteTest::snapshot(&site.public()), "output changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rolebook-staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_foreign_output_folder_is_refused_and_untouched() {
    let site = SiteTest::from_fixture("basic");
    let docs = site.outer().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("notes.txt"), "mine").unwrap();
    let run = site.run(&["build", "--output-dir", docs.to_str().unwrap()]).fails_with(1);
    run.assert_stderr().contains("was not written by rolebook");
    assert_eq!(SiteTest::snapshot(&docs), vec![("notes.txt".to_string(), b"mine".to_vec())]);
}

#[test]
fn a_refused_output_folder_is_reported_before_problems_in_the_content() {
    // The folder is checked while the sources are read; its refusal still comes first.
    let site = SiteTest::from_fixture("basic");
    site.write("content/about.md", "---\ntitle: About\n---\nA [broken](@/nope.md) link.\n");
    let docs = site.outer().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("notes.txt"), "mine").unwrap();
    let run = site.run(&["build", "--output-dir", docs.to_str().unwrap()]).fails_with(1);
    run.assert_stderr().contains("was not written by rolebook");
    run.assert_stderr().not_contains("nope.md");
    assert_eq!(SiteTest::snapshot(&docs), vec![("notes.txt".to_string(), b"mine".to_vec())]);
}

#[test]
fn a_file_added_to_the_output_by_hand_is_never_deleted() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    std::fs::write(site.public().join("CNAME"), "careers.example.org").unwrap();
    let run = site.run(&["build"]).fails_with(1);
    run.assert_stderr().contains("CNAME").contains("static/"); // the message says where the file belongs
    assert_eq!(site.read("CNAME"), "careers.example.org");
}

#[test]
fn the_site_and_its_sources_are_refused_as_output() {
    let site = SiteTest::from_fixture("basic");
    for target in [".", "content", "content/out", ".."] {
        let run = site.run(&["build", "--output-dir", target]).fails_with(1);
        assert!(run.stderr().contains("refusing to write the site"), "{target}: {}", run.stderr());
    }
    assert!(site.root.join("content/about.md").exists());
}

#[test]
fn a_custom_output_folder_is_used_and_replaced_on_rebuild() {
    let site = SiteTest::from_fixture("basic");
    let out = site.outer().join("out");
    site.run(&["build", "-o", out.to_str().unwrap()]).success();
    assert!(out.join("index.html").exists());
    site.remove("content/team/zed.md");
    site.run(&["build", "-o", out.to_str().unwrap()]).success();
    assert!(!out.join("team/zed/index.html").exists(), "stale pages are gone after a rebuild");
    assert!(!out.join("team/zed").exists(), "and so are the folders they leave empty");
    assert!(out.join("team/index.html").exists());
}

#[test]
fn an_empty_output_folder_is_used_and_nothing_is_left_beside_it() {
    let site = SiteTest::from_fixture("basic");
    std::fs::create_dir_all(site.public()).unwrap();
    site.build();
    site.build();
    crate::harness::wait_for_output_lock(&site.public());
    let beside: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    assert!(site.exists("index.html"));
}

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_unchanged_files_and_replaces_changed_or_hand_edited_ones() {
    use std::os::unix::fs::MetadataExt;
    let site = SiteTest::from_fixture("basic");
    site.build();
    let meta = |rel: &str| std::fs::metadata(site.public().join(rel)).unwrap();
    let (about, zed, style) = (meta("about/index.html"), meta("team/zed/index.html"), meta("style.css"));
    // A page whose source changes, and an output file somebody edited by hand.
    let zed_source = std::fs::read_to_string(site.root.join("content/team/zed.md")).unwrap();
    site.write("content/team/zed.md", format!("{zed_source}\nOne more line.\n"));
    std::fs::write(site.public().join("style.css"), "/* edited by hand */").unwrap();
    site.build();
    let (about2, zed2, style2) = (meta("about/index.html"), meta("team/zed/index.html"), meta("style.css"));
    assert_eq!((about.ino(), about.mtime_nsec()), (about2.ino(), about2.mtime_nsec()), "unchanged page kept as it was");
    assert_ne!(zed.ino(), zed2.ino(), "changed page written again");
    assert!(site.read("team/zed/index.html").contains("One more line."));
    assert_ne!(style.ino(), style2.ino());
    assert!(!site.read("style.css").contains("edited by hand"), "a hand edit is not mistaken for the built file");
    crate::harness::wait_for_output_lock(&site.public());
    assert_eq!(meta("about/index.html").nlink(), 1, "the previous output is gone, so no file is shared with it");
}
