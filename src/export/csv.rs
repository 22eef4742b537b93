//! CSV for spreadsheets and data pipelines, through the `csv` crate.
//!
//! Every shape has named columns, plain numbers (no thousands separators, `.`
//! as the decimal mark, a fixed number of decimals, percentages in percent
//! units) and a stable column order:
//! - tidy, for `run` views: one row per (study, proposal, year);
//! - wide, for `compare` views: one row per (study, year), a group of columns
//!   per schedule, and the gap's columns when one was asked for;
//! - by category: one row per (study, proposal, year, category);
//! - summary: one row per (study, schedule), the status quo first;
//! - [`Sources`]: the companion file of numbered sources.
//!
//! Text cells are quoted, and any that a spreadsheet would read as a formula
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading
//! `'`, as OWASP recommends against CSV injection, unless the guard is turned
//! off for a data pipeline. Numeric cells are never altered. A UTF-8
//! byte-order mark is written first on request, for Excel.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rust_decimal::Decimal;

use super::Exporter;
use crate::money::{Rate, format_amount};
use crate::view::{
    ColumnView, ComparisonView, MeasureKind, ProposalView, StudyView, SummaryView, View, ViewKind,
    YearRow,
};

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
    "per_troop_whole_units",
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

/// The columns of the summary (`export --summary`), in order; with `--real`,
/// `price_basis` follows.
pub const SUMMARY_COLUMNS: [&str; 17] = [
    "study",
    "file",
    "currency",
    "unit",
    "schedule",
    "party",
    "status_quo",
    "first_year",
    "first_amount",
    "last_year",
    "last_amount",
    "total",
    "average",
    "total_vs_status_quo",
    "total_vs_status_quo_pct",
    "growth_a_year_pct",
    "assumed",
];

/// The wide form's leading columns, in order; with `--currency`
/// `exchange_rate` and `exchange_rate_quote` follow, with `--real`
/// `price_basis` and `price_level`; then each schedule's group of columns.
pub const WIDE_COLUMNS: [&str; 7] = [
    "study",
    "file",
    "currency",
    "unit",
    "baseline_year",
    "base",
    "year",
];

/// The columns of the companion sources file.
pub const SOURCES_COLUMNS: [&str; 4] = ["study", "id", "applies_to", "source"];

/// Makes a text cell safe to open in a spreadsheet.
pub fn neutralize(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// A CSV error as the I/O error it wraps, so a closed pipe stays a closed
/// pipe (`csv` turns every error into `Other` otherwise).
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The rows of a CSV: one per proposal-year (tidy for a `run` view, wide for
/// a `compare` view), per category, or per schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shape {
    /// Tidy for a `run` view, wide for a `compare` view.
    #[default]
    Years,
    /// One row per study, proposal, year and cost category.
    ByCategory,
    /// One row per study and schedule: its figures over the horizon.
    Summary,
}

/// CSV of a view, and the choices that shape it (never its figures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Csv {
    /// Decimal places of numbers.
    pub decimals: u32,
    /// What a row is.
    pub shape: Shape,
    /// Start with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Put a `'` before text a spreadsheet would read as a formula.
    pub guard: bool,
}

impl Default for Csv {
    fn default() -> Csv {
        Csv {
            decimals: DEFAULT_DECIMALS,
            shape: Shape::Years,
            bom: false,
            guard: true,
        }
    }
}

impl Csv {
    /// The companion file of numbered sources, with the same byte-order mark
    /// and guard.
    pub fn sources(self) -> Sources {
        Sources { csv: self }
    }

    /// A text cell: as written, or guarded against formulas.
    fn text(&self, text: &str) -> String {
        if self.guard {
            neutralize(text)
        } else {
            text.to_string()
        }
    }

    fn number(&self, value: Decimal) -> String {
        format_amount(value, self.decimals, false)
    }

    fn percent(&self, rate: Rate) -> String {
        self.number(rate.percent())
    }

    /// A writer into `out`, after the byte-order mark when asked for.
    fn writer<'a>(&self, out: &'a mut dyn Write) -> io::Result<csv::Writer<&'a mut dyn Write>> {
        if self.bom {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        Ok(csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::NonNumeric)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out))
    }
}

