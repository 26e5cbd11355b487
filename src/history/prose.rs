//! Splits reworded text into sentences and lines them up, so a history page can show the
//! sentences that changed. (Skeleton: the signatures are the contract.)

/// One sentence of a reworded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentenceEdit {
    Kept(String),
    Removed(String),
    Added(String),
}

/// The sentences of `before` and `after`, aligned: kept ones once, removed ones before the
/// added ones that replace them.
pub fn sentence_diff(_before: &str, _after: &str) -> Vec<SentenceEdit> {
    Vec::new()
}
