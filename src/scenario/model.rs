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
