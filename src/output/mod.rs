//! Stage 5: writing the site, safely.
//!
//! Contract:
//! - Writes, replaces and deletes happen only inside the output folder, the staging
//!   folders beside it (`.<name>.rolebook-staging-…`) and its lock file
//!   (`.<name>.rolebook-lock`), never through a symbolic link, and never at a path read
//!   from the old output: the old output and its manifest are untrusted input
//!   ([`manifest`], [`beneath`]).
//! - The output is the complete old build or the complete new one at every instant. A
//!   build stages the whole new tree beside the output — changed files written, unchanged
//!   ones hard-linked from the old output, so they keep their inode and modification
//!   time — and swaps it with the output in one `renameat2(RENAME_EXCHANGE)`; the old tree
//!   is then removed whole, off the critical path. A build killed at any moment leaves
//!   leftovers beside the output that the next build removes, and never a mix.
//! - One build of an output folder at a time: a second one waits on an advisory lock
//!   beside the output (never inside it, where it would be published).
//! - rolebook replaces only folders that are empty or that it wrote (every file listed
//!   in the manifest); anything else is refused before any work is done.
//! - Exception, with a warning: an output folder that is a mount point (a container
//!   volume) cannot be swapped, so it is updated file by file, each file replaced by a
//!   rename; a build killed meanwhile leaves old and new files mixed there.

mod beneath;
mod manifest;
pub mod relative;

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use beneath::{is_link_refusal, is_plain_path, Dir, Kind, MAX_DEPTH};
pub use beneath::{read_limited, replace_file};
use manifest::Manifest;
pub use manifest::MANIFEST;

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};

/// Where rendered files go.
pub trait Sink: Sync {
    /// Stores `bytes` at `rel` (a `/`-separated path inside the output).
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// The most bytes one more file may have: a renderer stops a page that grows past it,
    /// since the sink would refuse the page anyway (see [`crate::check::budget`]).
    fn room(&self) -> u64 {
        u64::MAX
    }
}

/// Writes a build into a staging folder, reusing what the previous output already holds.
pub struct DirSink {
    staging: Dir,
    /// The output of the previous build, if rolebook wrote it: a file whose bytes are
    /// unchanged there is taken from it (see [`DirSink::put`]).
    previous: Option<Dir>,
    /// Whether an unchanged file is hard-linked into the staging folder (which then holds
    /// the whole build, to be swapped in), or left where it is (an output updated in place).
    link_unchanged: bool,
    /// The staged folders made so far, so each is made once.
    folders: Mutex<HashSet<String>>,
    /// Every file of this build.
    written: Mutex<Vec<String>>,
    /// The files of this build whose bytes equal the previous output's.
    unchanged: Mutex<HashSet<String>>,
}

impl DirSink {
    fn new(staging: Dir, previous: Option<Dir>, link_unchanged: bool) -> Self {
        DirSink {
            staging,
            previous,
            link_unchanged,
            folders: Mutex::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
            unchanged: Mutex::new(HashSet::new()),
        }
    }

    /// Every file of this build, sorted.
    pub fn written(&self) -> Vec<String> {
        let mut files = self.written.lock().expect("no panics while holding the lock").clone();
        files.sort_unstable();
        files
    }

    fn unchanged(&self) -> HashSet<String> {
        self.unchanged.lock().expect("no panics while holding the lock").clone()
    }

    /// Makes the staged folders of `rel`, each once per build.
    fn make_parents(&self, rel: &str) -> io::Result<()> {
        let Some((folders, _)) = rel.rsplit_once('/') else { return Ok(()) };
        let made = |folder: &str| self.folders.lock().expect("no panics while holding the lock").contains(folder);
        if made(folders) {
            return Ok(());
        }
        // The lock is not held while the folder is made, so writers do not queue behind
        // each other's system calls; two making one folder is fine (`make_dir` accepts a
        // folder that is there).
        let ends = folders.match_indices('/').map(|(i, _)| i).chain([folders.len()]);
        for folder in ends.map(|end| &folders[..end]) {
            if !made(folder) {
                self.staging.make_dir(folder)?;
                self.folders.lock().expect("no panics while holding the lock").insert(folder.to_string());
            }
        }
        Ok(())
    }

    fn write_new(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let mut file = self.staging.create_file(rel).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => {
                io::Error::new(io::ErrorKind::AlreadyExists, format!("two files of this build are written to `{rel}`"))
            }
            _ => e,
        })?;
        file.write_all(bytes)
    }
}

