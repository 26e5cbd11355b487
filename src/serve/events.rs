//! The live-reload event stream (Server-Sent Events) at `/__rolebook/events`.
//!
//! A stream ends when the browser goes, when a write stalls for `WRITE_TIMEOUT`, or when
//! its slot is taken over (see `connections`); the browser's `EventSource` reconnects.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use super::connections::Slot;
use super::state::{Change, Shared, Snapshot};

/// Events are a few dozen bytes; a browser that takes this long to accept one is gone.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

pub fn stream(slot: &Slot, shared: &Shared) -> std::io::Result<()> {
    let mut stream = slot.stream();
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
    let mut seen = shared.snapshot();
    send(&mut stream, "hello", &format!("{{\"version\":{}}}", seen.version))?;
    if let Some(text) = &seen.error {
        send(&mut stream, "build-error", &error_json(text))?;
    }
    loop {
        let now = shared.wait(&seen, Duration::from_secs(15), || slot.closed());
        if slot.closed() {
            return Ok(());
        }
        if now.version == seen.version && now.error == seen.error {
            // Nothing new; a comment line finds out whether the browser is still there.
            stream.write_all(b": ping\n\n")?;
            stream.flush()?;
            continue;
        }
        report(&mut stream, &seen, &now)?;
        seen = now;
    }
}

fn report(stream: &mut &TcpStream, before: &Snapshot, now: &Snapshot) -> std::io::Result<()> {
    match (&now.error, now.version != before.version) {
        (Some(text), _) => send(stream, "build-error", &error_json(text)),
        (None, true) => {
            send(stream, "build-ok", "{}")?;
            match now.change {
                Change::Css => send(stream, "css", &format!("{{\"version\":{}}}", now.version)),
                Change::Reload => send(stream, "reload", &format!("{{\"version\":{}}}", now.version)),
            }
        }
        (None, false) => send(stream, "build-ok", "{}"),
    }
}

fn send(stream: &mut &TcpStream, event: &str, data: &str) -> std::io::Result<()> {
    stream.write_all(format!("event: {event}\ndata: {data}\n\n").as_bytes())?;
    stream.flush()
}

fn error_json(text: &str) -> String {
    serde_json::json!({ "text": text }).to_string()
}
