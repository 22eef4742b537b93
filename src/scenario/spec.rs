//! The checked study: its structure, names, spans and sources, with every
//! number held as a handle into its [`Params`].
//!
//! Everything here was checked by [`check`](super::check): years lie inside
//! the horizon, every horizon year of a proposal has exactly one rule, the
//! series and exchange rates give every value a rule needs. Turning a spec and
//! its values into each year's amount rule is [`crate::plan`]'s job.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::params::{AmountParam, Params, RateParam};
use crate::diagnostic::{SourceFile, Span};
use crate::money::{self, Rate, Rounding};

/// A checked scenario file, apart from its numbers.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file the study was read from.
    pub file: Arc<SourceFile>,
    /// `title`
    pub title: String,
    /// `description`
    pub description: Option<String>,
    /// ISO 4217 code of the currency amounts are in (`currency`).
    pub currency: String,
    /// The unit amounts are written in (`unit`).
    pub unit: Unit,
    /// Decimal places shown for amounts in tables (`decimals`).
    pub decimals: u32,
    /// The years compared.
    pub horizon: Horizon,
    /// The status quo every proposal is measured against.
    pub baseline: Baseline,
    /// The proposals, in file order.
    pub proposals: Vec<Proposal>,
    /// Index series (`[[series]]`), in file order.
    pub series: Vec<Series>,
    /// Exchange-rate series (`[[exchange_rate]]`), in file order.
    pub exchange_rates: Vec<ExchangeRate>,
    /// The series that measures prices, for constant-price figures (`deflator`).
    pub deflator: Option<usize>,
    /// Troop counts (`[troops]`), for the cost per troop.
    pub troops: Option<Troops>,
}

impl Spec {
    /// The proposal named `name`, if there is one.
    pub fn proposal_index(&self, name: &str) -> Option<usize> {
        self.proposals.iter().position(|p| p.name == name)
    }

    /// "USD millions": the currency and unit every amount is in.
    pub fn money_unit(&self) -> String {
        self.unit.with_currency(&self.currency)
    }

    /// The series named `name`, if there is one.
    pub fn series_named(&self, name: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.name == name)
    }

    /// The exchange-rate series between the study's currency and `currency`.
    pub fn exchange_rate(&self, currency: &str) -> Option<&ExchangeRate> {
        self.exchange_rates
            .iter()
            .find(|r| r.other(&self.currency) == Some(currency))
    }

    /// The name a number's address starts with: its proposal's or series'
    /// name, or its exchange rate's pair.
    pub fn owner_name(&self, owner: super::params::Owner) -> String {
        use super::params::Owner;
        match owner {
            Owner::Proposal(i) => self.proposals.get(i).map(|p| p.name.clone()),
            Owner::Series(i) => self.series.get(i).map(|s| s.name.clone()),
            Owner::ExchangeRate(i) => self.exchange_rates.get(i).map(ExchangeRate::pair),
            Owner::Baseline | Owner::Troops => None,
        }
        .unwrap_or_default()
    }
}

/// The unit amounts are written in: a power of ten of the currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Plain currency units.
    Units,
    /// Thousands.
    Thousands,
    /// Millions.
    Millions,
    /// Billions (10⁹).
    Billions,
    /// Trillions (10¹²).
    Trillions,
}

impl Unit {
    /// Every unit with its name in scenario files.
    pub const ALL: [Unit; 5] = [
        Unit::Units,
        Unit::Thousands,
        Unit::Millions,
        Unit::Billions,
        Unit::Trillions,
    ];

    /// The name used in scenario files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Units => "units",
            Unit::Thousands => "thousands",
            Unit::Millions => "millions",
            Unit::Billions => "billions",
            Unit::Trillions => "trillions",
        }
    }

    /// The unit written as `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::ALL.iter().copied().find(|u| u.name() == name)
    }

    /// The power of ten this unit stands for.
    pub fn exponent(self) -> u32 {
        match self {
            Unit::Units => 0,
            Unit::Thousands => 3,
            Unit::Millions => 6,
            Unit::Billions => 9,
            Unit::Trillions => 12,
        }
    }

    /// "USD millions", or "USD" for plain units.
    pub fn with_currency(self, currency: &str) -> String {
        match self {
            Unit::Units => currency.to_string(),
            unit => format!("{currency} {}", unit.name()),
        }
    }
}

/// The years compared: from the year after the baseline to `last`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    /// The first year compared (always the year after the baseline).
    pub first: i32,
    /// The last year compared.
    pub last: i32,
}

