//! CSV for spreadsheets, through the `csv` crate.
//!
//! Tidy by default: one row per (study, proposal, year), named columns, plain
//! numbers (no thousands separators, `.` as the decimal mark, a fixed number of
//! decimals, percentages in percent units), a stable column order. `wide` gives
//! the comparison table's shape: one row per year, one group of columns per
//! proposal.
//!
//! Text cells are quoted, and any that a spreadsheet would read as a formula
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading
//! `'`, as OWASP recommends against CSV injection. Numeric cells are never altered.

use rust_decimal::Decimal;

use super::{Column, Computed, describe};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::money::format_amount;

/// Decimal places of amounts and percentages in CSV unless `--decimals` says otherwise.
pub const DEFAULT_DECIMALS: u32 = 4;

/// The tidy columns, in order.
pub const TIDY_COLUMNS: [&str; 18] = [
    "study",
    "file",
    "currency",
    "unit",
    "proposal",
    "party",
    "year",
    "amount",
    "change_vs_previous_year",
    "change_vs_previous_year_pct",
    "baseline_year",
    "baseline_amount",
    "change_vs_baseline",
    "change_vs_baseline_pct",
    "running_total",
    "rule",
    "after_term",
    "unrounded_amount",
];

/// Makes a text cell safe to open in a spreadsheet.
pub fn neutralize(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn number(value: Decimal, decimals: u32) -> String {
    format_amount(value, decimals, false)
}

fn percent(fraction: Decimal, decimals: u32) -> String {
    number(
        fraction
            .checked_mul(Decimal::ONE_HUNDRED)
            .unwrap_or(fraction),
        decimals,
    )
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::NonNumeric)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn failed(e: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(format!("cannot write CSV: {e}")).into()
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, Diagnostics> {
    w.into_inner().map_err(|e| failed(e.error()))
}

/// One row per (study, proposal, year).
pub fn tidy(studies: &[Computed], decimals: u32) -> Result<Vec<u8>, Diagnostics> {
    let mut w = writer();
    w.write_record(TIDY_COLUMNS).map_err(failed)?;
    for c in studies {
        let s = &c.study;
        for (proposal, result) in s.proposals.iter().zip(&c.result.proposals) {
            for (y, planned) in result.years.iter().zip(&proposal.plan) {
                let record = [
                    neutralize(&s.title),
                    neutralize(&s.file.name),
                    neutralize(&s.currency),
                    s.unit.name().to_string(),
                    neutralize(&proposal.name),
                    neutralize(proposal.party.as_deref().unwrap_or_default()),
                    y.year.to_string(),
                    number(y.amount, decimals),
                    number(y.change_vs_previous, decimals),
                    percent(y.change_vs_previous_pct, decimals),
                    s.baseline.year.to_string(),
                    number(s.baseline.amount, decimals),
                    number(y.change_vs_baseline, decimals),
                    percent(y.change_vs_baseline_pct, decimals),
                    number(y.cumulative, decimals),
                    neutralize(&describe::rule(s, proposal, planned)),
                    planned.after_term.to_string(),
                    y.unrounded.map(|u| number(u, decimals)).unwrap_or_default(),
                ];
                w.write_record(&record).map_err(failed)?;
            }
        }
    }
    finish(w)
}

/// The comparison table's shape: one row per year; the status quo, then for each
/// proposal its amount and its change vs `base` (absolute and %).
pub fn wide(c: &Computed, base: Column, decimals: u32) -> Result<Vec<u8>, Diagnostics> {
    let columns = super::views::columns(c);
    let vs = c.vs(base);
    let mut header = vec!["year".to_string()];
    for col in &columns {
        let name = c.column_name(*col);
        header.push(neutralize(&name));
        if *col != base {
            header.push(neutralize(&format!("{name} change {vs}")));
            header.push(neutralize(&format!("{name} % {vs}")));
        }
    }
    let gaps = columns
        .iter()
        .map(|col| c.gap(*col, base))
        .collect::<Result<Vec<_>, _>>()?;
    let mut w = writer();
    w.write_record(&header).map_err(failed)?;
    for (i, year) in c.study.horizon.years().enumerate() {
        let mut record = vec![year.to_string()];
        for (col, g) in columns.iter().zip(&gaps) {
            let Some(gy) = g.years.get(i) else { continue };
            record.push(number(gy.a, decimals));
            if *col != base {
                record.push(number(gy.diff, decimals));
                record.push(percent(gy.pct, decimals));
            }
        }
        w.write_record(&record).map_err(failed)?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralized() {
        assert_eq!(neutralize("+13% offer"), "'+13% offer");
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralize("-5"), "'-5");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("\rx"), "'\rx");
        assert_eq!(neutralize("Seoul's offer"), "Seoul's offer");
        assert_eq!(neutralize(""), "");
    }
}