impl Exporter for Csv {
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()> {
        let mut w = self.writer(out)?;
        match (self.shape, view.kind) {
            (Shape::ByCategory, _) => self.by_category(view, &mut w)?,
            (Shape::Summary, _) => self.summary(view, &mut w)?,
            (Shape::Years, ViewKind::Run) => self.tidy(view, &mut w)?,
            (Shape::Years, ViewKind::Compare) => self.wide(view, &mut w)?,
        }
        w.flush()
    }
}

type Writer<'a> = csv::Writer<&'a mut dyn Write>;

/// The measure of a view: every study of one export is measured the same
/// way (a study already in the currency asked for has none of its own).
fn measure_of(view: &View) -> Option<&MeasureKind> {
    view.studies
        .iter()
        .find_map(|s| s.measure.as_ref())
        .map(|m| &m.kind)
}

impl Csv {
    /// The cells that open every row of the tidy, wide and summary forms:
    /// `study`, `file`, `currency`, `unit`.
    fn study_cells(&self, s: &StudyView) -> Vec<String> {
        vec![
            self.text(&s.title),
            self.text(&s.file),
            self.text(&s.currency),
            s.unit.name().to_string(),
        ]
    }

    /// One tidy row: the figures every format shows for a proposal-year.
    fn tidy_record(
        &self,
        s: &StudyView,
        p: &ProposalView,
        y: &YearRow,
        header_measure: Option<&MeasureKind>,
    ) -> Vec<String> {
        let mut record = self.study_cells(s);
        record.extend([
            self.text(&p.name),
            self.text(p.party.as_deref().unwrap_or_default()),
            y.year.to_string(),
            self.number(y.amount.value),
            self.number(y.vs_previous.amount),
            self.percent(y.vs_previous.relative),
            s.baseline.year.to_string(),
            self.number(s.baseline.amount_shown()),
            self.number(y.vs_baseline.amount),
            self.percent(y.vs_baseline.relative),
            self.number(y.running_total.value),
            self.text(&y.rule),
            y.after_term.to_string(),
            y.unrounded.map(|u| self.number(u)).unwrap_or_default(),
            y.amount.assumed.to_string(),
            y.per_troop
                .map(|v| self.number(v.value))
                .unwrap_or_default(),
        ]);
        let agreed = y.agreed.map(|n| self.number(n.value)).unwrap_or_default();
        match (s.measure.as_ref(), header_measure) {
            (Some(m), _) => match &m.kind {
                MeasureKind::Currency(_) => record.extend([
                    self.text(&s.agreed_currency),
                    s.agreed_unit.name().to_string(),
                    agreed,
                    y.factor
                        .as_ref()
                        .map(|f| f.quoted.normalize().to_string())
                        .unwrap_or_default(),
                    self.text(&m.quoted_label),
                    y.split.map(|x| self.number(x.deal)).unwrap_or_default(),
                    y.split
                        .map(|x| self.number(x.exchange_rate))
                        .unwrap_or_default(),
                ]),
                MeasureKind::Real { year, .. } => record.extend([
                    format!("constant {year} prices"),
                    self.text(&s.agreed_money_unit),
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
                self.text(&s.agreed_currency),
                s.agreed_unit.name().to_string(),
                self.number(y.amount.value),
                "1".to_string(),
                String::new(),
                self.number(y.vs_baseline.amount),
                self.number(Decimal::ZERO),
            ]),
            (None, _) => {}
        }
        record
    }

    /// One row per (study, proposal, year).
    fn tidy(&self, view: &View, w: &mut Writer<'_>) -> io::Result<()> {
        let mut header: Vec<&str> = TIDY_COLUMNS.to_vec();
        let measure = measure_of(view);
        match measure {
            Some(MeasureKind::Currency(_)) => header.extend(CURRENCY_COLUMNS),
            Some(MeasureKind::Real { .. }) => header.extend(REAL_COLUMNS),
            None => {}
        }
        w.write_record(&header).map_err(io_error)?;
        for s in &view.studies {
            for p in &s.proposals {
                for y in &p.rows {
                    w.write_record(self.tidy_record(s, p, y, measure))
                        .map_err(io_error)?;
                }
            }
        }
        Ok(())
    }

    /// One row per (study, proposal, year, category): each year's amount split by
    /// the categories' shares, the parts adding up to the amount exactly.
    fn by_category(&self, view: &View, w: &mut Writer<'_>) -> io::Result<()> {
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
                            self.text(&s.title),
                            self.text(&s.currency),
                            s.unit.name().to_string(),
                            self.text(&p.name),
                            y.year.to_string(),
                            self.text(&cat.name),
                            self.percent(cat.share),
                            self.number(*part),
                            self.number(y.amount.value),
                            y.amount.assumed.to_string(),
                        ])
                        .map_err(io_error)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// One row per (study, schedule): the status quo, then each proposal.
    fn summary(&self, view: &View, w: &mut Writer<'_>) -> io::Result<()> {
        let mut header = SUMMARY_COLUMNS.to_vec();
        let real = match measure_of(view) {
            Some(MeasureKind::Real { year, .. }) => Some(*year),
            _ => None,
        };
        if real.is_some() {
            header.push("price_basis");
        }
        w.write_record(&header).map_err(io_error)?;
        for s in &view.studies {
            let status_quo = Schedule {
                name: &s.status_quo_name,
                party: None,
                status_quo: true,
                summary: &s.status_quo,
            };
            let schedules =
                std::iter::once(status_quo).chain(s.proposals.iter().map(|p| Schedule {
                    name: &p.name,
                    party: p.party.as_deref(),
                    status_quo: false,
                    summary: &p.summary,
                }));
            for schedule in schedules {
                let mut record = self.summary_record(s, &schedule);
                record.extend(real.map(|year| format!("constant {year} prices")));
                w.write_record(&record).map_err(io_error)?;
            }
        }
        Ok(())
    }

