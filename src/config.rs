//! The site's configuration: `rolebook.yaml` at the site root. Every key is optional.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::RawHtml;
use crate::source_fs::{Problem, SiteFs, CONFIG_LIMIT};
use crate::yaml::{self, Spanned};

pub const CONFIG_FILE: &str = "rolebook.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The site's name, shown in the header and page titles.
    pub title: String,
    /// A sentence about the site, for search engines and link previews.
    pub description: String,
    /// Where the site is published, e.g. `https://org.github.io/careers/`.
    pub base_url: Spanned<String>,
    /// The `lang` of every page.
    pub language: String,
    /// The theme: `default` (built in) or a folder under `themes/`.
    pub theme: Spanned<String>,
    /// syntect theme for code in light mode.
    pub highlight_theme: Spanned<String>,
    /// syntect theme for code in dark mode.
    pub highlight_theme_dark: Spanned<String>,
    /// Treat warnings as errors in `build` and `check`.
    pub deny_warnings: bool,
    /// HTML written inside markdown: `trusted` (published as written), `sanitize`
    /// (cleaned to harmless markup) or `escape` (shown as text). A site that builds
    /// contributors' changes should not trust them.
    pub raw_html: RawHtml,
    /// Write every link of the output relative to its page, so the output works opened
    /// from disk (`build --relative-urls` says the same).
    pub relative_urls: bool,
    /// Free-form values passed to templates as `config.extra`.
    pub extra: Option<serde_json::Value>,
    /// The site's own blueprint shape: which sections a role page shows, their headings,
    /// their order and which are required (see [`crate::content::sections`]). Without it,
    /// the built-in twenty-section blueprint.
    pub blueprint: Option<BlueprintConfig>,
    /// Who is hiring: named in every job posting's structured data. Required once the
    /// site has openings.
    pub organization: Option<Organization>,
    /// Publish the roles' pay bands on their pages and in `/api` (pay transparency).
    /// Openings show their pay either way.
    pub publish_pay_bands: bool,
    /// The framework's history from git: `history: false` switches it off; a mapping sets
    /// which tags mark releases.
    pub history: HistoryConfig,
}

/// `history:` in `rolebook.yaml`: `false`, `true`, or `{enabled, release_tags, reused_ids}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryConfig {
    /// Read the git history (on by default; off, nothing touches the repository).
    pub enabled: bool,
    /// Tags whose name matches this glob (`*` any run of characters, `?` one) mark releases,
    /// e.g. `framework-v*`.
    pub release_tags: Option<String>,
    /// Old role ids (from renames git recorded) that a role of today may take as its own:
    /// their old URLs then lead to the new role instead of redirecting.
    pub reused_ids: Vec<String>,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig { enabled: true, release_tags: None, reused_ids: Vec::new() }
    }
}

impl<'de> Deserialize<'de> for HistoryConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct HistoryVisitor;
        impl<'de> Visitor<'de> for HistoryVisitor {
            type Value = HistoryConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`true`, `false`, or a mapping with `enabled`, `release_tags` and `reused_ids`")
            }
            fn visit_bool<E: de::Error>(self, enabled: bool) -> Result<HistoryConfig, E> {
                Ok(HistoryConfig { enabled, ..HistoryConfig::default() })
            }
            fn visit_unit<E: de::Error>(self) -> Result<HistoryConfig, E> {
                Ok(HistoryConfig::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HistoryConfig, A::Error> {
                let mut config = HistoryConfig::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "enabled" => config.enabled = map.next_value()?,
                        "release_tags" => config.release_tags = map.next_value()?,
                        "reused_ids" => config.reused_ids = map.next_value()?,
                        other => {
                            const KEYS: [&str; 3] = ["enabled", "release_tags", "reused_ids"];
                            let close = crate::suggest::did_you_mean(other, KEYS)
                                .map(|k| format!("did you mean `{k}`? "))
                                .unwrap_or_default();
                            return Err(de::Error::custom(format!(
                                "unknown key `{other}`; {close}`history` has `enabled`, `release_tags` and `reused_ids`"
                            )));
                        }
                    }
                }
                Ok(config)
            }
        }
        deserializer.deserialize_any(HistoryVisitor)
    }
}

