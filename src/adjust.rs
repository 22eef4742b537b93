//! Figures re-expressed: in another currency, in constant prices, per troop,
//! and split into cost categories.
//!
//! Pure functions over a validated [`Study`] and its computed [`StudyResult`]:
//! every amount of every schedule (and the status quo) is multiplied by a
//! per-year factor, then every derived figure is recomputed by
//! [`engine::derive`], so a converted table is internally consistent. The
//! factors are kept so reports can state the rate or price index behind every
//! converted figure. Nothing here prints.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::engine::{self, Base, Point, ProposalResult, StudyResult};
use crate::money::{self, ArithError, Rounding};
use crate::scenario::Study;
use crate::scenario::spec::{Category, ExchangeRate, SeriesGap, Unit};

/// What the figures are measured in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// Another currency, at each year's exchange rate.
    Currency(String),
    /// Constant prices of a base year, by the study's deflator.
    Real(i32),
}

/// The factor applied to one year's amounts, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearFactor {
    /// The year.
    pub year: i32,
    /// The exchange rate as quoted (e.g. KRW per USD), or the price level
    /// relative to the base year (base year = 1).
    pub quoted: Decimal,
    /// What amounts of the year are multiplied by.
    pub factor: Decimal,
    /// True when the rate or price is an assumption, not data.
    pub assumed: bool,
    /// Where the figure comes from, if given.
    pub source: Option<String>,
}

/// A change against the baseline split into its two causes (currency only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// The part from the deal: the change in the agreed currency, at the
    /// baseline year's rate.
    pub deal: Decimal,
    /// The rest: the part from the exchange rate moving since the baseline year.
    pub exchange_rate: Decimal,
}

/// A study's results re-expressed in another measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjusted {
    /// What the figures are measured in.
    pub measure: Measure,
    /// The figures, with every derived figure recomputed.
    pub result: StudyResult,
    /// The currency of the figures.
    pub currency: String,
    /// The unit of the figures.
    pub unit: Unit,
    /// "USD per KRW" style label of the quoted rate, or "price level (2025 = 1)".
    pub quoted_label: String,
    /// The factor of every year from the baseline year to the last.
    pub factors: Vec<YearFactor>,
    /// The baseline amount in this measure (at the baseline year's rate or prices).
    pub baseline: Decimal,
    /// For a currency, each proposal's change vs the baseline split by cause,
    /// year by year (in the order of the study's proposals).
    pub splits: Option<Vec<Vec<Split>>>,
    /// The exchange-rate series used, if any: `USD/KRW`.
    pub pair: Option<String>,
    /// The source of the series used.
    pub source: Option<String>,
}

/// Why figures could not be re-expressed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjustError {
    /// No exchange-rate series for the currency asked for.
    #[error("the study has no exchange rate between {from} and {to}")]
    NoRate {
        /// The study's currency.
        from: String,
        /// The currency asked for.
        to: String,
        /// The currencies that can be asked for.
        available: Vec<String>,
    },
    /// The study names no deflator.
    #[error("the study has no deflator for constant prices")]
    NoDeflator,
    /// A year the figures need is missing from a series.
    #[error("{series} has no value for {year}{}", gap_text(*.gap))]
    Gap {
        /// The series.
        series: GapSeries,
        /// The year missing.
        year: i32,
        /// Why the series has none.
        gap: SeriesGap,
    },
    /// Checked arithmetic failed.
    #[error("{0}")]
    Arith(#[from] ArithError),
    /// A derived figure of the converted schedule could not be computed.
    #[error("{0}")]
    Derive(#[from] engine::ComputeErrorKind),
}

/// The series a conversion or deflation found a year missing from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GapSeries {
    /// An exchange rate, by its pair (`USD/KRW`).
    ExchangeRate(String),
    /// The deflator, by its series' name.
    Deflator(String),
}

impl std::fmt::Display for GapSeries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GapSeries::ExchangeRate(pair) => write!(f, "the {pair} exchange rate"),
            GapSeries::Deflator(name) => write!(f, "the deflator `{name}`"),
        }
    }
}

fn gap_text(gap: SeriesGap) -> String {
    match gap {
        SeriesGap::AfterData { last } => {
            format!(": its data ends in {last} and no assumption is stated for later years")
        }
        SeriesGap::BeforeData { first } => format!(": it covers {first} onwards"),
        SeriesGap::Missing => ": a year inside its data is missing".to_string(),
        SeriesGap::Overflow => ": its figures grow too large to hold exactly".to_string(),
    }
}

