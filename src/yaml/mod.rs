//! All YAML reading lives here, so the YAML library can be swapped without touching the rest.
//!
//! [`tree`] turns text into a [`Node`] tree that knows every value's line and column;
//! [`de`] reads such a tree into serde types, collecting every problem instead of stopping
//! at the first one.

mod de;
mod tree;

pub use de::{from_node, from_node_partial, Problem, Spanned};
pub use tree::{parse, Key, Node, NodeKind, Pos, SyntaxError};
