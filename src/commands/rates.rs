//! What `costshare validate` says about a study's exchange rates: each pair in
//! words ("USD/KRW: 1 USD = 1,422.16 KRW in 2025"), so a pair written the
//! wrong way round is noticed, and a warning where converting changes amounts
//! by more than a factor of [`SUSPICIOUS_FACTOR`] either way.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::problem::RateWarning;
use crate::adjust::amount_factor;
use crate::diagnostic::{Diagnostic, SourceFile, year_span};
use crate::money::{self, format_amount};
use crate::scenario::Study;
use crate::scenario::params::{AmountParam, Slot};
use crate::scenario::spec::{ExchangeRate, RateAssumption};

/// A conversion that multiplies or divides amounts by more than this is
/// worth a warning: no two currencies in use are that far apart once the
/// units are right, so the pair is likely the wrong way round, or the unit
/// of the converted amounts not the one meant.
pub const SUSPICIOUS_FACTOR: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// A rate as written, with thousands separators: `1,422.16`.
fn rate_text(rate: Decimal) -> String {
    format_amount(rate, rate.scale(), true)
}

/// One line per exchange rate: what one unit of its base buys in its first
/// and last year of data, and what is assumed for the study's years after it.
pub(super) fn describe(study: &Study) -> Vec<String> {
    let (spec, params) = (study.spec(), study.params());
    spec.exchange_rates
        .iter()
        .filter_map(|er| {
            let (&first, first_value) = er.values.first_key_value()?;
            let (&last, last_value) = er.values.last_key_value()?;
            let at = |value: AmountParam, year: i32| {
                format!("{} {} in {year}", rate_text(params.amount(value)), er.quote)
            };
            let mut line = format!(
                "{}: 1 {} = {}",
                er.pair(),
                er.base,
                at(first_value.value, first)
            );
            match er.values.len() {
                1 => {}
                2 => line.push_str(&format!(", {}", at(last_value.value, last))),
                _ => line.push_str(&format!(", …, {}", at(last_value.value, last))),
            }
            let after = last.saturating_add(1);
            if after <= spec.horizon.last {
                let years = year_span(after, spec.horizon.last);
                match er.assume {
                    Some(RateAssumption::Hold) => {
                        line.push_str(&format!("; {years} assumed at the {last} rate"));
                    }
                    Some(RateAssumption::Rate(r)) => line.push_str(&format!(
                        "; {years} assumed at 1 {} = {} {}",
                        er.base,
                        rate_text(params.amount(r)),
                        er.quote
                    )),
                    None => {}
                }
            }
            Some(line)
        })
        .collect()
}

/// A warning for each exchange rate whose conversion changes amounts by more
/// than [`SUSPICIOUS_FACTOR`] either way, at the first such rate (by year, then
/// the assumed rate).
pub(super) fn warnings(file: &Arc<SourceFile>, study: &Study) -> Vec<Diagnostic> {
    let spec = study.spec();
    spec.exchange_rates
        .iter()
        .filter_map(|er| {
            let to = er.other(&spec.currency)?;
            let assumed = match er.assume {
                Some(RateAssumption::Rate(r)) => Some((None, r)),
                _ => None,
            };
            let rates = er.values.iter().map(|(&y, p)| (Some(y), p.value));
            rates.chain(assumed).find_map(|(year, handle)| {
                let warning = suspicious(study, er, to, year, handle)?;
                let span = study
                    .params()
                    .iter()
                    .find(|info| info.slot == Slot::Amount(handle))
                    .map(|info| info.span.clone());
                Some(match span {
                    Some(span) => Diagnostic::at(file, span, warning),
                    None => Diagnostic::in_file(file, warning),
                })
            })
        })
        .collect()
}

/// The warning for converting into `to` at the rate behind `handle`, if it
/// changes amounts by more than [`SUSPICIOUS_FACTOR`] either way.
fn suspicious(
    study: &Study,
    er: &ExchangeRate,
    to: &str,
    year: Option<i32>,
    handle: AmountParam,
) -> Option<RateWarning> {
    let spec = study.spec();
    let rate = study.params().amount(handle);
    // A factor too large to hold fails the conversion itself, with its own message.
    let factor = amount_factor(spec.unit, er, to, rate).ok()?;
    let (multiplies, by) = if factor > SUSPICIOUS_FACTOR {
        (true, factor)
    } else {
        let inverse = money::div(Decimal::ONE, factor).ok()?;
        if inverse <= SUSPICIOUS_FACTOR {
            return None;
        }
        (false, inverse)
    };
    Some(RateWarning::LargeFactor {
        pair: (er.base.clone(), er.quote.clone()),
        rate: rate_text(rate),
        year,
        from: spec.money_unit(),
        to: er.unit.with_currency(to),
        multiplies,
        by: factor_text(by),
    })
}

/// A factor for people: two decimals at most, with thousands separators.
fn factor_text(factor: Decimal) -> String {
    let shown = money::round_for_display(factor, 2).normalize();
    format_amount(shown, shown.scale(), true)
}
