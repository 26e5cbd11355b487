use super::*;
use crate::config::BlueprintConfig;
use crate::history::ChangeKind::{self, *};

const BASE: &str = r#"id: senior-research-scientist
title: Senior Research Scientist
family: AI & ML Research
track: Individual contributor
level: 3
level_name: Senior
summary:
  description: Designs experiments that settle questions. Ships models that matter to users.
kpis:
  metrics:
  - name: Time to validated prototype
    measures: Weeks from an approved idea to a validated prototype
    why: Shows how fast research turns into evidence
    target: 8 weeks
    frequency: Quarterly
  - name: Offline quality lift
    measures: Lift over the baseline on agreed metrics
    why: Validates scientific progress
    target: +2% relative
    frequency: Per experiment
skills:
  must_have:
  - skill: statistics
    importance: Critical
  good_to_have:
  - skill: causal-inference
    importance: Optional
tools:
- category: AI/ML frameworks
  tools: [pytorch]
  use: Prototyping and training
  commonality: Common
- category: AI/ML frameworks
  tools: [jax]
  use: Alternative research stacks
  commonality: Optional
day_to_day:
  daily:
  - Review experiment results and decide the next iteration.
  - Write research code with tests.
  weekly:
  - Run the research review.
career:
  next:
  - role: principal-research-scientist
  adjacent:
  - role: ml-engineer
hiring:
  scorecard:
  - dimension: Research rigor
    meets_bar: Hypothesis-driven approach
    weight: 20
  - dimension: Communication
    meets_bar: Clear narratives
    weight: 10
expectations:
  research-craft:
    summary: Runs rigorous experiments.
    behaviours:
    - Designs experiments with baselines.
sections:
  impact: Moves the roadmap. Raises the bar.
"#;

fn role(text: &str) -> RawRole {
    let node = crate::yaml::parse(text, 1).expect("the test role is YAML");
    let mut problems = Vec::new();
    let role = crate::yaml::from_node::<RawRole>(&node, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    role.expect("the test role reads")
}

fn names() -> Names {
    let map = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Names {
        roles: map(&[("principal-research-scientist", "Principal Research Scientist"), ("ml-engineer", "ML Engineer")]),
        skills: map(&[
            ("statistics", "Statistics"),
            ("causal-inference", "Causal inference"),
            ("causal-inference-uplift-modeling", "Causal inference and uplift modeling"),
        ]),
        tools: map(&[("pytorch", "PyTorch"), ("jax", "JAX")]),
        areas: map(&[("research-craft", "Research craft")]),
    }
}

/// The shape of a site that declares its own `impact` section after the built-in ones.
fn shape_with_impact() -> Shape {
    let mut sections: Vec<String> = SECTIONS.iter().map(|s| format!("- section: {}\n", s.key)).collect();
    sections.push("- section: impact\n  kind: prose\n  heading: Impact\n".into());
    let text = format!("sections:\n{}", sections.concat().lines().map(|l| format!("  {l}\n")).collect::<String>());
    let node = crate::yaml::parse(&text, 1).expect("the test blueprint is YAML");
    let config: BlueprintConfig = crate::yaml::from_node(&node, &mut Vec::new()).expect("the test blueprint reads");
    Shape::of(Some(&config))
}

/// The changes from BASE to BASE with `edits` (each `(old, new)`, replaced once).
fn diff_edited(edits: &[(&str, &str)]) -> Vec<Change> {
    diff_texts(BASE, &edit(BASE, edits))
}

fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (old, new) in edits {
        assert!(text.contains(old), "the text holds {old:?}");
        text = text.replacen(old, new, 1);
    }
    text
}

fn diff_texts(before: &str, after: &str) -> Vec<Change> {
    diff_roles(&role(before), &role(after), &shape_with_impact(), &names())
}

