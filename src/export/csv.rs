//! CSV for spreadsheets, through the `csv` crate.
//!
//! Tidy for `run` views: one row per (study, proposal, year), named columns,
//! plain numbers (no thousands separators, `.` as the decimal mark, a fixed
//! number of decimals, percentages in percent units), a stable column order.
//! `compare` views give the comparison table's shape ("wide"): one row per
//! year, one group of columns per proposal. With `by_category`, one row per
//! (study, proposal, year, category). [`Sources`] writes the companion file of
//! numbered sources.
//!
//! Text cells are quoted, and any that a spreadsheet would read as a formula
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading
//! `'`, as OWASP recommends against CSV injection. Numeric cells are never altered.

use std::io::{self, Write};

use rust_decimal::Decimal;

use super::Exporter;
use crate::money::{Rate, format_amount};
use crate::view::{MeasureKind, ProposalView, StudyView, View, ViewKind, YearRow};

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

/// A CSV error as the I/O error it wraps, so a closed pipe stays a closed
/// pipe (`csv` turns every error into `Other` otherwise).
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::NonNumeric)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

/// CSV of a view: tidy (`run`), wide (`compare`) or by category.
#[derive(Debug, Clone, Copy)]
pub struct Csv {
    /// Decimal places of numbers.
    pub decimals: u32,
    /// One row per study, proposal, year and cost category.
    pub by_category: bool,
}

impl Exporter for Csv {
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()> {
        if self.by_category {
            return by_category(view, self.decimals, out);
        }
        match view.kind {
            ViewKind::Run => tidy(view, self.decimals, out),
            ViewKind::Compare => {
                for s in &view.studies {
                    wide(s, self.decimals, out)?;
                }
                Ok(())
            }
        }
    }
}

/// One tidy row: the figures every format shows for a proposal-year.
fn tidy_record(
    s: &StudyView,
    p: &ProposalView,
    y: &YearRow,
    header_measure: Option<&MeasureKind>,
    decimals: u32,
) -> Vec<String> {
    let mut record = vec![
        neutralize(&s.title),
        neutralize(&s.file),
        neutralize(&s.currency),
        s.unit.name().to_string(),
        neutralize(&p.name),
        neutralize(p.party.as_deref().unwrap_or_default()),
        y.year.to_string(),
        number(y.amount.value, decimals),
        number(y.vs_previous.amount, decimals),
        percent(y.vs_previous.relative, decimals),
        s.baseline.year.to_string(),
        number(s.baseline.amount_shown(), decimals),
        number(y.vs_baseline.amount, decimals),
        percent(y.vs_baseline.relative, decimals),
        number(y.running_total.value, decimals),
        neutralize(&y.rule),
        y.after_term.to_string(),
        y.unrounded.map(|u| number(u, decimals)).unwrap_or_default(),
        y.amount.assumed.to_string(),
        y.per_troop
            .map(|v| number(v.value, decimals))
            .unwrap_or_default(),
    ];
    let agreed = y
        .agreed
        .map(|n| number(n.value, decimals))
        .unwrap_or_default();
    match (s.measure.as_ref(), header_measure) {
        (Some(m), _) => match &m.kind {
            MeasureKind::Currency(_) => record.extend([
                neutralize(&s.agreed_currency),
                s.agreed_unit.name().to_string(),
                agreed,
                y.factor
                    .as_ref()
                    .map(|f| f.quoted.normalize().to_string())
                    .unwrap_or_default(),
                neutralize(&m.quoted_label),
                y.split
                    .map(|x| number(x.deal, decimals))
                    .unwrap_or_default(),
                y.split
                    .map(|x| number(x.exchange_rate, decimals))
                    .unwrap_or_default(),
            ]),
            MeasureKind::Real { year, .. } => record.extend([
                format!("constant {year} prices"),
                neutralize(&s.agreed_money_unit),
                agreed,
                y.factor
                    .as_ref()
                    .map(|f| f.quoted.round_dp(10).normalize().to_string())
                    .unwrap_or_default(),
            ]),
        },
        // Already in the currency asked for: agreed = shown, rate 1, the
        // whole change from the deal.
        (None, Some(MeasureKind::Currency(_))) => record.extend([
            neutralize(&s.agreed_currency),
            s.agreed_unit.name().to_string(),
            number(y.amount.value, decimals),
            "1".to_string(),
            String::new(),
            number(y.vs_baseline.amount, decimals),
            number(Decimal::ZERO, decimals),
        ]),
        (None, _) => {}
    }
    record
}

