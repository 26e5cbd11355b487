//! `rolebook serve` end to end: a real server on a free port, real file edits, and what is
//! served after each.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::harness::{Server, SiteTest, Text, Update};

fn start(site: &SiteTest) -> Server {
    site.serve(&[])
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

fn request(addr: &str, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Response { status, headers: head.to_string(), body: body.to_string() }
}

fn get(addr: &str, path: &str) -> Response {
    request(addr, "GET", path)
}

/// The body served at `path`, for assertions that show it on failure.
fn served(addr: &str, path: &str) -> Text {
    Text::new(format!("GET {path}"), get(addr, path).body)
}

/// Event names from the live-reload stream, as they arrive.
fn events(addr: &str) -> Receiver<(String, String)> {
    let (tx, rx) = channel();
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET /__rolebook/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if tx.send((event.clone(), data.to_string())).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

/// The server took the change on the incremental fast path, not a full rebuild (which
/// would serve the same pages, so only the server's own report tells them apart).
#[track_caller]
fn assert_fast_path(update: Update) {
    assert!(matches!(update, Update::FastPath(n) if n > 0), "expected the fast path, the server reported {update:?}");
}

fn wait_for(rx: &Receiver<(String, String)>, name: &str) -> String {
    // Generous: CI machines can be slow and busy.
    let deadline = Instant::now() + Duration::from_secs(60);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((event, data)) if event == name => return data,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event");
}

#[test]
fn edits_breaks_fixes_deletes_and_renames_are_served_as_they_happen() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site);
    let addr = server.addr.as_str();
    served(addr, "/").contains("Hello from the");
    let rx = events(addr);
    wait_for(&rx, "hello");

    // Edit.
    site.write("content/about.md", "---\ntitle: About v2\n---\nNew text.\n\n## Details {#custom-details}\n");
    wait_for(&rx, "reload");
    served(addr, "/about/").contains("About v2").contains("/__rolebook/livereload.js"); // the reload script is injected

    // Break: the error is reported and the last good page stays served.
    site.write("content/about.md", "---\ntitle: About v3\n---\n[broken](@/nope.md)\n\n## Details {#custom-details}\n");
    let error = wait_for(&rx, "build-error");
    assert!(error.contains("content/about.md:4:1") && error.contains("broken-link"), "{error}");
    served(addr, "/about/").contains("About v2");

    // Fix: the overlay goes and the new page is served.
    site.write("content/about.md", "---\ntitle: About v4\n---\nFixed.\n\n## Details {#custom-details}\n");
    wait_for(&rx, "build-ok");
    wait_for(&rx, "reload");
    served(addr, "/about/").contains("About v4");

    // Delete: the site's 404 page, with status 404.
    site.remove("content/team/zed.md");
    wait_for(&rx, "reload");
    let gone = get(addr, "/team/zed/");
    assert_eq!(gone.status, 404);
    Text::new("GET /team/zed/", gone.body).contains("Page not found");

    // Rename (what editors do on an atomic save, and what people do by hand).
    std::fs::rename(site.root.join("content/team/beta.md"), site.root.join("content/team/gamma.md")).unwrap();
    wait_for(&rx, "reload");
    assert_eq!(get(addr, "/team/gamma/").status, 200);
    assert_eq!(get(addr, "/team/beta/").status, 404);

    // A new folder with a page in it.
    site.write("content/new/_index.md", "---\ntitle: Brand new\n---\n");
    wait_for(&rx, "reload");
    served(addr, "/new/").contains("Brand new");

    // A stylesheet-only change swaps the CSS without a reload.
    site.write("static/extra.css", "body { color: red; }\n");
    wait_for(&rx, "reload");
    site.write("static/extra.css", "body { color: blue; }\n");
    wait_for(&rx, "css");
    served(addr, "/extra.css").contains("blue");
    assert!(get(addr, "/extra.css").headers.contains("text/css"));
}

#[test]
fn a_burst_of_saves_ends_in_the_final_state() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site);
    let rx = events(&server.addr);
    wait_for(&rx, "hello");
    for i in 0..20 {
        site.write("content/about.md", format!("---\ntitle: Burst {i}\n---\n## Details {{#custom-details}}\n"));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if get(&server.addr, "/about/").body.contains("Burst 19") {
            break;
        }
        assert!(Instant::now() < deadline, "the final save was never served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn nothing_outside_the_output_is_served() {
    let site = SiteTest::from_fixture("basic");
    std::fs::write(site.outer().join("secret.txt"), "secret").unwrap();
    let server = start(&site);
    let addr = server.addr.as_str();
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/content/about.md",
        "/rolebook.yaml",
        "/.rolebook-manifest",
    ] {
        let response = get(addr, path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("secret") || response.body.contains("Page not found"), "{path}");
    }
    // The server itself never follows paths on disk (a link out of the site is refused by
    // the build: tests/integration/security_reads.rs).
    let head = request(addr, "HEAD", "/about/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert!(head.headers.contains("Content-Length:"));
    assert_eq!(request(addr, "POST", "/").status, 405);
    assert_eq!(get(addr, "/about").status, 301, "a directory without its slash redirects");
    assert!(get(addr, "/favicon.svg").headers.contains("image/svg+xml"));
    assert!(get(addr, "/sitemap.xml").headers.contains("application/xml"));
}

#[test]
fn many_concurrent_requests_are_answered() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site);
    let addr = server.addr.clone();
    let handles: Vec<_> = (0..64)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || get(&addr, if i % 2 == 0 { "/" } else { "/style.css" }).status)
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), 200);
    }
}

