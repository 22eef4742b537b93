//! The numbers of a study, apart from its structure: every amount, rate, series
//! value, assumption, exchange rate and troop count a user might vary.
//!
//! The checked [`Spec`](super::spec::Spec) refers to its numbers by typed
//! handles ([`AmountParam`], [`RateParam`]); the values live here. Each number
//! has an address that names it the way a user thinks of it —
//! `baseline.amount`, `proposal."Seoul's best offer".start`,
//! `proposal.NAME.phase[2].escalation`, `series.CPI.2027`,
//! `exchange_rate."USD/KRW".2026`, `troops.count` — so a later change of values
//! (a what-if, a sweep) re-plans the study without reading or checking the file
//! again. What each address holds is listed in [`ParamKey`].

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::diagnostic::Span;
use crate::money::Rate;

/// A handle on an amount-like number of a study (an amount, a step, a level,
/// an exchange rate, a troop count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AmountParam(u32);

/// A handle on a rate of a study (a start or escalation rate, a series'
/// growth, a cap, floor or spread, an assumption).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RateParam(u32);

/// What values a number may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// An amount above zero (a payment, a level, an exchange rate).
    Positive,
    /// An amount of either sign (a step added each year).
    Signed,
    /// A whole number above zero (a troop count).
    Count,
    /// A rate above −100%.
    Rate,
}

/// Whose number it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// `[baseline]`
    Baseline,
    /// The `[[proposal]]` at this position (from 0), in file order.
    Proposal(usize),
    /// The `[[series]]` at this position (from 0), in file order.
    Series(usize),
    /// The `[[exchange_rate]]` at this position (from 0), in file order.
    ExchangeRate(usize),
    /// `[troops]`
    Troops,
}

/// Which of a rule's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulePart {
    /// The rule's own number: its rate (`"4%"`) or its step (`{ step = 50 }`).
    Value,
    /// A year's rate in a rates table.
    Year(i32),
    /// An index rule's spread.
    Spread,
    /// The cap on the growth rate.
    Cap,
    /// The floor under the growth rate.
    Floor,
}

/// Which number of its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `baseline.amount`
    Amount,
    /// `proposal.NAME.start`: the first year's rate or amount.
    Start,
    /// `proposal.NAME.escalation…` or, for phase `n` (from 1),
    /// `proposal.NAME.phase[n].escalation…`.
    Escalation {
        /// The phase, from 1; `None` for the proposal's own `escalation`.
        phase: Option<usize>,
        /// Which of the rule's numbers.
        part: RulePart,
    },
    /// `proposal.NAME.amounts.YEAR`: an amount set for a year.
    Amounts(i32),
    /// `series.NAME.YEAR`, `exchange_rate.PAIR.YEAR` or `troops.YEAR`.
    Year(i32),
    /// `series.NAME.assume` or `exchange_rate.PAIR.assume`.
    Assume,
    /// `troops.count`.
    Count,
}

/// Where a number sits in a study: its owner and which of its numbers it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamKey {
    /// Whose number it is.
    pub owner: Owner,
    /// Which of its numbers.
    pub part: Part,
}

/// The value behind a handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// An amount-like number.
    Amount(AmountParam),
    /// A rate.
    Rate(RateParam),
}

/// One number of a study: where it is and what it may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamInfo {
    /// Its place in the study.
    pub key: ParamKey,
    /// Its value.
    pub slot: Slot,
    /// What values it may take.
    pub kind: ParamKind,
    /// True when it is written in its series' own file, not the study file.
    pub in_series_file: bool,
    /// Where it is written.
    pub span: Span,
}

/// The numbers of one study, in the order they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    amounts: Vec<Decimal>,
    /// What each amount-like number may be, by handle.
    amount_kinds: Vec<ParamKind>,
    rates: Vec<Rate>,
    info: Vec<ParamInfo>,
}

/// Why a value cannot be given to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValueRefused {
    /// A payment, level or exchange rate at or below zero.
    #[error("it must be more than zero")]
    NotPositive,
    /// A troop count that is not a whole number above zero.
    #[error("it must be a whole number above zero")]
    NotACount,
    /// A rate of −100% or less.
    #[error("a rate must be above -100%")]
    RateTooLow,
    /// A handle of other values.
    #[error("there is no such number in this study")]
    UnknownHandle,
}

impl Params {
    /// Records an amount-like number and returns its handle.
    pub(super) fn add_amount(
        &mut self,
        key: ParamKey,
        kind: ParamKind,
        value: Decimal,
        span: Span,
    ) -> AmountParam {
        let handle = AmountParam(u32::try_from(self.amounts.len()).unwrap_or(u32::MAX));
        self.amounts.push(value);
        self.amount_kinds.push(kind);
        self.info.push(ParamInfo {
            key,
            slot: Slot::Amount(handle),
            kind,
            in_series_file: false,
            span,
        });
        handle
    }

    /// Records a rate and returns its handle.
    pub(super) fn add_rate(&mut self, key: ParamKey, value: Rate, span: Span) -> RateParam {
        let handle = RateParam(u32::try_from(self.rates.len()).unwrap_or(u32::MAX));
        self.rates.push(value);
        self.info.push(ParamInfo {
            key,
            slot: Slot::Rate(handle),
            kind: ParamKind::Rate,
            in_series_file: false,
            span,
        });
        handle
    }

    /// Marks the numbers recorded since `from` (a [`Params::len`]) as written
    /// in a series file.
    pub(super) fn mark_in_series_file(&mut self, from: usize) {
        for info in self.info.iter_mut().skip(from) {
            info.in_series_file = true;
        }
    }