/// `organization:` in `rolebook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub name: String,
    /// The organisation's own site (`https://...`).
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// Its logo: a full URL, or a path of the site (`/images/logo.png`).
    #[serde(default)]
    pub logo: Option<Spanned<String>>,
}

/// `blueprint:` in `rolebook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlueprintConfig {
    pub sections: Vec<SectionConfig>,
}

/// One section of a site's blueprint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionConfig {
    /// A section key: `summary`, `kpis`, `expectations`, ...
    pub section: Spanned<String>,
    /// The heading shown, in place of the built-in one.
    #[serde(default)]
    pub heading: Option<String>,
    /// Whether a written role without it is warned about.
    #[serde(default)]
    pub required: bool,
    /// For a section of the site's own (a key that is not built in): `prose` or `list`.
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Careers".into(),
            description: String::new(),
            base_url: Spanned { value: "/".into(), pos: Default::default() },
            language: "en".into(),
            theme: Spanned { value: "default".into(), pos: Default::default() },
            highlight_theme: Spanned { value: "InspiredGitHub".into(), pos: Default::default() },
            highlight_theme_dark: Spanned { value: "base16-ocean.dark".into(), pos: Default::default() },
            deny_warnings: false,
            relative_urls: false,
            raw_html: RawHtml::Trusted,
            extra: None,
            blueprint: None,
            organization: None,
            publish_pay_bands: false,
            history: HistoryConfig::default(),
        }
    }
}

/// A base URL split into the parts links need.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseUrl {
    /// `https://org.github.io` (empty when the base URL is only a path).
    pub origin: String,
    /// `/careers/`: always starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host/sub/`, `https://host` or `/sub/`.
    ///
    /// The base URL is written into every link of the site, and `rolebook.yaml` is part
    /// of a contribution: so a value a browser would read as another host (`//evil/`,
    /// `/\evil/`, `https://good\@evil/`, `https://user@evil/`) or that could break out
    /// of an attribute is refused, not published.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        if let Some(bad) = url.chars().find(|c| c.is_control() || c.is_whitespace()) {
            return Err(format!("base_url cannot contain spaces or control characters (found {bad:?})"));
        }
        let (origin, path) = if let Some(scheme_end) = url.find("://") {
            let scheme = &url[..scheme_end];
            if scheme == "file" {
                return Err("base_url cannot be a file:// URL: to open the output from disk, build with \
                            --relative-urls (or set `relative_urls: true` in rolebook.yaml)"
                    .into());
            }
            if !matches!(scheme, "http" | "https") {
                return Err(format!("base_url must use http or https, not `{scheme}`"));
            }
            let after = &url[scheme_end + 3..];
            let host_end = after.find(['/', '\\', '?', '#']).unwrap_or(after.len());
            if host_end == 0 {
                return Err("base_url has no host name".into());
            }
            check_authority(&after[..host_end])?;
            (url[..scheme_end + 3 + host_end].to_string(), &after[host_end..])
        } else if url.starts_with('/') {
            (String::new(), url)
        } else {
            return Err(format!("`{url}` is neither a full URL nor a path starting with `/`"));
        };
        if path.contains(['?', '#']) {
            return Err("base_url cannot contain `?` or `#`".into());
        }
        if let Some(bad) =
            path.chars().find(|c| matches!(c, '\\' | '"' | '\'' | '<' | '>' | '`' | '^' | '{' | '}' | '|'))
        {
            return Err(format!("the path of base_url cannot contain `{bad}`"));
        }
        let trimmed = path.trim_end_matches('/');
        if trimmed.contains("//") || path.starts_with("//") {
            // A path starting `//` is read by browsers as another host.
            return Err("the path of base_url cannot contain `//`".into());
        }
        if trimmed.split('/').any(|segment| segment == "." || segment == "..") {
            return Err("the path of base_url cannot contain `.` or `..` segments".into());
        }
        let mut path = trimmed.to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// The absolute URL of a site path such as `/a/b/`.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}{}", self.origin, self.path.trim_end_matches('/'), url)
    }
}