/// 10^n as a decimal.
fn pow10(n: u32) -> Result<Decimal, ArithError> {
    (0..n).try_fold(Decimal::ONE, |acc, _| money::mul(acc, Decimal::TEN))
}

/// The factor that turns an amount in `from` units into `to` units (10^(from − to)).
fn unit_factor(from: Unit, to: Unit) -> Result<Decimal, ArithError> {
    let (f, t) = (from.exponent(), to.exponent());
    if f >= t {
        pow10(f.saturating_sub(t))
    } else {
        money::div(Decimal::ONE, pow10(t.saturating_sub(f))?)
    }
}

/// How many of `currency` one unit of the other currency of `er` is worth at
/// `rate` (units of quote per base): one `base` buys `rate` of `quote`, so
/// from quote to base divide, from base to quote multiply.
fn per_unit(er: &ExchangeRate, currency: &str, rate: Decimal) -> Result<Decimal, ArithError> {
    if er.base == currency {
        money::div(Decimal::ONE, rate)
    } else {
        Ok(rate)
    }
}

/// The factor a conversion into `currency` applies to amounts written in the
/// study's `unit` at `rate` (units of quote per base of `er`), shown in
/// `er`'s unit: 870 USD millions × 1.16611 = 1,014.5 KRW billions at a rate
/// of 1,166.11.
pub fn amount_factor(
    unit: Unit,
    er: &ExchangeRate,
    currency: &str,
    rate: Decimal,
) -> Result<Decimal, ArithError> {
    money::mul(unit_factor(unit, er.unit)?, per_unit(er, currency, rate)?)
}

/// Re-expresses the results in `currency`, at each year's rate.
pub fn convert(
    study: &Study,
    result: &StudyResult,
    currency: &str,
) -> Result<Adjusted, AdjustError> {
    let (spec, params) = (study.spec(), study.params());
    let baseline_amount = params.amount(spec.baseline.amount);
    let Some(er) = spec.exchange_rate(currency) else {
        return Err(AdjustError::NoRate {
            from: spec.currency.clone(),
            to: currency.to_string(),
            available: spec
                .exchange_rates
                .iter()
                .filter_map(|r| r.other(&spec.currency).map(str::to_string))
                .collect(),
        });
    };
    let factors = rate_factors(study, er, currency)?;
    let quoted_label = format!("{} per {}", er.quote, er.base);
    let adjusted = rescale(study, result, &factors)?;
    // Change vs baseline = (A_t − A_b) at the baseline year's factor (the deal)
    // + the rest (the exchange rate). The rest is taken as the difference, so the
    // two parts add up to the change exactly.
    let base_factor = factors.first().map_or(Decimal::ONE, |f| f.factor);
    let splits = result
        .proposals
        .iter()
        .zip(&adjusted.proposals)
        .map(|(nominal, converted)| {
            nominal
                .years
                .iter()
                .zip(&converted.years)
                .map(|(n, c)| {
                    // A_t at the baseline year's rate, minus the converted baseline:
                    // when the rate has not moved this is the whole change, exactly.
                    let at_base_rate = money::mul(n.amount, base_factor)?;
                    let base = money::mul(baseline_amount, base_factor)?;
                    let deal = money::sub(at_base_rate, base)?;
                    Ok(Split {
                        deal,
                        exchange_rate: money::sub(c.vs_baseline.amount, deal)?,
                    })
                })
                .collect::<Result<Vec<_>, ArithError>>()
        })
        .collect::<Result<Vec<_>, ArithError>>()?;
    let baseline = money::mul(baseline_amount, base_factor)?;
    Ok(Adjusted {
        baseline,
        measure: Measure::Currency(currency.to_string()),
        result: adjusted,
        currency: currency.to_string(),
        unit: er.unit,
        quoted_label,
        factors,
        splits: Some(splits),
        pair: Some(er.pair()),
        source: er.source.clone(),
    })
}

