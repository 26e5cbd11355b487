//! A small HTTP/1.1 server for the preview: GET and HEAD of the in-memory site, and the
//! live-reload event stream.
//!
//! Contract: a request is answered only when its `Host` (and the authority of an
//! absolute-form target) names this server ([`HostPolicy`]); a path is answered only
//! with a file of the built output held in memory, so nothing else, on disk or not, can
//! be served whatever the path says; every `Location` sent is a same-origin absolute path
//! built from the in-output path, never from the raw request. A request head must arrive
//! whole within `HEAD_DEADLINE` and `MAX_HEAD` bytes, and an answer must be taken within
//! `RESPONSE_DEADLINE`; slots are bounded and shared out by `connections`.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::connections::{Connections, Limits, Phase, Slot};
use super::host::HostPolicy;
use super::state::{Files, Shared};

pub const EVENTS_PATH: &str = "/__rolebook/events";
const LIVERELOAD_PATH: &str = "/__rolebook/livereload.js";
const LIVERELOAD: &str = include_str!("livereload.js");
/// From accepting a connection to the blank line ending its head: a total, so a client
/// trickling a byte at a time cannot stretch it.
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
const MAX_HEAD: usize = 16 * 1024;
/// For writing a whole answer, so a client reading a byte at a time cannot hold its slot.
const RESPONSE_DEADLINE: Duration = Duration::from_secs(30);

/// Accepts connections until the listener fails.
pub fn run(listener: TcpListener, shared: Arc<Shared>, hosts: HostPolicy) {
    let waker = shared.clone();
    let connections = Arc::new(Connections::new(Limits::default(), Box::new(move || waker.wake())));
    let hosts = Arc::new(hosts);
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors, say: retrying at once would spin.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        match connections.admit(stream) {
            Ok(slot) => {
                let (shared, hosts) = (shared.clone(), hosts.clone());
                // A thread that cannot start drops its slot, which closes the connection.
                let _ = std::thread::Builder::new().name("rolebook-http".into()).spawn(move || {
                    let _ = handle(&slot, &shared, &hosts);
                });
            }
            Err(stream) => {
                // Never block the accepting thread on a client: the answer fits the
                // socket's buffer or is dropped.
                let _ = stream.set_nonblocking(true);
                let reply = Reply { stream: &stream, deadline: Instant::now(), head_only: false };
                let _ = reply.text(503, "the preview is busy; try again\n");
            }
        }
    }
}

fn handle(slot: &Slot, shared: &Shared, hosts: &HostPolicy) -> io::Result<()> {
    let stream = slot.stream();
    let head = read_head(stream, Instant::now() + HEAD_DEADLINE);
    slot.enter(Phase::Response);
    let mut reply = Reply { stream, deadline: Instant::now() + RESPONSE_DEADLINE, head_only: false };
    let head = match head {
        Ok(head) => head,
        Err(HeadError::Timeout) => return reply.text(408, "the request did not arrive in time\n"),
        Err(HeadError::TooLarge) => return reply.text(431, "the request head is too large\n"),
        Err(HeadError::Gone) => return Ok(()),
    };
    let request = match parse(&head) {
        Ok(request) => request,
        Err(problem) => return reply.text(400, problem),
    };
    reply.head_only = request.method == "HEAD";
    if let Err((status, text)) = check_host(&request, hosts) {
        return reply.text(status, &text);
    }
    if request.method != "GET" && !reply.head_only {
        return reply.send(405, "text/plain; charset=utf-8", b"only GET and HEAD\n", "Allow: GET, HEAD\r\n");
    }
    if request.path == EVENTS_PATH {
        slot.enter(Phase::Events);
        return super::events::stream(slot, shared);
    }
    if request.path == LIVERELOAD_PATH {
        return reply.send(200, "text/javascript; charset=utf-8", LIVERELOAD.as_bytes(), "");
    }
    let files = shared.files();
    let roles = shared.roles_json();
    let exists = |key: &str| files.contains_key(key) || (key == ROLES_JSON && roles.is_some());
    match route(request.path, exists) {
        Route::File(key) => {
            let content_type = content_type(&key);
            match (&roles, files.get(&key)) {
                (Some(roles), _) if key == ROLES_JSON => reply.send(200, content_type, &roles.join(), ""),
                (_, Some(bytes)) if content_type.starts_with("text/html") => {
                    reply.send(200, content_type, &inject(bytes), "")
                }
                (_, Some(bytes)) => reply.send(200, content_type, bytes, ""),
                (_, None) => not_found(&reply, &files),
            }
        }
        Route::Redirect(location) => {
            reply.send(301, "text/plain; charset=utf-8", b"", &format!("Location: {location}\r\n"))
        }
        Route::NotFound => not_found(&reply, &files),
    }
}

