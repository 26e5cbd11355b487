//! Turns the repository's log into the [`History`] the pages show: each role version is
//! parsed once (by blob id), consecutive versions are diffed, renames are followed, and
//! the result is cached by commit id. (Skeleton: being written.)

use std::path::Path;

use super::{History, Limit};
use crate::config::Config;
use crate::site::Model;

/// The history of the site at `root`, or why there is none (or only part of it).
pub fn load(_root: &Path, _config: &Config, _model: &Model) -> (History, Option<Limit>) {
    (History::default(), Some(Limit::NotInGit))
}
