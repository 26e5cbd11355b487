//! Problems found in a site, collected rather than thrown, and printed for people.
//!
//! Every content problem becomes a [`Diagnostic`] with the file, line and column, the
//! offending source line, and a hint where one helps. A run collects them all, sorts them so
//! output is deterministic, prints them, and fails if any is an error.

use std::fmt::{self, Write as _};

use crate::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub pos: Option<Pos>,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// The source line `pos` points into.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            pos: None,
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn warning(file: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, code, message) }
    }

    /// Points the diagnostic at `pos` in `text` (the whole file), keeping the line for display.
    pub fn at(mut self, text: &str, pos: Pos) -> Self {
        // memchr finds the line: a hostile file with thousands of problems asks this for
        // each, and a character-by-character walk made that quadratic in practice.
        let start = match pos.line.saturating_sub(1) as usize {
            0 => Some(0),
            n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(n - 1).map(|at| at + 1),
        };
        self.snippet = start.filter(|&at| at < text.len()).map(|at| {
            let line = &text[at..];
            let end = memchr::memchr(b'\n', line.as_bytes()).unwrap_or(line.len());
            line[..end].trim_end().to_string()
        });
        self.pos = Some(pos);
        self
    }

    /// Moves the reported position without changing the snippet.
    pub fn with_pos(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col` (or just the path when there is no position).
    pub fn location(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}", visible(&self.file), p.line, p.col),
            None => visible(&self.file),
        }
    }

    /// The text printed to the terminal and shown in the browser overlay.
    pub fn render(&self) -> String {
        let mut out =
            format!("{}: {}[{}]: {}\n", self.location(), self.severity, self.code, visible_text(&self.message));
        if let (Some(snippet), Some(pos)) = (&self.snippet, self.pos) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let (window, col) = snippet_window(snippet, pos.col.saturating_sub(1) as usize);
            // Escaped before measuring, so the caret stays under its column (a tab is `\t`).
            let caret_at = visible(&window.chars().take(col).collect::<String>()).chars().count();
            let shown = visible(&window);
            let _ = writeln!(out, " {number} | {shown}");
            let _ = writeln!(out, " {gutter} | {}^", " ".repeat(caret_at));
        }
        if let Some(hint) = &self.hint {
            // A hint may hold lines to paste; they stay under its text.
            let _ = writeln!(out, " = hint: {}", hint.replace('\n', "\n         "));
        }
        out
    }
}

/// The part of a source line shown under a message: the whole line when it is short,
/// else about [`SNIPPET_CHARS`] characters around the column, cut ends marked `…` (a
/// minified or generated line can be megabytes long). Returns the text and the column
/// (0-based, in characters) within it.
fn snippet_window(line: &str, col: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_CHARS {
        return (line.to_string(), col);
    }
    let col = col.min(count);
    let start = col.saturating_sub(SNIPPET_CHARS / 2).min(count.saturating_sub(SNIPPET_CHARS));
    let end = (start + SNIPPET_CHARS).min(count);
    let mut shown: String = line.chars().skip(start).take(end - start).collect();
    let mut at = col - start;
    if start > 0 {
        shown.insert(0, '…');
        at += 1;
    }
    if end < count {
        shown.push('…');
    }
    (shown, at)
}

/// `text` with control characters written as escapes (`\n`, `\u{1b}`): a file name or
/// value holding a line break or a terminal escape must not break the one-line
/// `path:line:col: message` form editors and CI read, nor drive the terminal.
fn visible(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars().map(|c| if c.is_control() { c.escape_default().collect() } else { c.to_string() }).collect()
}

/// Like [`visible`], keeping line breaks and tabs: a message may span lines (a template
/// error shows the template's line under it), but it never carries a terminal escape.
fn visible_text(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return text.to_string();
    }
    text.chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { c.escape_default().collect() } else { c.to_string() })
        .collect()
}

/// How many characters of a long source line a message shows.
const SNIPPET_CHARS: usize = 100;

/// How diagnostics are printed (`--message-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: error[code]: message`, the source line and a hint.
    #[default]
    Human,
    /// One JSON object per line: file, line, column, severity, code, message, hint.
    Json,
    /// GitHub Actions annotations (`::error file=...,line=...::message`).
    Github,
}

impl Diagnostic {
    /// One line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "file": self.file,
            "line": self.pos.map(|p| p.line),
            "column": self.pos.map(|p| p.col),
            "severity": self.severity.to_string(),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        })
        .to_string()
    }

    /// A GitHub Actions workflow command that annotates the file.
    pub fn to_github(&self) -> String {
        let escape = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        let property = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut location = format!("file={}", property(&self.file));
        if let Some(p) = self.pos {
            location.push_str(&format!(",line={},col={}", p.line, p.col));
        }
        let mut message = format!("{} [{}]", self.message, self.code);
        if let Some(hint) = &self.hint {
            message.push_str(&format!("\nhint: {hint}"));
        }
        format!("::{level} {location},title={}::{}", property(&format!("rolebook {}", self.code)), escape(&message))
    }
}

/// The sink every stage writes problems into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend_one(&mut self, diagnostic: Option<Diagnostic>) {
        self.items.extend(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All diagnostics, sorted by file, position and message; duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort();
        items.dedup();
        items
    }

    /// Turns every warning into an error (`--deny-warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Everything in the chosen format.
    pub fn render_as(&self, format: Format) -> String {
        match format {
            Format::Human => self.render(),
            Format::Json => self.sorted().iter().map(|d| d.to_json() + "\n").collect(),
            Format::Github => self.sorted().iter().map(|d| d.to_github() + "\n").collect(),
        }
    }

    /// Everything, as printed to the terminal, ending with a count.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render());
            out.push('\n');
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        if errors + warnings > 0 {
            let _ = writeln!(out, "{}, {}", plural(errors, "error"), plural(warnings, "warning"));
        }
        out
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_the_column_with_its_cut_ends_marked() {
        let line = format!("{}X{}", "a".repeat(5_000), "b".repeat(5_000));
        let d = Diagnostic::error("f.yaml", "x", "bad").at(&line, Pos::new(1, 5_001));
        let text = d.render();
        let shown: Vec<&str> = text.lines().collect();
        assert!(shown[1].chars().count() < 120, "{}", shown[1]);
        assert!(shown[1].contains("…a") && shown[1].contains("b…"), "{}", shown[1]);
        let caret = shown[2].find('^').unwrap();
        assert_eq!(shown[1].chars().nth(shown[2][..caret].chars().count()), Some('X'), "the caret is under the column");
        // Near the start, nothing is cut on the left.
        let d = Diagnostic::error("f.yaml", "x", "bad").at(&line, Pos::new(1, 3));
        let first = d.render().lines().nth(1).unwrap().to_string();
        assert!(first.starts_with(" 1 | aaa") && first.ends_with('…'), "{first}");
    }

    #[test]
    fn control_characters_in_names_and_messages_are_shown_as_escapes() {
        let d = Diagnostic::error("content/a\nb.md", "x", "the path `b/\u{1b}[2J` is bad\n  (a second line)");
        let text = d.render();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.starts_with("content/a\\nb.md: error[x]: the path `b/\\u{1b}[2J` is bad\n  (a second line)"),
            "{text}"
        );
    }

    #[test]
    fn renders_location_snippet_caret_and_hint() {
        let text = "title: x\nsumary: y\n";
        let d = Diagnostic::error("content/a.md", "unknown-field", "unknown field `sumary`")
            .at(text, Pos::new(2, 1))
            .with_hint("did you mean `summary`?");
        assert_eq!(
            d.render(),
            "content/a.md:2:1: error[unknown-field]: unknown field `sumary`\n 2 | sumary: y\n   | ^\n = hint: did you mean `summary`?\n"
        );
    }

    #[test]
    fn json_and_github_formats() {
        let d = Diagnostic::error("content/a.md", "broken-link", "no file, really: x")
            .at("l1\nl2\n", Pos::new(2, 3))
            .with_hint("did you mean `b`?");
        let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
        assert_eq!(json["line"], 2);
        assert_eq!(json["column"], 3);
        assert_eq!(json["severity"], "error");
        assert_eq!(json["hint"], "did you mean `b`?");
        assert_eq!(
            d.to_github(),
            "::error file=content/a.md,line=2,col=3,title=rolebook broken-link::no file, really: x [broken-link]%0Ahint: did you mean `b`?"
        );
    }

    #[test]
    fn sorts_and_counts() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("b.md", "w", "later"));
        all.push(Diagnostic::error("a.md", "e", "first"));
        let sorted = all.sorted();
        assert_eq!(sorted[0].file, "a.md");
        assert!(all.has_errors());
        assert!(all.render().ends_with("1 error, 1 warning\n"));
    }
}
