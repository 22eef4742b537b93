//! What each command does, from parsed arguments to the bytes of its output.
//!
//! Commands load and check every file first (all problems of all files are
//! reported together), then analyse, build the view, and export it into the
//! output: standard output, or a file through [`crate::output::Target`],
//! prepared before any work so a bad path fails fast. Nothing here prints:
//! [`execute`] writes into the standard output it is given and returns the
//! messages for standard error; the binary decides where they go.

mod compare;
mod completions;
mod export;
mod help;
mod new;
pub mod problem;
mod rates;
mod run;
mod validate;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Column, Comparison, Computed, Measure, StudyId};
use crate::cli::{Command, CompareChoice, CsvArgs};
use crate::commands::problem::UsageProblem;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::export::{Exporter, Format};
use crate::output::OutputProblem;
use crate::output::Target;
use crate::scenario::{self, Study};
use crate::view::View;

pub use completions::man_page;
pub use help::{EXPORTS_DOC, FORMAT_DOC, ROUNDING_DOC, TABLES_DOC, help_text};
pub use new::STARTER;

/// The seed study built into the program (`costshare demo`).
pub const DEMO_STUDY: &str = include_str!("../../scenarios/sma-2020-talks.toml");
/// The name the built-in study is shown under.
pub const DEMO_NAME: &str = "<built-in> scenarios/sma-2020-talks.toml";

/// What a successful command has to say besides its output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Short notes for standard error (e.g. "wrote out.csv").
    pub notes: Vec<String>,
    /// Warnings for standard error: nothing that stops the command or changes
    /// its exit code, but worth a look (e.g. an exchange rate that may be
    /// written the wrong way round).
    pub warnings: Vec<Diagnostic>,
}

/// Why a command did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// Problems to report, and the exit code that says so: 1 for invalid
    /// input or a failed computation, 2 for a usage mistake.
    Problems {
        /// Every problem found.
        diagnostics: Diagnostics,
        /// The exit code.
        exit_code: u8,
    },
    /// Standard output was closed by its reader (`| head`): the reader's
    /// choice, not a failure of the command.
    ClosedOutput,
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Failure {
        Failure::Problems {
            diagnostics,
            exit_code: 1,
        }
    }
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Failure {
        Diagnostics::from(diagnostic).into()
    }
}

impl From<OutputProblem> for Failure {
    fn from(problem: OutputProblem) -> Failure {
        Diagnostic::new(problem).into()
    }
}

/// A usage mistake (exit code 2).
fn usage(problem: UsageProblem) -> Failure {
    Failure::Problems {
        diagnostics: Diagnostic::new(problem).into(),
        exit_code: 2,
    }
}

/// Runs a command. `width` is the terminal width tables should fit, if any;
/// `stdout` receives the output meant for standard output.
pub fn execute(
    command: &Command,
    width: Option<u16>,
    stdout: &mut dyn Write,
) -> Result<Outcome, Failure> {
    match command {
        Command::Run(args) => run::run(args, width, stdout),
        Command::Compare(args) => compare::compare(args, width, stdout),
        Command::Export(args) => export::export(args, stdout),
        Command::Validate(args) => validate::validate(args, stdout),
        Command::New(args) => new::new(args, stdout),
        Command::Demo(args) => compare::demo(args, width, stdout),
        Command::Completions(args) => completions::completions(args, stdout),
        Command::Man(_) => completions::man(stdout),
        Command::Help(args) => help::help(args, stdout),
    }
}

