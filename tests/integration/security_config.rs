//! Issue 17, rolebook.yaml as untrusted input: a contributed config cannot point the
//! site's links at another host, and a pathological one is reported readably.

use crate::harness::SiteTest;

#[test]
fn a_base_url_that_browsers_read_as_another_host_is_refused_at_its_position() {
    for (value, shown) in [
        (r#""//evil.example/""#, "`//`"),
        (r#""/\\evil.example/""#, "`\\`"),
        (r#""https://good.example\\@evil.example/""#, "`\\`"),
        (r#""https://jobs@evil.example/""#, "user name"),
    ] {
        let site = SiteTest::empty();
        site.write("rolebook.yaml", format!("title: Careers\nbase_url: {value}\n"));
        site.write("content/_index.md", "---\ntitle: Home\n---\n[about](@/about.md)\n");
        site.write("content/about.md", "---\ntitle: About\n---\nText.\n");
        for command in ["check", "build"] {
            let run = site.run(&[command]).fails_with(1);
            let err = run.stderr();
            assert!(err.contains("rolebook.yaml:2:11: error[bad-base-url]"), "{value} ({command}): {err}");
            assert!(err.contains(shown), "{value} ({command}): {err}");
        }
        assert!(!site.root.join("public").exists(), "{value}: nothing was published");
    }
}

#[test]
fn a_deeply_nested_config_is_an_error_with_a_short_snippet() {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", format!("title: {}\n", "[".repeat(100_000)));
    let run = site.run(&["check"]).fails_with(1);
    let err = run.stderr();
    assert!(err.contains("rolebook.yaml:1:"), "{err}");
    assert!(err.len() < 2_000, "the message quotes a window of the line, not 100,000 brackets: {} bytes", err.len());
}
