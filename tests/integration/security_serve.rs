//! `rolebook serve` under attack: requests addressed to other hosts (DNS rebinding),
//! paths crafted for an open redirect, hundreds of idle and trickling connections, and
//! what is published against what is served. Loopback only, every test bounded in time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::harness::{Server, SiteTest};

fn start(site: &SiteTest, args: &[&str]) -> Server {
    site.serve(args)
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: String,
    body: String,
}

/// Sends `raw` as the whole request and reads the answer until the server closes or
/// 5 s pass (an event stream that should not have been opened would never close).
fn send(addr: &str, raw: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Response { status, headers: head.to_string(), body: body.to_string() }
}

fn get_as(addr: &str, host: &str, path: &str) -> Response {
    send(addr, &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
}

/// The home page of the `basic` fixture says this.
const HOME: &str = "Hello from the";

fn assert_refused(response: &Response, what: &str) {
    assert!((400..500).contains(&response.status), "{what}: {response:?}");
    for content in [HOME, "EventSource", "event: hello", "Page not found"] {
        assert!(!response.body.contains(content), "{what} leaked `{content}`: {response:?}");
    }
}

#[test]
fn requests_addressed_to_other_hosts_are_refused_without_content() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site, &[]);
    let (addr, port) = (server.addr.as_str(), server.port);
    for host in ["evil.example".to_string(), format!("evil.example:{port}"), format!("localhost.evil.example:{port}")] {
        for path in ["/", "/about/", "/nope", "/__rolebook/livereload.js", "/__rolebook/events"] {
            let response = get_as(addr, &host, path);
            assert_refused(&response, &format!("Host {host} {path}"));
            assert_eq!(response.status, 403, "{host} {path}");
        }
    }
    let response = get_as(addr, "evil.example", "/");
    assert!(response.body.contains("--allowed-host evil.example"), "says how to allow it: {}", response.body);
    assert!(response.headers.contains("text/plain"), "{}", response.headers);
}

#[test]
fn an_absolute_request_target_naming_another_host_is_refused() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site, &[]);
    let (addr, port) = (server.addr.as_str(), server.port);
    for target in ["http://evil.example/".to_string(), format!("HTTP://evil.example:{port}/about/"), "http:///".into()]
    {
        let response = send(addr, &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
        assert_refused(&response, &target);
    }
    let ok = send(addr, &format!("GET http://localhost:{port}/ HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"));
    assert_eq!(ok.status, 200, "{ok:?}");
    assert!(ok.body.contains(HOME));
}

#[test]
fn a_missing_or_repeated_host_header_is_refused() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site, &[]);
    let (addr, port) = (server.addr.as_str(), server.port);
    for (what, raw) in [
        ("no Host", "GET / HTTP/1.1\r\n\r\n".to_string()),
        ("no Host, HTTP/1.0", "GET / HTTP/1.0\r\n\r\n".to_string()),
        ("two Hosts", format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n")),
        ("two equal Hosts", format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nhost: 127.0.0.1:{port}\r\n\r\n")),
        ("folded Host", format!("GET / HTTP/1.1\r\nX: y\r\n Host: evil.example\r\nHost: 127.0.0.1:{port}\r\n\r\n")),
        ("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n".to_string()),
        ("events, no Host", "GET /__rolebook/events HTTP/1.1\r\n\r\n".to_string()),
    ] {
        assert_refused(&send(addr, &raw), what);
    }
}

#[test]
fn loopback_names_and_allowed_hosts_are_answered() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site, &["--allowed-host", "preview.test", "--allowed-host", "proxy.test:8080"]);
    let (addr, port) = (server.addr.as_str(), server.port);
    for host in [
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("preview.test:{port}"),
        "Preview.Test".to_string(),
        "proxy.test:8080".to_string(),
    ] {
        let response = get_as(addr, &host, "/");
        assert_eq!(response.status, 200, "{host}: {response:?}");
        assert!(response.body.contains(HOME), "{host}");
    }
    let script = send(addr, &format!("HEAD /__rolebook/livereload.js HTTP/1.1\r\nHost: preview.test:{port}\r\n\r\n"));
    assert_eq!(script.status, 200, "{script:?}");
    for host in [format!("localhost:{}", port.wrapping_add(1)), "proxy.test".into(), "other.preview.test".into()] {
        assert_refused(&get_as(addr, &host, "/"), &host);
    }
}