/// Applies `f` to every item; the results, or every problem of every item.
fn all_or_problems<T, U>(
    items: impl IntoIterator<Item = T>,
    mut f: impl FnMut(T) -> Result<U, Diagnostics>,
) -> Result<Vec<U>, Diagnostics> {
    let mut out = Vec::new();
    let mut problems = Diagnostics::new();
    for item in items {
        match f(item) {
            Ok(u) => out.push(u),
            Err(d) => problems.0.extend(d.0),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The FILE that means standard input.
fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// Standard input holds one study: `-` may be given once.
fn stdin_at_most_once(files: &[PathBuf]) -> Result<(), Failure> {
    if files.iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err(usage(UsageProblem::StdinTwice));
    }
    Ok(())
}

/// Reads and checks one study, from its file or, for `-`, from standard input.
fn load_one(path: &Path) -> Result<(Arc<SourceFile>, Study), Diagnostics> {
    if is_stdin(path) {
        scenario::load_stdin(io::stdin().lock())
    } else {
        scenario::load_file(path)
    }
}

/// Loads and checks every file (`-` is standard input); all problems of all
/// files come back together.
pub fn load_all(files: &[PathBuf]) -> Result<Vec<Study>, Failure> {
    stdin_at_most_once(files)?;
    Ok(all_or_problems(files, |path| {
        load_one(path).map(|(_, study)| study)
    })?)
}

/// Plans, computes and measures every study, each known by its position.
pub fn analyse_all(
    studies: Vec<Study>,
    measure: Option<&Measure>,
) -> Result<Vec<Computed>, Diagnostics> {
    all_or_problems(studies.into_iter().enumerate(), |(i, study)| {
        Computed::new(StudyId(i), study).and_then(|c| c.with_measure(measure))
    })
}

/// The seed study, parsed from the copy built into the program.
pub fn demo_study() -> Result<Study, Diagnostics> {
    let file: Arc<SourceFile> = SourceFile::new(DEMO_NAME, DEMO_STUDY);
    scenario::parse(&file)
}

/// Resolves `--base` and `--gap` against one study.
fn comparison(c: &Computed, choice: &CompareChoice) -> Result<Comparison, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut find = |name: &str| match c.find(name) {
        Ok(col) => Some(col),
        Err(d) => {
            problems.push(d);
            None
        }
    };
    let base = match &choice.base {
        Some(name) => find(name),
        None => Some(c.status_quo()),
    };
    let gap: Option<(Option<Column>, Option<Column>)> = match choice.gap.as_deref() {
        Some([a, b]) => Some((find(a), find(b))),
        _ => None,
    };
    match (base, gap) {
        (Some(base), None) if problems.is_empty() => Ok(Comparison { base, gap: None }),
        (Some(base), Some((Some(a), Some(b)))) if problems.is_empty() => Ok(Comparison {
            base,
            gap: Some((a, b)),
        }),
        _ => Err(problems),
    }
}

/// Every study with its comparison; all problems of all studies together.
fn comparisons(
    computed: Vec<Computed>,
    choice: &CompareChoice,
) -> Result<Vec<(Computed, Comparison)>, Diagnostics> {
    all_or_problems(computed, |c| comparison(&c, choice).map(|asked| (c, asked)))
}

/// Options that shape CSV (`--decimals`, `--bom`, `--no-formula-guard`)
/// are refused with any other format, where they would be silently ignored.
fn check_csv(csv: &CsvArgs, format: Format) -> Result<(), Failure> {
    match csv.given().first() {
        Some(&option) if format != Format::Csv => Err(usage(UsageProblem::CsvOnly { option })),
        _ => Ok(()),
    }
}

/// Where output goes: standard output or a prepared file.
enum Sink {
    Stdout,
    File(Target),
}

impl Sink {
    fn prepare(path: Option<&Path>, force: bool) -> Result<Sink, Failure> {
        match path {
            None => Ok(Sink::Stdout),
            Some(p) if p == Path::new("-") => Ok(Sink::Stdout),
            Some(p) => Ok(Sink::File(Target::prepare(p, force)?)),
        }
    }

    /// The width tables should fit: on standard output `width` (from
    /// `--width`, the terminal or `COLUMNS`); in a file only a width the user
    /// `asked` for with `--width`.
    fn width(&self, width: Option<u16>, asked: Option<u16>) -> Option<u16> {
        match self {
            Sink::Stdout => width,
            Sink::File(_) => asked,
        }
    }

    /// Exports the view into the sink.
    fn finish(
        self,
        stdout: &mut dyn Write,
        exporter: &dyn Exporter,
        view: &View,
    ) -> Result<Outcome, Failure> {
        match self {
            Sink::Stdout => {
                to_stdout(stdout, |out| exporter.export(view, out))?;
                Ok(Outcome::default())
            }
            Sink::File(target) => {
                let note = format!("wrote {}", target.path().display());
                target.write(|out| exporter.export(view, out))?;
                Ok(Outcome {
                    notes: vec![note],
                    ..Outcome::default()
                })
            }
        }
    }
}

/// Writes to standard output; a closed pipe is the reader's choice.
fn to_stdout(
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    match write(stdout).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Failure::ClosedOutput),
        Err(e) => Err(Diagnostic::new(OutputProblem::Stdout {
            error: e.to_string(),
        })
        .into()),
    }
}
