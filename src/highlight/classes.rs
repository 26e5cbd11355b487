//! The token classes highlighted code is written in, and the stylesheet for them.
//!
//! syntect names every token with a stack of TextMate scopes (`source.rust meta.function
//! keyword.other.rust`). Writing the whole stack out as nested, classed spans (syntect's
//! own HTML) makes a 20-line block about 12 KB, most of it markup nobody styles. Instead
//! each token gets one class for the innermost scope that has a conventional meaning —
//! keyword, string, comment, function name… — written as a flat span, and the theme's
//! colour for that class is looked up once, when the stylesheet is made. Spans of the
//! same class in a row merge. The HTML does not depend on the theme, so cached blocks
//! survive a theme change.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write;

use syntect::highlighting::{Color, FontStyle, Highlighter, Theme};
use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::escape;

/// One token class: the scope prefix it covers, its CSS class (after `hl-`), and the
/// scope whose theme style it takes (the prefix, or its most common member when the
/// prefix is a catch-all).
struct Class {
    prefix: &'static str,
    name: &'static str,
    styled_as: &'static str,
}

const fn class(prefix: &'static str, name: &'static str, styled_as: &'static str) -> Class {
    Class { prefix, name, styled_as }
}

/// Most specific prefix first: a scope takes the first class whose prefix it starts with.
/// Only scopes some bundled theme colours have a class (`punctuation` and `markup.raw`,
/// which none does, would only add markup).
const CLASSES: &[Class] = &[
    class("comment", "c", "comment"),
    class("string.regexp", "sr", "string.regexp"),
    class("string", "s", "string.quoted"),
    class("constant.character.escape", "se", "constant.character.escape"),
    class("constant.numeric", "n", "constant.numeric"),
    class("constant.language", "cl", "constant.language"),
    class("constant", "co", "constant.other"),
    class("keyword.operator", "o", "keyword.operator"),
    class("keyword.control", "kc", "keyword.control"),
    class("keyword", "k", "keyword.other"),
    class("storage.type", "st", "storage.type"),
    class("storage.modifier", "sm", "storage.modifier"),
    class("storage", "sg", "storage"),
    class("entity.name.function", "nf", "entity.name.function"),
    class("entity.name.tag", "tg", "entity.name.tag"),
    class("entity.name.section", "ns", "entity.name.section"),
    class("entity.name", "nt", "entity.name.type"),
    class("entity.other.attribute-name", "na", "entity.other.attribute-name"),
    class("entity.other.inherited-class", "ni", "entity.other.inherited-class"),
    class("support.function", "bf", "support.function"),
    class("support.constant", "bc", "support.constant"),
    class("support.variable", "bv", "support.variable"),
    class("support", "bt", "support.type"),
    class("variable.parameter", "vp", "variable.parameter"),
    class("variable.language", "vl", "variable.language"),
    class("variable.function", "vf", "variable.function"),
    class("variable", "v", "variable.other"),
    class("markup.heading", "mh", "markup.heading"),
    class("markup.bold", "mb", "markup.bold"),
    class("markup.italic", "mi", "markup.italic"),
    class("markup.inserted", "gi", "markup.inserted"),
    class("markup.deleted", "gd", "markup.deleted"),
    class("markup.changed", "gc", "markup.changed"),
    class("markup.quote", "mq", "markup.quote"),
    class("markup.list", "ml", "markup.list"),
    class("invalid", "er", "invalid"),
];

/// What a scope contributes to its token's class.
#[derive(Clone, Copy)]
enum Rule {
    Class(u8),
    /// Structural or delimiting scopes (`meta.*`, `source.*`, the quotes of a string)
    /// take the class of the scope around them.
    Inherit,
}

fn rule_for(scope: &str) -> Rule {
    let starts = |prefix: &str| scope.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
    if starts("punctuation.definition") || starts("punctuation.section.embedded") {
        return Rule::Inherit;
    }
    match CLASSES.iter().position(|c| starts(c.prefix)) {
        Some(i) => Rule::Class(i as u8),
        None => Rule::Inherit,
    }
}