/// The conversion factor of every year from the baseline year to the last.
fn rate_factors(
    study: &Study,
    er: &ExchangeRate,
    currency: &str,
) -> Result<Vec<YearFactor>, AdjustError> {
    let spec = study.spec();
    (spec.baseline.year..=spec.horizon.last)
        .map(|year| {
            let (rate, assumed, source) =
                er.rate(study.params(), year)
                    .map_err(|gap| AdjustError::Gap {
                        series: GapSeries::ExchangeRate(er.pair()),
                        year,
                        gap,
                    })?;
            Ok(YearFactor {
                year,
                quoted: rate,
                factor: amount_factor(spec.unit, er, currency, rate)?,
                assumed,
                source: source.map(str::to_string).or_else(|| er.source.clone()),
            })
        })
        .collect()
}

/// Re-expresses the results in constant prices of `base_year`.
pub fn deflate(
    study: &Study,
    result: &StudyResult,
    base_year: i32,
) -> Result<Adjusted, AdjustError> {
    let (spec, params) = (study.spec(), study.params());
    let series = spec
        .deflator
        .and_then(|i| spec.series.get(i))
        .ok_or(AdjustError::NoDeflator)?;
    let level = |year: i32| {
        series
            .level(params, year)
            .map_err(|(year, gap)| AdjustError::Gap {
                series: GapSeries::Deflator(series.name.clone()),
                year,
                gap,
            })
    };
    let (base_level, base_assumed) = level(base_year)?;
    let factors = (spec.baseline.year..=spec.horizon.last)
        .map(|year| {
            let (level, assumed) = level(year)?;
            let relative = money::div(level, base_level)?;
            Ok(YearFactor {
                year,
                quoted: relative,
                factor: money::div(base_level, level)?,
                assumed: assumed || base_assumed,
                source: series.source.clone(),
            })
        })
        .collect::<Result<Vec<_>, AdjustError>>()?;
    let baseline_factor = factors.first().map_or(Decimal::ONE, |f| f.factor);
    Ok(Adjusted {
        baseline: money::mul(params.amount(spec.baseline.amount), baseline_factor)?,
        measure: Measure::Real(base_year),
        result: rescale(study, result, &factors)?,
        currency: spec.currency.clone(),
        unit: spec.unit,
        quoted_label: format!("price level ({base_year} = 1)"),
        factors,
        splits: None,
        pair: None,
        source: series.source.clone(),
    })
}

