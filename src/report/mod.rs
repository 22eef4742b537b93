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
pub mod text;
mod views;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::{self, Gap, ProposalResult, StudyResult};
use crate::scenario::Study;

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
    /// Its results.
    pub result: StudyResult,
}

impl Computed {
    /// Computes a study, turning a failure into a located diagnostic.
    pub fn new(study: Study) -> Result<Computed, Diagnostics> {
        match engine::compute(&study) {
            Ok(result) => Ok(Computed { study, result }),
            Err(e) => {
                let help = match e.kind {
                    engine::ComputeErrorKind::NotPositive(_) => {
                        "a negative rate or step drives the amount to zero or below; make it smaller, or end the term earlier"
                    }
                    engine::ComputeErrorKind::Arith(_) => {
                        "the amount grows beyond what an exact decimal holds (about 7.9 × 10^28); check the rate, the step and the horizon"
                    }
                };
                let d = Diagnostic::at(
                    &study.file,
                    e.span.clone(),
                    format!("cannot compute `{}` for {}: {}", e.proposal, e.year, e.kind),
                )
                .with_label("the rule for this year")
                .with_help(help);
                Err(d.into())
            }
        }
    }

    /// The figures of a column: the status quo or one proposal.
    pub fn column(&self, column: Column) -> &ProposalResult {
        match column {
            Column::StatusQuo => &self.result.status_quo,
            Column::Proposal(i) => self
                .result
                .proposals
                .get(i)
                .unwrap_or(&self.result.status_quo),
        }
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
            Column::StatusQuo => format!("vs {} baseline", self.study.baseline.year),
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
