//! A fixture site copied to a temporary folder, the real binary run against it, and
//! assertions on what it wrote and printed.
//!
//! The assertions are fluent and say what they saw when they fail:
//! `site.assert_file("about/index.html").contains("<table>")` prints the file's text, and
//! `run.assert_diag("broken-link").at("content/a.md", 3)` prints every diagnostic of the
//! run. They are `#[track_caller]`, so a failure points at the test's line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    /// Asserts exit code 0 and returns self.
    pub fn success(self) -> Self {
        assert_eq!(self.code(), 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self
    }
    /// Asserts the exit code and returns self.
    pub fn fails_with(self, code: i32) -> Self {
        assert_eq!(self.code(), code, "unexpected exit code\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self
    }
    /// Assertions on what the run printed on stderr.
    pub fn assert_stderr(&self) -> Text {
        Text::new("stderr", self.stderr())
    }
    /// Assertions on what the run printed on stdout.
    pub fn assert_stdout(&self) -> Text {
        Text::new("stdout", self.stdout())
    }
    /// Every diagnostic printed on stderr (the default `human` message format).
    pub fn diagnostics(&self) -> Vec<Diag> {
        let mut found: Vec<Diag> = Vec::new();
        for line in self.stderr().lines() {
            if let Some(hint) = line.strip_prefix(" = hint: ") {
                if let Some(last) = found.last_mut() {
                    last.hint = Some(hint.to_string());
                }
            } else if let Some(diag) = Diag::parse(line) {
                found.push(diag);
            }
        }
        found
    }
    /// The run's diagnostics with this code; fails, showing them all, when there is none.
    #[track_caller]
    pub fn assert_diag(&self, code: &str) -> DiagAssert {
        let all = self.diagnostics();
        let matching: Vec<Diag> = all.iter().filter(|d| d.code == code).cloned().collect();
        let wanted = format!("[{code}]");
        let found = DiagAssert { all, stderr: self.stderr(), wanted, matching };
        found.require_some();
        found
    }
}

/// One diagnostic as printed: `file:line:col: severity[code]: message`, and its hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub file: String,
    pub line: Option<u32>,
    pub col: Option<u32>,
    pub severity: String,
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Diag {
    /// A diagnostic's first line, or None for any other line (snippets, summaries).
    fn parse(line: &str) -> Option<Diag> {
        let (at, severity) =
            [": error[", ": warning["].iter().find_map(|m| Some((line.find(m)?, &m[2..m.len() - 1])))?;
        let location = &line[..at];
        let rest = &line[at + 2 + severity.len() + 1..];
        let (code, message) = rest.split_once(']')?;
        let message = message.strip_prefix(": ").unwrap_or(message);
        // `path:line:col`, or just the path when the problem has no position.
        let mut parts = location.rsplitn(3, ':');
        let (col, line_no, path) = (parts.next(), parts.next(), parts.next());
        let (file, line_no, col) = match (path, line_no.and_then(|l| l.parse().ok()), col.and_then(|c| c.parse().ok()))
        {
            (Some(path), Some(l), Some(c)) => (path, Some(l), Some(c)),
            _ => (location, None, None),
        };
        Some(Diag {
            file: file.to_string(),
            line: line_no,
            col,
            severity: severity.to_string(),
            code: code.to_string(),
            message: message.to_string(),
            hint: None,
        })
    }
}

/// The diagnostics still matching an `assert_diag` chain; each step narrows them and
/// fails when none is left, showing what it looked for and the run's whole stderr.
pub struct DiagAssert {
    all: Vec<Diag>,
    stderr: String,
    /// What the chain asked for so far, for the failure message.
    wanted: String,
    matching: Vec<Diag>,
}

impl DiagAssert {
    /// Those at `file:line` (any column).
    #[track_caller]
    pub fn at(self, file: &str, line: u32) -> Self {
        self.narrow(&format!(" at {file}:{line}"), |d| d.file == file && d.line == Some(line))
    }
    /// Those at this column (after `at`).
    #[track_caller]
    pub fn col(self, col: u32) -> Self {
        self.narrow(&format!(" column {col}"), |d| d.col == Some(col))
    }
    /// Those in `file`, at any position or none.
    #[track_caller]
    pub fn in_file(self, file: &str) -> Self {
        self.narrow(&format!(" in {file}"), |d| d.file == file)
    }
    /// Those whose message is exactly `text`.
    #[track_caller]
    pub fn message(self, text: &str) -> Self {
        self.narrow(&format!(" saying exactly `{text}`"), |d| d.message == text)
    }
    #[track_caller]
    pub fn message_contains(self, text: &str) -> Self {
        self.narrow(&format!(" saying `{text}`"), |d| d.message.contains(text))
    }
    /// Those whose hint is exactly `text`.
    #[track_caller]
    pub fn hint(self, text: &str) -> Self {
        self.narrow(&format!(" hinting exactly `{text}`"), |d| d.hint.as_deref() == Some(text))
    }
    #[track_caller]
    pub fn hint_contains(self, text: &str) -> Self {
        self.narrow(&format!(" hinting `{text}`"), |d| d.hint.as_deref().is_some_and(|h| h.contains(text)))
    }
    #[track_caller]
    pub fn warning(self) -> Self {
        self.narrow(" as a warning", |d| d.severity == "warning")
    }
    #[track_caller]
    pub fn error(self) -> Self {
        self.narrow(" as an error", |d| d.severity == "error")
    }
    /// Exactly `n` diagnostics match the chain so far.
    #[track_caller]
    pub fn count(self, n: usize) -> Self {
        if self.matching.len() != n {
            self.fail(&format!("expected {n} diagnostics {}, found {}", self.wanted, self.matching.len()));
        }
        self
    }

    #[track_caller]
    fn narrow(mut self, step: &str, keep: impl Fn(&Diag) -> bool) -> Self {
        self.wanted.push_str(step);
        self.matching.retain(keep);
        self.require_some();
        self
    }

    #[track_caller]
    fn require_some(&self) {
        if self.matching.is_empty() {
            self.fail(&format!("no diagnostic {}", self.wanted));
        }
    }

    #[track_caller]
    fn fail(&self, what: &str) -> ! {
        let parsed: Vec<String> = self.all.iter().map(Diag::to_string).collect();
        panic!(
            "{what}\n--- {} diagnostics parsed:\n{}\n--- stderr:\n{}--- end",
            parsed.len(),
            parsed.join("\n"),
            self.stderr
        );
    }
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let (Some(line), Some(col)) = (self.line, self.col) {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// A text under test (an output file, stdout or stderr), shown on failure.
pub struct Text {
    what: String,
    text: String,
}

/// How much of a text a failure shows: whole pages, cut only when they are huge.
const SHOWN_BYTES: usize = 32 * 1024;

impl Text {
    pub fn new(what: impl Into<String>, text: impl Into<String>) -> Self {
        Text { what: what.into(), text: text.into() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    #[track_caller]
    pub fn contains(&self, needle: &str) -> &Self {
        if !self.text.contains(needle) {
            self.missing(needle);
        }
        self
    }

    #[track_caller]
    pub fn not_contains(&self, needle: &str) -> &Self {
        if let Some(at) = self.text.find(needle) {
            self.fail(&format!(
                "{} contains `{needle}`, on line {}:\n{}",
                self.what,
                self.line_of(at),
                self.around(at)
            ));
        }
        self
    }

    #[track_caller]
    pub fn starts_with(&self, start: &str) -> &Self {
        if !self.text.starts_with(start) {
            self.fail(&format!("{} does not start with `{start}`", self.what));
        }
        self
    }

    /// Every needle occurs, and their first occurrences come in this order.
    #[track_caller]
    pub fn contains_in_order(&self, needles: &[&str]) -> &Self {
        let mut previous: Option<(&str, usize)> = None;
        for needle in needles {
            let at = self.text.find(needle).unwrap_or_else(|| self.missing(needle));
            if let Some((before, before_at)) = previous.filter(|&(_, before_at)| before_at >= at) {
                self.fail(&format!(
                    "{}: `{needle}` first occurs on line {}, not after `{before}` (line {}); expected the order {needles:?}",
                    self.what,
                    self.line_of(at),
                    self.line_of(before_at)
                ));
            }
            previous = Some((needle, at));
        }
        self
    }

    #[track_caller]
    pub fn equals(&self, expected: &str) -> &Self {
        if self.text != expected {
            let line = self.text.lines().zip(expected.lines()).take_while(|(a, b)| a == b).count() + 1;
            panic!(
                "{} differs from the expected text from line {line}\n--- expected:\n{expected}\n--- {}:\n{}\n--- end",
                self.what,
                self.what,
                self.shown()
            );
        }
        self
    }

    #[track_caller]
    fn missing(&self, needle: &str) -> ! {
        self.fail(&format!("{} does not contain `{needle}`{}", self.what, self.nearest(needle)))
    }

    /// The line holding the longest start of `needle` the text does contain: most
    /// failures are a near miss (an attribute changed, a word spelled otherwise).
    fn nearest(&self, needle: &str) -> String {
        let prefix = (1..=needle.len())
            .rev()
            .filter(|&n| needle.is_char_boundary(n))
            .find(|&n| n >= 4 && self.text.contains(&needle[..n]));
        match prefix {
            Some(n) => format!(
                "\nnearest match (`{}` then not `{}`):\n{}",
                &needle[..n],
                &needle[n..],
                self.around(self.text.find(&needle[..n]).unwrap())
            ),
            None => String::new(),
        }
    }

    /// The 1-based line number of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.text[..at].matches('\n').count() + 1
    }

    /// The lines around byte `at`, numbered.
    fn around(&self, at: usize) -> String {
        let line = self.text[..at].matches('\n').count();
        let first = line.saturating_sub(2);
        self.text
            .lines()
            .enumerate()
            .skip(first)
            .take(line - first + 3)
            .map(|(i, l)| format!("{:>5}{} {l}", i + 1, if i == line { ">" } else { "|" }))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn shown(&self) -> String {
        if self.text.len() <= SHOWN_BYTES {
            return self.text.clone();
        }
        let mut end = SHOWN_BYTES;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}\n… ({} more bytes)", &self.text[..end], self.text.len() - end)
    }

    #[track_caller]
    fn fail(&self, what: &str) -> ! {
        panic!("{what}\n--- {} ({} bytes):\n{}\n--- end", self.what, self.text.len(), self.shown());
    }
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn from_fixture(name: &str) -> Self {
        let test = SiteTest::empty();
        copy_dir(&fixture_dir(name), &test.root);
        test
    }

    /// A site folder with an empty `content/`.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("create site");
        SiteTest { _dir: dir, root }
    }

    /// The temporary folder that holds the site (for outputs placed beside it).
    pub fn outer(&self) -> &Path {
        self.root.parent().expect("site has a parent")
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// Runs `rolebook ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_rolebook"))
            .args(args)
            .current_dir(&self.root)
            .env_remove("RUST_LOG")
            .output()
            .expect("run rolebook");
        Run { output }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"]).success()
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// A file of the site folder, as text.
    pub fn source(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// A file of the output, as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Assertions on a file of the output; fails, listing the output, when it is missing.
    #[track_caller]
    pub fn assert_file(&self, rel: &str) -> Text {
        let path = self.public().join(rel);
        match std::fs::read_to_string(&path) {
            Ok(text) => Text::new(format!("public/{rel}"), text),
            Err(e) => {
                let files: Vec<String> = SiteTest::snapshot(&self.public()).into_iter().map(|(f, _)| f).collect();
                panic!("cannot read public/{rel}: {e}\n--- the output holds:\n{}", files.join("\n"))
            }
        }
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Every file under `dir`, relative, sorted, with its bytes.
    pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `href="..."` and `src="..."` value in an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    found
}

/// Checks that every link under `base_path` in every HTML file of `public` leads to a
/// produced file, and every `#anchor` to an id in it. Returns the broken ones.
pub fn broken_links(public: &Path, base_path: &str, origin: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for (rel, bytes) in SiteTest::snapshot(public) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in links(&html) {
            let local = link.strip_prefix(origin).unwrap_or(&link);
            let (path, anchor) = match local.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (local, None),
            };
            let target_html = if path.is_empty() {
                html.clone()
            } else if let Some(inside) = path.strip_prefix(base_path) {
                let file = if inside.is_empty() || inside.ends_with('/') {
                    format!("{inside}index.html")
                } else {
                    inside.to_string()
                };
                match std::fs::read(public.join(&file)) {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(_) => {
                        broken.push(format!("{rel}: {link} (no file {file})"));
                        continue;
                    }
                }
            } else if path.starts_with('/') || path.starts_with(origin) {
                broken.push(format!("{rel}: {link} (outside the base path {base_path})"));
                continue;
            } else {
                continue; // another host
            };
            if let Some(anchor) = anchor {
                if !target_html.contains(&format!("id=\"{anchor}\"")) {
                    broken.push(format!("{rel}: {link} (no id {anchor})"));
                }
            }
        }
    }
    broken
}

/// A `rolebook serve` of a test site on a free port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT` (or the `--interface` address), as the server printed it.
    pub addr: String,
    pub port: u16,
    /// The server's stderr, line by line, read as it comes so the pipe never fills.
    stderr: std::sync::mpsc::Receiver<String>,
}

/// How the server took one batch of changes, from the line it prints after it.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// `re-rendered N file(s) after …`: the incremental fast path rendered N files again.
    FastPath(usize),
    /// `rebuilt the site after …`: the whole site was built again.
    FullRebuild,
    /// `the last good build is still being served`: the change had errors.
    Failed,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How the server took the next batch of changes; waits up to a minute for its line.
    #[track_caller]
    pub fn next_update(&self) -> Update {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            let Ok(line) = self.stderr.recv_timeout(left) else { break };
            if let Some(rest) = line.strip_prefix("re-rendered ") {
                let count = rest.split(' ').next().and_then(|n| n.parse().ok());
                return Update::FastPath(count.unwrap_or_else(|| panic!("no count in `{line}`")));
            } else if line.starts_with("rebuilt the site after ") {
                return Update::FullRebuild;
            } else if line == "the last good build is still being served" {
                return Update::Failed;
            }
            seen.push(line);
        }
        panic!("the server reported no update; its stderr since the last one:\n{}", seen.join("\n"));
    }
}

impl SiteTest {
    /// Starts `rolebook serve --port 0 ARGS` in the site folder and waits for the line
    /// that says where it listens.
    pub fn serve(&self, args: &[&str]) -> Server {
        use std::io::BufRead as _;
        let mut child = Command::new(env!("CARGO_BIN_EXE_rolebook"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(&self.root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start rolebook serve");
        let (tx, stderr) = std::sync::mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                // A test that stopped listening still drains the pipe.
                let _ = tx.send(line);
            }
        });
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.split(" at ").nth(1).expect("serving line").split_whitespace().next().unwrap();
        let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        Server { child, addr, port, stderr }
    }
}

/// The harness's own assertions: they find what is there, and a failure shows what they saw.
mod tests {
    use std::os::unix::process::ExitStatusExt as _;

    use super::{Diag, Run, Text};

    fn run_with_stderr(stderr: &str) -> Run {
        let status = std::process::ExitStatus::from_raw(1 << 8);
        Run { output: std::process::Output { status, stdout: Vec::new(), stderr: stderr.as_bytes().to_vec() } }
    }

    const STDERR: &str = "content/a.md:3:7: error[broken-link]: link to `@/b.md`: no file `content/b.md`\n 3 | See [b](@/b.md).\n   |       ^\n = hint: did you mean `@/c.md`?\n\ncontent/a.md:9:1: warning[unknown-language]: unknown language `klingon`\nrolebook.yaml: error[unknown-field]: a: b\n\nerror: 2 errors, 1 warning\n";

    #[test]
    fn diagnostics_are_read_back_with_position_severity_message_and_hint() {
        let diags = run_with_stderr(STDERR).diagnostics();
        assert_eq!(diags.len(), 3, "{diags:#?}");
        assert_eq!(
            diags[0],
            Diag {
                file: "content/a.md".into(),
                line: Some(3),
                col: Some(7),
                severity: "error".into(),
                code: "broken-link".into(),
                message: "link to `@/b.md`: no file `content/b.md`".into(),
                hint: Some("did you mean `@/c.md`?".into()),
            }
        );
        assert_eq!((diags[1].severity.as_str(), diags[1].hint.as_deref()), ("warning", None));
        assert_eq!((diags[2].file.as_str(), diags[2].line, diags[2].message.as_str()), ("rolebook.yaml", None, "a: b"));
    }

    #[test]
    fn assert_diag_narrows_by_place_message_and_count() {
        let run = run_with_stderr(STDERR);
        run.assert_diag("broken-link").at("content/a.md", 3).col(7).error().message_contains("no file").count(1);
        run.assert_diag("unknown-language").in_file("content/a.md").warning().count(1);
        run.assert_diag("unknown-field").in_file("rolebook.yaml").message("a: b").count(1);
    }

    #[test]
    #[should_panic(
        expected = "no diagnostic [broken-link] at content/a.md:4\n--- 3 diagnostics parsed:\ncontent/a.md:3:7: error[broken-link]"
    )]
    fn a_diagnostic_at_the_wrong_line_fails_listing_every_diagnostic() {
        run_with_stderr(STDERR).assert_diag("broken-link").at("content/a.md", 4);
    }

    #[test]
    #[should_panic(expected = "expected 2 diagnostics [unknown-language], found 1")]
    fn a_wrong_count_fails() {
        run_with_stderr(STDERR).assert_diag("unknown-language").count(2);
    }

    #[test]
    fn text_assertions_pass_on_what_is_there() {
        Text::new("page", "<h1 id=\"a\">A</h1>\n<p>b</p>\n")
            .contains("<p>b</p>")
            .not_contains("<table>")
            .contains_in_order(&["<h1", "<p>"])
            .equals("<h1 id=\"a\">A</h1>\n<p>b</p>\n");
    }

    #[test]
    #[should_panic(
        expected = "page does not contain `<h1 id=\"b\">`\nnearest match (`<h1 id=\"` then not `b\">`):\n    1> <h1 id=\"a\">A</h1>"
    )]
    fn a_missing_text_fails_showing_the_nearest_line() {
        Text::new("page", "<h1 id=\"a\">A</h1>\n<p>b</p>\n").contains("<h1 id=\"b\">");
    }

    #[test]
    #[should_panic(
        expected = "page contains `<p>`, on line 2:\n    1| <h1>A</h1>\n    2> <p>b</p>\n--- page (20 bytes):\n<h1>A</h1>\n<p>b</p>\n"
    )]
    fn an_unwanted_text_fails_showing_where_and_the_whole_text() {
        Text::new("page", "<h1>A</h1>\n<p>b</p>\n").not_contains("<p>");
    }

    #[test]
    #[should_panic(expected = "`<h1>` first occurs on line 1, not after `<p>` (line 2)")]
    fn texts_out_of_order_fail() {
        Text::new("page", "<h1>A</h1>\n<p>b</p>\n").contains_in_order(&["<p>", "<h1>"]);
    }
}

/// Waits (up to 20 s) until no rolebook process holds the lock of the output `out`: a
/// build hands the removal of the previous output to a child process that holds it.
pub fn wait_for_output_lock(out: &Path) {
    let name = format!(".{}.rolebook-lock", out.file_name().unwrap().to_string_lossy());
    let lock = out.with_file_name(name);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while lock.exists() {
        assert!(std::time::Instant::now() < deadline, "{} is still held after 20 s", lock.display());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
