//! Job openings as pages: one page per opening (open or closed), `/openings/` with the open
//! ones by role family, static filter lists by family and by country (no script needed),
//! the Atom feed, the sitemap's entries for them, and the open positions a role page lists.
//!
//! A closed opening keeps its page, marked closed and not indexed, and is left out of every
//! list, the feed and the sitemap. Which pages exist is decided once here ([`pages`]); the
//! renderer renders and the output claims reserve exactly those.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::compare::Comparison;
use crate::content::role::{List, Md};
use crate::diagnostics::Diagnostics;
use crate::markdown::resolve::{Resolver, Source};
use crate::model::openings::{Country, Opening, Openings, Salary};
use crate::model::Catalog;
use crate::render::frame::{crumb, Page, PageFrame};
use crate::render::input::{EntityData, EntityLink};
use crate::render::text::plain_text;
use crate::urls;

/// How many responsibilities and skills an opening's page repeats from the blueprint.
const ESSENTIALS: usize = 5;

/// One page of the openings.
pub struct OpeningsPage {
    pub kind: OpeningsKind,
    /// Its site path.
    pub url: String,
}

pub enum OpeningsKind {
    /// `/openings/`: every open position.
    Index,
    /// `/openings/teams/<slug>/`: the open positions of one role family.
    Team { family: String },
    /// `/openings/countries/<cc>/`: the open positions one can take in a country.
    Country(Country),
    /// `/openings/<id>/`: opening `i` of [`Openings::list`].
    Opening(usize),
}

/// Every page of the openings: none when the site has no opening, else the list, one
/// page per opening, and a filter list per family and per country of the open ones.
pub fn pages(openings: &Openings, catalog: &Catalog) -> Vec<OpeningsPage> {
    if openings.list.is_empty() {
        return Vec::new();
    }
    let mut out = vec![OpeningsPage { kind: OpeningsKind::Index, url: urls::OPENINGS.into() }];
    let mut teams: BTreeMap<String, String> = BTreeMap::new();
    let mut countries: BTreeSet<Country> = BTreeSet::new();
    for opening in openings.open() {
        if let Some(family) = family(opening, catalog) {
            teams.entry(team_slug(family)).or_insert_with(|| family.to_string());
        }
        countries.extend(opening.countries());
    }
    for (slug, family) in teams {
        out.push(OpeningsPage { kind: OpeningsKind::Team { family }, url: urls::openings_team(&slug) });
    }
    for country in countries {
        out.push(OpeningsPage { kind: OpeningsKind::Country(country), url: urls::openings_country(country.code()) });
    }
    for (i, opening) in openings.list.iter().enumerate() {
        out.push(OpeningsPage { kind: OpeningsKind::Opening(i), url: opening.url.clone() });
    }
    out
}

/// The slug of a family's filter list; families that slugify alike share one.
fn team_slug(family: &str) -> String {
    let slug = crate::slug::slugify(family);
    if slug.is_empty() {
        "other".into()
    } else {
        slug
    }
}

fn family<'c>(opening: &Opening, catalog: &'c Catalog) -> Option<&'c str> {
    opening.role.map(|r| catalog.roles[r].raw.family.as_str())
}

/// Each opening's description rendered the way role prose is (links resolved, problems at
/// their place in the opening's file), as a block of HTML.
pub fn descriptions(openings: &Openings, resolver: &Resolver, diagnostics: &mut Diagnostics) -> Vec<String> {
    openings
        .list
        .iter()
        .map(|opening| {
            let file = &openings.files[opening.file];
            let source = Source { file: &file.rel, content_rel: &file.content_rel, text: &file.text };
            let md = &opening.raw.description;
            let mut found = Vec::new();
            let html = resolver.markdown(md.as_str(), md.pos(), &source, &mut found);
            found.into_iter().for_each(|d| diagnostics.push(d));
            as_block(html)
        })
        .collect()
}

/// Rendered prose as a block: a single paragraph comes back unwrapped, so it is wrapped
/// again in `<p>`.
pub fn as_block(html: String) -> String {
    let start = html.trim_start();
    let is_block = ["<p>", "<p ", "<ul", "<ol", "<h", "<div", "<blockquote", "<pre", "<table", "<dl"]
        .iter()
        .any(|tag| start.starts_with(tag));
    if is_block || html.trim().is_empty() {
        html
    } else {
        format!("<p>{html}</p>")
    }
}

/// `60,000`, `42.50`: an amount of money with thousands separated.
pub fn amount(value: f64) -> String {
    let cents = (value * 100.0).round() as i64;
    let (whole, fraction) = (cents / 100, cents % 100);
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if whole < 0 { "-" } else { "" };
    if fraction == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{:02}", fraction.abs())
    }
}

