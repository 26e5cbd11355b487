//! The framework's history as pages: `/changes/` (every commit that changed a role, by
//! release), one history page per role (`/roles/<id>/history/`), the "last changed" line
//! of a role page, the Atom feed of changes, the sitemap's dates, and the redirects that
//! keep a renamed role's old URLs alive.
//!
//! Input is a [`History`] made elsewhere ([`crate::history`]); nothing here reads git or
//! the clock, so the same history gives the same bytes. Every text that comes from a
//! commit or a role file is untrusted: templates escape it, and the feed escapes it by
//! hand ([`xml_text`]); values are shown as written, never as HTML. Which pages exist is
//! decided here ([`history_roles`], [`redirect_pages`], [`has_changes`]) and both the
//! renderer and the output claims use the same functions.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::compare::comparisons;
use crate::history::prose::{sentence_diff, SentenceEdit};
use crate::history::{Change, ChangeKind, CommitChanges, CommitInfo, History, Limit, RoleChanges, RoleEvent};
use crate::model::career::CareerGraph;
use crate::model::Catalog;
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, HistoryInput};
use crate::urls;

/// The framework's changes.
pub const CHANGES: &str = "/changes/";
/// The Atom feed of changes.
pub const CHANGES_FEED: &str = "/changes/feed.xml";
/// The history for programs ([`crate::render::api_changes`]).
pub const API_CHANGES: &str = "api/changes.json";
/// How many commits the feed holds: readers poll it, so it stays small.
pub const FEED_ENTRIES: usize = 50;

/// `/roles/<id>/history/`, from the role's own URL.
pub fn role_history(role_url: &str) -> String {
    format!("{role_url}history/")
}

/// Whether the site gets `/changes/`, its feed and the header link: when a commit
/// changed a role.
pub fn has_changes(history: &History) -> bool {
    !history.commits.is_empty()
}

/// The roles (indexes into the catalogue) that get a history page: the current roles some
/// commit changed, in catalogue order.
pub fn history_roles(history: &History, catalog: &Catalog) -> Vec<usize> {
    let changed: BTreeSet<&str> =
        history.commits.iter().flat_map(|c| &c.roles).filter_map(|r| r.current.as_deref()).collect();
    catalog.roles.iter().enumerate().filter(|(_, r)| changed.contains(r.id())).map(|(i, _)| i).collect()
}

/// An old URL of a renamed role, kept as a redirect to where the page is now.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RedirectPage {
    /// The site path no longer in use, e.g. `/roles/old/`.
    pub from_url: String,
    /// The site path it leads to.
    pub to_url: String,
    /// The old id the URL was made from.
    pub old_id: String,
    /// The role today (index into the catalogue).
    pub role: usize,
}

