//! Issue 22 end to end: fixture repositories made with git (fixed dates and identity),
//! the real binary built over them, and what docs/history.md promises checked on the
//! pages, the feed, the sitemap, the cache and `check --since`.
//!
//! Expected dates and ids come from git itself (`git log --format=%cI`, `rev-parse
//! --short`), not from rolebook's own formatting code.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::git_repo::GitRepo;
use crate::harness::{Run, SiteTest, Text};

const CONFIG: &str = "title: Lab
base_url: https://example.org/
blueprint:
  sections:
    - section: summary
    - section: responsibilities
    - section: kpis
    - section: skills
    - section: career
";

const SKILLS: &str = "- id: python
  name: Python
  category: Engineering
  description: Writes Python.
- id: causal
  name: Causal inference
  category: Analysis
  description: Tells causes from correlations.
";

const SCIENTIST: &str = "id: scientist
title: Research Scientist
family: Research
level: 3
summary:
  description: Runs experiments. Writes papers. Shares results.
responsibilities:
  technical:
    - Owns one research question.
    - Builds prototypes.
kpis:
  metrics:
    - name: Time to validated prototype
      measures: Weeks from idea to a validated prototype
      why: Speed of learning
      target: 8 weeks
      frequency: Quarterly
skills:
  must_have:
    - skill: python
      importance: Critical
  good_to_have:
    - skill: causal
      importance: Optional
career:
  next:
    - role: lead
";

const LEAD: &str = "id: lead
title: Research Lead
family: Research
level: 4
summary:
  description: Leads the research agenda of one product area.
kpis:
  metrics:
    - name: Papers accepted
      measures: Papers accepted at peer-reviewed venues
      why: External validation
      target: 2 per year
      frequency: Yearly
career:
  feeders:
    - role: scientist
";

/// A role with nothing in common with the others, for adds, removes and `previous_ids`.
fn small_role(id: &str, title: &str, description: &str) -> String {
    format!("id: {id}\ntitle: \"{title}\"\nfamily: Operations\nlevel: 2\nsummary:\n  description: {description}\n")
}

/// A site in a git repository: the site folder is the repository's root or a folder in it.
struct Framework {
    _dir: tempfile::TempDir,
    repo: GitRepo,
    /// The site folder inside the repository, `""` or ending in `/`.
    prefix: String,
}

impl Framework {
    /// The scientist and the lead roles, committed as "Add the research roles".
    fn new() -> Framework {
        Framework::at("")
    }

    fn at(prefix: &str) -> Framework {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = GitRepo::init(&dir.path().join("repo"));
        let mut site = Framework { _dir: dir, repo, prefix: prefix.to_string() };
        // What a build writes is no part of the history.
        site.repo.write(".gitignore", "public/\n.rolebook/\n.*.rolebook-lock\n");
        site.write("rolebook.yaml", CONFIG)
            .write("content/skills/technical.yaml", SKILLS)
            .write("content/roles/scientist.yaml", SCIENTIST)
            .write("content/roles/lead.yaml", LEAD);
        site.commit("Add the research roles");
        site
    }

    fn root(&self) -> PathBuf {
        self.repo.root().join(&self.prefix)
    }

    fn write(&mut self, rel: &str, text: &str) -> &mut Self {
        self.repo.write(&format!("{}{rel}", self.prefix), text);
        self
    }

    /// Replaces `from` by `to` in a site file; `from` must be there, so a fixture edit
    /// that silently does nothing fails the test.
    fn edit(&mut self, rel: &str, from: &str, to: &str) -> &mut Self {
        let text = self.source(rel);
        assert!(text.contains(from), "{rel} has no `{from}`:\n{text}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    fn source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    fn remove(&mut self, rel: &str) -> &mut Self {
        self.repo.remove(&format!("{}{rel}", self.prefix));
        self
    }

    fn rename(&mut self, from: &str, to: &str) -> &mut Self {
        self.repo.rename(&format!("{}{from}", self.prefix), &format!("{}{to}", self.prefix));
        self
    }

    /// Commits everything; returns the full id.
    fn commit(&mut self, message: &str) -> String {
        self.repo.commit(message)
    }

    fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root(), args)
    }

    fn build(&self) -> Run {
        self.run(&["build"]).success()
    }

    #[track_caller]
    fn page(&self, rel: &str) -> Text {
        page_in(&self.root(), rel)
    }

    /// How git itself writes a commit: `(committer time in ISO 8601 with its offset,
    /// UTC day, short id)`.
    fn stamp(&self, id: &str) -> (String, String, String) {
        let iso = self.repo.git(&["log", "-1", "--format=%cI", id]);
        // Recent git writes UTC as `Z`; RFC 3339 allows either, rolebook writes the offset.
        let iso = match iso.strip_suffix('Z') {
            Some(time) => format!("{time}+00:00"),
            None => iso,
        };
        let seconds = self.repo.git(&["log", "-1", "--format=%ct", id]);
        (iso, utc_day(&seconds), self.repo.git(&["rev-parse", "--short=7", id]))
    }
}