#[test]
fn the_listening_address_is_answered_over_ipv4_and_ipv6_loopback() {
    let site = SiteTest::from_fixture("basic");
    // All of 127.0.0.0/8 is loopback on Linux; elsewhere only 127.0.0.1 may be bound.
    if std::net::TcpListener::bind("127.0.0.2:0").is_ok() {
        let server = start(&site, &["--interface", "127.0.0.2"]);
        assert!(server.addr.starts_with("127.0.0.2:"), "{}", server.addr);
        let response = get_as(&server.addr, &server.addr, "/");
        assert_eq!(response.status, 200, "{response:?}");
    }
    if std::net::TcpListener::bind("[::1]:0").is_ok() {
        let server = start(&site, &["--interface", "::1"]);
        let socket: SocketAddr = server.addr.parse().unwrap();
        assert!(socket.ip().is_loopback(), "{}", server.addr);
        let response = get_as(&server.addr, &server.addr, "/");
        assert_eq!(response.status, 200, "{response:?}");
        assert!(response.body.contains(HOME));
        assert_refused(&get_as(&server.addr, "evil.example", "/"), "evil.example over IPv6");
    }
}

#[test]
fn an_allowed_host_that_is_not_a_host_is_a_usage_error() {
    let site = SiteTest::from_fixture("basic");
    for (bad, says) in [
        ("http://preview.test", "without a scheme"),
        ("preview.test/x", "without a path"),
        ("*", "not a host name or IP address"),
        ("preview.test:http", "not a host name or IP address"),
    ] {
        let run = site.run(&["serve", "--allowed-host", bad]).fails_with(2);
        assert!(run.stderr().contains("--allowed-host") && run.stderr().contains(says), "{bad}: {}", run.stderr());
    }
}

#[test]
fn hostile_paths_never_redirect_off_the_origin() {
    let site = SiteTest::from_fixture("basic");
    // Folders in the output named like the hosts the attacks aim at, so that each
    // attack reaches the code that builds a redirect.
    site.write("static/evil.example/index.html", "<p>local folder</p>");
    site.write("static/evil.example/x/index.html", "<p>local folder</p>");
    let server = start(&site, &[]);
    let addr = server.addr.as_str();
    let mut redirects = 0;
    for path in [
        "//evil.example",
        "//evil.example/x",
        "///evil.example",
        "////evil.example/x",
        "/%2F%2Fevil.example",
        "/%2f%2fevil.example/x",
        "/%2F/evil.example",
        "/\\evil.example",
        "/%5Cevil.example",
        "/\\/evil.example",
        "/%5C%5Cevil.example/x",
        "/.//evil.example",
        "/%09/evil.example",
        "//evil.example?next=//evil.example",
        "/evil.example",
    ] {
        let response = get_as(addr, addr, path);
        let location = response
            .headers
            .lines()
            .find_map(|line| line.strip_prefix("Location: ").or_else(|| line.strip_prefix("location: ")));
        match location {
            Some(location) => {
                redirects += 1;
                assert!(location.starts_with('/'), "{path} -> {location}");
                assert!(!location.starts_with("//") && !location.starts_with("/\\"), "{path} -> {location}");
                assert!(!location.contains("://") && !location.contains('\\'), "{path} -> {location}");
            }
            None => assert_ne!(response.status / 100, 3, "{path}: a redirect without a location: {response:?}"),
        }
    }
    assert!(redirects >= 5, "the attacks reached the redirect ({redirects})");
    let redirect = get_as(addr, addr, "//evil.example");
    assert_eq!(redirect.status, 301);
    assert!(redirect.headers.lines().any(|line| line == "Location: /evil.example/"), "{}", redirect.headers);
}

#[test]
fn published_dotfiles_are_served_and_unpublished_paths_are_not() {
    let site = SiteTest::from_fixture("basic");
    site.write("static/.nojekyll", "");
    site.write("static/.well-known/security.txt", "Contact: mailto:security@example.test\n");
    site.write("static/.htaccess", "Options -Indexes\n");
    let server = start(&site, &[]);
    let addr = server.addr.as_str();
    assert_eq!(get_as(addr, addr, "/.nojekyll").status, 200);
    let security = get_as(addr, addr, "/.well-known/security.txt");
    assert_eq!(security.status, 200, "{security:?}");
    assert!(security.body.contains("Contact: mailto:security@example.test"));
    assert!(get_as(addr, addr, "/.htaccess").body.contains("Options -Indexes"));
    assert!(get_as(addr, addr, "/%2Ewell-known/security.txt").body.contains("Contact:"), "encoded dot");
    for path in [
        "/.git/config",
        "/.rolebook/link-cache.json",
        "/.well-known/",
        "/.nope",
        "/static/.nojekyll",
        "/content/about.md",
    ] {
        assert_eq!(get_as(addr, addr, path).status, 404, "{path}");
    }
}

