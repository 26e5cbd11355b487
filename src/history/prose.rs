//! Splits reworded text into sentences and lines them up, so a history page can show the
//! sentences that changed.
//!
//! A sentence ends at `.`, `!` or `?` (and any closing quote or bracket) followed by the
//! end of the text or by a space and a word that does not start in lowercase; "e.g.",
//! "i.e.", "vs." and "cf." end none, and "2.5" has no space after its point. A markdown
//! list item, a heading and a table row are one unit each, as written on their line, and
//! a blank line ends a paragraph. Whitespace inside a sentence is compared collapsed.

/// One sentence of a reworded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentenceEdit {
    Kept(String),
    Removed(String),
    Added(String),
}

/// The sentences of `before` and `after`, aligned: kept ones once, removed ones before the
/// added ones that replace them.
pub fn sentence_diff(before: &str, after: &str) -> Vec<SentenceEdit> {
    let (b, a) = (sentences(before), sentences(after));
    let mut edits = Vec::new();
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = b[prefix..].iter().rev().zip(a[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    edits.extend(b[..prefix].iter().cloned().map(SentenceEdit::Kept));
    aligned_middle(&b[prefix..b.len() - suffix], &a[prefix..a.len() - suffix], &mut edits);
    edits.extend(b[b.len() - suffix..].iter().cloned().map(SentenceEdit::Kept));
    edits
}

/// The sentences that went and the sentences that came, each in text order.
pub fn changed_sentences(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for edit in sentence_diff(before, after) {
        match edit {
            SentenceEdit::Removed(s) => removed.push(s),
            SentenceEdit::Added(s) => added.push(s),
            SentenceEdit::Kept(_) => {}
        }
    }
    (removed, added)
}

/// Aligns two runs of sentences by their longest common subsequence; in each stretch
/// between kept sentences, the removed ones come first.
fn aligned_middle(b: &[String], a: &[String], edits: &mut Vec<SentenceEdit>) {
    let (n, m) = (b.len(), a.len());
    // lcs[i][j]: the longest common subsequence of b[i..] and a[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if b[i] == a[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let flush = |edits: &mut Vec<SentenceEdit>, removed: &mut Vec<String>, added: &mut Vec<String>| {
        edits.extend(removed.drain(..).map(SentenceEdit::Removed));
        edits.extend(added.drain(..).map(SentenceEdit::Added));
    };
    while i < n || j < m {
        if i < n && j < m && b[i] == a[j] {
            flush(edits, &mut removed, &mut added);
            edits.push(SentenceEdit::Kept(b[i].clone()));
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            removed.push(b[i].clone());
            i += 1;
        } else {
            added.push(a[j].clone());
            j += 1;
        }
    }
    flush(edits, &mut removed, &mut added);
}

/// The sentences of a markdown text, in order.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut paragraph = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            split_paragraph(&paragraph, &mut out);
            paragraph.clear();
        } else if is_own_line(trimmed) {
            split_paragraph(&paragraph, &mut out);
            paragraph.clear();
            out.push(collapse(trimmed));
        } else {
            paragraph.push(' ');
            paragraph.push_str(trimmed);
        }
    }
    split_paragraph(&paragraph, &mut out);
    out
}

/// Whether a line stands alone: a list item, a heading, a table row or a quote line.
fn is_own_line(line: &str) -> bool {
    let ordered = {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
    };
    ordered || ["- ", "* ", "+ ", "#", "|", "> "].iter().any(|marker| line.starts_with(marker))
}

/// Words that end in a point without ending a sentence.
const ABBREVIATIONS: &[&str] = &["e.g.", "i.e.", "vs.", "cf.", "approx.", "incl."];

fn split_paragraph(paragraph: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '.' | '!' | '?') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end], '"' | '\'' | ')' | ']' | '”' | '’' | '*' | '_') {
                end += 1;
            }
            if ends_sentence(&chars, start, i, end) {
                push_sentence(&chars[start..end], out);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push_sentence(&chars[start..], out);
}