/// The UTC day of a Unix time (given as text), as `date` writes it.
fn utc_day(seconds: &str) -> String {
    let out = Command::new("date").args(["-u", "-d", &format!("@{seconds}"), "+%Y-%m-%d"]).output().expect("date runs");
    assert!(out.status.success(), "date: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8").trim().to_string()
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rolebook"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        // The pages are dated in UTC whatever the machine's zone: run it in another one.
        .env("TZ", "Pacific/Kiritimati")
        .output()
        .expect("run rolebook");
    // A build hands the old output's removal to a child process; a commit made while it
    // runs would race with it.
    crate::harness::wait_for_output_lock(&dir.join("public"));
    Run { output }
}

#[track_caller]
fn page_in(site: &Path, rel: &str) -> Text {
    let path = site.join("public").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Text::new(format!("public/{rel}"), text)
}

/// The `<article>` of one commit on /changes/ or a role's history page, by its short id.
#[track_caller]
fn commit_entry(page: &Text, short: &str) -> Text {
    let html = page.text();
    let start =
        html.find(&format!("id=\"c-{short}\"")).unwrap_or_else(|| panic!("no entry for commit {short} in:\n{html}"));
    let end = start + html[start..].find("</article>").expect("the entry ends");
    Text::new(format!("the entry of commit {short}"), &html[start..end])
}

/// Asserts that commit `id`'s entry on /changes/ carries its subject, its date as git
/// writes it, its short id, and `lines` (each change in words); returns the entry.
#[track_caller]
fn assert_listed(site: &Framework, id: &str, subject: &str, lines: &[&str]) -> Text {
    let (iso, day, short) = site.stamp(id);
    let entry = commit_entry(&site.page("changes/index.html"), &short);
    entry
        .contains(&format!("<h3 class=\"change-subject\">{subject}</h3>"))
        .contains(&format!("<time datetime=\"{iso}\">{day}</time>"))
        .contains(&format!("<code>{short}</code>"));
    for line in lines {
        entry.contains(line);
    }
    entry
}

const SCIENTIST_PAGE: &str = "/roles/scientist/";

#[test]
fn each_kind_of_field_change_is_listed_in_words_under_its_commit_on_the_changes_page() {
    let mut site = Framework::new();
    let path = "content/roles/scientist.yaml";
    let kpi = site.edit(path, "target: 8 weeks", "target: 6 weeks").commit("Faster prototypes");
    let importance = site.edit(path, "importance: Optional", "importance: Important").commit("Causal matters more");
    let moved = site
        .edit(path, "  good_to_have:\n    - skill: causal\n", "    - skill: causal\n")
        .commit("Causal inference is a must");
    let added = site
        .edit(path, "    - Builds prototypes.\n", "    - Builds prototypes.\n    - Reviews designs.\n")
        .commit("Add reviews");
    let removed = site.edit(path, "    - Owns one research question.\n", "").commit("Drop the question");
    let reworded = site.edit(path, "- Builds prototypes.", "- Builds fast prototypes.").commit("Faster builds");
    let level = site.edit(path, "level: 3", "level: 4").commit("Scientists are level 4");
    let career = site
        .edit(
            path,
            "career:\n  next:\n    - role: lead\n",
            "career:\n  next:\n    - role: lead\n  adjacent:\n    - role: lead\n",
        )
        .commit("Lead is also adjacent");
    site.build();

    let kpis = format!("{SCIENTIST_PAGE}#kpis");
    assert_listed(&site, &kpi, "Faster prototypes", &[
        &format!("<a href=\"{kpis}\">KPIs and Productivity Metrics › “Time to validated prototype” › target: 8 weeks → 6 weeks</a>"),
    ]);
    assert_listed(
        &site,
        &importance,
        "Causal matters more",
        &["Technical Skills Required › Good to have › “Causal inference” › importance: Optional → Important"],
    );
    assert_listed(
        &site,
        &moved,
        "Causal inference is a must",
        &["Technical Skills Required › “Causal inference” moved from Good to have to Must have"],
    );
    assert_listed(&site, &added, "Add reviews", &["Core Responsibilities › Technical: “Reviews designs.” added"]);
    assert_listed(
        &site,
        &removed,
        "Drop the question",
        &["Core Responsibilities › Technical: “Owns one research question.” removed"],
    );
    assert_listed(&site, &reworded, "Faster builds", &["Core Responsibilities › Technical reworded"]);
    assert_listed(&site, &level, "Scientists are level 4", &["Level: 3 → 4"]);
    assert_listed(
        &site,
        &career,
        "Lead is also adjacent",
        &["Career Path and Progression › Adjacent: “Research Lead” added"],
    );
    // A change in one commit is not repeated under another.
    let (_, _, short) = site.stamp(&level);
    commit_entry(&site.page("changes/index.html"), &short).not_contains("8 weeks").not_contains("Causal");
}

