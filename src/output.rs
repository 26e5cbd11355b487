//! Stage 5: writing the site, safely.
//!
//! A build writes into a fresh staging folder beside the output, and touches the output
//! only when everything succeeded, so a failed or killed build leaves the previous output
//! exactly as it was. Files whose bytes did not change are not written at all; the commit
//! then moves the changed files into the output and deletes the stale ones, or, for a
//! first build (or an output whose shape is in the way), swaps the staged folder in
//! whole. rolebook marks the folders it writes with a manifest of their files and refuses
//! to replace a folder that holds anything it did not write.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Lists every file rolebook wrote into an output folder; its presence marks the folder as ours.
pub const MANIFEST: &str = ".rolebook-manifest";

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

/// Writes files under a folder, remembering what it wrote.
pub struct DirSink {
    dir: PathBuf,
    /// The output of the previous build, if rolebook wrote it: a file whose bytes are
    /// unchanged there is not written again (see [`DirSink::put`]).
    previous: Option<PathBuf>,
    /// Every file of this build.
    written: Mutex<Vec<String>>,
    /// The files of this build whose bytes equal the previous output's; they are not in `dir`.
    unchanged: Mutex<Vec<String>>,
}

impl DirSink {
    pub fn new(dir: PathBuf) -> Self {
        DirSink { dir, previous: None, written: Mutex::new(Vec::new()), unchanged: Mutex::new(Vec::new()) }
    }

    /// Leaves out files whose bytes `previous` already holds (see [`DirSink::put`]).
    pub fn reusing(dir: PathBuf, previous: PathBuf) -> Self {
        DirSink { previous: Some(previous), ..DirSink::new(dir) }
    }

    /// Whether `previous/rel` holds exactly `bytes`. The bytes are compared in full, so a
    /// file edited by hand since the last build is never taken for the built one.
    fn is_unchanged(&self, rel: &str, bytes: &[u8]) -> bool {
        let Some(previous) = &self.previous else { return false };
        same_bytes(&previous.join(rel), bytes)
    }

    /// Every file of this build, sorted.
    pub fn written(&self) -> Vec<String> {
        let mut files = self.written.lock().expect("no panics while holding the lock").clone();
        files.sort();
        files
    }

    fn unchanged(&self) -> std::collections::HashSet<String> {
        self.unchanged.lock().expect("no panics while holding the lock").iter().cloned().collect()
    }
}

impl Sink for DirSink {
    /// Writes `bytes` under the folder, unless the previous output already holds exactly
    /// these bytes at `rel`: then the file is only noted, and the commit leaves the old one
    /// where it is (same inode, same modification time).
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if self.is_unchanged(rel, bytes) {
            self.unchanged.lock().expect("no panics while holding the lock").push(rel.to_string());
        } else {
            let path = self.dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut file = io::BufWriter::new(std::fs::File::create(&path)?);
            file.write_all(bytes)?;
            file.flush()?;
        }
        self.written.lock().expect("no panics while holding the lock").push(rel.to_string());
        Ok(())
    }
}

/// Whether the file at `path` is a plain file (not a link to one) holding exactly
/// `bytes`, read in blocks (no copy of the file). A rebuild asks this of every file it
/// makes, so the path is looked up once: the file is opened without following a link
/// and its size taken from the open file.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = open_plain(path) else { return false };
    if !file.metadata().is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return false;
    }
    let mut block = [0u8; 16 * 1024];
    let mut at = 0;
    // The size matched, so the comparison ends at the last byte without a read of the end.
    while at < bytes.len() {
        let want = (bytes.len() - at).min(block.len());
        match file.read(&mut block[..want]) {
            Ok(n) if n > 0 && block[..n] == bytes[at..at + n] => at += n,
            Ok(_) | Err(_) => return false,
        }
    }
    true
}

/// Opens `path` for reading unless it is a symbolic link (and without waiting, should it
/// be a pipe).
#[cfg(target_os = "linux")]
fn open_plain(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    std::fs::OpenOptions::new().read(true).custom_flags(flags.bits() as i32).open(path)
}

#[cfg(not(target_os = "linux"))]
fn open_plain(path: &Path) -> io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path)?.is_file() {
        std::fs::File::open(path)
    } else {
        Err(io::Error::other("not a plain file"))
    }
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

