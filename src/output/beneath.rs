//! File access inside one folder that never follows a symbolic link.
//!
//! The old output and the `.rolebook/` cache folder come from whoever wrote the site, so
//! any name in them may be a link to somewhere else. A [`Dir`] is an open folder; every
//! path given to it is `/`-separated, relative and normalised (see [`is_plain_path`]),
//! and is looked up below that folder without following a link in any component:
//! a link is never read, written, created or deleted through, only removed itself.
//!
//! Linux does this with the folder's descriptor: `openat2(RESOLVE_NO_SYMLINKS |
//! RESOLVE_BENEATH)` in one call (a component-by-component walk with `O_NOFOLLOW` where the
//! kernel lacks it), and hard links made from the open file, not from a path. Elsewhere
//! the same checks are made on paths with `symlink_metadata` first, which is as strict on
//! a tree nobody changes meanwhile but leaves a window to a process racing the build.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// What a folder entry is, without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Dir,
    File,
    /// A symbolic link, or anything else that is neither a folder nor a plain file.
    Other,
}

/// Folders nested deeper than this are not walked (rolebook's own outputs are a few levels
/// deep; a hostile tree thousands of levels deep would exhaust the stack of a recursive walk).
pub const MAX_DEPTH: usize = 128;

/// Whether `rel` is a plain relative path: `/`-separated names, none empty, `.` or `..`,
/// with no backslash and no control character (NUL, line breaks). Anything else could
/// name a place outside the folder, or a different file on another system.
pub fn is_plain_path(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.bytes().any(|b| b == b'\\' || b.is_ascii_control())
        && rel.split('/').all(|name| !name.is_empty() && name != "." && name != "..")
}

fn not_plain(rel: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("`{rel}` is not a plain relative path"))
}

fn check(rel: &str) -> io::Result<()> {
    if is_plain_path(rel) {
        Ok(())
    } else {
        Err(not_plain(rel))
    }
}

/// Whether an error says a link (or something else that is not a folder) stood where a
/// folder was needed.
pub fn is_link_refusal(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        let errno = rustix::io::Errno::from_io_error(e);
        errno == Some(rustix::io::Errno::LOOP) || errno == Some(rustix::io::Errno::NOTDIR)
    }
    #[cfg(not(target_os = "linux"))]
    {
        e.kind() == io::ErrorKind::NotADirectory || e.kind() == io::ErrorKind::Other
    }
}

