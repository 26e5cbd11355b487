//! The manifest: rolebook's mark on an output folder, and the list of the files it wrote.
//!
//! The manifest sits in the output, which a contributor can edit, so it is read as a claim
//! to check, never as a list of paths to act on: it decides only whether a folder may be
//! replaced (every file in it must be listed). No file is deleted because a manifest
//! names it. A line that is not a plain relative path (see
//! [`super::beneath::is_plain_path`]) is ignored, and one warning names the first few.

use std::collections::HashSet;

use super::beneath::is_plain_path;
use crate::diagnostics::Diagnostic;
use crate::yaml::Pos;

/// The manifest's file name, at the top of the output folder.
pub const MANIFEST: &str = ".rolebook-manifest";

/// A manifest larger than this is not one rolebook wrote (a million files of 60 bytes).
pub const MAX_BYTES: u64 = 64 << 20;

/// The lines of a manifest, checked.
#[derive(Debug, Default)]
pub struct Manifest {
    pub files: HashSet<String>,
    /// The lines that are not plain paths, with their line numbers (1-based).
    pub ignored: Vec<(u32, String)>,
    text: String,
}

impl Manifest {
    pub fn parse(text: &str) -> Manifest {
        let mut manifest = Manifest { text: text.to_string(), ..Manifest::default() };
        for (i, line) in text.split('\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            if is_plain_path(line) && line != MANIFEST {
                manifest.files.insert(line.to_string());
            } else {
                manifest.ignored.push((i as u32 + 1, line.to_string()));
            }
        }
        manifest
    }

    /// One warning about the ignored lines, if there are any. `file` is how the manifest is shown.
    pub fn warning(&self, file: &str) -> Option<Diagnostic> {
        let (first_line, _) = self.ignored.first()?;
        const SHOWN: usize = 3;
        let shown: Vec<String> = self
            .ignored
            .iter()
            .take(SHOWN)
            .map(|(line, text)| format!("line {line} `{}`", text.escape_debug()))
            .collect();
        let more = match self.ignored.len() {
            n if n > SHOWN => format!(" and {} more", n - SHOWN),
            _ => String::new(),
        };
        let message = format!(
            "ignored {} manifest line{} that {} not a plain path inside the output: {}{more}",
            self.ignored.len(),
            if self.ignored.len() == 1 { "" } else { "s" },
            if self.ignored.len() == 1 { "is" } else { "are" },
            shown.join(", ")
        );
        Some(
            Diagnostic::warning(file, "manifest-line-ignored", message)
                .at(&self.text, Pos::new(*first_line, 1))
                .with_hint("rolebook writes this file itself and never deletes what it names; if it was edited by hand, delete the output folder and build again"),
        )
    }

    /// The manifest for `files` (sorted, one per line).
    pub fn text_of<'f>(files: impl IntoIterator<Item = &'f str>) -> String {
        let mut files: Vec<&str> = files.into_iter().collect();
        files.sort_unstable();
        files.dedup();
        let mut text = String::with_capacity(files.iter().map(|f| f.len() + 1).sum());
        for file in files {
            text.push_str(file);
            text.push('\n');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_could_leave_the_output_are_ignored_and_named_in_one_warning() {
        let text = "a/index.html\n../../victim.txt\n/abs/path/victim.txt\na/../../victim\n./x\nb\\c\n\nstyle.css\n.rolebook-manifest\n";
        let manifest = Manifest::parse(text);
        let mut files: Vec<&str> = manifest.files.iter().map(String::as_str).collect();
        files.sort();
        assert_eq!(files, ["a/index.html", "style.css"]);
        assert_eq!(manifest.ignored.len(), 6);
        let warning = manifest.warning("public/.rolebook-manifest").unwrap();
        assert!(warning.message.contains("ignored 6 manifest lines"), "{}", warning.message);
        assert!(warning.message.contains("line 2 `../../victim.txt`"), "{}", warning.message);
        assert!(warning.message.contains("and 3 more"), "{}", warning.message);
        assert_eq!(warning.pos.map(|p| p.line), Some(2));
        assert!(Manifest::parse("a\nb\n").warning("m").is_none());
    }

    #[test]
    fn a_written_manifest_reads_back_the_same() {
        let text = Manifest::text_of(["b.html", "a/index.html", "b.html"]);
        assert_eq!(text, "a/index.html\nb.html\n");
        let back = Manifest::parse(&text);
        assert!(back.ignored.is_empty());
        assert_eq!(back.files.len(), 2);
    }
}
