//! A small HTTP/1.1 server for the preview: GET and HEAD of the in-memory site, and the
//! live-reload event stream. Files are looked up in the built output only, so nothing
//! outside it can be served whatever the request path says.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::state::Shared;

/// Connections served at once; more get a 503 rather than exhausting threads.
const MAX_CONNECTIONS: usize = 512;
pub const EVENTS_PATH: &str = "/__rolebook/events";
const LIVERELOAD: &str = include_str!("livereload.js");

/// Accepts connections until the listener fails.
pub fn run(listener: TcpListener, shared: Arc<Shared>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = respond(&stream, 503, "text/plain; charset=utf-8", b"busy\n", false);
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (shared, active) = (shared.clone(), active.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

struct Request {
    method: String,
    path: String,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    // Drain the headers; the body of a GET or HEAD is ignored.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    Some(Request { method, path })
}

use std::io::Read as _;

fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let Some(request) = read_request(&stream) else {
        return respond(&stream, 400, "text/plain; charset=utf-8", b"bad request\n", false);
    };
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        return respond(&stream, 405, "text/plain; charset=utf-8", b"only GET and HEAD\n", false);
    }
    if request.path == EVENTS_PATH {
        return super::events::stream(stream, shared);
    }
    if request.path == "/__rolebook/livereload.js" {
        return respond(&stream, 200, "text/javascript; charset=utf-8", LIVERELOAD.as_bytes(), head);
    }
    let Some(rel) = safe_path(&request.path) else {
        return not_found(&stream, shared, head);
    };
    if rel == "api/roles.json" {
        if let Some(roles) = shared.roles_json() {
            return respond(&stream, 200, "application/json", &roles.join(), head);
        }
    }
    let files = shared.files();
    let candidates = [
        rel.clone(),
        format!("{}index.html", if rel.is_empty() || rel.ends_with('/') { rel.clone() } else { format!("{rel}/") }),
    ];
    if !rel.is_empty() && !rel.ends_with('/') && files.get(&rel).is_none() && files.contains_key(&candidates[1]) {
        // `/roles/x` → `/roles/x/`, so relative links in the page resolve.
        return redirect(&stream, &format!("{}/", request.path));
    }
    let found = if rel.is_empty() || rel.ends_with('/') { files.get(&candidates[1]) } else { files.get(&rel) };
    match found {
        Some(bytes) => {
            let content_type = content_type(if rel.is_empty() || rel.ends_with('/') { "index.html" } else { &rel });
            if content_type.starts_with("text/html") {
                let html = inject(bytes);
                respond(&stream, 200, content_type, &html, head)
            } else {
                respond(&stream, 200, content_type, bytes, head)
            }
        }
        None => not_found(&stream, shared, head),
    }
}

fn not_found(stream: &TcpStream, shared: &Shared, head: bool) -> std::io::Result<()> {
    match shared.files().get("404.html") {
        Some(page) => respond(stream, 404, "text/html; charset=utf-8", &inject(page), head),
        None => respond(stream, 404, "text/plain; charset=utf-8", b"not found\n", head),
    }
}

/// The request path as a path inside the output, or `None` if it tries to leave it.
/// Percent-escapes are decoded first, so `%2e%2e` is caught like `..`.
pub fn safe_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let trailing = decoded.ends_with('/');
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.starts_with('.') && s != ".well-known" => return None,
            s => parts.push(s),
        }
    }
    let mut rel = parts.join("/");
    if trailing && !rel.is_empty() {
        rel.push('/');
    }
    Some(rel)
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    }
}

pub fn respond(
    mut stream: &TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        status_text(status),
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn redirect(mut stream: &TcpStream, location: &str) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(header.as_bytes())?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a\\..\\b",
            "/%5c..%5cx",
            "/.git/config",
            "/a/%00",
            "/%zz",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn ordinary_paths_map_into_the_output() {
        assert_eq!(safe_path("/").as_deref(), Some(""));
        assert_eq!(safe_path("/roles/x/").as_deref(), Some("roles/x/"));
        assert_eq!(safe_path("/style.css").as_deref(), Some("style.css"));
        assert_eq!(safe_path("/caf%C3%A9/").as_deref(), Some("café/"));
        assert_eq!(safe_path("//a//b").as_deref(), Some("a/b"));
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
