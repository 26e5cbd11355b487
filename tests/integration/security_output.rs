//! Issue 17, the output's side of the trust boundary: a hostile old output, manifest or
//! cache folder makes no build write, replace, delete or read anything outside the output
//! and `.rolebook/`, and a killed or concurrent build never leaves a mixed output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

/// A site with one page holding a code block (so the highlighting cache is used).
fn site_with_code() -> SiteTest {
    let site = SiteTest::empty();
    site.write("rolebook.yaml", "title: Careers\nbase_url: https://example.org/\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    site.write("content/about.md", "---\ntitle: About\n---\n```rust\nfn main() { let x = 1; }\n```\n");
    site
}

fn rolebook(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolebook"));
    command.args(args).current_dir(dir).env_remove("RUST_LOG").env_remove("ROLEBOOK_TIMINGS");
    command
}

/// Every entry under `dir`: a file's bytes, a folder as `None`, a link as its target
/// prefixed `-> `. Links are listed, not followed.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).into_iter().map(Result::unwrap) {
        let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        let value = if entry.file_type().is_symlink() {
            Some(format!("-> {}", std::fs::read_link(entry.path()).unwrap().display()).into_bytes())
        } else if entry.file_type().is_dir() {
            None
        } else {
            Some(std::fs::read(entry.path()).unwrap())
        };
        out.insert(rel, value);
    }
    out
}

#[cfg(unix)]
fn symlink(to: &Path, at: &Path) {
    std::os::unix::fs::symlink(to, at).unwrap();
}

#[test]
fn forged_manifest_lines_delete_nothing_outside_the_output_and_are_warned_about() {
    let site = site_with_code();
    site.build();
    // The output is `<outer>/site/public`; each victim is where a line would point.
    let outer_victim = site.outer().join("victim.txt");
    let site_victim = site.root.join("victim");
    let absolute_victim = site.outer().join("abs/path/victim.txt");
    for victim in [&outer_victim, &site_victim, &absolute_victim] {
        std::fs::create_dir_all(victim.parent().unwrap()).unwrap();
        std::fs::write(victim, "precious").unwrap();
    }
    let manifest = site.public().join(".rolebook-manifest");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    let forged = [
        "../../victim.txt".to_string(),
        absolute_victim.display().to_string(),
        "a/../../victim".to_string(),
        "./x".to_string(),
        "..\\..\\victim.txt".to_string(),
    ];
    std::fs::write(&manifest, format!("{listed}{}\n", forged.join("\n"))).unwrap();
    // The next build no longer makes the page: its file is stale.
    site.remove("content/about.md");

    let run = site.run(&["build"]).success();
    for victim in [&outer_victim, &site_victim, &absolute_victim] {
        assert_eq!(std::fs::read_to_string(victim).unwrap(), "precious", "{} was touched", victim.display());
    }
    let stderr = run.stderr();
    assert!(stderr.contains("warning[manifest-line-ignored]"), "{stderr}");
    assert!(stderr.contains("ignored 5 manifest lines"), "{stderr}");
    assert!(stderr.contains("`../../victim.txt`"), "the first lines are named: {stderr}");
    assert!(!site.exists("about/index.html"), "the stale page is gone all the same");
    assert!(!std::fs::read_to_string(&manifest).unwrap().contains(".."), "the new manifest lists only built files");
}

#[cfg(unix)]
#[test]
fn links_in_the_old_output_are_never_followed_to_files_or_folders_outside() {
    let site = site_with_code();
    site.build();
    let about = std::fs::read(site.public().join("about/index.html")).unwrap();
    // A file link at a path the build makes, to a file outside with the very bytes the
    // build makes: were it followed, it would pass for the unchanged page and be kept.
    let outside_page = site.outer().join("outside.html");
    std::fs::write(&outside_page, &about).unwrap();
    std::fs::remove_file(site.public().join("about/index.html")).unwrap();
    symlink(&outside_page, &site.public().join("about/index.html"));
    // A folder link to a folder outside, listed with a file "inside" it: deleting that
    // stale file by its listed path would delete the file outside.
    let outside_dir = site.outer().join("victim-dir");
    std::fs::create_dir_all(&outside_dir).unwrap();
    std::fs::write(outside_dir.join("secret.txt"), "precious").unwrap();
    symlink(&outside_dir, &site.public().join("docs"));
    let manifest = site.public().join(".rolebook-manifest");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{listed}docs\ndocs/secret.txt\n")).unwrap();
    let outside_before = (tree(&outside_dir), std::fs::metadata(&outside_page).unwrap().modified().unwrap());

    site.build();
    let outside_after = (tree(&outside_dir), std::fs::metadata(&outside_page).unwrap().modified().unwrap());
    assert!(outside_before == outside_after, "something outside the output changed");
    assert_eq!(std::fs::read(&outside_page).unwrap(), about);
    let page = std::fs::symlink_metadata(site.public().join("about/index.html")).unwrap();
    assert!(page.is_file(), "the link was taken for the built page instead of being replaced");
    assert_eq!(std::fs::read(site.public().join("about/index.html")).unwrap(), about);
    assert!(std::fs::symlink_metadata(site.public().join("docs")).is_err(), "the folder link itself is gone");
}

