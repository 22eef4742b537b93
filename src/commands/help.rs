//! `costshare help`: a command's help, or a document built into the program,
//! so the reference travels with the binary rather than living only in the
//! repository.

use std::io::Write;

use clap::CommandFactory as _;

use super::{Failure, Outcome, to_stdout};
use crate::cli::{Cli, HelpArgs};

/// The reference of the scenario file format (`costshare help format`):
/// docs/scenario-format.md of this release.
pub const FORMAT_DOC: &str = include_str!("../../docs/scenario-format.md");

/// How numbers are computed, rounded and shown (`costshare help rounding`):
/// docs/rounding.md of this release.
pub const ROUNDING_DOC: &str = include_str!("../../docs/rounding.md");

/// How tables fit a width, and each table's column priorities (`costshare
/// help tables`): docs/tables.md of this release.
pub const TABLES_DOC: &str = include_str!("../../docs/tables.md");

/// Every CSV shape and column, and the options that shape a CSV
/// (`costshare help exports`): docs/exports.md of this release.
pub const EXPORTS_DOC: &str = include_str!("../../docs/exports.md");

/// The text `costshare help TOPIC` prints: a document, or exactly what
/// `costshare TOPIC --help` prints (without a topic, `costshare --help`).
pub fn help_text(topic: Option<&str>) -> String {
    match topic {
        Some("format") => FORMAT_DOC.to_string(),
        Some("rounding") => ROUNDING_DOC.to_string(),
        Some("tables") => TABLES_DOC.to_string(),
        Some("exports") => EXPORTS_DOC.to_string(),
        _ => {
            let args = std::iter::once("costshare")
                .chain(topic)
                .chain(std::iter::once("--help"));
            // `--help` is an "error" that carries the help, as clap renders it.
            match Cli::command().try_get_matches_from(args) {
                Err(help) => help.render().to_string(),
                Ok(_) => Cli::command().render_long_help().to_string(),
            }
        }
    }
}

pub fn help(args: &HelpArgs, stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    let text = help_text(args.topic.as_deref());
    to_stdout(stdout, |out| out.write_all(text.as_bytes()))?;
    Ok(Outcome::default())
}