/// `EUR 60,000–80,000 per year`.
pub fn pay(salary: &Salary) -> String {
    let range = if salary.min == salary.max {
        amount(salary.min)
    } else {
        format!("{}–{}", amount(salary.min), amount(salary.max))
    };
    format!("{} {range} per {}", salary.currency, salary.unit.as_str())
}

/// Where the work is, in one line: `Berlin, Germany · Remote (Germany, France)`.
pub fn place(opening: &Opening) -> String {
    let mut parts: Vec<String> = opening.locations.iter().map(|l| l.label()).collect();
    if opening.is_remote() {
        let names: Vec<&str> = opening.remote_countries.iter().map(|c| c.name()).collect();
        parts.push(format!("Remote ({})", names.join(", ")));
    }
    parts.join(" · ")
}

fn employment(opening: &Opening) -> Vec<&'static str> {
    opening.employment_types.iter().map(|t| t.label()).collect()
}

/// A row of a list of openings.
#[derive(Serialize)]
struct Row<'a> {
    title: &'a str,
    url: String,
    place: String,
    employment: String,
    pay: Option<String>,
    posted: String,
}

#[derive(Serialize)]
struct Group<'a> {
    family: &'a str,
    url: String,
    rows: Vec<Row<'a>>,
}

/// An entry of the filter navigation.
#[derive(Serialize)]
struct Filter {
    title: String,
    url: String,
    count: usize,
    current: bool,
}

/// The open openings, newest first, then by id.
fn open_newest_first(openings: &Openings) -> Vec<(usize, &Opening)> {
    let mut open: Vec<(usize, &Opening)> = openings.list.iter().enumerate().filter(|(_, o)| o.is_open()).collect();
    open.sort_by(|(_, a), (_, b)| b.date_posted.cmp(&a.date_posted).then_with(|| a.id.cmp(&b.id)));
    open
}

/// A list page: `/openings/`, or one of its filtered lists.
fn list_page(data: &EntityData, url: &str, kind: &OpeningsKind) -> Page {
    let openings = data.openings.openings;
    let catalog = data.catalog;
    let open = open_newest_first(openings);
    let keep = |o: &Opening| match kind {
        OpeningsKind::Team { family: f } => family(o, catalog).is_some_and(|fam| team_slug(fam) == team_slug(f)),
        OpeningsKind::Country(c) => o.countries().contains(c),
        _ => true,
    };
    let mut groups: BTreeMap<&str, Vec<Row>> = BTreeMap::new();
    for (_, o) in open.iter().filter(|(_, o)| keep(o)) {
        groups.entry(family(o, catalog).unwrap_or("Other")).or_default().push(Row {
            title: &o.title,
            url: (data.href)(&o.url),
            place: place(o),
            employment: employment(o).join(", "),
            pay: o.salary.as_ref().map(pay),
            posted: o.date_posted.to_string(),
        });
    }
    let groups: Vec<Group> = groups
        .into_iter()
        .map(|(family, rows)| Group { family, url: (data.href)(&urls::openings_team(&team_slug(family))), rows })
        .collect();
    let mut teams: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut countries: BTreeMap<Country, usize> = BTreeMap::new();
    for (_, o) in &open {
        if let Some(f) = family(o, catalog) {
            teams.entry(team_slug(f)).or_insert_with(|| (f.to_string(), 0)).1 += 1;
        }
        for c in o.countries() {
            *countries.entry(c).or_default() += 1;
        }
    }
    let team_filters: Vec<Filter> = teams
        .into_iter()
        .map(|(slug, (title, count))| {
            let url = urls::openings_team(&slug);
            Filter { title, current: url == url_of(kind), url: (data.href)(&url), count }
        })
        .collect();
    let mut country_filters: Vec<Filter> = countries
        .into_iter()
        .map(|(c, count)| {
            let url = urls::openings_country(c.code());
            Filter { title: c.name().into(), current: url == url_of(kind), url: (data.href)(&url), count }
        })
        .collect();
    country_filters.sort_by(|a, b| a.title.cmp(&b.title));
    let (title, filter) = match kind {
        OpeningsKind::Team { family } => (format!("Open positions: {family}"), Some(family.clone())),
        OpeningsKind::Country(c) => (format!("Open positions in {}", c.name()), Some(c.name().to_string())),
        _ => ("Open positions".to_string(), None),
    };
    let description = match &data.openings.organization {
        Some(org) => format!("Open positions at {}", org.name),
        None => "Open positions".into(),
    };
    let crumbs = if filter.is_some() { vec![crumb(data, "Openings", urls::OPENINGS)] } else { Vec::new() };
    let mut ctx = PageFrame::entity(data, &title, &description, url, crumbs).context();
    ctx.insert("groups", &groups);
    ctx.insert("count", &groups.iter().map(|g| g.rows.len()).sum::<usize>());
    ctx.insert("any_open", &!open.is_empty());
    ctx.insert("filter", &filter);
    ctx.insert("teams", &team_filters);
    ctx.insert("countries", &country_filters);
    ctx.insert("all_url", &(data.href)(urls::OPENINGS));
    ctx.insert("feed_url", &(data.href)(urls::OPENINGS_FEED));
    Page { template: "openings.html", ctx, what: "the list of openings".into() }
}