/// Multiplies every amount by its year's factor and recomputes every derived figure.
fn rescale(
    study: &Study,
    result: &StudyResult,
    factors: &[YearFactor],
) -> Result<StudyResult, AdjustError> {
    let by_year: BTreeMap<i32, &YearFactor> = factors.iter().map(|f| (f.year, f)).collect();
    let factor = |year: i32| {
        by_year
            .get(&year)
            .map_or(Ok(Decimal::ONE), |f| Ok(f.factor))
    };
    let spec = study.spec();
    let base_factor = factor(spec.baseline.year)?;
    let base = Base {
        year: spec.baseline.year,
        amount: money::mul(study.params().amount(spec.baseline.amount), base_factor)?,
    };
    let base_assumed = by_year.get(&spec.baseline.year).is_some_and(|f| f.assumed);
    let points = |r: &ProposalResult| -> Result<Vec<Point>, ArithError> {
        r.years
            .iter()
            .map(|y| {
                let f = by_year.get(&y.year);
                Ok(Point {
                    year: y.year,
                    amount: money::mul(y.amount, factor(y.year)?)?,
                    unrounded: None,
                    assumed: y.assumed || base_assumed || f.is_some_and(|f| f.assumed),
                })
            })
            .collect()
    };
    let status_quo = engine::derive(base, &points(&result.status_quo)?, None)?;
    let sq_total = status_quo.summary.total;
    let proposals = result
        .proposals
        .iter()
        .map(|r| engine::derive(base, &points(r)?, Some(sq_total)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StudyResult {
        proposals,
        status_quo,
    })
}

/// The cost per troop of each year, in whole currency units (not the study's unit).
pub fn per_troop(
    study: &Study,
    amount: Decimal,
    unit: Unit,
    year: i32,
) -> Result<Option<Decimal>, ArithError> {
    let Some(troops) = &study.spec().troops else {
        return Ok(None);
    };
    let units = pow10(unit.exponent())?;
    money::div(
        money::mul(amount, units)?,
        troops.count(study.params(), year),
    )
    .map(Some)
}

/// Splits an amount into categories by their shares, so the parts add up to the
/// amount exactly.
///
/// With a rounding step, each part is rounded down to the step, and the steps
/// left over go one by one to the parts with the largest remainders (ties to the
/// category listed first): the largest-remainder method. Without one, each part
/// is the exact product, and the last takes whatever the others leave, which is
/// nothing unless a product needed more than 28 digits.
pub fn split(
    amount: Decimal,
    categories: &[Category],
    rounding: Option<Rounding>,
) -> Result<Vec<Decimal>, ArithError> {
    let exact: Vec<Decimal> = categories
        .iter()
        .map(|c| money::mul(amount, c.share.fraction()))
        .collect::<Result<_, _>>()?;
    if let Some(step) = rounding.map(|r| r.step).filter(|s| *s > Decimal::ZERO) {
        // A step so fine that the parts cannot be counted in steps falls back
        // to the exact parts below.
        if let Ok(parts) = largest_remainder(amount, &exact, step) {
            return Ok(parts);
        }
    }
    let mut parts = exact;
    let others = money::sum(parts.iter().rev().skip(1).copied())?;
    if let Some(last) = parts.last_mut() {
        *last = money::sub(amount, others)?;
    }
    Ok(parts)
}

/// Each exact part rounded down to the step, the steps left over handed out by
/// largest remainder (ties to the part listed first).
fn largest_remainder(
    amount: Decimal,
    exact: &[Decimal],
    step: Decimal,
) -> Result<Vec<Decimal>, ArithError> {
    let mut parts = Vec::with_capacity(exact.len());
    let mut remainders = Vec::with_capacity(exact.len());
    for (i, q) in exact.iter().enumerate() {
        let steps = money::div(*q, step)?.floor();
        let part = money::mul(steps, step)?;
        remainders.push((money::sub(*q, part)?, i));
        parts.push(part);
    }
    let mut left = money::sub(amount, money::sum(parts.iter().copied())?)?;
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in &remainders {
        if left < step {
            break;
        }
        if let Some(p) = parts.get_mut(*i) {
            *p = money::add(*p, step)?;
            left = money::sub(left, step)?;
        }
    }
    // An amount that is not a multiple of the step leaves less than a step over.
    if !left.is_zero() {
        if let Some(p) = remainders.first().and_then(|(_, i)| parts.get_mut(*i)) {
            *p = money::add(*p, left)?;
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{RoundingMode, parse_percent};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn cats(shares: &[&str]) -> Vec<Category> {
        shares
            .iter()
            .enumerate()
            .map(|(i, s)| Category {
                name: format!("c{i}"),
                share: parse_percent(s).unwrap(),
                source: None,
            })
            .collect()
    }

    #[test]
    fn splits_add_up_by_largest_remainder() {
        let r = Some(Rounding {
            step: d("0.1"),
            mode: RoundingMode::HalfUp,
        });
        // 1,038.9 × 48% = 498.672, × 36% = 374.004, × 16% = 166.224:
        // floors 498.6 + 374.0 + 166.2 = 1,038.8; the 0.1 left goes to the
        // largest remainder (0.072, labour).
        let parts = split(d("1038.9"), &cats(&["48%", "36%", "16%"]), r).unwrap();
        assert_eq!(parts, vec![d("498.7"), d("374.0"), d("166.2")]);
        // Thirds of 100 at step 1: 33 + 33 + 33 = 99; the 1 left goes to the first.
        let parts = split(
            d("100"),
            &cats(&["33.3333%", "33.3333%", "33.3334%"]),
            Some(Rounding {
                step: d("1"),
                mode: RoundingMode::HalfUp,
            }),
        )
        .unwrap();
        assert_eq!(parts.iter().copied().sum::<Decimal>(), d("100"));
        assert_eq!(parts, vec![d("33"), d("33"), d("34")]);
    }

    #[test]
    fn a_step_too_fine_to_count_falls_back_to_exact_parts() {
        let r = Some(Rounding {
            step: d("0.0000000000000000000000000001"),
            mode: RoundingMode::HalfUp,
        });
        let parts = split(d("12345678901234567890"), &cats(&["50%", "50%"]), r).unwrap();
        assert_eq!(
            parts,
            vec![d("6172839450617283945"), d("6172839450617283945")]
        );
    }

    #[test]
    fn splits_without_rounding_are_exact() {
        let parts = split(d("1000"), &cats(&["48%", "36%", "16%"]), None).unwrap();
        assert_eq!(parts, vec![d("480"), d("360"), d("160")]);
    }
}