/// Kept in parts by the preview rather than as a file (see `incremental`).
const ROLES_JSON: &str = crate::urls::API_ROLES;

fn not_found(reply: &Reply, files: &Files) -> io::Result<()> {
    match files.get(crate::urls::NOT_FOUND) {
        Some(page) => reply.send(404, "text/html; charset=utf-8", &inject(page), ""),
        None => reply.text(404, "not found\n"),
    }
}

enum HeadError {
    Timeout,
    TooLarge,
    /// Closed, reset, or taken over: there is no one to answer.
    Gone,
}

/// The request head up to and including the line before the blank one.
fn read_head(stream: &TcpStream, deadline: Instant) -> Result<Vec<u8>, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = time_left(deadline).ok_or(HeadError::Timeout)?;
        stream.set_read_timeout(Some(left)).map_err(|_| HeadError::Gone)?;
        let n = match (&*stream).read(&mut chunk) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(HeadError::Timeout)
            }
            Err(_) => return Err(HeadError::Gone),
        };
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = head_end(&head, from) {
            if end > MAX_HEAD {
                return Err(HeadError::TooLarge);
            }
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

/// Where the head ends: just after the `\n` that a blank line (`\n` or `\r\n`) follows.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    (from..buf.len())
        .find(|&i| buf[i] == b'\n' && (buf.get(i + 1) == Some(&b'\n') || buf.get(i + 1..i + 3) == Some(b"\r\n")))
        .map(|i| i + 1)
}

fn time_left(deadline: Instant) -> Option<Duration> {
    deadline.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())
}

#[derive(Debug)]
struct Request<'a> {
    method: &'a str,
    /// The path of the target, without query or fragment, still percent-encoded.
    path: &'a str,
    /// Every `Host` header's value.
    hosts: Vec<&'a str>,
    /// The authority of an absolute-form target (`GET http://host/path`).
    authority: Option<&'a str>,
}

/// Reads a request head strictly: anything a proxy or browser might read differently
/// (folded or nameless headers, stray carriage returns, odd targets) is refused.
fn parse(head: &[u8]) -> Result<Request<'_>, &'static str> {
    let head = std::str::from_utf8(head).map_err(|_| "the request head is not UTF-8\n")?;
    // RFC 9112 lets a server skip empty lines before the request line.
    let head = head.trim_start_matches(['\r', '\n']);
    let mut lines = head.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line));
    let request_line = lines.next().unwrap_or("");
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err("the request line is not `METHOD TARGET HTTP/1.1`\n");
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err("the request method is not a method\n");
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err("only HTTP/1.1 and HTTP/1.0 are spoken here\n");
    }
    let mut hosts = Vec::new();
    for line in lines.filter(|line| !line.is_empty()) {
        if line.contains('\r') {
            return Err("a header holds a stray carriage return\n");
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err("a header line has no `:`\n");
        };
        // Folded lines and `Name :` are obsolete forms that others read differently.
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("a header name is malformed\n");
        }
        if name.eq_ignore_ascii_case("host") {
            hosts.push(value.trim_matches([' ', '\t']));
        }
    }
    let (authority, target) = if target.starts_with('/') {
        (None, target)
    } else {
        let scheme = ["http://", "https://"]
            .into_iter()
            .find(|scheme| target.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)))
            .ok_or("the request target is neither a path nor an http URL\n")?;
        let rest = &target[scheme.len()..];
        let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
        (Some(authority), if path.starts_with('/') { path } else { "/" })
    };
    let path = target.split(['?', '#']).next().unwrap_or("/");
    Ok(Request { method, path, hosts, authority })
}

