//! The input every role, skill and tool page is rendered from, and the one way a page
//! shows a role as a link ([`RoleLink`]).
//!
//! This module sits at the bottom of `render/`: it uses the model and the entities' views
//! ([`super::view`], itself a leaf), and nothing else of `render/`, so every page module
//! can depend on it without a circle.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::view::EntityView;
use crate::history::{History, Limit};
use crate::model::career::CareerGraph;
use crate::model::Catalog;

/// Template-ready data for every entity, made by the markdown stage.
pub struct EntityData<'a> {
    pub catalog: &'a Catalog,
    pub graph: &'a CareerGraph,
    pub roles: &'a [EntityView],
    pub skills: &'a [EntityView],
    pub tools: &'a [EntityView],
    pub areas: &'a [EntityView],
    pub rubrics: &'a [EntityView],
    /// The sections role pages show.
    pub shape: &'a crate::model::blueprint::Shape,
    /// Each role as `/api/roles.json` shows it.
    pub api_roles: &'a [Arc<str>],
    pub href: &'a (dyn Fn(&str) -> String + Sync),
    pub permalink: &'a (dyn Fn(&str) -> String + Sync),
    /// Each role's [`RoleLink`] as a template value, made the first time a page asks (one
    /// slot per role). Skill, tool and KPI pages name hundreds of roles each; sharing one
    /// value per role spares making and copying the same link thousands of times.
    pub shared_links: &'a [OnceLock<tera::Value>],
    /// The job openings and what their pages need.
    pub openings: OpeningsData<'a>,
    /// The framework's history (empty outside git), and why some may be missing.
    pub history: HistoryInput<'a>,
}

/// The job openings, their descriptions rendered, and who is hiring.
#[derive(Clone, Copy)]
pub struct OpeningsData<'a> {
    pub openings: &'a crate::model::openings::Openings,
    /// Each opening's description as HTML, in the order of `openings.list`.
    pub descriptions: &'a [String],
    /// `organization:` of `rolebook.yaml` (a site with openings has one).
    pub organization: Option<&'a crate::config::Organization>,
}

/// A role as a link (the fields of [`RoleLink`], without `compare_url` and `path`), shared
/// by every page that names the role.
#[derive(Serialize, Clone)]
#[serde(transparent)]
pub struct SharedRoleLink(tera::Value);

/// A role as a link, wherever a page names one: the roles index, a role's path, the
/// career page, the matrix columns, the KPI index, comparisons, skill and tool pages.
#[derive(Serialize)]
pub struct RoleLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub family: &'a str,
    pub track: Option<&'a str>,
    pub level: Option<u32>,
    pub level_name: Option<&'a str>,
    /// The scope as HTML.
    pub scope: Option<&'a str>,
    pub stub: bool,
    /// On a role's next steps: its comparison page, when both roles are written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_url: Option<String>,
    /// On the career page: where the role sits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<RolePath<'a>>,
}

/// A skill or tool as a link.
#[derive(Serialize)]
pub struct EntityLink<'a> {
    pub name: &'a str,
    pub url: String,
}

/// Feeders → a role → its next roles, and its adjacent paths.
#[derive(Serialize)]
pub struct RolePath<'a> {
    pub feeders: Vec<RoleLink<'a>>,
    pub next: Vec<RoleLink<'a>>,
    pub adjacent: Vec<RoleLink<'a>>,
}

/// A family and its roles, by level then title, each as `L` (a [`SharedRoleLink`], or a
/// [`RoleLink`] with more to it).
#[derive(Serialize)]
pub struct Family<'a, L = SharedRoleLink> {
    pub name: &'a str,
    pub roles: Vec<L>,
}

impl<'a> EntityData<'a> {
    /// Role `r` as a link, the value every page shares.
    pub fn shared_link(&self, r: usize) -> SharedRoleLink {
        SharedRoleLink(self.shared_links[r].get_or_init(|| tera::Value::from_serializable(&self.role_link(r))).clone())
    }

    /// Role `r` as a link, to add to (a comparison URL, its path).
    pub fn role_link(&self, r: usize) -> RoleLink<'a> {
        let role = &self.catalog.roles[r];
        RoleLink {
            id: role.id(),
            title: &role.raw.title,
            url: (self.href)(&role.url),
            family: &role.raw.family,
            track: role.raw.track.as_deref(),
            level: role.level(),
            level_name: role.raw.level_name.as_deref(),
            scope: self.roles[r].prose.opt(&role.raw.scope),
            stub: role.is_stub(),
            compare_url: None,
            path: None,
        }
    }

    /// Skill `s` as a link.
    pub fn skill_link(&self, s: usize) -> EntityLink<'a> {
        let skill = &self.catalog.skills[s];
        EntityLink { name: &skill.raw.name, url: (self.href)(&skill.url) }
    }

    /// Where role `r` sits, from the whole graph (so a stub shows the steps other
    /// blueprints declare).
    pub fn role_path(&self, r: usize) -> RolePath<'a> {
        let links = |ids: &mut dyn Iterator<Item = usize>| ids.map(|i| self.role_link(i)).collect();
        RolePath {
            feeders: links(&mut self.graph.feeders_of(r)),
            next: links(&mut self.graph.next_of(r)),
            adjacent: links(&mut self.graph.adjacent_of(r)),
        }
    }

    /// Roles grouped by family (alphabetically), each family by level then title, each
    /// role made by `link`.
    pub fn families_with<L>(&self, link: impl Fn(usize) -> L) -> Vec<Family<'a, L>> {
        let roles = &self.catalog.roles;
        let mut families: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, role) in roles.iter().enumerate() {
            families.entry(&role.raw.family).or_default().push(i);
        }
        families
            .into_iter()
            .map(|(name, mut members)| {
                members.sort_by(|&a, &b| {
                    let (ra, rb) = (&roles[a], &roles[b]);
                    ra.level()
                        .unwrap_or(u32::MAX)
                        .cmp(&rb.level().unwrap_or(u32::MAX))
                        .then(ra.raw.title.cmp(&rb.raw.title))
                });
                Family { name, roles: members.into_iter().map(&link).collect() }
            })
            .collect()
    }

    /// Roles grouped by family, as links.
    pub fn families(&self) -> Vec<Family<'a>> {
        self.families_with(|r| self.shared_link(r))
    }
}

/// The history as the renderer gets it: the changes, and why some may be missing.
#[derive(Clone, Copy)]
pub struct HistoryInput<'a> {
    pub history: &'a History,
    pub limit: Option<&'a Limit>,
}

/// No history at all (a site outside git, or a render that has none to hand).
static NO_HISTORY: History = History {
    head: String::new(),
    commits: Vec::new(),
    releases: Vec::new(),
    last_changed: BTreeMap::new(),
    redirects: Vec::new(),
    shallow: false,
};

impl HistoryInput<'static> {
    pub fn none() -> Self {
        HistoryInput { history: &NO_HISTORY, limit: None }
    }
}