/// Every output URL that embeds a renamed role's old id, sorted by old URL: the role page,
/// its history page, and the comparisons it is part of (with each old id of either role).
pub fn redirect_pages(history: &History, catalog: &Catalog, graph: &CareerGraph) -> Vec<RedirectPage> {
    let index = role_index(catalog);
    let mut old_ids: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for redirect in &history.redirects {
        if let Some(&r) = index.get(redirect.to.as_str()) {
            if redirect.from != redirect.to {
                old_ids.entry(r).or_default().push(&redirect.from);
            }
        }
    }
    if old_ids.is_empty() {
        return Vec::new();
    }
    let with_history: BTreeSet<usize> = history_roles(history, catalog).into_iter().collect();
    let mut out = Vec::new();
    for (&r, olds) in &old_ids {
        let role = &catalog.roles[r];
        for old in olds {
            let redirect =
                |from_url: String, to_url: String| RedirectPage { from_url, to_url, old_id: old.to_string(), role: r };
            out.push(redirect(urls::role(old), role.url.clone()));
            if with_history.contains(&r) {
                out.push(redirect(role_history(&urls::role(old)), role_history(&role.url)));
            }
        }
    }
    for cmp in comparisons(catalog, graph) {
        let ids_of = |r: usize| {
            let mut ids = vec![catalog.roles[r].id()];
            ids.extend(old_ids.get(&r).into_iter().flatten().copied());
            ids
        };
        let (from_ids, to_ids) = (ids_of(cmp.from), ids_of(cmp.to));
        let to_url = cmp.url(catalog);
        for (n, from) in from_ids.iter().enumerate() {
            for (m, to) in to_ids.iter().enumerate() {
                if n == 0 && m == 0 {
                    continue;
                }
                let from_url = if cmp.step { urls::comparison(&urls::role(from), to) } else { urls::pair(from, to) };
                let (old_id, role) = if n > 0 { (*from, cmp.from) } else { (*to, cmp.to) };
                out.push(RedirectPage { from_url, to_url: to_url.clone(), old_id: old_id.to_string(), role });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn role_index(catalog: &Catalog) -> BTreeMap<&str, usize> {
    catalog.roles.iter().enumerate().map(|(i, r)| (r.id(), i)).collect()
}

/// The day of a commit time, in UTC: `2026-03-01`.
pub fn utc_date(time: i64) -> String {
    crate::date::Date::from_days_since_epoch(time.div_euclid(86_400)).to_string()
}

/// A commit time as RFC 3339 at the committer's offset: `2026-03-01T10:30:00+01:00`.
pub fn rfc3339(time: i64, offset: i32) -> String {
    let local = time + i64::from(offset);
    let day = crate::date::Date::from_days_since_epoch(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let (sign, off) = if offset < 0 { ('-', -i64::from(offset)) } else { ('+', i64::from(offset)) };
    format!(
        "{day}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        off / 3600,
        off / 60 % 60
    )
}

/// The anchor of a commit on `/changes/` and on a role's history page.
pub fn commit_anchor(commit: &CommitInfo) -> String {
    format!("c-{}", commit.short_id())
}

/// One change in words (see [`Change::line`]); the pages, the feed and the API say it
/// the same way `check --since` does.
pub fn change_text(change: &Change) -> String {
    change.line()
}

/// What happened to a role, after its title: `added`, `renamed from old-id`.
pub fn event_text(event: &RoleEvent) -> String {
    match event {
        RoleEvent::Added => "added".into(),
        RoleEvent::Removed => "removed".into(),
        RoleEvent::Renamed { from } => format!("renamed from {from}"),
        RoleEvent::Changed => "changed".into(),
    }
}

/// A commit as the pages show it.
#[derive(Serialize)]
pub struct CommitView<'a> {
    pub anchor: String,
    pub id: &'a str,
    pub short_id: &'a str,
    /// The day, in UTC.
    pub date: String,
    /// The time at the committer's offset, for `<time datetime>`.
    pub datetime: String,
    pub subject: &'a str,
    /// The body's paragraphs.
    pub body: Vec<String>,
    pub author: &'a str,
    /// The commit's entry on `/changes/`.
    pub changes_url: String,
    pub roles: Vec<RoleChangesView<'a>>,
}

/// What one commit did to one role.
#[derive(Serialize)]
pub struct RoleChangesView<'a> {
    pub title: &'a str,
    /// The role's page today; `None` for a role removed since.
    pub url: Option<String>,
    pub event: String,
    pub changes: Vec<ChangeView>,
}

/// One change as a line, with where it shows on the site.
#[derive(Serialize)]
pub struct ChangeView {
    pub text: String,
    pub url: Option<String>,
    /// For reworded prose on a role's history page: the sentences that changed, kept
    /// ones folded into `gap` markers.
    pub sentences: Vec<SentenceView>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct SentenceView {
    /// `removed`, `added` or `gap` (unchanged sentences left out).
    pub kind: &'static str,
    pub text: String,
}

/// The edits of reworded prose for a page: removed and added sentences, each run of kept
/// ones as one `gap`.
pub fn sentences(before: &str, after: &str) -> Vec<SentenceView> {
    fold_kept(sentence_diff(before, after))
}

fn fold_kept(edits: Vec<SentenceEdit>) -> Vec<SentenceView> {
    let mut out: Vec<SentenceView> = Vec::new();
    for edit in edits {
        let view = match edit {
            SentenceEdit::Kept(_) if out.last().is_some_and(|s| s.kind == "gap") => continue,
            SentenceEdit::Kept(_) => SentenceView { kind: "gap", text: String::new() },
            SentenceEdit::Removed(text) => SentenceView { kind: "removed", text },
            SentenceEdit::Added(text) => SentenceView { kind: "added", text },
        };
        out.push(view);
    }
    out
}

/// Makes the views of commits for one page, with links written for it.
struct Viewer<'d, 'a> {
    data: &'d EntityData<'a>,
    index: BTreeMap<&'a str, usize>,
    with_history: BTreeSet<usize>,
    /// On a role's history page: show the sentences of reworded prose.
    sentences: bool,
}

impl<'d, 'a> Viewer<'d, 'a> {
    fn new(data: &'d EntityData<'a>, history: &History, sentences: bool) -> Self {
        let with_history = history_roles(history, data.catalog).into_iter().collect();
        Viewer { data, index: role_index(data.catalog), with_history, sentences }
    }

    fn commit<'h>(&self, commit: &'h CommitChanges, roles: impl Iterator<Item = &'h RoleChanges>) -> CommitView<'h> {
        let info = &commit.commit;
        let anchor = commit_anchor(info);
        CommitView {
            changes_url: format!("{}#{anchor}", (self.data.href)(CHANGES)),
            anchor,
            id: &info.id,
            short_id: info.short_id(),
            date: utc_date(info.time),
            datetime: rfc3339(info.time, info.offset),
            subject: &info.subject,
            body: paragraphs(&info.body),
            author: &info.author,
            roles: roles.map(|r| self.role(info, r)).collect(),
        }
    }

    fn role<'h>(&self, commit: &CommitInfo, changes: &'h RoleChanges) -> RoleChangesView<'h> {
        let current = changes.current.as_deref().and_then(|id| self.index.get(id).copied());
        RoleChangesView {
            title: &changes.title,
            url: current.map(|r| (self.data.href)(&self.data.catalog.roles[r].url)),
            event: event_text(&changes.event),
            changes: changes.changes.iter().map(|c| self.change(commit, current, c)).collect(),
        }
    }

    fn change(&self, commit: &CommitInfo, current: Option<usize>, change: &Change) -> ChangeView {
        let sentences = match (self.sentences, change.kind, &change.before, &change.after) {
            (true, ChangeKind::Reworded, Some(before), Some(after)) => sentences(before, after),
            _ => Vec::new(),
        };
        ChangeView { text: change_text(change), url: current.map(|r| self.change_url(commit, r, change)), sentences }
    }

    /// Where a change shows: reworded prose at the commit's entry on the role's history
    /// page, anything else at its section of the role page (the top when the page no
    /// longer shows that section, or for a header field).
    fn change_url(&self, commit: &CommitInfo, r: usize, change: &Change) -> String {
        let role = &self.data.catalog.roles[r];
        // On the history page itself the sentences are shown right there.
        if change.kind == ChangeKind::Reworded && !self.sentences && self.with_history.contains(&r) {
            return format!("{}#{}", (self.data.href)(&role_history(&role.url)), commit_anchor(commit));
        }
        let page = (self.data.href)(&role.url);
        let section = change.section.as_deref().and_then(|key| self.data.shape.shown_for(role).find(|s| s.key == key));
        match section {
            Some(section) => format!("{page}#{}", section.id),
            None => page,
        }
    }
}

/// A commit body's paragraphs, each on one line.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines().map(str::trim).chain(std::iter::once("")) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    out
}

/// A release heading, or the heading of the commits no release holds yet.
#[derive(Serialize)]
pub struct ReleaseView<'a> {
    pub name: &'a str,
    pub anchor: String,
    pub unreleased: bool,
    pub date: Option<String>,
    pub datetime: Option<String>,
    pub message: Vec<String>,
}

