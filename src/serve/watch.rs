//! Watching the site's sources and turning bursts of file events into rebuild requests.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::loader::is_ignored_name;

/// The folders whose changes matter, watched recursively.
const SOURCE_DIRS: &[&str] = &["content", "templates", "static", "themes"];
/// A burst of saves is over when nothing happens for this long.
const QUIET: Duration = Duration::from_millis(10);
/// ... but a steady stream of events still rebuilds this often.
const MAX_WAIT: Duration = Duration::from_millis(500);

pub struct Watcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    pub fn start(root: &Path) -> notify::Result<Watcher> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut this = Watcher { watcher, events, root: root.to_path_buf(), watched: Vec::new() };
        this.watch_sources();
        Ok(this)
    }

    /// Watches source folders that exist and are not watched yet (they may appear later).
    fn watch_sources(&mut self) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(path);
            }
        }
        self.watched.retain(|p| p.is_dir());
    }

    /// Blocks until a relevant change, then until the burst is over. Returns the changed
    /// paths (relative to the root), or `None` when the watcher has stopped.
    pub fn next_batch(&mut self) -> Option<Vec<String>> {
        let mut changed: Vec<String> = Vec::new();
        loop {
            let event = self.events.recv().ok()?;
            self.collect(event, &mut changed);
            if !changed.is_empty() {
                break;
            }
        }
        let start = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(event) => self.collect(event, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.watch_sources();
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    fn collect(&self, event: notify::Result<notify::Event>, changed: &mut Vec<String>) {
        let Ok(event) = event else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            if let Some(rel) = relevant(&self.root, &path) {
                changed.push(rel);
            }
        }
    }
}

/// The path relative to the root if a change to it can change the site.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let rel = crate::content::loader::slash_path(rel);
    let mut parts = rel.split('/');
    let top = parts.next()?;
    let is_source = SOURCE_DIRS.contains(&top) || rel == crate::config::CONFIG_FILE;
    let ignored = rel.split('/').any(|part| is_ignored_name(part) || part == "4913");
    (is_source && !ignored).then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_matter() {
        let root = Path::new("/site");
        assert_eq!(relevant(root, Path::new("/site/content/a.md")).as_deref(), Some("content/a.md"));
        assert_eq!(relevant(root, Path::new("/site/rolebook.yaml")).as_deref(), Some("rolebook.yaml"));
        for ignored in [
            "/site/public/index.html",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/.git/HEAD",
            "/site/content/4913",
            "/site/target/x",
            "/elsewhere/a.md",
        ] {
            assert_eq!(relevant(root, Path::new(ignored)), None, "{ignored}");
        }
    }
}