thread_local! {
    /// Rules by scope. Scope names live in syntect's global, locked repository, so each
    /// thread resolves a scope once.
    static RULES: RefCell<HashMap<Scope, Rule>> = RefCell::new(HashMap::new());
}

/// Highlights `code` into escaped text and flat `<span class="hl-…">` tokens; None when
/// syntect fails (which only a grammar bug makes it do).
pub(super) fn html(code: &str, syntax: &SyntaxReference, syntaxes: &SyntaxSet) -> Option<String> {
    RULES.with(|rules| {
        let rules = &mut *rules.borrow_mut();
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        // The class of each level of `stack`; None is plain text.
        let mut levels: Vec<Option<u8>> = Vec::new();
        let mut out = Spans { html: String::with_capacity(code.len() * 2), open: None };
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, syntaxes).ok()?;
            let mut at = 0;
            for (i, op) in &ops {
                if *i > at {
                    out.text(&line[at..*i], levels.last().copied().flatten());
                    at = *i;
                }
                stack
                    .apply_with_hook(op, |basic, _| match basic {
                        BasicScopeStackOp::Push(scope) => {
                            let rule = *rules.entry(scope).or_insert_with(|| rule_for(&scope.build_string()));
                            let class = match rule {
                                Rule::Class(c) => Some(c),
                                Rule::Inherit => levels.last().copied().flatten(),
                            };
                            levels.push(class);
                        }
                        BasicScopeStackOp::Pop => {
                            levels.pop();
                        }
                    })
                    .ok()?;
            }
            out.text(&line[at..], levels.last().copied().flatten());
        }
        Some(out.finish())
    })
}

/// HTML being written, with the class of the span left open.
struct Spans {
    html: String,
    open: Option<u8>,
}