    /// A schedule's summary row, all but `price_basis`.
    fn summary_record(&self, s: &StudyView, schedule: &Schedule<'_>) -> Vec<String> {
        let summary = schedule.summary;
        let mut record = self.study_cells(s);
        record.extend([
            self.text(schedule.name),
            self.text(schedule.party.unwrap_or_default()),
            schedule.status_quo.to_string(),
            s.horizon.first.to_string(),
            self.number(summary.first.value),
            s.horizon.last.to_string(),
            self.number(summary.last.value),
            self.number(summary.total.value),
            self.number(summary.average.value),
            self.number(summary.vs_status_quo.amount),
            self.percent(summary.vs_status_quo.relative),
            self.percent(summary.growth),
            summary.total.assumed.to_string(),
        ]);
        record
    }

    /// The comparison table's shape: one row per (study, year), each
    /// schedule's amount, its change vs the base, as agreed (when converted
    /// or deflated) and whether it rests on an assumption; then the gap.
    fn wide(&self, view: &View, w: &mut Writer<'_>) -> io::Result<()> {
        let studies: Vec<(&StudyView, &ComparisonView)> = view
            .studies
            .iter()
            .filter_map(|s| s.comparison.as_ref().map(|c| (s, c)))
            .collect();
        let wide = WideHeader::of(&studies, measure_of(view));
        w.write_record(wide.header()).map_err(io_error)?;
        for (s, c) in &studies {
            let slots = wide.slots(c);
            for (i, year) in s.horizon.years().enumerate() {
                let at = WideRow {
                    s,
                    c,
                    slots: &slots,
                    i,
                    year,
                };
                w.write_record(self.wide_record(&wide, &at))
                    .map_err(io_error)?;
            }
        }
        Ok(())
    }