#[test]
fn reworded_prose_shows_the_sentences_it_lost_and_gained_on_the_role_history_page() {
    let mut site = Framework::new();
    let id = site
        .edit(
            "content/roles/scientist.yaml",
            "Runs experiments. Writes papers.",
            "Runs careful experiments. Writes papers.",
        )
        .commit("Care");
    site.build();
    let (_, _, short) = site.stamp(&id);
    assert_listed(
        &site,
        &id,
        "Care",
        &[&format!("<a href=\"/roles/scientist/history/#c-{short}\">Role Summary › description reworded</a>")],
    );
    let entry = commit_entry(&site.page("roles/scientist/history/index.html"), &short);
    entry
        .contains("<del>Runs experiments.</del> <ins>Runs careful experiments.</ins>")
        .not_contains("<del>Writes papers.</del>")
        .not_contains("<ins>Writes papers.</ins>");
}

#[test]
fn roles_added_and_removed_are_listed_under_their_commits() {
    let mut site = Framework::new();
    let added = site
        .write("content/roles/analyst.yaml", &small_role("analyst", "Analyst", "Counts things."))
        .commit("Add analyst");
    let removed = site.remove("content/roles/analyst.yaml").commit("Remove analyst");
    site.build();
    let first = site.repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    assert_listed(
        &site,
        &first,
        "Add the research roles",
        &[
            "<a href=\"/roles/lead/\">Research Lead</a> <span class=\"meta\">added</span>",
            "<a href=\"/roles/scientist/\">Research Scientist</a> <span class=\"meta\">added</span>",
        ],
    );
    // The analyst is gone today: named, not linked.
    assert_listed(&site, &added, "Add analyst", &["<li>Analyst <span class=\"meta\">added</span>"]);
    assert_listed(&site, &removed, "Remove analyst", &["<li>Analyst <span class=\"meta\">removed</span>"]);
    site.page("changes/index.html").not_contains("href=\"/roles/analyst/\"");
}

/// The lead renamed to `research-lead` (file and id) after a KPI change under the old id.
fn renamed_lead() -> (Framework, String, String) {
    let mut site = Framework::new();
    let before = site.edit("content/roles/lead.yaml", "target: 2 per year", "target: 3 per year").commit("More papers");
    site.rename("content/roles/lead.yaml", "content/roles/research-lead.yaml")
        .edit("content/roles/research-lead.yaml", "id: lead", "id: research-lead")
        .edit("content/roles/scientist.yaml", "- role: lead", "- role: research-lead");
    let rename = site.commit("Rename lead to research-lead");
    (site, before, rename)
}

#[test]
fn a_renamed_role_keeps_its_old_url_as_a_redirect_and_its_history_from_before() {
    let (site, before, rename) = renamed_lead();
    site.build();
    assert_listed(
        &site,
        &rename,
        "Rename lead to research-lead",
        &["<a href=\"/roles/research-lead/\">Research Lead</a> <span class=\"meta\">renamed from lead</span>"],
    );
    site.page("roles/lead/index.html")
        .contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/roles/research-lead/\">")
        .not_contains("Leads the research agenda");
    site.page("roles/lead/history/index.html").contains("url=https://example.org/roles/research-lead/history/");
    let (_, _, short) = site.stamp(&before);
    commit_entry(&site.page("roles/research-lead/history/index.html"), &short)
        .contains("More papers")
        .contains("“Papers accepted” › target: 2 per year → 3 per year");
    // The entry made under the old id links to the role of today.
    commit_entry(&site.page("changes/index.html"), &short).contains("href=\"/roles/research-lead/#kpis\"");
}