#[test]
fn a_taken_port_is_reported_and_the_next_one_used() {
    let site = SiteTest::from_fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolebook"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let _ = child.wait();
    assert!(err.contains(&format!("port {port} on 127.0.0.1 is not available")), "{err}");
    assert!(line.contains("http://127.0.0.1:") && !line.contains(&format!(":{port}/")), "{line}");
}

#[test]
fn prose_edits_take_the_fast_path_and_update_every_page_that_shows_them() {
    let site = SiteTest::from_fixture("roles");
    let server = start(&site);
    let addr = server.addr.as_str();
    let rx = events(addr);
    wait_for(&rx, "hello");

    // A role's prose: its page and the comparison that quotes it.
    let path = site.root.join("content/roles/senior-data-scientist.yaml");
    let senior = std::fs::read_to_string(&path).unwrap();
    site.write(
        "content/roles/senior-data-scientist.yaml",
        senior.replace("Mentor data scientists.", "Coach data scientists weekly."),
    );
    wait_for(&rx, "reload");
    assert_fast_path(server.next_update());
    served(addr, "/roles/senior-data-scientist/").contains("Coach data scientists weekly.");
    served(addr, "/roles/data-scientist/next/senior-data-scientist/").contains("Coach data scientists weekly.");
    served(addr, "/api/roles.json").contains("Coach data scientists weekly.");

    // A broken link in prose is reported; the last good page stays.
    site.write(
        "content/roles/senior-data-scientist.yaml",
        senior.replace("Mentor data scientists.", "See [x](@/nope.md)."),
    );
    let error = wait_for(&rx, "build-error");
    assert!(error.contains("content/roles/senior-data-scientist.yaml:"), "{error}");
    assert_eq!(server.next_update(), Update::Failed);
    served(addr, "/roles/senior-data-scientist/").contains("Coach data scientists weekly.");

    // A structural edit (the title) still rebuilds everything: the home page shows it.
    site.write(
        "content/roles/senior-data-scientist.yaml",
        senior.replace("title: Senior Data Scientist", "title: Senior Data Scientist II"),
    );
    wait_for(&rx, "reload");
    assert_eq!(server.next_update(), Update::FullRebuild);
    served(addr, "/").contains("Senior Data Scientist II");
}

#[test]
fn an_expectation_edit_updates_every_comparison_of_the_role_and_the_picker_data() {
    let site = crate::compare::area_site();
    let server = start(&site);
    let addr = server.addr.as_str();
    let rx = events(addr);
    wait_for(&rx, "hello");
    let text = site.source("content/roles/e2.yaml");
    site.write("content/roles/e2.yaml", text.replace("Pairs weekly", "Pairs twice a week"));
    wait_for(&rx, "reload");
    // An expectation is part of a role's shape: the whole site is rebuilt.
    assert_eq!(server.next_update(), Update::FullRebuild);
    served(addr, "/roles/e1/next/e2/").contains("Pairs twice a week");
    served(addr, "/api/compare.json").contains("Pairs twice a week").not_contains("Pairs weekly");
}

#[test]
fn a_prose_edit_takes_the_fast_path_and_updates_the_role_s_pair_pages_too() {
    let site = crate::compare::ladder();
    let rel = "content/roles/platform-engineer-3.yaml";
    let text = format!("{}\nresponsibilities:\n  technical:\n    - Keeps the build green.\n", site.source(rel));
    site.write(rel, &text);
    let server = start(&site);
    let addr = server.addr.as_str();
    let rx = events(addr);
    wait_for(&rx, "hello");
    site.write(rel, text.replace("Keeps the build green.", "Keeps every build green."));
    wait_for(&rx, "reload");
    assert_fast_path(server.next_update());
    // A declared step, and a pair of the track that is not one.
    served(addr, "/roles/platform-engineer-2/next/platform-engineer-3/").contains("Keeps every build green.");
    served(addr, "/compare/platform-engineer-1/platform-engineer-3/").contains("Keeps every build green.");
    // The picker's data is what a full build of the edited site writes, though the fast
    // path did not rewrite it.
    site.run(&["build", "--base-url", "/"]).success();
    assert_eq!(served(addr, "/api/compare.json").text(), site.read("api/compare.json"));
}