#[cfg(target_os = "linux")]
mod imp {
    use super::*;
    use rayon::prelude::*;
    use rustix::fd::{AsFd, OwnedFd};
    use rustix::fs::{AtFlags, FileType, Mode, OFlags, RenameFlags, ResolveFlags, CWD};
    use rustix::io::Errno;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    const DIR: OFlags = OFlags::RDONLY.union(OFlags::DIRECTORY).union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC);

    /// What the kernel has refused so far, learnt on first use and shared by a folder and
    /// every folder opened from it, so a refused call is not tried on every file.
    #[derive(Default)]
    struct Refused {
        /// `openat2` (before 5.6, or filtered by a sandbox).
        openat2: AtomicBool,
        /// A hard link made from an open file (`AT_EMPTY_PATH` without the capability it
        /// needed before 6.10).
        empty_path_link: AtomicBool,
    }

    pub struct Dir {
        fd: OwnedFd,
        path: PathBuf,
        refused: Arc<Refused>,
    }

    impl Dir {
        /// Opens the folder at `path`, following links: for the site folder itself, named
        /// by whoever runs rolebook.
        pub fn open_trusted(path: &Path) -> io::Result<Dir> {
            let fd = rustix::fs::openat(CWD, path, DIR.difference(OFlags::NOFOLLOW), Mode::empty())?;
            Ok(Dir { fd, path: path.to_path_buf(), refused: Arc::default() })
        }

        /// Where the folder was opened (for messages; never used to reach files).
        pub fn path(&self) -> &Path {
            &self.path
        }

        /// Opens `rel` with `flags`, following no link on the way.
        fn open_beneath(&self, rel: &str, flags: OFlags, mode: Mode) -> io::Result<OwnedFd> {
            check(rel)?;
            let flags = flags | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            if !self.refused.openat2.load(Ordering::Relaxed) {
                let resolve = ResolveFlags::NO_SYMLINKS | ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS;
                match rustix::fs::openat2(&self.fd, rel, flags, mode, resolve) {
                    Err(Errno::NOSYS) | Err(Errno::PERM) => self.refused.openat2.store(true, Ordering::Relaxed),
                    Err(Errno::AGAIN) => {}
                    opened => return opened.map_err(io::Error::from),
                }
            }
            // Component by component: every folder on the way opened without following.
            let (folders, name) = match rel.rsplit_once('/') {
                Some((folders, name)) => (Some(folders), name),
                None => (None, rel),
            };
            let mut at: Option<OwnedFd> = None;
            for folder in folders.into_iter().flat_map(|f| f.split('/')) {
                let from = at.as_ref().map_or(self.fd.as_fd(), |fd| fd.as_fd());
                at = Some(rustix::fs::openat(from, folder, OFlags::PATH | DIR, Mode::empty())?);
            }
            let from = at.as_ref().map_or(self.fd.as_fd(), |fd| fd.as_fd());
            Ok(rustix::fs::openat(from, name, flags, mode)?)
        }

        /// Opens the folder `rel` (no link followed).
        pub fn open_dir(&self, rel: &str) -> io::Result<Dir> {
            let fd = self.open_beneath(rel, DIR, Mode::empty())?;
            Ok(Dir { fd, path: self.path.join(rel), refused: Arc::clone(&self.refused) })
        }

        /// Opens the file `rel` for reading (no link followed; a pipe does not block).
        pub fn open_file(&self, rel: &str) -> io::Result<File> {
            Ok(File::from(self.open_beneath(rel, OFlags::RDONLY | OFlags::NONBLOCK, Mode::empty())?))
        }

        /// What `name` (one entry of this folder) is, not following a link.
        pub fn kind(&self, name: &str) -> io::Result<Kind> {
            check(name)?;
            let stat = rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW)?;
            Ok(kind_of(FileType::from_raw_mode(stat.st_mode)))
        }

        /// Creates the folder `rel`; fine if a folder (not a link) is already there. The
        /// folders above it must be this process's own (a staged tree) or checked by the caller.
        pub fn make_dir(&self, rel: &str) -> io::Result<()> {
            check(rel)?;
            match rustix::fs::mkdirat(&self.fd, rel, Mode::from_raw_mode(0o777)) {
                Err(Errno::EXIST) if self.kind(rel)? == Kind::Dir => Ok(()),
                made => made.map_err(io::Error::from),
            }
        }

        /// Creates the file `rel`, which must not exist (a link there is not followed). As
        /// for [`Dir::make_dir`], the folders above it are this process's own.
        pub fn create_file(&self, rel: &str) -> io::Result<File> {
            check(rel)?;
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            Ok(File::from(rustix::fs::openat(&self.fd, rel, flags, Mode::from_raw_mode(0o666))?))
        }

        /// Opens (creating it if needed) the file `name` for a lock; a link there is refused.
        pub fn open_lock_file(&self, name: &str) -> io::Result<File> {
            check(name)?;
            let flags = OFlags::RDONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
            let fd = rustix::fs::openat(&self.fd, name, flags, Mode::from_raw_mode(0o644))?;
            if rustix::fs::fstat(&fd)?.st_mode & 0o170000 != 0o100000 {
                return Err(io::Error::other(format!("`{name}` is not a plain file")));
            }
            Ok(File::from(fd))
        }

        /// Makes `rel` here a hard link to `file`, the open file found at `from_rel` in
        /// `from`. The link is made from the open file, never from a path that could have
        /// become a link since.
        pub fn link_file(&self, rel: &str, file: &File, _from: &Dir, _from_rel: &str) -> io::Result<()> {
            check(rel)?;
            if !self.refused.empty_path_link.load(Ordering::Relaxed) {
                match rustix::fs::linkat(file, "", &self.fd, rel, AtFlags::EMPTY_PATH) {
                    Err(Errno::NOENT) | Err(Errno::PERM) => self.refused.empty_path_link.store(true, Ordering::Relaxed),
                    linked => return linked.map_err(io::Error::from),
                }
            }
            // The open file's entry in /proc names that file itself, not a path.
            use std::os::fd::AsRawFd as _;
            let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
            Ok(rustix::fs::linkat(CWD, proc.as_str(), &self.fd, rel, AtFlags::SYMLINK_FOLLOW)?)
        }

        /// The entries of this folder, with what each is (links not followed).
        pub fn entries(&self) -> io::Result<Vec<(String, Kind)>> {
            let mut out = Vec::new();
            for entry in rustix::fs::Dir::read_from(&self.fd)? {
                let entry = entry?;
                let name = entry.file_name().to_bytes();
                if name == b"." || name == b".." {
                    continue;
                }
                let Ok(name) = std::str::from_utf8(name) else {
                    // rolebook never writes such a name; it is somebody else's.
                    out.push((String::from_utf8_lossy(name).into_owned(), Kind::Other));
                    continue;
                };
                let kind = match entry.file_type() {
                    FileType::Unknown => self.kind(name)?,
                    known => kind_of(known),
                };
                out.push((name.to_string(), kind));
            }
            Ok(out)
        }

        /// Removes the entry `name`: a file or link itself, or a folder with everything in
        /// it (no link followed). Missing is fine.
        pub fn remove(&self, name: &str) -> io::Result<()> {
            check(name)?;
            match rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()) {
                Err(Errno::ISDIR) => self.remove_entry(name, Kind::Dir, 0),
                Err(Errno::NOENT) => Ok(()),
                removed => removed.map_err(io::Error::from),
            }
        }

        fn remove_entry(&self, name: &str, kind: Kind, depth: usize) -> io::Result<()> {
            let gone = |r: Result<(), Errno>| match r {
                Err(Errno::NOENT) => Ok(()),
                r => r.map_err(io::Error::from),
            };
            if kind != Kind::Dir {
                return gone(rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()));
            }
            if depth > MAX_DEPTH {
                return Err(io::Error::other(format!("folders nested more than {MAX_DEPTH} deep")));
            }
            let inner = match self.open_dir(name) {
                Ok(inner) => inner,
                // A link or file put there meanwhile: removed itself.
                Err(e) if is_link_refusal(&e) => return self.remove(name),
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e),
            };
            // Trees of thousands of page folders: the folders are emptied side by side.
            inner.entries()?.par_iter().try_for_each(|(entry, kind)| inner.remove_entry(entry, *kind, depth + 1))?;
            gone(rustix::fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR))
        }

        /// Removes the folder `rel` if it is empty.
        pub fn remove_empty_dir(&self, rel: &str) -> io::Result<()> {
            check(rel)?;
            Ok(rustix::fs::unlinkat(&self.fd, rel, AtFlags::REMOVEDIR)?)
        }

        /// Renames `from` to `to`, both in this folder (a link at `to` is replaced, not followed).
        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            check(from)?;
            check(to)?;
            Ok(rustix::fs::renameat(&self.fd, from, &self.fd, to)?)
        }

        /// Renames `from` to `to` unless `to` exists.
        pub fn rename_new(&self, from: &str, to: &str) -> io::Result<()> {
            check(from)?;
            check(to)?;
            Ok(rustix::fs::renameat_with(&self.fd, from, &self.fd, to, RenameFlags::NOREPLACE)?)
        }

        /// Swaps the entries `a` and `b` of this folder in one step.
        pub fn exchange(&self, a: &str, b: &str) -> io::Result<()> {
            check(a)?;
            check(b)?;
            Ok(rustix::fs::renameat_with(&self.fd, a, &self.fd, b, RenameFlags::EXCHANGE)?)
        }

        /// Whether `other` is on the same file system (device) as this folder.
        pub fn same_device(&self, other: &Dir) -> io::Result<bool> {
            Ok(rustix::fs::fstat(&self.fd)?.st_dev == rustix::fs::fstat(&other.fd)?.st_dev)
        }

        /// The identity of the entry `name` (device, inode), not following a link.
        pub fn identity(&self, name: &str) -> io::Result<(u64, u64)> {
            check(name)?;
            let stat = rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW)?;
            Ok((stat.st_dev, stat.st_ino))
        }
    }

    /// The identity of an open file (device, inode).
    pub fn identity_of(file: &File) -> io::Result<(u64, u64)> {
        let stat = rustix::fs::fstat(file)?;
        Ok((stat.st_dev, stat.st_ino))
    }

    /// Takes an exclusive advisory lock on `file`: Ok(false) when another process holds it.
    pub fn try_lock(file: &File) -> io::Result<bool> {
        match rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(true),
            Err(Errno::WOULDBLOCK) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Waits for the exclusive advisory lock on `file`.
    pub fn lock(file: &File) -> io::Result<()> {
        Ok(rustix::fs::flock(file, rustix::fs::FlockOperation::LockExclusive)?)
    }

    /// Lets the next child process inherit `file` (and so share its lock: an `flock` lock
    /// belongs to the open file, and goes only when its last descriptor is closed).
    pub fn inherit(file: &File) -> io::Result<()> {
        Ok(rustix::io::fcntl_setfd(file, rustix::io::FdFlags::empty())?)
    }

    fn kind_of(t: FileType) -> Kind {
        match t {
            FileType::Directory => Kind::Dir,
            FileType::RegularFile => Kind::File,
            _ => Kind::Other,
        }
    }
}