#[test]
fn previous_ids_make_a_rename_git_cannot_see_and_redirect_the_old_url() {
    let mut site = Framework::new();
    site.write("content/roles/ops.yaml", &small_role("ops", "Ops", "Keeps the lights on.")).commit("Add ops");
    // Nothing alike, so only `previous_ids` says this is the same role.
    let rename = site
        .remove("content/roles/ops.yaml")
        .write(
            "content/roles/platform.yaml",
            &small_role("platform", "Platform Engineer", "Builds the paved road.")
                .replace("title:", "previous_ids: [ops]\ntitle:"),
        )
        .commit("Ops becomes platform");
    site.build();
    assert_listed(
        &site,
        &rename,
        "Ops becomes platform",
        &["<a href=\"/roles/platform/\">Platform Engineer</a> <span class=\"meta\">renamed from ops</span>"],
    );
    site.page("roles/ops/index.html").contains("url=https://example.org/roles/platform/");
}

#[test]
fn a_new_role_taking_a_renamed_role_s_old_id_is_an_error_at_its_id_until_listed_as_reused() {
    let (mut site, _, rename) = renamed_lead();
    site.write("content/roles/lead.yaml", &small_role("lead", "Team Lead", "Leads a team.")).commit("A new lead");
    let (_, _, short) = site.stamp(&rename);
    let run = site.run(&["check"]).fails_with(1);
    run.assert_diag("old-url-taken")
        .at("content/roles/lead.yaml", 1)
        .error()
        .message_contains(&format!("`lead` was the id of the role now called `research-lead` until commit {short}"))
        .hint_contains("reused_ids");
    site.run(&["build"]).fails_with(1);

    site.write("rolebook.yaml", &format!("{CONFIG}history:\n  reused_ids: [lead]\n"));
    site.build();
    site.page("roles/lead/index.html").contains("Team Lead").not_contains("http-equiv=\"refresh\"");
}

/// The `<section>` of /changes/ under the heading `name`.
#[track_caller]
fn release_group(changes: &Text, name: &str) -> Text {
    let html = changes.text();
    let start = html.find(&format!(">{name}")).unwrap_or_else(|| panic!("no heading {name}:\n{html}"));
    let end = start + html[start..].find("</section>").expect("the group ends");
    Text::new(format!("the group {name}"), &html[start..end])
}

#[test]
fn releases_group_the_changes_newest_first_under_unreleased_and_show_annotated_notes() {
    let mut site = Framework::new();
    site.write("rolebook.yaml", &format!("{CONFIG}history:\n  release_tags: \"v*\"\n"));
    site.commit("Release tags");
    site.repo.tag("v1");
    site.repo.tag("other-1"); // does not match the pattern
    let second = site.edit("content/roles/lead.yaml", "target: 2 per year", "target: 3 per year").commit("More papers");
    site.repo.tag_annotated("v2", "Calibration round two\n\nTargets moved after the review.");
    let third = site.edit("content/roles/scientist.yaml", "level: 3", "level: 4").commit("Level up");
    site.build();

    let changes = site.page("changes/index.html");
    changes
        .contains_in_order(&[
            "<h2 id=\"unreleased\">Unreleased",
            "<h2 id=\"release-v2\">v2",
            "<h2 id=\"release-v1\">v1",
        ])
        .not_contains("other-1");
    let short = |id: &str| site.stamp(id).2;
    release_group(&changes, "Unreleased").contains(&format!("c-{}", short(&third))).not_contains("More papers");
    release_group(&changes, "v2")
        .contains("<p class=\"release-message\">Calibration round two</p>")
        .contains("<p class=\"release-message\">Targets moved after the review.</p>")
        .contains(&format!("c-{}", short(&second)))
        .not_contains("Level up");
    // The commit that added the roles is in v1 (its config commit changed no role).
    let v1 = release_group(&changes, "v1");
    v1.not_contains("release-message").not_contains("More papers");
    let added = site.repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    v1.contains(&format!("c-{}", short(&added)));
}

#[test]
fn a_shallow_clone_builds_shows_the_commits_it_has_and_says_so_once() {
    let mut site = Framework::new();
    site.edit("content/roles/lead.yaml", "target: 2 per year", "target: 3 per year").commit("More papers");
    site.edit("content/roles/scientist.yaml", "level: 3", "level: 4").commit("Level up");
    let last = site.edit("content/roles/scientist.yaml", "target: 8 weeks", "target: 6 weeks").commit("Faster");
    let clone = site.repo.shallow_clone(2);
    let run = run_in(&clone, &["build"]).success();
    let stdout = run.stdout();
    let notes: Vec<&str> = stdout.lines().filter(|l| l.starts_with("history:")).collect();
    assert_eq!(notes.len(), 1, "{stdout}");
    assert!(notes[0].starts_with("history: a shallow clone, so only changes since "), "{stdout}");
    assert!(notes[0].contains("git fetch --unshallow"), "{stdout}");

    let changes = page_in(&clone, "changes/index.html");
    changes.contains("this copy of the repository is a shallow clone");
    commit_entry(&changes, &site.stamp(&last).2).contains("target: 8 weeks → 6 weeks");
    // Older commits are not in the clone: not shown, and not made up from the boundary.
    changes
        .not_contains("More papers")
        .not_contains("Add the research roles")
        .not_contains("<span class=\"meta\">added</span>");
}

