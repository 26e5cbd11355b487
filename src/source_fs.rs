//! Reading the site's sources without ever leaving the site.
//!
//! Everything under the site folder is untrusted (docs/security.md): CI builds contributors'
//! pull requests, and a contributor can commit symbolic links, and a runner can be handed
//! FIFOs or endless files. This module is the only way rolebook reads its sources, and it
//! promises:
//!
//! - Nothing outside the site root is opened. Every read goes through one handle on the root
//!   (`cap_std::fs::Dir`), which refuses any path that leaves it, even when a file is swapped
//!   for a symbolic link between the walk and the read.
//! - A symbolic link is followed only when it resolves inside the site, and not into a hidden
//!   or secret path (`.git/`, `.env`, ...). Any other link (outside, dangling, circular) is a
//!   diagnostic naming the link and its target, and nothing behind it is read.
//! - Only regular files are opened, without blocking: FIFOs, sockets and devices are
//!   diagnostics, and at most a size limit plus one byte is read, so a file that never ends
//!   cannot hang a build or fill its memory.
//! - Which files of `content/` and `static/` are published is decided by [`publish_policy`]
//!   alone; a file it withholds is reported as a warning, never dropped in silence.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cap_fs_ext::{FileTypeExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsSyncExt};
use cap_std::fs::{Dir, OpenOptions};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Pos;

/// How much of one kind of file rolebook will read, and what to tell someone who exceeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// `"rolebook.yaml"`, `"a page, data or template file"`, ... for the message.
    what: &'static str,
    hint: &'static str,
}

/// `rolebook.yaml` holds settings; real ones are a few KiB, so 1 MiB leaves room for a long
/// `extra:` block while refusing a file that is really something else.
pub const CONFIG_LIMIT: Limit = Limit {
    bytes: 1 << 20,
    what: "rolebook.yaml",
    hint: "rolebook.yaml is for settings only: move long text into pages under content/",
};

/// Pages, role data and templates are parsed whole in memory, several at once; 16 MiB is far
/// beyond any page a person writes (a long handbook page is ~100 KiB) while keeping a build's
/// memory bounded.
pub const TEXT_LIMIT: Limit = Limit {
    bytes: 16 << 20,
    what: "a page, data file or template",
    hint: "split the file into several pages, or publish generated data as a static file",
};

/// Static files and assets are copied whole (theme static files stay in memory for the whole
/// build); 256 MiB fits any image, PDF or video clip a careers site carries and stops a single
/// file from exhausting a CI runner.
pub const ASSET_LIMIT: Limit = Limit {
    bytes: 256 << 20,
    what: "a static file",
    hint: "host very large files elsewhere (a release download, a video host) and link to them",
};

/// How many times one folder may be entered through symbolic links in one walk. Links to the
/// same folder from many places are legitimate (shared images); a chain of folders each
/// linking twice to the one below is not, and would make the walk exponential.
const MAX_LINKED_VISITS: u32 = 16;

/// Whether a file of `content/` or `static/` goes into the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    Yes,
    /// Editor, OS and version-control bookkeeping (`notes.md~`, `.DS_Store`, `.gitkeep`):
    /// left out without a word, since they come and go while a person edits.
    Ignored,
    /// Left out with a warning naming the file, so nobody wonders where it went.
    Never(Withheld),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// It looks like a credential, a private key or repository metadata.
    Secret,
    /// A dotfile that is not on the allow-list of files hosts need.
    Hidden,
}

/// Decides whether `rel`, a `/`-separated path below `content/` or `static/` (which is also
/// its path in the output), is published.
///
/// Dotfiles are published only from an allow-list of files static hosts read:
/// `.well-known/` (security.txt, domain verification) and `.nojekyll`, `.domains` at the top
/// of the site, `.htaccess` in any folder. Every other dotfile is withheld, because hidden
/// files are where tools keep private state. Files that look like secrets are withheld
/// whatever their name's case: `.env*`, version-control folders (`.git/` holds CI's checkout
/// token), package-manager and network credentials (`.npmrc`, `.netrc`, `.pypirc`, ...),
/// SSH private keys (`id_rsa`, `id_ed25519`, ...) and key containers (`*.pem`, `*.key`,
/// `*.p12`, `*.pfx`, ...). A public certificate can be published as `*.crt`.
pub fn publish_policy(rel: &str) -> Publish {
    for (i, name) in rel.split('/').enumerate() {
        match name_policy(name, i == 0) {
            Publish::Yes => {}
            verdict => return verdict,
        }
    }
    Publish::Yes
}