    /// How many numbers the study has.
    pub fn len(&self) -> usize {
        self.info.len()
    }

    /// True when the study has no numbers (never, for a checked study).
    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
    }

    /// The value of an amount-like number.
    ///
    /// Handles come only from the [`Params`] they index (a study's spec and its
    /// values are made together and never parted), so every handle is valid.
    pub fn amount(&self, p: AmountParam) -> Decimal {
        self.amounts.get(index(p.0)).copied().unwrap_or_default()
    }

    /// The value of a rate (see [`Params::amount`] on handles).
    pub fn rate(&self, p: RateParam) -> Rate {
        self.rates.get(index(p.0)).copied().unwrap_or_default()
    }

    /// Changes an amount-like number, if the value is one it may take.
    pub fn set_amount(&mut self, p: AmountParam, value: Decimal) -> Result<(), ValueRefused> {
        let at = index(p.0);
        let kind = self
            .amount_kinds
            .get(at)
            .copied()
            .ok_or(ValueRefused::UnknownHandle)?;
        match kind {
            ParamKind::Positive if value <= Decimal::ZERO => return Err(ValueRefused::NotPositive),
            ParamKind::Count if value <= Decimal::ZERO || !value.fract().is_zero() => {
                return Err(ValueRefused::NotACount);
            }
            _ => {}
        }
        let slot = self
            .amounts
            .get_mut(at)
            .ok_or(ValueRefused::UnknownHandle)?;
        *slot = value;
        Ok(())
    }

    /// Changes a rate, if it is above −100%.
    pub fn set_rate(&mut self, p: RateParam, value: Rate) -> Result<(), ValueRefused> {
        if value.fraction() <= Decimal::NEGATIVE_ONE {
            return Err(ValueRefused::RateTooLow);
        }
        let slot = self
            .rates
            .get_mut(index(p.0))
            .ok_or(ValueRefused::UnknownHandle)?;
        *slot = value;
        Ok(())
    }

    /// Every number, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = &ParamInfo> {
        self.info.iter()
    }
}

fn index(handle: u32) -> usize {
    usize::try_from(handle).unwrap_or(usize::MAX)
}

/// A name as it appears in an address: bare when it is a plain word, else
/// quoted (`CPI`, `"Seoul's best offer"`, `"USD/KRW"`).
pub fn quote_name(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !name.chars().all(|c| c.is_ascii_digit());
    if plain {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len().saturating_add(2));
    out.push('"');
    for c in name.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl ParamKey {
    /// The address of the number, given the name of its owner (a proposal's
    /// or series' name, an exchange rate's pair; ignored for the baseline and
    /// troops): `proposal."Tentative deal".escalation`, `series.CPI.2027`.
    pub fn address(&self, owner_name: &str) -> String {
        let mut out = match self.owner {
            Owner::Baseline => "baseline".to_string(),
            Owner::Troops => "troops".to_string(),
            Owner::Proposal(_) => format!("proposal.{}", quote_name(owner_name)),
            Owner::Series(_) => format!("series.{}", quote_name(owner_name)),
            Owner::ExchangeRate(_) => format!("exchange_rate.{}", quote_name(owner_name)),
        };
        let _ = match self.part {
            Part::Amount => write!(out, ".amount"),
            Part::Start => write!(out, ".start"),
            Part::Amounts(year) => write!(out, ".amounts.{year}"),
            Part::Year(year) => write!(out, ".{year}"),
            Part::Assume => write!(out, ".assume"),
            Part::Count => write!(out, ".count"),
            Part::Escalation { phase, part } => {
                if let Some(n) = phase {
                    let _ = write!(out, ".phase[{n}]");
                }
                out.push_str(".escalation");
                match part {
                    RulePart::Value => Ok(()),
                    RulePart::Year(year) => write!(out, ".{year}"),
                    RulePart::Spread => write!(out, ".spread"),
                    RulePart::Cap => write!(out, ".cap"),
                    RulePart::Floor => write!(out, ".floor"),
                }
            }
        };
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_as_a_user_names_the_number() {
        let key = |owner, part| ParamKey { owner, part };
        assert_eq!(
            key(Owner::Baseline, Part::Amount).address(""),
            "baseline.amount"
        );
        assert_eq!(
            key(Owner::Proposal(0), Part::Start).address("Seoul's best offer"),
            "proposal.\"Seoul's best offer\".start"
        );
        assert_eq!(
            key(
                Owner::Proposal(3),
                Part::Escalation {
                    phase: Some(2),
                    part: RulePart::Value
                }
            )
            .address("deal"),
            "proposal.deal.phase[2].escalation"
        );
        assert_eq!(
            key(
                Owner::Proposal(0),
                Part::Escalation {
                    phase: None,
                    part: RulePart::Year(2022)
                }
            )
            .address("a \"quoted\" name"),
            "proposal.\"a \\\"quoted\\\" name\".escalation.2022"
        );
        assert_eq!(
            key(Owner::Series(0), Part::Year(2027)).address("CPI"),
            "series.CPI.2027"
        );
        assert_eq!(
            key(Owner::ExchangeRate(0), Part::Year(2026)).address("USD/KRW"),
            "exchange_rate.\"USD/KRW\".2026"
        );
        assert_eq!(key(Owner::Troops, Part::Count).address(""), "troops.count");
        // A name of digits alone would read as a year: it is quoted.
        assert_eq!(quote_name("2020"), "\"2020\"");
    }
}
