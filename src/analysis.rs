//! Analysis: a checked study planned, computed and, when asked, re-expressed
//! in another currency or in constant prices — the figures every view is made
//! from — and the columns of a comparison, named by study and proposal.
//!
//! This is where failures of the stages below (planning, computing,
//! converting) become located diagnostics; views and exporters only read.

use rust_decimal::Decimal;

use crate::adjust::{self, AdjustError, Adjusted};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::{self, ComputeErrorKind, Gap, ProposalResult, StudyResult};
use crate::money::ArithError;
use crate::plan::{self, Plan, PlanError};
use crate::scenario::Study;
use crate::scenario::spec::{Spec, Unit};

pub use crate::adjust::Measure;

/// A study's place among the studies of one command (its position in the
/// files given), so a column can say which study it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StudyId(pub usize);

/// Which schedule of a study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The baseline held flat.
    StatusQuo,
    /// The proposal at this position.
    Proposal(usize),
}

/// A column of a comparison: a schedule of a study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The study.
    pub study: StudyId,
    /// Which of its schedules.
    pub which: Which,
}

/// What a comparison measures against, and the gap asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// The base of every delta.
    pub base: Column,
    /// A pair whose gap is shown (a minus b).
    pub gap: Option<(Column, Column)>,
}

/// A study with its plan and computed results: what every view is made from.
#[derive(Debug, Clone)]
pub struct Computed {
    /// The study's place among the studies of the command.
    pub id: StudyId,
    /// The checked study and the values it was planned with.
    pub study: Study,
    /// Every proposal's years, resolved.
    pub plan: Plan,
    /// The results, in the agreed currency and nominal terms.
    pub result: StudyResult,
    /// The results re-expressed in another currency or in constant prices,
    /// when asked for; views then show these figures.
    pub adjusted: Option<Adjusted>,
}

fn compute_help(kind: &ComputeErrorKind) -> (&'static str, &'static str, bool) {
    match kind {
        ComputeErrorKind::NotPositive(_) => (
            "the rule for this year",
            "a negative rate or step drives the amount to zero or below; make it smaller, or end the term earlier",
            true,
        ),
        ComputeErrorKind::Arith(ArithError::Overflow) => (
            "the rule for this year",
            "the amount grows beyond what an exact decimal holds (about 7.9 × 10^28); check the rate, the step and the horizon",
            true,
        ),
        ComputeErrorKind::Arith(ArithError::DivisionByZero) => (
            "here",
            "a figure is too small to divide by; check for amounts with more than 20 decimal places",
            false,
        ),
        ComputeErrorKind::TotalTooLarge => (
            "added up over the horizon",
            "the total over the horizon is beyond what an exact decimal holds (about 7.9 × 10^28); shorten the horizon or check the amounts",
            false,
        ),
        ComputeErrorKind::PercentTooLarge => (
            "in this proposal",
            "the amount grows by a factor of more than 10^26 from its base; check the rates",
            false,
        ),
    }
}

impl Computed {
    /// Plans and computes a study, turning a failure into a located diagnostic.
    pub fn new(id: StudyId, study: Study) -> Result<Computed, Diagnostics> {
        let plan = plan::plan_study(&study).map_err(|e| plan_problem(&study, &e))?;
        let result = engine::compute(&plan).map_err(|e| {
            let spec = study.spec();
            let (label, help, for_year) = compute_help(&e.kind);
            let name = match e.proposal {
                Some(i) => spec.proposals.get(i).map(|p| p.name.as_str()),
                None => Some(spec.baseline.name.as_str()),
            }
            .unwrap_or_default();
            let span = match e.proposal {
                None => spec.baseline.span.clone(),
                Some(i) if e.in_year => plan
                    .proposals
                    .get(i)
                    .and_then(|p| p.years.iter().find(|y| y.year == e.year))
                    .map_or(0..0, |y| y.span.clone()),
                Some(i) => spec.proposals.get(i).map_or(0..0, |p| p.span.clone()),
            };
            let what = if for_year {
                format!("for {}", e.year)
            } else {
                "over the horizon".to_string()
            };
            Diagnostics::from(
                Diagnostic::at(
                    &spec.file,
                    span,
                    format!("cannot compute `{name}` {what}: {}", e.kind),
                )
                .with_label(label)
                .with_help(help),
            )
        })?;
        Ok(Computed {
            id,
            study,
            plan,
            result,
            adjusted: None,
        })
    }