/// The values of every `<tag>…</tag>` in `xml`, in order.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.match_indices(&open)
        .map(|(at, _)| {
            let inner = &xml[at + open.len()..];
            &inner[..inner.find(&close).unwrap_or_else(|| panic!("`{open}` never closed"))]
        })
        .collect()
}

/// Every element opened is closed in order, one root, no stray `<` or `&`: what a feed
/// reader needs to parse it at all.
fn assert_well_formed(xml: &str) {
    let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n").expect("an XML declaration");
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        assert!(!open.is_empty() || text.trim().is_empty(), "text outside the root: {text:?}");
        for (amp, _) in text.match_indices('&') {
            let entity = text[amp + 1..].split(';').next().unwrap_or("");
            assert!(["amp", "lt", "gt", "quot", "apos", "#39"].contains(&entity), "a bare `&` in {text:?}");
        }
        let gt = lt + rest[lt..].find('>').expect("a tag ends");
        let tag = &rest[lt + 1..gt];
        assert!(!tag.contains('<'), "`<` inside the tag {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "`</{name}>` closes what is not open");
        } else if !tag.ends_with('/') {
            roots += usize::from(open.is_empty());
            open.push(tag.split_whitespace().next().expect("a tag name"));
        }
        rest = &rest[gt + 1..];
    }
    assert!(open.is_empty() && roots == 1 && rest.trim().is_empty(), "unclosed {open:?}, {roots} roots");
}

/// Commits with the committer's own time zone, which the fixed-identity helper does not
/// set: the feed must carry each commit's offset.
fn commit_in_zone(site: &mut Framework, message: &str, time: i64, zone: &str) -> String {
    let date = format!("@{time} {zone}");
    let status = Command::new("git")
        .current_dir(site.repo.root())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Bea Builder")
        .env("GIT_AUTHOR_EMAIL", "bea@example.org")
        .env("GIT_COMMITTER_NAME", "Bea Builder")
        .env("GIT_COMMITTER_EMAIL", "bea@example.org")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .args(["-c", "commit.gpgsign=false", "commit", "-q", "-a", "-m", message])
        .status()
        .expect("git runs");
    assert!(status.success());
    site.repo.head()
}

#[test]
fn the_feed_has_one_entry_per_commit_newest_first_dated_at_the_committer_s_offset() {
    let mut site = Framework::new();
    let base = site.repo.clock();
    site.edit("content/roles/lead.yaml", "target: 2 per year", "target: 3 per year");
    commit_in_zone(&mut site, "East", base + 3_600, "+0530");
    site.edit("content/roles/scientist.yaml", "level: 3", "level: 4");
    commit_in_zone(&mut site, "West", base + 7_200, "-0800");
    site.write("README.md", "Not a role.\n");
    site.repo.commit_at("Docs only", base + 10_800);
    site.build();

    let feed = site.page("changes/feed.xml");
    let xml = feed.text();
    assert_well_formed(xml);
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), "{xml}");
    let role_commits: Vec<String> =
        site.repo.git(&["log", "--format=%H", "--", "content/roles"]).lines().map(str::to_string).collect();
    assert_eq!(role_commits.len(), 3);
    let entries: Vec<&str> = elements(xml, "entry");
    assert_eq!(entries.len(), role_commits.len(), "one entry per commit that changed a role:\n{xml}");
    for (entry, id) in entries.iter().zip(&role_commits) {
        let (iso, _, _) = site.stamp(id);
        assert_eq!(elements(entry, "updated"), [iso.as_str()], "{entry}");
        assert_eq!(elements(entry, "id"), [format!("https://example.org/changes/#c-{id}").as_str()], "{entry}");
        assert_eq!(elements(entry, "title").len(), 1, "{entry}");
    }
    assert_eq!(elements(entries[0], "title"), ["West"]);
    assert!(elements(entries[0], "updated")[0].ends_with("-08:00"), "{}", entries[0]);
    assert!(elements(entries[1], "updated")[0].ends_with("+05:30"), "{}", entries[1]);
    assert!(entries[0].contains("<name>Bea Builder</name>") && entries[2].contains("<name>Ada Author</name>"));
    // The feed's own date is its newest entry's, not the clock's.
    let head = &xml[..xml.find("<entry>").unwrap()];
    assert_eq!(elements(head, "updated"), elements(entries[0], "updated"));
    let ids = elements(xml, "id");
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");

    let link = "<link rel=\"alternate\" type=\"application/atom+xml\"";
    let mut pages = 0;
    for (rel, bytes) in SiteTest::snapshot(&site.root().join("public")) {
        let html = String::from_utf8(bytes).expect("UTF-8");
        if !rel.ends_with(".html") || html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        pages += 1;
        let head = &html[..html.find("</head>").unwrap_or_else(|| panic!("{rel} has no head"))];
        let tag = head.find(link).map(|at| &head[at..at + head[at..].find('>').unwrap()]);
        assert!(
            tag.is_some_and(|t| t.contains("href=\"/changes/feed.xml\"")),
            "{rel} does not link the feed in its head:\n{head}"
        );
    }
    assert!(pages > 10, "only {pages} pages checked");
}

