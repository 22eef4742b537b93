//! Checks of a study's reference data beside its series: exchange rates, the
//! deflator, troop counts and cost categories.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use rust_decimal::Decimal;

use super::Checker;
use super::series::amounts;
use super::values::{Checked, non_empty, positive_amount, rate, year};
use crate::diagnostic::{Problems, Span, Tally};
use crate::money::{self, Rate};
use crate::scenario::params::{Owner, ParamKey, ParamKind, Part};
use crate::scenario::problem::{DataProblem, Subject, ValueProblem, Values};
use crate::scenario::raw::{RawCategory, RawExchangeRate, RawTroops};
use crate::scenario::spec::{
    Category, ExchangeRate, RateAssumption, Series, SeriesGap, Sourced, Troops, Unit,
};
use crate::scenario::walk::{Scalar, Sp};

use super::series::unknown_series;

/// What exchange rates are checked against: the study's currency and unit, and
/// the years (baseline year to last year compared) every rate must cover.
pub struct RateContext {
    /// The study's currency, if it is valid.
    pub currency: Option<String>,
    /// The study's unit, if it is valid.
    pub unit: Option<Unit>,
    /// The years every rate must give.
    pub years: Option<RangeInclusive<i32>>,
}

/// Checks every `[[exchange_rate]]` against the study's currency.
pub fn exchange_rates(
    cx: &mut Checker<'_>,
    raw: Vec<RawExchangeRate>,
    ctx: &RateContext,
) -> (Vec<ExchangeRate>, Checked<()>) {
    let mut out: Vec<ExchangeRate> = Vec::new();
    let mut tally = Tally::default();
    for (i, r) in raw.into_iter().enumerate() {
        if let Some(rate) = tally.note(exchange_rate(cx, r, Owner::ExchangeRate(i), ctx, &out)) {
            out.push(rate);
        }
    }
    (out, tally.finish())
}

/// `BASE/QUOTE`, two different ISO codes.
fn pair(cx: &mut Problems<'_>, pair: &Sp<String>) -> Checked<(String, String)> {
    let Some((base, quote)) = pair
        .value
        .split_once('/')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
    else {
        let problem = DataProblem::NotAPair {
            pair: pair.value.clone(),
        };
        return Err(cx.at(pair.span.clone(), problem));
    };
    let valid = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
    if !valid(&base) || !valid(&quote) || base == quote {
        let problem = DataProblem::NotTwoCodes {
            pair: pair.value.clone(),
        };
        return Err(cx.at(pair.span.clone(), problem));
    }
    Ok((base, quote))
}

/// One `[[exchange_rate]]`; `earlier` are the rates already checked.
fn exchange_rate(
    cx: &mut Checker<'_>,
    r: RawExchangeRate,
    owner: Owner,
    ctx: &RateContext,
    earlier: &[ExchangeRate],
) -> Checked<ExchangeRate> {
    let Some(pair_sp) = &r.pair else {
        return Err(cx.problems.reported_earlier());
    };
    let (base, quote) = pair(&mut cx.problems, pair_sp)?;
    if let Some(c) = ctx.currency.as_deref() {
        if base != c && quote != c {
            let problem = DataProblem::NotStudyCurrency {
                pair: pair_sp.value.clone(),
                currency: c.to_string(),
            };
            return Err(cx.problems.at(pair_sp.span.clone(), problem));
        }
        let other = if base == c { &quote } else { &base };
        if let Some(prev) = earlier.iter().find(|x| x.other(c) == Some(other.as_str())) {
            let problem = DataProblem::SecondRate {
                currency: c.to_string(),
                other: other.clone(),
                first: prev.pair(),
            };
            return Err(cx.problems.at(pair_sp.span.clone(), problem));
        }
    }
    let rate_unit = match &r.unit {
        Some(u) => match Unit::from_name(&u.value.trim().to_ascii_lowercase()) {
            Some(unit) => Some(unit),
            None => {
                let problem = ValueProblem::UnknownUnit {
                    name: u.value.clone(),
                    close: None,
                };
                return Err(cx.problems.at(u.span.clone(), problem));
            }
        },
        None => ctx.unit,
    };
    let Some(values) = &r.values else {
        return Err(cx.problems.reported_earlier());
    };
    let of = Values::Rate(pair_sp.value.clone());
    let points = amounts(cx, owner, &values.value, &of)?;
    if points.is_empty() {
        return Err(cx.problems.at(values.span.clone(), DataProblem::RateEmpty));
    }
    let assume = match &r.assume {
        None => None,
        Some(a) => match &a.value {
            Scalar::Text(t) if t.trim().eq_ignore_ascii_case("hold") => Some(RateAssumption::Hold),
            _ => {
                let v = positive_amount(&mut cx.problems, a, &Subject::AssumedRate)?;
                let key = ParamKey {
                    owner,
                    part: Part::Assume,
                };
                Some(RateAssumption::Rate(cx.params.add_amount(
                    key,
                    ParamKind::Positive,
                    v,
                    a.span.clone(),
                )))
            }
        },
    };
    let rate = ExchangeRate {
        base,
        quote,
        unit: rate_unit.unwrap_or(Unit::Units),
        values: points,
        assume,
        source: r.source.as_ref().map(|s| s.value.clone()),
    };
    if let Some(years) = ctx.years.clone() {
        covers(cx, &rate, years, &values.span)?;
    }
    Ok(rate)
}

