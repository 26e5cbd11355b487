//! Code highlighting with syntect, into CSS classes (see [`classes`]).
//!
//! Languages come from three syntax sets, each loaded once per process and only when a
//! code block first needs it: syntect's default set (Rust, Python, YAML, shell, JSON…),
//! then the larger set `two-face` carries (bat's collection: TOML, Dockerfile, INI,
//! TypeScript, nginx…), then rolebook's own grammar for Handlebars, which neither has. A
//! site whose code is all in default-set languages never loads the other two, and a site
//! without code loads none. A few names (`text`, `console`, …) mean plain text.

mod classes;

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder};

use crate::escape;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static EXTRA_SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);
static OWN_SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(|| {
    let mut builder = SyntaxSetBuilder::new();
    for (name, text) in OWN_GRAMMARS {
        // The grammars are part of the binary; a test loads each one.
        let grammar = SyntaxDefinition::load_from_str(text, true, None)
            .unwrap_or_else(|e| panic!("the bundled {name} grammar is invalid: {e}"));
        builder.add(grammar);
    }
    builder.build()
});
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Grammars rolebook carries itself, for everyday languages the two sets lack.
const OWN_GRAMMARS: [(&str, &str); 1] = [("Handlebars", include_str!("handlebars.sublime-syntax"))];

/// The highlighter's identity, part of any cache key for highlighted output: change it
/// whenever the HTML written for the same code changes (a syntect or two-face upgrade, an
/// edited grammar, a language found in another set).
pub const VERSION: &str = "syntect-5.3-onig-twoface-0.5.2-hbs1-classes2";

/// Info-string languages that mean "plain text": shown as written, without a warning.
/// Diagram sources (`mermaid`, `plantuml`) and template languages other tools expand
/// (`liquid`) are text to a static site without those tools: shown, not guessed at.
const PLAIN: [&str; 12] =
    ["text", "plain", "plaintext", "txt", "console", "output", "none", "log", "ascii", "mermaid", "plantuml", "liquid"];

/// The outcome of highlighting one block.
pub struct Highlighted {
    pub html: String,
    /// False when the language was not recognised and the block was left plain.
    pub known_language: bool,
}

/// The language of a fenced code block's info string: the info string up to its first
/// comma or whitespace (` ```rust,ignore `, ` ```python title="x.py" ` → `rust`, `python`).
pub fn language(info: &str) -> &str {
    let info = info.trim_start();
    let end = info.find(|c: char| c == ',' || c.is_whitespace()).unwrap_or(info.len());
    &info[..end]
}

/// Whether `lang` names plain text (`text`, `txt`, `console`, `output`…): no highlighting
/// and no warning.
pub fn is_plain(lang: &str) -> bool {
    PLAIN.iter().any(|p| p.eq_ignore_ascii_case(lang))
}

/// Highlights `code` written in `lang` (a name or file extension such as `rust` or `rs`).
pub fn highlight(code: &str, lang: &str) -> Highlighted {
    if is_plain(lang) {
        return Highlighted { html: escape::html(code), known_language: true };
    }
    let Some((syntax, syntaxes)) = find(lang) else {
        return Highlighted { html: escape::html(code), known_language: false };
    };
    // syntect fails only on grammar bugs; such a block is shown as escaped text.
    let html = classes::html(code, syntax, syntaxes).unwrap_or_else(|| escape::html(code));
    Highlighted { html, known_language: true }
}

/// The grammar for `lang` and the set it belongs to, looking in the default set first
/// and loading the others only when it lacks the language.
fn find(lang: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    [&SYNTAXES, &EXTRA_SYNTAXES, &OWN_SYNTAXES].into_iter().find_map(|set| {
        let set: &'static SyntaxSet = set;
        find_in(set, lang).map(|syntax| (syntax, set))
    })
}

fn find_in<'s>(syntaxes: &'s SyntaxSet, lang: &str) -> Option<&'s SyntaxReference> {
    syntaxes
        .find_syntax_by_token(lang)
        .or_else(|| syntaxes.find_syntax_by_name(lang))
        .or_else(|| alias(lang).and_then(|l| syntaxes.find_syntax_by_token(l)))
}

/// Common names that the sets know under another token.
fn alias(lang: &str) -> Option<&'static str> {
    Some(match lang.to_ascii_lowercase().as_str() {
        "shell" | "shell-session" | "shellscript" => "sh",
        "py3" | "python3" => "python",
        "jsonc" | "json5" => "json",
        "golang" => "go",
        "csharp" | "c#" => "cs",
        "docker" | "containerfile" => "dockerfile",
        "hcl2" | "tf" => "terraform",
        "conf" | "cfg" | "editorconfig" | "gitconfig" => "ini",
        _ => return None,
    })
}

