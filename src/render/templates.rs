//! The tera instance: every template parsed once, before anything is rendered, and
//! template errors turned into diagnostics that name the template file and line.

use std::collections::BTreeMap;

use tera::{ErrorKind, Tera};

use crate::diagnostics::Diagnostic;
use crate::theme::{TemplateSource, Theme};
use crate::yaml::Pos;

pub struct Templates {
    pub tera: Tera,
    sources: BTreeMap<String, TemplateSource>,
}

/// Parses every template of `theme`. On failure, returns one diagnostic per broken template.
pub fn build(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
    let sources = theme.templates.clone();
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml", ".htm"]);
    let all: Vec<(&str, &str)> = sources.iter().map(|(name, s)| (name.as_str(), s.text.as_str())).collect();
    if let Err(error) = tera.add_raw_templates(all.iter().copied()) {
        // tera stops at the first error; parse each template alone to report all of them.
        let mut diagnostics = Vec::new();
        for (name, text) in &all {
            let mut alone = Tera::new();
            if let Err(e) = alone.add_raw_template(name, text) {
                if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                    diagnostics.push(template_diagnostic(&e, &sources, None));
                }
            }
        }
        if diagnostics.is_empty() {
            diagnostics.push(template_diagnostic(&error, &sources, None));
        }
        return Err(diagnostics);
    }
    Ok(Templates { tera, sources })
}

