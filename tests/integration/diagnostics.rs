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
    let err = run.stderr();
    let expected = [
        "content/bad-front.md:3:1: error[unknown-field]: unknown field `wieght`",
        " = hint: did you mean `weight`?",
        "content/bad-front.md:4:7: error[bad-date]: `2026-02-30x` is not a date",
        "content/broken.md:5:5: error[broken-link]: link to `@/docs/gide.md`: no file `content/docs/gide.md`",
        " = hint: did you mean `@/docs/guide.md`?",
        "content/broken.md:5:37: error[broken-anchor]: `content/about.md` has no heading `#nope`",
        "content/latin1.md:2:11: error[invalid-utf8]: this file is not valid UTF-8",
        "content/list.md:2:1: error[wrong-type]: expected a mapping, found a list",
        "content/unclosed.md:1:1: error[unclosed-front-matter]",
        "rolebook.yaml:2:1: error[unknown-field]: unknown field `base_ulr`",
        " = hint: did you mean `base_url`?",
        " 2 | base_ulr: https://x.org/",
    ];
    for line in expected {
        assert!(err.contains(line), "missing `{line}` in:\n{err}");
    }
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
    assert!(run.stderr().contains("content/code.md:5:1: warning[unknown-language]"), "{}", run.stderr());
    site.run(&["build", "--deny-warnings"]).fails_with(1);
}

#[test]
fn an_unknown_template_name_points_at_the_front_matter() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/x.md", "---\ntitle: X\ntemplate: pgae.html\n---\n");
    let err = site.run(&["build"]).fails_with(1).stderr();
    assert!(err.contains("content/x.md:3:11: error[template-missing]: there is no template `pgae.html`"), "{err}");
    assert!(err.contains("did you mean `page.html`?"), "{err}");
}
