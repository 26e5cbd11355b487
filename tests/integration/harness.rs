//! A fixture site copied to a temporary folder, the real binary run against it, and
//! assertions on what it wrote and printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    /// Asserts exit code 0 and returns self.
    pub fn success(self) -> Self {
        assert_eq!(self.code(), 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self
    }
    /// Asserts the exit code and returns self.
    pub fn fails_with(self, code: i32) -> Self {
        assert_eq!(self.code(), code, "unexpected exit code\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self
    }
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn from_fixture(name: &str) -> Self {
        let test = SiteTest::empty();
        copy_dir(&fixture_dir(name), &test.root);
        test
    }

    /// A site folder with an empty `content/`.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("create site");
        SiteTest { _dir: dir, root }
    }

    /// The temporary folder that holds the site (for outputs placed beside it).
    pub fn outer(&self) -> &Path {
        self.root.parent().expect("site has a parent")
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// Runs `rolebook ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_rolebook"))
            .args(args)
            .current_dir(&self.root)
            .env_remove("RUST_LOG")
            .output()
            .expect("run rolebook");
        Run { output }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"]).success()
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// A file of the output, as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Every file under `dir`, relative, sorted, with its bytes.
    pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `href="..."` and `src="..."` value in an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    found
}

/// Checks that every link under `base_path` in every HTML file of `public` leads to a
/// produced file, and every `#anchor` to an id in it. Returns the broken ones.
pub fn broken_links(public: &Path, base_path: &str, origin: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for (rel, bytes) in SiteTest::snapshot(public) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in links(&html) {
            let local = link.strip_prefix(origin).unwrap_or(&link);
            let (path, anchor) = match local.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (local, None),
            };
            let target_html = if path.is_empty() {
                html.clone()
            } else if let Some(inside) = path.strip_prefix(base_path) {
                let file = if inside.is_empty() || inside.ends_with('/') {
                    format!("{inside}index.html")
                } else {
                    inside.to_string()
                };
                match std::fs::read(public.join(&file)) {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(_) => {
                        broken.push(format!("{rel}: {link} (no file {file})"));
                        continue;
                    }
                }
            } else if path.starts_with('/') || path.starts_with(origin) {
                broken.push(format!("{rel}: {link} (outside the base path {base_path})"));
                continue;
            } else {
                continue; // another host
            };
            if let Some(anchor) = anchor {
                if !target_html.contains(&format!("id=\"{anchor}\"")) {
                    broken.push(format!("{rel}: {link} (no id {anchor})"));
                }
            }
        }
    }
    broken
}

/// A `rolebook serve` of a test site on a free port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT` (or the `--interface` address), as the server printed it.
    pub addr: String,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl SiteTest {
    /// Starts `rolebook serve --port 0 ARGS` in the site folder and waits for the line
    /// that says where it listens.
    pub fn serve(&self, args: &[&str]) -> Server {
        use std::io::BufRead as _;
        let mut child = Command::new(env!("CARGO_BIN_EXE_rolebook"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(&self.root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start rolebook serve");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.split(" at ").nth(1).expect("serving line").split_whitespace().next().unwrap();
        let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        Server { child, addr, port }
    }
}

/// Waits (up to 20 s) until no rolebook process holds the lock of the output `out`: a
/// build hands the removal of the previous output to a child process that holds it.
pub fn wait_for_output_lock(out: &Path) {
    let name = format!(".{}.rolebook-lock", out.file_name().unwrap().to_string_lossy());
    let lock = out.with_file_name(name);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while lock.exists() {
        assert!(std::time::Instant::now() < deadline, "{} is still held after 20 s", lock.display());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