fn change(section: Option<&str>, path: &[&str], kind: ChangeKind, before: Option<&str>, after: Option<&str>) -> Change {
    Change {
        section: section.map(str::to_string),
        path: path.iter().map(|s| s.to_string()).collect(),
        kind,
        before: before.map(str::to_string),
        after: after.map(str::to_string),
    }
}

const KPIS: &str = "KPIs and Productivity Metrics";
const SKILLS: &str = "Technical Skills Required";
const CAREER: &str = "Career Path and Progression";
const DAY: &str = "Day-to-Day Activities";

#[test]
fn identical_roles_have_no_changes() {
    assert_eq!(diff_texts(BASE, BASE), []);
}

#[test]
fn moved_lines_and_whitespace_at_the_ends_of_texts_are_no_change() {
    let after = format!("# a comment shifts every line\n\n{}", BASE).replace(
        "  description: Designs experiments that settle questions. Ships models that matter to users.\n",
        "  description: |\n    Designs experiments that settle questions. Ships models that matter to users.\n\n",
    );
    assert_eq!(diff_texts(BASE, &after), []);
}

#[test]
fn reordering_a_list_is_no_change() {
    let after = edit(
        BASE,
        &[(
            "  - Review experiment results and decide the next iteration.\n  - Write research code with tests.\n",
            "  - Write research code with tests.\n  - Review experiment results and decide the next iteration.\n",
        )],
    );
    assert_eq!(diff_texts(BASE, &after), []);
}

#[test]
fn a_kpi_target_change_is_one_changed_value() {
    let changes = diff_edited(&[("target: 8 weeks", "target: 6 weeks")]);
    let path = [KPIS, "“Time to validated prototype”", "target"];
    assert_eq!(changes, [change(Some("kpis"), &path, Changed, Some("8 weeks"), Some("6 weeks"))]);
}

#[test]
fn a_renamed_kpi_is_one_changed_name_not_a_removal_and_an_addition() {
    let changes = diff_edited(&[("name: Offline quality lift", "name: Offline metric lift")]);
    let path = [KPIS, "“Offline metric lift”", "name"];
    assert_eq!(
        changes,
        [change(Some("kpis"), &path, Changed, Some("Offline quality lift"), Some("Offline metric lift"))]
    );
}

#[test]
fn a_skill_importance_change_names_the_skill_by_its_display_name() {
    let changes = diff_edited(&[("importance: Optional", "importance: Important")]);
    let path = [SKILLS, "Good to have", "“Causal inference”", "importance"];
    assert_eq!(changes, [change(Some("skills"), &path, Changed, Some("Optional"), Some("Important"))]);
}

#[test]
fn a_skill_moved_between_lists_is_a_move_plus_its_own_changes() {
    let changes = diff_edited(&[
        ("  good_to_have:\n  - skill: causal-inference\n    importance: Optional\n", ""),
        (
            "    importance: Critical\n",
            "    importance: Critical\n  - skill: causal-inference\n    importance: Important\n",
        ),
    ]);
    assert_eq!(
        changes,
        [
            change(Some("skills"), &[SKILLS, "“Causal inference”"], Moved, Some("Good to have"), Some("Must have")),
            change(
                Some("skills"),
                &[SKILLS, "Must have", "“Causal inference”", "importance"],
                Changed,
                Some("Optional"),
                Some("Important")
            ),
        ]
    );
}

#[test]
fn a_tool_row_sharing_its_category_is_named_with_its_tools() {
    let changes = diff_edited(&[("commonality: Optional", "commonality: Common")]);
    let path = ["Tools, Platforms, and Software", "“AI/ML frameworks (JAX)”", "commonality"];
    assert_eq!(changes, [change(Some("tools"), &path, Changed, Some("Optional"), Some("Common"))]);
}

#[test]
fn a_score_weight_change_is_a_changed_number() {
    let changes = diff_edited(&[("weight: 20", "weight: 25")]);
    let path = ["Hiring Evaluation Criteria", "Scorecard", "“Research rigor”", "weight"];
    assert_eq!(changes, [change(Some("hiring"), &path, Changed, Some("20"), Some("25"))]);
}

