//! The `rolebook` binary: parse the command line, run, print, exit.

use std::process::ExitCode;

use clap::Parser;
use rolebook::cli::{Cli, Command, NewCommand};
use rolebook::diagnostics::Format;
use rolebook::{error::Error, site};

/// See Cargo.toml for why: measurably faster on every build the benchmark times.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let run = &args.run;
            finish(site::build(&(&args).into()), "built", run.quiet, run.message_format)
        }
        Command::Check(args) => {
            let run = &args.run;
            finish(site::check(&(&args).into()), "checked", run.quiet, run.message_format)
        }
        Command::Serve(args) => match rolebook::serve::serve((&args).into()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        },
        Command::RemoveOldOutput { parent, trash, lock } => {
            match rolebook::output::finish_removal(&parent, &trash, &lock) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            }
        }
        Command::Init { dir } => match rolebook::init::init(&dir) {
            Ok(()) => {
                print!("{}", rolebook::init::next_steps(&program(), &dir));
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::New { what: NewCommand::Role(args) } => match rolebook::new_role::new_role(&(&args).into()) {
            Ok(created) => {
                print!("{}", rolebook::new_role::report(&created, &program(), &args.root));
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
    }
}

/// How this rolebook was run, for the commands it suggests (see `init::command_name`).
fn program() -> String {
    let argv0 = std::env::args_os().next().unwrap_or_default();
    rolebook::init::command_name(&argv0.to_string_lossy())
}

fn finish(result: Result<site::Report, Error>, verb: &str, quiet: bool, format: Format) -> ExitCode {
    match result {
        Ok(report) => {
            if !report.diagnostics.is_empty() {
                print_diagnostics(&report.diagnostics, format);
            }
            if let Some(since) = &report.since {
                match format {
                    Format::Json => println!("{}", since.json()),
                    _ => print!("{}", since.markdown()),
                }
            }
            if !quiet {
                if let Some(line) = report.openings_line() {
                    println!("{line}");
                }
                println!(
                    "{verb} {} ({} files) in {} ms",
                    rolebook::diagnostics::plural(report.pages, "page"),
                    report.files,
                    report.elapsed.as_millis()
                );
                if let Some(line) = report.history_line() {
                    println!("{line}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(Error::Content(diagnostics)) => {
            print_diagnostics(&diagnostics, format);
            ExitCode::FAILURE
        }
        Err(e) => fail(&e),
    }
}

/// Human text goes to stderr; machine formats go to stdout, where tools read them.
fn print_diagnostics(diagnostics: &rolebook::diagnostics::Diagnostics, format: Format) {
    match format {
        Format::Human => eprint!("{}", diagnostics.render()),
        other => print!("{}", diagnostics.render_as(other)),
    }
}

fn fail(error: &Error) -> ExitCode {
    match error {
        Error::Content(diagnostics) => eprint!("{}", diagnostics.render()),
        Error::Usage(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        other => {
            eprintln!("error: {other}");
            let mut source = std::error::Error::source(other);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
        }
    }
    ExitCode::FAILURE
}