/// A known language name close to an unknown `lang`, for a "did you mean" hint: a
/// language's name first (`tmol` → `toml`), else one of its file extensions. It looks
/// through every set, so it is asked only when a language was not found.
pub fn suggest_language(lang: &str) -> Option<String> {
    let syntaxes: Vec<&SyntaxReference> =
        [&*SYNTAXES, &*EXTRA_SYNTAXES, &*OWN_SYNTAXES].into_iter().flat_map(SyntaxSet::syntaxes).collect();
    let names: Vec<String> = syntaxes
        .iter()
        .map(|s| s.name.to_ascii_lowercase())
        .filter(|name| !name.contains(' '))
        .chain(PLAIN.iter().map(|p| p.to_string()))
        .collect();
    let extensions: Vec<String> = syntaxes
        .iter()
        .flat_map(|s| &s.file_extensions)
        .filter(|e| !e.contains('.'))
        .map(|e| e.to_ascii_lowercase())
        .collect();
    [names, extensions]
        .iter()
        .find_map(|candidates| crate::suggest::did_you_mean(lang, candidates.iter().map(String::as_str)))
        .map(str::to_string)
}

/// Whether `name` is one of syntect's bundled themes.
pub fn theme_exists(name: &str) -> bool {
    THEMES.themes.contains_key(name)
}

pub fn theme_names() -> Vec<&'static str> {
    THEMES.themes.keys().map(String::as_str).collect()
}

/// The stylesheet for highlighted code: `light` always, `dark` under `prefers-color-scheme`.
pub fn stylesheet(light: &str, dark: &str) -> String {
    let (Some(light_theme), Some(dark_theme)) = (THEMES.themes.get(light), THEMES.themes.get(dark)) else {
        // The configuration is checked against theme_names() before any build gets here.
        return String::new();
    };
    let (light_css, dark_css) = classes::stylesheet(light_theme, dark_theme);
    format!(
        "/* Code highlighting, generated by rolebook from syntect themes `{light}` and `{dark}`. */\n{light_css}\n@media (prefers-color-scheme: dark) {{\n{dark_css}}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_into_classes() {
        let out = highlight("fn main() {}\n", "rust");
        assert!(out.known_language);
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(highlight("echo hi\n", "bash").known_language);
    }

    #[test]
    fn everyday_languages_outside_the_default_set_are_highlighted() {
        for (lang, code) in [
            ("toml", "[package]\nname = \"x\" # a comment\n"),
            ("dockerfile", "FROM debian:12\nRUN echo hi\n"),
            ("Dockerfile", "FROM debian:12\n"),
            ("ini", "[core]\nname = value\n; note\n"),
            ("diff", "--- a\n+++ b\n-old\n+new\n"),
            ("handlebars", "{{#each roles}}<li class=\"x\">{{name}}</li>{{/each}} {{!-- note --}}\n"),
            ("hbs", "{{title}}\n"),
            ("typescript", "const x: number = 1;\n"),
            ("ts", "let y = 2;\n"),
        ] {
            let out = highlight(code, lang);
            assert!(out.known_language, "{lang}");
            assert!(out.html.contains("<span class=\"hl-"), "{lang}: {}", out.html);
        }
        let hbs = highlight("{{#if open}}{{! hidden }}<b>{{title}}</b>{{/if}}\n", "handlebars").html;
        assert!(hbs.contains("<span class=\"hl-kc\">if</span>"), "{hbs}");
        assert!(hbs.contains("<span class=\"hl-c\">{{! hidden }}</span>"), "{hbs}");
        assert!(hbs.contains("<span class=\"hl-tg\">b</span>"), "{hbs}");
    }

    #[test]
    fn toml_is_toml_not_ini() {
        let toml = find("toml").expect("toml is known").0;
        assert_eq!(toml.name, "TOML");
    }

    #[test]
    fn plain_text_names_are_known_and_left_unhighlighted() {
        for lang in ["text", "plain", "txt", "console", "output", "TEXT", "mermaid", "liquid", "log"] {
            let out = highlight("$ ls <dir>\n", lang);
            assert!(out.known_language, "{lang}");
            assert_eq!(out.html, "$ ls &lt;dir&gt;\n", "{lang}");
        }
    }

    #[test]
    fn the_language_is_the_info_string_up_to_a_comma_or_space() {
        assert_eq!(language("rust,ignore"), "rust");
        assert_eq!(language("python title=\"x.py\""), "python");
        assert_eq!(language("  toml\t{.big}"), "toml");
        assert_eq!(language("bash"), "bash");
        assert_eq!(language(",ignore"), "");
        assert_eq!(language(""), "");
    }

    #[test]
    fn unknown_languages_get_a_close_known_name() {
        assert_eq!(suggest_language("pyhton").as_deref(), Some("python"));
        assert_eq!(suggest_language("tmol").as_deref(), Some("toml"));
        assert_eq!(suggest_language("klingon"), None);
    }

    #[test]
    fn unknown_language_falls_back_to_plain_escaped_text() {
        let out = highlight("<b>\n", "nosuchlang");
        assert!(!out.known_language);
        assert!(out.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn stylesheet_has_dark_mode() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark");
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains(".hl-"));
    }
}
