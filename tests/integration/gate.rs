//! `rolebook check` as a CI gate: machine-readable output, external links against a local
//! server, and deploy recipes that only use commands that exist.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::harness::SiteTest;

#[test]
fn json_messages_are_one_object_per_line() {
    let site = SiteTest::from_fixture("invalid_roles");
    let run = site.run(&["check", "--message-format", "json"]).fails_with(1);
    let lines: Vec<serde_json::Value> =
        run.stdout().lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    // One per problem in the fixture (its snapshot, invalid_roles.txt, lists them).
    assert!(lines.len() >= 16, "{}", run.stdout());
    let typo = lines.iter().find(|d| d["code"] == "unknown-field" && d["file"] == "content/roles/typos.yaml").unwrap();
    assert_eq!(typo["line"], 5);
    assert_eq!(typo["column"], 1);
    assert_eq!(typo["severity"], "error");
    assert_eq!(typo["hint"], "did you mean `level`?");
}

#[test]
fn github_messages_are_workflow_annotations() {
    let site = SiteTest::from_fixture("invalid_roles");
    let run = site.run(&["check", "--message-format", "github"]).fails_with(1);
    assert!(
        run.stdout().contains("::error file=content/roles/typos.yaml,line=5,col=1,title=rolebook unknown-field::unknown field `levl` [unknown-field]%0Ahint: did you mean `level`?"),
        "{}",
        run.stdout()
    );
}

/// A local server: `/ok` 200, `/missing` 404, `/no-head` refuses HEAD, `/flaky` fails once.
fn link_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    std::thread::spawn(move || {
        let mut flaky_seen = false;
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut line = String::new();
            let mut reader = BufReader::new(&stream);
            reader.read_line(&mut line).unwrap_or(0);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                    break;
                }
            }
            let (method, path) = {
                let mut parts = line.split_whitespace();
                (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string())
            };
            let status = match (method.as_str(), path.as_str()) {
                (_, "/ok") => "200 OK",
                ("HEAD", "/no-head") => "405 Method Not Allowed",
                ("GET", "/no-head") => "200 OK",
                (_, "/flaky") if !flaky_seen => {
                    flaky_seen = true;
                    "503 Service Unavailable"
                }
                (_, "/flaky") => "200 OK",
                _ => "404 Not Found",
            };
            let mut stream = stream;
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (addr, requests)
}

#[test]
fn external_links_are_checked_only_when_asked_and_cached() {
    let (addr, requests) = link_server();
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/links.md",
        format!("---\ntitle: Links\n---\n[a]({addr}/ok) [b]({addr}/missing) [c]({addr}/no-head) [d]({addr}/flaky) [e]({addr}/skipped)\n"),
    );
    site.run(&["check"]).success();
    assert_eq!(requests.load(Ordering::SeqCst), 0, "no network without --external");

    let run = site.run(&["check", "--external", "--skip-external", "/skipped"]).fails_with(1);
    let err = run.stderr();
    assert!(err.contains(&format!("external link `{addr}/missing` answered HTTP 404")), "{err}");
    assert_eq!(err.matches("broken-external-link").count(), 1, "only /missing fails:\n{err}");
    assert!(site.root.join(".rolebook/link-cache.json").exists());

    let before = requests.load(Ordering::SeqCst);
    site.run(&["check", "--external", "--skip-external", "/skipped"]).fails_with(1);
    let asked = requests.load(Ordering::SeqCst) - before;
    assert_eq!(asked, 1, "good links come from the cache; only the broken one is asked again");
}

#[test]
fn deploy_recipes_run_commands_that_exist() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = SiteTest::empty();
    let mut checked = 0;
    for file in ["examples/github-pages.yml", "examples/gitlab-ci.yml"] {
        let text = std::fs::read_to_string(repo.join(file)).unwrap();
        rolebook::yaml::parse(&text, 1).unwrap_or_else(|e| panic!("{file} is not valid YAML: {e:?}"));
        for line in text.lines() {
            let line = line.trim().trim_start_matches("- ").trim_start_matches("run: ");
            if line.starts_with('#') || !line.starts_with("rolebook ") {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let command = words[1];
            let help = site.run(&[command, "--help"]).success().stdout();
            for flag in words.iter().filter(|w| w.starts_with("--")) {
                assert!(
                    help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}\n")),
                    "{file}: `rolebook {command}` has no flag {flag}"
                );
            }
            assert!(line.contains("--base-url"), "{file}: every recipe sets the base URL: {line}");
            checked += 1;
        }
        let check_at = text.find("rolebook check").expect("the recipe checks");
        let build_at = text.find("rolebook build").expect("the recipe builds");
        assert!(check_at < build_at, "{file}: check runs before build");
    }
    assert!(checked >= 4);
}