#[test]
fn a_level_change_is_a_header_change() {
    let changes = diff_edited(&[("level: 3", "level: 4"), ("level_name: Senior", "level_name: Lead")]);
    assert_eq!(
        changes,
        [
            change(None, &["Level"], Changed, Some("3"), Some("4")),
            change(None, &["Level name"], Changed, Some("Senior"), Some("Lead")),
        ]
    );
}

#[test]
fn career_links_added_removed_and_moved() {
    let added = diff_edited(&[(
        "  - role: principal-research-scientist\n",
        "  - role: principal-research-scientist\n  - role: staff-scientist\n",
    )]);
    assert_eq!(
        added,
        [change(Some("career"), &[CAREER, "Next", "“staff-scientist”"], Added, None, Some("role: staff-scientist"))]
    );

    let removed = diff_edited(&[("  adjacent:\n  - role: ml-engineer\n", "")]);
    assert_eq!(
        removed,
        [change(Some("career"), &[CAREER, "Adjacent", "“ML Engineer”"], Removed, Some("role: ML Engineer"), None)]
    );

    let moved =
        diff_edited(&[("  adjacent:\n  - role: ml-engineer\n", ""), ("  next:\n", "  next:\n  - role: ml-engineer\n")]);
    assert_eq!(moved, [change(Some("career"), &[CAREER, "“ML Engineer”"], Moved, Some("Adjacent"), Some("Next"))]);
}

#[test]
fn list_items_added_removed_and_reworded() {
    let added = diff_edited(&[("  weekly:\n", "  weekly:\n  - Plan compute with the platform team.\n")]);
    assert_eq!(
        added,
        [change(Some("day_to_day"), &[DAY, "Weekly"], Added, None, Some("Plan compute with the platform team."))]
    );

    let removed = diff_edited(&[("  - Write research code with tests.\n", "")]);
    assert_eq!(
        removed,
        [change(Some("day_to_day"), &[DAY, "Daily"], Removed, Some("Write research code with tests."), None)]
    );

    let reworded = diff_edited(&[("Write research code with tests.", "Write and review research code with tests.")]);
    assert_eq!(
        reworded,
        [change(
            Some("day_to_day"),
            &[DAY, "Daily"],
            Reworded,
            Some("Write research code with tests."),
            Some("Write and review research code with tests.")
        )]
    );
}

#[test]
fn a_bullet_replaced_by_an_unrelated_one_is_a_removal_and_an_addition() {
    let changes = diff_edited(&[("Write research code with tests.", "Attend the quarterly planning offsite.")]);
    let kinds: Vec<ChangeKind> = changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [Removed, Added]);
}

#[test]
fn a_bullet_moved_between_lists_is_a_move() {
    let changes = diff_edited(&[
        ("  - Write research code with tests.\n", ""),
        ("  weekly:\n", "  weekly:\n  - Write research code with tests.\n"),
    ]);
    assert_eq!(
        changes,
        [change(Some("day_to_day"), &[DAY, "“Write research code with tests.”"], Moved, Some("Daily"), Some("Weekly"))]
    );
}

#[test]
fn a_list_note_appearing_is_a_change_of_the_note() {
    let changes = diff_edited(&[("  weekly:\n  - Run", "  weekly:\n    note: when relevant\n    items:\n    - Run")]);
    assert_eq!(changes, [change(Some("day_to_day"), &[DAY, "Weekly", "note"], Added, None, Some("when relevant"))]);
}

#[test]
fn edited_prose_is_reworded_with_the_whole_texts() {
    let before = "Designs experiments that settle questions. Ships models that matter to users.";
    let after = "Designs experiments that settle questions. Ships models that users notice.";
    let changes = diff_edited(&[(before, after)]);
    assert_eq!(
        changes,
        [change(Some("summary"), &["Role Summary", "description"], Reworded, Some(before), Some(after))]
    );
}