impl Templates {
    /// No templates at all (a placeholder while the real ones are borrowed).
    pub fn empty() -> Templates {
        Templates { tera: Tera::new(), sources: BTreeMap::new() }
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Renders `name`; a failure names the template, its line and the page being rendered.
    pub fn render(&self, name: &str, context: &tera::Context, page: &str) -> Result<String, Diagnostic> {
        self.render_within(name, context, page, u64::MAX)
    }

    /// Like [`Templates::render`], but a page that grows past `room` bytes (what the output
    /// budget has left, [`crate::output::Sink::room`]) is cut short at `room + 1` bytes: the
    /// sink refuses it and reports the budget, and a template that loops without end costs
    /// no more time or memory than the budget.
    pub fn render_within(
        &self,
        name: &str,
        context: &tera::Context,
        page: &str,
        room: u64,
    ) -> Result<String, Diagnostic> {
        // Most pages are tens of kilobytes: start there rather than doubling up to it.
        let mut out = Capped { bytes: Vec::with_capacity(32 * 1024), cap: room.saturating_add(1), cut: false };
        let rendered = self.tera.render_to(name, context, &mut out);
        if out.cut {
            // The cut may split a character; the page is refused whatever its last bytes.
            return Ok(String::from_utf8_lossy(&out.bytes).into_owned());
        }
        rendered.map_err(|e| template_diagnostic(&e, &self.sources, Some(page)))?;
        String::from_utf8(out.bytes)
            .map_err(|e| Diagnostic::error(page, "template-render", format!("the rendered page is not UTF-8: {e}")))
    }
}

/// A page being rendered, refusing to grow past `cap` bytes.
struct Capped {
    bytes: Vec<u8>,
    cap: u64,
    cut: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let left = self.cap - self.bytes.len() as u64;
        if buf.len() as u64 > left {
            self.bytes.extend_from_slice(&buf[..left as usize]);
            self.cut = true;
            return Err(std::io::Error::other("the page is larger than the output budget allows"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn template_diagnostic(
    error: &tera::Error,
    sources: &BTreeMap<String, TemplateSource>,
    page: Option<&str>,
) -> Diagnostic {
    let rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let source = sources.get(report.filename());
            let file = source.map_or_else(|| report.filename().to_string(), |s| s.origin.clone());
            let span = report.span();
            let pos = Pos::new(span.start_line as u32, span.start_col as u32 + 1);
            let code =
                if matches!(error.kind(), ErrorKind::SyntaxError(_)) { "template-syntax" } else { "template-render" };
            let mut d = Diagnostic::error(file, code, format!("{}{rendering}", report.message()));
            if let Some(source) = source {
                d = d.at(&source.text, pos);
            } else {
                d.pos = Some(pos);
            }
            d
        }
        ErrorKind::TemplateNotFound(name) => {
            let mut d = Diagnostic::error(
                page.unwrap_or("templates"),
                "template-missing",
                format!("there is no template `{name}`"),
            );
            let known: Vec<&str> = sources.keys().map(String::as_str).collect();
            if let Some(close) = crate::suggest::did_you_mean(name, known.iter().copied()) {
                d.hint = Some(format!("did you mean `{close}`?"));
            } else {
                d.hint = Some(format!("add templates/{name}, or use one of: {}", known.join(", ")));
            }
            d
        }
        ErrorKind::MissingParent { current, parent } => {
            let file = sources.get(current).map_or_else(|| current.clone(), |s| s.origin.clone());
            Diagnostic::error(file, "template-missing", format!("`{current}` extends `{parent}`, which does not exist"))
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Diagnostic::error(page.unwrap_or("templates"), "template", format!("{message}{rendering}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        let mut theme = Theme::default();
        for (name, text) in templates {
            theme.templates.insert(
                name.to_string(),
                TemplateSource { text: text.to_string(), origin: format!("templates/{name}") },
            );
        }
        theme
    }

    #[test]
    fn syntax_errors_name_every_broken_template_and_line() {
        let t = theme(&[("a.html", "ok\n{% if %}\n"), ("b.html", "{{ x \n"), ("c.html", "fine")]);
        let diags = build(&t).err().expect("templates are broken");
        let files: Vec<String> = diags.iter().map(|d| d.location()).collect();
        assert_eq!(diags.len(), 2, "{files:?}");
        assert!(files[0].starts_with("templates/a.html:2:"), "{files:?}");
        assert!(files[1].starts_with("templates/b.html:"), "{files:?}");
    }

    #[test]
    fn render_errors_name_the_page() {
        let t = build(&theme(&[("a.html", "line\n{{ missing.field }}")])).ok().unwrap();
        let d = t.render("a.html", &tera::Context::new(), "content/x.md").unwrap_err();
        assert!(d.message.contains("content/x.md"), "{}", d.message);
        assert_eq!(d.pos.map(|p| p.line), Some(2));
    }

    #[test]
    fn a_page_growing_past_its_room_is_cut_just_past_it_and_a_page_within_it_is_whole() {
        let t = build(&theme(&[("loop.html", "{% for a in [1,2,3,4,5,6,7,8,9,10] %}{% for b in [1,2,3,4,5,6,7,8,9,10] %}{% for c in [1,2,3,4,5,6,7,8,9,10] %}0123456789{% endfor %}{% endfor %}{% endfor %}")]))
            .ok()
            .unwrap();
        let ctx = tera::Context::new();
        assert_eq!(t.render("loop.html", &ctx, "p").unwrap().len(), 10_000);
        assert_eq!(t.render_within("loop.html", &ctx, "p", 10_000).unwrap().len(), 10_000, "exactly the room fits");
        assert_eq!(t.render_within("loop.html", &ctx, "p", 2_500).unwrap().len(), 2_501);
        assert_eq!(t.render_within("loop.html", &ctx, "p", 0).unwrap().len(), 1);
    }

    #[test]
    fn a_cut_inside_a_character_still_gives_text_longer_than_the_room() {
        let t = build(&theme(&[("e.html", "{% for i in [1,2,3] %}ééé{% endfor %}")])).ok().unwrap();
        let cut = t.render_within("e.html", &tera::Context::new(), "p", 2).unwrap();
        assert!(cut.len() > 2, "{cut:?}");
    }

    #[test]
    fn autoescape_is_on() {
        let t = build(&theme(&[("a.html", "{{ x }}")])).ok().unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("x", "<script>");
        assert_eq!(t.render("a.html", &ctx, "p").unwrap(), "&lt;script&gt;");
    }
}
