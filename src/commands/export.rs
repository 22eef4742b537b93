//! `costshare export`: every file into one output, the format from the
//! extension or `--format`; tidy, wide or by-category CSV; and, on request,
//! a companion file of every figure's numbered source.

use std::io::Write;
use std::path::Path;

use super::{Failure, Outcome, Sink, analyse_all, check_csv, comparisons, load_all, usage};
use crate::cli::{CompareChoice, ExportArgs};
use crate::commands::problem::UsageProblem;
use crate::export::csv::Shape;
use crate::export::{Exporter as _, Format, Options};
use crate::output::Target;
use crate::view;

/// The format asked for: `--format`, else the extension of `-o`, else CSV.
fn format(args: &ExportArgs) -> Result<Format, Failure> {
    let from_extension = args.output.as_deref().and_then(Format::from_extension);
    match (args.format, from_extension, args.output.as_deref()) {
        (Some(f), _, _) => Ok(f),
        (None, Some(f), _) => Ok(f),
        (None, None, Some(p)) if p != Path::new("-") => Err(usage(UsageProblem::UnknownFormat {
            path: p.to_path_buf(),
        })),
        (None, None, _) => Ok(Format::Csv),
    }
}

/// The options that shape only some formats must not be given to others.
fn check_shape(args: &ExportArgs, format: Format) -> Result<(), Failure> {
    check_csv(&args.csv, format)?;
    if args.wide && format == Format::Json {
        return Err(usage(UsageProblem::WideJson));
    }
    for (given, option) in [
        (args.by_category, "--by-category"),
        (args.summary, "--summary"),
    ] {
        if given && format != Format::Csv {
            return Err(usage(UsageProblem::CsvOnly { option }));
        }
    }
    Ok(())
}

/// The rows of the CSV asked for.
fn shape(args: &ExportArgs) -> Shape {
    if args.by_category {
        Shape::ByCategory
    } else if args.summary {
        Shape::Summary
    } else {
        Shape::Years
    }
}

pub fn export(args: &ExportArgs, stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    let format = format(args)?;
    check_shape(args, format)?;
    let sink = Sink::prepare(args.output.as_deref(), args.force)?;
    let sources = match &args.sources {
        Some(p) if p == Path::new("-") => {
            return Err(usage(UsageProblem::SourcesPath));
        }
        Some(p) => Some(Target::prepare(p, args.force)?),
        None => None,
    };
    let computed = analyse_all(load_all(&args.files)?, args.measure.measure().as_ref())?;
    let view = if args.wide {
        let choice = CompareChoice {
            base: None,
            gap: None,
        };
        view::compare_view(&comparisons(computed, &choice)?)?
    } else {
        view::run_view(&computed)?
    };
    let csv = args.csv.csv(shape(args));
    let exporter = format.exporter(&Options { csv, width: None });
    // The sources file first: a reader that closes standard output early
    // (`| head`) must not cost the file asked for.
    let sources_note = match sources {
        Some(target) => {
            let note = format!("wrote {}", target.path().display());
            target.write(|out| csv.sources().export(&view, out))?;
            Some(note)
        }
        None => None,
    };
    let mut outcome = sink.finish(stdout, exporter.as_ref(), &view)?;
    outcome.notes.extend(sources_note);
    Ok(outcome)
}