const ALLOWED_AT_TOP: &[&str] = &[".well-known", ".nojekyll", ".domains"];
const ALLOWED_ANYWHERE: &[&str] = &[".htaccess"];
const BOOKKEEPING: &[&str] =
    &[".ds_store", "thumbs.db", "desktop.ini", ".gitkeep", ".keep", ".gitignore", ".gitattributes"];
const SECRET_NAMES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".git-credentials",
    ".netrc",
    "_netrc",
    ".npmrc",
    ".yarnrc",
    ".yarnrc.yml",
    ".pypirc",
    ".pgpass",
    ".htpasswd",
    ".ssh",
    ".gnupg",
    ".aws",
    ".docker",
    ".dockercfg",
    ".kube",
    ".vault-token",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "id_ecdsa_sk",
    "id_ed25519_sk",
];
const SECRET_EXTENSIONS: &[&str] = &[".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".kdbx", ".ppk"];

fn name_policy(name: &str, top: bool) -> Publish {
    // Compared without case: on macOS and Windows `.ENV` is the same file as `.env`.
    let lower = name.to_ascii_lowercase();
    if is_editor_leftover(name) || BOOKKEEPING.contains(&lower.as_str()) {
        return Publish::Ignored;
    }
    if lower.starts_with(".env")
        || SECRET_NAMES.contains(&lower.as_str())
        || SECRET_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
    {
        return Publish::Never(Withheld::Secret);
    }
    if lower.starts_with('.')
        && !ALLOWED_ANYWHERE.contains(&lower.as_str())
        && !(top && ALLOWED_AT_TOP.contains(&lower.as_str()))
    {
        return Publish::Never(Withheld::Hidden);
    }
    Publish::Yes
}

/// Backups, swap and lock files editors leave beside what they edit.
pub fn is_editor_leftover(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// The warning for a file [`publish_policy`] withholds.
pub fn withheld_warning(rel: &str, why: Withheld) -> Diagnostic {
    match why {
        Withheld::Secret => Diagnostic::warning(
            rel,
            "not-published",
            "this looks like a secret (credentials, a private key or repository data), so it is not published",
        )
        .with_hint(
            "remove it from the site; if it was ever pushed, revoke it. A public certificate can be named *.crt",
        ),
        Withheld::Hidden => {
            Diagnostic::warning(rel, "not-published", "hidden files are not published").with_hint(format!(
                "only {} (at the top) and .htaccess are published; rename it without the leading dot to publish it",
                ALLOWED_AT_TOP.join(", ")
            ))
        }
    }
}

/// Why a source could not be read. Each becomes one diagnostic ([`Problem::diagnostic`]).
#[derive(Debug)]
pub enum Problem {
    /// A symbolic link (`link`, site-relative) resolves outside the site.
    Escapes {
        link: String,
        target: String,
    },
    /// A symbolic link resolves inside the site but into a hidden or secret path.
    Private {
        link: String,
        target: String,
    },
    Dangling {
        link: String,
        target: String,
    },
    /// A symbolic link to a folder that contains it, or a chain of links that never ends.
    Loop {
        link: String,
    },
    /// A link to a folder that has been entered through links too often already.
    Crowded {
        link: String,
    },
    /// A FIFO, socket or device: `kind` says which.
    NotRegular {
        kind: &'static str,
    },
    /// The file is bigger than its limit (`size` is unknown when the file claims to be small
    /// but keeps giving bytes, as `/proc` files do).
    TooLarge {
        size: Option<u64>,
        limit: Limit,
    },
    /// The file or folder no longer exists.
    Missing,
    Io(io::Error),
}

impl Problem {
    /// The diagnostic for this problem met while reading `rel` (link problems name the link).
    pub fn diagnostic(self, rel: &str) -> Diagnostic {
        let message = self.to_string();
        match self {
            Problem::Escapes { link, .. } => Diagnostic::error(link, "symlink-escapes", message).with_hint(
                "rolebook never reads outside the site folder: copy the file into the site, or point the link inside it",
            ),
            Problem::Private { link, .. } => Diagnostic::error(link, "symlink-private", message)
                .with_hint("point the link at a file under content/, static/, templates/ or themes/"),
            Problem::Dangling { link, .. } => Diagnostic::error(link, "symlink-dangling", message)
                .with_hint("fix the link's target, or remove the link"),
            Problem::Loop { link } => Diagnostic::error(link, "symlink-loop", message)
                .with_hint("remove the link, or point it at a folder that does not contain it"),
            Problem::Crowded { link } => Diagnostic::error(link, "symlink-loop", message)
                .with_hint("link the shared folder from fewer places; chains of links could make the walk endless"),
            Problem::NotRegular { .. } => Diagnostic::error(rel, "not-a-regular-file", message)
                .with_hint("replace it with an ordinary file, or remove it from the site"),
            Problem::TooLarge { limit, .. } => Diagnostic::error(rel, "too-large", message).with_hint(limit.hint),
            Problem::Missing => Diagnostic::warning(
                rel,
                "vanished",
                "the file was removed while the site was being read; skipped",
            ),
            Problem::Io(_) => Diagnostic::error(rel, "unreadable", message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Problem::Escapes { target, .. } => {
                write!(f, "this symbolic link points outside the site, to {target}")
            }
            Problem::Private { target, .. } => {
                write!(f, "this symbolic link points at {target}, a hidden or private path that is never read")
            }
            Problem::Dangling { target, .. } => {
                write!(f, "this symbolic link points to {target}, which does not exist")
            }
            Problem::Loop { .. } => f.write_str("this symbolic link points back to a folder that contains it"),
            Problem::Crowded { .. } => write!(
                f,
                "this symbolic link leads to a folder already entered through links {MAX_LINKED_VISITS} times"
            ),
            Problem::NotRegular { kind } => write!(f, "this is a {kind}, not a regular file, so it is not read"),
            Problem::TooLarge { size: Some(size), limit } => write!(
                f,
                "this file is {}, more than the {} {} may be",
                human_size(*size),
                human_size(limit.bytes),
                limit.what
            ),
            Problem::TooLarge { size: None, limit } => {
                write!(f, "this file is larger than the {} {} may be", human_size(limit.bytes), limit.what)
            }
            Problem::Missing => f.write_str("it no longer exists"),
            Problem::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                f.write_str("cannot read this file: permission denied")
            }
            Problem::Io(e) => write!(f, "cannot read this file: {e}"),
        }
    }
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const KIB: u64 = 1 << 10;
    match bytes {
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b if b >= KIB => format!("{:.1} KiB", b as f64 / KIB as f64),
        b => format!("{b} bytes"),
    }
}

/// Which files a walk keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkPolicy {
    /// `content/` and `static/`: [`publish_policy`], with warnings for what it withholds.
    Publish,
    /// `templates/`: no dotfiles or editor leftovers, silently (templates are not published).
    Templates,
}

/// A regular file found by [`SiteFs::walk`].
#[derive(Debug, Clone)]
pub struct Found {
    /// From the site root, `/`-separated, through any links (`static/img/logo.svg`): for
    /// messages.
    pub rel: String,
    /// From the walked folder (`img/logo.svg`): the path in the output.
    pub sub: String,
    /// Where the file really is, from the site root, with no symbolic link left in it: what
    /// is opened.
    pub real: PathBuf,
}

/// The site folder, opened once; every source is read through it.
pub struct SiteFs {
    /// The site root with every link in it resolved: links are judged against it.
    root: PathBuf,
    dir: Dir,
}

impl fmt::Debug for SiteFs {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("SiteFs").field("root", &self.root).finish()
    }
}

