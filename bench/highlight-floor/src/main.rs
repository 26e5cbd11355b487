//! How fast can syntect itself highlight a corpus's code blocks? This is the floor under
//! rolebook's cold build: it reads every fenced block (```lang ... ```) of every `.md` file
//! under a folder, then has syntect parse every line into scopes exactly as rolebook does
//! (the default newline syntaxes, the same language lookup), first on one thread, then on
//! every core. Writing the HTML is rolebook's own work and is not part of the floor.
//!
//!     cargo run --release --manifest-path bench/highlight-floor/Cargo.toml -- DIR/content [THREADS]
//!
//! With THREADS it runs only that many threads (`bench/run.sh` times it that way, beside
//! the builds).

use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

fn main() {
    let (dir, thread_counts) = highlight_floor::args("highlight-floor");
    let blocks: Vec<(String, String)> =
        highlight_floor::read_corpus(&dir, "md").iter().flat_map(|text| code_blocks(text)).collect();
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
    for threads in thread_counts {
        let (secs, out) = highlight_floor::timed(&blocks, threads, |(lang, code)| highlight(&syntaxes, lang, code));
        println!(
            "{threads} thread(s): {secs:.2} s wall, {:.1} µs per line, {out} scope changes",
            secs * 1e6 * threads as f64 / lines as f64,
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
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut changes = 0;
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, syntaxes).expect("syntect parses the line");
        for (_, op) in &ops {
            stack.apply(op).expect("syntect's scope operations apply");
        }
        changes += ops.len();
    }
    changes
}

/// Every fenced block with a language in a markdown text, as (language, code).
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        match (line.strip_prefix("```"), &mut open) {
            (Some(lang), None) if !lang.trim().is_empty() => open = Some((lang.trim().to_string(), String::new())),
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (None, Some((_, code))) => {
                code.push_str(line);
                code.push('\n');
            }
            _ => {}
        }
    }
    blocks
}