/// An output folder being rebuilt: changed files go to `staging`, and reach `target` on commit.
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    sink: DirSink,
}

/// The removal of a previous output, running on its own thread.
#[must_use = "the previous output is removed only once the cleanup is waited for"]
pub struct Cleanup(Option<std::thread::JoinHandle<()>>);

impl Cleanup {
    fn remove(dir: PathBuf) -> Self {
        let handle = std::thread::Builder::new().name("remove old output".into()).spawn({
            let dir = dir.clone();
            move || remove_if_ours(&dir)
        });
        match handle {
            Ok(handle) => Cleanup(Some(handle)),
            // No thread to be had: remove it here and now.
            Err(_) => {
                remove_if_ours(&dir);
                Cleanup(None)
            }
        }
    }

    /// Blocks until the previous output is gone (dropping the cleanup does the same).
    pub fn wait(self) {}
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

/// Checks that `target` may be written for the site at `root`, and creates a staging folder.
pub fn stage(root: &Path, target: &Path) -> Result<Staging> {
    let target = absolute(target)?;
    refuse_unsafe_target(root, &target)?;
    let parent = target.parent().ok_or_else(|| refused(&target, "it is the root of the file system"))?;
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_stale_staging(parent, &name);
    let staging = parent.join(format!(".{name}.rolebook-staging-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
    // Marked from the start, so a killed build's leftovers are recognisably ours.
    std::fs::write(staging.join(MANIFEST), "").map_err(|e| Error::io(&staging, e))?;
    // `refuse_unsafe_target` has checked that a manifest lists every file of the target.
    let sink = if target.join(MANIFEST).is_file() {
        DirSink::reusing(staging.clone(), target.clone())
    } else {
        DirSink::new(staging.clone())
    };
    Ok(Staging { sink, target, staging })
}

impl Staging {
    pub fn sink(&self) -> &DirSink {
        &self.sink
    }

    /// Swaps the staged output into place, and removes the previous output.
    pub fn commit(self) -> Result<usize> {
        let (files, cleanup) = self.commit_leaving_cleanup()?;
        cleanup.wait();
        Ok(files)
    }

    /// Puts the staged build in place and starts removing what is left over on another
    /// thread, so the caller can finish its own work meanwhile; the removal is complete
    /// when the returned [`Cleanup`] is waited for or dropped.
    ///
    /// Over a previous output that shares files with this build, only the files that
    /// changed are moved in (each by a rename, so no reader ever sees half a file) and the
    /// files the build no longer produces are deleted: a rebuild that changed one page
    /// touches one page, instead of re-creating and deleting a tree of thousands of
    /// folders. Otherwise the staged folder, which then holds the whole build, is swapped
    /// with the old one in one step; where the output folder cannot be moved (a mount
    /// point, such as a container's volume), it is filled in place instead.
    pub fn commit_leaving_cleanup(self) -> Result<(usize, Cleanup)> {
        let committed = self.put_in_place();
        if committed.is_err() {
            // What was staged is not needed any more; a later build would remove it too.
            remove_if_ours(&self.staging);
        }
        committed
    }

    fn put_in_place(&self) -> Result<(usize, Cleanup)> {
        let written = self.sink.written();
        let unchanged = self.sink.unchanged();
        if unchanged.is_empty() {
            if let Some(cleanup) = self.swap(&written)? {
                return Ok((written.len(), cleanup));
            }
        }
        if self.update_in_place(&written, &unchanged)? {
            return Ok((written.len(), Cleanup::remove(self.staging.clone())));
        }
        // Something of the old output is in the way (a file where a folder now goes, or
        // the reverse): complete the staged folder and swap it in whole.
        self.link_unchanged(&unchanged)?;
        match self.swap(&written)? {
            Some(cleanup) => Ok((written.len(), cleanup)),
            None => Err(refused(
                &self.target,
                "its old files are in the way of the new ones (a file where a folder now goes) and the folder itself cannot be replaced (is it a mount point?); empty it and build again",
            )),
        }
    }

    /// Moves the changed files into the target and deletes the stale ones. Returns false,
    /// having changed nothing, when the old output's shape is in the way.
    fn update_in_place(&self, written: &[String], unchanged: &HashSet<String>) -> Result<bool> {
        let changed: Vec<&str> = written.iter().map(String::as_str).filter(|f| !unchanged.contains(*f)).collect();
        if changed.iter().any(|rel| in_the_way(&self.target, rel)) {
            return Ok(false);
        }
        let manifest = self.target.join(MANIFEST);
        let old = match std::fs::read_to_string(&manifest) {
            Ok(old) => old,
            // An empty output folder, filled in place because it cannot be swapped.
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(&manifest, e)),
        };
        let produced: HashSet<&str> = written.iter().map(String::as_str).collect();
        let stale: Vec<&str> = old.lines().filter(|f| !f.is_empty() && !produced.contains(f)).collect();
        // Until every file is in place the manifest lists the old files and the new alike,
        // so an update cut short leaves a folder the next build still knows as its own.
        self.write_manifest(old.lines().chain(changed.iter().copied()))?;
        for rel in &changed {
            let to = self.target.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            move_file(&self.staging.join(rel), &to).map_err(|e| Error::io(&to, e))?;
        }
        for rel in &stale {
            let path = self.target.join(rel);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(Error::io(&path, e)),
                _ => remove_empty_folders(&self.target, rel),
            }
        }
        self.write_manifest(written.iter().map(String::as_str))?;
        Ok(true)
    }

    /// Replaces the target's manifest (written in the staging folder, then moved).
    fn write_manifest<'f>(&self, files: impl Iterator<Item = &'f str>) -> Result<()> {
        let files: std::collections::BTreeSet<&str> = files.filter(|f| !f.is_empty()).collect();
        let text: String = files.into_iter().map(|f| format!("{f}\n")).collect();
        let next = self.staging.join(".rolebook-manifest.next");
        std::fs::write(&next, text).map_err(|e| Error::io(&next, e))?;
        let manifest = self.target.join(MANIFEST);
        move_file(&next, &manifest).map_err(|e| Error::io(&manifest, e))
    }

