//! Failures that stop a run outright (as opposed to content diagnostics, which are collected).

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot use `{}`: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error("refusing to write the site into `{}`: {reason}", path.display())]
    OutputRefused { path: PathBuf, reason: String },

    #[error("`{}` is not a rolebook site: it has no `content/` folder", root.display())]
    NotASite { root: PathBuf },

    /// The site has errors; they are in the diagnostics, printed by the caller.
    #[error("{}", .0.render())]
    Content(Diagnostics),

    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io { path: path.to_path_buf(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
