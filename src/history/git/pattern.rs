//! The release pattern: a tag name glob with `*` (any run of characters, `/` included)
//! and `?` (exactly one character); every other character stands for itself.

/// Whether `name` matches `pattern` as a whole.
pub(super) fn matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    // Where the last `*` was and which name position it currently swallows up to: on a
    // mismatch it takes one more character, which keeps the match linear-ish without
    // recursion (no pathological backtracking on patterns like `*a*a*a*b`).
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == '?' || c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((star_p, star_n)) => {
                    star = Some((star_p, star_n + 1));
                    p = star_p + 1;
                    n = star_n + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn literal_pattern_matches_only_itself() {
        assert!(matches("v1.0", "v1.0"));
        assert!(!matches("v1.0", "v1.00"));
        assert!(!matches("v1.0", "v1."));
        assert!(!matches("v1.0", "V1.0"));
    }

    #[test]
    fn star_matches_any_run_including_empty_and_slashes() {
        assert!(matches("framework-v*", "framework-v1.2"));
        assert!(matches("framework-v*", "framework-v"));
        assert!(matches("*", ""));
        assert!(matches("release/*", "release/2024/q1"));
        assert!(!matches("framework-v*", "frame-v1"));
        assert!(!matches("framework-v*", "old-framework-v2"));
    }

    #[test]
    fn star_in_the_middle_backtracks_to_a_later_occurrence() {
        assert!(matches("v*-final", "v1-rc-final"));
        assert!(matches("*a*b", "xaxaxb"));
        assert!(!matches("*a*b", "xaxaxc"));
        assert!(matches("a*b*c", "abbbc"));
    }

    #[test]
    fn question_mark_matches_exactly_one_character() {
        assert!(matches("v?", "v1"));
        assert!(!matches("v?", "v"));
        assert!(!matches("v?", "v10"));
        assert!(matches("v?.?", "v1.2"));
        assert!(matches("r?le", "rôle"));
    }

    #[test]
    fn empty_pattern_matches_only_the_empty_name() {
        assert!(matches("", ""));
        assert!(!matches("", "v1"));
    }

    #[test]
    fn many_stars_stay_fast_on_a_long_mismatch() {
        let name = "a".repeat(2_000);
        assert!(!matches("*a*a*a*a*a*a*b", &name));
    }
}