/// Every year in `years` (the baseline year to the last year compared) needs
/// a rate, from the data or a stated assumption.
fn covers(
    cx: &mut Checker<'_>,
    rate: &ExchangeRate,
    years: RangeInclusive<i32>,
    span: &Span,
) -> Checked<()> {
    let missing: Vec<(i32, SeriesGap)> = years
        .filter_map(|y| rate.rate(cx.params, y).err().map(|g| (y, g)))
        .collect();
    let Some((_, gap)) = missing.first() else {
        return Ok(());
    };
    let problem = DataProblem::RateGap {
        pair: rate.pair(),
        years: missing.iter().map(|(y, _)| *y).collect(),
        gap: *gap,
    };
    Err(cx.problems.at(span.clone(), problem))
}

/// The position of the series `deflator` names; it must give a price level
/// for every year in `years`.
pub fn deflator(
    cx: &mut Checker<'_>,
    name: &Sp<String>,
    series: &[Series],
    years: Option<RangeInclusive<i32>>,
) -> Checked<usize> {
    let Some(i) = series.iter().position(|s| s.name == name.value) else {
        return Err(unknown_series(&mut cx.problems, name, series));
    };
    let Some(s) = series.get(i) else {
        return Err(cx.problems.reported_earlier());
    };
    if let Some(Err((year, gap))) =
        years.map(|mut ys| ys.try_for_each(|y| s.level(cx.params, y).map(drop)))
    {
        let problem = DataProblem::DeflatorGap {
            series: s.name.clone(),
            year,
            gap,
        };
        return Err(cx.problems.at(name.span.clone(), problem));
    }
    Ok(i)
}

/// A troop count: a whole number above zero.
fn whole(cx: &mut Problems<'_>, value: &Sp<Scalar>, what: Subject) -> Checked<Decimal> {
    let v = positive_amount(cx, value, &what)?;
    if !v.fract().is_zero() {
        let problem = DataProblem::NotWhole { what, value: v };
        return Err(cx.at(value.span.clone(), problem));
    }
    Ok(v)
}

/// Checks `[troops]`.
pub fn troops(cx: &mut Checker<'_>, r: RawTroops) -> Checked<Troops> {
    let Some(count_sp) = r.count.as_ref() else {
        return Err(cx.problems.reported_earlier());
    };
    let count = whole(&mut cx.problems, count_sp, Subject::TroopCount)?;
    let count_key = ParamKey {
        owner: Owner::Troops,
        part: Part::Count,
    };
    let count = cx
        .params
        .add_amount(count_key, ParamKind::Count, count, count_sp.span.clone());
    let mut years = BTreeMap::new();
    let mut tally = Tally::default();
    for e in r.years.iter().flat_map(|y| &y.value) {
        let Some(y) = tally.note(year(&mut cx.problems, &e.year, &Subject::Year)) else {
            continue;
        };
        let what = Subject::YearTroopCount(y);
        if let Some(v) = tally.note(whole(&mut cx.problems, &e.value, what)) {
            let key = ParamKey {
                owner: Owner::Troops,
                part: Part::Year(y),
            };
            let p = cx
                .params
                .add_amount(key, ParamKind::Count, v, e.value.span.clone());
            years.insert(
                y,
                Sourced {
                    value: p,
                    source: e.source.clone(),
                },
            );
        }
    }
    tally.finish()?;
    Ok(Troops {
        count,
        years,
        source: r.source.map(|s| s.value),
    })
}

/// Checks a list of categories: names unique, shares above 0 and adding up to 100% exactly.
pub fn categories(
    cx: &mut Problems<'_>,
    raw: Vec<RawCategory>,
    owner: Span,
) -> Checked<Vec<Category>> {
    let mut out: Vec<Category> = Vec::new();
    let mut tally = Tally::default();
    for r in &raw {
        let name = match r.name.clone() {
            Some(n) => tally.note(non_empty(cx, n, "name")),
            None => None,
        };
        let share = match r.share.as_ref() {
            Some(s) => tally.note(rate(cx, s, &Subject::Share)),
            None => None,
        };
        let (Some(name), Some(share)) = (name, share) else {
            tally.fail(cx.reported_earlier());
            continue;
        };
        if share.fraction() <= Decimal::ZERO || share.fraction() > Decimal::ONE {
            let span = r.share.as_ref().map_or(r.span.clone(), |s| s.span.clone());
            tally.fail(cx.at(span, DataProblem::ShareOutOfRange { share }));
            continue;
        }
        if out.iter().any(|c| c.name == name) {
            let span = r.name.as_ref().map_or(r.span.clone(), |n| n.span.clone());
            tally.fail(cx.at(span, DataProblem::CategoryTwice { name }));
            continue;
        }
        out.push(Category {
            name,
            share,
            source: r.source.as_ref().map(|s| s.value.clone()),
        });
    }
    tally.finish()?;
    if out.is_empty() {
        return Ok(out);
    }
    shares_add_up(cx, &out, raw.first().map_or(owner, |r| r.span.clone()))?;
    Ok(out)
}

/// The shares of categories must add up to 100% exactly; the problem says by
/// how many points they miss.
fn shares_add_up(cx: &mut Problems<'_>, categories: &[Category], span: Span) -> Checked<()> {
    let overflow = |cx: &mut Problems<'_>| cx.reported_earlier();
    let Ok(total) = money::sum(categories.iter().map(|c| c.share.fraction())) else {
        return Err(overflow(cx));
    };
    if total == Decimal::ONE {
        return Ok(());
    }
    let (Ok(gap), Ok(total_rate)) = (money::sub(Decimal::ONE, total), Rate::from_fraction(total))
    else {
        return Err(overflow(cx));
    };
    let Ok(gap_rate) = Rate::from_fraction(gap.abs()) else {
        return Err(overflow(cx));
    };
    let problem = DataProblem::SharesOff {
        total: total_rate,
        off: gap_rate,
        short: gap > Decimal::ZERO,
    };
    Err(cx.at(span, problem))
}