/// The site path of a list page, for marking the current filter.
fn url_of(kind: &OpeningsKind) -> String {
    match kind {
        OpeningsKind::Team { family } => urls::openings_team(&team_slug(family)),
        OpeningsKind::Country(c) => urls::openings_country(c.code()),
        _ => urls::OPENINGS.into(),
    }
}

/// A role that leads to the opening's role, with the page comparing the two.
#[derive(Serialize)]
struct FromRole<'a> {
    title: &'a str,
    url: String,
    compare_url: String,
}

/// What the opening's page repeats of the role's blueprint.
#[derive(Serialize)]
struct Essentials<'a> {
    title: &'a str,
    url: String,
    summary: Option<&'a str>,
    responsibilities: Vec<&'a str>,
    skills: Vec<EntityLink<'a>>,
    from_roles: Vec<FromRole<'a>>,
}

#[derive(Serialize)]
struct OpeningView<'a> {
    id: &'a str,
    title: &'a str,
    open: bool,
    family: Option<&'a str>,
    locations: Vec<String>,
    /// Country names remote applicants may live in.
    remote: Vec<&'static str>,
    employment: Vec<&'static str>,
    pay: Option<String>,
    posted: String,
    apply_by: Option<String>,
    /// Only while the opening is open.
    apply_url: Option<&'a str>,
    description: &'a str,
    role: Option<Essentials<'a>>,
}

/// The responsibilities of a role, the blueprint's lists in order.
pub fn responsibilities(raw: &crate::content::role::RawRole) -> Vec<&List<Md>> {
    match &raw.responsibilities {
        Some(r) => vec![&r.strategic, &r.operational, &r.technical, &r.cross_functional, &r.governance, &r.leadership],
        None => Vec::new(),
    }
}

fn essentials<'a>(data: &'a EntityData, r: usize) -> Essentials<'a> {
    let catalog = data.catalog;
    let role = &catalog.roles[r];
    let prose = &data.roles[r].prose;
    let summary = role.raw.summary.as_ref().map(|s| prose.html(&s.description)).or_else(|| prose.opt(&role.raw.scope));
    let responsibilities: Vec<&str> =
        responsibilities(&role.raw).into_iter().flat_map(|list| prose.items(list)).take(ESSENTIALS).collect();
    let skills: Vec<EntityLink> = role
        .raw
        .skills
        .iter()
        .flat_map(|s| &s.must_have.items)
        .filter_map(|need| catalog.skill_ids.get(need.skill.as_str()).map(|&s| &catalog.skills[s]))
        .take(ESSENTIALS)
        .map(|skill| EntityLink { name: &skill.raw.name, url: (data.href)(&skill.url) })
        .collect();
    // A comparison page exists for each declared step between written roles.
    let from_roles: Vec<FromRole> = data
        .graph
        .feeders_of(r)
        .filter(|&f| !catalog.roles[f].is_stub() && !role.is_stub())
        .filter(|&f| data.graph.next_of(f).any(|to| to == r))
        .map(|f| FromRole {
            title: &catalog.roles[f].raw.title,
            url: (data.href)(&catalog.roles[f].url),
            compare_url: (data.href)(&Comparison { from: f, to: r, step: true }.url(catalog)),
        })
        .collect();
    Essentials { title: &role.raw.title, url: (data.href)(&role.url), summary, responsibilities, skills, from_roles }
}

/// The page of opening `i`.
fn opening_page(data: &EntityData, url: &str, i: usize) -> Page {
    let openings = data.openings.openings;
    let opening = &openings.list[i];
    let description_html = data.openings.descriptions.get(i).map_or("", String::as_str);
    let open = opening.is_open();
    let view = OpeningView {
        id: &opening.id,
        title: &opening.title,
        open,
        family: family(opening, data.catalog),
        locations: opening.locations.iter().map(|l| l.label()).collect(),
        remote: opening.remote_countries.iter().map(|c| c.name()).collect(),
        employment: employment(opening),
        pay: opening.salary.as_ref().map(pay),
        posted: opening.date_posted.to_string(),
        apply_by: opening.valid_through.map(|d| d.to_string()),
        apply_url: open.then_some(opening.raw.apply_url.value.trim()),
        description: description_html,
        role: opening.role.map(|r| essentials(data, r)),
    };
    let plain = plain_text(description_html);
    let description: String = plain.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(160).collect();
    let crumbs = vec![crumb(data, "Openings", urls::OPENINGS)];
    let mut ctx = PageFrame::entity(data, &opening.title, &description, url, crumbs).context();
    ctx.insert("opening", &view);
    let jsonld = if open {
        let summary = view.role.as_ref().and_then(|r| r.summary).map(|s| as_block(s.to_string())).unwrap_or_default();
        super::jobposting::job_posting(data, i, format!("{description_html}{summary}"))
    } else {
        None
    };
    ctx.insert("jsonld", &jsonld);
    Page { template: "opening.html", ctx, what: openings.files[opening.file].rel.clone() }
}

