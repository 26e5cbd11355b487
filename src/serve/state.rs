//! What the preview serves: the last good build, kept in memory, and the last error.
//! Builds publish here; the HTTP and event threads read and wait on it.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

pub type Files = Arc<BTreeMap<String, Arc<[u8]>>>;

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
    pub fn new(files: BTreeMap<String, Arc<[u8]>>, error: Option<String>) -> Self {
        Shared {
            files: Mutex::new(Arc::new(files)),
            roles_json: Mutex::new(None),
            state: Mutex::new(Snapshot { version: 1, change: Change::Reload, error }),
            changed: Condvar::new(),
        }
    }

    /// The files of the last good build (a cheap clone of a shared map).
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
    pub fn publish(
        &self,
        files: BTreeMap<String, Arc<[u8]>>,
        roles_json: Option<super::incremental::RolesJson>,
        change: Change,
    ) {
        *self.files.lock().expect("no panics while holding the lock") = Arc::new(files);
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

    /// Waits until the state differs from `seen`, or `timeout` passes.
    pub fn wait(&self, seen: &Snapshot, timeout: Duration) -> Snapshot {
        let state = self.state.lock().expect("no panics while holding the lock");
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.version == seen.version && s.error == seen.error)
            .expect("no panics while holding the lock");
        state.clone()
    }
}
