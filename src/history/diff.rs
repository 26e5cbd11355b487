//! Compares two versions of a role blueprint field by field.
//! (Skeleton: the signatures are the contract; the body is being written.)

use super::{Change, Names};
use crate::content::role::RawRole;
use crate::model::blueprint::Shape;

/// Every field-level change from `before` to `after`, in page order (header fields first,
/// then the sections in the order `shape` shows them).
pub fn diff_roles(_before: &RawRole, _after: &RawRole, _shape: &Shape, _names: &Names) -> Vec<Change> {
    Vec::new()
}

/// How alike two blueprints are, from 0 (nothing shared) to 1 (the same apart from the
/// id): a removed and an added role in one commit at 0.5 or more are one renamed role.
pub fn similarity(_before: &RawRole, _after: &RawRole) -> f64 {
    0.0
}
