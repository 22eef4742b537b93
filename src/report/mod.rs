//! Reports: what `run` and `compare` show, in four formats.
//!
//! The views are built once as a [`Doc`] (headings, text and tables of already
//! formatted cells) and written by a renderer: [`text`] for the terminal
//! (comfy-table), [`markdown`] for documents. CSV ([`csv`]) and JSON ([`json`])
//! are data, not documents, and are built from the results directly. Every
//! renderer returns bytes; nothing here prints.
//!
//! Every delta states its base in its header ("vs 2019 baseline", "vs Seoul's
//! offer"): there is no bare "Δ" anywhere.

pub mod csv;
pub mod describe;
pub mod json;
pub mod markdown;
pub mod sources;
pub mod text;
pub mod views;

use crate::adjust::{self, AdjustError, Adjusted, Measure};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::{self, Gap, ProposalResult, StudyResult};
use crate::scenario::Study;
use crate::scenario::model::Unit;

pub use views::{compare_doc, run_doc};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for the terminal.
    Table,
    /// Comma-separated values for spreadsheets.
    Csv,
    /// JSON with every figure exact.
    Json,
    /// Markdown tables for documents.
    Markdown,
}

impl Format {
    /// The format a file name's extension stands for, if any.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Choices that shape a report but never its figures.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Decimal places for amounts in CSV (default [`csv::DEFAULT_DECIMALS`]).
    pub csv_decimals: Option<u32>,
    /// Width of the terminal tables should fit, if any.
    pub width: Option<u16>,
}

/// A study with its computed results: what every report is made from.
#[derive(Debug, Clone)]
pub struct Computed {
    /// The validated study.
    pub study: Study,
    /// Its results, in the agreed currency and nominal terms.
    pub result: StudyResult,
    /// The results re-expressed in another currency or in constant prices,
    /// when asked for; reports then show these figures.
    pub adjusted: Option<Adjusted>,
}

impl Computed {
    /// Computes a study, turning a failure into a located diagnostic.
    pub fn new(study: Study) -> Result<Computed, Diagnostics> {
        match engine::compute(&study) {
            Ok(result) => Ok(Computed {
                study,
                result,
                adjusted: None,
            }),
            Err(e) => {
                use crate::money::ArithError;
                use engine::ComputeErrorKind as K;
                let (label, help, what) = match e.kind {
                    K::NotPositive(_) => (
                        "the rule for this year",
                        "a negative rate or step drives the amount to zero or below; make it smaller, or end the term earlier",
                        format!("for {}", e.year),
                    ),
                    K::Arith(ArithError::Overflow) => (
                        "the rule for this year",
                        "the amount grows beyond what an exact decimal holds (about 7.9 × 10^28); check the rate, the step and the horizon",
                        format!("for {}", e.year),
                    ),
                    K::Arith(ArithError::DivisionByZero) => (
                        "here",
                        "a figure is too small to divide by; check for amounts with more than 20 decimal places",
                        "over the horizon".to_string(),
                    ),
                    K::TotalTooLarge => (
                        "added up over the horizon",
                        "the total over the horizon is beyond what an exact decimal holds (about 7.9 × 10^28); shorten the horizon or check the amounts",
                        "over the horizon".to_string(),
                    ),
                    K::PercentTooLarge => (
                        "in this proposal",
                        "the amount grows by a factor of more than 10^26 from its base; check the rates",
                        "over the horizon".to_string(),
                    ),
                };
                let d = Diagnostic::at(
                    &study.file,
                    e.span.clone(),
                    format!("cannot compute `{}` {what}: {}", e.proposal, e.kind),
                )
                .with_label(label)
                .with_help(help);
                Err(d.into())
            }
        }
    }