#[cfg(target_os = "linux")]
fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("Threads:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// Whether the server has closed `stream`, waiting until `deadline`.
fn closed_by(mut stream: &TcpStream, deadline: Instant) -> bool {
    loop {
        let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else {
            return false;
        };
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut [0; 512]) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn six_hundred_idle_and_trickling_connections_neither_lock_out_a_request_nor_stay() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site, &[]);
    let addr: SocketAddr = server.addr.parse().unwrap();
    let opened = Instant::now();
    let mut idle = Vec::new();
    for _ in 0..600 {
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
        idle.push(stream);
    }
    // A quarter trickle a header byte a second, which a per-read timeout would never end.
    let trickling: Vec<TcpStream> = idle.iter().step_by(4).map(|s| s.try_clone().unwrap()).collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let trickler = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                for mut stream in &trickling {
                    let _ = stream.write(b"s");
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        })
    };

    #[cfg(target_os = "linux")]
    {
        let threads = threads_of(server.pid());
        assert!(threads > 0 && threads <= 256 + 32, "threads are bounded under 600 connections: {threads}");
    }
    let asked = Instant::now();
    let response = get_as(&server.addr, &server.addr, "/");
    assert_eq!(response.status, 200, "{response:?}");
    assert!(response.body.contains(HOME));
    assert!(asked.elapsed() < Duration::from_secs(3), "answered in {:?}", asked.elapsed());

    // Every idle connection is closed once its head is overdue, trickling or not.
    let deadline = Instant::now() + Duration::from_secs(12);
    let still_open = idle.iter().filter(|s| !closed_by(s, deadline)).count();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    trickler.join().unwrap();
    assert_eq!(still_open, 0, "connections left open {:?} after the last was opened", opened.elapsed());
    #[cfg(target_os = "linux")]
    {
        let settle = Instant::now() + Duration::from_secs(5);
        while threads_of(server.pid()) > 32 && Instant::now() < settle {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(threads_of(server.pid()) <= 32, "threads end with their connections");
    }
    assert_eq!(get_as(&server.addr, &server.addr, "/").status, 200, "still answering");
}

#[test]
fn a_request_head_over_sixteen_kib_is_refused() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site, &[]);
    let addr = server.addr.as_str();
    let padding = "a".repeat(17 * 1024);
    let response = send(addr, &format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Pad: {padding}\r\n\r\n"));
    assert_eq!(response.status, 431, "{}", response.headers);
    assert!(!response.body.contains(HOME));
}

#[test]
fn event_streams_beyond_their_limit_close_the_oldest_at_once() {
    let site = SiteTest::from_fixture("basic");
    let server = start(&site, &[]);
    let addr = server.addr.as_str();
    let open_stream = || {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET /__rolebook/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        reader.get_mut().set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut line = String::new();
        while !line.starts_with("event: hello") {
            line.clear();
            assert!(reader.read_line(&mut line).unwrap() > 0, "the stream says hello");
        }
        reader
    };
    let mut oldest = open_stream();
    let mut newer: Vec<_> = (0..64).map(|_| open_stream()).collect();
    // The oldest ends well before its next 15 s keep-alive would have found out.
    let since = Instant::now();
    let mut rest = String::new();
    let _ = oldest.read_to_string(&mut rest);
    assert!(since.elapsed() < Duration::from_secs(3), "closed after {:?}", since.elapsed());
    assert!(!rest.contains("event:"), "{rest}");
    // The newest streams are untouched: they are still open, waiting for a build.
    let last = newer.last_mut().unwrap();
    last.get_mut().set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let err = loop {
        match last.read_line(&mut String::new()) {
            Ok(0) => panic!("the newest stream was closed"),
            Ok(_) => continue,
            Err(e) => break e,
        }
    };
    assert!(matches!(err.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut), "{err}");
    assert_eq!(get_as(addr, addr, "/").status, 200);
}
