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
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
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
    }
}
