//! The blueprint shape of a site: which sections a role page shows, in which order, under
//! which headings, and which a written role must have. The built-in shape is the twenty
//! sections of the seed blueprint, all required, then the competency expectations when a
//! role has any; a site declares its own with `blueprint:` in rolebook.yaml.

use crate::config::BlueprintConfig;
use crate::content::sections::{self, Section, SECTIONS};
use crate::model::Role;

/// One section as the site shows it.
#[derive(Debug, Clone)]
pub struct ShapeSection {
    pub section: &'static Section,
    pub heading: String,
    pub required: bool,
}

/// The site's sections, in page order.
#[derive(Debug, Clone)]
pub struct Shape {
    pub sections: Vec<ShapeSection>,
    /// Whether the site declared it (rather than the built-in twenty).
    pub declared: bool,
}

impl Default for Shape {
    fn default() -> Self {
        Shape::of(None)
    }
}

impl Shape {
    /// The shape `blueprint:` declares (unknown keys, reported by the config check, are
    /// left out), or the built-in one.
    pub fn of(config: Option<&BlueprintConfig>) -> Shape {
        let Some(config) = config else {
            let sections = SECTIONS
                .iter()
                .map(|s| ShapeSection { section: s, heading: s.heading.to_string(), required: s.key != "expectations" })
                .collect();
            return Shape { sections, declared: false };
        };
        let mut sections: Vec<ShapeSection> = Vec::new();
        for entry in &config.sections {
            let Some(section) = sections::by_key(&entry.section.value) else { continue };
            if sections.iter().any(|s| s.section.key == section.key) {
                continue;
            }
            let heading = entry.heading.clone().unwrap_or_else(|| section.heading.to_string());
            sections.push(ShapeSection { section, heading, required: entry.required });
        }
        Shape { sections, declared: true }
    }

    /// The section with this key, if the site shows it.
    pub fn get(&self, key: &str) -> Option<&ShapeSection> {
        self.sections.iter().find(|s| s.section.key == key)
    }

    /// Whether role pages show this section.
    pub fn shows(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The sections `role` has and shows, in page order: the ones it wrote (or, for
    /// expectations, got from its rubric), less those it marked not applicable.
    pub fn shown_for<'s>(&'s self, role: &'s Role) -> impl Iterator<Item = &'s ShapeSection> + 's {
        self.sections.iter().filter(move |s| has(role, s.section) && !not_applicable(role, s.section.key))
    }
}

/// Whether a role has a section: written in its file, or, for expectations, from a rubric.
pub fn has(role: &Role, section: &Section) -> bool {
    if section.key == "expectations" {
        return !role.expectations.is_empty();
    }
    (section.written)(&role.raw)
}

/// Whether the role marked the section as not applying to it.
pub fn not_applicable(role: &Role, key: &str) -> bool {
    role.raw.not_applicable.iter().flatten().any(|k| k.value == key)
}