#[test]
fn an_edit_of_a_sites_own_section_takes_the_fast_path_and_updates_the_picker_data() {
    let site = crate::compare::own_sections_site();
    let rel = "content/roles/b.yaml";
    let server = start(&site);
    let addr = server.addr.as_str();
    let rx = events(addr);
    wait_for(&rx, "hello");
    site.write(rel, site.source(rel).replace("Leads a launch.", "Leads two launches."));
    wait_for(&rx, "reload");
    assert_fast_path(server.next_update());
    served(addr, "/roles/a/next/b/").contains("Leads two launches.");
    // The picker quotes the site's own sections: its data is what a full build writes.
    served(addr, "/api/compare.json").contains("Leads two launches.");
    site.run(&["build", "--base-url", "/"]).success();
    assert_eq!(served(addr, "/api/compare.json").text(), site.read("api/compare.json"));
}

#[test]
fn a_page_body_edit_updates_the_page_and_the_listings_that_quote_it() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site);
    let addr = server.addr.as_str();
    let rx = events(addr);
    wait_for(&rx, "hello");
    let zed = std::fs::read_to_string(site.root.join("content/team/zed.md")).unwrap();
    site.write("content/team/zed.md", zed.replace("Zed has no weight", "Zed now has news"));
    wait_for(&rx, "reload");
    assert_fast_path(server.next_update());
    served(addr, "/team/zed/").contains("Zed now has news");
    served(addr, "/team/").contains("Zed now has news"); // the section's summary of the page

    // Below the summary: the page changes, the listing keeps the summary it had.
    let zed = std::fs::read_to_string(site.root.join("content/team/zed.md")).unwrap();
    site.write("content/team/zed.md", format!("{zed}\nA closing paragraph about the team.\n"));
    wait_for(&rx, "reload");
    assert_fast_path(server.next_update());
    served(addr, "/team/zed/").contains("A closing paragraph about the team.");
    served(addr, "/team/").contains("Zed now has news").not_contains("A closing paragraph");

    // A heading another page links to (`beta.md` → `about.md#custom-details`) goes: the
    // fast path still checks the links into the page.
    let about = std::fs::read_to_string(site.root.join("content/about.md")).unwrap();
    site.write("content/about.md", about.replace("## Details {#custom-details}", "## Particulars"));
    let error = wait_for(&rx, "build-error");
    assert!(error.contains("content/team/beta.md") && error.contains("custom-details"), "{error}");
    assert_eq!(server.next_update(), Update::Failed);
    site.write("content/about.md", &about);
    wait_for(&rx, "build-ok");
    wait_for(&rx, "reload");
    assert_fast_path(server.next_update());

    // A first code block on a page: the highlighting stylesheet comes with it.
    site.write("content/team/zed.md", format!("{zed}\n```rust\nfn main() {{}}\n```\n"));
    wait_for(&rx, "reload");
    served(addr, "/team/zed/").contains("hl-");
}

#[test]
fn rubric_and_role_expectation_edits_rebuild_the_pages_that_show_them() {
    let site = SiteTest::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ladder");
    crate::harness::copy_dir(&repo, &site.root);
    let server = start(&site);
    let addr = server.addr.as_str();
    let rx = events(addr);
    wait_for(&rx, "hello");

    // A rubric's cell: the role at that level and the track page.
    let rubric = std::fs::read_to_string(site.root.join("content/rubrics/platform-ic.yaml")).unwrap();
    let edited = rubric.replacen("Implements well-defined changes", "Ships well-defined changes", 1);
    assert_ne!(edited, rubric, "the example rubric still holds the text this test edits");
    site.write("content/rubrics/platform-ic.yaml", &edited);
    wait_for(&rx, "reload");
    assert_eq!(server.next_update(), Update::FullRebuild);
    served(addr, "/roles/platform-engineer-1/").contains("Ships well-defined changes");
    served(addr, "/tracks/platform-ic/").contains("Ships well-defined changes");

    // A role's own expectation for an area replaces the rubric's on its page only.
    let role = std::fs::read_to_string(site.root.join("content/roles/platform-engineer-1.yaml")).unwrap();
    site.write(
        "content/roles/platform-engineer-1.yaml",
        format!("{role}expectations:\n  systems-design:\n    summary: Pairs on every design change.\n"),
    );
    wait_for(&rx, "reload");
    served(addr, "/roles/platform-engineer-1/")
        .contains("Pairs on every design change.")
        .not_contains("Ships well-defined changes");
    served(addr, "/tracks/platform-ic/").contains("Ships well-defined changes");
}
