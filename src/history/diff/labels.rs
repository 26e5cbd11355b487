//! The words a change's path is made of: sub-list and field labels for the keys of the
//! role format, and which fields hold prose.

/// Keys whose plain humanising (`_` → space) reads wrong.
const KEY_WORDS: &[(&str, &str)] = &[
    ("monthly_quarterly", "monthly / quarterly"),
    ("cross_functional", "cross-functional"),
    ("agile_sdlc", "agile / SDLC"),
    ("scale_complexity", "scale / complexity"),
    ("human_critical", "human-critical"),
    ("ai_impact", "AI impact"),
    ("kpis", "KPIs"),
    ("use", "use"),
    ("on_the_job", "on the job"),
    ("level_name", "level name"),
    ("not_applicable", "not applicable"),
    ("pay_bands", "pay bands"),
];

/// `key` in words, lowercase: `must_have` → "must have", `day_30` → "day 30".
pub fn words(key: &str) -> String {
    match KEY_WORDS.iter().find(|(k, _)| *k == key) {
        Some((_, words)) => words.to_string(),
        None => key.replace('_', " "),
    }
}

/// `key` as a heading or a sub-list label: `must_have` → "Must have", `monthly_quarterly`
/// → "Monthly / quarterly".
pub fn label(key: &str) -> String {
    capitalise(&words(key))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The label of a list that sits directly in a section, or `None` when the list is the
/// section's body and a label would only repeat the heading (a KPI section's `metrics`).
pub fn sub_list_label(key: &str) -> Option<String> {
    match key {
        "metrics" | "items" => None,
        _ => Some(label(key)),
    }
}

/// The role's header fields, in the order a role page shows them.
pub const HEADER: &[(&str, &str)] = &[
    ("title", "Title"),
    ("family", "Family"),
    ("track", "Track"),
    ("level", "Level"),
    ("level_name", "Level name"),
    ("scope", "Scope"),
    ("rubric", "Rubric"),
    ("stub", "Stub"),
];

/// Fields that are prose whatever their length: an edit is a rewording.
const PROSE: &[&str] = &[
    "description",
    "core",
    "horizon",
    "partners",
    "why",
    "measures",
    "on_the_job",
    "strong",
    "use",
    "intro",
    "success_definition",
    "reporting_line",
    "summary",
    "scope",
    "meets_bar",
];

/// Fields that are values whatever their length: an edit is a change from one to another.
const VALUES: &[&str] = &[
    "name",
    "title",
    "target",
    "frequency",
    "importance",
    "importance_label",
    "commonality",
    "commonality_label",
    "label",
    "category",
    "dimension",
    "weight",
    "level",
    "level_name",
    "family",
    "track",
    "rubric",
    "note",
    "reporting_line_note",
    "zone",
    "currency",
    "unit",
    "min",
    "max",
];

/// More words than this make an unlisted field prose.
const SHORT_PHRASE_WORDS: usize = 12;

/// Whether an edit of the field `key` from `before` to `after` is a rewording (prose) or
/// a changed value.
pub fn is_prose(key: &str, before: &str, after: &str) -> bool {
    if PROSE.contains(&key) {
        return true;
    }
    if VALUES.contains(&key) {
        return false;
    }
    let count = |text: &str| text.split_whitespace().count();
    count(before).max(count(after)) > SHORT_PHRASE_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(label("must_have"), "Must have");
        assert_eq!(label("day_30"), "Day 30");
        assert_eq!(label("monthly_quarterly"), "Monthly / quarterly");
        assert_eq!(words("meets_bar"), "meets bar");
        assert_eq!(sub_list_label("metrics"), None);
    }

    #[test]
    fn targets_are_values_and_long_unlisted_text_is_prose() {
        assert!(!is_prose("target", "8 weeks", "6 weeks"));
        assert!(is_prose("why", "Short.", "Shorter."));
        assert!(!is_prose("other", "a few words", "a few more words"));
        assert!(is_prose("other", "a", "one two three four five six seven eight nine ten eleven twelve thirteen"));
    }
}