#[test]
fn a_site_section_of_its_own_is_reworded_under_its_heading() {
    let changes = diff_edited(&[("impact: Moves the roadmap. Raises the bar.", "impact: Moves the roadmap.")]);
    assert_eq!(
        changes,
        [change(
            Some("impact"),
            &["Impact"],
            Reworded,
            Some("Moves the roadmap. Raises the bar."),
            Some("Moves the roadmap.")
        )]
    );
}

#[test]
fn a_site_section_the_shape_does_not_declare_still_counts() {
    let changes = diff_roles(
        &role(BASE),
        &role(&edit(BASE, &[("Raises the bar.", "Lifts everyone.")])),
        &Shape::default(),
        &names(),
    );
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].section.as_deref(), changes[0].path.as_slice()),
        (Some("impact"), &["Impact".to_string()][..])
    );
}

#[test]
fn expectations_change_by_area() {
    let changes = diff_edited(&[
        (
            "    - Designs experiments with baselines.\n",
            "    - Designs experiments with baselines.\n    - Reviews others' designs.\n",
        ),
        ("summary: Runs rigorous experiments.", "summary: Runs rigorous experiments across teams."),
    ]);
    let area = ["Expectations by Competency Area", "“Research craft”"];
    assert_eq!(
        changes,
        [
            change(
                Some("expectations"),
                &[area[0], area[1], "summary"],
                Reworded,
                Some("Runs rigorous experiments."),
                Some("Runs rigorous experiments across teams.")
            ),
            change(
                Some("expectations"),
                &[area[0], area[1], "behaviours"],
                Added,
                None,
                Some("Reviews others' designs.")
            ),
        ]
    );
}

#[test]
fn sections_added_and_removed_carry_their_text() {
    let added = diff_edited(&[("hiring:\n", "deliverables:\n- Research roadmap.\n- Model prototypes.\nhiring:\n")]);
    assert_eq!(
        added,
        [change(
            Some("deliverables"),
            &["Key Deliverables"],
            Added,
            None,
            Some("- Research roadmap.\n- Model prototypes.")
        )]
    );

    let removed = diff_edited(&[
        ("  weekly:\n  - Run the research review.\n", ""),
        ("career:\n  next:\n  - role: principal-research-scientist\n  adjacent:\n  - role: ml-engineer\n", ""),
    ]);
    assert_eq!(removed.len(), 2, "{removed:#?}");
    assert_eq!(
        removed[0],
        change(Some("day_to_day"), &[DAY, "Weekly"], Removed, Some("Run the research review."), None)
    );
    assert_eq!(
        removed[1],
        change(
            Some("career"),
            &[CAREER],
            Removed,
            Some("next:\n- role: Principal Research Scientist\nadjacent:\n- role: ML Engineer"),
            None
        )
    );
}

#[test]
fn changes_come_header_first_then_sections_in_shape_order() {
    let changes = diff_edited(&[
        ("weight: 10", "weight: 5"),
        ("target: +2% relative", "target: +3% relative"),
        ("title: Senior Research Scientist", "title: Senior Applied Scientist"),
        ("impact: Moves the roadmap.", "impact: Shapes the roadmap."),
    ]);
    let first_words: Vec<&str> = changes.iter().map(|c| c.path[0].as_str()).collect();
    assert_eq!(first_words, ["Title", KPIS, "Hiring Evaluation Criteria", "Impact"]);
}

#[test]
fn ids_and_positions_are_ignored() {
    let after = edit(BASE, &[("id: senior-research-scientist", "id: senior-applied-scientist")]);
    assert_eq!(diff_texts(BASE, &after), []);
}