/// Whether the mark at `mark`, closed up to `end`, ends the sentence begun at `start`.
fn ends_sentence(chars: &[char], start: usize, mark: usize, end: usize) -> bool {
    let Some(&next) = chars.get(end) else { return true };
    if !next.is_whitespace() {
        return false;
    }
    let following = chars[end..].iter().find(|c| !c.is_whitespace());
    if following.is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    if chars[mark] == '.' {
        let word_start =
            chars[start..mark].iter().rposition(|c| c.is_whitespace() || *c == '(').map_or(start, |p| start + p + 1);
        let word: String = chars[word_start..=mark].iter().collect::<String>().to_lowercase();
        if ABBREVIATIONS.contains(&word.as_str()) {
            return false;
        }
    }
    true
}

fn push_sentence(chars: &[char], out: &mut Vec<String>) {
    let sentence = collapse(&chars.iter().collect::<String>());
    if !sentence.is_empty() {
        out.push(sentence);
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use SentenceEdit::*;

    fn s(text: &str) -> String {
        text.to_string()
    }

    #[test]
    fn sentences_split_at_end_marks_followed_by_a_new_sentence() {
        assert_eq!(
            sentences("It works. Does it? Yes!  Quite so."),
            [s("It works."), s("Does it?"), s("Yes!"), s("Quite so.")]
        );
    }

    #[test]
    fn abbreviations_decimals_and_lowercase_continuations_do_not_split() {
        let text = "Use models (e.g. Transformers) and tools, i.e. PyTorch. Lift is 2.5 percent vs. 2 before. It rose a. b. then fell.";
        assert_eq!(
            sentences(text),
            [
                s("Use models (e.g. Transformers) and tools, i.e. PyTorch."),
                s("Lift is 2.5 percent vs. 2 before."),
                s("It rose a. b. then fell.")
            ]
        );
    }

    #[test]
    fn list_items_are_one_unit_each_and_paragraph_lines_join() {
        let text = "Lead a cycle resulting in either:\n\n- a model ready. For testing, or\n- a clear stop.\n\nWrapped\nline here.";
        assert_eq!(
            sentences(text),
            [
                s("Lead a cycle resulting in either:"),
                s("- a model ready. For testing, or"),
                s("- a clear stop."),
                s("Wrapped line here.")
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(sentences("He said “stop.” Then left."), [s("He said “stop.”"), s("Then left.")]);
    }

    #[test]
    fn a_replaced_sentence_shows_removed_before_added_between_kept_ones() {
        let edits = sentence_diff("One. Two. Three.", "One. Deux. Three. Four.");
        assert_eq!(
            edits,
            [Kept(s("One.")), Removed(s("Two.")), Added(s("Deux.")), Kept(s("Three.")), Added(s("Four."))]
        );
    }

    #[test]
    fn identical_text_is_all_kept_even_when_rewrapped() {
        let edits = sentence_diff("One two.\nThree.", "One  two. Three.\n");
        assert_eq!(edits, [Kept(s("One two.")), Kept(s("Three."))]);
    }

    #[test]
    fn interleaved_edits_group_per_run() {
        let edits = sentence_diff("A. B. C. D.", "A. X. Y. D. E.");
        assert_eq!(
            edits,
            [
                Kept(s("A.")),
                Removed(s("B.")),
                Removed(s("C.")),
                Added(s("X.")),
                Added(s("Y.")),
                Kept(s("D.")),
                Added(s("E."))
            ]
        );
    }

    #[test]
    fn changed_sentences_lists_what_went_and_what_came() {
        let (removed, added) = changed_sentences("Keep this. Drop this.", "Keep this. Add that.");
        assert_eq!((removed, added), (vec![s("Drop this.")], vec![s("Add that.")]));
        assert_eq!(changed_sentences("", ""), (vec![], vec![]));
    }
}