#[test]
fn last_changed_and_sitemap_lastmod_come_from_the_last_commit_not_the_file_time() {
    let mut site = Framework::new();
    let day = 86_400;
    site.edit("content/roles/scientist.yaml", "level: 3", "level: 4");
    let scientist = site.repo.commit_at("Level up", super::git_repo::START + 2 * day);
    site.edit("content/roles/lead.yaml", "target: 2 per year", "target: 3 per year");
    let lead = site.repo.commit_at("More papers", super::git_repo::START + 5 * day);
    // A checkout sets file times to now; make them say something else again.
    let far = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_900_000_000);
    for rel in ["content/roles/scientist.yaml", "content/roles/lead.yaml"] {
        let file = std::fs::File::options().write(true).open(site.root().join(rel)).expect("open");
        file.set_modified(far).expect("set the file time");
    }
    site.build();

    for (role, id) in [("scientist", &scientist), ("lead", &lead)] {
        let (iso, date, _) = site.stamp(id);
        site.page(&format!("roles/{role}/index.html"))
            .contains(&format!("Last changed <time datetime=\"{iso}\">{date}</time>"))
            .contains(&format!("<a href=\"/roles/{role}/history/\">History</a>"));
        let sitemap = site.page("sitemap.xml");
        let loc = format!("<loc>https://example.org/roles/{role}/</loc>");
        let at = sitemap.text().find(&loc).unwrap_or_else(|| panic!("no {loc} in the sitemap"));
        let entry = &sitemap.text()[at..at + sitemap.text()[at..].find("</url>").unwrap()];
        assert!(entry.contains(&format!("<lastmod>{date}")), "{entry}");
    }
    // Neither the file time (2030) nor today shows anywhere.
    let sitemap = site.page("sitemap.xml");
    sitemap.not_contains("2030-").not_contains(&format!("<lastmod>{}", today()));
    site.page("roles/lead/index.html").not_contains("2030-");
}

/// Today's UTC date.
fn today() -> String {
    let out = Command::new("date").args(["-u", "+%Y-%m-%d"]).output().expect("date runs");
    String::from_utf8(out.stdout).expect("UTF-8").trim().to_string()
}

/// A repository with some history: renames, releases, prose.
fn busy_framework() -> Framework {
    let (mut site, _, _) = renamed_lead();
    site.write("rolebook.yaml", &format!("{CONFIG}history:\n  release_tags: \"v*\"\n")).commit("Releases");
    site.repo.tag_annotated("v1", "First");
    site.edit("content/roles/scientist.yaml", "Writes papers.", "Writes short papers.").commit("Shorter");
    site.edit("content/roles/scientist.yaml", "importance: Optional", "importance: Critical").commit("Causal");
    site
}

