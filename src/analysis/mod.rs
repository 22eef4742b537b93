//! Analysis: a checked study planned, computed and, when asked, re-expressed
//! in another currency or in constant prices — the figures every view is made
//! from — and the columns of a comparison, named by study and proposal.
//!
//! This is where failures of the stages below (planning, computing,
//! converting) become located diagnostics; views and exporters only read.

use rust_decimal::Decimal;

pub mod problem;

use crate::adjust::{self, Adjusted};
use crate::analysis::problem::RunProblem;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::engine::{self, Gap, ProposalResult, StudyResult};
use crate::plan::{self, Plan, PlanError};
use crate::scenario::Study;
use crate::scenario::spec::{Proposal, Spec, Unit};

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

impl Computed {
    /// Plans and computes a study, turning a failure into a located diagnostic.
    pub fn new(id: StudyId, study: Study) -> Result<Computed, Diagnostics> {
        let plan = plan::plan_study(&study).map_err(|e| plan_problem(&study, &e))?;
        let result = engine::compute(&plan).map_err(|e| {
            let spec = study.spec();
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
            let problem = RunProblem::CannotCompute {
                name: name.to_string(),
                year: e.year,
                kind: e.kind,
            };
            Diagnostics::from(Diagnostic::at(&spec.file, span, problem))
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
                Err(Diagnostic::in_file(&self.spec().file, RunProblem::CannotAdjust(e)).into())
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

    /// The cost per troop of a figure shown for `year`, in whole currency
    /// units (not the study's unit). `None` when the study gives no troop
    /// counts, or when the cost is too large to hold in a decimal (an amount
    /// near 10²⁸ in a large unit): the figure is then left out, in every
    /// format alike, rather than failing a report that may not show it.
    pub fn per_troop(&self, year: i32, amount: Decimal) -> Option<Decimal> {
        adjust::per_troop(&self.study, amount, self.unit(), year)
            .ok()
            .flatten()
    }

    /// A figure of `proposal` for `year` split by the proposal's categories,
    /// the parts adding up to it exactly: figures as computed at the
    /// proposal's rounding step, converted or deflated ones exactly.
    pub fn categories(
        &self,
        proposal: &Proposal,
        year: i32,
        amount: Decimal,
    ) -> Result<Vec<Decimal>, Diagnostics> {
        if proposal.categories.is_empty() {
            return Ok(Vec::new());
        }
        let rounding = if self.adjusted.is_none() {
            proposal.rounding
        } else {
            None
        };
        adjust::split(amount, &proposal.categories, rounding).map_err(|error| {
            let problem = RunProblem::Split {
                name: proposal.name.clone(),
                year,
                error,
            };
            Diagnostic::in_file(&self.spec().file, problem).into()
        })
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
        Diagnostic::in_file(&self.spec().file, RunProblem::BadColumn(col)).into()
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
        let problem = RunProblem::NoProposal {
            name: name.to_string(),
            close: did_you_mean(name, names.iter().copied()).map(str::to_string),
            names: names.iter().map(|n| n.to_string()).collect(),
            baseline: baseline.name.clone(),
        };
        Err(Diagnostic::in_file(&spec.file, problem))
    }

    /// The gap between two columns, year by year and in total.
    pub fn gap(&self, a: Column, b: Column) -> Result<Gap, Diagnostics> {
        engine::gap(self.column(a)?, self.column(b)?).map_err(|e| {
            let names = (self.column_name(a), self.column_name(b));
            let problem = RunProblem::Gap {
                a: names.0.unwrap_or_default(),
                b: names.1.unwrap_or_default(),
                kind: e,
            };
            Diagnostic::in_file(&self.spec().file, problem).into()
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
    let problem = RunProblem::CannotPlan {
        name: p.map_or("", |p| p.name.as_str()).to_string(),
        year,
        error: e.clone(),
    };
    Diagnostic::at(&spec.file, span, problem).into()
}
