//! The command line, parsed by clap. Validation of values happens here, so the rest of
//! rolebook never sees a malformed argument.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// Removes a previous output after the build that replaced it has ended (started by
    /// `build` itself; see output::Cleanup::hand_on).
    #[command(name = crate::output::REMOVER_COMMAND, hide = true)]
    RemoveOldOutput { parent: PathBuf, trash: String, lock: String },
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (the one holding `content/` and `rolebook.yaml`).
    #[arg(long, short = 'r', default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Publish under this URL instead of the config's `base_url` (e.g. https://org.github.io/careers/).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
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
    /// Print only errors and warnings, not the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// How to print problems: for people, one JSON object per line, or GitHub annotations.
    #[arg(long, value_enum, default_value_t = crate::diagnostics::Format::Human, value_name = "FORMAT")]
    pub message_format: crate::diagnostics::Format,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
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
    /// Also check links to other hosts (a few at a time, with timeouts and retries; good
    /// answers are cached for a week in .rolebook/link-cache.json).
    #[arg(long)]
    pub external: bool,
    /// Do not check external links containing this text (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub skip_external: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder (the one holding `content/` and `rolebook.yaml`).
    #[arg(long, short = 'r', default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The address to listen on; the default serves this machine only.
    #[arg(long, short = 'i', default_value = "127.0.0.1", value_name = "ADDR")]
    pub interface: std::net::IpAddr,
    /// The port to listen on (the next free one is used if it is taken).
    #[arg(long, short = 'p', default_value_t = 1111, value_name = "N")]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Also answer requests addressed to this host name or IP (e.g. the machine's LAN
    /// name); repeatable. Loopback names and the --interface address are always answered.
    #[arg(long = "allowed-host", value_name = "HOST[:PORT]", value_parser = crate::serve::host::parse_allowed)]
    pub allowed_hosts: Vec<crate::serve::host::AllowedHost>,
}

impl SiteArgs {
    pub fn options(&self, output_dir: Option<PathBuf>) -> crate::site::Options {
        crate::site::Options {
            root: self.root.clone(),
            output_dir,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            deny_warnings: self.deny_warnings,
            raw_html: self.raw_html,
            remove_old_output_after_exit: true,
            external: false,
            skip_external: Vec::new(),
            no_cache: false,
        }
    }
}