    /// Hard-links the files left out as unchanged into the staging folder (copies them
    /// where links are refused), so that it holds the whole build.
    fn link_unchanged(&self, unchanged: &HashSet<String>) -> Result<()> {
        for rel in unchanged {
            let (from, to) = (self.target.join(rel), self.staging.join(rel));
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(|e| Error::io(&from, e))?;
            }
        }
        Ok(())
    }

    /// Swaps the staging folder, holding the whole build, with the target, and starts
    /// removing the previous output. None, having changed nothing, when the target exists
    /// but cannot be moved aside.
    fn swap(&self, written: &[String]) -> Result<Option<Cleanup>> {
        let manifest = written.iter().map(|f| format!("{f}\n")).collect::<String>();
        std::fs::write(self.staging.join(MANIFEST), manifest).map_err(|e| Error::io(&self.staging, e))?;
        let old = self.staging.with_file_name(format!(
            "{}.old",
            self.staging.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ));
        let had_previous = self.target.exists();
        if had_previous {
            check_replaceable(&self.target)?;
            if exchange(&self.staging, &self.target).is_ok() {
                // The staging folder now holds the previous output, marked as ours.
                return Ok(Some(Cleanup::remove(self.staging.clone())));
            }
            if std::fs::rename(&self.target, &old).is_err() {
                return Ok(None);
            }
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_previous {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        Ok(Some(if had_previous { Cleanup::remove(old) } else { Cleanup(None) }))
    }

    /// Drops the staged files; the previous output is untouched.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| Error::io(path, e))?.join(path)
    };
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

fn refused(target: &Path, reason: &str) -> Error {
    Error::OutputRefused { path: target.to_path_buf(), reason: reason.to_string() }
}

/// The output must not be (or contain) the site, its sources, or the home folder.
fn refuse_unsafe_target(root: &Path, target: &Path) -> Result<()> {
    let root = absolute(root)?;
    if root.starts_with(target) {
        return Err(refused(target, "it is the site folder or contains it"));
    }
    for source in ["content", "templates", "static", "themes"] {
        if target.starts_with(root.join(source)) {
            return Err(refused(target, &format!("it is inside the site's `{source}/` folder")));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if home.canonicalize().is_ok_and(|h| h == target) {
            return Err(refused(target, "it is your home folder"));
        }
    }
    if target.exists() {
        check_replaceable(target)?;
    }
    Ok(())
}

/// A folder may be replaced when it is empty, or when every file in it is listed in its manifest.
fn check_replaceable(target: &Path) -> Result<()> {
    if !target.is_dir() {
        return Err(refused(target, "it is a file, not a folder"));
    }
    let mut entries = std::fs::read_dir(target).map_err(|e| Error::io(target, e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest = match std::fs::read_to_string(target.join(MANIFEST)) {
        Ok(m) => m,
        Err(_) => {
            return Err(refused(
                target,
                "it is not empty and was not written by rolebook, so replacing it could delete someone's files",
            ))
        }
    };
    let listed: std::collections::HashSet<&str> = manifest.lines().collect();
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(target).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(target, e.into()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = crate::content::loader::slash_path(entry.path().strip_prefix(target).unwrap_or(entry.path()));
        if rel != MANIFEST && !listed.contains(rel.as_str()) {
            foreign.push(rel);
        }
    }
    if foreign.is_empty() {
        Ok(())
    } else {
        let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        Err(refused(
            target,
            &format!(
                "it holds files rolebook did not write ({}{}); move them to the site's static/ folder so every build includes them",
                shown.join(", "),
                if foreign.len() > 5 { ", ..." } else { "" }
            ),
        ))
    }
}

/// Whether something in `target` stops `rel` from being put there by a rename: a folder
/// where the file goes, or a file where one of its folders goes.
fn in_the_way(target: &Path, rel: &str) -> bool {
    let is = |path: &Path, dir: bool| std::fs::symlink_metadata(target.join(path)).is_ok_and(|m| m.is_dir() == dir);
    let rel = Path::new(rel);
    is(rel, true) || rel.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).any(|a| is(a, false))
}

/// Moves a file; copies it where the two places are on different file systems (an output
/// folder that is a mount point), as a rename cannot cross them.
fn move_file(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => std::fs::copy(from, to).map(drop),
        moved => moved,
    }
}

/// Removes the folders of a deleted file that it left empty, innermost first.
fn remove_empty_folders(target: &Path, rel: &str) {
    for folder in Path::new(rel).ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()) {
        if std::fs::remove_dir(target.join(folder)).is_err() {
            break;
        }
    }
}

/// Swaps two folders in one step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange here"))
}

