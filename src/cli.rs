//! The command line, parsed by clap. Validation of values happens here, so the rest of
//! rolebook never sees a malformed argument.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::BaseUrl;
use crate::site::Options;

#[derive(Debug, Parser)]
#[command(
    name = "rolebook",
    version,
    about = "Build careers microsites from role blueprints.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate and render everything, writing nothing; exit 1 on any error.
    Check(CheckArgs),
    /// Build the site into memory and serve it with live reload.
    Serve(ServeArgs),
    /// Create a new site in DIR (which must be missing or empty).
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// Add to a site: `new role <id>` writes a role file that passes `check`.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Removes a previous output after the build that replaced it has ended (started by
    /// `build` itself; see output::Cleanup::hand_on).
    #[command(name = crate::output::REMOVER_COMMAND, hide = true)]
    RemoveOldOutput { parent: PathBuf, trash: String, lock: String },
}

/// What `new` can add.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write content/roles/<ID>.yaml: a role that passes `check` as it is, to fill in.
    Role(NewRoleArgs),
}

#[derive(Debug, Args)]
pub struct NewRoleArgs {
    /// The new role's id (lowercase kebab-case, e.g. `analytics-engineer`).
    pub id: String,
    /// The role this one follows: same family and track, one level up, named as its feeder.
    #[arg(long, value_name = "ID")]
    pub from: Option<String>,
    /// Write a stub (the header only): a role that is named but not written yet.
    #[arg(long)]
    pub stub: bool,
    /// The role's title [default: made from the id].
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The site folder (the one holding `content/` and `rolebook.yaml`).
    #[arg(long, short = 'r', default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

impl From<&NewRoleArgs> for crate::new_role::Request {
    fn from(args: &NewRoleArgs) -> Self {
        crate::new_role::Request {
            root: args.root.clone(),
            id: args.id.clone(),
            from: args.from.clone(),
            stub: args.stub,
            title: args.title.clone(),
        }
    }
}

/// What every command that builds the site (build, check, serve) reads it with.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (the one holding `content/` and `rolebook.yaml`).
    #[arg(long, short = 'r', default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// What to do with HTML written in markdown, whatever the config says: the config is
    /// part of a contribution, the command line CI runs is not (see docs/security.md).
    #[arg(long, value_enum, value_name = "MODE")]
    pub raw_html: Option<crate::markdown::RawHtml>,
    /// The day taken as today when checking openings (YYYY-MM-DD), for reproducible
    /// builds; the UTC date by default.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<crate::date::Date>,
}

fn parse_date(value: &str) -> Result<crate::date::Date, String> {
    value.parse().map_err(|e: crate::date::DateError| e.0)
}

/// What build and check, which run once and report, share; the preview serves at its own
/// address and prints as it goes, so it has none of these.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Publish under this URL instead of the config's `base_url` (e.g. https://org.github.io/careers/).
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<BaseUrl>,
    /// Write every link of the output relative to its page, so the output folder works
    /// opened from disk (file://) or from any sub-path; overrides `relative_urls` in the config.
    #[arg(long)]
    pub relative_urls: bool,
    /// Print only errors and warnings, not the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// How to print problems: for people, one JSON object per line, or GitHub annotations.
    #[arg(long, value_enum, default_value_t = crate::diagnostics::Format::Human, value_name = "FORMAT")]
    pub message_format: crate::diagnostics::Format,
}

