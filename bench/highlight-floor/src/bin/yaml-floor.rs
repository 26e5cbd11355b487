//! How fast can yaml-rust2 itself read a corpus's role blueprints? The floor under the
//! first stage of a roles build: it reads every `.yaml` file under a folder and pulls every
//! parser event (what rolebook's tree of positioned values is built from), building
//! nothing, on one thread and then on every core.
//!
//!     cargo run --release --manifest-path bench/highlight-floor/Cargo.toml --bin yaml-floor -- DIR/content

use yaml_rust2::parser::{Event, Parser};

fn main() {
    let (dir, thread_counts) = highlight_floor::args("yaml-floor");
    let files = highlight_floor::read_corpus(&dir, "yaml");
    let bytes: usize = files.iter().map(String::len).sum();
    println!("{} files, {:.1} MB of YAML", files.len(), bytes as f64 / 1e6);
    for threads in thread_counts {
        let (secs, events) = highlight_floor::timed(&files, threads, |text| count_events(text));
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
            Err(e) => {
                eprintln!("not YAML: {e}");
                std::process::exit(1);
            }
        }
    }
}
