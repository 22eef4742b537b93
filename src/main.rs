//! The `costshare` binary: parses arguments, runs the command through the
//! library, writes what it returns, and maps the result to an exit code
//! (0 success, 1 invalid input or failed computation, 2 usage).

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use clap::Parser as _;
use costshare::cli::{Cli, ColorWhen};
use costshare::commands::{self, Failure};
use costshare::diagnostic::render_all;
use costshare::output::OutputProblem;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage mistakes to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let color = match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
        ColorWhen::Auto => anstream::ColorChoice::Auto,
    };
    color.write_global();
    let stdout = std::io::stdout();
    let width = cli.width.or_else(|| {
        stdout
            .is_terminal()
            .then(|| terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0))
            .flatten()
    });
    let mut stderr = anstream::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match commands::execute(&cli.command, width, &mut out) {
        Ok(outcome) => {
            for note in &outcome.notes {
                let _ = writeln!(stderr, "{note}");
            }
            ExitCode::SUCCESS
        }
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(Failure::ClosedOutput) => ExitCode::SUCCESS,
        Err(Failure::Problems {
            diagnostics,
            exit_code,
        }) => {
            // Standard output that cannot be written gets one line: there is
            // no file to point into and no count to give.
            let unwritable = match diagnostics.0.as_slice() {
                [d] if d
                    .problem
                    .kind::<OutputProblem>()
                    .is_some_and(OutputProblem::is_stdout) =>
                {
                    Some(d.message())
                }
                _ => None,
            };
            let _ = match unwritable {
                Some(message) => writeln!(stderr, "error: {message}"),
                None => write!(stderr, "{}", render_all(&diagnostics.0, true)),
            };
            ExitCode::from(exit_code)
        }
    }
}
