//! Which item of a list is which in the next version: by identity (a KPI's name, a skill,
//! a linked role…), then, for what is left, by likeness (an edited bullet, a renamed KPI).
//! Position alone never pairs two items, so reordering a list is no change.

use std::collections::HashMap;

use super::tree::Value;

/// The fields that name a list item, in the order they are tried: the KPI `name`, the
/// `skill` of a skill need or soft skill, the `role` of a career link, an exercise's
/// `title`, a scorecard `dimension`, the `category` of a tool or summary row (a tool row
/// whose category repeats is told apart by likeness), a pay band's `zone`, else its
/// `countries`.
pub const IDENTITY_FIELDS: &[&str] = &["name", "skill", "role", "title", "dimension", "category", "zone", "countries"];

/// An unmatched item pairs with a like one elsewhere in the list at this likeness…
const SIMILAR: f64 = 0.5;
/// …or at this lower one when it holds the same place among the unmatched items, as an
/// edited bullet does.
const SIMILAR_IN_PLACE: f64 = 0.25;

/// What names an item across versions, with a prefix so a text never matches a reference
/// or a record that happens to read the same.
pub fn identity(item: &Value) -> Option<String> {
    match item {
        Value::Text(text) => Some(format!("text:{text}")),
        Value::Num(n) => Some(format!("num:{n}")),
        Value::Bool(b) => Some(format!("bool:{b}")),
        Value::Ref(_, id) => Some(format!("ref:{id}")),
        Value::Map(_) => identity_field(item).map(|(field, value)| format!("{field}:{}", leaves(value).join(","))),
        Value::Seq(_) | Value::Null => None,
    }
}

/// The field that names a record, and its value.
pub fn identity_field(item: &Value) -> Option<(&'static str, &Value)> {
    IDENTITY_FIELDS.iter().find_map(|field| item.get(field).filter(|v| !v.is_empty()).map(|v| (*field, v)))
}

/// How two lists' items pair up: `before[i]` is `after[b_to_a[i]]`.
#[derive(Debug, Clone)]
pub struct Matching {
    pub b_to_a: Vec<Option<usize>>,
    pub a_to_b: Vec<Option<usize>>,
}

impl Matching {
    pub fn new(before: usize, after: usize) -> Self {
        Matching { b_to_a: vec![None; before], a_to_b: vec![None; after] }
    }

    fn pair(&mut self, i: usize, j: usize) {
        self.b_to_a[i] = Some(j);
        self.a_to_b[j] = Some(i);
    }
}

/// Pairs items with the same identity; where several share one (two tool rows of one
/// category, a bullet written twice), identical ones first, then the most alike.
pub fn pair_by_identity(before: &[Value], after: &[Value], matching: &mut Matching) {
    let mut by_identity: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, item) in after.iter().enumerate() {
        if let Some(id) = identity(item) {
            by_identity.entry(id).or_default().push(j);
        }
    }
    let mut candidates = Vec::new();
    for (i, item) in before.iter().enumerate() {
        let Some(js) = identity(item).and_then(|id| by_identity.get(&id)) else { continue };
        for &j in js {
            let score = if item == &after[j] { 2.0 } else { 1.0 + leaf_similarity(item, &after[j]) };
            candidates.push((score, i, j));
        }
    }
    take_greedily(candidates, matching);
}

/// Pairs the items still unmatched that are alike: a bullet edited in place, a KPI whose
/// name changed and little else. Texts go by shared words, records by shared values.
pub fn pair_by_likeness(before: &[Value], after: &[Value], matching: &mut Matching, free_b: &[bool], free_a: &[bool]) {
    let left_b: Vec<usize> = (0..before.len()).filter(|&i| free_b[i] && matching.b_to_a[i].is_none()).collect();
    let left_a: Vec<usize> = (0..after.len()).filter(|&j| free_a[j] && matching.a_to_b[j].is_none()).collect();
    let mut candidates = Vec::new();
    for (rank_b, &i) in left_b.iter().enumerate() {
        for (rank_a, &j) in left_a.iter().enumerate() {
            let score = match (&before[i], &after[j]) {
                (Value::Text(b), Value::Text(a)) => word_overlap(b, a),
                (b @ Value::Map(_), a @ Value::Map(_)) => leaf_similarity(b, a),
                _ => continue,
            };
            let in_place = rank_a == rank_b;
            if score >= SIMILAR || (in_place && score >= SIMILAR_IN_PLACE) {
                // Being in place breaks ties between equally alike candidates.
                candidates.push((score + if in_place { 0.01 } else { 0.0 }, i, j));
            }
        }
    }
    take_greedily(candidates, matching);
}

