//! Reads stay inside the site (issue 17, docs/security.md): hostile sources (links out of
//! the site, special files, endless or huge files, theme names that climb out, secrets in
//! `static/`) give a diagnostic and never put outside data into the output.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

/// A value no source contains, so finding it in the output means the environment leaked.
const MARKER: &str = "ROLEBOOK_TEST_SECRET_7f3a9c1e";

/// The text of every file under `dir` (nothing when it does not exist), for "did anything
/// leak" checks.
fn everything_under(dir: &Path) -> String {
    if !dir.exists() {
        return String::new();
    }
    SiteTest::snapshot(dir)
        .into_iter()
        .map(|(rel, bytes)| format!("{rel}\n{}\n", String::from_utf8_lossy(&bytes)))
        .collect()
}

/// Runs `rolebook ARGS` in the site with `MARKER` in its environment, killing it and failing
/// the test if it takes longer than `limit` (a hang is the bug some of these tests look for).
fn run_guarded(site: &SiteTest, args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolebook"))
        .args(args)
        .current_dir(&site.root)
        .env("ROLEBOOK_TEST_SECRET", MARKER)
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("rolebook {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn minimal_site() -> SiteTest {
    let site = SiteTest::empty();
    site.write("content/_index.md", "---\ntitle: Home\n---\nHello.\n");
    site
}

#[test]
fn a_static_link_to_proc_self_environ_fails_the_build_and_publishes_no_environment() {
    let site = minimal_site();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink("/proc/self/environ", site.root.join("static/env.txt")).unwrap();
    let (code, stderr) = run_guarded(&site, &["build"], Duration::from_secs(60));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "static/env.txt: error[symlink-escapes]: this symbolic link points outside the site, to /proc/self/environ"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains(MARKER));
    assert!(!everything_under(&site.public()).contains(MARKER));
}

#[test]
fn links_to_etc_passwd_are_refused_in_every_source_folder() {
    let site = minimal_site();
    site.write("rolebook.yaml", "theme: t\n");
    site.write("themes/t/templates/.keep", "");
    site.write("themes/t/static/.keep", "");
    site.write("templates/.keep", "");
    site.write("static/.keep", "");
    let links = [
        "content/passwd.txt",
        "content/passwd.md",
        "static/passwd.txt",
        "templates/passwd.html",
        "themes/t/static/passwd.txt",
        "themes/t/templates/passwd.html",
    ];
    for link in links {
        symlink("/etc/passwd", site.root.join(link)).unwrap();
    }
    let run = site.run(&["build"]).fails_with(1);
    for link in links {
        let expected =
            format!("{link}: error[symlink-escapes]: this symbolic link points outside the site, to /etc/passwd");
        assert!(run.stderr().contains(&expected), "{expected}\n{}", run.stderr());
    }
    assert!(!everything_under(&site.public()).contains("root:"));
}

#[test]
fn links_to_a_folder_outside_the_site_are_refused_in_every_source_folder() {
    let site = minimal_site();
    let outside = site.outer().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("leak.txt"), MARKER).unwrap();
    std::fs::write(outside.join("leak.md"), format!("---\ntitle: {MARKER}\n---\n")).unwrap();
    std::fs::write(outside.join("leak.html"), MARKER).unwrap();
    site.write("rolebook.yaml", "theme: t\n");
    for folder in ["content", "static", "templates", "themes/t/static", "themes/t/templates"] {
        std::fs::create_dir_all(site.root.join(folder)).unwrap();
        symlink(&outside, site.root.join(folder).join("linked")).unwrap();
    }
    let run = site.run(&["build"]).fails_with(1);
    for folder in ["content", "static", "templates", "themes/t/static", "themes/t/templates"] {
        let expected = format!(
            "{folder}/linked: error[symlink-escapes]: this symbolic link points outside the site, to {}",
            outside.display()
        );
        assert!(run.stderr().contains(&expected), "{expected}\n{}", run.stderr());
    }
    assert!(!run.stderr().contains(MARKER));
    assert!(!everything_under(&site.public()).contains(MARKER));
}

