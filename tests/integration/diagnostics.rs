//! Bad input gives every problem at once, each with file:line:col, the line, and a hint.

use crate::harness::SiteTest;

#[test]
fn every_problem_in_one_run_with_file_line_and_column() {
    let site = SiteTest::from_fixture("basic");
    site.write("rolebook.yaml", "title: T\nbase_ulr: https://x.org/\n");
    site.write("content/bad-front.md", "---\ntitle: Bad\nwieght: 3\ndate: 2026-02-30x\n---\nbody\n");
    site.write(
        "content/broken.md",
        "---\ntitle: Broken\n---\n\nSee [the guide](@/docs/gide.md) and [about](@/about.md#nope).\n",
    );
    site.write("content/latin1.md", b"---\ntitle: Caf\xe9\n---\n".as_slice());
    site.write("content/unclosed.md", "---\ntitle: Never closed\n");
    site.write("content/list.md", "---\n- a\n- b\n---\n");
    let run = site.run(&["build"]).fails_with(1);
    run.assert_diag("unknown-field")
        .at("content/bad-front.md", 3)
        .col(1)
        .error()
        .message("unknown field `wieght`")
        .hint("did you mean `weight`?");
    run.assert_diag("bad-date").at("content/bad-front.md", 4).col(7).message("`2026-02-30x` is not a date");
    run.assert_diag("broken-link")
        .at("content/broken.md", 5)
        .col(5)
        .message("link to `@/docs/gide.md`: no file `content/docs/gide.md`")
        .hint("did you mean `@/docs/guide.md`?");
    run.assert_diag("broken-anchor")
        .at("content/broken.md", 5)
        .col(37)
        .message("`content/about.md` has no heading `#nope`");
    run.assert_diag("invalid-utf8").at("content/latin1.md", 2).col(11).message("this file is not valid UTF-8");
    run.assert_diag("wrong-type").at("content/list.md", 2).col(1).message("expected a mapping, found a list");
    run.assert_diag("unclosed-front-matter").at("content/unclosed.md", 1).col(1).error();
    run.assert_diag("unknown-field")
        .at("rolebook.yaml", 2)
        .col(1)
        .message("unknown field `base_ulr`")
        .hint("did you mean `base_url`?");
    run.assert_stderr().contains(" 2 | base_ulr: https://x.org/");
    assert!(!site.public().exists(), "nothing is written");
}

#[test]
fn template_errors_name_the_template_line_and_page() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.nope.deeper }}\n{% endblock %}\n",
    );
    let run = site.run(&["build"]).fails_with(1);
    let err = run.stderr();
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert!(err.contains("while rendering content/"), "{err}");

    site.write("templates/page.html", "{% if %}\n");
    let err = site.run(&["build"]).fails_with(1).stderr();
    assert!(err.contains("templates/page.html:1:") && err.contains("template-syntax"), "{err}");
}

#[test]
fn warnings_do_not_fail_the_build_unless_denied() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/code.md", "---\ntitle: Code\n---\n\n```klingon\nqapla'\n```\n");
    let run = site.build();
    run.assert_diag("unknown-language").at("content/code.md", 5).col(1).warning();
    site.run(&["build", "--deny-warnings"]).fails_with(1);
}

#[test]
fn an_unknown_template_name_points_at_the_front_matter() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/x.md", "---\ntitle: X\ntemplate: pgae.html\n---\n");
    site.run(&["build"])
        .fails_with(1)
        .assert_diag("template-missing")
        .at("content/x.md", 3)
        .col(11)
        .error()
        .message("there is no template `pgae.html`")
        .hint_contains("did you mean `page.html`?");
}