/// `--base-url`, parsed once here: a bad value is a usage error (exit 2) naming the flag,
/// and the rest of rolebook only ever sees a [`BaseUrl`].
fn parse_base_url(value: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(value)
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Where to write the site [default: <root>/public].
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Neither read nor write the cache of highlighted code (.rolebook/cache/).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Also check links to other hosts (a few at a time, with timeouts and retries; good
    /// answers are cached for a week in .rolebook/link-cache.json).
    #[arg(long)]
    pub external: bool,
    /// Do not check external links containing this text (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub skip_external: Vec<String>,
    /// Also print what the roles change compared with this git revision (a branch, tag or
    /// commit, e.g. `origin/main`), as markdown for a pull request, or as a JSON line with
    /// `--message-format json`.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The address to listen on; the default serves this machine only.
    #[arg(long, short = 'i', default_value = "127.0.0.1", value_name = "ADDR")]
    pub interface: std::net::IpAddr,
    /// The port to listen on (the next free one is used if it is taken).
    #[arg(long, short = 'p', default_value_t = 1111, value_name = "N")]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Also answer requests addressed to this host name or IP (e.g. the machine's LAN
    /// name); repeatable. Loopback names and the --interface address are always answered.
    #[arg(long = "allowed-host", value_name = "HOST[:PORT]", value_parser = crate::serve::host::parse_allowed)]
    pub allowed_hosts: Vec<crate::serve::host::AllowedHost>,
}

// The options of each command, made here and only here, every field said once.

impl From<&BuildArgs> for Options {
    fn from(args: &BuildArgs) -> Self {
        Options {
            root: args.site.root.clone(),
            output_dir: args.output_dir.clone(),
            base_url: args.run.base_url.clone(),
            relative_urls: args.run.relative_urls.then_some(true),
            drafts: args.site.drafts,
            deny_warnings: args.site.deny_warnings,
            raw_html: args.site.raw_html,
            today: args.site.today,
            external: false,
            skip_external: Vec::new(),
            no_cache: args.no_cache,
            // The rolebook binary is the executable here, so it can remove the previous
            // output after it exits.
            remove_old_output_after_exit: true,
            since: None,
        }
    }
}

impl From<&CheckArgs> for Options {
    fn from(args: &CheckArgs) -> Self {
        Options {
            root: args.site.root.clone(),
            output_dir: None,
            base_url: args.run.base_url.clone(),
            relative_urls: args.run.relative_urls.then_some(true),
            drafts: args.site.drafts,
            deny_warnings: args.site.deny_warnings,
            raw_html: args.site.raw_html,
            today: args.site.today,
            external: args.external,
            skip_external: args.skip_external.clone(),
            // `check` writes nothing, so it neither reads nor writes the cache.
            no_cache: true,
            remove_old_output_after_exit: false,
            since: args.since.clone(),
        }
    }
}

impl From<&ServeArgs> for crate::serve::Options {
    fn from(args: &ServeArgs) -> Self {
        crate::serve::Options {
            site: Options {
                root: args.site.root.clone(),
                output_dir: None,
                // The preview publishes under the address it listens on, set once bound.
                base_url: None,
                // The preview serves from its own root, and its fast paths write pages
                // that this rewrite would not see.
                relative_urls: Some(false),
                drafts: args.site.drafts,
                deny_warnings: args.site.deny_warnings,
                raw_html: args.site.raw_html,
                today: args.site.today,
                external: false,
                skip_external: Vec::new(),
                // The preview writes nothing to the site folder.
                no_cache: true,
                remove_old_output_after_exit: false,
                since: None,
            },
            interface: args.interface,
            port: args.port,
            open: args.open,
            allowed_hosts: args.allowed_hosts.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("rolebook").chain(args.iter().copied())).unwrap().command
    }

    #[test]
    fn build_options_carry_every_build_flag_with_the_base_url_parsed_once() {
        let Command::Build(args) = parse(&[
            "build",
            "--root",
            "site",
            "--base-url",
            "https://org.github.io/careers",
            "--drafts",
            "--deny-warnings",
            "--raw-html",
            "escape",
            "--no-cache",
            "-o",
            "out",
        ]) else {
            panic!("not build")
        };
        let options = Options::from(&args);
        assert_eq!(options.root, PathBuf::from("site"));
        assert_eq!(options.output_dir, Some(PathBuf::from("out")));
        let base = options.base_url.expect("--base-url given");
        assert_eq!((base.origin.as_str(), base.path.as_str()), ("https://org.github.io", "/careers/"));
        assert!(options.drafts && options.deny_warnings && options.no_cache);
        assert_eq!(options.raw_html, Some(crate::markdown::RawHtml::Escape));
    }

    #[test]
    fn relative_urls_is_a_flag_of_build_and_check_and_never_of_the_preview() {
        let Command::Build(args) = parse(&["build", "--relative-urls"]) else { panic!("not build") };
        assert_eq!(Options::from(&args).relative_urls, Some(true));
        let Command::Build(args) = parse(&["build"]) else { panic!("not build") };
        assert_eq!(Options::from(&args).relative_urls, None, "without the flag, the config decides");
        let Command::Check(args) = parse(&["check", "--relative-urls"]) else { panic!("not check") };
        assert_eq!(Options::from(&args).relative_urls, Some(true));
        let Command::Serve(args) = parse(&["serve"]) else { panic!("not serve") };
        assert_eq!(crate::serve::Options::from(&args).site.relative_urls, Some(false));
    }

    #[test]
    fn check_options_carry_the_external_flags_and_never_use_the_cache() {
        let Command::Check(args) = parse(&["check", "--external", "--skip-external", "example.org"]) else {
            panic!("not check")
        };
        let options = Options::from(&args);
        assert!(options.external && options.no_cache);
        assert_eq!(options.skip_external, ["example.org"]);
        assert!(options.base_url.is_none());
    }

    #[test]
    fn serve_shares_the_site_flags_of_build_and_check() {
        let Command::Serve(args) =
            parse(&["serve", "-r", "site", "--drafts", "--deny-warnings", "--raw-html", "escape"])
        else {
            panic!("not serve")
        };
        let options = crate::serve::Options::from(&args);
        assert_eq!(options.site.root, PathBuf::from("site"));
        assert!(options.site.drafts && options.site.deny_warnings);
        assert_eq!(options.site.raw_html, Some(crate::markdown::RawHtml::Escape));
    }

    #[test]
    fn a_bad_base_url_is_a_usage_error_naming_the_flag_and_the_problem() {
        let args = ["rolebook", "build", "--base-url", "ftp://example.org/"];
        let error = Cli::try_parse_from(args).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let text = error.to_string();
        assert!(text.contains("--base-url") && text.contains("must use http or https"), "{text}");
    }
}