/// A folder of a walk still being listed.
struct Frame {
    entries: std::vec::IntoIter<cap_std::fs::DirEntry>,
    real: PathBuf,
    rel: String,
    sub: String,
    /// The real folders from which links were followed to get here: a link to a folder
    /// containing any of them (or this one) would walk forever.
    jumps: Arc<Vec<PathBuf>>,
}

impl SiteFs {
    /// Opens the site at `root` (trusted: it is where rolebook was told to work).
    pub fn open(root: &Path) -> io::Result<Arc<SiteFs>> {
        let root = std::fs::canonicalize(root)?;
        let dir = Dir::open_ambient_dir(&root, cap_std::ambient_authority())?;
        Ok(Arc::new(SiteFs { root, dir }))
    }

    /// Resolves the `/`-separated site-relative path `rel` component by component, checking
    /// every symbolic link on the way. Returns where it really is.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, Problem> {
        let mut real = PathBuf::new();
        let mut shown = String::new();
        for name in rel.split('/').filter(|n| !n.is_empty() && *n != ".") {
            if name == ".." || Path::new(name).components().count() != 1 {
                // Paths handed to this function come from rolebook, not the sources; refusing
                // rather than normalising keeps it obviously unable to climb out.
                return Err(Problem::Io(io::Error::new(io::ErrorKind::InvalidInput, "not a plain path")));
            }
            if !shown.is_empty() {
                shown.push('/');
            }
            shown.push_str(name);
            let candidate = real.join(name);
            let meta = self.dir.symlink_metadata(here(&candidate)).map_err(not_found_is_missing)?;
            real = if meta.file_type().is_symlink() {
                match self.follow(&shown, &candidate)? {
                    Target::File(r) | Target::Dir(r) => r,
                }
            } else {
                candidate
            };
        }
        Ok(real)
    }

    /// The size of the regular file at real path `real` (not following a link); 0 for
    /// anything else.
    pub fn size(&self, real: &Path) -> u64 {
        self.dir.symlink_metadata(here(real)).ok().filter(|m| m.is_file()).map_or(0, |m| m.len())
    }

    /// Whether the real path `real` is a folder (not following a link).
    pub fn is_dir(&self, real: &Path) -> bool {
        self.dir.symlink_metadata(here(real)).is_ok_and(|m| m.is_dir())
    }

    /// Judges the symbolic link at real path `link_real` (shown as `link`).
    fn follow(&self, link: &str, link_real: &Path) -> Result<Target, Problem> {
        let written = self.dir.read_link_contents(link_real).map_err(not_found_is_missing)?;
        let written = written.to_string_lossy().into_owned();
        let abs = self.root.join(link_real);
        let link = link.to_string();
        // Resolved on the real file system only to judge the link and name its end; nothing
        // is opened there, and the read itself goes through `self.dir`, which would refuse an
        // escape even if the link changed since.
        let resolved = match std::fs::canonicalize(&abs) {
            Ok(resolved) => resolved,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(Problem::Dangling { link, target: written });
            }
            Err(e) if is_loop_error(&e) => return Err(Problem::Loop { link }),
            Err(e) => return Err(Problem::Io(e)),
        };
        let Ok(inside) = resolved.strip_prefix(&self.root) else {
            let shown_resolved = resolved.to_string_lossy();
            let target = if Path::new(&written).is_absolute() || shown_resolved == written {
                written
            } else {
                format!("{written} ({shown_resolved})")
            };
            return Err(Problem::Escapes { link, target });
        };
        let inside = inside.to_path_buf();
        let shown_inside = crate::content::loader::slash_path(&inside);
        if inside.components().any(|c| name_policy(&c.as_os_str().to_string_lossy(), true) != Publish::Yes) {
            return Err(Problem::Private { link, target: shown_inside });
        }
        let meta = self.dir.symlink_metadata(here(&inside)).map_err(not_found_is_missing)?;
        if meta.is_dir() {
            Ok(Target::Dir(inside))
        } else if meta.is_file() {
            Ok(Target::File(inside))
        } else {
            Err(Problem::NotRegular { kind: kind_of(&meta.file_type()) })
        }
    }

    /// Every regular file under the site folder `base` (`content`, `themes/x/static`), in
    /// path order, following links that stay inside the site. Problems go to `diagnostics`.
    /// A missing `base` has no files.
    pub fn walk(&self, base: &str, policy: WalkPolicy, diagnostics: &mut Diagnostics) -> Vec<Found> {
        let mut found = Vec::new();
        let real = match self.resolve(base) {
            Ok(real) => real,
            Err(Problem::Missing) => return found,
            Err(problem) => {
                diagnostics.push(problem.diagnostic(base));
                return found;
            }
        };
        if !self.is_dir(&real) {
            return found;
        }
        let mut linked_visits: HashMap<PathBuf, u32> = HashMap::new();
        let mut stack = Vec::new();
        match self.frame(real, base.to_string(), String::new(), Arc::default()) {
            Ok(frame) => stack.push(frame),
            Err(problem) => diagnostics.push(problem.diagnostic(base)),
        }
        while let Some(frame) = stack.last_mut() {
            let Some(entry) = frame.entries.next() else {
                stack.pop();
                continue;
            };
            let name_os = entry.file_name();
            let name = name_os.to_string_lossy();
            let rel = format!("{}/{name}", frame.rel);
            let sub = if frame.sub.is_empty() { name.to_string() } else { format!("{}/{name}", frame.sub) };
            match policy {
                WalkPolicy::Publish => match publish_policy(&sub) {
                    Publish::Yes => {}
                    Publish::Ignored => continue,
                    Publish::Never(why) => {
                        diagnostics.push(withheld_warning(&rel, why));
                        continue;
                    }
                },
                WalkPolicy::Templates => {
                    if name.starts_with('.') || is_editor_leftover(&name) {
                        continue;
                    }
                }
            }
            let real = frame.real.join(&name_os);
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    push_unless_missing(diagnostics, Problem::Io(e), &rel);
                    continue;
                }
            };
            let (is_dir, real, jumps) = if file_type.is_symlink() {
                match self.follow(&rel, &real) {
                    Ok(Target::File(target)) => (false, target, None),
                    Ok(Target::Dir(target)) => {
                        let circular =
                            frame.real.starts_with(&target) || frame.jumps.iter().any(|j| j.starts_with(&target));
                        if circular {
                            diagnostics.push(Problem::Loop { link: rel }.diagnostic(""));
                            continue;
                        }
                        let visits = linked_visits.entry(target.clone()).or_default();
                        *visits += 1;
                        if *visits > MAX_LINKED_VISITS {
                            if *visits == MAX_LINKED_VISITS + 1 {
                                diagnostics.push(Problem::Crowded { link: rel }.diagnostic(""));
                            }
                            continue;
                        }
                        let mut jumps = (*frame.jumps).clone();
                        jumps.push(frame.real.clone());
                        (true, target, Some(Arc::new(jumps)))
                    }
                    Err(problem) => {
                        push_unless_missing(diagnostics, problem, &rel);
                        continue;
                    }
                }
            } else if file_type.is_dir() {
                (true, real, None)
            } else if file_type.is_file() {
                (false, real, None)
            } else {
                diagnostics.push(Problem::NotRegular { kind: kind_of(&file_type) }.diagnostic(&rel));
                continue;
            };
            if is_dir {
                let jumps = jumps.unwrap_or_else(|| frame.jumps.clone());
                match self.frame(real, rel.clone(), sub, jumps) {
                    Ok(next) => stack.push(next),
                    Err(problem) => push_unless_missing(diagnostics, problem, &rel),
                }
            } else {
                found.push(Found { rel, sub, real });
            }
        }
        found
    }

    fn frame(&self, real: PathBuf, rel: String, sub: String, jumps: Arc<Vec<PathBuf>>) -> Result<Frame, Problem> {
        let read = self.dir.read_dir(here(&real)).map_err(not_found_is_missing)?;
        let mut entries: Vec<_> = read.collect::<Result<_, _>>().map_err(not_found_is_missing)?;
        // Sorted so that output, messages and which of two claims wins never depend on the
        // order the file system lists a folder in.
        entries.sort_by_key(|e| e.file_name());
        Ok(Frame { entries: entries.into_iter(), real, rel, sub, jumps })
    }

    /// Reads the regular file at `real` (a real path from [`SiteFs::resolve`] or
    /// [`SiteFs::walk`]), at most `limit`.
    pub fn read(&self, real: &Path, limit: Limit) -> Result<Vec<u8>, Problem> {
        let mut options = OpenOptions::new();
        // Not following a last link: the walk resolved them all, so one here was put there
        // since. Non-blocking: opening a FIFO for reading otherwise waits for a writer forever.
        options.read(true).follow(FollowSymlinks::No).nonblock(true);
        let file = self.dir.open_with(here(real), &options).map_err(not_found_is_missing)?;
        // Judged on the opened handle, so nothing can be swapped in between check and read.
        let meta = file.metadata().map_err(Problem::Io)?;
        if !meta.is_file() {
            return Err(Problem::NotRegular { kind: kind_of(&meta.file_type()) });
        }
        if meta.len() > limit.bytes {
            return Err(Problem::TooLarge { size: Some(meta.len()), limit });
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        // One byte past the limit tells a file that lied about its size from one that fits.
        file.take(limit.bytes + 1).read_to_end(&mut bytes).map_err(Problem::Io)?;
        if bytes.len() as u64 > limit.bytes {
            return Err(Problem::TooLarge { size: None, limit });
        }
        Ok(bytes)
    }

    /// Reads the site-relative `rel` as UTF-8 text (links on the way checked), at most `limit`.
    pub fn read_text(&self, rel: &str, limit: Limit) -> Result<String, Diagnostic> {
        let real = self.resolve(rel).map_err(|p| p.diagnostic(rel))?;
        self.read_text_at(rel, &real, limit)
    }

    /// Reads a file found by a walk as UTF-8 text; `rel` is its name in messages.
    pub fn read_text_at(&self, rel: &str, real: &Path, limit: Limit) -> Result<String, Diagnostic> {
        let bytes = self.read(real, limit).map_err(|p| p.diagnostic(rel))?;
        decode(rel, bytes)
    }
}

