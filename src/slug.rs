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
    fn unique_ids() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-1");
        assert_eq!(ids.claim("a"), "a-2");
        assert!(!ids.reserve("a-1"));
    }
}
