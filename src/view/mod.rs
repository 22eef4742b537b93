//! The view: every figure a report shows, typed and built once from the
//! analysed studies, for every format to export.
//!
//! A [`View`] holds numbers, not text: amounts with their assumption mark
//! ([`Figure`]), changes as an amount and a [`Rate`] ([`Change`]), rates,
//! the texts that describe rules, and numbered sources. Exporters
//! ([`crate::export`]) decide how each is written; none of them computes a
//! figure. One proposal-year ([`YearRow`]) is built in one place
//! (`build.rs`), with one policy for a figure that cannot be computed: the
//! view is not built, and the problem is reported.

mod build;
pub mod describe;
pub mod sources;

pub use build::{compare_view, run_view};
pub use sources::SourceItem;

use rust_decimal::Decimal;

use crate::adjust::Split;
pub use crate::engine::Change;
use crate::money::{Rate, Rounding};
use crate::scenario::spec::{Horizon, SeriesKind, Unit};

/// What a view shows: each proposal's schedule (`run`), or the proposals side
/// by side (`compare`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    /// Each proposal's year table, categories and summary.
    Run,
    /// Years × (status quo and proposals), a summary and a gap.
    Compare,
}

/// Every figure of one report, for one or more studies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// What the view shows.
    pub kind: ViewKind,
    /// One entry per study, in the order given.
    pub studies: Vec<StudyView>,
}

/// An amount, and whether it rests on an assumption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// The amount.
    pub value: Decimal,
    /// True when it rests on a stated assumption (an index, exchange rate or
    /// price projected beyond its data, or an amount grown from one).
    pub assumed: bool,
}

/// One study's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyView {
    /// The file the study was read from, as given.
    pub file: String,
    /// `title`
    pub title: String,
    /// `description`
    pub description: Option<String>,
    /// One line on what the study is: file, unit, horizon and baseline.
    pub line: String,
    /// The figures' currency, unit and price basis: "USD millions",
    /// "KRW billions, constant 2025 prices".
    pub money_unit: String,
    /// The currency of the figures shown.
    pub currency: String,
    /// The unit of the figures shown.
    pub unit: Unit,
    /// The currency amounts are agreed in.
    pub agreed_currency: String,
    /// The unit amounts are written in.
    pub agreed_unit: Unit,
    /// "USD millions": the agreed currency and unit.
    pub agreed_money_unit: String,
    /// Decimal places of amounts in tables.
    pub decimals: u32,
    /// The years compared.
    pub horizon: Horizon,
    /// The baseline.
    pub baseline: BaselineView,
    /// How figures were converted or deflated, when they were.
    pub measure: Option<MeasureView>,
    /// True when any figure shown rests on an assumption.
    pub rests_on_assumptions: bool,
    /// True when the study gives troop counts (figures per troop are shown).
    pub per_troop: bool,
    /// The status quo as named in comparisons: "2019 baseline (status quo)".
    pub status_quo_name: String,
    /// The status quo: the baseline amount held over the horizon.
    pub status_quo: SummaryView,
    /// Every proposal, in file order.
    pub proposals: Vec<ProposalView>,
    /// The study's index series.
    pub series: Vec<SeriesView>,
    /// The troop counts, if given.
    pub troops: Option<TroopsView>,
    /// Every source of the study's figures, numbered.
    pub sources: Vec<SourceItem>,
    /// The comparison (compare views only).
    pub comparison: Option<ComparisonView>,
}

/// The baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineView {
    /// `name`
    pub name: String,
    /// `year`
    pub year: i32,
    /// `amount`, as agreed.
    pub amount: Decimal,
    /// The amount in the figures' measure, when converted or deflated.
    pub shown: Option<Decimal>,
    /// `source`
    pub source: Option<String>,
}

impl BaselineView {
    /// The baseline amount in the measure shown.
    pub fn amount_shown(&self) -> Decimal {
        self.shown.unwrap_or(self.amount)
    }
}

/// What the figures are measured in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeasureKind {
    /// Another currency (its ISO code), at each year's exchange rate.
    Currency(String),
    /// Constant prices of a base year, by the study's deflator (named).
    Real {
        /// The base year.
        year: i32,
        /// The price series used.
        deflator: String,
    },
}

/// How figures were converted or deflated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureView {
    /// Currency or constant prices.
    pub kind: MeasureKind,
    /// The exchange-rate pair used (`USD/KRW`), for a currency.
    pub pair: Option<String>,
    /// What the quoted figure is: "KRW per USD" or "price level (2025 = 1)".
    pub quoted_label: String,
    /// Every year's rate or price level, from the baseline year on.
    pub factors: Vec<FactorView>,
    /// The source of the series used.
    pub source: Option<String>,
}

impl MeasureView {
    /// The factor of `year`, if there is one.
    pub fn factor(&self, year: i32) -> Option<&FactorView> {
        self.factors.iter().find(|f| f.year == year)
    }
}

/// One year's exchange rate or price level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorView {
    /// The year.
    pub year: i32,
    /// The rate or price level as quoted (KRW per USD; 2025 = 1).
    pub quoted: Decimal,
    /// What agreed amounts of the year are multiplied by.
    pub factor: Decimal,
    /// True when the rate or price is an assumption.
    pub assumed: bool,
    /// Where the figure comes from, if given.
    pub source: Option<String>,
}

/// One proposal's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalView {
    /// `name`
    pub name: String,
    /// `party`
    pub party: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `source`
    pub source: Option<String>,
    /// The rules in brief, year ranges merged.
    pub rules: String,
    /// How computed amounts are rounded, if at all.
    pub rounding: Option<Rounding>,
    /// The last year of the term, when shorter than the horizon.
    pub term_ends: Option<i32>,
    /// The cost categories each year's amount is split into.
    pub categories: Vec<CategoryView>,
    /// True when the figures are as computed (not converted or deflated) and
    /// rounding changed some year: the amounts before rounding are shown.
    pub shows_unrounded: bool,
    /// One row per horizon year.
    pub rows: Vec<YearRow>,
    /// Figures over the horizon.
    pub summary: SummaryView,
}