    /// The study's structure, names and sources.
    pub fn spec(&self) -> &Spec {
        self.study.spec()
    }

    /// Re-expresses the figures in another currency or in constant prices.
    pub fn with_measure(mut self, measure: Option<&Measure>) -> Result<Computed, Diagnostics> {
        let adjusted = match measure {
            None => return Ok(self),
            Some(Measure::Currency(code)) if *code == self.spec().currency => return Ok(self),
            Some(Measure::Currency(code)) => adjust::convert(&self.study, &self.result, code),
            Some(Measure::Real(year)) => adjust::deflate(&self.study, &self.result, *year),
        };
        match adjusted {
            Ok(a) => {
                self.adjusted = Some(a);
                Ok(self)
            }
            Err(e) => {
                let help = match &e {
                    AdjustError::NoRate { available, .. } if available.is_empty() => {
                        "add an [[exchange_rate]] table to the study, e.g. pair = \"USD/KRW\"".to_string()
                    }
                    AdjustError::NoRate { available, .. } => {
                        format!("the study has rates for: {}", available.join(", "))
                    }
                    AdjustError::NoDeflator => {
                        "name a price series of the study: deflator = \"cpi\" (see [[series]])".to_string()
                    }
                    AdjustError::Gap { .. } => {
                        "add the year to the series, or state what it assumes after its data (`assume`)".to_string()
                    }
                    AdjustError::Arith(_) | AdjustError::Derive(_) => {
                        "the figures are too large to convert".to_string()
                    }
                };
                Err(Diagnostic::in_file(&self.spec().file, e.to_string())
                    .with_help(help)
                    .into())
            }
        }
    }

    /// The figures views show: adjusted when asked for, else as computed.
    pub fn figures(&self) -> &StudyResult {
        self.adjusted.as_ref().map_or(&self.result, |a| &a.result)
    }

    /// The currency and unit of the figures shown, and their price basis:
    /// "USD millions", "KRW billions, constant 2025 prices".
    pub fn money_unit(&self) -> String {
        match &self.adjusted {
            None => self.spec().money_unit(),
            Some(a) => {
                let unit = a.unit.with_currency(&a.currency);
                match a.measure {
                    Measure::Real(year) => format!("{unit}, constant {year} prices"),
                    Measure::Currency(_) => unit,
                }
            }
        }
    }

    /// The baseline amount as agreed.
    pub fn agreed_baseline(&self) -> Decimal {
        self.plan.baseline_amount
    }

    /// The baseline amount in the measure shown.
    pub fn baseline_amount(&self) -> Decimal {
        self.adjusted
            .as_ref()
            .map_or(self.plan.baseline_amount, |a| a.baseline)
    }

    /// The unit the figures are in (for per-troop costs).
    pub fn unit(&self) -> Unit {
        self.adjusted.as_ref().map_or(self.spec().unit, |a| a.unit)
    }

    /// The currency of the figures shown.
    pub fn currency(&self) -> &str {
        self.adjusted
            .as_ref()
            .map_or(&self.spec().currency, |a| &a.currency)
    }

    /// The status quo and every proposal, in order.
    pub fn columns(&self) -> Vec<Column> {
        std::iter::once(Which::StatusQuo)
            .chain((0..self.spec().proposals.len()).map(Which::Proposal))
            .map(|which| Column {
                study: self.id,
                which,
            })
            .collect()
    }

    /// The status quo of this study.
    pub fn status_quo(&self) -> Column {
        Column {
            study: self.id,
            which: Which::StatusQuo,
        }
    }