impl Spans {
    fn text(&mut self, text: &str, class: Option<u8>) {
        if text.is_empty() {
            return;
        }
        // Whitespace looks the same in any class: it never opens or closes a span.
        if class != self.open && !text.bytes().all(|b| b.is_ascii_whitespace()) {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(c) = class {
                self.html.push_str("<span class=\"hl-");
                self.html.push_str(CLASSES[c as usize].name);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        escape::push_html_text(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// One theme's look for every class, as CSS declarations.
struct Look {
    code: String,
    classes: Vec<Declarations>,
}

#[derive(Default)]
struct Declarations {
    color: Option<String>,
    background: Option<String>,
    bold: bool,
    italic: bool,
    underline: bool,
}

fn look(theme: &Theme) -> Look {
    let highlighter = Highlighter::new(theme);
    let default = highlighter.get_default();
    let classes = CLASSES
        .iter()
        .map(|class| {
            let style =
                Scope::new(class.styled_as).map(|scope| highlighter.style_for_stack(&[scope])).unwrap_or(default);
            Declarations {
                color: (style.foreground != default.foreground).then(|| css_color(style.foreground)),
                background: (style.background != default.background).then(|| css_color(style.background)),
                bold: style.font_style.contains(FontStyle::BOLD),
                italic: style.font_style.contains(FontStyle::ITALIC),
                underline: style.font_style.contains(FontStyle::UNDERLINE),
            }
        })
        .collect();
    Look {
        code: format!("color:{};background-color:{}", css_color(default.foreground), css_color(default.background)),
        classes,
    }
}

fn css_color(c: Color) -> String {
    if c.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// CSS for `light`, then `dark` under `prefers-color-scheme: dark`. A property either
/// theme sets is written for both, so nothing of the light look leaks into the dark one.
pub(super) fn stylesheet(light: &Theme, dark: &Theme) -> (String, String) {
    let (l, d) = (look(light), look(dark));
    let mut light_css = format!(".hl-code{{{}}}\n", l.code);
    let mut dark_css = format!(".hl-code{{{}}}\n", d.code);
    for (i, class) in CLASSES.iter().enumerate() {
        let (a, b) = (&l.classes[i], &d.classes[i]);
        let write = |css: &mut String, own: &Declarations| {
            let mut decls = Vec::new();
            if a.color.is_some() || b.color.is_some() {
                decls.push(format!("color:{}", own.color.as_deref().unwrap_or("inherit")));
            }
            if a.background.is_some() || b.background.is_some() {
                decls.push(format!("background-color:{}", own.background.as_deref().unwrap_or("transparent")));
            }
            if a.bold || b.bold {
                decls.push(format!("font-weight:{}", if own.bold { "bold" } else { "normal" }));
            }
            if a.italic || b.italic {
                decls.push(format!("font-style:{}", if own.italic { "italic" } else { "normal" }));
            }
            if a.underline || b.underline {
                decls.push(format!("text-decoration:{}", if own.underline { "underline" } else { "none" }));
            }
            if !decls.is_empty() {
                let _ = writeln!(css, ".hl-{}{{{}}}", class.name, decls.join(";"));
            }
        };
        write(&mut light_css, a);
        write(&mut dark_css, b);
    }
    (light_css, dark_css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_take_the_most_specific_class() {
        let name = |scope: &str| match rule_for(scope) {
            Rule::Class(c) => Some(CLASSES[c as usize].name),
            Rule::Inherit => None,
        };
        assert_eq!(name("keyword.control.rust"), Some("kc"));
        assert_eq!(name("keyword.other.rust"), Some("k"));
        assert_eq!(name("string.quoted.double.python"), Some("s"));
        assert_eq!(name("entity.name.tag.yaml"), Some("tg"));
        assert_eq!(name("punctuation.separator.key-value.yaml"), None);
        assert_eq!(name("punctuation.definition.string.begin.rust"), None);
        assert_eq!(name("meta.function.rust"), None);
        // A prefix matches whole atoms only.
        assert_eq!(name("stringish.thing"), None);
    }

    #[test]
    fn every_class_is_named_once() {
        let mut names: Vec<_> = CLASSES.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CLASSES.len());
    }

    #[test]
    fn every_class_is_styled_by_some_bundled_theme() {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        let looks: Vec<Look> = themes.themes.values().map(look).collect();
        for (i, class) in CLASSES.iter().enumerate() {
            let styled = looks.iter().any(|l| {
                let d = &l.classes[i];
                d.color.is_some() || d.background.is_some() || d.bold || d.italic || d.underline
            });
            assert!(styled, "no bundled theme styles `{}`: its spans would be dead weight", class.prefix);
        }
    }

    #[test]
    fn dark_rules_undo_what_only_the_light_theme_sets() {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        let (light, dark) = stylesheet(&themes.themes["InspiredGitHub"], &themes.themes["base16-ocean.dark"]);
        // InspiredGitHub makes keywords bold; base16-ocean.dark does not.
        assert!(light.contains(".hl-k{color:#a71d5d;font-weight:bold}"), "{light}");
        assert!(dark.contains(".hl-k{color:#b48ead;font-weight:normal}"), "{dark}");
    }

    #[test]
    fn tokens_become_flat_merged_spans() {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let rust = syntaxes.find_syntax_by_token("rust").unwrap();
        let out = html("// a < b\nfn main() { let s = \"x&y\"; }\n", rust, &syntaxes).unwrap();
        assert!(out.starts_with("<span class=\"hl-c\">// a &lt; b\n</span>"), "{out}");
        assert!(out.contains("<span class=\"hl-nf\">main</span>"), "{out}");
        // The quotes (punctuation.definition) take the string's class: one span.
        assert!(out.contains("<span class=\"hl-s\">\"x&amp;y\"</span>"), "{out}");
        assert!(!out.contains("<span><span"), "{out}");
        assert_eq!(out.matches("<span").count(), out.matches("</span>").count());
    }
}