/// Takes the best-scoring pairs first; ties go to the earlier items, so the result does
/// not depend on hashing.
fn take_greedily(mut candidates: Vec<(f64, usize, usize)>, matching: &mut Matching) {
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        if matching.b_to_a[i].is_none() && matching.a_to_b[j].is_none() {
            matching.pair(i, j);
        }
    }
}

/// The texts of a value's leaves, in order.
pub fn leaves(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_leaves(value, &mut out);
    out
}

fn collect_leaves(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push(b.to_string()),
        Value::Num(s) | Value::Text(s) | Value::Ref(_, s) => {
            if !s.is_empty() {
                out.push(s.clone());
            }
        }
        Value::Seq(items) => items.iter().for_each(|item| collect_leaves(item, out)),
        Value::Map(fields) => fields.iter().for_each(|(_, v)| collect_leaves(v, out)),
    }
}

/// How alike two values are: the multiset Jaccard index of their leaves (1 when both
/// have none).
pub fn leaf_similarity(before: &Value, after: &Value) -> f64 {
    jaccard(leaves(before), leaves(after))
}

/// The multiset Jaccard index of two bags of strings; 1 when both are empty.
pub fn jaccard(mut before: Vec<String>, mut after: Vec<String>) -> f64 {
    if before.is_empty() && after.is_empty() {
        return 1.0;
    }
    before.sort_unstable();
    after.sort_unstable();
    let shared = shared_count(&before, &after);
    shared as f64 / (before.len() + after.len() - shared) as f64
}

/// How many items two sorted bags share.
fn shared_count<T: Ord>(before: &[T], after: &[T]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < before.len() && j < after.len() {
        match before[i].cmp(&after[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The share of words two texts have in common, over the longer one's word count:
/// one word changed in ten is 0.9, a new sentence of the same length is near 0.
pub fn word_overlap(before: &str, after: &str) -> f64 {
    let words = |text: &str| {
        let mut words: Vec<String> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        words.sort_unstable();
        words
    };
    let (b, a) = (words(before), words(after));
    let longer = b.len().max(a.len());
    if longer == 0 {
        return 1.0;
    }
    shared_count(&b, &a) as f64 / longer as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[&str]) -> Vec<Value> {
        items.iter().map(|t| Value::Text(t.to_string())).collect()
    }

    fn matched(before: &[Value], after: &[Value]) -> Vec<Option<usize>> {
        let mut m = Matching::new(before.len(), after.len());
        pair_by_identity(before, after, &mut m);
        pair_by_likeness(before, after, &mut m, &vec![true; before.len()], &vec![true; after.len()]);
        m.b_to_a
    }

    #[test]
    fn reordered_items_pair_by_identity() {
        let before = texts(&["alpha beta", "gamma delta"]);
        let after = texts(&["gamma delta", "alpha beta"]);
        assert_eq!(matched(&before, &after), [Some(1), Some(0)]);
    }

    #[test]
    fn an_edited_bullet_pairs_and_an_unrelated_one_does_not() {
        let before = texts(&["Review experiment results daily", "Write research code"]);
        let after = texts(&["Review experiment results weekly", "Plan the quarterly offsite party"]);
        assert_eq!(matched(&before, &after), [Some(0), None]);
    }

    #[test]
    fn word_overlap_counts_shared_words_over_the_longer_text() {
        assert_eq!(word_overlap("a b c d", "a b c e"), 0.75);
        assert_eq!(word_overlap("", ""), 1.0);
        assert_eq!(word_overlap("a", "b"), 0.0);
    }

    #[test]
    fn jaccard_of_bags_counts_repeats() {
        let bag = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(jaccard(bag(&["x", "x", "y"]), bag(&["x", "y"])), 2.0 / 3.0);
        assert_eq!(jaccard(vec![], vec![]), 1.0);
    }
}