    fn wide_record(&self, wide: &WideHeader, at: &WideRow<'_>) -> Vec<String> {
        let WideRow {
            s,
            c,
            slots,
            i,
            year,
        } = *at;
        let mut record = self.study_cells(s);
        record.extend([
            s.baseline.year.to_string(),
            self.text(&c.base),
            year.to_string(),
        ]);
        let factor = s.measure.as_ref().and_then(|m| m.factor(year));
        // A study already in the currency asked for has no measure of its
        // own: its rate is 1 and its figures are as agreed.
        let identity = s.measure.is_none();
        match wide.measure {
            Some(WideMeasure::Currency) => record.extend([
                factor.map_or_else(
                    || {
                        if identity {
                            "1".to_string()
                        } else {
                            String::new()
                        }
                    },
                    |f| f.quoted.normalize().to_string(),
                ),
                s.measure
                    .as_ref()
                    .map(|m| self.text(&m.quoted_label))
                    .unwrap_or_default(),
            ]),
            Some(WideMeasure::Real) => record.extend([
                s.measure
                    .as_ref()
                    .and_then(|m| match &m.kind {
                        MeasureKind::Real { year, .. } => Some(format!("constant {year} prices")),
                        MeasureKind::Currency(_) => None,
                    })
                    .unwrap_or_default(),
                factor
                    .map(|f| f.quoted.round_dp(10).normalize().to_string())
                    .unwrap_or_default(),
            ]),
            None => {}
        }
        for (key, slot) in wide.schedules.iter().zip(slots) {
            let col = slot.and_then(|k| c.columns.get(k));
            let y = col.and_then(|col| col.years.get(i).map(|y| (col, y)));
            let blank = String::new;
            record.push(y.map_or_else(blank, |(_, y)| self.number(y.amount.value)));
            if key.deltas {
                let change = y.filter(|(col, _)| !col.is_base).map(|(_, y)| y.vs_base);
                record.push(change.map_or_else(blank, |c| self.number(c.amount)));
                record.push(change.map_or_else(blank, |c| self.percent(c.relative)));
            }
            if wide.measure.is_some() {
                let agreed = y.and_then(|(_, y)| y.agreed.or(identity.then_some(y.amount.value)));
                record.push(agreed.map_or_else(blank, |v| self.number(v)));
            }
            record.push(y.map_or_else(blank, |(_, y)| y.amount.assumed.to_string()));
        }
        if wide.gap.is_some() {
            match c.gap.as_ref().and_then(|g| g.years.get(i).map(|y| (g, y))) {
                Some((g, y)) => record.extend([
                    self.text(&g.a),
                    self.text(&g.b),
                    self.number(y.change.amount),
                    self.percent(y.change.relative),
                    (y.a.assumed || y.b.assumed).to_string(),
                ]),
                None => record.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        record
    }
}

/// A row of the summary: the status quo or a proposal.
struct Schedule<'a> {
    name: &'a str,
    party: Option<&'a str>,
    status_quo: bool,
    summary: &'a SummaryView,
}

/// What the wide form's figures are measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WideMeasure {
    Currency,
    Real,
}

/// A schedule's group of columns in the wide form: the same schedule name
/// (or the status quo) across studies shares one group.
#[derive(Debug)]
struct ScheduleKey {
    status_quo: bool,
    name: String,
    /// True when the schedule is not the base in some study, so it has
    /// change columns (blank where it is the base).
    deltas: bool,
}

/// What identifies a schedule across studies: the status quo, or a
/// proposal's name.
fn schedule_id(col: &ColumnView) -> (bool, String) {
    match col.is_status_quo {
        true => (true, String::new()),
        false => (false, col.name.clone()),
    }
}

/// One row of the wide form: a study's year, and where each schedule's
/// group finds its column of the study's comparison.
struct WideRow<'a> {
    s: &'a StudyView,
    c: &'a ComparisonView,
    slots: &'a [Option<usize>],
    i: usize,
    year: i32,
}

/// The wide form's columns for a set of studies.
#[derive(Debug)]
struct WideHeader {
    measure: Option<WideMeasure>,
    /// Every schedule, the status quo first, then in the order first met.
    schedules: Vec<ScheduleKey>,
    /// Each schedule's place in `schedules`, by [`schedule_id`].
    index: BTreeMap<(bool, String), usize>,
    /// The base as named in change headers: "vs 2019 baseline" when every
    /// study shares it, else "vs base" (the `base` column names it).
    vs: String,
    /// The gap's A and B when every study with a gap shares them, else
    /// `Some(None)`; `None` without a gap.
    gap: Option<Option<(String, String)>>,
}

/// One value when every item agrees on it, else `None`.
fn shared<T: PartialEq>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.all(|x| x == first).then_some(first)
}

