//! rolebook's integration tests: one binary, fixture sites under `tests/fixtures/`.

mod across;
mod blueprint;
mod build;
mod cli;
mod compare;
mod diagnostics;
mod docs;
mod first_hour;
mod framework;
mod gate;
mod harness;
mod init;
mod ladder_views;
mod output;
mod relative_urls;
mod rendering;
mod robustness;
mod roles;
mod security_budget;
mod security_config;
mod security_limits;
mod security_output;
mod security_owners;
mod security_reads;
mod security_serve;
mod serve;
