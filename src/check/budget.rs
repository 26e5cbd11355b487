//! The output budget: how many bytes a run may write, from how many bytes the site is.
//!
//! Contract: every file a run writes passes through [`crate::check::links::Recorder`],
//! which spends its size here first. The run's output may weigh at most
//! [`Input::budget`]; the write that would pass it, and every write after it, is refused
//! (nothing more reaches the disk), and the run fails with one `output-too-large`
//! diagnostic naming the budget, the input it was made from, and the largest files and
//! folders, so a person can find what repeats. Renderers ask [`Spending::room`] before
//! rendering, so a template that loops forever stops at the budget instead of filling
//! memory (see [`crate::render::Templates::render_within`]).
//!
//! Why: CI builds contributors' pull requests, and a custom template (`{% for %}` inside
//! `{% for %}`) or a shape of content (a long `scope` that every role referencing it
//! repeats) can turn a few kilobytes of input into gigabytes of output; the budget turns
//! that into an error before the disk fills, whatever the cause.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

/// Output allowed whatever the input: room for the files rolebook makes for every site
/// (JSON Schemas, API files, the 404 page, the stylesheet: about 0.2 MiB for a site with
/// roles) and for small sites of unusual shape, about 80 times that.
pub const BASE: u64 = 16 << 20;

/// Output allowed per byte of input (text read: pages, role/skill/tool data, templates,
/// `rolebook.yaml`). Measured ratios of output to input (text plus the files copied as
/// they are, the built-in theme counted as input) with the built-in theme: the bundled
/// site 5.1 (long blueprints: each is written on its page, in `api/roles.json`, and in the
/// comparisons with the roles next to it), a generated 200-role site 3.9, the fixture with
/// roles 2.4, a generated 2,000-page site 2.2, the basic fixture 0.8. Ten times the
/// largest is 50.
pub const PER_TEXT_BYTE: u64 = 50;

/// Output allowed per text file read, on top of its bytes: every page repeats the site's
/// chrome (header, navigation, footer: about 3 KiB in the built-in theme, perhaps 30 KiB in
/// a heavy custom one), so a site of many one-line pages has a high ratio of output to
/// input without anything repeating that should not: 25 for a 3,000-page site of one
/// sentence each, whose 2.8 KiB pages this allowance covers twenty times over.
pub const PER_FILE: u64 = 64 << 10;

/// How much a site weighs, for its output budget.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Input {
    /// Bytes of text read: pages, data files, templates and `rolebook.yaml`.
    pub text: u64,
    /// How many text files those are.
    pub files: u64,
    /// Bytes of the files copied to the output as they are (static files, content assets).
    /// They are counted once: nothing but the copy reads them, so they cannot be repeated.
    pub copied: u64,
}

impl Input {
    /// The most bytes the output of a site of this weight may have.
    pub fn budget(&self) -> u64 {
        BASE.saturating_add(PER_TEXT_BYTE.saturating_mul(self.text))
            .saturating_add(PER_FILE.saturating_mul(self.files))
            .saturating_add(self.copied)
    }

    /// The budget as it is made up, for the message.
    fn explained(&self) -> String {
        format!(
            "{} + {PER_TEXT_BYTE} × the {} of text in {} files + {} per text file + the {} of files copied as they are",
            size(BASE),
            size(self.text),
            self.files,
            size(PER_FILE),
            size(self.copied)
        )
    }
}

/// How many of the largest files and folders the message names.
const SHOWN: usize = 5;

/// The bytes a run has written so far against its budget.
#[derive(Debug)]
pub struct Spending {
    input: Input,
    limit: u64,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Bytes of the files accepted.
    used: u64,
    /// Set by the first refused write; every later write is refused too.
    over: bool,
    /// Files offered, accepted or not.
    offered: u64,
    /// Bytes offered, accepted or not (saturating).
    offered_bytes: u64,
    /// The largest files offered, largest first, at most [`SHOWN`].
    largest: Vec<(u64, String)>,
    /// Bytes and files offered by top folder (`roles/`, or `` for the top level).
    folders: BTreeMap<String, (u64, u64)>,
    /// Whether the diagnostic was handed out already.
    reported: bool,
}

impl Spending {
    pub fn new(input: Input) -> Self {
        Spending { input, limit: input.budget(), state: Mutex::new(State::default()) }
    }