#[cfg(unix)]
#[test]
fn cache_files_that_are_links_are_never_written_through_by_build_or_check() {
    let site = site_with_code();
    site.write("content/links.md", "---\ntitle: Links\n---\n[down](http://127.0.0.1:9/)\n");
    let highlight_victim = site.outer().join("highlight-victim");
    let link_victim = site.outer().join("link-victim");
    std::fs::write(&highlight_victim, "precious highlight victim").unwrap();
    std::fs::write(&link_victim, "{\"precious\": 1}").unwrap();
    std::fs::create_dir_all(site.root.join(".rolebook/cache")).unwrap();
    symlink(&highlight_victim, &site.root.join(".rolebook/cache/highlight.bin"));
    symlink(&link_victim, &site.root.join(".rolebook/link-cache.json"));

    site.build();
    // The link check fails (nothing answers on port 9), and saves its cache all the same.
    site.run(&["check", "--external"]).fails_with(1);
    assert_eq!(std::fs::read_to_string(&highlight_victim).unwrap(), "precious highlight victim");
    assert_eq!(std::fs::read_to_string(&link_victim).unwrap(), "{\"precious\": 1}");
    let cache = std::fs::symlink_metadata(site.root.join(".rolebook/cache/highlight.bin")).unwrap();
    assert!(cache.is_file(), "the link is replaced by the cache itself");
}

#[cfg(unix)]
#[test]
fn a_cache_folder_that_is_a_link_out_of_the_site_is_never_written_through() {
    for link in [".rolebook", ".rolebook/cache"] {
        let site = site_with_code();
        let elsewhere = site.outer().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::create_dir_all(site.root.join(".rolebook")).unwrap();
        let _ = std::fs::remove_dir(site.root.join(link));
        symlink(&elsewhere, &site.root.join(link));
        site.build();
        assert!(tree(&elsewhere).is_empty(), "{link}: the cache was written through the link");
        site.assert_file("about/index.html").contains("hl-"); // the page is still highlighted
    }
}