#[derive(Serialize)]
pub struct GroupView<'a> {
    /// `None` when the site has no releases: the commits are one list.
    pub release: Option<ReleaseView<'a>>,
    pub commits: Vec<CommitView<'a>>,
}

/// The commits grouped for `/changes/`: unreleased ones first, then each release newest
/// first; one group without heading when there are no releases.
pub fn groups<'h>(data: &EntityData, history: &'h History) -> Vec<GroupView<'h>> {
    let viewer = Viewer::new(data, history, false);
    let commits_of = |release: Option<usize>| -> Vec<CommitView<'h>> {
        history.commits.iter().filter(|c| c.release == release).map(|c| viewer.commit(c, c.roles.iter())).collect()
    };
    if history.releases.is_empty() {
        let commits = history.commits.iter().map(|c| viewer.commit(c, c.roles.iter())).collect();
        return vec![GroupView { release: None, commits }];
    }
    let mut out = Vec::new();
    let unreleased = commits_of(None);
    if !unreleased.is_empty() {
        let heading = ReleaseView {
            name: "Unreleased",
            anchor: "unreleased".into(),
            unreleased: true,
            date: None,
            datetime: None,
            message: Vec::new(),
        };
        out.push(GroupView { release: Some(heading), commits: unreleased });
    }
    for (i, release) in history.releases.iter().enumerate() {
        let heading = ReleaseView {
            name: &release.name,
            anchor: format!("release-{}", crate::slug::slugify(&release.name)),
            unreleased: false,
            date: Some(utc_date(release.time)),
            datetime: Some(rfc3339(release.time, release.offset)),
            message: paragraphs(&release.message),
        };
        out.push(GroupView { release: Some(heading), commits: commits_of(Some(i)) });
    }
    out
}

/// `/changes/`.
pub fn changes_page(data: &EntityData, history: HistoryInput, url: &str) -> Page {
    let mut ctx = PageFrame::entity(data, "Changes", "What changed in the roles, and when.", url, Vec::new()).context();
    ctx.insert("groups", &groups(data, history.history));
    let shallow_since = match history.limit {
        Some(Limit::Shallow { since }) => Some(since.as_str()),
        _ => None,
    };
    ctx.insert("shallow_since", &shallow_since);
    ctx.insert("feed_url", &(data.href)(CHANGES_FEED));
    Page { template: "changes.html", ctx, what: "the changes page".into() }
}

/// `/roles/<id>/history/` of role `r`: every commit that changed it, newest first.
pub fn role_history_page(data: &EntityData, history: &History, url: &str, r: usize) -> Page {
    let role = &data.catalog.roles[r];
    let title = format!("History of {}", role.raw.title);
    let crumbs = vec![crumb(data, "Roles", urls::ROLES), crumb(data, &role.raw.title, &role.url)];
    let description = format!("What changed in the {} role, and when.", role.raw.title);
    let mut ctx = PageFrame::entity(data, &title, &description, url, crumbs).context();
    let viewer = Viewer::new(data, history, true);
    let id = role.id();
    let entries: Vec<CommitView> = history
        .commits
        .iter()
        .filter(|c| c.roles.iter().any(|rc| rc.current.as_deref() == Some(id)))
        .map(|c| viewer.commit(c, c.roles.iter().filter(|rc| rc.current.as_deref() == Some(id))))
        .collect();
    ctx.insert("entries", &entries);
    ctx.insert("role_url", &(data.href)(&role.url));
    ctx.insert("role_title", &role.raw.title);
    Page { template: "role_history.html", ctx, what: data.catalog.files[role.file].rel.clone() }
}

/// "Last changed" on a role page.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct LastChanged {
    pub date: String,
    pub datetime: String,
    /// The role's history page.
    pub url: String,
}

/// When role `r` last changed, with a link to its history; `None` without history.
pub fn last_changed(data: &EntityData, history: &History, r: usize) -> Option<LastChanged> {
    let role = &data.catalog.roles[r];
    let commit = history.commits.get(*history.last_changed.get(role.id())?)?;
    // The link needs the history page, which a role gets when a commit changed it: the
    // commit named here must be one of those.
    let listed = commit.roles.iter().any(|rc| rc.current.as_deref() == Some(role.id()));
    let commit = &commit.commit;
    listed.then(|| LastChanged {
        date: utc_date(commit.time),
        datetime: rfc3339(commit.time, commit.offset),
        url: (data.href)(&role_history(&role.url)),
    })
}

/// The sitemap's `lastmod` of the pages history dates, by site path: each role page and
/// history page (the day the role last changed) and `/changes/` (the newest commit's).
pub fn lastmod(history: &History, catalog: &Catalog) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(newest) = history.commits.first() else { return out };
    out.insert(CHANGES.to_string(), utc_date(newest.commit.time));
    let with_history: BTreeSet<usize> = history_roles(history, catalog).into_iter().collect();
    for (r, role) in catalog.roles.iter().enumerate() {
        let Some(commit) = history.last_changed.get(role.id()).and_then(|&c| history.commits.get(c)) else { continue };
        let day = utc_date(commit.commit.time);
        if with_history.contains(&r) {
            out.insert(role_history(&role.url), day.clone());
        }
        out.insert(role.url.clone(), day);
    }
    out
}

/// Text for XML: escaped, and without the control characters XML 1.0 cannot hold (a
/// commit message may carry any byte).
pub fn xml_text(text: &str) -> String {
    let allowed: String = text.chars().filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect();
    crate::escape::xml(&allowed)
}