/// Removes a leftover folder only if it carries rolebook's mark.
fn remove_if_ours(dir: &Path) {
    if dir.join(MANIFEST).is_file() {
        let _ = std::fs::remove_dir_all(dir);
    } else {
        // An empty folder (the output before the first build) holds nobody's files.
        let _ = std::fs::remove_dir(dir);
    }
}

/// Cleans up the staging folders of builds that were killed.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.rolebook-staging-");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else { continue };
        let pid = pid.trim_end_matches(".old");
        let alive =
            pid.parse::<u32>().is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            remove_if_ours(&entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_and_refuses_foreign_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");

        let staging = stage(&root, &out).unwrap();
        staging.sink().put("a/index.html", b"one").unwrap();
        assert_eq!(staging.commit().unwrap(), 1);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        // A second build replaces the first.
        let staging = stage(&root, &out).unwrap();
        staging.sink().put("b.html", b"two").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("a/index.html").exists());

        // Someone else's file in the output stops the next build before it starts.
        std::fs::write(out.join("CNAME"), "x").unwrap();
        let err = stage(&root, &out).err().unwrap().to_string();
        assert!(err.contains("CNAME"), "{err}");
        assert!(out.join("CNAME").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_moves_in_what_changed_and_deletes_what_is_gone() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let out = tmp.path().join("public");
        let staging = stage(&root, &out).unwrap();
        for (rel, bytes) in [("same/index.html", "same"), ("edit/index.html", "v1"), ("gone/deep/index.html", "old")] {
            staging.sink().put(rel, bytes.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
        let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
        let same = inode("same/index.html");

        let staging = stage(&root, &out).unwrap();
        for (rel, bytes) in [("same/index.html", "same"), ("edit/index.html", "v2"), ("new/index.html", "new")] {
            staging.sink().put(rel, bytes.as_bytes()).unwrap();
        }
        assert_eq!(staging.commit().unwrap(), 3);
        assert_eq!(inode("same/index.html"), same, "an unchanged file is left where it was");
        assert_eq!(std::fs::read_to_string(out.join("edit/index.html")).unwrap(), "v2");
        assert_eq!(std::fs::read_to_string(out.join("new/index.html")).unwrap(), "new");
        assert!(!out.join("gone").exists(), "a stale file goes, and so do the folders it leaves empty");
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest, "edit/index.html\nnew/index.html\nsame/index.html\n");
        let beside: Vec<_> =
            std::fs::read_dir(tmp.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(beside, vec![std::ffi::OsString::from("public")], "no staging folder is left");
    }

    #[test]
    fn a_file_where_a_folder_now_goes_makes_the_commit_swap_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let out = tmp.path().join("public");
        let staging = stage(&root, &out).unwrap();
        staging.sink().put("keep.css", b"css").unwrap();
        staging.sink().put("docs", b"a file").unwrap();
        staging.commit().unwrap();

        let staging = stage(&root, &out).unwrap();
        staging.sink().put("keep.css", b"css").unwrap();
        staging.sink().put("docs/index.html", b"now a folder").unwrap();
        assert_eq!(staging.commit().unwrap(), 2);
        assert_eq!(std::fs::read_to_string(out.join("keep.css")).unwrap(), "css");
        assert_eq!(std::fs::read_to_string(out.join("docs/index.html")).unwrap(), "now a folder");
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), "docs/index.html\nkeep.css\n");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "only `public` remains");
    }

    #[test]
    fn an_output_folder_that_cannot_be_swapped_is_filled_in_place() {
        // What a commit falls back to when the folder is a mount point: an empty folder
        // with no manifest takes every staged file, and is then the build's own.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        let staging = stage(&tmp.path().join("site"), &out).unwrap();
        staging.sink().put("a/index.html", b"a").unwrap();
        staging.sink().put("style.css", b"css").unwrap();
        let written = staging.sink().written();
        assert!(staging.update_in_place(&written, &HashSet::new()).unwrap());
        Cleanup::remove(staging.staging.clone()).wait();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), "a/index.html\nstyle.css\n");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "only `public` remains");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn files_move_across_file_systems_by_copying() {
        use std::os::unix::fs::MetadataExt;
        // /dev/shm is a separate file system (tmpfs) where the temporary folder is not.
        let (Ok(shm), Ok(tmp)) = (tempfile::tempdir_in("/dev/shm"), tempfile::tempdir()) else { return };
        let device = |p: &Path| std::fs::metadata(p).unwrap().dev();
        if device(shm.path()) == device(tmp.path()) {
            return;
        }
        let (from, to) = (shm.path().join("page.html"), tmp.path().join("page.html"));
        std::fs::write(&from, "new").unwrap();
        std::fs::write(&to, "old").unwrap();
        move_file(&from, &to).unwrap();
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "new");
    }

    #[test]
    fn refuses_dangerous_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for target in [root.clone(), tmp.path().to_path_buf(), root.join("content/out")] {
            assert!(stage(&root, &target).is_err(), "{target:?}");
        }
        let foreign = tmp.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        assert!(stage(&root, &foreign).is_err());
        assert!(foreign.join("notes.txt").exists());
    }

    #[test]
    fn only_a_plain_file_with_the_same_bytes_counts_as_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("page.html");
        // Longer than one read block, so the comparison crosses blocks.
        let bytes: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&file, &bytes).unwrap();
        assert!(same_bytes(&file, &bytes));

        let mut last_differs = bytes.clone();
        *last_differs.last_mut().unwrap() ^= 1;
        assert!(!same_bytes(&file, &last_differs), "a change in the last block is seen");
        assert!(!same_bytes(&file, &bytes[..bytes.len() - 1]), "a shorter file is a change");
        assert!(!same_bytes(&file, &[bytes.as_slice(), b"x"].concat()), "a longer file is a change");
        assert!(!same_bytes(&tmp.path().join("missing.html"), b""), "a missing file is a change");
        assert!(!same_bytes(tmp.path(), b""), "a folder is not a file");

        #[cfg(unix)]
        {
            let link = tmp.path().join("link.html");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert!(!same_bytes(&link, &bytes), "a link to the same bytes is not the built file");
        }
    }

    #[test]
    fn abort_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let out = tmp.path().join("out");
        let staging = stage(&root.join("site"), &out).unwrap();
        staging.sink().put("x", b"old").unwrap();
        staging.commit().unwrap();
        let staging = stage(&root.join("site"), &out).unwrap();
        staging.sink().put("x", b"new").unwrap();
        staging.abort();
        assert_eq!(std::fs::read(out.join("x")).unwrap(), b"old");
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "only `out` remains");
    }
}
