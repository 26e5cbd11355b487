//! How fast can yaml-rust2 itself read a corpus's role blueprints? The floor under the
//! first stage of a roles build: it reads every `.yaml` file under a folder and pulls every
//! parser event (what rolebook's tree of positioned values is built from), building
//! nothing, on one thread and then on every core.
//!
//!     cargo run --release --manifest-path bench/highlight-floor/Cargo.toml --bin yaml-floor -- DIR/content

use std::path::Path;
use std::time::Instant;

use yaml_rust2::parser::{Event, Parser};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: yaml-floor CONTENT_DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    let bytes: usize = files.iter().map(String::len).sum();
    println!("{} files, {:.1} MB of YAML", files.len(), bytes as f64 / 1e6);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for threads in [1, cores] {
        let start = Instant::now();
        let chunk = files.len().div_ceil(threads).max(1);
        let events: usize = std::thread::scope(|scope| {
            let workers: Vec<_> = files
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(|text| count_events(text)).sum::<usize>()))
                .collect();
            workers.into_iter().map(|w| w.join().expect("worker")).sum()
        });
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{threads} thread(s): {secs:.2} s wall, {:.0} MB/s per thread, {events} events",
            bytes as f64 / 1e6 / secs / threads as f64
        );
    }
}

fn count_events(text: &str) -> usize {
    let mut parser = Parser::new_from_str(text);
    let mut events = 0;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return events,
            Ok(_) => events += 1,
            Err(e) => panic!("not YAML: {e}"),
        }
    }
}

/// The text of every `.yaml` file under `dir`.
fn collect(dir: &Path, files: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("readable folder").filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(std::fs::read_to_string(&path).expect("UTF-8 YAML"));
        }
    }
}
