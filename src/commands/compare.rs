//! `costshare compare` and `costshare demo`: the baseline and every proposal
//! side by side, against a base, with the gap asked for.

use std::io::Write;

use super::{Failure, Outcome, Sink, analyse_all, check_csv, comparisons, demo_study, load_all};
use crate::cli::{CompareArgs, CompareChoice, DemoArgs, MeasureArgs, OutputArgs};
use crate::export::Options;
use crate::export::csv::Shape;
use crate::scenario::Study;
use crate::view;

pub fn compare(
    args: &CompareArgs,
    width: Option<u16>,
    stdout: &mut dyn Write,
) -> Result<Outcome, Failure> {
    let asked = Asked {
        choice: &args.choice,
        measure: &args.measure,
        output: &args.output,
    };
    show(&asked, || load_all(&args.files), width, stdout)
}

/// Compares the seed study built into the program.
pub fn demo(
    args: &DemoArgs,
    width: Option<u16>,
    stdout: &mut dyn Write,
) -> Result<Outcome, Failure> {
    let asked = Asked {
        choice: &args.choice,
        measure: &args.measure,
        output: &args.output,
    };
    let study = || demo_study().map(|s| vec![s]).map_err(Failure::from);
    show(&asked, study, width, stdout)
}

/// What a comparison was asked for: its base and gap, measure and output.
struct Asked<'a> {
    choice: &'a CompareChoice,
    measure: &'a MeasureArgs,
    output: &'a OutputArgs,
}

/// Loads the studies (after the output is prepared, so a bad path fails
/// fast), compares them and exports the comparison.
fn show(
    asked: &Asked<'_>,
    studies: impl FnOnce() -> Result<Vec<Study>, Failure>,
    width: Option<u16>,
    stdout: &mut dyn Write,
) -> Result<Outcome, Failure> {
    let (choice, measure, output) = (asked.choice, asked.measure, asked.output);
    check_csv(&output.csv, output.format)?;
    let sink = Sink::prepare(output.output.as_deref(), output.force)?;
    let computed = analyse_all(studies()?, measure.measure().as_ref())?;
    let view = view::compare_view(&comparisons(computed, choice)?)?;
    let exporter = output.format.exporter(&Options {
        csv: output.csv.csv(Shape::Years),
        width: sink.width(width, output.width),
    });
    sink.finish(stdout, exporter.as_ref(), &view)
}