/// The page `page` of the openings, at `url`.
pub fn page(data: &EntityData, url: &str, page: &OpeningsPage) -> Page {
    match &page.kind {
        OpeningsKind::Opening(i) => opening_page(data, url, *i),
        kind => list_page(data, url, kind),
    }
}

/// An open position as a role page lists it.
#[derive(Serialize)]
pub struct RoleOpening<'a> {
    pub title: &'a str,
    pub url: String,
    pub place: String,
}

/// The open positions for role `r`, newest first.
pub fn for_role<'a>(data: &'a EntityData, r: usize) -> Vec<RoleOpening<'a>> {
    open_newest_first(data.openings.openings)
        .into_iter()
        .filter(|(_, o)| o.role == Some(r))
        .map(|(_, o)| RoleOpening { title: &o.title, url: (data.href)(&o.url), place: place(o) })
        .collect()
}

/// The site paths the sitemap lists of the openings, each with its last change: the lists,
/// and each open opening's page dated the day it was posted. Closed ones are left out.
pub fn sitemap_entries(data: &EntityData) -> Vec<(String, Option<String>)> {
    let openings = data.openings.openings;
    pages(openings, data.catalog)
        .into_iter()
        .filter_map(|page| match page.kind {
            OpeningsKind::Opening(i) => {
                let o = &openings.list[i];
                o.is_open().then(|| (page.url, Some(o.date_posted.to_string())))
            }
            _ => Some((page.url, None)),
        })
        .collect()
}

/// `/openings/feed.xml`: an Atom feed of the open positions, newest first. Its `<updated>`
/// is the newest day an opening was posted, so the same site makes the same feed.
pub fn feed(data: &EntityData) -> String {
    use crate::escape::xml;
    let openings = data.openings.openings;
    let open = open_newest_first(openings);
    // The newest open one; with none open, the newest of all, so the feed still says when
    // it last changed without reading the clock.
    let newest = open.first().map(|(_, o)| o.date_posted).or_else(|| openings.list.iter().map(|o| o.date_posted).max());
    let updated = newest.map_or_else(|| "1970-01-01".to_string(), |d| d.to_string());
    let who = data.openings.organization.map_or("", |o| o.name.as_str());
    let title = if who.is_empty() { "Open positions".to_string() } else { format!("Open positions at {who}") };
    let list_url = (data.permalink)(urls::OPENINGS);
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <title>{}</title>\n", xml(&title)));
    out.push_str(&format!("  <id>{}</id>\n", xml(&list_url)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&(data.permalink)(urls::OPENINGS_FEED))
    ));
    out.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml(&list_url)));
    out.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    out.push_str(&format!("  <author><name>{}</name></author>\n", xml(if who.is_empty() { "rolebook" } else { who })));
    for (i, o) in open {
        let link = (data.permalink)(&o.url);
        let summary = plain_text(data.openings.descriptions.get(i).map_or("", String::as_str));
        let summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml(&o.title)));
        out.push_str(&format!("    <id>{}</id>\n", xml(&link)));
        out.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml(&link)));
        out.push_str(&format!("    <published>{}T00:00:00Z</published>\n", o.date_posted));
        out.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", o.date_posted));
        out.push_str(&format!("    <summary>{}</summary>\n", xml(&summary)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands_and_keep_cents_only_when_there_are_some() {
        assert_eq!(amount(60000.0), "60,000");
        assert_eq!(amount(1234567.0), "1,234,567");
        assert_eq!(amount(999.0), "999");
        assert_eq!(amount(42.5), "42.50");
        assert_eq!(amount(0.0), "0");
    }

    #[test]
    fn a_single_paragraph_is_wrapped_and_blocks_are_kept() {
        assert_eq!(as_block("Join <em>us</em>.".into()), "<p>Join <em>us</em>.</p>");
        assert_eq!(as_block("<p>a</p>\n<p>b</p>\n".into()), "<p>a</p>\n<p>b</p>\n");
        assert_eq!(as_block("<ul>\n<li>x</li>\n</ul>\n".into()), "<ul>\n<li>x</li>\n</ul>\n");
    }
}