/// Everywhere but Linux: the same operations on paths, each name checked with
/// `symlink_metadata` before it is used (strict on a tree nobody changes meanwhile, racy
/// against a process changing it). No lock is taken (a second build at the same time is
/// not kept out), and the swap is two renames (see [`Dir::exchange`]).
#[cfg(not(target_os = "linux"))]
mod imp {
    use super::*;

    pub struct Dir {
        path: PathBuf,
    }

    fn refuse_link(path: &Path) -> io::Result<std::fs::Metadata> {
        let meta = std::fs::symlink_metadata(path)?;
        if meta.file_type().is_symlink() {
            return Err(io::Error::other(format!("`{}` is a link", path.display())));
        }
        Ok(meta)
    }

    impl Dir {
        pub fn open_trusted(path: &Path) -> io::Result<Dir> {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(io::Error::other("not a folder"));
            }
            Ok(Dir { path: path.to_path_buf() })
        }

        pub fn path(&self) -> &Path {
            &self.path
        }

        /// Checks every component of `rel` is not a link, and returns its full path.
        fn walk(&self, rel: &str) -> io::Result<(PathBuf, std::fs::Metadata)> {
            check(rel)?;
            let mut path = self.path.clone();
            let mut meta = None;
            for name in rel.split('/') {
                path.push(name);
                meta = Some(refuse_link(&path)?);
            }
            Ok((path, meta.expect("a plain path has a component")))
        }