impl Horizon {
    /// The years, in order.
    pub fn years(self) -> std::ops::RangeInclusive<i32> {
        self.first..=self.last
    }

    /// How many years.
    pub fn len(self) -> usize {
        usize::try_from(self.last.saturating_sub(self.first).saturating_add(1)).unwrap_or(0)
    }

    /// Never true for a checked horizon; here for completeness.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// The baseline: the amount paid in the baseline year, held flat as the status quo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// `name`
    pub name: String,
    /// `year`
    pub year: i32,
    /// `amount`, in the study's unit (`baseline.amount`).
    pub amount: AmountParam,
    /// `source`
    pub source: Option<String>,
    /// Where the amount is written, for messages.
    pub span: Span,
}

/// What happens after a proposal's term ends, inside the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterTerm {
    /// The last amount of the term continues, flat.
    Hold,
    /// The rule of the term's last year goes on.
    Continue,
}

/// A checked proposal: its rules, and which of them sets each horizon year.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// `name`, unique in the study.
    pub name: String,
    /// `party`
    pub party: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `source`
    pub source: Option<String>,
    /// Where the proposal's name is written, for messages.
    pub span: Span,
    /// How computed amounts are rounded, if at all.
    pub rounding: Option<Rounding>,
    /// The last year of the proposal's term, when shorter than the horizon.
    pub term_ends: Option<i32>,
    /// What happens after the term.
    pub after_term: AfterTerm,
    /// The escalation rule, or one rule per phase, in order.
    pub rules: Vec<Rule>,
    /// One entry per horizon year, in order.
    pub years: Vec<YearSpec>,
    /// How each year's amount splits into cost categories (empty: no split).
    pub categories: Vec<Category>,
}

/// Which rule sets one year's amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSpec {
    /// The year.
    pub year: i32,
    /// What sets the amount.
    pub how: How,
    /// True for years after the proposal's term.
    pub after_term: bool,
    /// Where the rule is written, for messages.
    pub span: Span,
    /// Where the rule or figure for this year comes from, if given.
    pub source: Option<Arc<str>>,
}

/// What sets a year's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// `start`: the first year.
    Start(Start),
    /// The rule at this position of [`Proposal::rules`].
    Rule(usize),
    /// An amount given for the year in `amounts`.
    Set(AmountParam),
    /// The previous year's amount again.
    Freeze(Freeze),
}

/// How the first year's amount is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// `start = "+13%"`: a change over the baseline.
    Rate(RateParam),
    /// `start = "baseline"`: the baseline amount again.
    Baseline,
    /// `start = 1300`: an amount.
    Amount(AmountParam),
}

/// Why an amount is held at the previous year's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freeze {
    /// `start = "baseline"`: the first year equals the baseline.
    Start,
    /// An escalation rule of `"freeze"`.
    Rule,
    /// The year is listed in `freeze`.
    Year,
    /// The proposal gives no escalation rule, so later years are held flat.
    NoRule,
    /// The term has ended and the amount is held: `after_term = "hold"`, or
    /// `"continue"` after a term whose last year is a freeze.
    AfterTerm {
        /// The year whose amount is held: the term's last year, or a later
        /// year set by `amounts` (the years after it repeat its amount).
        held: i32,
    },
}

/// An escalation rule (the proposal's, or a phase's) and the years it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What the rule does.
    pub kind: RuleKind,
    /// The first year it covers.
    pub from: i32,
    /// The last year it covers, within the term.
    pub to: i32,
    /// Where the rule (or its phase) is written.
    pub span: Span,
    /// Where its first year is written (the phase's `from`, or the rule itself).
    pub from_span: Span,
    /// The phase's source, if given.
    pub source: Option<Arc<str>>,
}

/// What an escalation rule does each year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleKind {
    /// Grow by a constant rate, within limits.
    Grow(RateParam, Limits),
    /// Add a fixed amount.
    Add(AmountParam),
    /// Hold the amount.
    Freeze,
    /// Grow by each year's rate in a table, within limits.
    Table(BTreeMap<i32, TableRate>, Limits),
    /// Grow with an index.
    Index(IndexSpec),
}

/// One entry of a rates table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRate {
    /// The rate.
    pub rate: RateParam,
    /// Where it is written.
    pub span: Span,
    /// Its source, if given.
    pub source: Option<Arc<str>>,
}

/// A cap and a floor on a growth rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// The highest growth allowed.
    pub cap: Option<RateParam>,
    /// The lowest growth allowed.
    pub floor: Option<RateParam>,
}