/// FNV-1a over the highlighter's version, the language and the code: the cache's key.
fn cache_key(lang: &str, code: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = rolebook::highlight::VERSION.bytes().chain([0]).chain(lang.bytes()).chain([0]).chain(code.bytes());
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[test]
fn a_poisoned_highlight_cache_entry_never_reaches_the_page() {
    let code = "fn main() { let x = 1; }\n";
    for injected in [
        "<script>alert(1)</script>fn main() { let x = 1; }\n",
        "<span class=\"hl-k\" onclick=\"alert(1)\">fn</span> main() { let x = 1; }\n",
        "<img src=x onerror=alert(1)>fn main() { let x = 1; }\n",
        "&lt;script&gt;fn main() { let x = 1; }\n",
    ] {
        let site = site_with_code();
        // The cache file's format: magic, highlighter version, then key, known-language
        // flag, language, code and HTML per entry, strings with their length before them.
        let mut bytes = b"rolebook-highlight-cache\n".to_vec();
        let put = |bytes: &mut Vec<u8>, s: &str| {
            bytes.extend_from_slice(&(s.len() as u64).to_le_bytes());
            bytes.extend_from_slice(s.as_bytes());
        };
        put(&mut bytes, rolebook::highlight::VERSION);
        bytes.extend_from_slice(&cache_key("rust", code).to_le_bytes());
        bytes.push(1);
        for s in ["rust", code, injected] {
            put(&mut bytes, s);
        }
        site.write(".rolebook/cache/highlight.bin", &bytes);

        site.build();
        let page = site.read("about/index.html");
        for bad in ["<script>alert", "onclick", "onerror", "&lt;script"] {
            assert!(!page.contains(bad), "{injected}: the page holds {bad}:\n{page}");
        }
        assert!(page.contains("<span class=\"hl-"), "the block is highlighted afresh");
    }
}

/// A generated site of `pages` small pages; `version` changes every third page's text,
/// and version 1 also drops the last ten pages and adds ten others.
fn write_generated(root: &Path, pages: usize, version: u32) {
    let content = root.join("content/p");
    let _ = std::fs::remove_dir_all(&content);
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(root.join("rolebook.yaml"), "title: Generated\nbase_url: https://example.org/\n").unwrap();
    std::fs::write(root.join("content/_index.md"), "---\ntitle: Home\n---\nHome.\n").unwrap();
    let range = if version == 0 { 0..pages } else { 10..pages + 10 };
    for i in range {
        let text = if version > 0 && i % 3 == 0 { format!("Edited in version {version}.") } else { "Text.".into() };
        std::fs::write(content.join(format!("p{i}.md")), format!("---\ntitle: Page {i}\n---\n## Part {i}\n\n{text}\n"))
            .unwrap();
    }
}

/// Replaces `to` with a copy of the folder `from` (new inodes, same bytes).
fn copy_tree(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    crate::harness::copy_dir(from, to);
}

/// A tiny deterministic generator for the kill delays (the outcome must not depend on luck).
struct Delays(u64);

impl Delays {
    fn next_below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_exactly_the_old_or_the_new_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let place = |name: &str| -> PathBuf { dir.path().join(name) };
    let build_into = |out: &Path| {
        let status = rolebook(&root, &["build", "--quiet", "-o", out.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "a reference build failed");
    };
    write_generated(&root, 2000, 0);
    build_into(&place("old"));
    let old = tree(&place("old"));
    write_generated(&root, 2000, 1);
    // Timed, unkilled: how long a build of the new site over the old output takes.
    let target_parent = place("t");
    let target = target_parent.join("public");
    copy_tree(&place("old"), &target);
    let started = Instant::now();
    build_into(&target);
    let full = started.elapsed();
    let new = tree(&target);
    assert!(old != new && tree(&place("old")) == old);

    let mut delays = Delays(0x9e37_79b9_7f4a_7c15);
    let (mut landed_old, mut landed_new) = (0, 0);
    let budget = Instant::now();
    let full_ms = full.as_millis() as u64;
    // When a build puts its output in place depends on the machine's load, so it is
    // bracketed as the rounds go: `lo` is the longest delay that left the old output,
    // `hi` the shortest that left the new one. A third of the kills is spread over the
    // whole build, the rest aims at the bracket, where the output is committed.
    let (mut lo, mut hi) = (0u64, full_ms * 3 / 2);
    for round in 0..40 {
        if round >= 10 && budget.elapsed() > Duration::from_secs(60) {
            break;
        }
        copy_tree(&place("old"), &target);
        let delay = if round % 3 == 0 {
            delays.next_below(hi + hi / 10)
        } else {
            let span = hi.saturating_sub(lo).max(40);
            lo.saturating_sub(span / 4) + delays.next_below(span + span / 2)
        };
        let mut child = rolebook(&root, &["build", "--quiet", "-o", target.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let exited = child.wait().unwrap();
        let now = tree(&target);
        if now == old {
            landed_old += 1;
            lo = lo.max(delay);
        } else if now == new {
            landed_new += 1;
            hi = hi.min(delay);
        } else {
            let differs: Vec<&String> =
                now.keys().chain(old.keys()).filter(|k| now.get(*k) != old.get(*k)).take(5).collect();
            panic!("round {round}: a build killed after {delay} ms ({exited}) left a mixed output, e.g. {differs:?}");
        }
    }
    println!(
        "killed builds: {landed_old} left the old output, {landed_new} the new one (a full build took {full_ms} ms; the commit fell between {lo} and {hi} ms)"
    );
    // The next build cleans up what killed builds left beside the output.
    build_into(&target);
    assert!(tree(&target) == new);
    crate::harness::wait_for_output_lock(&target);
    let beside: Vec<String> =
        std::fs::read_dir(&target_parent).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(beside, ["public"]);
}

#[test]
fn two_sites_built_into_one_output_at_once_leave_exactly_one_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("out/public"));
    write_generated(&a, 300, 0);
    write_generated(&b, 300, 1);
    let reference = |root: &Path, name: &str| {
        let to = dir.path().join(name);
        rolebook(root, &["build", "--quiet", "-o", to.to_str().unwrap()]).status().unwrap();
        tree(&to)
    };
    let (only_a, only_b) = (reference(&a, "ref-a"), reference(&b, "ref-b"));
    assert!(only_a != only_b);
    let (mut last_a, mut last_b, mut waited) = (0, 0, 0);
    for round in 0..4 {
        let spawn = |root: &Path| {
            rolebook(root, &["build", "--quiet", "-o", out.to_str().unwrap()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = if round % 2 == 0 { (spawn(&a), spawn(&b)) } else { (spawn(&b), spawn(&a)) };
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(output.status.success(), "round {round}: a build failed: {stderr}");
            waited += usize::from(stderr.contains("waiting for another rolebook build of"));
        }
        let now = tree(&out);
        if now == only_a {
            last_a += 1;
        } else if now == only_b {
            last_b += 1;
        } else {
            panic!("round {round}: the output is neither site's");
        }
    }
    println!("concurrent builds: site A last {last_a} times, site B {last_b} times, {waited} builds waited");
    crate::harness::wait_for_output_lock(&out);
    let beside: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    assert_eq!(beside, ["public"]);
}

#[test]
fn the_old_output_is_removed_after_the_build_by_a_process_holding_the_lock() {
    // The build ends once the new output is in place; a child process it starts holds
    // the output's lock while it removes the old tree, so a build started at once waits
    // for it and never meets a half-removed folder beside the output.
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("out/public"));
    write_generated(&root, 400, 0);
    let build = || {
        let output = rolebook(&root, &["build", "--quiet", "-o", out.to_str().unwrap()]).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    build();
    write_generated(&root, 400, 1);
    build();
    let expected = tree(&out);
    // At once, again: this build waits for the remover, if it is still at work.
    write_generated(&root, 400, 0);
    build();
    write_generated(&root, 400, 1);
    build();
    assert!(tree(&out) == expected, "the output is the last build's, whole");
    crate::harness::wait_for_output_lock(&out);
    let beside: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    assert_eq!(beside, ["public"], "the old trees and the lock file are gone");
}