        pub fn open_dir(&self, rel: &str) -> io::Result<Dir> {
            let (path, meta) = self.walk(rel)?;
            if !meta.is_dir() {
                return Err(io::Error::other("not a folder"));
            }
            Ok(Dir { path })
        }

        pub fn open_file(&self, rel: &str) -> io::Result<File> {
            let (path, meta) = self.walk(rel)?;
            if !meta.is_file() {
                return Err(io::Error::other("not a plain file"));
            }
            File::open(path)
        }

        pub fn kind(&self, name: &str) -> io::Result<Kind> {
            check(name)?;
            let t = std::fs::symlink_metadata(self.path.join(name))?.file_type();
            Ok(if t.is_dir() {
                Kind::Dir
            } else if t.is_file() {
                Kind::File
            } else {
                Kind::Other
            })
        }

        pub fn make_dir(&self, rel: &str) -> io::Result<()> {
            check(rel)?;
            match std::fs::create_dir(self.path.join(rel)) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && self.kind(rel)? == Kind::Dir => Ok(()),
                made => made,
            }
        }

        pub fn create_file(&self, rel: &str) -> io::Result<File> {
            check(rel)?;
            std::fs::OpenOptions::new().write(true).create_new(true).open(self.path.join(rel))
        }

        pub fn open_lock_file(&self, name: &str) -> io::Result<File> {
            check(name)?;
            let path = self.path.join(name);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
                return Err(io::Error::other(format!("`{name}` is not a plain file")));
            }
            std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)
        }

        pub fn link_file(&self, rel: &str, _file: &File, from: &Dir, from_rel: &str) -> io::Result<()> {
            check(rel)?;
            let (source, _) = from.walk(from_rel)?;
            std::fs::hard_link(source, self.path.join(rel))
        }

        pub fn entries(&self) -> io::Result<Vec<(String, Kind)>> {
            let mut out = Vec::new();
            for entry in std::fs::read_dir(&self.path)? {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let t = entry.file_type()?;
                let kind = if t.is_dir() {
                    Kind::Dir
                } else if t.is_file() {
                    Kind::File
                } else {
                    Kind::Other
                };
                out.push((name, kind));
            }
            Ok(out)
        }

        pub fn remove(&self, name: &str) -> io::Result<()> {
            check(name)?;
            let path = self.path.join(name);
            let removed = match std::fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e),
                // std removes a link itself, and a tree without following links in it.
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path),
                Ok(_) => std::fs::remove_file(&path),
            };
            match removed {
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                r => r,
            }
        }

        pub fn remove_empty_dir(&self, rel: &str) -> io::Result<()> {
            check(rel)?;
            std::fs::remove_dir(self.path.join(rel))
        }

        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            check(from)?;
            check(to)?;
            std::fs::rename(self.path.join(from), self.path.join(to))
        }

        pub fn rename_new(&self, from: &str, to: &str) -> io::Result<()> {
            check(to)?;
            if std::fs::symlink_metadata(self.path.join(to)).is_ok() {
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, "exists"));
            }
            self.rename(from, to)
        }

        /// Two renames through a third name, as there is no exchange in one step here: a
        /// build killed between them leaves no folder at `b` (both trees are beside it,
        /// removed by the next build), though never a mix of the two.
        pub fn exchange(&self, a: &str, b: &str) -> io::Result<()> {
            let aside = format!("{a}.aside");
            self.rename(b, &aside)?;
            if let Err(e) = self.rename(a, b) {
                let _ = self.rename(&aside, b);
                return Err(e);
            }
            self.rename(&aside, a)
        }

        pub fn same_device(&self, _other: &Dir) -> io::Result<bool> {
            Ok(true)
        }

        pub fn identity(&self, _name: &str) -> io::Result<(u64, u64)> {
            Ok((0, 0))
        }
    }

    pub fn identity_of(_file: &File) -> io::Result<(u64, u64)> {
        Ok((0, 0))
    }

    pub fn try_lock(_file: &File) -> io::Result<bool> {
        Ok(true)
    }

    pub fn lock(_file: &File) -> io::Result<()> {
        Ok(())
    }

    pub fn inherit(_file: &File) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "no lock to hand on here"))
    }
}