enum Target {
    File(PathBuf),
    Dir(PathBuf),
}

/// `Dir` methods want `.` rather than an empty path for the root itself.
fn here(path: &Path) -> &Path {
    if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    }
}

fn not_found_is_missing(e: io::Error) -> Problem {
    if e.kind() == io::ErrorKind::NotFound {
        Problem::Missing
    } else {
        Problem::Io(e)
    }
}

fn push_unless_missing(diagnostics: &mut Diagnostics, problem: Problem, rel: &str) {
    // Something deleted mid-walk is simply not part of this build (the next one sees it).
    if !matches!(problem, Problem::Missing) {
        diagnostics.push(problem.diagnostic(rel));
    }
}

fn is_loop_error(e: &io::Error) -> bool {
    // `ErrorKind::FilesystemLoop` (ELOOP) is not stable to name yet, but std already maps
    // the error to it on every platform, and its name is stable in Debug output.
    format!("{:?}", e.kind()) == "FilesystemLoop"
}

fn kind_of(file_type: &cap_std::fs::FileType) -> &'static str {
    if file_type.is_fifo() {
        "named pipe (FIFO)"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "device"
    } else if file_type.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

/// UTF-8 bytes → text without a byte-order mark, with the position of the first bad byte
/// when they are not UTF-8.
pub fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() as u32 + 1;
            let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
            let col = valid[line_start..].chars().count() as u32 + 1;
            let text_before = &valid[line_start..];
            Err(Diagnostic::error(rel, "invalid-utf8", "this file is not valid UTF-8")
                .at(text_before, Pos::new(1, col))
                .with_pos(Pos::new(line, col))
                .with_hint("save the file as UTF-8 (most editors have an \"encoding\" setting)"))
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    const TINY: Limit = Limit { bytes: 8, what: "a test file", hint: "" };

    /// A site folder inside a temporary folder that also holds a file outside the site.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/img")).unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "SECRET").unwrap();
        (tmp, root)
    }

    fn walk(root: &Path, base: &str) -> (Vec<String>, Vec<Diagnostic>) {
        let mut diagnostics = Diagnostics::new();
        let found = SiteFs::open(root).unwrap().walk(base, WalkPolicy::Publish, &mut diagnostics);
        (found.into_iter().map(|f| f.rel).collect(), diagnostics.sorted())
    }

    #[test]
    fn publish_policy_allows_host_dotfiles_only_where_hosts_read_them() {
        for published in [
            "index.html",
            ".well-known/security.txt",
            ".nojekyll",
            ".domains",
            ".htaccess",
            "docs/.htaccess",
            "img/logo.svg",
            "certs/ca.crt",
            "keys.md",
        ] {
            assert_eq!(publish_policy(published), Publish::Yes, "{published}");
        }
        // `.well-known/` and `.nojekyll` mean something only at the top of the site.
        for hidden in ["img/.well-known/x", "sub/.nojekyll", ".vscode/settings.json", ".github/x.yml", ".hidden.html"] {
            assert_eq!(publish_policy(hidden), Publish::Never(Withheld::Hidden), "{hidden}");
        }
    }

    #[test]
    fn publish_policy_withholds_secrets_in_any_case_and_folder() {
        for secret in [
            ".env",
            ".env.production",
            ".ENV",
            ".envrc",
            ".git/config",
            "sub/.git/HEAD",
            ".npmrc",
            ".netrc",
            ".htpasswd",
            "backup/id_rsa",
            "ID_ED25519",
            "tls/server.pem",
            "tls/server.KEY",
            "cert.p12",
            ".well-known/.env",
        ] {
            assert_eq!(publish_policy(secret), Publish::Never(Withheld::Secret), "{secret}");
        }
        assert_eq!(publish_policy("id_rsa.pub"), Publish::Yes, "a public key is public");
    }

    #[test]
    fn publish_policy_ignores_editor_and_os_leftovers_silently() {
        for junk in [".DS_Store", "img/Thumbs.db", ".gitkeep", "a.md~", ".a.md.swp", "#a.md#", ".#a.md", "x.tmp"] {
            assert_eq!(publish_policy(junk), Publish::Ignored, "{junk}");
        }
    }

    #[test]
    fn a_link_out_of_the_site_is_named_with_its_target_and_not_followed() {
        let (tmp, root) = site();
        symlink(tmp.path().join("secret.txt"), root.join("content/img/a.txt")).unwrap();
        symlink("../../../secret.txt", root.join("content/img/b.txt")).unwrap();
        symlink(tmp.path(), root.join("content/outside")).unwrap();
        let (files, diags) = walk(&root, "content");
        assert!(files.is_empty(), "{files:?}");
        let shown: Vec<String> = diags.iter().map(|d| format!("{}: {}: {}", d.file, d.code, d.message)).collect();
        let outside = tmp.path().canonicalize().unwrap();
        assert_eq!(
            shown,
            [
                format!(
                    "content/img/a.txt: symlink-escapes: this symbolic link points outside the site, to {}",
                    tmp.path().join("secret.txt").display()
                ),
                format!(
                    "content/img/b.txt: symlink-escapes: this symbolic link points outside the site, to ../../../secret.txt ({})",
                    outside.join("secret.txt").display()
                ),
                format!(
                    "content/outside: symlink-escapes: this symbolic link points outside the site, to {}",
                    tmp.path().display()
                ),
            ]
        );
    }

    #[test]
    fn links_inside_the_site_are_followed_under_the_links_name() {
        let (_tmp, root) = site();
        std::fs::create_dir_all(root.join("shared/img")).unwrap();
        std::fs::write(root.join("shared/img/logo.svg"), "<svg/>").unwrap();
        symlink("../../shared/img", root.join("content/img/shared")).unwrap();
        symlink(root.join("shared/img/logo.svg"), root.join("content/logo.svg")).unwrap();
        let site = SiteFs::open(&root).unwrap();
        let mut diagnostics = Diagnostics::new();
        let found = site.walk("content", WalkPolicy::Publish, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.sorted());
        let shown: Vec<(&str, &str, &Path)> = found.iter().map(|f| (&*f.rel, &*f.sub, &*f.real)).collect();
        assert_eq!(
            shown,
            [
                ("content/img/shared/logo.svg", "img/shared/logo.svg", Path::new("shared/img/logo.svg")),
                ("content/logo.svg", "logo.svg", Path::new("shared/img/logo.svg")),
            ]
        );
        assert_eq!(site.read(&found[0].real, TINY).unwrap(), b"<svg/>");
    }

    #[test]
    fn a_link_into_a_hidden_folder_of_the_site_is_refused() {
        let (_tmp, root) = site();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "extraheader = AUTHORIZATION: basic c2VjcmV0").unwrap();
        symlink("../../.git/config", root.join("content/img/config.txt")).unwrap();
        let (files, diags) = walk(&root, "content");
        assert!(files.is_empty());
        assert_eq!((diags[0].file.as_str(), diags[0].code), ("content/img/config.txt", "symlink-private"));
        assert!(diags[0].message.contains(".git/config"), "{}", diags[0].message);
    }

    #[test]
    fn dangling_and_circular_links_are_errors() {
        let (_tmp, root) = site();
        symlink("nowhere.png", root.join("content/img/gone.png")).unwrap();
        symlink("self.png", root.join("content/img/self.png")).unwrap();
        symlink("..", root.join("content/img/up")).unwrap();
        let (files, diags) = walk(&root, "content");
        assert!(files.is_empty());
        let codes: Vec<(&str, &str)> = diags.iter().map(|d| (d.file.as_str(), d.code)).collect();
        assert_eq!(
            codes,
            [
                ("content/img/gone.png", "symlink-dangling"),
                ("content/img/self.png", "symlink-loop"),
                ("content/img/up", "symlink-loop"),
            ]
        );
    }

    #[test]
    fn two_folders_linking_to_each_other_are_a_loop_not_an_endless_walk() {
        let (_tmp, root) = site();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::create_dir_all(root.join("content/b")).unwrap();
        std::fs::write(root.join("content/b/x.png"), "x").unwrap();
        symlink("../b", root.join("content/a/to-b")).unwrap();
        symlink("../a", root.join("content/b/to-a")).unwrap();
        let (files, diags) = walk(&root, "content");
        assert_eq!(files, ["content/a/to-b/x.png", "content/b/x.png"]);
        let codes: Vec<(&str, &str)> = diags.iter().map(|d| (d.file.as_str(), d.code)).collect();
        assert_eq!(codes, [("content/a/to-b/to-a", "symlink-loop"), ("content/b/to-a/to-b", "symlink-loop")]);
    }

    #[test]
    fn folders_that_link_twice_to_the_one_below_cannot_make_the_walk_exponential() {
        let (_tmp, root) = site();
        std::fs::create_dir_all(root.join("content/d0")).unwrap();
        std::fs::write(root.join("content/d0/x.png"), "x").unwrap();
        for level in 1..=24 {
            let dir = root.join(format!("content/d{level}"));
            std::fs::create_dir_all(&dir).unwrap();
            symlink(format!("../d{}", level - 1), dir.join("a")).unwrap();
            symlink(format!("../d{}", level - 1), dir.join("b")).unwrap();
        }
        // 2^24 paths lead to d0/x.png; the walk must stop long before.
        let started = std::time::Instant::now();
        let (files, diags) = walk(&root, "content");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(files.len() < 10_000, "{} files", files.len());
        assert!(diags.iter().any(|d| d.message.contains("already entered through links")), "{diags:?}");
    }

    #[test]
    fn special_files_are_errors_and_never_opened() {
        let (_tmp, root) = site();
        let fifo = root.join("content/img/pipe");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let (files, diags) = walk(&root, "content");
        assert!(files.is_empty());
        assert_eq!((diags[0].file.as_str(), diags[0].code), ("content/img/pipe", "not-a-regular-file"));
        // Read directly (as a file swapped in after the walk would be), it fails at once
        // instead of waiting for a writer.
        let site = SiteFs::open(&root).unwrap();
        let problem = site.read(Path::new("content/img/pipe"), TINY).unwrap_err();
        assert!(matches!(problem, Problem::NotRegular { kind: "named pipe (FIFO)" }), "{problem:?}");
    }

    #[test]
    fn a_file_over_its_limit_is_refused_with_both_sizes() {
        let (_tmp, root) = site();
        std::fs::write(root.join("content/a.md"), "123456789").unwrap();
        std::fs::write(root.join("content/b.md"), "12345678").unwrap();
        let site = SiteFs::open(&root).unwrap();
        let d = site.read_text("content/a.md", TINY).unwrap_err();
        assert_eq!(d.code, "too-large");
        assert_eq!(d.message, "this file is 9 bytes, more than the 8 bytes a test file may be");
        assert_eq!(site.read_text("content/b.md", TINY).unwrap(), "12345678");
    }

    #[test]
    fn a_file_swapped_for_an_outside_link_after_the_walk_is_not_read() {
        let (tmp, root) = site();
        std::fs::write(root.join("content/img/a.txt"), "fine").unwrap();
        let site = SiteFs::open(&root).unwrap();
        let mut diagnostics = Diagnostics::new();
        let found = site.walk("content", WalkPolicy::Publish, &mut diagnostics);
        std::fs::remove_file(root.join("content/img/a.txt")).unwrap();
        symlink(tmp.path().join("secret.txt"), root.join("content/img/a.txt")).unwrap();
        assert!(site.read(&found[0].real, TINY).is_err());
        // The same for a folder on the way swapped for a link out of the site.
        std::fs::rename(root.join("content/img"), root.join("content/img-old")).unwrap();
        std::fs::create_dir_all(tmp.path().join("img")).unwrap();
        std::fs::write(tmp.path().join("img/a.txt"), "SECRET").unwrap();
        symlink(tmp.path().join("img"), root.join("content/img")).unwrap();
        let problem = site.read(&found[0].real, TINY).unwrap_err();
        assert!(!problem.to_string().contains("SECRET"));
    }

    #[test]
    fn resolving_names_the_link_on_the_way_that_escapes() {
        let (tmp, root) = site();
        std::fs::create_dir_all(tmp.path().join("elsewhere/static")).unwrap();
        std::fs::create_dir_all(root.join("themes")).unwrap();
        symlink(tmp.path().join("elsewhere"), root.join("themes/x")).unwrap();
        let site = SiteFs::open(&root).unwrap();
        match site.resolve("themes/x/static") {
            Err(Problem::Escapes { link, .. }) => assert_eq!(link, "themes/x"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(site.resolve("themes/../../secret.txt"), Err(Problem::Io(_))));
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let d = decode("content/a.md", b"---\ntitle: caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!(d.pos, Some(Pos::new(2, 11)));
        assert_eq!(d.snippet.as_deref(), Some("title: caf"));
    }

    #[test]
    fn strips_bom() {
        assert_eq!(decode("a", b"\xef\xbb\xbf---\n".to_vec()).unwrap(), "---\n");
    }

    #[test]
    fn sizes_are_shown_for_people() {
        assert_eq!(human_size(16 << 20), "16 MiB");
        assert_eq!(human_size(3 << 19), "1.5 MiB");
        assert_eq!(human_size(2048), "2.0 KiB");
        assert_eq!(human_size(12), "12 bytes");
    }
}
