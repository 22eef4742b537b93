//! What each command does, from parsed arguments to the bytes of its output.
//!
//! Commands load and check every file first (all problems of all files are
//! reported together), then compute, then render. Output to a file goes through
//! [`crate::output::Target`], prepared before any work so a bad path fails fast.
//! Nothing here prints: [`execute`] returns the bytes and messages, and the
//! binary writes them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::adjust::Measure;
use crate::cli::{
    Command, CompareArgs, CompareChoice, DemoArgs, ExportArgs, NewArgs, RunArgs, ValidateArgs,
};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::output::Target;
use crate::report::{self, Column, CompareSpec, Computed, Format, Options};
use crate::scenario;

/// The seed study built into the program (`costshare demo`).
pub const DEMO_STUDY: &str = include_str!("../scenarios/sma-2020-talks.toml");
/// The name the built-in study is shown under.
pub const DEMO_NAME: &str = "<built-in> scenarios/sma-2020-talks.toml";
/// The commented starter file written by `costshare new`.
pub const STARTER: &str = include_str!("starter.toml");

/// What a successful command produced.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Bytes for standard output.
    pub stdout: Vec<u8>,
    /// Short notes for standard error (e.g. "wrote out.csv").
    pub notes: Vec<String>,
}

/// Why a command failed, and the exit code that says so.
#[derive(Debug, PartialEq, Eq)]
pub struct Failure {
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// 1 for invalid input or a failed computation, 2 for a usage mistake.
    pub exit_code: u8,
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Failure {
        Failure {
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

fn usage(message: &str, help: &str) -> Failure {
    Failure {
        diagnostics: Diagnostic::error(message).with_help(help).into(),
        exit_code: 2,
    }
}

/// Runs a command. `width` is the terminal width tables should fit, if any.
pub fn execute(command: &Command, width: Option<u16>) -> Result<Outcome, Failure> {
    match command {
        Command::Run(args) => run(args, width),
        Command::Compare(args) => compare(args, width),
        Command::Export(args) => export(args),
        Command::Validate(args) => validate(args),
        Command::New(args) => new(args),
        Command::Demo(args) => demo(args, width),
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

/// Loads and checks every file; all problems of all files come back together.
pub fn load_all(files: &[PathBuf]) -> Result<Vec<scenario::Study>, Diagnostics> {
    all_or_problems(files, |path| scenario::load(path))
}

fn compute_all(
    studies: Vec<scenario::Study>,
    measure: Option<&Measure>,
) -> Result<Vec<Computed>, Diagnostics> {
    all_or_problems(studies, |study| {
        Computed::new(study).and_then(|c| c.with_measure(measure))
    })
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

    /// The width tables should fit: the terminal's, only when writing to it.
    fn width(&self, width: Option<u16>) -> Option<u16> {
        match self {
            Sink::Stdout => width,
            Sink::File(_) => None,
        }
    }

    fn finish(self, bytes: Vec<u8>) -> Result<Outcome, Failure> {
        match self {
            Sink::Stdout => Ok(Outcome {
                stdout: bytes,
                notes: Vec::new(),
            }),
            Sink::File(target) => {
                let note = format!("wrote {}", target.path().display());
                target.commit(&bytes)?;
                Ok(Outcome {
                    stdout: Vec::new(),
                    notes: vec![note],
                })
            }
        }
    }
}

fn options(width: Option<u16>, decimals: Option<u32>) -> Options {
    Options {
        csv_decimals: decimals,
        width,
    }
}

fn csv_decimals(options: &Options) -> u32 {
    options
        .csv_decimals
        .unwrap_or(report::csv::DEFAULT_DECIMALS)
}

fn render_run(
    computed: &[Computed],
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, Failure> {
    Ok(match format {
        Format::Csv => report::csv::tidy(computed, csv_decimals(options))?,
        Format::Json => report::json::run(computed)?,
        Format::Table | Format::Markdown => {
            report::render_doc(&report::run_doc(computed), format, options)
        }
    })
}

fn render_compare(
    specs: &[(Computed, CompareSpec)],
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, Failure> {
    Ok(match format {
        Format::Csv => {
            let mut bytes = Vec::new();
            for (c, spec) in specs {
                bytes.extend(report::csv::wide(c, spec.base, csv_decimals(options))?);
            }
            bytes
        }
        Format::Json => report::json::compare(specs)?,
        Format::Table | Format::Markdown => {
            report::render_doc(&report::compare_doc(specs)?, format, options)
        }
    })
}

/// `--decimals` shapes CSV only; anywhere else it would be silently ignored.
fn check_decimals(decimals: Option<u32>, format: Format) -> Result<(), Failure> {
    if decimals.is_some() && format != Format::Csv {
        return Err(usage(
            "--decimals applies to CSV output only",
            "tables and Markdown use the study's `decimals` key; JSON is always exact",
        ));
    }
    Ok(())
}

fn run(args: &RunArgs, width: Option<u16>) -> Result<Outcome, Failure> {
    check_decimals(args.output.decimals, args.output.format)?;
    let sink = Sink::prepare(args.output.output.as_deref(), args.output.force)?;
    let computed = compute_all(load_all(&args.files)?, args.measure.measure().as_ref())?;
    let bytes = render_run(
        &computed,
        args.output.format,
        &options(sink.width(width), args.output.decimals),
    )?;
    sink.finish(bytes)
}

/// Resolves `--base` and `--gap` against one study.
fn compare_spec(c: &Computed, choice: &CompareChoice) -> Result<CompareSpec, Diagnostics> {
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
        None => Some(Column::StatusQuo),
    };
    let gap = match choice.gap.as_deref() {
        Some([a, b]) => Some((find(a), find(b))),
        _ => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CompareSpec {
        base: base.unwrap_or(Column::StatusQuo),
        gap: gap.and_then(|(a, b)| a.zip(b)),
    })
}

fn compare_studies(
    computed: Vec<Computed>,
    choice: &CompareChoice,
) -> Result<Vec<(Computed, CompareSpec)>, Diagnostics> {
    all_or_problems(computed, |c| compare_spec(&c, choice).map(|spec| (c, spec)))
}

fn compare(args: &CompareArgs, width: Option<u16>) -> Result<Outcome, Failure> {
    check_decimals(args.output.decimals, args.output.format)?;
    let sink = Sink::prepare(args.output.output.as_deref(), args.output.force)?;
    let computed = compute_all(load_all(&args.files)?, args.measure.measure().as_ref())?;
    let specs = compare_studies(computed, &args.choice)?;
    let bytes = render_compare(
        &specs,
        args.output.format,
        &options(sink.width(width), args.output.decimals),
    )?;
    sink.finish(bytes)
}

fn export(args: &ExportArgs) -> Result<Outcome, Failure> {
    let from_extension = args.output.as_deref().and_then(Format::from_extension);
    let format = match (args.format, from_extension, args.output.as_deref()) {
        (Some(f), _, _) => f,
        (None, Some(f), _) => f,
        (None, None, Some(p)) if p != Path::new("-") => {
            return Err(usage(
                &format!(
                    "cannot tell the format of `{}` from its extension",
                    p.display()
                ),
                "name the file .csv, .json or .md, or give --format csv|json|markdown",
            ));
        }
        (None, None, _) => Format::Csv,
    };
    check_decimals(args.decimals, format)?;
    if args.wide && format == Format::Json {
        return Err(usage(
            "--wide does not apply to JSON",
            "JSON always carries every figure; drop --wide",
        ));
    }
    if args.wide && args.files.len() > 1 {
        return Err(usage(
            "--wide takes one file at a time: each study has its own columns",
            "export the files one by one, or drop --wide for one tidy CSV of them all",
        ));
    }
    if args.by_category && format != Format::Csv {
        return Err(usage(
            "--by-category shapes CSV output only",
            "write to a .csv file, or give --format csv",
        ));
    }
    let sink = Sink::prepare(args.output.as_deref(), args.force)?;
    let sources_sink = match &args.sources {
        Some(p) if p == Path::new("-") => {
            return Err(usage(
                "--sources needs a file path",
                "give a path such as sources.csv",
            ));
        }
        Some(p) => Some(Target::prepare(p, args.force)?),
        None => None,
    };
    let computed = compute_all(load_all(&args.files)?, args.measure.measure().as_ref())?;
    let opts = options(None, args.decimals);
    let sources = match &sources_sink {
        Some(_) => Some(report::csv::sources(&computed)?),
        None => None,
    };
    let bytes = if args.by_category {
        report::csv::by_category(&computed, csv_decimals(&opts))?
    } else if args.wide {
        let specs = compare_studies(
            computed,
            &CompareChoice {
                base: None,
                gap: None,
            },
        )?;
        render_compare(&specs, format, &opts)?
    } else {
        render_run(&computed, format, &opts)?
    };
    let mut outcome = sink.finish(bytes)?;
    if let (Some(target), Some(sources)) = (sources_sink, sources) {
        outcome
            .notes
            .push(format!("wrote {}", target.path().display()));
        target.commit(&sources)?;
    }
    Ok(outcome)
}

fn validate(args: &ValidateArgs) -> Result<Outcome, Failure> {
    let mut problems = Diagnostics::new();
    let mut lines = String::new();
    for path in &args.files {
        match scenario::load(path) {
            Ok(study) => {
                lines.push_str(&format!(
                    "{}: ok ({} proposal{}, {}–{})\n",
                    path.display(),
                    study.proposals.len(),
                    if study.proposals.len() == 1 { "" } else { "s" },
                    study.horizon.first,
                    study.horizon.last
                ));
            }
            Err(d) => problems.0.extend(d.0),
        }
    }
    if problems.is_empty() {
        Ok(Outcome {
            stdout: lines.into_bytes(),
            notes: Vec::new(),
        })
    } else {
        Err(problems.into())
    }
}

fn new(args: &NewArgs) -> Result<Outcome, Failure> {
    if args.path == Path::new("-") {
        return Ok(Outcome {
            stdout: STARTER.as_bytes().to_vec(),
            notes: Vec::new(),
        });
    }
    let target = Target::prepare(&args.path, false).map_err(|d| {
        if d.message.ends_with("already exists") {
            Diagnostic::error(d.message)
                .with_help("`costshare new` never overwrites a file; choose another name")
        } else {
            d
        }
    })?;
    target.commit(STARTER.as_bytes())?;
    Ok(Outcome {
        stdout: Vec::new(),
        notes: vec![format!(
            "wrote {}: edit it, then run `costshare validate {}` and `costshare compare {}`",
            args.path.display(),
            args.path.display(),
            args.path.display()
        )],
    })
}

/// The seed study, parsed from the copy built into the program.
pub fn demo_study() -> Result<scenario::Study, Diagnostics> {
    let file: Arc<SourceFile> = SourceFile::new(DEMO_NAME, DEMO_STUDY);
    scenario::parse(&file)
}

fn demo(args: &DemoArgs, width: Option<u16>) -> Result<Outcome, Failure> {
    check_decimals(args.output.decimals, args.output.format)?;
    let sink = Sink::prepare(args.output.output.as_deref(), args.output.force)?;
    let computed = compute_all(vec![demo_study()?], args.measure.measure().as_ref())?;
    let specs = compare_studies(computed, &args.choice)?;
    let bytes = render_compare(
        &specs,
        args.output.format,
        &options(sink.width(width), args.output.decimals),
    )?;
    sink.finish(bytes)
}