/// `Err` with the status and text to answer a request not addressed to this server.
fn check_host(request: &Request, hosts: &HostPolicy) -> Result<(), (u16, String)> {
    let host = match request.hosts[..] {
        [host] => host,
        [] => return Err((400, "the request has no Host header\n".into())),
        _ => return Err((400, "the request has more than one Host header\n".into())),
    };
    for named in std::iter::once(host).chain(request.authority) {
        if !hosts.allows(named) {
            let mut text = String::from(
                "rolebook serve answers only requests addressed to it: localhost, 127.0.0.1, [::1], \
                 the address it listens on, and names given with --allowed-host.\n",
            );
            // Repeated only when it is a well-formed host, so the page cannot carry markup.
            if let Some(name) = hosts.printable(named) {
                text.push_str(&format!(
                    "If you reach this preview as {name}, start it with: rolebook serve --allowed-host {name}\n"
                ));
            }
            return Err((403, text));
        }
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// The key of an output file.
    File(String),
    /// A same-origin absolute path.
    Redirect(String),
    NotFound,
}

/// What a request path leads to, given which output files exist.
fn route(path: &str, exists: impl Fn(&str) -> bool) -> Route {
    let Some(rel) = safe_path(path) else { return Route::NotFound };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) { Route::File(index) } else { Route::NotFound };
    }
    if exists(&rel) {
        return Route::File(rel);
    }
    if exists(&format!("{rel}/index.html")) {
        // `/roles/x` → `/roles/x/`, so relative links in the page resolve.
        return match location(&rel) {
            Some(location) => Route::Redirect(location),
            None => Route::NotFound,
        };
    }
    Route::NotFound
}

/// `/` + the percent-encoded segments of `dir` + `/`. `None` when that would not be a
/// path on this origin, which a path from [`safe_path`] never is; checked all the same,
/// because a browser takes `//host` and `/\host` as another host.
fn location(dir: &str) -> Option<String> {
    let mut location = String::from("/");
    for segment in dir.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return None;
        }
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
                location.push(byte as char);
            } else {
                location.push_str(&format!("%{byte:02X}"));
            }
        }
        location.push('/');
    }
    let second = location.as_bytes().get(1).copied();
    (second != Some(b'/') && second != Some(b'\\')).then_some(location)
}

/// The request path as a path inside the output, or `None` if it tries to leave it.
/// Percent-escapes are decoded first, so `%2e%2e` is caught like `..`; empty segments
/// collapse. Dotfiles are not refused here: what the build published is served.
pub fn safe_path(path: &str) -> Option<String> {
    let decoded = crate::urls::percent_decode(path).ok()?;
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains(char::is_control) {
        return None;
    }
    let trailing = decoded.ends_with('/');
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s => parts.push(s),
        }
    }
    let mut rel = parts.join("/");
    if trailing && !rel.is_empty() {
        rel.push('/');
    }
    Some(rel)
}

/// Adds the live-reload script to an HTML page.
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = b"<script src=\"/__rolebook/livereload.js\"></script>\n";
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    }
}

/// One answer on a connection, written by `deadline`.
struct Reply<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
    /// HEAD: the headers of the answer without its body.
    head_only: bool,
}