/// A commit's role changes as HTML for the feed (absolute links: feed readers have no
/// base). Escaped here, and the whole escaped again by the caller for XML.
fn feed_content(data: &EntityData, commit: &CommitChanges) -> String {
    use crate::escape::html;
    let index = role_index(data.catalog);
    let mut out = String::new();
    for para in paragraphs(&commit.commit.body) {
        out.push_str(&format!("<p>{}</p>", html(&para)));
    }
    for role in &commit.roles {
        let url = role.current.as_deref().and_then(|id| index.get(id)).map(|&r| &data.catalog.roles[r].url);
        let title = match url {
            Some(url) => format!("<a href=\"{}\">{}</a>", html(&(data.permalink)(url)), html(&role.title)),
            None => html(&role.title),
        };
        out.push_str(&format!("<p><strong>{title}</strong> {}</p>", html(&event_text(&role.event))));
        if !role.changes.is_empty() {
            out.push_str("<ul>");
            for change in &role.changes {
                out.push_str(&format!("<li>{}</li>", html(&change_text(change))));
            }
            out.push_str("</ul>");
        }
    }
    out
}

/// `/changes/feed.xml`: an Atom feed, one entry per commit, newest first. Its `<updated>`
/// is the newest commit's time, so the same history makes the same feed.
pub fn feed(data: &EntityData, history: &History, site_title: &str) -> String {
    let page = (data.permalink)(CHANGES);
    let updated = history.commits.first().map_or_else(|| rfc3339(0, 0), |c| rfc3339(c.commit.time, c.commit.offset));
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <title>{}</title>\n", xml_text(&format!("{site_title}: changes"))));
    out.push_str(&format!("  <id>{}</id>\n", xml_text(&page)));
    let self_url = (data.permalink)(CHANGES_FEED);
    out.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", xml_text(&self_url)));
    out.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_text(&page)));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    for commit in history.commits.iter().take(FEED_ENTRIES) {
        let info = &commit.commit;
        let link = format!("{page}#{}", commit_anchor(info));
        let author = if info.author.trim().is_empty() { "unknown" } else { info.author.as_str() };
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_text(&info.subject)));
        out.push_str(&format!("    <id>{}</id>\n", xml_text(&format!("{page}#c-{}", info.id))));
        out.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_text(&link)));
        out.push_str(&format!("    <updated>{}</updated>\n", rfc3339(info.time, info.offset)));
        out.push_str(&format!("    <author><name>{}</name></author>\n", xml_text(author)));
        out.push_str(&format!("    <content type=\"html\">{}</content>\n", xml_text(&feed_content(data, commit))));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Redirect, Release};

    /// Hand-made histories: commits newest first, as [`History`] holds them.
    #[derive(Default)]
    struct Build {
        history: History,
    }

    fn info(id: &str, time: i64, subject: &str, body: &str) -> CommitInfo {
        let id = format!("{id:0<40}");
        CommitInfo { id, time, offset: 3600, author: "Ada".into(), subject: subject.into(), body: body.into() }
    }

    fn role(id: &str, current: Option<&str>, title: &str, event: RoleEvent, changes: Vec<Change>) -> RoleChanges {
        RoleChanges { role: id.into(), current: current.map(str::to_string), title: title.into(), event, changes }
    }

    fn change(
        section: Option<&str>,
        path: &[&str],
        kind: ChangeKind,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Change {
        Change {
            section: section.map(str::to_string),
            path: path.iter().map(|p| p.to_string()).collect(),
            kind,
            before: before.map(str::to_string),
            after: after.map(str::to_string),
        }
    }

    impl Build {
        /// Adds a commit older than those added before.
        fn commit(mut self, commit: CommitInfo, release: Option<usize>, roles: Vec<RoleChanges>) -> Self {
            let at = self.history.commits.len();
            for r in &roles {
                if let Some(current) = &r.current {
                    self.history.last_changed.entry(current.clone()).or_insert(at);
                }
            }
            self.history.commits.push(CommitChanges { commit, roles, release });
            self
        }
        fn release(mut self, name: &str, time: i64, message: &str) -> Self {
            let commit = "f".repeat(40);
            self.history.releases.push(Release { name: name.into(), commit, time, offset: 0, message: message.into() });
            self
        }
        fn redirect(mut self, from: &str, to: &str) -> Self {
            self.history.redirects.push(Redirect { from: from.into(), to: to.into() });
            self
        }
    }

    #[test]
    fn changes_read_as_lines() {
        let kpi = change(
            Some("kpis"),
            &["KPIs", "“Time to validated prototype”", "target"],
            ChangeKind::Changed,
            Some("8 weeks"),
            Some("6 weeks"),
        );
        assert_eq!(change_text(&kpi), "KPIs › “Time to validated prototype” › target: 8 weeks → 6 weeks");
        let added = change(
            Some("skills"),
            &["Technical skills", "Must have", "“Causal inference”"],
            ChangeKind::Added,
            None,
            Some("causal-inference"),
        );
        assert_eq!(change_text(&added), "Technical skills › Must have: “Causal inference” added");
        let reworded = change(Some("summary"), &["Summary"], ChangeKind::Reworded, Some("a"), Some("b"));
        assert_eq!(change_text(&reworded), "Summary reworded");
        let moved = change(
            Some("skills"),
            &["Technical skills", "“Causal inference”"],
            ChangeKind::Moved,
            Some("Good to have"),
            Some("Must have"),
        );
        assert_eq!(change_text(&moved), "Technical skills › “Causal inference” moved from Good to have to Must have");
        let bullet = change(
            Some("responsibilities"),
            &["Core Responsibilities", "Technical"],
            ChangeKind::Added,
            None,
            Some("Mentors juniors."),
        );
        assert_eq!(change_text(&bullet), "Core Responsibilities › Technical: “Mentors juniors.” added");
        let gone = change(None, &["Level name"], ChangeKind::Removed, Some("Senior"), None);
        assert_eq!(change_text(&gone), "Level name removed");
        let set = change(None, &["Level"], ChangeKind::Changed, None, Some("3"));
        assert_eq!(change_text(&set), "Level: — → 3");
    }

    #[test]
    fn long_values_are_cut_to_one_short_line() {
        let long = format!("first line\n\n{}", "word ".repeat(60));
        let shown = crate::history::value(&long);
        assert!(!shown.contains('\n'));
        assert_eq!(shown.chars().count(), crate::history::VALUE_CHARS);
        assert!(shown.starts_with("first line word") && shown.ends_with('…'), "{shown}");
    }

    #[test]
    fn commit_times_are_written_at_their_offset_and_dated_in_utc() {
        // 2026-03-01T23:30:00Z
        let t = 1_772_407_800;
        assert_eq!(rfc3339(t, 0), "2026-03-01T23:30:00+00:00");
        assert_eq!(rfc3339(t, 3600), "2026-03-02T00:30:00+01:00");
        assert_eq!(rfc3339(t, -(5 * 3600 + 1800)), "2026-03-01T18:00:00-05:30");
        assert_eq!(utc_date(t), "2026-03-01");
        assert_eq!(utc_date(-1), "1969-12-31");
    }

    #[test]
    fn a_body_becomes_paragraphs_each_on_one_line() {
        assert_eq!(paragraphs("a\nb\n\n\nc\n"), vec!["a b".to_string(), "c".to_string()]);
        assert!(paragraphs("").is_empty());
    }

    #[test]
    fn xml_text_escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(xml_text("a\u{1}b\u{b}c\td</x>&"), "abc\td&lt;/x&gt;&amp;");
    }

    #[test]
    fn kept_sentences_fold_into_one_gap_per_run() {
        let edits = vec![
            SentenceEdit::Kept("A.".into()),
            SentenceEdit::Kept("B.".into()),
            SentenceEdit::Removed("C.".into()),
            SentenceEdit::Added("D.".into()),
            SentenceEdit::Kept("E.".into()),
        ];
        let folded = fold_kept(edits);
        let kinds: Vec<(&str, &str)> = folded.iter().map(|s| (s.kind, s.text.as_str())).collect();
        assert_eq!(kinds, vec![("gap", ""), ("removed", "C."), ("added", "D."), ("gap", "")]);
    }

    // Rendering a real site with a hand-made history.

    use crate::output::{MemorySink, Sink};
    use crate::site::{load, Options, Site};

    const ROLE_A: &str = "id: alpha\nstub: true\ntitle: Alpha\nfamily: F\nlevel: 1\nscope: Does a.\n";
    const ROLE_B: &str = "id: beta\nstub: true\ntitle: Beta\nfamily: F\nlevel: 2\nscope: Does b.\n";

    fn small_site(extra: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = [
            ("rolebook.yaml", "title: Small\nbase_url: https://example.org/\n"),
            ("content/_index.md", "---\ntitle: Home\n---\nHi.\n"),
            ("content/about.md", "---\ntitle: About\n---\nAbout.\n"),
            ("content/roles/alpha.yaml", ROLE_A),
            ("content/roles/beta.yaml", ROLE_B),
        ];
        for (rel, text) in files.iter().chain(extra) {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// Loads the site at `root` and renders it as `build` does with `history` (claims, site
    /// context, render, link check); the files written, or the errors as text.
    fn render(
        root: &std::path::Path,
        history: History,
        limit: Option<Limit>,
        relative: bool,
    ) -> Result<BTreeMap<String, String>, Vec<String>> {
        let options =
            Options { root: root.to_path_buf(), no_cache: true, relative_urls: Some(relative), ..Default::default() };
        let mut site: Site = load(&options, &crate::highlight_cache::HighlightCache::off()).expect("the site loads");
        site.history = history;
        site.history_limit = limit;
        let mut diags = crate::diagnostics::Diagnostics::new();
        let model = crate::render::claims::Model {
            pages: &site.model.pages,
            catalog: &site.model.catalog,
            graph: &site.model.career,
            openings: &site.model.openings,
            theme: &site.theme,
            assets: &site.model.assets,
            has_code: false,
            relative_urls: relative,
            history: &site.history,
        };
        let claims = crate::render::claims::claim_all(&model, &mut diags);
        let errors: Vec<String> = diags.sorted().iter().map(|d| d.render()).collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut templates = std::mem::replace(&mut site.templates, crate::render::Templates::empty());
        site.with_views(|views, extras, _| crate::render::set_site_context(views, extras, &mut templates));
        site.templates = templates;
        let memory = MemorySink::default();
        let recorder = crate::check::links::Recorder::claimed(&memory, &claims);
        let rewrite = crate::output::relative::Relative::new(&recorder, &site.base.path);
        let sink: &dyn Sink = if relative { &rewrite } else { &recorder };
        let result =
            site.with_views(|views, extras, templates| crate::render::render_site(views, templates, extras, sink));
        let mut errors: Vec<String> = recorder.mistakes().iter().map(|d| d.render()).collect();
        if let Err(found) = result {
            errors.extend(found.iter().map(|d| d.render()));
        }
        let (pages, files) = recorder.finish();
        errors.extend(crate::check::links::check(&pages, &files, &site.base, "public").iter().map(|d| d.render()));
        let unwritten: Vec<String> = claims.paths().filter(|p| !files.contains(*p)).map(str::to_string).collect();
        errors.extend(unwritten.into_iter().map(|p| format!("claimed, never written: {p}")));
        if !errors.is_empty() {
            return Err(errors);
        }
        let files = memory.into_files();
        Ok(files.into_iter().map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned())).collect())
    }

    const DAY: i64 = 86_400;
    const T0: i64 = 1_772_000_000; // 2026-02-25

    /// Three commits over two roles, newest first: one unreleased, two in release v1.
    fn three_commits() -> Build {
        Build::default()
            .commit(
                info("ccc3333", T0 + 2 * DAY, "Beta: new KPI target", ""),
                None,
                vec![role(
                    "beta",
                    Some("beta"),
                    "Beta",
                    RoleEvent::Changed,
                    vec![change(
                        Some("kpis"),
                        &["KPIs", "“Ship”", "target"],
                        ChangeKind::Changed,
                        Some("8"),
                        Some("6"),
                    )],
                )],
            )
            .commit(
                info("bbb2222", T0 + DAY, "Reword Alpha", "Why:\nclearer.\n\nSecond paragraph."),
                Some(0),
                vec![role(
                    "alpha",
                    Some("alpha"),
                    "Alpha",
                    RoleEvent::Changed,
                    vec![change(Some("summary"), &["Summary"], ChangeKind::Reworded, Some("Old."), Some("New."))],
                )],
            )
            .commit(
                info("aaa1111", T0, "Add roles", ""),
                Some(0),
                vec![
                    role("alpha", Some("alpha"), "Alpha", RoleEvent::Added, Vec::new()),
                    role("gone", None, "Gone", RoleEvent::Added, Vec::new()),
                ],
            )
            .release("framework-v1", T0 + DAY + 60, "First release.")
    }

    fn position(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap_or_else(|| panic!("`{needle}` not found in:\n{text}"))
    }

    #[test]
    fn the_changes_page_groups_unreleased_then_releases_newest_first() {
        let site = small_site(&[]);
        let history = three_commits().release("framework-v0", T0 - DAY, "").history;
        let files = render(site.path(), history, None, false).expect("renders");
        let page = &files["changes/index.html"];
        let unreleased = position(page, "id=\"unreleased\"");
        let release = position(page, "id=\"release-framework-v1\"");
        let (c3, c2, c1) = (
            position(page, "id=\"c-ccc3333\""),
            position(page, "id=\"c-bbb2222\""),
            position(page, "id=\"c-aaa1111\""),
        );
        assert!(unreleased < c3 && c3 < release && release < c2 && c2 < c1, "{page}");
        assert!(page.contains("First release."));
        // A release that changed no role still has its heading.
        assert!(position(page, "id=\"release-framework-v0\"") < position(page, "No role changed in this release."));
        assert!(c1 < position(page, "id=\"release-framework-v0\""));
        assert!(page.contains("<p class=\"change-body\">Why: clearer.</p>"), "{page}");
        assert!(page.contains("<time datetime=\"2026-02-27T07:13:20+01:00\">2026-02-27</time>"), "{page}");
        // A role removed since is named without a link; a current one links to its page.
        assert!(page.contains("Gone <span class=\"meta\">added</span>"), "{page}");
        assert!(page.contains("<a href=\"/roles/alpha/\">Alpha</a> <span class=\"meta\">added</span>"), "{page}");
        // Stub roles show no sections: the change links to the role's top.
        assert!(page.contains("<a href=\"/roles/beta/\">KPIs › “Ship” › target: 8 → 6</a>"), "{page}");
        // Reworded prose links to the commit on the role's history page.
        assert!(page.contains("<a href=\"/roles/alpha/history/#c-bbb2222\">Summary reworded</a>"), "{page}");
    }

    #[test]
    fn without_releases_there_are_no_release_headings() {
        let mut history = three_commits().history;
        history.releases.clear();
        history.commits.iter_mut().for_each(|c| c.release = None);
        let site = small_site(&[]);
        let files = render(site.path(), history, None, false).expect("renders");
        let page = &files["changes/index.html"];
        assert!(!page.contains("Unreleased") && !page.contains("<h2"), "{page}");
        assert!(position(page, "c-ccc3333") < position(page, "c-aaa1111"));
    }

    #[test]
    fn role_history_pages_list_each_role_s_commits_newest_first() {
        let site = small_site(&[]);
        let files = render(site.path(), three_commits().history, None, false).expect("renders");
        let alpha = &files["roles/alpha/history/index.html"];
        assert!(position(alpha, "id=\"c-bbb2222\"") < position(alpha, "id=\"c-aaa1111\""));
        assert!(!alpha.contains("c-ccc3333") && !alpha.contains("Gone"), "{alpha}");
        assert!(alpha.contains("href=\"/changes/#c-bbb2222\""), "{alpha}");
        assert!(files.contains_key("roles/beta/history/index.html"));
        assert!(!files.contains_key("roles/gone/history/index.html"));
        // The role page says when it last changed and links its history.
        let role = &files["roles/alpha/index.html"];
        assert!(
            role.contains("Last changed <time datetime=\"2026-02-26T07:13:20+01:00\">2026-02-26</time> · <a href=\"/roles/alpha/history/\">History</a>"),
            "{role}"
        );
    }

    #[test]
    fn the_head_and_header_link_the_changes_only_while_there_are_commits() {
        let site = small_site(&[]);
        let with = render(site.path(), three_commits().history, None, false).expect("renders");
        let about = &with["about/index.html"];
        assert!(about.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Small changes\" href=\"/changes/feed.xml\">"
        ));
        assert!(about.contains("<a href=\"/changes/\">Changes</a>"), "{about}");
        let without = render(site.path(), History::default(), Some(Limit::NotInGit), false).expect("renders");
        assert!(!without.keys().any(|p| p.starts_with("changes/") || p.contains("/history/")), "{:?}", without.keys());
        let about = &without["about/index.html"];
        assert!(!about.contains("changes/feed.xml") && !about.contains(">Changes<"), "{about}");
        assert!(!without["roles/alpha/index.html"].contains("Last changed"));
    }

    #[test]
    fn hostile_commit_and_role_text_is_escaped_everywhere() {
        let evil = "</script><img src=x onerror=alert(1)>";
        let history = Build::default()
            .commit(
                info("ddd4444", T0, evil, evil),
                None,
                vec![role(
                    "alpha",
                    Some("alpha"),
                    evil,
                    RoleEvent::Renamed { from: evil.into() },
                    vec![change(Some("kpis"), &[evil], ChangeKind::Changed, Some(evil), Some("<b>x</b>"))],
                )],
            )
            .history;
        let site = small_site(&[]);
        let files = render(site.path(), history, None, false).expect("renders");
        for path in ["changes/index.html", "roles/alpha/history/index.html", "changes/feed.xml"] {
            let text = &files[path];
            assert!(!text.contains("<img") && !text.contains("</script><") && !text.contains("<b>"), "{path}: {text}");
            assert!(text.contains("&lt;img src=x onerror=alert(1)&gt;"), "{path}: {text}");
        }
    }

    /// Every tag of `xml` opened and closed in order, with nothing outside the root: enough
    /// to catch a feed made unreadable by text that was not escaped.
    fn well_formed(xml: &str) -> Result<(), String> {
        let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n").ok_or("no declaration")?;
        let mut open: Vec<String> = Vec::new();
        let mut rest = body;
        let mut roots = 0;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            if open.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text:?}"));
            }
            check_entities(text)?;
            let end = rest[start..].find('>').ok_or("an unclosed tag")? + start;
            let tag = &rest[start + 1..end];
            if tag.contains('<') {
                return Err(format!("`<` inside a tag: {tag}"));
            }
            if let Some(name) = tag.strip_prefix('/') {
                if open.pop().as_deref() != Some(name) {
                    return Err(format!("`</{name}>` closes nothing open"));
                }
            } else {
                if open.is_empty() {
                    roots += 1;
                }
                let name = tag.split_whitespace().next().unwrap_or("").trim_end_matches('/').to_string();
                if !tag.ends_with('/') {
                    open.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        if !open.is_empty() || roots != 1 || !rest.trim().is_empty() {
            return Err(format!("unclosed {open:?}, {roots} roots"));
        }
        Ok(())
    }

    fn check_entities(text: &str) -> Result<(), String> {
        for (i, _) in text.match_indices('&') {
            let name = text[i + 1..].split(';').next().unwrap_or("");
            let known = ["amp", "lt", "gt", "quot", "#39"].contains(&name);
            if !known {
                return Err(format!("a bare `&` or unknown entity at {:?}", &text[i..]));
            }
        }
        if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            return Err("a control character".into());
        }
        Ok(())
    }

    #[test]
    fn the_minimal_xml_check_rejects_broken_feeds() {
        assert!(well_formed("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a><b/>x &amp; y</a>\n").is_ok());
        assert!(well_formed("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a>x & y</a>\n").is_err());
        assert!(well_formed("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a><b></a>\n").is_err());
        assert!(well_formed("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a>\u{1}</a>\n").is_err());
    }

    #[test]
    fn the_feed_has_one_entry_per_commit_and_is_dated_by_the_newest() {
        let mut build = three_commits();
        build.history.commits[0].commit.subject = "Tab\there & <now> \u{1b}[31m".into();
        let site = small_site(&[]);
        let files = render(site.path(), build.history, None, false).expect("renders");
        let feed = &files["changes/feed.xml"];
        well_formed(feed).unwrap_or_else(|e| panic!("{e}:\n{feed}"));
        assert_eq!(feed.matches("<entry>").count(), 3);
        let head = &feed[..position(feed, "<entry>")];
        assert!(head.contains("<title>Small: changes</title>"), "{head}");
        assert!(head.contains("<id>https://example.org/changes/</id>"), "{head}");
        assert!(head.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/changes/feed.xml\"/>"
        ));
        assert!(head.contains("<updated>2026-02-27T07:13:20+01:00</updated>"), "{head}");
        let first = &feed[position(feed, "<entry>")..];
        assert!(first.contains("<title>Tab\there &amp; &lt;now&gt; [31m</title>"), "{first}");
        assert!(first.contains(&format!("<id>https://example.org/changes/#c-{:0<40}</id>", "ccc3333")), "{first}");
        assert!(first.contains("href=\"https://example.org/changes/#c-ccc3333\""), "{first}");
        assert!(first.contains("KPIs › “Ship” › target: 8 → 6"), "{first}");
        assert!(position(feed, "c-ccc3333") < position(feed, "c-aaa1111"));
    }

    #[test]
    fn the_api_lists_commits_with_their_role_changes_and_release() {
        let site = small_site(&[]);
        let files = render(site.path(), three_commits().history, None, false).expect("renders");
        let json: serde_json::Value = serde_json::from_str(&files["api/changes.json"]).expect("valid JSON");
        assert_eq!(json["version"], 1);
        assert_eq!(json["releases"][0]["name"], "framework-v1");
        let commits = json["commits"].as_array().expect("a list");
        assert_eq!(commits.len(), 3);
        assert_eq!(commits[0]["release"], serde_json::Value::Null);
        assert_eq!(commits[1]["release"], "framework-v1");
        assert_eq!(commits[0]["url"], "https://example.org/changes/#c-ccc3333");
        let beta = &commits[0]["roles"][0];
        assert_eq!(beta["url"], "https://example.org/roles/beta/");
        assert_eq!(beta["event"]["kind"], "changed");
        assert_eq!(beta["changes"][0]["kind"], "changed");
        assert_eq!(beta["changes"][0]["after"], "6");
        assert_eq!(beta["changes"][0]["text"], "KPIs › “Ship” › target: 8 → 6");
        assert_eq!(commits[2]["roles"][1]["current"], serde_json::Value::Null);
        let none = render(site.path(), History::default(), None, false).expect("renders");
        assert!(!none.contains_key("api/changes.json"));
    }

    #[test]
    fn the_feed_holds_at_most_fifty_commits() {
        let mut build = Build::default();
        for n in 0..(FEED_ENTRIES + 5) {
            let r = vec![role("alpha", Some("alpha"), "Alpha", RoleEvent::Changed, Vec::new())];
            build = build.commit(info(&format!("{n:07x}"), T0 - n as i64 * DAY, "c", ""), None, r);
        }
        let site = small_site(&[]);
        let files = render(site.path(), build.history, None, false).expect("renders");
        assert_eq!(files["changes/feed.xml"].matches("<entry>").count(), FEED_ENTRIES);
        assert!(files["changes/index.html"].contains(&format!("c-{:07x}", FEED_ENTRIES + 4)));
    }

    #[test]
    fn the_sitemap_dates_roles_history_pages_and_the_changes_from_commits() {
        let site = small_site(&[]);
        let files = render(site.path(), three_commits().history, None, false).expect("renders");
        let sitemap = &files["sitemap.xml"];
        let lastmod = |url: &str| {
            let at = position(sitemap, &format!("<loc>https://example.org{url}</loc>"));
            let entry = &sitemap[at..at + sitemap[at..].find("</url>").unwrap()];
            entry.split("<lastmod>").nth(1).map(|d| d[..10].to_string())
        };
        assert_eq!(lastmod("/roles/alpha/").as_deref(), Some("2026-02-26"));
        assert_eq!(lastmod("/roles/alpha/history/").as_deref(), Some("2026-02-26"));
        assert_eq!(lastmod("/roles/beta/").as_deref(), Some("2026-02-27"));
        assert_eq!(lastmod("/changes/").as_deref(), Some("2026-02-27"));
        assert_eq!(lastmod("/about/"), None);
        assert_eq!(lastmod("/roles/"), None);
    }

    #[test]
    fn a_shallow_clone_is_said_on_the_changes_page() {
        let site = small_site(&[]);
        let limit = Some(Limit::Shallow { since: "2026-02-20".into() });
        let files = render(site.path(), three_commits().history, limit, false).expect("renders");
        assert!(files["changes/index.html"].contains("Changes before 2026-02-20 are not shown"));
        let full = render(site.path(), three_commits().history, None, false).expect("renders");
        assert!(!full["changes/index.html"].contains("shallow"));
    }

    fn renamed() -> History {
        Build::default()
            .commit(
                info("eee5555", T0, "Rename", ""),
                None,
                vec![role("alpha", Some("alpha"), "Alpha", RoleEvent::Renamed { from: "first".into() }, Vec::new())],
            )
            .redirect("first", "alpha")
            .history
    }

    #[test]
    fn old_role_urls_redirect_to_the_role_today() {
        let site = small_site(&[]);
        let files = render(site.path(), renamed(), None, false).expect("renders");
        let old = &files["roles/first/index.html"];
        assert!(
            old.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/roles/alpha/\">"),
            "{old}"
        );
        let old_history = &files["roles/first/history/index.html"];
        assert!(old_history.contains("url=https://example.org/roles/alpha/history/"), "{old_history}");
        assert!(files["changes/index.html"].contains("renamed from first"));
    }

    #[test]
    fn every_new_page_and_link_works_with_relative_urls() {
        let site = small_site(&[]);
        let files = render(site.path(), three_commits().history, None, true).expect("the link check passes");
        let page = &files["changes/index.html"];
        assert!(page.contains("href=\"../roles/alpha/history/index.html#c-bbb2222\""), "{page}");
        let history = &files["roles/alpha/history/index.html"];
        assert!(history.contains("href=\"../../../changes/index.html#c-bbb2222\""), "{history}");
        assert!(files["about/index.html"].contains("href=\"../changes/feed.xml\""));
        let renamed = render(site.path(), renamed(), None, true).expect("the link check passes");
        assert!(renamed.contains_key("roles/first/index.html"));
    }

    #[test]
    fn a_redirect_onto_an_existing_output_is_an_error_at_the_role() {
        let alias = ("content/old.md", "---\ntitle: Old\naliases: [/roles/first/]\n---\nOld.\n");
        let site = small_site(&[alias]);
        let errors = render(site.path(), renamed(), None, false).expect_err("a collision");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("content/roles/alpha.yaml:1:5: error[output-collision]: the redirect from the old id `first` of role `alpha` would replace the alias `/roles/first/`"),
            "{errors:?}"
        );
        // An old id that is a role today never replaces that role's page.
        let taken = Build::default()
            .commit(
                info("eee5555", T0, "Rename", ""),
                None,
                vec![role("alpha", Some("alpha"), "Alpha", RoleEvent::Changed, Vec::new())],
            )
            .redirect("beta", "alpha")
            .history;
        let errors = render(small_site(&[]).path(), taken, None, false).expect_err("a collision");
        assert!(errors.iter().any(|e| e.contains("would replace the page of role `beta`")), "{errors:?}");
    }

    #[test]
    fn a_content_page_at_changes_is_refused_once_there_are_changes() {
        let site = small_site(&[("content/changes.md", "---\ntitle: Our changes\n---\nX.\n")]);
        render(site.path(), History::default(), None, false).expect("without history the URL is the site's");
        let errors = render(site.path(), three_commits().history, None, false).expect_err("a collision");
        assert!(errors[0].contains("content/changes.md:1:1: error[url-collision]"), "{errors:?}");
    }

    #[test]
    fn on_the_bundled_site_changes_link_their_section_and_comparisons_keep_old_urls() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let history = Build::default()
            .commit(
                info("fff6666", T0, "Targets", ""),
                None,
                vec![role(
                    "research-scientist",
                    Some("research-scientist"),
                    "Research Scientist",
                    RoleEvent::Renamed { from: "scientist".into() },
                    vec![change(Some("kpis"), &["KPIs", "“x”", "target"], ChangeKind::Changed, Some("1"), Some("2"))],
                )],
            )
            .redirect("scientist", "research-scientist")
            .redirect("senior", "senior-research-scientist")
            .history;
        let files = render(root, history, None, false).expect("renders with every link working");
        let page = &files["changes/index.html"];
        assert!(page.contains("href=\"/careers/roles/research-scientist/#kpis\""), "{page}");
        let step = "roles/research-scientist/next/senior-research-scientist/index.html";
        assert!(files.contains_key(step), "the bundled site has this comparison");
        let old = &files["roles/scientist/next/senior-research-scientist/index.html"];
        assert!(
            old.contains("url=https://example.org/careers/roles/research-scientist/next/senior-research-scientist/")
        );
        // A comparison into a renamed role, and one between two renamed roles.
        for old in ["roles/research-scientist/next/senior/", "roles/scientist/next/senior/"] {
            let page = &files[&format!("{old}index.html")];
            assert!(page
                .contains("url=https://example.org/careers/roles/research-scientist/next/senior-research-scientist/"));
        }
    }
}
