//! A git repository for history tests, made with the git CLI: fixed author, committer and
//! dates, no user or system config, so the same steps give the same commit ids anywhere.
//!
//! ```ignore
//! let mut repo = GitRepo::init(&site.root);
//! repo.write("content/roles/a.yaml", "...").commit("Add A");
//! repo.tag("framework-v1");
//! let clone = repo.shallow_clone(1);
//! ```

// Not every history test needs every step.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The first commit's time (2023-11-14 UTC); each commit is a minute after the last.
pub const START: i64 = 1_700_000_000;

pub struct GitRepo {
    root: PathBuf,
    /// The time the next commit or annotated tag gets.
    clock: i64,
    /// Where shallow clones go; removed with the repository value.
    clones: Vec<tempfile::TempDir>,
}

impl GitRepo {
    /// `git init` in `dir` (created when missing), on branch `main`.
    pub fn init(dir: &Path) -> GitRepo {
        std::fs::create_dir_all(dir).expect("create the repository folder");
        let repo = GitRepo { root: dir.to_owned(), clock: START, clones: Vec::new() };
        repo.git(&["init", "-q"]);
        repo
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The time the next commit will carry.
    pub fn clock(&self) -> i64 {
        self.clock + 60
    }

    /// Runs git in the repository with the fixed identity and the current clock; returns
    /// its trimmed standard output, or panics with its standard error.
    pub fn git(&self, args: &[&str]) -> String {
        run(git_command(&self.root, self.clock).args(args))
    }

    pub fn write(&mut self, path: &str, text: &str) -> &mut Self {
        let full = self.root.join(path);
        std::fs::create_dir_all(full.parent().expect("a file has a folder")).expect("create folders");
        std::fs::write(&full, text).unwrap_or_else(|e| panic!("write {}: {e}", full.display()));
        self
    }

    pub fn remove(&mut self, path: &str) -> &mut Self {
        self.git(&["rm", "-q", path]);
        self
    }

    pub fn rename(&mut self, from: &str, to: &str) -> &mut Self {
        if let Some(parent) = self.root.join(to).parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        self.git(&["mv", from, to]);
        self
    }

    /// Commits every change in the work tree a minute after the last commit; returns
    /// the commit's id.
    pub fn commit(&mut self, message: &str) -> String {
        let at = self.clock + 60;
        self.commit_at(message, at)
    }

    /// Commits every change with author and committer date `time` (seconds since the
    /// epoch, UTC); later commits follow from that time.
    pub fn commit_at(&mut self, message: &str, time: i64) -> String {
        self.clock = time;
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.head()
    }

    /// A lightweight tag on HEAD.
    pub fn tag(&mut self, name: &str) -> &mut Self {
        self.git(&["tag", name]);
        self
    }

    /// An annotated tag on HEAD, tagged a minute after the last commit or tag.
    pub fn tag_annotated(&mut self, name: &str, message: &str) -> &mut Self {
        self.clock += 60;
        self.git(&["tag", "-a", name, "-m", message]);
        self
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }

    /// A `git clone --depth <depth>` of this repository, as CI checks out by default; the
    /// clone lives as long as this value.
    pub fn shallow_clone(&mut self, depth: u32) -> PathBuf {
        let dir = tempfile::tempdir().expect("temp dir for the clone");
        let target = dir.path().join("clone");
        let source = format!("file://{}", self.root.display());
        run(git_command(dir.path(), self.clock)
            .args(["clone", "-q", "--depth", &depth.to_string(), &source])
            .arg(&target));
        self.clones.push(dir);
        target
    }
}

fn git_command(dir: &Path, time: i64) -> Command {
    let date = format!("@{time} +0000");
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Author")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Author")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .args(["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]);
    cmd
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("git runs");
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn git_repo_builds_a_dated_history_with_tags_and_a_shallow_clone_that_rolebook_reads() {
    use rolebook::history::git::Repo;

    let dir = tempfile::tempdir().expect("temp dir");
    let mut repo = GitRepo::init(&dir.path().join("site"));
    repo.write("content/roles/a.yaml", "title: A\n").write("content/roles/b.yaml", "title: B\n");
    let first = repo.commit("Add A and B");
    repo.tag("framework-v1");
    repo.rename("content/roles/a.yaml", "content/roles/c.yaml").commit("Rename A to C");
    repo.remove("content/roles/b.yaml").commit("Remove B");
    repo.tag_annotated("framework-v2", "Second");

    assert_eq!(repo.git(&["log", "-1", "--format=%ct %an", &first]), format!("{} Ada Author", START + 60));
    assert_eq!(repo.git(&["cat-file", "-t", "framework-v2"]), "tag");
    assert_eq!(repo.git(&["cat-file", "-t", "framework-v1"]), "commit");

    let log = Repo::open(repo.root()).expect("open").log(&|p| p.ends_with(".yaml"), Some("framework-v*")).expect("log");
    let subjects: Vec<&str> = log.commits.iter().map(|c| c.commit.subject.as_str()).collect();
    assert_eq!(subjects, ["Add A and B", "Rename A to C", "Remove B"]);
    assert_eq!(log.releases.len(), 2);

    let clone = repo.shallow_clone(1);
    assert_eq!(run(Command::new("git").current_dir(&clone).args(["rev-parse", "--is-shallow-repository"])), "true");
    let shallow = Repo::open(&clone).expect("open the clone").log(&|_| true, None).expect("log");
    assert!(shallow.commits.is_empty());
    assert_eq!(shallow.shallow_boundary.map(|c| c.subject), Some("Remove B".to_owned()));
}