/// Checks the `host[:port]` of a base URL: a DNS name (letters of any script, digits,
/// `-`, dots between labels) or a bracketed IPv6 address, and an optional numeric port.
/// No user name (`user@host`): browsers would take the part after `@` as the host.
fn check_authority(authority: &str) -> Result<(), String> {
    if authority.contains('@') {
        return Err("base_url cannot hold a user name (`…@host`); give the host only".into());
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(rest) => {
            let end = rest.find(']').ok_or("base_url has an unclosed `[` in its host")?;
            let (v6, after) = (&rest[..end], &rest[end + 1..]);
            if v6.is_empty() || !v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
                return Err(format!("`[{v6}]` is not an IPv6 address"));
            }
            (None, after.strip_prefix(':').map(Some).unwrap_or(if after.is_empty() { None } else { Some(after) }))
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(authority), None),
        },
    };
    if let Some(port) = port {
        if port.is_empty() || !port.chars().all(|c| c.is_ascii_digit()) || port.parse::<u16>().is_err() {
            return Err(format!("`{port}` is not a port number"));
        }
    }
    if let Some(host) = host {
        let label_ok = |label: &str| {
            !label.is_empty() && !label.starts_with('-') && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if !host.trim_end_matches('.').split('.').all(label_ok) {
            return Err(format!("`{host}` is not a host name"));
        }
    }
    Ok(())
}

/// Reads `root/rolebook.yaml` (defaults when it does not exist). Problems go to `diagnostics`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Config {
    let site = match SiteFs::open(root) {
        Ok(site) => site,
        Err(e) => {
            diagnostics.push(Problem::Io(e).diagnostic(CONFIG_FILE));
            return Config::default();
        }
    };
    // Resolved first so that only a file that is really absent means "defaults": a dangling
    // or escaping link named rolebook.yaml is an error, not a silent default.
    let real = match site.resolve(CONFIG_FILE) {
        Ok(real) => real,
        Err(Problem::Missing) => return Config::default(),
        Err(problem) => {
            diagnostics.push(problem.diagnostic(CONFIG_FILE));
            return Config::default();
        }
    };
    let text = match site.read_text_at(CONFIG_FILE, &real, CONFIG_LIMIT) {
        Ok(text) => text,
        Err(d) => {
            diagnostics.push(d);
            return Config::default();
        }
    };
    let config = parse(&text, diagnostics);
    validate(&config, &text, diagnostics);
    config
}

/// Why `name` cannot be a theme folder, if it cannot. A theme is one plain folder name under
/// `themes/`: anything else (`../x`, `/abs`, `a/b`, `C:x`) would let the config publish a
/// folder from elsewhere.
pub fn theme_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("the theme name is empty")
    } else if name.contains(['/', '\\']) {
        Some("a theme is a folder directly under themes/, so its name cannot contain `/` or `\\`")
    } else if name.starts_with('.') {
        Some("a theme name cannot start with `.` (that would be `..` or a hidden folder)")
    } else if name.contains(':') || name.chars().any(char::is_control) {
        Some("a theme name cannot contain `:` or control characters")
    } else {
        None
    }
}

fn parse(text: &str, diagnostics: &mut Diagnostics) -> Config {
    let node = match yaml::parse(text, 1) {
        Ok(node) => node,
        Err(e) => {
            let mut d = Diagnostic::error(CONFIG_FILE, "yaml-syntax", e.message).at(text, e.pos);
            d.hint = e.hint;
            diagnostics.push(d);
            return Config::default();
        }
    };
    if matches!(node.kind, yaml::NodeKind::Null) {
        return Config::default();
    }
    let mut problems = Vec::new();
    let config = yaml::from_node::<Config>(&node, &mut problems);
    for p in problems {
        diagnostics.push(crate::content::yaml_diagnostic(CONFIG_FILE, text, p));
    }
    config.unwrap_or_default()
}