/// One row per (study, proposal, year).
fn tidy(view: &View, decimals: u32, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    let mut header: Vec<&str> = TIDY_COLUMNS.to_vec();
    // All studies of one export are measured the same way; a study already in
    // the currency asked for has no measure, and gets the identity.
    let measure = view
        .studies
        .iter()
        .find_map(|s| s.measure.as_ref())
        .map(|m| &m.kind);
    match measure {
        Some(MeasureKind::Currency(_)) => header.extend(CURRENCY_COLUMNS),
        Some(MeasureKind::Real { .. }) => header.extend(REAL_COLUMNS),
        None => {}
    }
    w.write_record(&header).map_err(io_error)?;
    for s in &view.studies {
        for p in &s.proposals {
            for y in &p.rows {
                w.write_record(tidy_record(s, p, y, measure, decimals))
                    .map_err(io_error)?;
            }
        }
    }
    w.flush()
}

/// One row per (study, proposal, year, category): each year's amount split by
/// the categories' shares, the parts adding up to the amount exactly.
fn by_category(view: &View, decimals: u32, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
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
    .map_err(io_error)?;
    for s in &view.studies {
        for p in &s.proposals {
            for y in &p.rows {
                for (cat, part) in p.categories.iter().zip(&y.categories) {
                    w.write_record([
                        neutralize(&s.title),
                        neutralize(&s.currency),
                        s.unit.name().to_string(),
                        neutralize(&p.name),
                        y.year.to_string(),
                        neutralize(&cat.name),
                        percent(cat.share, decimals),
                        number(*part, decimals),
                        number(y.amount.value, decimals),
                        y.amount.assumed.to_string(),
                    ])
                    .map_err(io_error)?;
                }
            }
        }
    }
    w.flush()
}

/// The companion sources file: one row per numbered source of every study.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources;

impl Exporter for Sources {
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()> {
        let mut w = writer(out);
        w.write_record(["study", "id", "applies_to", "source"])
            .map_err(io_error)?;
        for s in &view.studies {
            for item in &s.sources {
                w.write_record([
                    neutralize(&s.title),
                    item.id.to_string(),
                    neutralize(&item.about),
                    neutralize(&item.text),
                ])
                .map_err(io_error)?;
            }
        }
        w.flush()
    }
}

/// The comparison table's shape: one row per year; the status quo, then for each
/// proposal its amount and its change vs the base (absolute and %).
fn wide(s: &StudyView, decimals: u32, out: &mut dyn Write) -> io::Result<()> {
    let Some(comparison) = &s.comparison else {
        return Ok(());
    };
    let vs = &comparison.vs;
    let mut header = vec!["year".to_string()];
    for col in &comparison.columns {
        header.push(neutralize(&col.name));
        if !col.is_base {
            header.push(neutralize(&format!("{} change {vs}", col.name)));
            header.push(neutralize(&format!("{} % {vs}", col.name)));
        }
    }
    let mut w = writer(out);
    w.write_record(&header).map_err(io_error)?;
    for (i, year) in s.horizon.years().enumerate() {
        let mut record = vec![year.to_string()];
        for col in &comparison.columns {
            let Some(y) = col.years.get(i) else { continue };
            record.push(number(y.amount.value, decimals));
            if !col.is_base {
                record.push(number(y.vs_base.amount, decimals));
                record.push(percent(y.vs_base.relative, decimals));
            }
        }
        w.write_record(&record).map_err(io_error)?;
    }
    w.flush()
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
