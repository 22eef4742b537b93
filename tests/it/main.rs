//! Integration tests, in one binary to save link time.
//!
//! - `figures`: the engine against figures worked out by hand, from published
//!   numbers and from closed forms.
//! - `properties`: property tests over generated studies.
//! - `cli`: the command-line contract (output, exit codes, files written).
//! - `cli_basics`: file modes, standard input, completions, the man page, the
//!   built-in documents, the table width and what `validate` says of rates.
//! - `exports`: CSV and JSON read back with real parsers and checked.
//! - `csv_shapes`: the wide form, the summary, the per-troop unit, the
//!   byte-order mark and the formula guard.
//! - `formats`: the terminal table, Markdown, CSV and JSON of every shipped
//!   scenario show the same figures.
//! - `scenarios`: every file in scenarios/ is validated, run and snapshotted.
//! - `seams`: the checker's spec and numbers, the planner, and re-planning
//!   with changed values.
//! - `widths`: tables and text fitted to 60–200 columns, snapshotted, and no
//!   number ever split.
//! - `invalid`: broken inputs get located, actionable errors.
//! - `robustness`: missing, huge and unknown inputs, and property tests pushing
//!   mutated and generated studies through every stage and format: no panics.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

mod cli;
mod cli_basics;
mod common;
mod csv_shapes;
mod exports;
mod figures;
mod formats;
mod invalid;
mod properties;
mod real_deals;
mod robustness;
mod scenarios;
mod seams;
mod widths;