#[test]
fn the_same_repository_gives_byte_identical_output_cold_warm_and_in_another_clone() {
    let site = busy_framework();
    let public = site.root().join("public");
    let cache = site.root().join(".rolebook/cache/history.json");
    site.build();
    assert!(cache.exists());
    let cold = SiteTest::snapshot(&public);
    site.build();
    let warm = SiteTest::snapshot(&public);
    site.run(&["build", "--no-cache"]).success();
    let uncached = SiteTest::snapshot(&public);
    std::fs::remove_file(&cache).expect("remove the cache");
    site.build();
    let rebuilt = SiteTest::snapshot(&public);
    assert!(cold.iter().any(|(rel, _)| rel == "changes/feed.xml"));
    for (name, other) in [("warm", &warm), ("--no-cache", &uncached), ("without a cache file", &rebuilt)] {
        assert_eq!(names(&cold), names(other), "{name}: other files");
        for ((rel, a), (_, b)) in cold.iter().zip(other) {
            assert!(a == b, "{name}: {rel} differs");
        }
    }

    let elsewhere = tempfile::tempdir().expect("temp dir");
    let clone = elsewhere.path().join("somewhere/else");
    let status = Command::new("git")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["clone", "-q"])
        .arg(site.repo.root())
        .arg(&clone)
        .status()
        .expect("git runs");
    assert!(status.success());
    run_in(&clone, &["build"]).success();
    for rel in ["changes/index.html", "changes/feed.xml", "api/changes.json", "roles/scientist/history/index.html"] {
        assert_eq!(page_in(&clone, rel).text(), page_in(&site.root(), rel).text(), "{rel} differs in the clone");
    }
}

fn names(files: &[(String, Vec<u8>)]) -> Vec<&str> {
    files.iter().map(|(rel, _)| rel.as_str()).collect()
}

#[test]
fn the_history_cache_keeps_each_commit_and_a_later_build_reuses_it() {
    let mut site = Framework::new();
    let first = site.repo.head();
    site.build();
    let cache = site.root().join(".rolebook/cache/history.json");
    let text = std::fs::read_to_string(&cache).expect("the first build wrote the cache");
    assert!(text.contains(&first), "{text}");
    // Mark what the cache holds for the first commit: a build that reads it shows the
    // mark; one that worked the commit out again would not.
    let marked = text.replace("\"title\":\"Research Lead\"", "\"title\":\"Research Lead (cached)\"");
    assert_ne!(marked, text, "the cache names the lead: {text}");
    std::fs::write(&cache, marked).expect("write the cache");

    let second = site.edit("content/roles/scientist.yaml", "level: 3", "level: 4").commit("Level up");
    site.build();
    let text = std::fs::read_to_string(&cache).expect("the cache");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the cache is JSON");
    let commits = json["commits"].as_object().expect("commits by id");
    assert!(commits.contains_key(&first) && commits.contains_key(&second), "{text}");
    let (_, _, short) = site.stamp(&first);
    commit_entry(&site.page("changes/index.html"), &short).contains("Research Lead (cached)");
    // The new commit was worked out, not taken from anywhere.
    assert_listed(&site, &second, "Level up", &["Level: 3 → 4"]);
}

#[test]
fn a_damaged_history_cache_is_ignored_and_the_build_is_still_right() {
    let mut site = Framework::new();
    site.edit("content/roles/scientist.yaml", "level: 3", "level: 4").commit("Level up");
    site.run(&["build", "--no-cache"]).success();
    let expected = site.page("changes/index.html").text().to_string();
    let cache = site.root().join(".rolebook/cache/history.json");
    for garbage in ["{\"key\": 12, \"commits\": [", "", "{\"key\":\"x\",\"commits\":{}}", "\u{0}\u{1}binary"] {
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        std::fs::write(&cache, garbage).expect("write garbage");
        site.build();
        site.page("changes/index.html").equals(&expected);
    }
    // And the damaged file was replaced by a good one.
    let text = std::fs::read_to_string(&cache).expect("the cache");
    serde_json::from_str::<serde_json::Value>(&text).expect("the cache is JSON again");
}

#[test]
fn check_since_lists_the_changes_since_a_tag_or_branch_including_uncommitted_edits() {
    let mut site = Framework::new();
    let base = site.repo.head();
    site.repo.tag("v1");
    site.repo.git(&["branch", "released"]);
    site.edit("content/roles/lead.yaml", "target: 2 per year", "target: 3 per year").commit("More papers");
    // Not committed: `check --since` shows it anyway.
    site.edit("content/roles/scientist.yaml", "level: 3", "level: 4");
    let (_, day, short) = site.stamp(&base);
    for rev in ["v1", "released"] {
        let run = site.run(&["check", "--since", rev]).success();
        run.assert_stdout()
            .contains(&format!("## Role changes since {rev} ({short}, {day})"))
            .contains("### Research Lead (`lead`)")
            .contains("“Papers accepted” › target: 2 per year → 3 per year")
            .contains("### Research Scientist (`scientist`)")
            .contains("- Level: 3 → 4");
    }
    site.run(&["check", "--since", "HEAD"]).success().assert_stdout().contains("- Level: 3 → 4").not_contains("Papers");
}

