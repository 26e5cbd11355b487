//! `rolebook serve`: build into memory, serve it on loopback, rebuild on every saved
//! change and tell the browser to reload once the new build is complete.
//!
//! A failed rebuild keeps the last good build on the wire and shows the diagnostics in
//! the terminal and, through the event stream, over the page. The server answers only
//! requests addressed to it (see `host`) and stays responsive under idle connections
//! (see `connections`).

mod connections;
mod events;
pub mod host;
pub mod http;
pub mod incremental;
mod state;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::output::MemorySink;
use crate::site;
use incremental::{Outcome, Preview};
pub use state::Change;
use state::Shared;

#[derive(Debug, Clone)]
pub struct Options {
    pub site: site::Options,
    pub interface: IpAddr,
    pub port: u16,
    pub open: bool,
    /// Names besides the loopback ones and the listening address that requests may use.
    pub allowed_hosts: Vec<host::AllowedHost>,
}

/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 10;

/// Builds the whole site into memory. The error is the text to show people.
pub fn build(options: &site::Options) -> std::result::Result<Preview, String> {
    let render = || -> Result<Preview> {
        // The preview keeps no highlighting cache: it writes nothing to the site folder.
        let mut site = site::load(options, &crate::highlight_cache::HighlightCache::off())?;
        let sink = MemorySink::default();
        let (_, links, paths) = site.render_recorded(&sink, "preview")?;
        if !site.diagnostics.is_empty() {
            eprint!("{}", site.diagnostics.render());
        }
        let files = state::Files::new(sink.into_files().into_iter().map(|(k, v)| (k, Arc::from(v))).collect());
        Ok(Preview { site, files, links, paths })
    };
    match render() {
        Ok(preview) => Ok(preview),
        Err(Error::Content(d)) => Err(d.render()),
        Err(other) => Err(format!("error: {other}\n")),
    }
}

/// Binds the first free port from `port`, saying so when one is taken.
fn bind(interface: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last = None;
    for candidate in port..port.saturating_add(PORT_TRIES) {
        match TcpListener::bind(SocketAddr::new(interface, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(e) => {
                eprintln!("port {candidate} on {interface} is not available ({e}); trying the next one");
                last = Some(e);
            }
        }
    }
    Err(Error::Usage(format!(
        "no free port between {port} and {}: {}; choose another with --port",
        port.saturating_add(PORT_TRIES - 1),
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// Which way the browser should take a batch of changes.
pub fn classify(changed: &[String]) -> Change {
    let css_only = !changed.is_empty()
        && changed.iter().all(|p| p.ends_with(".css") && (p.starts_with("static/") || p.starts_with("themes/")));
    if css_only {
        Change::Css
    } else {
        Change::Reload
    }
}

pub fn serve(mut options: Options) -> Result<()> {
    let root = options.site.root.clone();
    if !root.join("content").is_dir() {
        return Err(Error::NotASite { root });
    }
    // Watch events carry absolute paths; an absolute root makes them comparable.
    let root = root.canonicalize().map_err(|e| Error::io(&root, e))?;
    options.site.root = root.clone();
    let listener = bind(options.interface, options.port)?;
    let address = listener.local_addr().map_err(|e| Error::io(&root, e))?;
    let host = match address.ip() {
        // A wildcard is no address to visit, and not one the server answers for.
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", address.port());
    options.site.base_url =
        Some(crate::config::BaseUrl::parse(&url).map_err(|message| Error::Usage(format!("{url}: {message}")))?);

    // Watch before the first build, so an edit made while it runs is not missed.
    let mut watcher = watch::Watcher::start(&root)
        .map_err(|e| Error::io(&root, std::io::Error::other(format!("cannot watch the site for changes: {e}"))))?;
    let start = Instant::now();
    let mut preview = None;
    let error = match build(&options.site) {
        Ok(built) => {
            preview = Some(built);
            None
        }
        Err(text) => {
            eprint!("{text}");
            Some(text)
        }
    };
    let files = preview.as_ref().map(|p| p.files.clone()).unwrap_or_default();
    let shared = Arc::new(Shared::new(files, error));
    if let Some(p) = &preview {
        shared.publish(p.files.clone(), p.roles_json(), Change::Reload);
    }
    eprintln!("built in {} ms", start.elapsed().as_millis());
    println!("Serving {} at {url}  (Ctrl-C to stop)", root.display());

    if address.ip().is_unspecified() {
        eprintln!(
            "listening on every interface, but answering only requests addressed to localhost, \
             127.0.0.1 or [::1]; add the names other machines use with --allowed-host NAME"
        );
    }
    let hosts = host::HostPolicy::new(address.ip(), address.port(), &options.allowed_hosts);
    let server = shared.clone();
    std::thread::spawn(move || http::run(listener, server, hosts));
    if options.open {
        open_browser(&url);
    }

    while let Some(changed) = watcher.next_batch() {
        let start = Instant::now();
        let quick = match preview.as_mut() {
            Some(p) => p.update(&changed),
            None => Ok(Outcome::Full),
        };
        let result = match quick {
            Ok(Outcome::Updated(n)) => Ok(format!("re-rendered {n} file(s)")),
            Ok(Outcome::Full) => build(&options.site).map(|built| {
                preview = Some(built);
                "rebuilt the site".to_string()
            }),
            Err(text) => Err(text),
        };
        match (result, preview.as_ref()) {
            (Ok(what), Some(p)) => {
                let mut watch = crate::timings::Stopwatch::new();
                shared.publish(p.files.clone(), p.roles_json(), classify(&changed));
                watch.lap("publish");
                eprintln!("{what} after {} change(s) in {} ms", changed.len(), start.elapsed().as_millis());
            }
            (Err(text), _) | (Ok(text), None) => {
                eprint!("{text}");
                eprintln!("the last good build is still being served");
                shared.fail(text);
            }
        }
    }
    Ok(())
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_only_changes_swap_stylesheets() {
        assert_eq!(classify(&["static/style.css".into()]), Change::Css);
        assert_eq!(classify(&["themes/default/static/style.css".into(), "static/x.css".into()]), Change::Css);
        assert_eq!(classify(&["static/style.css".into(), "content/a.md".into()]), Change::Reload);
        assert_eq!(classify(&["content/style.css".into()]), Change::Reload);
    }
}
