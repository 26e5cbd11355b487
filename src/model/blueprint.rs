//! The blueprint shape of a site: which sections a role page shows, in which order, under
//! which headings, and which a written role must have. The built-in shape is the twenty
//! sections of the seed blueprint, all required, then the competency expectations when a
//! role has any; a site declares its own with `blueprint:` in rolebook.yaml.

use crate::config::BlueprintConfig;
use crate::content::sections::{self, CustomKind, CustomText, Section, SECTIONS};
use crate::model::Role;

/// One section as the site shows it.
#[derive(Debug, Clone)]
pub struct ShapeSection {
    /// The key in role files and in `blueprint.sections`.
    pub key: String,
    /// The anchor on the role page (`section-<key>` for a section of the site's own, so it
    /// cannot collide with an anchor the page makes).
    pub id: String,
    pub heading: String,
    pub required: bool,
    pub kind: SectionKind,
}

/// A built-in section, or one of the site's own.
#[derive(Debug, Clone, Copy)]
pub enum SectionKind {
    BuiltIn(&'static Section),
    Custom(CustomKind),
}

impl ShapeSection {
    fn built_in(section: &'static Section, heading: String, required: bool) -> Self {
        let (key, id) = (section.key.to_string(), section.id.to_string());
        ShapeSection { key, id, heading, required, kind: SectionKind::BuiltIn(section) }
    }
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
                .map(|s| ShapeSection::built_in(s, s.heading.to_string(), s.key != "expectations"))
                .collect();
            return Shape { sections, declared: false };
        };
        let mut sections: Vec<ShapeSection> = Vec::new();
        for entry in &config.sections {
            let key = entry.section.value.as_str();
            if sections.iter().any(|s| s.key == key) {
                continue;
            }
            match (sections::by_key(key), entry.kind.as_ref().and_then(|k| CustomKind::parse(&k.value))) {
                (Some(section), _) => {
                    let heading = entry.heading.clone().unwrap_or_else(|| section.heading.to_string());
                    sections.push(ShapeSection::built_in(section, heading, entry.required));
                }
                // A section of the site's own; one the config check refused is left out.
                (None, Some(kind)) if sections::is_custom_key(key) => sections.push(ShapeSection {
                    key: key.to_string(),
                    id: format!("section-{}", key.replace('_', "-")),
                    heading: entry.heading.clone().unwrap_or_else(|| key.replace('_', " ")),
                    required: entry.required,
                    kind: SectionKind::Custom(kind),
                }),
                (None, _) => {}
            }
        }
        Shape { sections, declared: true }
    }

    /// The section with this key, if the site shows it.
    pub fn get(&self, key: &str) -> Option<&ShapeSection> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// Whether role pages show this section.
    pub fn shows(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The sections `role` has and shows, in page order: the ones it wrote (or, for
    /// expectations, got from its rubric), less those it marked not applicable.
    pub fn shown_for<'s>(&'s self, role: &'s Role) -> impl Iterator<Item = &'s ShapeSection> + 's {
        self.sections.iter().filter(move |s| has(role, s) && !not_applicable(role, &s.key))
    }
}

/// Whether a role has a section: written in its file, or, for expectations, from a rubric.
pub fn has(role: &Role, section: &ShapeSection) -> bool {
    match section.kind {
        SectionKind::BuiltIn(built_in) if built_in.key == "expectations" => !role.expectations.is_empty(),
        SectionKind::BuiltIn(built_in) => (built_in.written)(&role.raw),
        SectionKind::Custom(_) => custom_text(role, &section.key).is_some(),
    }
}

/// What a role wrote for the site's own section `key`.
pub fn custom_text<'r>(role: &'r Role, key: &str) -> Option<&'r CustomText> {
    role.raw.sections.iter().flat_map(|s| &s.0).find(|(k, _)| k.value == key).map(|(_, text)| text)
}

/// Whether the role marked the section as not applying to it.
pub fn not_applicable(role: &Role, key: &str) -> bool {
    role.raw.not_applicable.iter().flatten().any(|k| k.value == key)
}
