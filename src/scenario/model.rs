//! The validated study: typed, checked, and unable to hold an invalid state.
//!
//! Everything here was checked by `validate.rs`: years lie inside the horizon,
//! every computed year has exactly one rule, amounts are positive, rates are
//! above −100%. The engine reads only these types.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{SourceFile, Span};
use crate::money::{Rate, Rounding};

/// A validated scenario file.
#[derive(Debug, Clone)]
pub struct Study {
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

impl Study {
    /// The proposal named `name`, if there is one.
    pub fn proposal_index(&self, name: &str) -> Option<usize> {
        self.proposals.iter().position(|p| p.name == name)
    }

    /// "USD millions": the currency and unit every amount is in.
    pub fn money_unit(&self) -> String {
        match self.unit {
            Unit::Units => self.currency.clone(),
            unit => format!("{} {}", self.currency, unit.name()),
        }
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
}

/// The years compared: from the year after the baseline to `last`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    /// The first year compared (always the year after the baseline).
    pub first: i32,
    /// The last year compared.
    pub last: i32,
}

/// The most years a horizon may hold.
pub const MAX_HORIZON_YEARS: i32 = 500;

impl Horizon {
    /// The years, in order.
    pub fn years(self) -> std::ops::RangeInclusive<i32> {
        self.first..=self.last
    }

    /// How many years.
    pub fn len(self) -> usize {
        usize::try_from(self.last.saturating_sub(self.first).saturating_add(1)).unwrap_or(0)
    }

    /// Never true for a validated horizon; here for completeness.
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
    /// `amount`, in the study's unit.
    pub amount: Decimal,
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

/// A validated proposal, with one planned rule for every year of the horizon.
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
    /// One entry per horizon year, in order.
    pub plan: Vec<PlannedYear>,
    /// How each year's amount splits into cost categories (empty: no split).
    pub categories: Vec<Category>,
}

/// The rule that sets one year's amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedYear {
    /// The year.
    pub year: i32,
    /// What sets the amount.
    pub rule: YearRule,
    /// True for years after the proposal's term.
    pub after_term: bool,
    /// Where the rule is written, for messages.
    pub span: Span,
    /// True when the year's figure rests on a stated assumption (an index value
    /// projected beyond its data).
    pub assumed: bool,
    /// For growth from an index, or a rate clamped by a cap or floor: how the
    /// rate was reached.
    pub note: Option<Box<GrowthNote>>,
    /// Where the rule or figure for this year comes from, if given.
    pub source: Option<String>,
}

/// How an index-linked or capped growth rate was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrowthNote {
    /// The index values added up (empty for a plain rate that was clamped).
    pub terms: Vec<IndexTerm>,
    /// The fixed spread added, if any.
    pub spread: Option<Rate>,
    /// The rate before the cap or floor.
    pub before_clamp: Rate,
    /// The cap or floor that bound, if one did.
    pub clamp: Option<Clamp>,
    /// The rule's cap, whether or not it bound.
    pub cap: Option<Rate>,
    /// The rule's floor, whether or not it bound.
    pub floor: Option<Rate>,
}

/// One index value used for a year's growth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexTerm {
    /// The series name.
    pub series: String,
    /// The year of the value (the year grown, minus the lag).
    pub year: i32,
    /// The growth the series gives for that year.
    pub value: Rate,
    /// True when the value is the series' stated assumption, not data.
    pub assumed: bool,
    /// Where the value comes from, if given.
    pub source: Option<String>,
}

/// A limit that bound a growth rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clamp {
    /// The rate was above the cap and set to it.
    Cap(Rate),
    /// The rate was below the floor and set to it.
    Floor(Rate),
}

/// A named series of yearly figures: growth rates, or levels growth is derived from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// `name`, unique in the study.
    pub name: String,
    /// `description`
    pub description: Option<String>,
    /// Growth rates or levels.
    pub kind: SeriesKind,
    /// The data, by year.
    pub values: std::collections::BTreeMap<i32, SeriesPoint>,
    /// Growth assumed for years after the data, if stated.
    pub assume: Option<Rate>,
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

/// One year of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesPoint {
    /// A growth rate (as a fraction) or a level.
    pub value: Decimal,
    /// Where the figure comes from, if given.
    pub source: Option<String>,
}

/// Why a series cannot give the growth of a year.
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