fn validate(config: &Config, text: &str, diagnostics: &mut Diagnostics) {
    if let Some(problem) = theme_name_problem(&config.theme) {
        diagnostics.push(
            Diagnostic::error(CONFIG_FILE, "bad-theme-name", format!("`{}` is not a theme name: {problem}", config.theme.value))
                .at(text, config.theme.pos)
                .with_hint("write the name of a folder under themes/ (e.g. `theme: corporate` for themes/corporate/), or `default`"),
        );
    }
    if let Err(message) = BaseUrl::parse(&config.base_url) {
        diagnostics.push(
            Diagnostic::error(CONFIG_FILE, "bad-base-url", message)
                .at(text, config.base_url.pos)
                .with_hint("for example `https://example.org/` or `https://org.github.io/careers/`"),
        );
    }
    if let Some(blueprint) = &config.blueprint {
        crate::content::sections::check_config(blueprint, text, diagnostics);
    }
    if let Some(org) = &config.organization {
        validate_organization(org, text, diagnostics);
    }
    // Only names the site set are checked: the defaults exist, and checking loads syntect's
    // themes, which a site without code blocks should never pay for.
    let defaults = Config::default();
    let set = [
        (&config.highlight_theme, &defaults.highlight_theme),
        (&config.highlight_theme_dark, &defaults.highlight_theme_dark),
    ];
    for theme in set.into_iter().filter(|(t, d)| t.value != d.value).map(|(t, _)| t) {
        if !crate::highlight::theme_exists(theme) {
            let names = crate::highlight::theme_names();
            let hint = match crate::suggest::did_you_mean(theme, names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("available themes: {}", names.join(", ")),
            };
            diagnostics.push(
                Diagnostic::error(CONFIG_FILE, "unknown-theme", format!("unknown highlight theme `{}`", theme.value))
                    .at(text, theme.pos)
                    .with_hint(hint),
            );
        }
    }
}