    /// A budget of exactly `limit` bytes (for tests).
    #[cfg(test)]
    pub(crate) fn with_limit(input: Input, limit: u64) -> Self {
        Spending { input, limit, state: Mutex::new(State::default()) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("no panics while holding the lock")
    }

    /// Bytes the output may still take: a file larger than this will be refused.
    pub fn room(&self) -> u64 {
        let state = self.state();
        if state.over {
            0
        } else {
            self.limit - state.used
        }
    }

    /// Accounts for a file of `len` bytes at output path `rel`; whether it may be written.
    pub fn spend(&self, rel: &str, len: usize) -> bool {
        let len = len as u64;
        let mut state = self.state();
        state.offered += 1;
        state.offered_bytes = state.offered_bytes.saturating_add(len);
        let folder = match rel.split_once('/') {
            Some((top, _)) => format!("{top}/"),
            None => String::new(),
        };
        let entry = state.folders.entry(folder).or_default();
        entry.0 = entry.0.saturating_add(len);
        entry.1 += 1;
        if state.largest.len() < SHOWN || state.largest.last().is_some_and(|&(least, _)| len > least) {
            let at = state.largest.partition_point(|&(held, _)| held >= len);
            state.largest.insert(at, (len, rel.to_string()));
            state.largest.truncate(SHOWN);
        }
        if state.over || len > self.limit - state.used {
            state.over = true;
            return false;
        }
        state.used += len;
        true
    }

    /// The one diagnostic of a run that passed its budget (once; `None` after, or when it
    /// did not). `owner` names the source a file was made from, where one is known.
    pub fn exceeded(&self, owner: &dyn Fn(&str) -> Option<String>) -> Option<Diagnostic> {
        let mut state = self.state();
        if !state.over || state.reported {
            return None;
        }
        state.reported = true;
        let named = |rel: &str| match owner(rel) {
            Some(source) => format!("`{rel}` (made from {source})"),
            None => format!("`{rel}`"),
        };
        let largest: Vec<String> =
            state.largest.iter().map(|(len, rel)| format!("{} {}", named(rel), size(*len))).collect();
        let mut folders: Vec<(&String, &(u64, u64))> = state.folders.iter().collect();
        folders.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let folders: Vec<String> = folders
            .iter()
            .take(SHOWN)
            .map(|(folder, (bytes, files))| {
                let name = if folder.is_empty() { "the top folder".to_string() } else { format!("`{folder}`") };
                format!("{name} {} in {}", size(*bytes), count(*files))
            })
            .collect();
        let message = format!(
            "the output would pass its budget of {} ({}); the run wrote {} and stopped, of {} and {} or more it \
             tried to write. Largest files: {}. Largest folders: {}",
            size(self.limit),
            self.input.explained(),
            size(state.used),
            count(state.offered),
            size(state.offered_bytes),
            largest.join(", "),
            folders.join(", "),
        );
        let file = state.largest.first().and_then(|(_, rel)| owner(rel)).unwrap_or_else(|| "rolebook".into());
        Some(Diagnostic::error(file, "output-too-large", message).with_hint(
            "something repeats far more than the site holds: a template looping over content (a `for` inside a \
             `for`), or long text that many pages show (a role's `scope` appears on every role page that names the \
             role and on the career paths page; `rolebook.yaml` values appear on every page); shorten or stop \
             repeating what the largest files above repeat. The budget keeps a build from filling the disk",
        ))
    }
}

/// `1 file`, `3 files`.
fn count(files: u64) -> String {
    if files == 1 {
        "1 file".into()
    } else {
        format!("{files} files")
    }
}

/// `512 bytes`, `3.4 KiB`, `12.0 MiB`, `1.5 GiB`.
pub fn size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else if b < KIB * KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else {
        format!("{:.1} GiB", b / (KIB * KIB * KIB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_the_constant_plus_multiples_of_the_text_and_files_plus_the_copies_once() {
        let input = Input { text: 1_000, files: 3, copied: 7 };
        assert_eq!(input.budget(), BASE + 50_000 + 3 * PER_FILE + 7);
        let huge = Input { text: u64::MAX, files: u64::MAX, copied: u64::MAX };
        assert_eq!(huge.budget(), u64::MAX, "saturates instead of wrapping to a small budget");
    }

    #[test]
    fn writes_up_to_the_budget_pass_and_the_first_over_it_stops_every_later_one() {
        let spending = Spending::with_limit(Input::default(), 100);
        assert!(spending.spend("a.html", 60));
        assert_eq!(spending.room(), 40);
        assert!(spending.spend("b.html", 40), "exactly the budget is allowed");
        assert_eq!(spending.room(), 0);
        assert!(!spending.spend("c.html", 1));
        assert!(!spending.spend("d.html", 0), "after the budget is passed, nothing more is written");
        assert_eq!(spending.room(), 0);
    }

    #[test]
    fn a_refused_file_leaves_room_unused_but_stops_later_small_files() {
        let spending = Spending::with_limit(Input::default(), 100);
        assert!(!spending.spend("huge.html", 101));
        assert!(!spending.spend("small.html", 1), "one refusal fails the run; later files are not written either");
    }

    #[test]
    fn the_diagnostic_names_the_budget_the_input_and_the_largest_files_and_folders_once() {
        let input = Input { text: 2048, files: 2, copied: 0 };
        let spending = Spending::with_limit(input, 10_000);
        assert!(spending.exceeded(&|_| None).is_none(), "no diagnostic while within the budget");
        for i in 0..8 {
            spending.spend(&format!("roles/r{i}/index.html"), 100 + i);
        }
        spending.spend("index.html", 5);
        assert!(!spending.spend("tags/big/index.html", 20_000));
        let owner = |rel: &str| (rel == "tags/big/index.html").then(|| "content/a.md".to_string());
        let d = spending.exceeded(&owner).expect("over budget");
        assert_eq!(d.code, "output-too-large");
        assert_eq!(d.file, "content/a.md", "reported at the source of the largest file");
        let m = &d.message;
        assert!(m.contains("budget of 9.8 KiB"), "{m}");
        assert!(m.contains("the 2.0 KiB of text in 2 files"), "{m}");
        assert!(m.contains("the run wrote 833 bytes and stopped, of 10 files and 20.3 KiB or more"), "{m}");
        let largest = &m[m.find("Largest files:").unwrap()..m.find("Largest folders:").unwrap()];
        assert!(largest.starts_with("Largest files: `tags/big/index.html` (made from content/a.md) 19.5 KiB, `roles/r7/index.html` 107 bytes, `roles/r6/index.html` 106 bytes"), "{largest}");
        assert_eq!(largest.matches("index.html").count(), SHOWN, "{largest}");
        assert!(
            m.ends_with("Largest folders: `tags/` 19.5 KiB in 1 file, `roles/` 828 bytes in 8 files, the top folder 5 bytes in 1 file"),
            "{m}"
        );
        assert!(d.hint.as_deref().is_some_and(|h| h.contains("`for` inside")));
        assert!(spending.exceeded(&owner).is_none(), "one diagnostic per run");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(16 << 20), "16.0 MiB");
        assert_eq!(size(3 << 30), "3.0 GiB");
    }
}