impl Sink for DirSink {
    /// Writes `bytes` into the staging folder; when the previous output already holds
    /// exactly these bytes at `rel`, that file is hard-linked instead (same inode, same
    /// modification time), or, for an output updated in place, left where it is.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        // The staging folder is reached by relative paths: one that is not plain could
        // leave it; and the names starting `.rolebook-` are the output's own.
        if !is_plain_path(rel) || rel.split('/').any(|name| name.starts_with(".rolebook-")) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{rel}` is not a path rolebook may write inside the output"),
            ));
        }
        self.make_parents(rel)?;
        let same = self.previous.as_ref().and_then(|old| same_file(old, rel, bytes).map(|file| (old, file)));
        match same {
            Some((old, file)) => {
                // A copy where the file system refuses the link (the output on another
                // mount): the bytes are the same, only the modification time is new.
                if self.link_unchanged && self.staging.link_file(rel, &file, old, rel).is_err() {
                    self.write_new(rel, bytes)?;
                }
                self.unchanged.lock().expect("no panics while holding the lock").insert(rel.to_string());
            }
            None => self.write_new(rel, bytes)?,
        }
        self.written.lock().expect("no panics while holding the lock").push(rel.to_string());
        Ok(())
    }
}

/// The file at `rel` in `dir` if it is a plain file (reached through no link) holding
/// exactly `bytes`, compared in blocks (no copy of the file). A rebuild asks this of every
/// file it makes, so the file is opened once and its size taken from the open file.
fn same_file(dir: &Dir, rel: &str, bytes: &[u8]) -> Option<std::fs::File> {
    let mut file = dir.open_file(rel).ok()?;
    if !file.metadata().is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return None;
    }
    let mut block = [0u8; 16 * 1024];
    let mut at = 0;
    // The size matched, so the comparison ends at the last byte without a read of the end.
    while at < bytes.len() {
        let want = (bytes.len() - at).min(block.len());
        match file.read(&mut block[..want]) {
            Ok(n) if n > 0 && block[..n] == bytes[at..at + n] => at += n,
            Ok(_) | Err(_) => return None,
        }
    }
    Some(file)
}

/// Keeps nothing: `check` renders everything and writes nothing.
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// Keeps files in memory (for `serve`).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().expect("no panics while holding the lock")
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files.lock().expect("no panics while holding the lock").insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// The advisory lock that keeps a second build of the same output waiting. It lives in
/// a file beside the output, removed (before the lock is let go) when the build ends.
struct Lock {
    parent: Arc<Dir>,
    name: String,
    file: std::fs::File,
    /// A child process holds the lock now and removes the file when it is done.
    handed_on: bool,
}

impl Lock {
    fn take(parent: &Arc<Dir>, output: &str, shown: &Path) -> Result<Lock> {
        let name = format!(".{output}.rolebook-lock");
        let path = parent.path().join(&name);
        let mut said = false;
        loop {
            let file = parent.open_lock_file(&name).map_err(|e| {
                if is_link_refusal(&e) || e.kind() == io::ErrorKind::Other {
                    refused(shown, &format!("`{}` is not a plain file; remove it", path.display()))
                } else {
                    Error::io(&path, e)
                }
            })?;
            if !beneath::try_lock(&file).map_err(|e| Error::io(&path, e))? {
                // The holder is often the remover of the previous build's old output,
                // done in a moment: say so only when the wait is long enough to notice.
                let quiet_until = std::time::Instant::now() + std::time::Duration::from_secs(1);
                let mut locked = false;
                while !locked && std::time::Instant::now() < quiet_until {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                    locked = beneath::try_lock(&file).map_err(|e| Error::io(&path, e))?;
                }
                if !locked {
                    if !said {
                        eprintln!(
                            "waiting for another rolebook build of `{}` (or the removal of its old output) to finish",
                            shown.display()
                        );
                        said = true;
                    }
                    beneath::lock(&file).map_err(|e| Error::io(&path, e))?;
                }
            }
            // The build that held the lock removes its file before letting go: a lock
            // taken on that removed file keeps nobody out, so take the new one.
            let current = parent.identity(&name).ok();
            if current.is_some() && current == beneath::identity_of(&file).ok() {
                return Ok(Lock { parent: Arc::clone(parent), name, file, handed_on: false });
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held; the lock itself goes when the file is closed.
        if !self.handed_on {
            let _ = self.parent.remove(&self.name);
        }
    }
}

/// An output folder being rebuilt: the new build goes to `staging`, and reaches the
/// output on commit.
pub struct Staging {
    /// The output folder (for messages).
    target: PathBuf,
    /// How the output is shown to the user (relative to the site).
    shown: String,
    /// The output's name in `parent`.
    name: String,
    parent: Arc<Dir>,
    staging_name: String,
    /// Whether an output folder was there before this build.
    target_existed: bool,
    /// The files the previous output's manifest lists (plain paths only).
    listed: HashSet<String>,
    /// The output is a mount point: it is updated file by file.
    in_place: bool,
    sink: DirSink,
    warnings: Vec<Diagnostic>,
    lock: Lock,
}

/// What a commit did.
pub struct Committed {
    pub files: usize,
    /// The removal of what the commit left over.
    pub cleanup: Cleanup,
    /// Warnings about the old output (ignored manifest lines) and the commit itself (an
    /// output updated in place).
    pub warnings: Vec<Diagnostic>,
}

/// The removal of a previous output (or of a staging folder) after a commit. The build's
/// lock is held until it is done, so the next build of the output never meets it half
/// removed.
#[must_use = "the previous output is removed when the cleanup is waited for, handed on or dropped"]
pub struct Cleanup {
    parent: Arc<Dir>,
    /// The name, beside the output, of the folder to remove.
    trash: String,
    lock: Option<Lock>,
}

/// The hidden command a build starts to remove the previous output after it exits (see
/// [`Cleanup::hand_on`]); not for people, so `--help` does not list it.
pub const REMOVER_COMMAND: &str = "__remove-old-output";

impl Cleanup {
    /// Removes the folder now, then lets the lock go.
    pub fn wait(mut self) {
        self.remove_now();
    }

    fn remove_now(&mut self) {
        if let Some(lock) = self.lock.take() {
            remove_if_ours(&self.parent, &self.trash);
            drop(lock);
        }
    }

    /// Leaves the removal to a child process that holds the output's lock until it is
    /// done, so this build can end as soon as the new output is in place: removing ten
    /// thousand folders is a tenth of a second or more, and nothing waits for it. The
    /// next build of the output waits for the lock (and so for the removal); a remover
    /// that is killed leaves a marked folder the next build removes. Where no child can
    /// be started (or the lock cannot be passed on), the folder is removed here and now.
    pub fn hand_on(mut self) {
        let Some(lock) = self.lock.as_mut() else { return };
        let started = beneath::inherit(&lock.file).and_then(|()| {
            let exe = std::env::current_exe()?;
            std::process::Command::new(exe)
                .arg(REMOVER_COMMAND)
                .arg(self.parent.path())
                .arg(&self.trash)
                .arg(&lock.name)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
        });
        match started {
            Ok(_child) => {
                // Closing this process's descriptor keeps the lock: the child has one too.
                lock.handed_on = true;
                self.lock = None;
            }
            Err(_) => self.remove_now(),
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.remove_now();
    }
}

/// The remover a build hands its cleanup to ([`REMOVER_COMMAND`]): removes `trash` (a
/// staging folder or previous output of rolebook's, beside the output in `parent`) and
/// then the lock file `lock`, whose lock this process inherited and lets go by exiting.
/// Names that are not rolebook's own are refused, so it can remove nothing else.
pub fn finish_removal(parent: &Path, trash: &str, lock: &str) -> Result<()> {
    let ours = |name: &str, part: &str| {
        is_plain_path(name) && !name.contains('/') && name.starts_with('.') && name.contains(part)
    };
    if !ours(trash, ".rolebook-staging-") || !ours(lock, ".rolebook-lock") || !lock.ends_with(".rolebook-lock") {
        return Err(Error::Usage(format!("`{trash}` and `{lock}` are not rolebook's own folder and lock")));
    }
    let dir = Dir::open_trusted(parent).map_err(|e| Error::io(parent, e))?;
    remove_if_ours(&dir, trash);
    let _ = dir.remove(lock);
    Ok(())
}

/// Checks that `target` may be written for the site at `root`, waits for any other build
/// of it, and creates a staging folder beside it.
pub fn stage(root: &Path, target: &Path) -> Result<Staging> {
    refuse_links_inside_the_site(root, target)?;
    let target = absolute(target)?;
    refuse_unsafe_target(root, &target)?;
    let parent_path = target.parent().ok_or_else(|| refused(&target, "it is the root of the file system"))?;
    let name = match target.file_name().and_then(|n| n.to_str()) {
        Some(name) if is_plain_path(name) => name.to_string(),
        _ => return Err(refused(&target, "its name is not valid UTF-8")),
    };
    std::fs::create_dir_all(parent_path).map_err(|e| Error::io(parent_path, e))?;
    let parent = Arc::new(Dir::open_trusted(parent_path).map_err(|e| Error::io(parent_path, e))?);
    let shown = crate::content::loader::display_rel(root, &target);
    let lock = Lock::take(&parent, &name, &target)?;
    remove_leftovers(&parent, &name);

    let (previous, manifest) = examine(&parent, &name, &target)?;
    let mut warnings = Vec::new();
    if let Some(warning) = manifest.as_ref().and_then(|m| m.warning(&format!("{shown}/{MANIFEST}"))) {
        warnings.push(warning);
    }
    let in_place = match &previous {
        Some(old) => !parent.same_device(old).map_err(|e| Error::io(&target, e))?,
        None => false,
    };
    let staging_name = format!(
        ".{name}.rolebook-staging-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos())
    );
    let staging_path = parent.path().join(&staging_name);
    parent.make_dir(&staging_name).map_err(|e| Error::io(&staging_path, e))?;
    let staging = parent.open_dir(&staging_name).map_err(|e| Error::io(&staging_path, e))?;
    // Marked from the start, so a killed build's leftovers are recognisably ours.
    staging.create_file(MANIFEST).map_err(|e| Error::io(&staging_path, e))?;
    let listed = manifest.map(|m| m.files).unwrap_or_default();
    let target_existed = previous.is_some();
    // Only an output rolebook wrote is read back for unchanged files.
    let reused = previous.filter(|_| !listed.is_empty());
    Ok(Staging {
        sink: DirSink::new(staging, reused, !in_place),
        target,
        shown,
        name,
        parent,
        staging_name,
        target_existed,
        listed,
        in_place,
        warnings,
        lock,
    })
}

/// Looks at the output folder `name` of `parent`: the open folder and its manifest if it
/// holds one; refuses it unless it is missing, empty, or holds only files its manifest lists.
fn examine(parent: &Dir, name: &str, target: &Path) -> Result<(Option<Dir>, Option<Manifest>)> {
    let dir = match parent.open_dir(name) {
        Ok(dir) => dir,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((None, None)),
        Err(e) if is_link_refusal(&e) => return Err(refused(target, "it is a file or a link, not a folder")),
        Err(e) => return Err(Error::io(target, e)),
    };
    let mut files = Vec::new();
    list_files(&dir, "", &mut files).map_err(|e| Error::io(target, e))?;
    if files.is_empty() {
        return Ok((Some(dir), None));
    }
    let not_ours = || {
        refused(target, "it is not empty and was not written by rolebook, so replacing it could delete someone's files")
    };
    let manifest = read_manifest(&dir).ok_or_else(not_ours)?;
    let foreign: Vec<&str> =
        files.iter().map(String::as_str).filter(|rel| *rel != MANIFEST && !manifest.files.contains(*rel)).collect();
    if foreign.is_empty() {
        return Ok((Some(dir), Some(manifest)));
    }
    let shown: Vec<&str> = foreign.iter().take(5).copied().collect();
    Err(refused(
        target,
        &format!(
            "it holds files rolebook did not write ({}{}); move them to the site's static/ folder so every build includes them",
            shown.join(", "),
            if foreign.len() > 5 { ", ..." } else { "" }
        ),
    ))
}

/// The manifest of an output folder: a plain file (not a link), of a sane size, in UTF-8.
fn read_manifest(dir: &Dir) -> Option<Manifest> {
    let file = dir.open_file(MANIFEST).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > manifest::MAX_BYTES {
        return None;
    }
    let mut text = String::new();
    file.take(manifest::MAX_BYTES).read_to_string(&mut text).ok()?;
    Some(Manifest::parse(&text))
}

/// Every entry under `dir` that is not a folder (files, links, anything else), sorted,
/// as paths relative to it. Links are listed, never entered.
fn list_files(dir: &Dir, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    if prefix.split('/').count() > MAX_DEPTH {
        return Err(io::Error::other(format!("`{prefix}` is nested more than {MAX_DEPTH} folders deep")));
    }
    let mut entries = dir.entries()?;
    entries.sort_unstable();
    for (name, kind) in entries {
        let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        if kind == Kind::Dir {
            list_files(&dir.open_dir(&name)?, &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

impl Staging {
    pub fn sink(&self) -> &DirSink {
        &self.sink
    }

    /// Swaps the staged output into place, and removes the previous output.
    pub fn commit(self) -> Result<usize> {
        let committed = self.commit_leaving_cleanup()?;
        committed.cleanup.wait();
        Ok(committed.files)
    }

    /// Puts the staged build in place; the previous output (or what was staged, after an
    /// update in place) is removed, and the output's lock let go, when the returned
    /// [`Cleanup`] is waited for, handed on or dropped.
    pub fn commit_leaving_cleanup(mut self) -> Result<Committed> {
        let written = self.sink.written();
        match self.put_in_place(&written) {
            Ok(in_place) => {
                let mut warnings = std::mem::take(&mut self.warnings);
                if in_place {
                    warnings.push(
                        Diagnostic::warning(
                            &self.shown,
                            "output-not-atomic",
                            "the output folder cannot be replaced in one step (it is a mount point), so it was updated file by file: a build stopped meanwhile leaves old and new files mixed in it",
                        )
                        .with_hint("build into a folder inside the mount instead (for example `--output-dir <mount>/site`) to get an update that is all old or all new"),
                    );
                }
                // After a swap the staging name holds the previous output; after an update
                // in place it holds what was staged. Either way it goes.
                let cleanup = Cleanup {
                    parent: Arc::clone(&self.parent),
                    trash: self.staging_name.clone(),
                    lock: Some(self.lock),
                };
                Ok(Committed { files: written.len(), cleanup, warnings })
            }
            Err(e) => {
                // What was staged is not needed any more; a later build would remove it too.
                remove_if_ours(&self.parent, &self.staging_name);
                Err(e)
            }
        }
    }

    /// Puts the build in place: one swap, or (returning true) an update in place where
    /// the output cannot be swapped.
    fn put_in_place(&self, written: &[String]) -> Result<bool> {
        let staging_path = self.parent.path().join(&self.staging_name);
        let text = Manifest::text_of(written.iter().map(String::as_str));
        write_manifest(&self.sink.staging, &text).map_err(|e| Error::io(&staging_path, e))?;
        if !self.in_place {
            let swapped = if self.target_existed {
                self.parent.exchange(&self.staging_name, &self.name)
            } else {
                self.parent.rename_new(&self.staging_name, &self.name)
            };
            match swapped {
                Ok(()) => return Ok(false),
                Err(e) if !(self.target_existed && cannot_swap(&e)) => return Err(Error::io(&self.target, e)),
                Err(_) => {}
            }
        }
        self.update_in_place(written).map_err(|e| Error::io(&self.target, e))?;
        Ok(true)
    }

    /// Updates the output folder file by file (for an output that is a mount point):
    /// each changed file replaced by a rename, then the files this build did not make
    /// removed. What is removed is found by walking the output, not from its manifest.
    fn update_in_place(&self, written: &[String]) -> io::Result<()> {
        let target = self.parent.open_dir(&self.name)?;
        // Until every file is in place the manifest lists the old files and the new alike,
        // so an update cut short leaves a folder the next build still knows as its own.
        let both = Manifest::text_of(self.listed.iter().chain(written).map(String::as_str));
        write_manifest(&target, &both)?;
        let unchanged = self.sink.unchanged();
        for rel in written.iter().filter(|rel| !unchanged.contains(*rel)) {
            let mut bytes = Vec::new();
            self.sink.staging.open_file(rel)?.read_to_end(&mut bytes)?;
            place(&target, rel, &bytes)?;
        }
        let produced: HashSet<&str> = written.iter().map(String::as_str).collect();
        prune(&target, "", &produced)?;
        write_manifest(&target, &Manifest::text_of(produced.iter().copied()))
    }

    /// Drops the staged files; the previous output is untouched.
    pub fn abort(self) {
        remove_if_ours(&self.parent, &self.staging_name);
    }
}

/// Whether a failed swap means the output folder cannot be swapped at all (a mount point,
/// or a file system without the exchange: EINVAL, EOPNOTSUPP), rather than a real failure.
fn cannot_swap(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices | io::ErrorKind::Unsupported)
        || cfg!(target_os = "linux") && e.raw_os_error().is_some_and(|code| code == 22 || code == 95)
}

/// Replaces the manifest of `dir` (written beside it, then renamed over it).
fn write_manifest(dir: &Dir, text: &str) -> io::Result<()> {
    let next = ".rolebook-manifest.next";
    dir.remove(next)?;
    dir.create_file(next)?.write_all(text.as_bytes())?;
    dir.rename(next, MANIFEST)
}

/// Puts `bytes` at `rel` in `target` by a rename, replacing whatever of the old output
/// is in the way (a file where a folder now goes, or the reverse). Every step is taken
/// from an open folder, so no link in the old output is followed.
fn place(target: &Dir, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let (folders, name) = match rel.rsplit_once('/') {
        Some((folders, name)) => (Some(folders), name),
        None => (None, rel),
    };
    let mut opened: Option<Dir> = None;
    for folder in folders.into_iter().flat_map(|f| f.split('/')) {
        let at = opened.as_ref().unwrap_or(target);
        match at.kind(folder) {
            Ok(Kind::Dir) => {}
            Ok(_) => {
                at.remove(folder)?;
                at.make_dir(folder)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => at.make_dir(folder)?,
            Err(e) => return Err(e),
        }
        opened = Some(at.open_dir(folder)?);
    }
    let at = opened.as_ref().unwrap_or(target);
    if at.kind(name).is_ok_and(|k| k == Kind::Dir) {
        at.remove(name)?;
    }
    let temp = format!(".rolebook-tmp-{name}");
    at.remove(&temp)?;
    at.create_file(&temp)?.write_all(bytes)?;
    at.rename(&temp, name)
}

/// Removes from `dir` every file that is not in `produced` (and every folder left
/// empty). Returns whether `dir` is empty afterwards.
fn prune(dir: &Dir, prefix: &str, produced: &HashSet<&str>) -> io::Result<bool> {
    if prefix.split('/').count() > MAX_DEPTH {
        return Err(io::Error::other(format!("`{prefix}` is nested more than {MAX_DEPTH} folders deep")));
    }
    let mut empty = true;
    for (name, kind) in dir.entries()? {
        let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        if kind == Kind::Dir && prune(&dir.open_dir(&name)?, &rel, produced)? {
            dir.remove_empty_dir(&name)?;
        } else if kind != Kind::Dir && rel != MANIFEST && !produced.contains(rel.as_str()) {
            dir.remove(&name)?;
        } else {
            empty = false;
        }
    }
    Ok(empty)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| Error::io(path, e))?.join(path)
    };
    // The output is replaced by a rename: were it a link, the link would be replaced
    // (or, resolved, a folder elsewhere that the site's author chose).
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        if std::fs::symlink_metadata(parent.join(name)).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refused(&path, "it is a symbolic link; give the path of the folder itself"));
        }
    }
    // Resolve `..` and symlinks of the part that exists, so comparisons below are honest.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().map_err(|e| Error::io(existing, e))?;
    for name in rest.iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    Ok(resolved)
}

/// An output inside the site is reached through folders a contribution controls: were
/// one of them a committed link (`--output-dir dist/site` with `dist` linking to
/// `/home/ci`), the build would write wherever the contributor chose. So every existing
/// folder between the site and the output must be a real folder. Paths are compared as
/// written (made absolute, `.` and `..` applied), before any link is resolved.
fn refuse_links_inside_the_site(root: &Path, target: &Path) -> Result<()> {
    let (root, target) = (lexical_absolute(root)?, lexical_absolute(target)?);
    let Ok(below) = target.strip_prefix(&root) else { return Ok(()) };
    let mut path = root.clone();
    for name in below.iter() {
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let shown = crate::content::loader::display_rel(&root, &path);
                return Err(refused(
                    &target,
                    &format!("`{shown}` inside the site is a symbolic link, and a contribution could point it anywhere; use a real folder"),
                ));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

/// `path` made absolute from the working folder, with `.` and `..` applied to the text.
fn lexical_absolute(path: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| Error::io(path, e))?.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    Ok(out)
}

fn refused(target: &Path, reason: &str) -> Error {
    Error::OutputRefused { path: target.to_path_buf(), reason: reason.to_string() }
}

/// The output must not be (or contain) the site, its sources, or the home folder.
fn refuse_unsafe_target(root: &Path, target: &Path) -> Result<()> {
    let root = absolute(root)?;
    if root.starts_with(target) {
        return Err(refused(target, "it is the site folder or contains it"));
    }
    for source in ["content", "templates", "static", "themes", ".rolebook"] {
        if target.starts_with(root.join(source)) {
            return Err(refused(target, &format!("it is inside the site's `{source}/` folder")));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if home.canonicalize().is_ok_and(|h| h == target) {
            return Err(refused(target, "it is your home folder"));
        }
    }
    Ok(())
}

/// Removes the entry `name` of `parent` (a staging folder, or an old output swapped out)
/// only if it is a folder carrying rolebook's mark, or an empty one. The mark goes last,
/// so a removal cut short leaves a folder the next build still recognises.
fn remove_if_ours(parent: &Dir, name: &str) {
    use rayon::prelude::*;
    let Ok(dir) = parent.open_dir(name) else { return };
    if dir.open_file(MANIFEST).is_ok() {
        let entries = dir.entries().unwrap_or_default();
        let rest = entries.par_iter().filter(|(entry, _)| entry != MANIFEST);
        if rest.map(|(entry, _)| dir.remove(entry)).collect::<io::Result<()>>().is_err() {
            return;
        }
        let _ = dir.remove(MANIFEST);
    }
    // Empty now, or never marked: an empty folder (the output before the first build)
    // holds nobody's files, and a folder that is not empty and not ours is left alone.
    let _ = parent.remove_empty_dir(name);
}

/// Removes what killed builds of the output `name` left beside it. Called with the
/// output's lock held, so no build that could still use them is running.
fn remove_leftovers(parent: &Dir, name: &str) {
    let prefix = format!(".{name}.rolebook-staging-");
    let Ok(entries) = parent.entries() else { return };
    for (entry, kind) in entries {
        if kind == Kind::Dir && entry.starts_with(&prefix) {
            remove_if_ours(parent, &entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One build of `files` into `out` for the site at `root`.
    fn build(root: &Path, out: &Path, files: &[(&str, &str)]) -> Result<usize> {
        let staging = stage(root, out)?;
        for (rel, bytes) in files {
            staging.sink().put(rel, bytes.as_bytes()).map_err(|e| Error::io(Path::new(rel), e))?;
        }
        staging.commit()
    }

    /// The names beside the output other than `keep`.
    fn beside(dir: &Path, keep: &[&str]) -> Vec<String> {
        let names = std::fs::read_dir(dir).unwrap().filter_map(Result::ok);
        names.map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| !keep.contains(&n.as_str())).collect()
    }

    #[test]
    fn commit_swaps_and_refuses_foreign_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");

        assert_eq!(build(&root, &out, &[("a/index.html", "one")]).unwrap(), 1);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        // A second build replaces the first.
        build(&root, &out, &[("b.html", "two")]).unwrap();
        assert!(!out.join("a/index.html").exists());

        // Someone else's file in the output stops the next build before it starts.
        std::fs::write(out.join("CNAME"), "x").unwrap();
        let err = stage(&root, &out).err().unwrap().to_string();
        assert!(err.contains("CNAME"), "{err}");
        assert!(out.join("CNAME").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_keeps_unchanged_files_by_inode_and_mtime_and_leaves_nothing_beside() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
        build(&root, &out, &[("same/index.html", "same"), ("edit/index.html", "v1"), ("gone/deep/index.html", "old")])
            .unwrap();
        let meta = |rel: &str| std::fs::metadata(out.join(rel)).unwrap();
        let same = meta("same/index.html");

        let files = [("same/index.html", "same"), ("edit/index.html", "v2"), ("new/index.html", "new")];
        assert_eq!(build(&root, &out, &files).unwrap(), 3);
        let after = meta("same/index.html");
        assert_eq!((after.ino(), after.mtime(), after.mtime_nsec()), (same.ino(), same.mtime(), same.mtime_nsec()));
        assert_eq!(after.nlink(), 1, "the previous output is gone, so no file is shared with it");
        assert_eq!(std::fs::read_to_string(out.join("edit/index.html")).unwrap(), "v2");
        assert_eq!(std::fs::read_to_string(out.join("new/index.html")).unwrap(), "new");
        assert!(!out.join("gone").exists(), "a stale file goes, and so do its folders");
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest, "edit/index.html\nnew/index.html\nsame/index.html\n");
        assert_eq!(beside(tmp.path(), &["public"]), Vec::<String>::new(), "no staging folder or lock is left");
    }

    #[test]
    fn a_file_where_a_folder_now_goes_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
        build(&root, &out, &[("keep.css", "css"), ("docs", "a file")]).unwrap();
        assert_eq!(build(&root, &out, &[("keep.css", "css"), ("docs/index.html", "now a folder")]).unwrap(), 2);
        assert_eq!(std::fs::read_to_string(out.join("keep.css")).unwrap(), "css");
        assert_eq!(std::fs::read_to_string(out.join("docs/index.html")).unwrap(), "now a folder");
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), "docs/index.html\nkeep.css\n");
        assert_eq!(beside(tmp.path(), &["public"]), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn an_output_folder_that_cannot_be_swapped_is_updated_in_place_with_a_warning() {
        use std::os::unix::fs::MetadataExt;
        // What a commit falls back to when the folder is a mount point. The old output
        // holds an unchanged file, a changed one, a stale one, a file where a folder now
        // goes, and links to outside listed in its manifest.
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
        let victim = tmp.path().join("victim");
        std::fs::create_dir_all(&victim).unwrap();
        std::fs::write(victim.join("index.html"), "victim").unwrap();
        build(&root, &out, &[("same.html", "same"), ("edit.html", "v1"), ("gone/a.html", "x"), ("docs", "file")])
            .unwrap();
        std::os::unix::fs::symlink(&victim, out.join("linked")).unwrap();
        std::os::unix::fs::symlink(victim.join("index.html"), out.join("file-link.html")).unwrap();
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        std::fs::write(out.join(MANIFEST), format!("{manifest}linked\nfile-link.html\n")).unwrap();
        let same = std::fs::metadata(out.join("same.html")).unwrap().ino();

        let mut staging = stage(&root, &out).unwrap();
        staging.in_place = true;
        staging.sink.link_unchanged = false;
        for (rel, bytes) in [
            ("same.html", "same"),
            ("edit.html", "v2"),
            ("docs/index.html", "folder"),
            ("linked/index.html", "mine"),
            ("file-link.html", "mine too"),
        ] {
            staging.sink().put(rel, bytes.as_bytes()).unwrap();
        }
        let committed = staging.commit_leaving_cleanup().unwrap();
        committed.cleanup.wait();
        assert!(committed.warnings.iter().any(|w| w.code == "output-not-atomic"));
        assert_eq!(std::fs::metadata(out.join("same.html")).unwrap().ino(), same, "unchanged file left in place");
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        assert_eq!((read("edit.html"), read("docs/index.html")), ("v2".into(), "folder".into()));
        assert_eq!((read("linked/index.html"), read("file-link.html")), ("mine".into(), "mine too".into()));
        assert!(!std::fs::symlink_metadata(out.join("linked")).unwrap().file_type().is_symlink());
        assert!(!out.join("gone").exists());
        assert_eq!(
            std::fs::read_to_string(victim.join("index.html")).unwrap(),
            "victim",
            "nothing written through a link"
        );
        assert_eq!(read(MANIFEST), "docs/index.html\nedit.html\nfile-link.html\nlinked/index.html\nsame.html\n");
        assert_eq!(beside(tmp.path(), &["public", "victim"]), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn an_output_reached_through_a_link_inside_the_site_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(elsewhere.join("site")).unwrap();
        std::fs::write(elsewhere.join("site/keep.txt"), "mine").unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("dist")).unwrap();
        let err = stage(&root, &root.join("dist/site")).err().expect("refused").to_string();
        assert!(err.contains("`dist`") && err.contains("symbolic link"), "{err}");
        assert!(stage(&root, &root.join("dist/../dist/new")).is_err(), "a spelling with `..` is no way around it");
        assert_eq!(std::fs::read_to_string(elsewhere.join("site/keep.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1, "nothing was staged beside it");
        // A real folder on the way is fine.
        std::fs::create_dir_all(root.join("build")).unwrap();
        stage(&root, &root.join("build/site")).expect("a real folder is fine").abort();
    }

    #[test]
    fn refuses_dangerous_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for target in [root.clone(), tmp.path().to_path_buf(), root.join("content/out"), root.join(".rolebook/x")] {
            assert!(stage(&root, &target).is_err(), "{target:?}");
        }
        let foreign = tmp.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        assert!(stage(&root, &foreign).is_err());
        assert!(foreign.join("notes.txt").exists());
    }

    #[cfg(unix)]
    #[test]
    fn an_output_folder_that_is_a_link_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let elsewhere = tmp.path().join("elsewhere");
        build(&root, &elsewhere, &[("index.html", "theirs")]).unwrap();
        std::fs::create_dir_all(&root).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("public")).unwrap();
        let err = stage(&root, &root.join("public")).err().unwrap().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(elsewhere.join("index.html")).unwrap(), "theirs");
    }

    #[test]
    fn only_a_plain_file_with_the_same_bytes_counts_as_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("out")).unwrap();
        let dir = Dir::open_trusted(tmp.path()).unwrap();
        // Longer than one read block, so the comparison crosses blocks.
        let bytes: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(tmp.path().join("page.html"), &bytes).unwrap();
        assert!(same_file(&dir, "page.html", &bytes).is_some());

        let mut last_differs = bytes.clone();
        *last_differs.last_mut().unwrap() ^= 1;
        assert!(same_file(&dir, "page.html", &last_differs).is_none(), "a change in the last block is seen");
        assert!(same_file(&dir, "page.html", &bytes[..bytes.len() - 1]).is_none(), "a shorter file is a change");
        assert!(same_file(&dir, "page.html", &[bytes.as_slice(), b"x"].concat()).is_none(), "a longer file too");
        assert!(same_file(&dir, "missing.html", b"").is_none(), "a missing file is a change");
        assert!(same_file(&dir, "out", b"").is_none(), "a folder is not a file");

        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("page.html"), tmp.path().join("link.html")).unwrap();
            assert!(same_file(&dir, "link.html", &bytes).is_none(), "a link to the same bytes is not the built file");
            std::os::unix::fs::symlink(tmp.path(), tmp.path().join("out/up")).unwrap();
            assert!(same_file(&dir, "out/up/page.html", &bytes).is_none(), "nor a file reached through a link");
        }
    }

    #[test]
    fn abort_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
        build(&root, &out, &[("x", "old")]).unwrap();
        let staging = stage(&root, &out).unwrap();
        staging.sink().put("x", b"new").unwrap();
        staging.abort();
        assert_eq!(std::fs::read(out.join("x")).unwrap(), b"old");
        assert_eq!(beside(tmp.path(), &["out"]), Vec::<String>::new(), "only `out` remains");
    }

    #[test]
    fn forged_manifest_lines_delete_nothing_outside_and_are_warned_about() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("a/b/public"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(tmp.path().join("victim.txt"), "victim").unwrap();
        std::fs::write(tmp.path().join("a/victim"), "victim").unwrap();
        let forged = format!(
            "index.html\n../../victim.txt\n{}\na/../../victim\n./x\n..\\..\\victim.txt\n",
            tmp.path().join("victim.txt").display()
        );
        std::fs::write(out.join(MANIFEST), forged).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let staging = stage(&root, &out).unwrap();
        staging.sink().put("index.html", b"new").unwrap();
        let committed = staging.commit_leaving_cleanup().unwrap();
        committed.cleanup.wait();
        let warning = committed.warnings.iter().find(|w| w.code == "manifest-line-ignored").expect("a warning");
        assert!(warning.message.contains("ignored 5 manifest lines"), "{}", warning.message);
        assert_eq!(std::fs::read_to_string(tmp.path().join("victim.txt")).unwrap(), "victim");
        assert_eq!(std::fs::read_to_string(tmp.path().join("a/victim")).unwrap(), "victim");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
    }

    #[test]
    fn paths_that_could_leave_the_staging_folder_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = stage(&tmp.path().join("site"), &tmp.path().join("public")).unwrap();
        for rel in ["../escape.html", "/abs.html", "a/../../x", "./x", "a\\b", "", MANIFEST, "x/.rolebook-manifest"] {
            assert!(staging.sink().put(rel, b"x").is_err(), "{rel:?}");
        }
        staging.sink().put("twice.html", b"1").unwrap();
        let err = staging.sink().put("twice.html", b"2").unwrap_err().to_string();
        assert!(err.contains("two files"), "{err}");
        staging.abort();
        assert!(!tmp.path().join("escape.html").exists());
    }

    #[test]
    fn an_old_output_nested_absurdly_deep_is_refused_not_walked_to_a_crash() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
        build(&root, &out, &[("index.html", "1")]).unwrap();
        let deep: PathBuf = std::iter::repeat_n("d", MAX_DEPTH + 5).collect();
        std::fs::create_dir_all(out.join(&deep)).unwrap();
        std::fs::write(out.join(&deep).join("f"), "x").unwrap();
        let err = stage(&root, &out).err().expect("refused").to_string();
        assert!(err.contains("deep"), "{err}");
        // A leftover beside the output as deep as that is removed without a crash.
        let leftover = tmp.path().join(".public.rolebook-staging-1-1");
        std::fs::create_dir_all(leftover.join(&deep)).unwrap();
        std::fs::write(leftover.join(MANIFEST), "").unwrap();
        std::fs::remove_dir_all(&out).unwrap();
        build(&root, &out, &[("index.html", "2")]).unwrap();
    }

    #[test]
    fn leftovers_of_a_killed_build_are_removed_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
        build(&root, &out, &[("index.html", "1")]).unwrap();
        // A staging folder and a swapped-out old output of a build killed before its cleanup.
        for leftover in [".public.rolebook-staging-4242-1", ".public.rolebook-staging-4243-2"] {
            std::fs::create_dir_all(tmp.path().join(leftover).join("deep")).unwrap();
            std::fs::write(tmp.path().join(leftover).join(MANIFEST), "").unwrap();
        }
        std::fs::write(tmp.path().join(".public.rolebook-lock"), "").unwrap();
        build(&root, &out, &[("index.html", "2")]).unwrap();
        assert_eq!(beside(tmp.path(), &["public"]), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_file_that_is_a_link_is_refused_and_its_target_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, tmp.path().join(".public.rolebook-lock")).unwrap();
        let err = stage(&tmp.path().join("site"), &tmp.path().join("public")).err().expect("refused").to_string();
        assert!(err.contains("not a plain file"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(std::fs::symlink_metadata(tmp.path().join(".public.rolebook-lock")).unwrap().is_symlink());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_remover_removes_only_rolebook_s_own_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        let ours = tmp.path().join(".public.rolebook-staging-1-2");
        std::fs::create_dir_all(ours.join("a")).unwrap();
        std::fs::write(ours.join("a/index.html"), "old").unwrap();
        std::fs::write(ours.join(MANIFEST), "a/index.html\n").unwrap();
        std::fs::write(tmp.path().join(".public.rolebook-lock"), "").unwrap();
        std::fs::create_dir_all(tmp.path().join("docs")).unwrap();
        std::fs::write(tmp.path().join("docs/notes.txt"), "mine").unwrap();
        for (trash, lock) in [
            ("docs", ".public.rolebook-lock"),
            ("../docs", ".public.rolebook-lock"),
            (".public.rolebook-staging-1-2/../docs", ".public.rolebook-lock"),
            (".public.rolebook-staging-1-2", "docs/notes.txt"),
        ] {
            assert!(finish_removal(tmp.path(), trash, lock).is_err(), "{trash} {lock}");
        }
        assert!(tmp.path().join("docs/notes.txt").exists() && ours.exists());
        finish_removal(tmp.path(), ".public.rolebook-staging-1-2", ".public.rolebook-lock").unwrap();
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("docs")]);
    }

    #[test]
    fn a_second_build_of_the_same_output_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("public"));
        let first = stage(&root, &out).unwrap();
        first.sink().put("index.html", b"first").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn({
            let (root, out) = (root.clone(), out.clone());
            move || {
                let second = stage(&root, &out).unwrap();
                tx.send(()).unwrap();
                second.sink().put("index.html", b"second").unwrap();
                second.commit().unwrap();
            }
        });
        assert!(rx.recv_timeout(std::time::Duration::from_millis(300)).is_err(), "the second build did not wait");
        first.commit().unwrap();
        rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the second build goes on once the first is done");
        waiter.join().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "second");
    }
}
