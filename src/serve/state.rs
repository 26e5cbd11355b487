//! What the preview serves: the last good build, kept in memory, and the last error.
//! Builds publish here; the HTTP and event threads read and wait on it.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The output being served: the files of a full build, shared, and the files edits have
/// changed since. Publishing an edit then costs the size of the edit, not of the site; the
/// changes fold into a new base once they are many.
#[derive(Clone, Default)]
pub struct Files {
    base: Arc<BTreeMap<String, Arc<[u8]>>>,
    /// `None` marks a file an edit removed.
    changes: Arc<BTreeMap<String, Option<Arc<[u8]>>>>,
}

/// Changes kept beside the base before they are folded into it.
const MAX_CHANGES: usize = 1024;

impl Files {
    pub fn new(files: BTreeMap<String, Arc<[u8]>>) -> Self {
        Files { base: Arc::new(files), changes: Arc::default() }
    }

    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        match self.changes.get(path) {
            Some(changed) => changed.as_ref(),
            None => self.base.get(path),
        }
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn insert(&mut self, path: String, bytes: Arc<[u8]>) {
        Arc::make_mut(&mut self.changes).insert(path, Some(bytes));
        self.fold_if_many();
    }

    pub fn remove(&mut self, path: &str) {
        if self.contains_key(path) {
            Arc::make_mut(&mut self.changes).insert(path.to_string(), None);
            self.fold_if_many();
        }
    }

    fn fold_if_many(&mut self) {
        if self.changes.len() <= MAX_CHANGES {
            return;
        }
        let mut base = (*self.base).clone();
        for (path, change) in std::mem::take(Arc::make_mut(&mut self.changes)) {
            match change {
                Some(bytes) => base.insert(path, bytes),
                None => base.remove(&path),
            };
        }
        self.base = Arc::new(base);
    }
}

/// How the browser should take the latest change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub version: u64,
    pub change: Change,
    /// The diagnostics of the last build, when it failed.
    pub error: Option<String>,
}

pub struct Shared {
    files: Mutex<Files>,
    roles_json: Mutex<Option<Arc<super::incremental::RolesJson>>>,
    state: Mutex<Snapshot>,
    changed: Condvar,
}

impl Shared {
    pub fn new(files: Files, error: Option<String>) -> Self {
        Shared {
            files: Mutex::new(files),
            roles_json: Mutex::new(None),
            state: Mutex::new(Snapshot { version: 1, change: Change::Reload, error }),
            changed: Condvar::new(),
        }
    }

    /// The files of the last good build (a cheap clone of shared maps).
    pub fn files(&self) -> Files {
        self.files.lock().expect("no panics while holding the lock").clone()
    }

    pub fn snapshot(&self) -> Snapshot {
        self.state.lock().expect("no panics while holding the lock").clone()
    }

    /// `/api/roles.json` when it is kept in parts.
    pub fn roles_json(&self) -> Option<Arc<super::incremental::RolesJson>> {
        self.roles_json.lock().expect("no panics while holding the lock").clone()
    }

    /// Swaps in a complete new build, then tells every waiting browser.
    pub fn publish(&self, files: Files, roles_json: Option<super::incremental::RolesJson>, change: Change) {
        *self.files.lock().expect("no panics while holding the lock") = files;
        *self.roles_json.lock().expect("no panics while holding the lock") = roles_json.map(Arc::new);
        let mut state = self.state.lock().expect("no panics while holding the lock");
        state.version += 1;
        state.change = change;
        state.error = None;
        self.changed.notify_all();
    }

    /// Records a failed build; the last good files stay served.
    pub fn fail(&self, text: String) {
        let mut state = self.state.lock().expect("no panics while holding the lock");
        state.error = Some(text);
        self.changed.notify_all();
    }

    /// Waits until the state differs from `seen`, `stop` says so, or `timeout` passes.
    pub fn wait(&self, seen: &Snapshot, timeout: Duration, stop: impl Fn() -> bool) -> Snapshot {
        let state = self.state.lock().expect("no panics while holding the lock");
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.version == seen.version && s.error == seen.error && !stop())
            .expect("no panics while holding the lock");
        state.clone()
    }

    /// Makes every waiter look at its `stop` again.
    pub fn wake(&self) {
        // Taken so a waiter between checking `stop` and sleeping cannot miss this.
        let _state = self.state.lock().expect("no panics while holding the lock");
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_see_changes_and_removals_before_and_after_folding() {
        let bytes = |s: &str| -> Arc<[u8]> { Arc::from(s.as_bytes()) };
        let mut files = Files::new(BTreeMap::from([("a".to_string(), bytes("1")), ("b".to_string(), bytes("2"))]));
        let published = files.clone();
        files.insert("a".into(), bytes("one"));
        files.remove("b");
        files.remove("never-there");
        assert_eq!(files.get("a").map(|b| &b[..]), Some(&b"one"[..]));
        assert!(!files.contains_key("b") && !files.contains_key("never-there"));
        assert_eq!(published.get("a").map(|b| &b[..]), Some(&b"1"[..]), "what was published stays as it was");
        for i in 0..=MAX_CHANGES {
            files.insert(format!("page-{i}"), bytes("x"));
        }
        assert!(files.changes.len() <= MAX_CHANGES, "folded into the base");
        assert_eq!(files.get("a").map(|b| &b[..]), Some(&b"one"[..]));
        assert!(!files.contains_key("b"));
        assert!(files.contains_key(&format!("page-{MAX_CHANGES}")));
    }
}
