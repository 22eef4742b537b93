//! Problems after checking: planning, computing, converting or deflating a
//! study, the columns a comparison names, the figures a view derives, and
//! the bugs that should never show.

use crate::adjust::AdjustError;
use crate::analysis::{Column, Which};
use crate::diagnostic::{Explain, Text, quoted};
use crate::engine::ComputeErrorKind;
use crate::money::ArithError;
use crate::plan::PlanError;

/// A checked study that cannot be computed or shown as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunProblem {
    /// A schedule cannot be computed.
    CannotCompute {
        /// The proposal's (or the baseline's) name.
        name: String,
        /// The year being computed (the last year, for totals).
        year: i32,
        /// What went wrong.
        kind: ComputeErrorKind,
    },
    /// A proposal's year cannot be planned.
    CannotPlan {
        /// The proposal's name.
        name: String,
        /// The year.
        year: i32,
        /// What went wrong.
        error: PlanError,
    },
    /// The figures cannot be converted or deflated.
    CannotAdjust(AdjustError),
    /// A comparison names a schedule the study does not have (a bug).
    BadColumn(Column),
    /// No proposal has the name given (`--base`, `--gap`).
    NoProposal {
        /// The name given.
        name: String,
        /// A proposal's name close to it.
        close: Option<String>,
        /// The proposals' names.
        names: Vec<String>,
        /// The baseline's name.
        baseline: String,
    },
    /// The gap between two schedules cannot be computed.
    Gap {
        /// The first schedule's name.
        a: String,
        /// The second's.
        b: String,
        /// What went wrong.
        kind: ComputeErrorKind,
    },
    /// A year's amount cannot be split into categories.
    Split {
        /// The proposal's name.
        name: String,
        /// The year.
        year: i32,
        /// What went wrong.
        error: ArithError,
    },
    /// A proposal's results are missing (a bug).
    MissingResults {
        /// The proposal's name.
        name: String,
    },
}

impl Explain for RunProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            RunProblem::CannotCompute {
                name,
                year,
                kind:
                    kind @ (ComputeErrorKind::NotPositive(_)
                    | ComputeErrorKind::Arith(ArithError::Overflow)),
            } => format!("cannot compute `{name}` for {year}: {kind}"),
            RunProblem::CannotCompute { name, kind, .. } => {
                format!("cannot compute `{name}` over the horizon: {kind}")
            }
            RunProblem::CannotPlan { name, year, error } => {
                format!("cannot plan `{name}` for {year}: {error}")
            }
            RunProblem::CannotAdjust(error) => error.to_string(),
            RunProblem::BadColumn(column) => {
                let which = match column.which {
                    Which::StatusQuo => "the status quo".to_string(),
                    Which::Proposal(i) => format!("proposal {}", i.saturating_add(1)),
                };
                format!(
                    "a comparison refers to {which} of study {}, which this study does not have",
                    column.study.0.saturating_add(1)
                )
            }
            RunProblem::NoProposal { name, .. } => format!("there is no proposal named `{name}`"),
            RunProblem::Gap { a, b, kind } => format!("cannot compare `{a}` with `{b}`: {kind}"),
            RunProblem::Split { name, year, error } => {
                format!("cannot split `{name}` for {year} into its categories: {error}")
            }
            RunProblem::MissingResults { name } => format!("the results of `{name}` are missing"),
        }
    }

    /// The note under the underlined text.
    fn label(&self) -> Option<Text> {
        Some(match self {
            RunProblem::CannotCompute {
                kind:
                    ComputeErrorKind::NotPositive(_) | ComputeErrorKind::Arith(ArithError::Overflow),
                ..
            }
            | RunProblem::CannotPlan { .. } => "the rule for this year".into(),
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::Arith(ArithError::DivisionByZero),
                ..
            } => "here".into(),
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::TotalTooLarge,
                ..
            } => "added up over the horizon".into(),
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::PercentTooLarge,
                ..
            } => "in this proposal".into(),
            RunProblem::CannotAdjust(_)
            | RunProblem::BadColumn(_)
            | RunProblem::NoProposal { .. }
            | RunProblem::Gap { .. }
            | RunProblem::Split { .. }
            | RunProblem::MissingResults { .. } => return None,
        })
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::NotPositive(_),
                ..
            } => "a negative rate or step drives the amount to zero or below; make it smaller, or end the term earlier".into(),
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::Arith(ArithError::Overflow),
                ..
            } => "the amount grows beyond what an exact decimal holds (about 7.9 × 10^28); check the rate, the step and the horizon".into(),
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::Arith(ArithError::DivisionByZero),
                ..
            } => "a figure is too small to divide by; check for amounts with more than 20 decimal places".into(),
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::TotalTooLarge,
                ..
            } => "the total over the horizon is beyond what an exact decimal holds (about 7.9 × 10^28); shorten the horizon or check the amounts".into(),
            RunProblem::CannotCompute {
                kind: ComputeErrorKind::PercentTooLarge,
                ..
            } => "the amount grows by a factor of more than 10^26 from its base; check the rates".into(),
            RunProblem::CannotPlan { .. } => {
                "the values given leave this rule without a usable figure; check them".into()
            }
            RunProblem::CannotAdjust(AdjustError::NoRate { available, .. })
                if available.is_empty() =>
            {
                "add an [[exchange_rate]] table to the study, e.g. pair = \"USD/KRW\"".into()
            }
            RunProblem::CannotAdjust(AdjustError::NoRate { available, .. }) => {
                format!("the study has rates for: {}", available.join(", ")).into()
            }
            RunProblem::CannotAdjust(AdjustError::NoDeflator) => {
                "name a price series of the study: deflator = \"cpi\" (see [[series]])".into()
            }
            RunProblem::CannotAdjust(AdjustError::Gap { .. }) => "add the year to the series, or state what it assumes after its data (`assume`)".into(),
            RunProblem::CannotAdjust(AdjustError::Arith(_) | AdjustError::Derive(_)) => {
                "the figures are too large to convert".into()
            }
            RunProblem::BadColumn(_) => {
                "this is a bug in costshare; please report it with the command".into()
            }
            RunProblem::NoProposal {
                close: Some(close),
                names,
                ..
            } => format!(
                "did you mean `{close}`? The proposals are: {} (or `baseline`)",
                quoted(names)
            )
            .into(),
            RunProblem::NoProposal {
                names, baseline, ..
            } if names.is_empty() => format!(
                "this study has no proposals; use `baseline` (or `{baseline}`) for the status quo"
            )
            .into(),
            RunProblem::NoProposal { names, .. } => format!(
                "the proposals are: {} (or `baseline` for the status quo)",
                quoted(names)
            )
            .into(),
            RunProblem::Split { .. } => "the amount is too large for its categories to be rounded to the step; use a coarser rounding step".into(),
            RunProblem::MissingResults { .. } => {
                "this is a bug in costshare; please report it with the file".into()
            }
            RunProblem::Gap { .. } => {
                "one figure is so far from the other that the difference cannot be put in percent; check the amounts".into()
            }
        })
    }
}
