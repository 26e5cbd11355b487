//! How fast can syntect itself highlight a corpus's code blocks? This is the floor under
//! rolebook's cold build: it reads every fenced block (```lang ... ```) of every `.md` file
//! under a folder, then highlights them exactly as rolebook does (the default newline
//! syntaxes, CSS classes prefixed `hl-`), first on one thread, then on every core.
//!
//!     cargo run --release --manifest-path bench/highlight-floor/Cargo.toml -- DIR/content [THREADS]
//!
//! With THREADS it runs only that many threads (`bench/run.sh` times it that way, beside
//! the builds).

use std::path::Path;
use std::time::Instant;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: highlight-floor CONTENT_DIR");
        std::process::exit(2);
    };
    let mut blocks = Vec::new();
    collect(Path::new(&dir), &mut blocks);
    let lines: usize = blocks.iter().map(|(_, code)| code.lines().count()).sum();
    let bytes: usize = blocks.iter().map(|(_, code)| code.len()).sum();
    println!("{} code blocks, {lines} lines, {:.1} MB", blocks.len(), bytes as f64 / 1e6);

    let syntaxes = SyntaxSet::load_defaults_newlines();
    // Regexes compile lazily on first use: one untimed pass over a block per language.
    let mut seen = std::collections::HashSet::new();
    for (lang, code) in &blocks {
        if seen.insert(lang.clone()) {
            highlight(&syntaxes, lang, code);
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let counts = match std::env::args().nth(2).map(|t| t.parse::<usize>()) {
        Some(Ok(n)) if n > 0 => vec![n],
        Some(_) => {
            eprintln!("THREADS must be a positive number");
            std::process::exit(2);
        }
        None => vec![1, cores],
    };
    for threads in counts {
        let start = Instant::now();
        let chunk = blocks.len().div_ceil(threads).max(1);
        let out: usize = std::thread::scope(|scope| {
            let workers: Vec<_> = blocks
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(|| part.iter().map(|(lang, code)| highlight(&syntaxes, lang, code)).sum::<usize>())
                })
                .collect();
            workers.into_iter().map(|w| w.join().expect("worker")).sum()
        });
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{threads} thread(s): {secs:.2} s wall, {:.1} µs per line, {:.1} MB of HTML",
            secs * 1e6 * threads as f64 / lines as f64,
            out as f64 / 1e6
        );
    }
}

fn highlight(syntaxes: &SyntaxSet, lang: &str, code: &str) -> usize {
    let token = match lang {
        "bash" | "shell" => "sh",
        "python" => "py",
        other => other,
    };
    let syntax = syntaxes.find_syntax_by_token(token).unwrap_or_else(|| syntaxes.find_syntax_plain_text());
    let mut html =
        ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, ClassStyle::SpacedPrefixed { prefix: "hl-" });
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).expect("syntect highlights the line");
    }
    html.finalize().len()
}

/// Every fenced block with a language, from every `.md` file under `dir`.
fn collect(dir: &Path, blocks: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("readable folder").filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, blocks);
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).expect("UTF-8 markdown");
            let mut open: Option<(String, String)> = None;
            for line in text.lines() {
                match (line.strip_prefix("```"), &mut open) {
                    (Some(lang), None) if !lang.trim().is_empty() => {
                        open = Some((lang.trim().to_string(), String::new()))
                    }
                    (Some(_), Some(_)) => blocks.extend(open.take()),
                    (None, Some((_, code))) => {
                        code.push_str(line);
                        code.push('\n');
                    }
                    _ => {}
                }
            }
        }
    }
}
