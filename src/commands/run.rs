//! `costshare run`: each proposal's year table and summary.

use std::io::Write;

use super::{Failure, Outcome, Sink, analyse_all, check_csv, load_all};
use crate::cli::RunArgs;
use crate::export::Options;
use crate::export::csv::Shape;
use crate::view;

pub fn run(args: &RunArgs, width: Option<u16>, stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    let out = &args.output;
    check_csv(&out.csv, out.format)?;
    let sink = Sink::prepare(out.output.as_deref(), out.force)?;
    let computed = analyse_all(load_all(&args.files)?, args.measure.measure().as_ref())?;
    let view = view::run_view(&computed)?;
    let exporter = out.format.exporter(&Options {
        csv: out.csv.csv(Shape::Years),
        width: sink.width(width, out.width),
    });
    sink.finish(stdout, exporter.as_ref(), &view)
}
