//! How fast can pulldown-cmark itself turn a corpus's pages into HTML? The floor under the
//! markdown stage of a warm build (whose code blocks come from the highlight cache): it
//! reads every `.md` file under a folder, drops the front matter, then renders each body
//! with rolebook's markdown options and nothing else (no link resolution, no heading ids,
//! code left plain), on one thread and then on every core.
//!
//!     cargo run --release --manifest-path bench/highlight-floor/Cargo.toml --bin markdown-floor -- DIR/content

use std::path::Path;
use std::time::Instant;

use pulldown_cmark::{Options, Parser};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: markdown-floor CONTENT_DIR");
        std::process::exit(2);
    };
    let mut bodies = Vec::new();
    collect(Path::new(&dir), &mut bodies);
    let bytes: usize = bodies.iter().map(String::len).sum();
    println!("{} pages, {:.1} MB of markdown", bodies.len(), bytes as f64 / 1e6);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for threads in [1, cores] {
        let start = Instant::now();
        let chunk = bodies.len().div_ceil(threads).max(1);
        let out: usize = std::thread::scope(|scope| {
            let workers: Vec<_> = bodies
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|body| {
                                let mut html = String::with_capacity(body.len() * 3 / 2);
                                pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options));
                                html.len()
                            })
                            .sum::<usize>()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().expect("worker")).sum()
        });
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{threads} thread(s): {secs:.2} s wall, {:.0} MB/s per thread, {:.1} MB of HTML",
            bytes as f64 / 1e6 / secs / threads as f64,
            out as f64 / 1e6
        );
    }
}

/// The body (without front matter) of every `.md` file under `dir`.
fn collect(dir: &Path, bodies: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("readable folder").filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, bodies);
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).expect("UTF-8 markdown");
            let body = match text.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")) {
                Some((_, body)) => body.to_string(),
                None => text,
            };
            bodies.push(body);
        }
    }
}