/// The organisation's URLs go into every job posting: a full `http(s)` URL each, or for
/// the logo a path of the site.
fn validate_organization(org: &Organization, text: &str, diagnostics: &mut Diagnostics) {
    let is_web = |u: &str| {
        (u.starts_with("https://") || u.starts_with("http://"))
            && BaseUrl::parse(u).is_ok_and(|b| !b.origin.is_empty())
            && !u.contains(['"', '<', '>', ' '])
    };
    if org.name.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(CONFIG_FILE, "no-organization", "organization.name is empty")
                .with_hint("write the name people know the employer by, e.g. `name: Example Labs`"),
        );
    }
    if let Some(url) = &org.url {
        if !is_web(url.value.trim()) {
            diagnostics.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    "bad-url",
                    format!("organization.url `{}` is not a web address", url.value),
                )
                .at(text, url.pos)
                .with_hint("give the organisation's site in full, e.g. `https://example.org/`"),
            );
        }
    }
    if let Some(logo) = &org.logo {
        let l = logo.value.trim();
        let site_path = l.starts_with('/') && !l.starts_with("//") && !l.contains(['"', '<', '>', ' ', '\\']);
        if !site_path && !is_web(l) {
            diagnostics.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    "bad-url",
                    format!("organization.logo `{l}` is neither a web address nor a path of the site"),
                )
                .at(text, logo.pos)
                .with_hint(
                    "write a full URL (`https://example.org/logo.png`) or a path of this site (`/images/logo.png`)",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let b = BaseUrl::parse("https://org.github.io/careers").unwrap();
        assert_eq!(b, BaseUrl { origin: "https://org.github.io".into(), path: "/careers/".into() });
        assert_eq!(b.permalink("/a/"), "https://org.github.io/careers/a/");
        assert_eq!(BaseUrl::parse("https://x.org").unwrap().path, "/");
        assert_eq!(BaseUrl::parse("/").unwrap().permalink("/"), "/");
        assert!(BaseUrl::parse("ftp://x").is_err());
        assert!(BaseUrl::parse("example.org").is_err());
        assert_eq!(BaseUrl::parse("http://[::1]:8080/x").unwrap().origin, "http://[::1]:8080");
        assert_eq!(BaseUrl::parse("https://bücher.example:443").unwrap().path, "/");
        assert_eq!(BaseUrl::parse("/careers/%C3%A9t%C3%A9/").unwrap().path, "/careers/%C3%A9t%C3%A9/");
    }

    #[test]
    fn base_urls_a_browser_would_read_as_another_host_are_refused() {
        for bad in [
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example/",
            "/a//evil.example/",
            "https://good.example\\@evil.example/",
            "https://user@evil.example/",
            "https://good.example:80@evil.example/",
            "https://evil.example\\/",
            "https:///evil.example/",
            "https://good.example/a/../../x/",
            "https://good.example/\"onmouseover=x/",
            "https://good.example/<script>/",
            "https://good.example/a\tb/",
            "https://good.example:99999/",
            "https://-bad.example/",
            "https://good..example/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad:?} was accepted as {:?}", BaseUrl::parse(bad));
        }
    }

    #[test]
    fn a_misspelt_highlight_theme_is_an_error_with_a_hint() {
        let mut diags = Diagnostics::new();
        let text = "highlight_theme: InspiredGithub\n";
        let config = parse(text, &mut diags);
        validate(&config, text, &mut diags);
        let d = &diags.sorted()[0];
        assert_eq!((d.code, d.location().as_str()), ("unknown-theme", "rolebook.yaml:1:18"));
        assert_eq!(d.hint.as_deref(), Some("did you mean `InspiredGitHub`?"));
    }

    #[test]
    fn theme_names_are_plain_folder_names() {
        for good in ["default", "corporate", "dark-2", "Ünïcode"] {
            assert_eq!(theme_name_problem(good), None, "{good}");
        }
        for bad in ["", "..", ".", ".hidden", "../x", "/etc", "a/b", "a\\b", "C:x", "a\0b"] {
            assert!(theme_name_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn a_theme_path_is_an_error_at_its_value() {
        let mut diags = Diagnostics::new();
        let text = "title: Jobs\ntheme: ../../elsewhere\n";
        let config = parse(text, &mut diags);
        validate(&config, text, &mut diags);
        let d = &diags.sorted()[0];
        assert_eq!((d.code, d.location().as_str()), ("bad-theme-name", "rolebook.yaml:2:8"));
    }

    #[test]
    fn unknown_keys_get_a_hint() {
        let mut diags = Diagnostics::new();
        let config = parse("title: Jobs\nbase_ulr: https://x.org/\n", &mut diags);
        assert_eq!(config.title, "Jobs");
        let d = &diags.sorted()[0];
        assert_eq!(d.location(), "rolebook.yaml:2:1");
        assert_eq!(d.hint.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn raw_html_reads_its_three_settings_and_defaults_to_trusted() {
        for (text, expected) in [
            ("title: Jobs\n", RawHtml::Trusted),
            ("raw_html: trusted\n", RawHtml::Trusted),
            ("raw_html: sanitize\n", RawHtml::Sanitize),
            ("raw_html: escape\n", RawHtml::Escape),
        ] {
            let mut diags = Diagnostics::new();
            assert_eq!(parse(text, &mut diags).raw_html, expected, "{text}");
            assert!(diags.sorted().is_empty(), "{text}");
        }
    }

    #[test]
    fn an_unknown_raw_html_setting_is_an_error_at_its_value_with_a_hint() {
        let mut diags = Diagnostics::new();
        parse("title: Jobs\nraw_html: sanitise\n", &mut diags);
        let d = &diags.sorted()[0];
        assert_eq!(d.location(), "rolebook.yaml:2:11");
        assert!(d.message.contains("`sanitise`"), "{}", d.message);
        assert_eq!(d.hint.as_deref(), Some("did you mean `sanitize`?"));
    }
}