impl Reply<'_> {
    fn text(&self, status: u16, text: &str) -> io::Result<()> {
        self.send(status, "text/plain; charset=utf-8", text.as_bytes(), "")
    }

    /// `extra` is whole header lines, each ending in `\r\n`.
    fn send(&self, status: u16, content_type: &str, body: &[u8], extra: &str) -> io::Result<()> {
        let header = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            status_text(status),
            body.len()
        );
        self.write(header.as_bytes())?;
        if !self.head_only {
            self.write(body)?;
        }
        Ok(())
    }

    fn write(&self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            // A deadline already past still gets one try: small answers fit the buffer.
            let left = time_left(self.deadline).unwrap_or(Duration::from_millis(1));
            let _ = self.stream.set_write_timeout(Some(left));
            match (&*self.stream).write(&bytes[..bytes.len().min(64 * 1024)]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
            if !bytes.is_empty() && time_left(self.deadline).is_none() {
                return Err(io::ErrorKind::TimedOut.into());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/./x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/.%2e/x",
            "/a\\..\\b",
            "/%5c..%5cx",
            "/a/%00",
            "/a%0d%0aSet-Cookie:x",
            "/%zz",
            "/%+1",
            "/%c0%ae%c0%ae/x",
            "relative",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn ordinary_paths_and_dotfiles_map_into_the_output() {
        assert_eq!(safe_path("/").as_deref(), Some(""));
        assert_eq!(safe_path("/roles/x/").as_deref(), Some("roles/x/"));
        assert_eq!(safe_path("/style.css").as_deref(), Some("style.css"));
        assert_eq!(safe_path("/caf%C3%A9/").as_deref(), Some("café/"));
        assert_eq!(safe_path("//a//b").as_deref(), Some("a/b"));
        assert_eq!(safe_path("/.nojekyll").as_deref(), Some(".nojekyll"));
        assert_eq!(safe_path("/.well-known/security.txt").as_deref(), Some(".well-known/security.txt"));
        assert_eq!(safe_path("/a/...").as_deref(), Some("a/..."));
    }

    /// Hostile paths against an output where every one of them could lead to a redirect.
    #[test]
    fn no_redirect_leaves_the_origin() {
        let files = ["evil.example/index.html", "evil.example/x/index.html", "a b/index.html", "x/index.html"];
        let exists = |key: &str| files.contains(&key);
        for path in [
            "//evil.example",
            "//evil.example/x",
            "///evil.example",
            "////evil.example/x",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%2F%2F%2Fevil.example/x",
            "/\\evil.example",
            "/%5Cevil.example",
            "/\\/evil.example",
            "/%09/evil.example",
            "/.//evil.example",
            "/x/..//evil.example",
            "/evil.example",
            "/a%20b",
            "//x",
        ] {
            match route(path, exists) {
                Route::Redirect(location) => {
                    assert!(location.starts_with('/'), "{path} -> {location}");
                    assert!(!location.starts_with("//") && !location.starts_with("/\\"), "{path} -> {location}");
                    assert!(location.bytes().all(|b| b.is_ascii_graphic()), "{path} -> {location}");
                    assert!(files.contains(&format!("{}index.html", &location[1..]).replace("%20", " ").as_str()));
                }
                Route::File(_) | Route::NotFound => {}
            }
        }
        assert_eq!(route("//evil.example", exists), Route::Redirect("/evil.example/".into()));
        assert_eq!(route("/%2F%2Fevil.example/x", exists), Route::Redirect("/evil.example/x/".into()));
        assert_eq!(route("/a%20b", exists), Route::Redirect("/a%20b/".into()));
        assert_eq!(route("/\\evil.example", exists), Route::NotFound);
    }

    #[test]
    fn locations_are_encoded_segment_by_segment() {
        assert_eq!(location("roles/x").as_deref(), Some("/roles/x/"));
        assert_eq!(location("caf\u{e9}/a?b#c%d").as_deref(), Some("/caf%C3%A9/a%3Fb%23c%25d/"));
        assert_eq!(location("a\\b").as_deref(), Some("/a%5Cb/"));
        for bad in ["", "/evil", "a//b", "..", "a/./b"] {
            assert_eq!(location(bad), None, "{bad}");
        }
    }

    #[test]
    fn routes_serve_only_output_files() {
        let files = [".nojekyll", "index.html", "about/index.html", "style.css"];
        let exists = |key: &str| files.contains(&key);
        assert_eq!(route("/", exists), Route::File("index.html".into()));
        assert_eq!(route("/.nojekyll", exists), Route::File(".nojekyll".into()));
        assert_eq!(route("/about/", exists), Route::File("about/index.html".into()));
        assert_eq!(route("/about", exists), Route::Redirect("/about/".into()));
        assert_eq!(route("/style.css?v=1", exists), Route::NotFound, "the query is cut before routing");
        assert_eq!(route("/style.css/", exists), Route::NotFound);
        assert_eq!(route("/.git/config", exists), Route::NotFound);
        assert_eq!(route("/../index.html", exists), Route::NotFound);
    }

    fn parsed(head: &str) -> Result<Request<'_>, &'static str> {
        parse(head.as_bytes())
    }

    #[test]
    fn request_heads_are_read_strictly() {
        let r = parsed("GET /a?b HTTP/1.1\r\nHost: localhost\r\nX: y\r\n").unwrap();
        assert_eq!((r.method, r.path, r.hosts, r.authority), ("GET", "/a", vec!["localhost"], None));
        let r = parsed("\r\nGET HTTP://evil.example:80?x HTTP/1.1\nhOST:  a \n").unwrap();
        assert_eq!((r.path, r.hosts, r.authority), ("/", vec!["a"], Some("evil.example:80")));
        let r = parsed("GET http://localhost//evil HTTP/1.1\r\nHost: x\r\nHost: y\r\n").unwrap();
        assert_eq!((r.path, r.hosts.len(), r.authority), ("//evil", 2, Some("localhost")));
        for bad in [
            "GET / HTTP/1.1 x\r\nHost: a\r\n",
            "GET  / HTTP/1.1\r\nHost: a\r\n",
            "GET / HTTP/2\r\nHost: a\r\n",
            "get / HTTP/1.1\r\nHost: a\r\n",
            "GET * HTTP/1.1\r\nHost: a\r\n",
            "CONNECT evil.example:443 HTTP/1.1\r\nHost: a\r\n",
            "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n",
            "GET / HTTP/1.1\r\nHost : evil\r\n",
            "GET / HTTP/1.1\r\nX: a\r\n Host: evil\r\n",
            "GET / HTTP/1.1\r\nHost: a\rHost: evil\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n",
        ] {
            assert!(parsed(bad).is_err(), "{bad:?}");
        }
        assert!(parse(b"GET /\xff HTTP/1.1\r\nHost: a\r\n").is_err());
    }

    #[test]
    fn one_allowed_host_is_required_and_an_absolute_target_must_name_one_too() {
        let hosts = HostPolicy::new("127.0.0.1".parse().unwrap(), 4000, &[]);
        let status = |head: &str| check_host(&parsed(head).unwrap(), &hosts).err().map(|(status, _)| status);
        assert_eq!(status("GET / HTTP/1.1\r\nHost: localhost:4000\r\n"), None);
        assert_eq!(status("GET http://127.0.0.1:4000/ HTTP/1.1\r\nHost: localhost:4000\r\n"), None);
        assert_eq!(status("GET / HTTP/1.1\r\n"), Some(400));
        assert_eq!(status("GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n"), Some(400));
        assert_eq!(status("GET / HTTP/1.1\r\nHost: evil.example\r\n"), Some(403));
        assert_eq!(status("GET http://evil.example/ HTTP/1.1\r\nHost: localhost:4000\r\n"), Some(403));
        assert_eq!(status("GET http://localhost:4000/ HTTP/1.1\r\nHost: evil.example\r\n"), Some(403));
        assert_eq!(status("GET http://user@localhost:4000/ HTTP/1.1\r\nHost: localhost\r\n"), Some(403));
        assert_eq!(status("GET http:///x HTTP/1.1\r\nHost: localhost\r\n"), Some(403));
        let (_, text) = check_host(&parsed("GET / HTTP/1.1\r\nHost: Box.Lan:4000\r\n").unwrap(), &hosts).unwrap_err();
        assert!(text.contains("--allowed-host box.lan"), "{text}");
        let (_, text) = check_host(&parsed("GET / HTTP/1.1\r\nHost: <b>x</b>\r\n").unwrap(), &hosts).unwrap_err();
        assert!(!text.contains('<'), "{text}");
    }

    #[test]
    fn the_head_ends_at_the_first_blank_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody", 0), Some(25));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\n", 0), Some(23));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n", 0), None);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r", 0), None);
    }

    #[test]
    fn the_reload_script_goes_before_the_body_end() {
        let html = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__rolebook/livereload.js\"></script>\n</body></html>"
        );
    }
}