    /// Re-expresses the figures in another currency or in constant prices.
    pub fn with_measure(mut self, measure: Option<&Measure>) -> Result<Computed, Diagnostics> {
        let adjusted = match measure {
            None => return Ok(self),
            Some(Measure::Currency(code)) if *code == self.study.currency => return Ok(self),
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
                Err(Diagnostic::in_file(&self.study.file, e.to_string())
                    .with_help(help)
                    .into())
            }
        }
    }

    /// The figures reports show: adjusted when asked for, else as computed.
    pub fn figures(&self) -> &StudyResult {
        self.adjusted.as_ref().map_or(&self.result, |a| &a.result)
    }

    /// The currency and unit of the figures shown, and their price basis:
    /// "USD millions", "KRW billions, constant 2025 prices".
    pub fn money_unit(&self) -> String {
        match &self.adjusted {
            None => self.study.money_unit(),
            Some(a) => {
                let unit = match a.unit {
                    Unit::Units => a.currency.clone(),
                    u => format!("{} {}", a.currency, u.name()),
                };
                match a.measure {
                    Measure::Real(year) => format!("{unit}, constant {year} prices"),
                    Measure::Currency(_) => unit,
                }
            }
        }
    }

    /// The baseline amount in the measure shown.
    pub fn baseline_amount(&self) -> rust_decimal::Decimal {
        self.adjusted
            .as_ref()
            .map_or(self.study.baseline.amount, |a| a.baseline)
    }

    /// The unit the figures are in (for per-troop costs).
    pub fn unit(&self) -> Unit {
        self.adjusted.as_ref().map_or(self.study.unit, |a| a.unit)
    }

    /// The currency of the figures shown.
    pub fn currency(&self) -> &str {
        self.adjusted
            .as_ref()
            .map_or(&self.study.currency, |a| &a.currency)
    }

    /// The figures of a column: the status quo or one proposal.
    pub fn column(&self, column: Column) -> &ProposalResult {
        column.of(self.figures())
    }

    /// The name of a column as shown in headers.
    pub fn column_name(&self, column: Column) -> String {
        match column {
            Column::StatusQuo => format!("{} baseline (status quo)", self.study.baseline.year),
            Column::Proposal(i) => self
                .study
                .proposals
                .get(i)
                .map_or_else(String::new, |p| p.name.clone()),
        }
    }

    /// "vs 2019 baseline" or "vs Seoul's offer": the base of a delta, named.
    pub fn vs(&self, column: Column) -> String {
        match column {
            // Converted or deflated, the status quo differs year by year: the
            // baseline amount at that year's rate or prices.
            Column::StatusQuo => match self.adjusted.as_ref().map(|a| &a.measure) {
                None => format!("vs {} baseline", self.study.baseline.year),
                Some(Measure::Currency(_)) => format!(
                    "vs the status quo (the {} baseline at each year's rate)",
                    self.study.baseline.year
                ),
                Some(Measure::Real(year)) => format!(
                    "vs the status quo (the {} baseline amount each year, in {year} prices)",
                    self.study.baseline.year
                ),
            },
            Column::Proposal(_) => format!("vs {}", self.column_name(column)),
        }
    }

    /// Finds a column by the name a user typed: a proposal's name or the baseline's.
    pub fn find(&self, name: &str) -> Result<Column, Diagnostic> {
        if let Some(i) = self.study.proposal_index(name) {
            return Ok(Column::Proposal(i));
        }
        let baseline = &self.study.baseline;
        if name == baseline.name || name == "baseline" || name == "status quo" {
            return Ok(Column::StatusQuo);
        }
        let names: Vec<&str> = self
            .study
            .proposals
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        let mut d = Diagnostic::in_file(
            &self.study.file,
            format!("there is no proposal named `{name}`"),
        );
        let listed = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        d.help = Some(
            match crate::diagnostic::did_you_mean(name, names.iter().copied()) {
                Some(close) => {
                    format!("did you mean `{close}`? The proposals are: {listed} (or `baseline`)")
                }
                None if names.is_empty() => format!(
                    "this study has no proposals; use `baseline` (or `{}`) for the status quo",
                    baseline.name
                ),
                None => format!("the proposals are: {listed} (or `baseline` for the status quo)"),
            },
        );
        Err(d)
    }

    /// The gap between two columns, year by year and in total.
    pub fn gap(&self, a: Column, b: Column) -> Result<Gap, Diagnostics> {
        engine::gap(self.column(a), self.column(b)).map_err(|e| {
            Diagnostic::in_file(
                &self.study.file,
                format!(
                    "cannot compute the gap between `{}` and `{}`: {e}",
                    self.column_name(a),
                    self.column_name(b)
                ),
            )
            .into()
        })
    }
}

impl Column {
    /// This column's figures in `result`.
    pub fn of(self, result: &StudyResult) -> &ProposalResult {
        match self {
            Column::StatusQuo => &result.status_quo,
            Column::Proposal(i) => result.proposals.get(i).unwrap_or(&result.status_quo),
        }
    }
}

/// A column of a comparison: the status quo, or a proposal by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The baseline held flat.
    StatusQuo,
    /// The proposal at this index.
    Proposal(usize),
}

/// What `compare` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareSpec {
    /// The base of every delta.
    pub base: Column,
    /// A pair whose gap is shown.
    pub gap: Option<(Column, Column)>,
}

/// A document: what `run` or `compare` shows, before it is given a format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// One part of a [`Doc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is a study, level 2 a proposal or section.
    Heading(u8, String),
    /// A paragraph of plain text.
    Text(String),
    /// A table.
    Table(TableData),
    /// The numbered sources of the figures above.
    Sources(Vec<sources::SourceItem>),
}

/// A table of formatted cells. A cell may hold several lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableData {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
    /// Whether each column holds numbers (aligned right).
    pub numeric: Vec<bool>,
}

/// Renders a document in a human format (table or Markdown).
pub fn render_doc(doc: &Doc, format: Format, options: &Options) -> Vec<u8> {
    match format {
        Format::Markdown => markdown::render(doc).into_bytes(),
        _ => text::render(doc, options.width).into_bytes(),
    }
}