    fn schedule<'a>(
        &self,
        result: &'a StudyResult,
        col: Column,
    ) -> Result<&'a ProposalResult, Diagnostics> {
        let found = match col.which {
            _ if col.study != self.id => None,
            Which::StatusQuo => Some(&result.status_quo),
            Which::Proposal(i) => result.proposals.get(i),
        };
        found.ok_or_else(|| self.bad_column(col))
    }

    fn bad_column(&self, col: Column) -> Diagnostics {
        Diagnostic::in_file(
            &self.spec().file,
            format!("a comparison refers to a schedule this study does not have ({col:?})"),
        )
        .with_help("this is a bug in costshare; please report it with the command")
        .into()
    }

    /// The figures shown for a column.
    pub fn column(&self, col: Column) -> Result<&ProposalResult, Diagnostics> {
        self.schedule(self.figures(), col)
    }

    /// The figures of a column as agreed (nominal, in the agreed currency).
    pub fn agreed(&self, col: Column) -> Result<&ProposalResult, Diagnostics> {
        self.schedule(&self.result, col)
    }

    /// The name of a column as shown in headers.
    pub fn column_name(&self, col: Column) -> Result<String, Diagnostics> {
        let spec = self.spec();
        match col.which {
            _ if col.study != self.id => Err(self.bad_column(col)),
            Which::StatusQuo => Ok(format!("{} baseline (status quo)", spec.baseline.year)),
            Which::Proposal(i) => spec
                .proposals
                .get(i)
                .map(|p| p.name.clone())
                .ok_or_else(|| self.bad_column(col)),
        }
    }

    /// "vs 2019 baseline" or "vs Seoul's offer": the base of a delta, named.
    pub fn vs(&self, col: Column) -> Result<String, Diagnostics> {
        let year = self.spec().baseline.year;
        match col.which {
            // Converted or deflated, the status quo differs year by year: the
            // baseline amount at that year's rate or prices.
            Which::StatusQuo => Ok(match self.adjusted.as_ref().map(|a| &a.measure) {
                None => format!("vs {year} baseline"),
                Some(Measure::Currency(_)) => {
                    format!("vs the status quo (the {year} baseline at each year's rate)")
                }
                Some(Measure::Real(base)) => format!(
                    "vs the status quo (the {year} baseline amount each year, in {base} prices)"
                ),
            }),
            Which::Proposal(_) => Ok(format!("vs {}", self.column_name(col)?)),
        }
    }

    /// Finds a column by the name a user typed: a proposal's name or the baseline's.
    pub fn find(&self, name: &str) -> Result<Column, Diagnostic> {
        let spec = self.spec();
        let column = |which| Column {
            study: self.id,
            which,
        };
        if let Some(i) = spec.proposal_index(name) {
            return Ok(column(Which::Proposal(i)));
        }
        let baseline = &spec.baseline;
        if name == baseline.name || name == "baseline" || name == "status quo" {
            return Ok(column(Which::StatusQuo));
        }
        let names: Vec<&str> = spec.proposals.iter().map(|p| p.name.as_str()).collect();
        let listed = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match crate::diagnostic::did_you_mean(name, names.iter().copied()) {
            Some(close) => {
                format!("did you mean `{close}`? The proposals are: {listed} (or `baseline`)")
            }
            None if names.is_empty() => format!(
                "this study has no proposals; use `baseline` (or `{}`) for the status quo",
                baseline.name
            ),
            None => format!("the proposals are: {listed} (or `baseline` for the status quo)"),
        };
        Err(
            Diagnostic::in_file(&spec.file, format!("there is no proposal named `{name}`"))
                .with_help(help),
        )
    }

    /// The gap between two columns, year by year and in total.
    pub fn gap(&self, a: Column, b: Column) -> Result<Gap, Diagnostics> {
        engine::gap(self.column(a)?, self.column(b)?).map_err(|e| {
            let names = (self.column_name(a), self.column_name(b));
            let (an, bn) = (names.0.unwrap_or_default(), names.1.unwrap_or_default());
            Diagnostic::in_file(
                &self.spec().file,
                format!("cannot compute the gap between `{an}` and `{bn}`: {e}"),
            )
            .into()
        })
    }
}

/// A study whose values cannot be planned (only values changed since the
/// file was checked can do this).
fn plan_problem(study: &Study, e: &PlanError) -> Diagnostics {
    let spec = study.spec();
    let (proposal, year) = e.place();
    let p = spec.proposals.get(proposal);
    let span = p
        .and_then(|p| p.years.iter().find(|y| y.year == year))
        .map_or(0..0, |y| y.span.clone());
    let name = p.map_or("", |p| p.name.as_str());
    Diagnostic::at(
        &spec.file,
        span,
        format!("cannot plan `{name}` for {year}: {e}"),
    )
    .with_label("the rule for this year")
    .with_help("the values given leave this rule without a usable figure; check them")
    .into()
}
