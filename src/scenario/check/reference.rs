//! Checks of a study's reference data beside its series: exchange rates, the
//! deflator, troop counts and cost categories.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use rust_decimal::Decimal;

use super::Checker;
use super::series::amounts;
use super::values::{Checked, non_empty, positive_amount, rate, year, years_text};
use crate::diagnostic::{Problems, Span, Tally};
use crate::money::{self, Rate};
use crate::scenario::params::{Owner, ParamKey, ParamKind, Part};
use crate::scenario::raw::{RawCategory, RawExchangeRate, RawTroops};
use crate::scenario::spec::{
    Category, ExchangeRate, RateAssumption, Series, SeriesGap, Sourced, Troops, Unit,
};
use crate::scenario::walk::{Scalar, Sp};

pub use super::series::unknown_series;

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
        return Err(cx.at(
            pair.span.clone(),
            format!("`{}` is not a currency pair", pair.value),
            "expected BASE/QUOTE",
            Some(
                "write pair = \"USD/KRW\" for won per dollar: one USD buys this many KRW"
                    .to_string(),
            ),
        ));
    };
    let valid = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
    if !valid(&base) || !valid(&quote) || base == quote {
        return Err(cx.at(
            pair.span.clone(),
            format!("`{}` is not a pair of two ISO currency codes", pair.value),
            "expected e.g. USD/KRW",
            Some("write two different three-letter codes in capitals, separated by /".to_string()),
        ));
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
            return Err(cx.problems.at(
                pair_sp.span.clone(),
                format!(
                    "`{}` does not involve the study's currency, {c}",
                    pair_sp.value
                ),
                "neither side is the study's currency",
                Some(format!(
                    "one side of the pair must be {c}, the currency amounts are agreed in"
                )),
            ));
        }
        let other = if base == c { &quote } else { &base };
        if let Some(prev) = earlier.iter().find(|x| x.other(c) == Some(other.as_str())) {
            return Err(cx.problems.at(
                pair_sp.span.clone(),
                format!("a second exchange rate between {c} and {other}"),
                "already given",
                Some(format!(
                    "keep one series for {} (values can be listed by year)",
                    prev.pair()
                )),
            ));
        }
    }
    let rate_unit = match &r.unit {
        Some(u) => match Unit::from_name(&u.value.trim().to_ascii_lowercase()) {
            Some(unit) => Some(unit),
            None => {
                return Err(cx.problems.at(
                    u.span.clone(),
                    format!("`{}` is not a unit", u.value),
                    "unknown unit",
                    Some(
                        "the units are: units, thousands, millions, billions, trillions"
                            .to_string(),
                    ),
                ));
            }
        },
        None => ctx.unit,
    };
    let Some(values) = &r.values else {
        return Err(cx.problems.reported_earlier());
    };
    let what = format!("the {} rate", pair_sp.value);
    let points = amounts(cx, owner, &values.value, &what)?;
    if points.is_empty() {
        return Err(cx.problems.at(
            values.span.clone(),
            "the exchange rate has no values",
            "empty",
            Some("give at least one year, e.g. values = { 2019 = 1166.11 }".to_string()),
        ));
    }
    let assume = match &r.assume {
        None => None,
        Some(a) => match &a.value {
            Scalar::Text(t) if t.trim().eq_ignore_ascii_case("hold") => Some(RateAssumption::Hold),
            _ => {
                let v = positive_amount(&mut cx.problems, a, "the assumed rate")?;
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
    let list = years_text(missing.iter().map(|(y, _)| *y));
    let help = match gap {
        SeriesGap::AfterData { last } => format!(
            "its data ends in {last}: add the later years, or state an assumption: assume = \"hold\" (the last rate goes on) or a rate"
        ),
        SeriesGap::BeforeData { first } => {
            format!("its data starts in {first}; every year from the baseline on is needed")
        }
        _ => "add the missing years".to_string(),
    };
    Err(cx.problems.at(
        span.clone(),
        format!("the {} rate has no value for {}", rate.pair(), list),
        "needed to convert the baseline and every year compared",
        Some(help),
    ))
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
        let help = match gap {
            SeriesGap::AfterData { last } => format!(
                "its data ends in {last}: add the later years, or state an assumption in the series: assume = \"2%\""
            ),
            SeriesGap::BeforeData { first } => format!(
                "its data covers {first} onwards; a growth series needs the year after the baseline, a level series the baseline year itself"
            ),
            _ => "add the missing year".to_string(),
        };
        return Err(cx.problems.at(
            name.span.clone(),
            format!("the deflator `{}` gives no price level for {year}", s.name),
            "needed for every year from the baseline on",
            Some(help),
        ));
    }
    Ok(i)
}

/// A troop count: a whole number above zero.
fn whole(cx: &mut Problems<'_>, value: &Sp<Scalar>, what: &str) -> Checked<Decimal> {
    let v = positive_amount(cx, value, what)?;
    if !v.fract().is_zero() {
        return Err(cx.at(
            value.span.clone(),
            format!("{what} must be a whole number, found {v}"),
            "not a whole number",
            None,
        ));
    }
    Ok(v)
}

/// Checks `[troops]`.
pub fn troops(cx: &mut Checker<'_>, r: RawTroops) -> Checked<Troops> {
    let Some(count_sp) = r.count.as_ref() else {
        return Err(cx.problems.reported_earlier());
    };
    let count = whole(&mut cx.problems, count_sp, "the troop count")?;
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
        let Some(y) = tally.note(year(&mut cx.problems, &e.year, "the year")) else {
            continue;
        };
        let what = format!("the {y} troop count");
        if let Some(v) = tally.note(whole(&mut cx.problems, &e.value, &what)) {
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
            Some(s) => tally.note(rate(cx, s, "the share")),
            None => None,
        };
        let (Some(name), Some(share)) = (name, share) else {
            tally.fail(cx.reported_earlier());
            continue;
        };
        if share.fraction() <= Decimal::ZERO || share.fraction() > Decimal::ONE {
            let span = r.share.as_ref().map_or(r.span.clone(), |s| s.span.clone());
            tally.fail(cx.at(
                span,
                format!("a share of {share} is not a part of the whole"),
                "expected more than 0% and at most 100%",
                None,
            ));
            continue;
        }
        if out.iter().any(|c| c.name == name) {
            let span = r.name.as_ref().map_or(r.span.clone(), |n| n.span.clone());
            tally.fail(cx.at(
                span,
                format!("two categories are named `{name}`"),
                "already used",
                Some("give each category its own name".to_string()),
            ));
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
    let points = gap_rate.percent().normalize();
    let unit = if points == Decimal::ONE {
        "point"
    } else {
        "points"
    };
    let (how, help) = if gap > Decimal::ZERO {
        (
            format!("{points} {unit} short of 100%"),
            format!("add {points} {unit} to a share, or add a category for the rest"),
        )
    } else {
        (
            format!("{points} {unit} over 100%"),
            format!("take {points} {unit} off the shares"),
        )
    };
    Err(cx.at(
        span,
        format!(
            "the category shares add up to {}, {how}",
            total_rate.percent().normalize().to_string() + "%"
        ),
        "these categories",
        Some(help),
    ))
}