pub use imp::{identity_of, inherit, lock, try_lock, Dir};

/// Reads the file `rel` below `root` if it is a plain file of at most `max` bytes, with no
/// link on the way (for caches a contributor may have committed).
pub fn read_limited(root: &Path, rel: &str, max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = Dir::open_trusted(root)?.open_file(rel)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other(format!("`{rel}` is not a plain file")));
    }
    if meta.len() > max {
        return Err(io::Error::other(format!("`{rel}` is larger than {max} bytes")));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take`: a file that grows while it is read stops at the limit all the same.
    file.take(max).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Replaces the file `rel` below `root` with `bytes`: written to a new file beside it and
/// renamed over it, so a reader sees the old or the new file, and a link standing at `rel`
/// is replaced, not written through. The folders on the way are created, and must not be
/// links.
pub fn replace_file(root: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    check(rel)?;
    let mut dir = Dir::open_trusted(root)?;
    let (folders, name) = match rel.rsplit_once('/') {
        Some((folders, name)) => (Some(folders), name),
        None => (None, rel),
    };
    for folder in folders.into_iter().flat_map(|f| f.split('/')) {
        dir.make_dir(folder)?;
        dir = dir.open_dir(folder)?;
    }
    let temp = format!(".{name}.{}.tmp", std::process::id());
    dir.remove(&temp)?;
    let written = dir.create_file(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| dir.rename(&temp, name));
    if renamed.is_err() {
        let _ = dir.remove(&temp);
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_relative_and_normalised() {
        for ok in ["a", "a/b.html", "roles/x/index.html", ".rolebook-manifest", "a..b/c"] {
            assert!(is_plain_path(ok), "{ok}");
        }
        for bad in
            ["", "/abs", "../x", "a/../../x", "./x", "a/./b", "a//b", "a/", "a\\b", "..\\x", "a\0b", "a\nb", "..", "."]
        {
            assert!(!is_plain_path(bad), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn no_link_is_followed_in_any_component() {
        let tmp = tempfile::tempdir().unwrap();
        let (inside, outside) = (tmp.path().join("in"), tmp.path().join("out"));
        std::fs::create_dir_all(inside.join("real")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret"), "secret").unwrap();
        std::fs::write(inside.join("real/file"), "ok").unwrap();
        std::os::unix::fs::symlink(&outside, inside.join("dirlink")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret"), inside.join("filelink")).unwrap();
        std::os::unix::fs::symlink("real", inside.join("innerlink")).unwrap();
        let dir = Dir::open_trusted(tmp.path()).unwrap().open_dir("in").unwrap();
        assert!(dir.open_file("real/file").is_ok());
        for rel in ["dirlink/secret", "filelink", "innerlink/file"] {
            assert!(dir.open_file(rel).is_err(), "{rel} was read through a link");
        }
        assert!(dir.open_dir("dirlink").is_err());
        assert!(dir.open_file("../out/secret").is_err());

        // Removing a link removes the link; removing a tree does not enter links in it.
        std::fs::create_dir_all(inside.join("tree/deep")).unwrap();
        std::os::unix::fs::symlink(&outside, inside.join("tree/deep/out")).unwrap();
        dir.remove("tree").unwrap();
        dir.remove("dirlink").unwrap();
        dir.remove("filelink").unwrap();
        assert_eq!(std::fs::read_to_string(outside.join("secret")).unwrap(), "secret");
        assert!(!inside.join("tree").exists() && std::fs::symlink_metadata(inside.join("dirlink")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn replacing_a_cache_file_never_writes_through_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join(".rolebook")).unwrap();
        let victim = tmp.path().join("victim");
        std::fs::write(&victim, "victim").unwrap();
        std::os::unix::fs::symlink(&victim, root.join(".rolebook/cache.bin")).unwrap();
        assert!(read_limited(&root, ".rolebook/cache.bin", 1 << 20).is_err(), "a link is not read");
        replace_file(&root, ".rolebook/cache.bin", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");
        assert_eq!(read_limited(&root, ".rolebook/cache.bin", 1 << 20).unwrap(), b"new");
        assert!(read_limited(&root, ".rolebook/cache.bin", 2).is_err(), "a file over the limit is refused");

        // A cache folder that is a link is neither written through nor read.
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join(".rolebook/cache")).unwrap();
        assert!(replace_file(&root, ".rolebook/cache/highlight.bin", b"x").is_err());
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}
