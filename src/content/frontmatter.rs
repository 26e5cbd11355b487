//! Splitting a markdown file into its YAML front matter and its body.

/// The two halves of a page file, with where each starts in the file.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (1-based).
    pub yaml_line: u32,
    pub body: &'a str,
    /// File line of the first body line (1-based).
    pub body_line: u32,
}

#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` on line 1 is never closed.
    Unclosed,
}

/// Splits `text` (without a BOM) at the `---` fences. Fences may carry trailing spaces or
/// `\r`, so files saved with CRLF line endings split the same way.
///
/// A `---` first line is also markdown's horizontal rule, which plain docs open with now
/// and then. So the block is front matter only if it reads as YAML: its first line that is
/// not blank or a `#` comment is a `key:` or a `- ` list item, or there is none (`---`
/// twice). Otherwise the file has no front matter, and the `---` lines are the body's.
/// An unclosed block that reads as YAML is a front matter missing its closing fence.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::Missing)?;
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2u32..).zip(lines) {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            let yaml = &text[yaml_start..offset];
            if !reads_as_yaml(yaml) {
                return Err(SplitError::Missing);
            }
            return Ok(Split { yaml, yaml_line: 2, body: &text[body_start..], body_line: line_no + 1 });
        }
        offset += line.len();
    }
    match reads_as_yaml(&text[yaml_start..]) {
        true => Err(SplitError::Unclosed),
        false => Err(SplitError::Missing),
    }
}

/// Whether the first line of `block` that is not blank or a `#` comment starts a mapping
/// (`key:` followed by a space or the line's end) or a list (`- `), or no such line exists.
fn reads_as_yaml(block: &str) -> bool {
    let Some(line) = block.lines().map(str::trim_end).find(|l| !l.trim().is_empty() && !l.starts_with('#')) else {
        return true;
    };
    if line == "-" || line.starts_with("- ") {
        return true;
    }
    let key_end = match line.as_bytes().first() {
        Some(q @ (b'"' | b'\'')) => line[1..].find(*q as char).map(|i| i + 2),
        _ => line.find(':'),
    };
    key_end.is_some_and(|end| {
        let key = &line[..end];
        let after = &line[end..];
        let after = after.strip_prefix(':').unwrap_or(after);
        !key.trim().is_empty()
            && !key.contains(['`', '<', '[', '('])
            && (after.is_empty() || after.starts_with([' ', '\t']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_line_numbers() {
        let s = split("---\ntitle: A\n---\n# Hi\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "# Hi\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 4));
    }

    #[test]
    fn handles_crlf_and_trailing_spaces() {
        let s = split("---  \r\ntitle: A\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!((s.yaml, s.body, s.body_line), ("", "", 3));
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("# no front matter"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        assert_eq!(split("----\n"), Err(SplitError::Missing));
        assert_eq!(split("---\n\n# a comment\ntitle: x\n"), Err(SplitError::Unclosed));
        assert_eq!(split("---\n- a\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn a_horizontal_rule_on_the_first_line_is_no_front_matter() {
        // No closing fence, and prose after the rule.
        assert_eq!(split("---\nSome words after a rule.\n\n## Next\n"), Err(SplitError::Missing));
        // Two rules around prose: a paragraph, not YAML.
        assert_eq!(split("---\nJust a note.\n---\nMore.\n"), Err(SplitError::Missing));
        // A colon in prose is not a key, nor is a link or code before it.
        assert_eq!(split("---\nNote:this has no space\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("---\n[Home](a.md): go back\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("---\n`key: value` is how\n"), Err(SplitError::Missing));
        // Keys still make a front matter, quoted ones too.
        assert!(split("---\n\"a b\": 1\n---\n").is_ok());
        assert!(split("---\ntitle:\n---\n").is_ok());
    }
}
