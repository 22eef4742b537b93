//! `costshare completions SHELL` and `costshare man`: a shell completion
//! script and the manual page, both generated from the command line declared
//! in [`crate::cli`], so they name every command and option there is.

use std::io::{self, Write};

use clap::CommandFactory as _;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::{Failure, Outcome, to_stdout};
use crate::cli::{Cli, CompletionsArgs};

pub fn completions(args: &CompletionsArgs, stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    // Into memory first: the generators panic when a write fails.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "costshare", &mut script);
    to_stdout(stdout, |out| out.write_all(&script))?;
    Ok(Outcome::default())
}

pub fn man(stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    to_stdout(stdout, man_page)?;
    Ok(Outcome::default())
}

/// The manual page costshare(1), in roff: the program's name, synopsis and
/// description (with its examples, exit codes and documents), then a
/// subsection per command with its synopsis, description, options and
/// examples, then the environment and where the rest of the documentation is.
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    let mut cli = Cli::command();
    cli.build();
    let top = Man::new(cli.clone()).manual("costshare manual");
    top.render_title(out)?;
    top.render_name_section(out)?;
    top.render_synopsis_section(out)?;
    top.render_description_section(out)?;
    verbatim(&cli).to_writer(out)?;
    Roff::new().control("SH", ["COMMANDS"]).to_writer(out)?;
    for command in cli.get_subcommands() {
        let name = format!("costshare {}", command.get_name());
        Roff::new().control("SS", [name.as_str()]).to_writer(out)?;
        // The command's own sections as paragraphs of its subsection.
        let sub = Man::new(command.clone());
        let mut body = Vec::new();
        sub.render_synopsis_section(&mut body)?;
        sub.render_description_section(&mut body)?;
        sub.render_options_section(&mut body)?;
        for line in String::from_utf8_lossy(&body).lines() {
            if line.starts_with(".SH") {
                writeln!(out, ".PP")?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        verbatim(command).to_writer(out)?;
    }
    Roff::new()
        .control("SH", ["ENVIRONMENT"])
        .control("TP", [])
        .text([bold("NO_COLOR")])
        .text([roman(
            "When set (to anything), messages are never coloured with --color auto.",
        )])
        .control("TP", [])
        .text([bold("COLUMNS")])
        .text([roman(
            "The width tables are fitted to when standard output is not a terminal and --width is not given (a positive number).",
        )])
        .control("SH", ["SEE ALSO"])
        .text([
            bold("costshare help format"),
            roman(" (every key of a scenario file), "),
            bold("costshare help rounding"),
            roman(" (how numbers are computed, rounded and shown)."),
        ])
        .to_writer(out)
}

/// A command's text after its options (examples, exit codes), line for line.
fn verbatim(command: &clap::Command) -> Roff {
    let mut roff = Roff::new();
    if let Some(text) = command.get_after_help() {
        roff.control("PP", []).control("nf", []);
        for line in text.to_string().lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
    roff
}
