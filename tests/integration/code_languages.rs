//! Issue 23, items 3 and 4: the languages documentation uses are highlighted (TOML,
//! Handlebars, Dockerfile, INI, diff), plain-text names and info-string attributes raise
//! no warning, and relative `src`/`href` in raw HTML resolve against the source file.

use crate::harness::SiteTest;

const PAGE: &str = r#"---
title: Setup
---

# Setup

```toml
[server]
port = 8080 # the default
```

```handlebars
{{#each roles}}<li class="role">{{title}}</li>{{/each}}
```

```dockerfile
FROM debian:12
RUN apt-get update
```

```ini
[core]
editor = vim
```

```diff
-old line
+new line
```

```rust,ignore
fn main() {}
```

```python title="setup.py"
def main():
    return 1
```

```text
plain <words>
```

```console
$ rolebook build
```

```
no language at all
```
"#;

fn site_with(page: &str) -> SiteTest {
    let site = SiteTest::empty();
    site.write("content/guide/setup.md", page);
    site
}

/// The `<code>` element of the block whose `data-lang` is `lang`.
fn block<'h>(html: &'h str, lang: &str) -> &'h str {
    let start = html.find(&format!("data-lang=\"{lang}\"")).unwrap_or_else(|| panic!("no `{lang}` block in {html}"));
    let end = start + html[start..].find("</pre>").expect("the block ends");
    &html[start..end]
}

#[test]
fn everyday_documentation_languages_are_highlighted_without_warnings() {
    let site = site_with(PAGE);
    site.run(&["check", "--deny-warnings"]).success().assert_stderr().equals("");
    site.build();
    let html = site.read("guide/setup/index.html");
    for lang in ["toml", "handlebars", "dockerfile", "ini", "diff", "rust", "python"] {
        let code = block(&html, lang);
        assert!(code.contains("<span class=\"hl-"), "`{lang}` is not highlighted: {code}");
    }
    assert!(block(&html, "toml").contains("<span class=\"hl-c\"># the default"), "TOML comments are comments");
    assert!(block(&html, "handlebars").contains("<span class=\"hl-kc\">each</span>"), "{html}");
    assert!(block(&html, "diff").contains("<span class=\"hl-gi\">"), "{html}");
    // Plain text is escaped and left alone.
    assert!(block(&html, "text").contains("plain &lt;words&gt;") && !block(&html, "text").contains("hl-"), "{html}");
    assert!(!block(&html, "console").contains("hl-"), "{html}");
    assert!(html.contains("<pre class=\"code\"><code>no language at all\n</code></pre>"), "{html}");
    // The attributes after the language are not part of it.
    assert!(!html.contains("rust,ignore") && !html.contains("title=&quot;setup.py"), "{html}");
}

#[test]
fn an_unknown_language_warns_at_its_fence_with_a_close_name() {
    let site = site_with("---\ntitle: Setup\n---\n\nText.\n\n```tmol\na = 1\n```\n\n```klingon\nqapla\n```\n");
    let run = site.run(&["check"]).success();
    run.assert_diag("unknown-language")
        .at("content/guide/setup.md", 7)
        .col(1)
        .warning()
        .hint("did you mean `toml`? For plain text write `text`");
    run.assert_diag("unknown-language").at("content/guide/setup.md", 11).hint_contains("`text` for plain text");
}

const RAW_HTML_PAGE: &str = r#"---
title: Intro
---

<p align="center">
  <img src="images/logo.svg" alt="Logo">
</p>

Read <a href="../faq.md#install">the FAQ</a> or the <a href='setup.md'>setup</a>.
"#;

fn raw_html_site(raw_html: &str) -> SiteTest {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", format!("title: Docs\nraw_html: {raw_html}\n"));
    site.write("content/guide/intro.md", RAW_HTML_PAGE);
    site.write("content/guide/setup.md", "---\ntitle: Setup\n---\n\nSteps.\n");
    site.write("content/faq.md", "---\ntitle: FAQ\n---\n\n## Install\n\nRun it.\n");
    site.write("content/guide/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site
}

#[test]
fn relative_links_in_raw_html_resolve_against_the_source_file() {
    for mode in ["trusted", "sanitize"] {
        let site = raw_html_site(mode);
        site.run(&["check", "--deny-warnings"]).success();
        site.build();
        // Trusted HTML keeps the author's quotes; the sanitiser writes double quotes.
        let quote = if mode == "trusted" { '\'' } else { '"' };
        site.assert_file("guide/intro/index.html")
            .contains("<img src=\"/guide/images/logo.svg\" alt=\"Logo\">")
            .contains("href=\"/faq/#install\"")
            .contains(&format!("href={quote}/guide/setup/{quote}"));
        assert!(site.exists("guide/images/logo.svg"));
    }
}

#[test]
fn escaped_raw_html_has_no_links_to_resolve() {
    let site = raw_html_site("escape");
    site.build();
    site.assert_file("guide/intro/index.html").contains("&lt;img src=&quot;images/logo.svg&quot;");
}

#[test]
fn a_broken_relative_link_in_raw_html_is_reported_at_its_source_line() {
    let site = raw_html_site("trusted");
    site.write(
        "content/guide/intro.md",
        RAW_HTML_PAGE.replace("images/logo.svg", "images/logo.png").replace("../faq.md", "../fqa.md"),
    );
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("broken-link")
        .at("content/guide/intro.md", 6)
        .col(13)
        .message("link to `images/logo.png`: no file `content/guide/images/logo.png`")
        .hint("did you mean `@/guide/images/logo.svg`?");
    run.assert_diag("broken-link").at("content/guide/intro.md", 9).col(15).hint("did you mean `@/faq.md`?");
}