/// `{ index = …, lag = …, spread = … }`: growth is the sum of the series'
/// values `lag` years before the year grown, plus the spread, within limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSpec {
    /// The series added up, by position in [`Spec::series`].
    pub series: Vec<usize>,
    /// How many years before the year grown the values are taken from.
    pub lag: i32,
    /// A fixed rate added.
    pub spread: Option<RateParam>,
    /// The cap and floor.
    pub limits: Limits,
}

/// A figure with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The figure.
    pub value: T,
    /// Where it comes from, if given.
    pub source: Option<String>,
}

/// A named series of yearly figures: growth rates, or levels growth is derived from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// `name`, unique in the study.
    pub name: String,
    /// `description`
    pub description: Option<String>,
    /// The data, by year.
    pub data: SeriesData,
    /// Growth assumed for years after the data, if stated.
    pub assume: Option<RateParam>,
    /// `source`
    pub source: Option<String>,
    /// The file the data was read from, when not the study file.
    pub file: Option<String>,
}

/// What a series' values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesKind {
    /// Year-on-year growth rates (`"2.1%"`).
    Growth,
    /// Levels of an index (`112.4`); growth is the change from the year before.
    Level,
}

/// A series' values by year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesData {
    /// Year-on-year growth rates.
    Growth(BTreeMap<i32, Sourced<RateParam>>),
    /// Index levels.
    Level(BTreeMap<i32, Sourced<AmountParam>>),
}

/// Why a series cannot give the figure of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesGap {
    /// The year is before the data starts (for levels: before the second year of data).
    BeforeData {
        /// The first year the series can give.
        first: i32,
    },
    /// The year is after the data, and no assumption is stated.
    AfterData {
        /// The last year with data.
        last: i32,
    },
    /// A year inside the data has no value.
    Missing,
    /// The series' figures (a level projected far ahead, or the growth
    /// between two levels) are too large to hold as exact decimals.
    Overflow,
}

/// A figure looked up by year: the value, whether it is an assumption, and its source.
pub type Lookup<'a, T> = (T, bool, Option<&'a str>);

impl Series {
    /// What the series' values are.
    pub fn kind(&self) -> SeriesKind {
        match self.data {
            SeriesData::Growth(_) => SeriesKind::Growth,
            SeriesData::Level(_) => SeriesKind::Level,
        }
    }

    /// The first and last year with data.
    pub fn data_years(&self) -> Option<(i32, i32)> {
        fn ends<T>(m: &BTreeMap<i32, T>) -> Option<(i32, i32)> {
            Some((*m.first_key_value()?.0, *m.last_key_value()?.0))
        }
        match &self.data {
            SeriesData::Growth(m) => ends(m),
            SeriesData::Level(m) => ends(m),
        }
    }

    /// The growth the series gives for `year`, whether it is an assumption, and its source.
    pub fn growth(&self, params: &Params, year: i32) -> Result<Lookup<'_, Rate>, SeriesGap> {
        let (first, last) = self.data_years().ok_or(SeriesGap::Missing)?;
        if year > last {
            return match self.assume {
                Some(rate) => Ok((params.rate(rate), true, None)),
                None => Err(SeriesGap::AfterData { last }),
            };
        }
        match &self.data {
            SeriesData::Growth(values) => {
                if year < first {
                    return Err(SeriesGap::BeforeData { first });
                }
                let point = values.get(&year).ok_or(SeriesGap::Missing)?;
                Ok((params.rate(point.value), false, point.source.as_deref()))
            }
            SeriesData::Level(values) => {
                let starts = first.saturating_add(1);
                if year < starts {
                    return Err(SeriesGap::BeforeData { first: starts });
                }
                let now = values.get(&year).ok_or(SeriesGap::Missing)?;
                let before = values
                    .get(&year.saturating_sub(1))
                    .ok_or(SeriesGap::Missing)?;
                let growth = money::div(params.amount(now.value), params.amount(before.value))
                    .and_then(|ratio| money::sub(ratio, Decimal::ONE))
                    .and_then(Rate::from_fraction)
                    .map_err(|_| SeriesGap::Overflow)?;
                Ok((growth, false, now.source.as_deref()))
            }
        }
    }

    /// The price level of `year` on the series' own scale, and whether it rests
    /// on an assumption. Levels are the data (projected by `assume` after it);
    /// growth series are chained from level 1 in the year before their data.
    /// On failure, the year that is missing and why.
    pub fn level(&self, params: &Params, year: i32) -> Result<(Decimal, bool), (i32, SeriesGap)> {
        let (first, last) = self.data_years().ok_or((year, SeriesGap::Missing))?;
        match &self.data {
            SeriesData::Level(values) => {
                if year <= last {
                    let gap = if year < first {
                        SeriesGap::BeforeData { first }
                    } else {
                        SeriesGap::Missing
                    };
                    let point = values.get(&year).ok_or((year, gap))?;
                    return Ok((params.amount(point.value), false));
                }
                let assume = self.assume.ok_or((year, SeriesGap::AfterData { last }))?;
                let overflow = |_| (year, SeriesGap::Overflow);
                let factor = params.rate(assume).factor().map_err(overflow)?;
                let mut level = values
                    .get(&last)
                    .map_or(Decimal::ZERO, |p| params.amount(p.value));
                for _ in last..year {
                    level = money::mul(level, factor).map_err(overflow)?;
                }
                Ok((level, true))
            }
            SeriesData::Growth(_) => {
                let anchor = first.saturating_sub(1);
                if year < anchor {
                    return Err((year, SeriesGap::BeforeData { first: anchor }));
                }
                let mut level = Decimal::ONE;
                let mut assumed = false;
                for y in first..=year {
                    let (g, a, _) = self.growth(params, y).map_err(|g| (y, g))?;
                    let overflow = |_| (y, SeriesGap::Overflow);
                    level = money::mul(level, g.factor().map_err(overflow)?).map_err(overflow)?;
                    assumed |= a;
                }
                Ok((level, assumed))
            }
        }
    }
}