impl WideHeader {
    fn of(studies: &[(&StudyView, &ComparisonView)], measure: Option<&MeasureKind>) -> WideHeader {
        let mut schedules: Vec<ScheduleKey> = Vec::new();
        let mut index: BTreeMap<(bool, String), usize> = BTreeMap::new();
        for (_, c) in studies {
            for col in &c.columns {
                let id = schedule_id(col);
                match index.get(&id).and_then(|&k| schedules.get_mut(k)) {
                    Some(key) => key.deltas |= !col.is_base,
                    None => {
                        index.insert(id, schedules.len());
                        schedules.push(ScheduleKey {
                            status_quo: col.is_status_quo,
                            name: col.name.clone(),
                            deltas: !col.is_base,
                        });
                    }
                }
            }
        }
        // The status quo's name when every study's is the same.
        let status_quo_name = shared(studies.iter().filter_map(|(_, c)| {
            c.columns
                .iter()
                .find(|col| col.is_status_quo)
                .map(|col| col.name.as_str())
        }))
        .unwrap_or("status quo")
        .to_string();
        if let Some(key) = schedules.iter_mut().find(|k| k.status_quo) {
            key.name = status_quo_name;
        }
        let gaps = || {
            studies
                .iter()
                .filter_map(|(_, c)| c.gap.as_ref().map(|g| (g.a.clone(), g.b.clone())))
        };
        WideHeader {
            measure: measure.map(|m| match m {
                MeasureKind::Currency(_) => WideMeasure::Currency,
                MeasureKind::Real { .. } => WideMeasure::Real,
            }),
            schedules,
            index,
            vs: shared(studies.iter().map(|(_, c)| c.vs.as_str()))
                .unwrap_or("vs base")
                .to_string(),
            gap: gaps().next().map(|_| shared(gaps())),
        }
    }

    /// Where each schedule's group finds its column in a study's comparison.
    fn slots(&self, c: &ComparisonView) -> Vec<Option<usize>> {
        let mut slots = vec![None; self.schedules.len()];
        for (k, col) in c.columns.iter().enumerate() {
            let slot = self
                .index
                .get(&schedule_id(col))
                .and_then(|&at| slots.get_mut(at));
            if let Some(slot) = slot {
                *slot = Some(k);
            }
        }
        slots
    }

    fn header(&self) -> Vec<String> {
        let mut header: Vec<String> = WIDE_COLUMNS.iter().map(|c| c.to_string()).collect();
        let agreed = match self.measure {
            Some(WideMeasure::Currency) => {
                header.extend(["exchange_rate", "exchange_rate_quote"].map(String::from));
                "as agreed"
            }
            Some(WideMeasure::Real) => {
                header.extend(["price_basis", "price_level"].map(String::from));
                "nominal"
            }
            None => "",
        };
        for key in &self.schedules {
            let name = &key.name;
            header.push(name.clone());
            if key.deltas {
                header.push(format!("{name} change {}", self.vs));
                header.push(format!("{name} % {}", self.vs));
            }
            if self.measure.is_some() {
                header.push(format!("{name} {agreed}"));
            }
            header.push(format!("{name} assumed"));
        }
        match &self.gap {
            Some(Some((a, b))) => header.extend([
                "gap_a".to_string(),
                "gap_b".to_string(),
                format!("{a} minus {b}"),
                format!("{a} minus {b} % vs {b}"),
                format!("{a} minus {b} assumed"),
            ]),
            Some(None) => header.extend(
                [
                    "gap_a",
                    "gap_b",
                    "gap_a_minus_b",
                    "gap_pct_vs_b",
                    "gap_assumed",
                ]
                .map(String::from),
            ),
            None => {}
        }
        header
    }
}

/// The companion sources file: one row per numbered source of every study.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources {
    csv: Csv,
}

impl Exporter for Sources {
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()> {
        let csv = &self.csv;
        let mut w = csv.writer(out)?;
        w.write_record(SOURCES_COLUMNS).map_err(io_error)?;
        for s in &view.studies {
            for item in &s.sources {
                w.write_record([
                    csv.text(&s.title),
                    item.id.to_string(),
                    csv.text(&item.about),
                    csv.text(&item.text),
                ])
                .map_err(io_error)?;
            }
        }
        w.flush()
    }
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