#[test]
fn a_source_folder_that_is_itself_a_link_out_of_the_site_is_refused() {
    let site = minimal_site();
    let outside = site.outer().join("outside");
    std::fs::create_dir_all(outside.join("static")).unwrap();
    std::fs::write(outside.join("static/leak.txt"), MARKER).unwrap();
    std::fs::write(outside.join("leak.txt"), MARKER).unwrap();
    // The theme folder, `static/` itself, and a folder deep in content/.
    site.write("rolebook.yaml", "theme: t\n");
    std::fs::create_dir_all(site.root.join("themes")).unwrap();
    symlink(&outside, site.root.join("themes/t")).unwrap();
    symlink(&outside, site.root.join("static")).unwrap();
    std::fs::create_dir_all(site.root.join("content/a")).unwrap();
    symlink(site.outer(), site.root.join("content/a/b")).unwrap();
    let run = site.run(&["build"]).fails_with(1);
    for link in ["themes/t", "static", "content/a/b"] {
        let expected = format!("{link}: error[symlink-escapes]: this symbolic link points outside the site");
        assert!(run.stderr().contains(&expected), "{expected}\n{}", run.stderr());
    }
    assert!(!everything_under(&site.public()).contains(MARKER));
}

#[test]
fn the_content_folder_linked_out_of_the_site_is_refused() {
    let site = SiteTest::empty();
    let outside = site.outer().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("_index.md"), format!("---\ntitle: {MARKER}\n---\n")).unwrap();
    std::fs::remove_dir(site.root.join("content")).unwrap();
    symlink(&outside, site.root.join("content")).unwrap();
    let run = site.run(&["build"]).fails_with(1);
    assert!(run.stderr().contains("content: error[symlink-escapes]"), "{}", run.stderr());
    assert!(!everything_under(&site.public()).contains(MARKER));
}

#[test]
fn links_that_stay_inside_the_site_are_published_as_their_target() {
    let site = minimal_site();
    site.write("shared/logo.svg", "<svg>shared</svg>");
    site.write("shared/docs/guide.md", "---\ntitle: Shared guide\n---\nShared.\n");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink("../shared/logo.svg", site.root.join("static/logo.svg")).unwrap();
    symlink(site.root.join("shared/docs"), site.root.join("content/docs")).unwrap();
    site.build();
    assert_eq!(site.read("logo.svg"), "<svg>shared</svg>");
    site.assert_file("docs/guide/index.html").contains("Shared guide");
}

#[test]
fn dangling_and_circular_links_are_errors_naming_the_link() {
    let site = minimal_site();
    symlink("missing.png", site.root.join("content/gone.png")).unwrap();
    symlink("self.md", site.root.join("content/self.md")).unwrap();
    let run = site.run(&["build"]).fails_with(1);
    assert!(
        run.stderr().contains(
            "content/gone.png: error[symlink-dangling]: this symbolic link points to missing.png, which does not exist"
        ),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("content/self.md: error[symlink-loop]"), "{}", run.stderr());
}

#[test]
fn a_link_to_the_sites_git_folder_is_refused() {
    // CI's checkout keeps its token in .git/config, inside the site folder.
    let site = minimal_site();
    site.write(".git/config", format!("[http]\n\textraheader = AUTHORIZATION: basic {MARKER}\n"));
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink("../.git/config", site.root.join("static/config.txt")).unwrap();
    symlink("../.git", site.root.join("content/repo")).unwrap();
    let run = site.run(&["build"]).fails_with(1);
    assert!(run.stderr().contains("static/config.txt: error[symlink-private]"), "{}", run.stderr());
    assert!(run.stderr().contains("content/repo: error[symlink-private]"), "{}", run.stderr());
    assert!(!everything_under(&site.public()).contains(MARKER));
}

#[test]
fn theme_names_that_leave_the_themes_folder_are_errors_at_their_position() {
    let site = minimal_site();
    let outside = site.outer().join("x");
    std::fs::create_dir_all(outside.join("static")).unwrap();
    std::fs::write(outside.join("static/leak.txt"), MARKER).unwrap();
    site.write("themes/a/b/static/leak.txt", MARKER);
    // A real theme (the default one copied) with a file of its own.
    crate::harness::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.root.join("themes/ok"),
    );
    site.write("themes/ok/static/fine.txt", "fine");
    let absolute = outside.display().to_string();
    for name in ["../../x", "../x", absolute.as_str(), "a/b", "a\\\\b", "..", ".", "\"\"", "C:x"] {
        site.write("rolebook.yaml", format!("title: T\ntheme: {name}\n"));
        let run = site.run(&["build"]).fails_with(1);
        assert!(run.stderr().contains("rolebook.yaml:2:8: error[bad-theme-name]"), "theme: {name}\n{}", run.stderr());
        assert!(run.stderr().contains("hint: write the name of a folder under themes/"), "{}", run.stderr());
        assert!(!everything_under(&site.public()).contains(MARKER), "theme: {name}");
    }
    site.write("rolebook.yaml", "title: T\ntheme: ok\n");
    site.build();
    assert_eq!(site.read("fine.txt"), "fine");
}

