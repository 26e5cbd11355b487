//! How fast can pulldown-cmark itself turn a corpus's pages into HTML? The floor under the
//! markdown stage of a warm build (whose code blocks come from the highlight cache): it
//! reads every `.md` file under a folder, drops the front matter, then renders each body
//! with rolebook's markdown options and nothing else (no link resolution, no heading ids,
//! code left plain), on one thread and then on every core.
//!
//!     cargo run --release --manifest-path bench/highlight-floor/Cargo.toml --bin markdown-floor -- DIR/content

use pulldown_cmark::{Options, Parser};

fn main() {
    let (dir, thread_counts) = highlight_floor::args("markdown-floor");
    let bodies: Vec<String> = highlight_floor::read_corpus(&dir, "md").into_iter().map(without_front_matter).collect();
    let bytes: usize = bodies.iter().map(String::len).sum();
    println!("{} pages, {:.1} MB of markdown", bodies.len(), bytes as f64 / 1e6);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    for threads in thread_counts {
        let (secs, out) = highlight_floor::timed(&bodies, threads, |body| {
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options));
            html.len()
        });
        println!(
            "{threads} thread(s): {secs:.2} s wall, {:.0} MB/s per thread, {:.1} MB of HTML",
            bytes as f64 / 1e6 / secs / threads as f64,
            out as f64 / 1e6
        );
    }
}

fn without_front_matter(text: String) -> String {
    match text.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")) {
        Some((_, body)) => body.to_string(),
        None => text,
    }
}
