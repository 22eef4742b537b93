//! Exporters: a [`View`] written in one format into any [`Write`] — standard
//! output, or a file the caller moves into place when done.
//!
//! Every format is an [`Exporter`] of the same view, in the manner of
//! hyperfine's exporters and ripgrep's printers; none computes a figure. The
//! markup formats (the terminal table and Markdown) lay the view out once as a
//! [`layout::Doc`] of typed cells and differ only in how they draw it. CSV and
//! JSON are data, written from the view's rows.
//!
//! Every delta states its base in its header ("vs 2019 baseline", "vs Seoul's
//! offer"): there is no bare "Δ" anywhere.

pub mod csv;
pub mod fit;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod text;

use std::io::{self, Write};

use crate::view::View;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Every format, in the order listed to users.
    pub const ALL: [Format; 4] = [Format::Table, Format::Csv, Format::Json, Format::Markdown];

    /// The name users give (`--format csv`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Markdown => "markdown",
        }
    }

    /// What the format is for, in a few words.
    pub fn help(self) -> &'static str {
        match self {
            Format::Table => "Tables for the terminal",
            Format::Csv => "Comma-separated values for spreadsheets",
            Format::Json => "JSON with every figure exact",
            Format::Markdown => "Markdown tables for documents",
        }
    }

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

    /// The exporter of this format, with the choices that shape it.
    pub fn exporter(self, options: &Options) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(text::Text {
                width: options.width,
            }),
            Format::Markdown => Box::new(markdown::Markdown),
            Format::Json => Box::new(json::Json),
            Format::Csv => Box::new(options.csv),
        }
    }
}

/// Choices that shape an export but never its figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// How CSV is written: decimals, shape, byte-order mark, formula guard.
    pub csv: csv::Csv,
    /// Width of the terminal tables should fit, if any.
    pub width: Option<u16>,
}

/// Writes a view in one format.
pub trait Exporter {
    /// Writes `view` into `out`, as it goes.
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()>;
}

/// A view exported into memory (tests, benchmarks, small outputs).
pub fn to_bytes(exporter: &dyn Exporter, view: &View) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    exporter.export(view, &mut out)?;
    Ok(out)
}
