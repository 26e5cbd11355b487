//! The sections a role page can show: the twenty of the built-in blueprint and the
//! competency expectations, each with its YAML key, anchor and built-in heading. A site's
//! `blueprint:` config picks, orders, renames and requires them; this is the one list of
//! what it may name.

use crate::config::BlueprintConfig;
use crate::content::role::RawRole;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// One section a role page can show.
#[derive(Debug)]
pub struct Section {
    /// The key in a role file and in `blueprint.sections`.
    pub key: &'static str,
    /// The anchor on the role page.
    pub id: &'static str,
    /// The built-in heading.
    pub heading: &'static str,
    /// Whether a role file wrote it (expectations may also come from a rubric, which the
    /// model knows; see `model::blueprint`).
    pub written: fn(&RawRole) -> bool,
}

macro_rules! sections {
    ($($key:ident $id:literal $heading:literal),* $(,)?) => {
        /// Every section, in the built-in order: the seed blueprint's twenty as it numbers them,
        /// then the competency expectations (a site may move them up with `blueprint:`).
        pub const SECTIONS: &[Section] = &[
            $(Section { key: stringify!($key), id: $id, heading: $heading, written: |r| r.$key.is_some() }),*
        ];
    };
}

sections! {
    summary "summary" "Role Summary",
    mission "mission" "Role Mission",
    responsibilities "responsibilities" "Core Responsibilities",
    day_to_day "day-to-day" "Day-to-Day Activities",
    deliverables "deliverables" "Key Deliverables",
    goals "goals" "Goals, Objectives, and Milestones",
    kpis "kpis" "KPIs and Productivity Metrics",
    skills "technical-skills" "Technical Skills Required",
    soft_skills "soft-skills" "Soft Skills and Behavioral Capabilities",
    tools "tools" "Tools, Platforms, and Software",
    environment "environment" "Typical Tech Stack / Environment",
    stakeholders "stakeholders" "Stakeholders and Collaboration Map",
    decision_rights "decision-rights" "Decision Rights and Scope of Authority",
    experience "experience" "Required Experience and Qualifications",
    career "career-path" "Career Path and Progression",
    risks "risks" "Risks, Challenges, and Failure Modes",
    variants "variants" "Role Variants",
    ai_impact "ai-impact" "AI / Automation Impact on the Role",
    hiring "hiring" "Hiring Evaluation Criteria",
    scorecard_summary "scorecard-summary" "Final Role Scorecard Summary",
    expectations "expectations" "Expectations by Competency Area",
}

/// The section with this key.
pub fn by_key(key: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.key == key)
}

/// Every section key, for hints.
pub fn keys() -> impl Iterator<Item = &'static str> {
    SECTIONS.iter().map(|s| s.key)
}

/// Checks a site's `blueprint:`: known section keys, each once, at least one.
pub fn check_config(blueprint: &BlueprintConfig, text: &str, diagnostics: &mut Diagnostics) {
    let file = crate::config::CONFIG_FILE;
    let mut seen: Vec<&str> = Vec::new();
    for entry in &blueprint.sections {
        let key = entry.section.value.as_str();
        if by_key(key).is_none() {
            let hint = match crate::suggest::did_you_mean(key, keys()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the sections are: {}", keys().collect::<Vec<_>>().join(", ")),
            };
            diagnostics.push(
                Diagnostic::error(file, "unknown-section", format!("`{key}` is not a blueprint section"))
                    .at(text, entry.section.pos)
                    .with_hint(hint),
            );
        } else if seen.contains(&key) {
            diagnostics.push(
                Diagnostic::error(file, "duplicate-section", format!("the section `{key}` is listed twice"))
                    .at(text, entry.section.pos)
                    .with_hint("list each section once; its place in the list is its place on the page"),
            );
        }
        seen.push(key);
    }
    if blueprint.sections.is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "empty-blueprint", "`blueprint.sections` lists no section")
                .with_hint("list the sections role pages show, e.g. `- section: summary`, or remove `blueprint:` for the built-in twenty"),
        );
    }
}