impl Series {
    /// The growth the series gives for `year`, and whether it is an assumption.
    pub fn growth(&self, year: i32) -> Result<(Rate, bool, Option<&str>), SeriesGap> {
        let (Some((&first, _)), Some((&last, _))) =
            (self.values.first_key_value(), self.values.last_key_value())
        else {
            return Err(SeriesGap::Missing);
        };
        if year > last {
            return match self.assume {
                Some(rate) => Ok((rate, true, None)),
                None => Err(SeriesGap::AfterData { last }),
            };
        }
        match self.kind {
            SeriesKind::Growth => {
                if year < first {
                    return Err(SeriesGap::BeforeData { first });
                }
                let point = self.values.get(&year).ok_or(SeriesGap::Missing)?;
                let rate = Rate::from_fraction(point.value).map_err(|_| SeriesGap::Overflow)?;
                Ok((rate, false, point.source.as_deref()))
            }
            SeriesKind::Level => {
                let starts = first.saturating_add(1);
                if year < starts {
                    return Err(SeriesGap::BeforeData { first: starts });
                }
                let now = self.values.get(&year).ok_or(SeriesGap::Missing)?;
                let before = self
                    .values
                    .get(&year.saturating_sub(1))
                    .ok_or(SeriesGap::Missing)?;
                let ratio =
                    crate::money::div(now.value, before.value).map_err(|_| SeriesGap::Overflow)?;
                let growth =
                    crate::money::sub(ratio, Decimal::ONE).map_err(|_| SeriesGap::Overflow)?;
                let rate = Rate::from_fraction(growth).map_err(|_| SeriesGap::Overflow)?;
                Ok((rate, false, now.source.as_deref()))
            }
        }
    }
}

impl Series {
    /// The price level of `year` on the series' own scale, and whether it rests
    /// on an assumption. Levels are the data (projected by `assume` after it);
    /// growth series are chained from level 1 in the year before their data.
    /// On failure, the year that is missing and why.
    pub fn level(&self, year: i32) -> Result<(Decimal, bool), (i32, SeriesGap)> {
        let (Some((&first, _)), Some((&last, last_point))) =
            (self.values.first_key_value(), self.values.last_key_value())
        else {
            return Err((year, SeriesGap::Missing));
        };
        match self.kind {
            SeriesKind::Level => {
                if year <= last {
                    let gap = if year < first {
                        SeriesGap::BeforeData { first }
                    } else {
                        SeriesGap::Missing
                    };
                    let point = self.values.get(&year).ok_or((year, gap))?;
                    return Ok((point.value, false));
                }
                let assume = self.assume.ok_or((year, SeriesGap::AfterData { last }))?;
                let factor = assume.factor().map_err(|_| (year, SeriesGap::Overflow))?;
                let mut level = last_point.value;
                for _ in last..year {
                    level = crate::money::mul(level, factor)
                        .map_err(|_| (year, SeriesGap::Overflow))?;
                }
                Ok((level, true))
            }
            SeriesKind::Growth => {
                let anchor = first.saturating_sub(1);
                if year < anchor {
                    return Err((year, SeriesGap::BeforeData { first: anchor }));
                }
                let mut level = Decimal::ONE;
                let mut assumed = false;
                for y in first..=year {
                    let (g, a, _) = self.growth(y).map_err(|g| (y, g))?;
                    let factor = g.factor().map_err(|_| (y, SeriesGap::Overflow))?;
                    level =
                        crate::money::mul(level, factor).map_err(|_| (y, SeriesGap::Overflow))?;
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
    pub values: std::collections::BTreeMap<i32, SeriesPoint>,
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
    Rate(Decimal),
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
    pub fn rate(&self, year: i32) -> Result<(Decimal, bool, Option<&str>), SeriesGap> {
        if let Some(point) = self.values.get(&year) {
            return Ok((point.value, false, point.source.as_deref()));
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
            Some(RateAssumption::Hold) => Ok((last_point.value, true, None)),
            Some(RateAssumption::Rate(r)) => Ok((r, true, None)),
            None => Err(SeriesGap::AfterData { last }),
        }
    }
}

/// Troop counts, for the cost per troop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Troops {
    /// The count in every year not listed in `years`.
    pub count: Decimal,
    /// Counts for given years.
    pub years: std::collections::BTreeMap<i32, SeriesPoint>,
    /// `source`
    pub source: Option<String>,
}

impl Troops {
    /// The count for `year`.
    pub fn count(&self, year: i32) -> Decimal {
        self.years.get(&year).map_or(self.count, |p| p.value)
    }
}

/// A cost category and its share of each year's amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// `name`
    pub name: String,
    /// `share`, as a fraction.
    pub share: Rate,
    /// `source`
    pub source: Option<String>,
}

/// How one year's amount follows from the previous year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRule {
    /// previous × (1 + rate), then rounded.
    Grow {
        /// The growth applied.
        rate: Rate,
        /// Where the rate comes from.
        why: Growth,
    },
    /// previous + step, then rounded.
    Add {
        /// The fixed amount added (may be negative).
        step: Decimal,
    },
    /// The previous year's amount again.
    Freeze {
        /// Why the amount is held.
        why: Freeze,
    },
    /// An amount given outright (not rounded).
    Set {
        /// The amount.
        amount: Decimal,
        /// Where it was given.
        why: Set,
    },
}

/// Where a growth rate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Growth {
    /// `start = "+13%"`: the first year's change over the baseline.
    Start,
    /// A constant annual rate (`escalation = "4%"`).
    Constant,
    /// A per-year table (`rates = { 2022 = "5.4%" }`).
    Table,
    /// An index series (`index = "cpi"`), with lag, spread, cap and floor.
    Index,
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
    /// The term has ended and `after_term = "hold"`.
    AfterTerm,
}

/// Where an amount given outright comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// `start = 1300`.
    Start,
    /// `amounts = { 2023 = 1200 }`.
    Override,
}