/// A cost category of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryView {
    /// `name`
    pub name: String,
    /// Its share of each year's amount.
    pub share: Rate,
}

/// One proposal-year: every figure any format shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRow {
    /// The year.
    pub year: i32,
    /// The amount shown (converted or deflated when asked for).
    pub amount: Figure,
    /// The amount as agreed, when the figures are converted or deflated.
    pub agreed: Option<Figure>,
    /// The exchange rate or price level of the year, when converted or deflated.
    pub factor: Option<FactorView>,
    /// The change from the previous year (the baseline, for the first year).
    pub vs_previous: Change,
    /// The change from the baseline.
    pub vs_baseline: Change,
    /// The change from the baseline split into the deal and the exchange
    /// rate, when converted to another currency.
    pub split: Option<Split>,
    /// The sum of the amounts so far; assumed once any year so far is.
    pub running_total: Figure,
    /// The cost per troop in whole currency units, when troops are given.
    pub per_troop: Option<Figure>,
    /// How the amount was set.
    pub rule: String,
    /// The number of the source cited for this year's rule or figure, when
    /// the year has one of its own (a phase's, a rates-table entry's, a set
    /// amount's); otherwise the proposal's source covers it.
    pub source: Option<usize>,
    /// True for years after the proposal's term.
    pub after_term: bool,
    /// The amount before rounding, when rounding changed it.
    pub unrounded: Option<Decimal>,
    /// The amount split by cost category (in the order of the proposal's
    /// categories), the parts adding up to the amount exactly.
    pub categories: Vec<Decimal>,
}

/// A schedule's figures over the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryView {
    /// The first year's amount.
    pub first: Figure,
    /// The last year's amount.
    pub last: Figure,
    /// The sum over the horizon.
    pub total: Figure,
    /// The total divided by the number of years.
    pub average: Figure,
    /// Compound annual growth from the baseline year.
    pub growth: Rate,
    /// The total against the status quo total.
    pub vs_status_quo: Change,
    /// For a currency, the last year's change from the baseline split into
    /// the deal and the exchange rate.
    pub last_split: Option<Split>,
}

/// An index series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesView {
    /// `name`
    pub name: String,
    /// The values by year.
    pub values: SeriesValues,
    /// Growth assumed after the data.
    pub assume: Option<Rate>,
    /// `source`
    pub source: Option<String>,
    /// The file the data came from, when not the study file.
    pub file: Option<String>,
}

/// A series' values by year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesValues {
    /// Growth rates.
    Growth(Vec<YearValue<Rate>>),
    /// Levels.
    Level(Vec<YearValue<Decimal>>),
}

impl SeriesValues {
    /// Growth rates or levels.
    pub fn kind(&self) -> SeriesKind {
        match self {
            SeriesValues::Growth(_) => SeriesKind::Growth,
            SeriesValues::Level(_) => SeriesKind::Level,
        }
    }
}

/// One year's figure of a series or of the troop counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearValue<T> {
    /// The year.
    pub year: i32,
    /// The figure.
    pub value: T,
    /// Where it comes from, if given.
    pub source: Option<String>,
}

/// Troop counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TroopsView {
    /// The count each year not listed.
    pub count: Decimal,
    /// Counts for given years.
    pub years: Vec<YearValue<Decimal>>,
    /// `source`
    pub source: Option<String>,
}

/// A comparison against one base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonView {
    /// The base of every delta: its name as shown in headers.
    pub base: String,
    /// "vs 2019 baseline": the base, named as in delta headers.
    pub vs: String,
    /// The status quo and every proposal, each against the base.
    pub columns: Vec<ColumnView>,
    /// The gap asked for with `--gap`, A minus B.
    pub gap: Option<GapView>,
}

/// One column of a comparison, against the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnView {
    /// The column's name as shown in headers.
    pub name: String,
    /// True for the base itself.
    pub is_base: bool,
    /// True for the status quo (the baseline held flat).
    pub is_status_quo: bool,
    /// Per year: the amount, as agreed, and against the base.
    pub years: Vec<ColumnYear>,
    /// The column's figures over the horizon.
    pub summary: SummaryView,
    /// The column's total as agreed, when converted or deflated.
    pub agreed_total: Option<Decimal>,
    /// The column's total against the base's total.
    pub vs_base: GapTotal,
}

/// One year of a comparison column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnYear {
    /// The year.
    pub year: i32,
    /// The amount shown.
    pub amount: Figure,
    /// The amount as agreed, when converted or deflated.
    pub agreed: Option<Decimal>,
    /// The base's amount.
    pub base: Figure,
    /// The amount against the base's.
    pub vs_base: Change,
}

/// Two totals and the one against the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GapTotal {
    /// The measured total.
    pub total: Figure,
    /// The base's total.
    pub base: Figure,
    /// The one against the other.
    pub change: Change,
}

/// The gap between two schedules, A minus B, year by year and in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapView {
    /// A's name.
    pub a: String,
    /// B's name (the base of every percentage).
    pub b: String,
    /// Per year.
    pub years: Vec<GapYearView>,
    /// Over the horizon.
    pub total: GapTotal,
}

/// One year of a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GapYearView {
    /// The year.
    pub year: i32,
    /// A's amount.
    pub a: Figure,
    /// B's amount.
    pub b: Figure,
    /// A against B (resting on an assumption when either does).
    pub change: Change,
}