#[test]
fn rolebook_yaml_as_a_fifo_is_an_error_not_a_hang() {
    let site = minimal_site();
    let fifo = site.root.join("rolebook.yaml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (code, stderr) = run_guarded(&site, &["build"], Duration::from_secs(30));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("rolebook.yaml: error[not-a-regular-file]: this is a named pipe (FIFO), not a regular file"),
        "{stderr}"
    );
}

#[test]
fn a_fifo_in_static_is_an_error_not_a_hang() {
    let site = minimal_site();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    assert!(Command::new("mkfifo").arg(site.root.join("static/feed.xml")).status().unwrap().success());
    let (code, stderr) = run_guarded(&site, &["build"], Duration::from_secs(30));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("static/feed.xml: error[not-a-regular-file]"), "{stderr}");
}

#[test]
fn rolebook_yaml_linked_to_dev_zero_is_an_error_without_reading_it() {
    let site = minimal_site();
    symlink("/dev/zero", site.root.join("rolebook.yaml")).unwrap();
    let (code, stderr) = run_guarded(&site, &["build"], Duration::from_secs(30));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "rolebook.yaml: error[symlink-escapes]: this symbolic link points outside the site, to /dev/zero"
        ),
        "{stderr}"
    );
}

#[test]
fn a_dangling_rolebook_yaml_link_is_an_error_not_silent_defaults() {
    let site = minimal_site();
    symlink("config/rolebook.yaml", site.root.join("rolebook.yaml")).unwrap();
    let run = site.run(&["build"]).fails_with(1);
    assert!(run.stderr().contains("rolebook.yaml: error[symlink-dangling]"), "{}", run.stderr());
}

#[test]
fn oversized_sources_are_refused_with_their_size_and_the_limit() {
    let site = minimal_site();
    // Sparse files: the size is refused before a byte is read, so the test writes nothing.
    let page = std::fs::File::create(site.root.join("content/huge.md")).unwrap();
    page.set_len((16 << 20) + 1).unwrap();
    let config = std::fs::File::create(site.root.join("rolebook.yaml")).unwrap();
    config.set_len(3 << 19).unwrap();
    let run = site.run(&["build"]).fails_with(1);
    assert!(
        run.stderr().contains(
            "content/huge.md: error[too-large]: this file is 16.0 MiB, more than the 16 MiB a page, data file or template may be"
        ),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains(
            "rolebook.yaml: error[too-large]: this file is 1.5 MiB, more than the 1 MiB rolebook.yaml may be"
        ),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("hint: split the file into several pages"), "{}", run.stderr());
}

#[test]
fn secret_and_hidden_files_are_not_published_and_are_warned_about() {
    let site = minimal_site();
    site.write("static/.env", format!("TOKEN={MARKER}\n"));
    site.write("static/deploy/id_rsa", MARKER);
    site.write("static/.git/config", MARKER);
    site.write("static/.vscode/settings.json", "{}");
    site.write("content/.env.local", MARKER);
    site.write("content/img/server.pem", MARKER);
    site.write("static/.DS_Store", "junk");
    let run = site.build();
    for (file, what) in [
        ("static/.env", "this looks like a secret"),
        ("static/deploy/id_rsa", "this looks like a secret"),
        ("static/.git", "this looks like a secret"),
        ("content/.env.local", "this looks like a secret"),
        ("content/img/server.pem", "this looks like a secret"),
        ("static/.vscode", "hidden files are not published"),
    ] {
        let expected = format!("{file}: warning[not-published]: {what}");
        assert!(run.stderr().contains(&expected), "{expected}\n{}", run.stderr());
    }
    // One warning for a withheld folder, none for what is inside it or for OS leftovers.
    assert!(!run.stderr().contains("static/.git/config"), "{}", run.stderr());
    assert!(!run.stderr().contains(".DS_Store"), "{}", run.stderr());
    assert!(!everything_under(&site.public()).contains(MARKER));
    assert!(!site.exists(".vscode/settings.json"));
    assert!(!site.exists(".DS_Store"));
}

#[test]
fn host_dotfiles_are_published_from_static_and_content() {
    let site = minimal_site();
    site.write("static/.well-known/security.txt", "Contact: mailto:security@example.org\n");
    site.write("static/.nojekyll", "");
    site.write("static/.domains", "careers.example.org\n");
    site.write("content/docs/.htaccess", "Options -Indexes\n");
    let run = site.build();
    assert!(!run.stderr().contains("not-published"), "{}", run.stderr());
    assert_eq!(site.read(".well-known/security.txt"), "Contact: mailto:security@example.org\n");
    assert!(site.exists(".nojekyll"));
    assert!(site.exists(".domains"));
    assert_eq!(site.read("docs/.htaccess"), "Options -Indexes\n");
}
