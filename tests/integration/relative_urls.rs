//! `build --relative-urls` (issue 20): every URL the output writes to its own files is
//! relative to the file, so `public/` works opened from disk. The check here resolves
//! every URL of every page against the files on disk, as a browser on `file://` would,
//! with no server and none of rolebook's own link-check code.

use std::path::Path;

use crate::harness::{copy_dir, SiteTest};

/// The attributes the theme writes URLs in (`urls::URL_ATTRIBUTES`, said again here so a
/// change there is a change this test sees).
const ATTRIBUTES: [&str; 7] = ["href", "src", "action", "srcset", "poster", "data-index", "data-compare-json"];

/// Every URL-valued attribute of `html` (each `srcset` candidate apart).
fn urls_in(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ATTRIBUTES {
        let needle = format!(" {attribute}=\"");
        for (at, _) in html.match_indices(&needle) {
            let rest = &html[at + needle.len()..];
            let value = rest[..rest.find('"').unwrap()].replace("&amp;", "&");
            if attribute == "srcset" {
                found.extend(value.split(',').filter_map(|c| c.split_whitespace().next()).map(String::from));
            } else {
                found.push(value);
            }
        }
    }
    found
}

/// `relative` from the file at `from`, as a path inside the output, or why it cannot be one.
fn resolve(from: &str, relative: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or("climbs out of the output folder")?;
            }
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// Every URL of every HTML page under `public` that does not open a file (or an id in it)
/// from disk.
fn unresolved(public: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (rel, bytes) in SiteTest::snapshot(public) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for url in urls_in(&html) {
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:") {
                continue; // another host, or not a file
            }
            checked += 1;
            if url.starts_with('/') {
                problems.push(format!("{rel}: `{url}` is not relative"));
                continue;
            }
            let (path, anchor) = url.split_once('#').map_or((url.as_str(), None), |(p, a)| (p, Some(a)));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() { Ok(rel.clone()) } else { resolve(&rel, path) };
            let target = match target {
                Ok(target) if public.join(&target).is_file() => target,
                Ok(target) => {
                    problems.push(format!("{rel}: `{url}` opens `{target}`, which is no file"));
                    continue;
                }
                Err(why) => {
                    problems.push(format!("{rel}: `{url}` {why}"));
                    continue;
                }
            };
            if let Some(anchor) = anchor.filter(|a| !a.is_empty() && *a != "top") {
                let text = std::fs::read_to_string(public.join(&target)).unwrap_or_default();
                if !text.contains(&format!("id=\"{anchor}\"")) {
                    problems.push(format!("{rel}: `{url}`: `{target}` has no id `{anchor}`"));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} URLs were checked: the scan is not finding them");
    problems
}

/// A copy of a site folder of this repository (the bundled site is its root).
fn site_from(folder: &Path) -> SiteTest {
    let site = SiteTest::empty();
    copy_dir(&folder.join("content"), &site.outer().join("site/content"));
    std::fs::copy(folder.join("rolebook.yaml"), site.outer().join("site/rolebook.yaml")).unwrap();
    site
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_url_of_the_bundled_site_built_with_relative_urls_opens_a_file_from_disk() {
    let site = site_from(repo());
    site.run(&["build", "--relative-urls"]).success();
    let problems = unresolved(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
    // The canonical link and JSON-LD keep the absolute base_url of rolebook.yaml.
    site.assert_file("roles/index.html")
        .contains("<link rel=\"stylesheet\" href=\"../style.css\">")
        .contains("<link rel=\"canonical\" href=\"https://example.org/careers/roles/\">")
        .contains("action=\"../search/index.html\"")
        .contains("data-index=\"../search-index.json\"");
}

#[test]
fn every_url_of_the_ladder_example_built_with_relative_urls_opens_a_file_from_disk() {
    let site = site_from(&repo().join("examples/ladder"));
    site.run(&["build", "--relative-urls"]).success();
    let problems = unresolved(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
    site.assert_file("compare/index.html").contains("data-compare-json=\"../api/compare.json\"");
    // A page opened from disk may load a script but not fetch a file: the data the
    // scripts need is written as scripts too, byte for byte the JSON.
    let index = site.read("search-index.json");
    site.assert_file("search-index.js").equals(&format!("window.rolebookSearchIndex = {index};\n"));
    let compare = site.read("api/compare.json");
    site.assert_file("api/compare.js").equals(&format!("window.rolebookCompare = {compare};\n"));
}

#[test]
fn relative_urls_in_the_config_work_like_the_flag() {
    let site = SiteTest::from_fixture("basic");
    let config = site.source("rolebook.yaml");
    site.write("rolebook.yaml", format!("{config}\nrelative_urls: true\n"));
    site.build();
    let problems = unresolved(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
    site.assert_file("team/first/index.html").contains("src=\"../../img/logo.svg\"");
}

#[test]
fn without_relative_urls_links_stay_under_the_base_path() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    site.assert_file("index.html").contains("href=\"/style.css\"").not_contains("href=\"style.css\"");
    assert!(!site.exists("search-index.js"), "the index as a script is for builds opened from disk only");
}

#[test]
fn a_file_base_url_is_refused_with_a_hint_to_build_with_relative_urls() {
    let site = SiteTest::from_fixture("basic");
    let run = site.run(&["build", "--base-url", "file:///tmp/public/"]).fails_with(2);
    run.assert_stderr().contains("--relative-urls");
}
