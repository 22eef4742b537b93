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

use super::{Column, Computed, describe, views};
use crate::adjust::Measure;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::money::{Rate, format_amount};

/// Decimal places of amounts and percentages in CSV unless `--decimals` says otherwise.
pub const DEFAULT_DECIMALS: u32 = 4;

/// The tidy columns, in order. When figures are converted or in constant
/// prices, [`CURRENCY_COLUMNS`] or [`REAL_COLUMNS`] follow.
pub const TIDY_COLUMNS: [&str; 20] = [
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
    "assumed",
    "per_troop",
];

/// Columns added with `--currency`.
pub const CURRENCY_COLUMNS: [&str; 7] = [
    "agreed_currency",
    "agreed_unit",
    "agreed_amount",
    "exchange_rate",
    "exchange_rate_quote",
    "change_vs_baseline_from_deal",
    "change_vs_baseline_from_rate",
];

/// Columns added with `--real`.
pub const REAL_COLUMNS: [&str; 4] = [
    "price_basis",
    "nominal_currency_unit",
    "nominal_amount",
    "price_level",
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

fn percent(rate: Rate, decimals: u32) -> String {
    number(rate.percent(), decimals)
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
    let mut header: Vec<&str> = TIDY_COLUMNS.to_vec();
    // All studies of one export are measured the same way; a study already in
    // the currency asked for has no adjustment, and gets the identity below.
    let measure = studies
        .iter()
        .find_map(|c| c.adjusted.as_ref())
        .map(|a| &a.measure);
    match measure {
        Some(Measure::Currency(_)) => header.extend(CURRENCY_COLUMNS),
        Some(Measure::Real(_)) => header.extend(REAL_COLUMNS),
        None => {}
    }
    w.write_record(&header).map_err(failed)?;
    for c in studies {
        let s = &c.study;
        let figures = c.figures();
        let base_amount = c.baseline_amount();
        for (i, proposal) in s.proposals.iter().enumerate() {
            let (Some(result), Some(nominal)) =
                (figures.proposals.get(i), c.result.proposals.get(i))
            else {
                continue;
            };
            for (k, (y, planned)) in result.years.iter().zip(&proposal.plan).enumerate() {
                let mut record = vec![
                    neutralize(&s.title),
                    neutralize(&s.file.name),
                    neutralize(c.currency()),
                    c.unit().name().to_string(),
                    neutralize(&proposal.name),
                    neutralize(proposal.party.as_deref().unwrap_or_default()),
                    y.year.to_string(),
                    number(y.amount, decimals),
                    number(y.vs_previous.amount, decimals),
                    percent(y.vs_previous.relative, decimals),
                    s.baseline.year.to_string(),
                    number(base_amount, decimals),
                    number(y.vs_baseline.amount, decimals),
                    percent(y.vs_baseline.relative, decimals),
                    number(y.cumulative, decimals),
                    neutralize(&describe::rule(s, proposal, planned)),
                    planned.after_term.to_string(),
                    y.unrounded.map(|u| number(u, decimals)).unwrap_or_default(),
                    y.assumed.to_string(),
                    views::per_troop_value(c, y)
                        .map(|v| number(v, decimals))
                        .unwrap_or_default(),
                ];
                if let Some(a) = &c.adjusted {
                    let n = nominal.years.get(k);
                    let f = a.factors.iter().find(|f| f.year == y.year);
                    match &a.measure {
                        Measure::Currency(_) => {
                            let split = a
                                .splits
                                .as_ref()
                                .and_then(|s| s.get(i))
                                .and_then(|s| s.get(k));
                            record.extend([
                                neutralize(&s.currency),
                                s.unit.name().to_string(),
                                n.map(|n| number(n.amount, decimals)).unwrap_or_default(),
                                f.map(|f| f.quoted.normalize().to_string())
                                    .unwrap_or_default(),
                                neutralize(&a.quoted_label),
                                split.map(|x| number(x.deal, decimals)).unwrap_or_default(),
                                split.map(|x| number(x.rate, decimals)).unwrap_or_default(),
                            ]);
                        }
                        Measure::Real(year) => {
                            record.extend([
                                format!("constant {year} prices"),
                                neutralize(&s.money_unit()),
                                n.map(|n| number(n.amount, decimals)).unwrap_or_default(),
                                f.map(|f| f.quoted.round_dp(10).normalize().to_string())
                                    .unwrap_or_default(),
                            ]);
                        }
                    }
                } else if let Some(Measure::Currency(_)) = measure {
                    // Already in the currency asked for: agreed = shown, rate 1,
                    // the whole change from the deal.
                    record.extend([
                        neutralize(&s.currency),
                        s.unit.name().to_string(),
                        number(y.amount, decimals),
                        "1".to_string(),
                        String::new(),
                        number(y.vs_baseline.amount, decimals),
                        number(Decimal::ZERO, decimals),
                    ]);
                }
                w.write_record(&record).map_err(failed)?;
            }
        }
    }
    finish(w)
}

/// One row per (study, proposal, year, category): each year's amount split by
/// the categories' shares, the parts adding up to the amount exactly.
pub fn by_category(studies: &[Computed], decimals: u32) -> Result<Vec<u8>, Diagnostics> {
    let mut w = writer();
    w.write_record([
        "study",
        "currency",
        "unit",
        "proposal",
        "year",
        "category",
        "share_pct",
        "amount",
        "year_amount",
        "assumed",
    ])
    .map_err(failed)?;
    for c in studies {
        let s = &c.study;
        for (proposal, result) in s.proposals.iter().zip(&c.figures().proposals) {
            let rounding = if c.adjusted.is_none() {
                proposal.rounding
            } else {
                None
            };
            for y in &result.years {
                let parts = crate::adjust::split(y.amount, &proposal.categories, rounding)
                    .map_err(|e| {
                        Diagnostics::from(
                            Diagnostic::in_file(
                                &s.file,
                                format!("cannot split `{}` for {} into its categories: {e}", proposal.name, y.year),
                            )
                            .with_help("the amount is too large for its categories to be rounded to the step; use a coarser rounding step"),
                        )
                    })?;
                for (cat, part) in proposal.categories.iter().zip(parts) {
                    w.write_record([
                        neutralize(&s.title),
                        neutralize(c.currency()),
                        c.unit().name().to_string(),
                        neutralize(&proposal.name),
                        y.year.to_string(),
                        neutralize(&cat.name),
                        percent(cat.share, decimals),
                        number(part, decimals),
                        number(y.amount, decimals),
                        y.assumed.to_string(),
                    ])
                    .map_err(failed)?;
                }
            }
        }
    }
    finish(w)
}

/// The companion sources file: one row per numbered source of every study.
pub fn sources(studies: &[Computed]) -> Result<Vec<u8>, Diagnostics> {
    let mut w = writer();
    w.write_record(["study", "id", "applies_to", "source"])
        .map_err(failed)?;
    for c in studies {
        for item in super::sources::collect(c) {
            w.write_record([
                neutralize(&c.study.title),
                item.id.to_string(),
                neutralize(&item.about),
                neutralize(&item.text),
            ])
            .map_err(failed)?;
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
                record.push(number(gy.diff.amount, decimals));
                record.push(percent(gy.diff.relative, decimals));
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
