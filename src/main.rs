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
    let color = match cli.command.color() {
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
        ColorWhen::Auto => anstream::ColorChoice::Auto,
    };
    color.write_global();
    let stdout = std::io::stdout();
    let terminal = stdout
        .is_terminal()
        .then(|| terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0))
        .flatten();
    let columns = std::env::var("COLUMNS").ok();
    let width = table_width(cli.command.width(), terminal, columns.as_deref());
    let mut stderr = anstream::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match commands::execute(&cli.command, width, &mut out) {
        Ok(outcome) => {
            for warning in &outcome.warnings {
                let _ = writeln!(stderr, "{}\n", warning.render_warning(true));
            }
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

/// The width tables are fitted to: `--width` first; else the terminal's width
/// when standard output is a terminal; else `COLUMNS` when it holds a positive
/// number (so `COLUMNS=100 costshare demo | less` fits 100 columns); else no
/// limit. A `COLUMNS` beyond what a width can hold is taken as the most it can.
fn table_width(asked: Option<u16>, terminal: Option<u16>, columns: Option<&str>) -> Option<u16> {
    let from_env = || {
        let n: u64 = columns?.trim().parse().ok()?;
        (n > 0).then(|| u16::try_from(n).unwrap_or(u16::MAX))
    };
    asked.or(terminal).or_else(from_env)
}

#[cfg(test)]
mod tests {
    use super::table_width;

    #[test]
    fn the_width_asked_for_then_the_terminal_then_columns() {
        assert_eq!(table_width(Some(80), Some(120), Some("100")), Some(80));
        assert_eq!(table_width(None, Some(120), Some("100")), Some(120));
        assert_eq!(table_width(None, None, Some("100")), Some(100));
        assert_eq!(table_width(None, None, Some(" 100\n")), Some(100));
        assert_eq!(table_width(None, None, None), None);
    }

    #[test]
    fn columns_counts_only_as_a_positive_number() {
        for junk in ["", "0", "-80", "abc", "80x", "1e3", "80.5"] {
            assert_eq!(table_width(None, None, Some(junk)), None, "{junk:?}");
        }
        assert_eq!(table_width(None, None, Some("1000000")), Some(u16::MAX));
    }
}
