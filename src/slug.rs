//! Turning titles into URL segments and heading ids.

/// Lowercase words joined by `-`: letters and digits of any script are kept, everything
/// else separates words. Never empty (an all-punctuation title becomes `section`).
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // "what's" → "whats", not "what-s"
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The id GitHub (and mdBook) give a heading: lowercase, letters, digits, `-` and `_`
/// kept, each space a `-`, any other character dropped: `rolebook.yaml` → `rolebookyaml`,
/// `C++ & Rust` → `c--rust`. Docs folders link to each other's headings by these ids.
pub fn github_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// Hands out ids that are unique within one page: `intro`, `intro-1`, `intro-2`, ...
#[derive(Default)]
pub struct UniqueIds {
    seen: std::collections::HashSet<String>,
}

impl UniqueIds {
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.seen.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        (1..)
            .map(|n| format!("{wanted}-{n}"))
            .find(|candidate| self.seen.insert(candidate.clone()))
            .expect("an unused id exists")
    }

    pub fn reserve(&mut self, id: &str) -> bool {
        self.seen.insert(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("KPIs & Productivity Metrics"), "kpis-productivity-metrics");
        assert_eq!(slugify("  What's new? "), "whats-new");
        assert_eq!(slugify("Équipe données"), "équipe-données");
        assert_eq!(slugify("30/60/90"), "30-60-90");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn github_ids() {
        assert_eq!(github_id("rolebook.yaml"), "rolebookyaml");
        assert_eq!(github_id("C++ & Rust"), "c--rust");
        assert_eq!(github_id("What’s new?"), "whats-new");
        assert_eq!(github_id("Config: the toml file"), "config-the-toml-file");
        assert_eq!(github_id("snake_case and kebab-case"), "snake_case-and-kebab-case");
        assert_eq!(github_id("Équipe"), "équipe");
    }

    #[test]
    fn unique_ids() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-1");
        assert_eq!(ids.claim("a"), "a-2");
        assert!(!ids.reserve("a-1"));
    }
}