/// An exchange-rate series: how many units of `quote` one unit of `base` buys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeRate {
    /// The base currency of the pair (`USD` in `USD/KRW`).
    pub base: String,
    /// The quote currency of the pair (`KRW` in `USD/KRW`).
    pub quote: String,
    /// The unit converted amounts are shown in.
    pub unit: Unit,
    /// Units of `quote` per unit of `base`, by year.
    pub values: BTreeMap<i32, Sourced<AmountParam>>,
    /// What is assumed for years after the data, if anything.
    pub assume: Option<RateAssumption>,
    /// `source`
    pub source: Option<String>,
}

/// What an exchange rate is assumed to be after its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateAssumption {
    /// The last known rate continues.
    Hold,
    /// A stated rate.
    Rate(AmountParam),
}

impl ExchangeRate {
    /// The other currency of the pair, when `currency` is one of its two.
    pub fn other(&self, currency: &str) -> Option<&str> {
        if self.base == currency {
            Some(&self.quote)
        } else if self.quote == currency {
            Some(&self.base)
        } else {
            None
        }
    }

    /// `BASE/QUOTE`, as written.
    pub fn pair(&self) -> String {
        format!("{}/{}", self.base, self.quote)
    }

    /// The rate for `year` (units of quote per base), whether it is assumed, and its source.
    pub fn rate(&self, params: &Params, year: i32) -> Result<Lookup<'_, Decimal>, SeriesGap> {
        if let Some(point) = self.values.get(&year) {
            return Ok((params.amount(point.value), false, point.source.as_deref()));
        }
        let (Some((&first, _)), Some((&last, last_point))) =
            (self.values.first_key_value(), self.values.last_key_value())
        else {
            return Err(SeriesGap::Missing);
        };
        if year < first {
            return Err(SeriesGap::BeforeData { first });
        }
        if year < last {
            return Err(SeriesGap::Missing);
        }
        match self.assume {
            Some(RateAssumption::Hold) => Ok((params.amount(last_point.value), true, None)),
            Some(RateAssumption::Rate(r)) => Ok((params.amount(r), true, None)),
            None => Err(SeriesGap::AfterData { last }),
        }
    }
}

/// Troop counts, for the cost per troop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Troops {
    /// The count in every year not listed in `years` (`troops.count`).
    pub count: AmountParam,
    /// Counts for given years.
    pub years: BTreeMap<i32, Sourced<AmountParam>>,
    /// `source`
    pub source: Option<String>,
}

impl Troops {
    /// The count for `year`.
    pub fn count(&self, params: &Params, year: i32) -> Decimal {
        params.amount(self.years.get(&year).map_or(self.count, |p| p.value))
    }
}

/// A cost category and its share of each year's amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// `name`
    pub name: String,
    /// `share`
    pub share: Rate,
    /// `source`
    pub source: Option<String>,
}
