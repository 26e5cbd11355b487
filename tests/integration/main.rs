//! rolebook's integration tests: one binary, fixture sites under `tests/fixtures/`.

mod across;
mod blueprint;
mod build;
mod cli;
mod diagnostics;
mod gate;
mod harness;
mod output;
mod robustness;
mod roles;
mod security_budget;
mod security_limits;
mod security_owners;
mod security_reads;
mod security_serve;
mod serve;