#[test]
fn similarity_is_one_apart_from_the_id_and_falls_with_edits() {
    let renamed = role(&edit(BASE, &[("id: senior-research-scientist", "id: senior-applied-scientist")]));
    assert_eq!(similarity(&role(BASE), &renamed), 1.0);

    let edited = role(&edit(BASE, &[("target: 8 weeks", "target: 6 weeks"), ("weight: 20", "weight: 25")]));
    let some = similarity(&role(BASE), &edited);
    assert!(some > 0.8 && some < 1.0, "{some}");

    let other = role("id: designer\ntitle: Product Designer\nfamily: Design\n");
    let none = similarity(&role(BASE), &other);
    assert!(none < 0.1, "{none}");
}

#[test]
fn the_seed_role_edited_in_three_places_gives_exactly_those_three_changes() {
    let seed = include_str!("../../../content/roles/lead-research-scientist.yaml");
    let edited = edit(
        seed,
        &[
            (
                "target: 8–16 weeks for incremental improvements; longer for major re-architecture",
                "target: 6–12 weeks for incremental improvements; longer for major re-architecture",
            ),
            ("    importance: Optional\n    importance_label: Optional / Context-specific\n  - skill: information-retrieval-ranking", "    importance: Important\n    importance_label: Optional / Context-specific\n  - skill: information-retrieval-ranking"),
            ("    - title: Responsible AI scenario\n", "    - title: Responsible AI scenario (45 minutes)\n"),
        ],
    );
    let changes = diff_roles(&role(seed), &role(&edited), &Shape::default(), &names());
    assert_eq!(
        changes,
        [
            change(
                Some("kpis"),
                &[KPIS, "“Research-to-production cycle time”", "target"],
                Changed,
                Some("8–16 weeks for incremental improvements; longer for major re-architecture"),
                Some("6–12 weeks for incremental improvements; longer for major re-architecture")
            ),
            change(
                Some("skills"),
                &[SKILLS, "Good to have", "“Causal inference and uplift modeling”", "importance"],
                Changed,
                Some("Optional"),
                Some("Important")
            ),
            change(
                Some("hiring"),
                &["Hiring Evaluation Criteria", "Exercises", "“Responsible AI scenario (45 minutes)”", "title"],
                Changed,
                Some("Responsible AI scenario"),
                Some("Responsible AI scenario (45 minutes)")
            ),
        ]
    );
}

#[test]
fn not_applicable_sections_are_named_by_heading() {
    let changes = diff_edited(&[("level_name: Senior\n", "level_name: Senior\nnot_applicable: [variants]\n")]);
    assert_eq!(changes, [change(None, &["Not applicable"], Added, None, Some("- Role Variants"))]);
}

#[test]
fn a_pay_band_is_named_by_its_zone() {
    let band = "pay_bands:\n- zone: EU West\n  countries: [DE, AT]\n  min: 60000\n  max: 80000\n  currency: EUR\n  unit: year\n";
    let before = format!("{BASE}{band}");
    let after = before.replace("min: 60000", "min: 65000");
    let changes = diff_texts(&before, &after);
    assert_eq!(
        changes,
        [change(Some("pay_bands"), &["Pay bands", "“EU West”", "min"], Changed, Some("60000"), Some("65000"))]
    );
}

#[test]
fn a_career_link_to_a_renamed_role_says_which_ids_changed() {
    // `ml-engineer` became `machine-learning-engineer`, which today's names know and the
    // old id no longer is: by name alone the change would read "ml-engineer → ML Engineer".
    let mut names = names();
    names.roles.remove("ml-engineer");
    names.roles.insert("machine-learning-engineer".into(), "ML Engineer".into());
    let before = role(&edit(BASE, &[("  - role: ml-engineer\n", "  - role: ml-engineer\n    label: The ML ladder\n")]));
    let after = role(&edit(
        BASE,
        &[("  - role: ml-engineer\n", "  - role: machine-learning-engineer\n    label: The ML ladder\n")],
    ));
    let changes = diff_roles(&before, &after, &Shape::default(), &names);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].kind, Changed);
    assert_eq!(changes[0].before.as_deref(), Some("ml-engineer"));
    assert_eq!(changes[0].after.as_deref(), Some("machine-learning-engineer"));
}