#[test]
fn check_since_in_json_is_one_changes_line_with_each_change_s_kind() {
    let mut site = Framework::new();
    site.repo.tag("v1");
    site.edit("content/roles/scientist.yaml", "target: 8 weeks", "target: 6 weeks").commit("Faster");
    site.write("content/roles/analyst.yaml", &small_role("analyst", "Analyst", "Counts."));
    let run = site.run(&["check", "--since", "v1", "--message-format", "json"]).success();
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains("\"reason\":\"changes\"")).collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(lines[0]).expect("one line of JSON");
    assert_eq!(json["reason"], "changes");
    assert_eq!(json["rev"], "v1");
    let roles = json["roles"].as_array().expect("roles");
    let role = |id: &str| roles.iter().find(|r| r["role"] == id).unwrap_or_else(|| panic!("no {id}: {json}"));
    assert_eq!(role("analyst")["event"]["kind"], "added");
    let change = &role("scientist")["changes"][0];
    assert_eq!(
        (change["kind"].as_str(), change["before"].as_str(), change["after"].as_str()),
        (Some("changed"), Some("8 weeks"), Some("6 weeks"))
    );
    assert_eq!(change["section"], "kpis");
    assert_eq!(json["commits"].as_array().map(Vec::len), Some(1));
}

#[test]
fn check_since_a_revision_that_does_not_exist_is_a_usage_error_naming_it() {
    let site = Framework::new();
    let run = site.run(&["check", "--since", "no-such-branch"]).fails_with(2);
    run.assert_stderr().contains("no-such-branch");
    assert!(run.stdout().is_empty() || !run.stdout().contains("Role changes"), "{}", run.stdout());
}

#[test]
fn a_site_in_a_subfolder_of_the_repository_reads_its_own_history() {
    let mut site = Framework::at("docs/careers/");
    site.repo.write("README.md", "The company's monorepo.\n").write("src/roles/main.yaml", "id: not-a-role\n");
    site.repo.commit("Code, not careers");
    let change = site.edit("content/roles/scientist.yaml", "level: 3", "level: 4").commit("Level up");
    site.build().assert_stdout().not_contains("history:");
    assert_listed(&site, &change, "Level up", &["Level: 3 → 4"]);
    let changes = site.page("changes/index.html");
    changes.contains("Add the research roles").not_contains("Code, not careers").not_contains("not-a-role");
    site.page("roles/scientist/index.html").contains("Last changed");
}

#[test]
fn a_hostile_commit_message_and_role_title_are_escaped_on_the_pages_and_in_the_feed() {
    let evil = "</script><img src=x onerror=alert(1)>";
    let mut site = Framework::new();
    site.edit("content/roles/scientist.yaml", "title: Research Scientist", &format!("title: \"Scientist {evil}\""))
        .commit(&format!("Retitle {evil}\n\nBody {evil} & more"));
    site.build();
    for rel in ["changes/index.html", "roles/scientist/history/index.html", "changes/feed.xml", "index.html"] {
        let page = site.page(rel);
        page.not_contains("<img").not_contains("</script><");
    }
    let escaped = "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;";
    site.page("changes/index.html")
        .contains(&format!("<h3 class=\"change-subject\">Retitle {escaped}</h3>"))
        .contains(&format!("<p class=\"change-body\">Body {escaped} &amp; more</p>"))
        .contains(&format!("<a href=\"/roles/scientist/\">Scientist {escaped}</a>"));
    site.page("roles/scientist/history/index.html").contains("&lt;img src=x onerror=alert(1)&gt;");
    let feed = site.page("changes/feed.xml");
    assert_well_formed(feed.text());
    feed.contains("<title>Retitle &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>")
        // The entry's HTML is escaped once as HTML and once more as XML.
        .contains("&amp;lt;img src=x onerror=alert(1)&amp;gt;");
}

#[test]
fn a_role_file_broken_for_one_commit_is_skipped_not_removed_and_added_again() {
    let mut site = Framework::new();
    let path = "content/roles/scientist.yaml";
    let before = site.edit(path, "target: 8 weeks", "target: 6 weeks").commit("Faster");
    site.write(path, "id: scientist\ntitle: [unclosed\n").commit("Break the scientist");
    site.write(path, &SCIENTIST.replace("target: 8 weeks", "target: 6 weeks")).commit("Mend the scientist");
    site.build();
    let changes = site.page("changes/index.html");
    changes.not_contains("Break the scientist").not_contains("Mend the scientist");
    changes.not_contains("<span class=\"meta\">removed</span>");
    // The history from before the break still belongs to the role of today.
    let (_, _, short) = site.stamp(&before);
    commit_entry(&site.page("roles/scientist/history/index.html"), &short).contains("target: 8 weeks → 6 weeks");
}
