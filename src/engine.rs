//! The engine: from a [`Plan`] to exact year-by-year results.
//!
//! Pure functions only: no I/O, no printing, no dependence on the clock or the
//! locale. All arithmetic is checked; overflow, division by zero and amounts that
//! fall to zero or below are returned as [`ComputeError`]s, never panics.
//!
//! For each proposal and year: the amount, the change over the previous year and
//! over the baseline (absolute and as a fraction), and the running total. For each
//! proposal: first and last amounts, total, average, compound annual growth from
//! the baseline year, and the total against the status quo (the baseline held flat).
//! And the gap between any two proposals.

use rust_decimal::Decimal;

use crate::money::{self, ArithError, Rate, Rounding};
use crate::plan::{Plan, PlannedYear, ProposalPlan, YearRule};

/// Why a computation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{year}: {kind}")]
pub struct ComputeError {
    /// The proposal being computed, by position; `None` for the status quo.
    pub proposal: Option<usize>,
    /// The year being computed (the last year, for totals).
    pub year: i32,
    /// True when the year's own amount failed (its rule is to blame); false
    /// when a figure derived over the horizon did.
    pub in_year: bool,
    /// What went wrong.
    pub kind: ComputeErrorKind,
}

/// What went wrong in a computation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComputeErrorKind {
    /// Checked arithmetic failed.
    #[error("{0}")]
    Arith(#[from] ArithError),
    /// The amount fell to zero or below.
    #[error("the amount falls to {0}, and amounts must stay above zero")]
    NotPositive(Decimal),
    /// A running total (or the status quo total) is too large for a decimal.
    #[error("the total over the years is too large for a decimal (overflow)")]
    TotalTooLarge,
    /// A change in percent is too large to express (the amount grew by a
    /// factor of more than about 10^26 from its base).
    #[error("a change is too large to express as a percentage")]
    PercentTooLarge,
}

/// A relative change as a [`Rate`]: it must be expressible in percent.
fn relative(fraction: Decimal) -> Result<Rate, ComputeErrorKind> {
    Rate::from_fraction(fraction).map_err(|_| ComputeErrorKind::PercentTooLarge)
}

/// A change from one amount to another: absolute, and relative to the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The new amount minus the old one.
    pub amount: Decimal,
    /// That difference as a rate of the old amount (`0.13` for +13%).
    pub relative: Rate,
}

/// Everything computed for one study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyResult {
    /// One result per proposal, in the study's order.
    pub proposals: Vec<ProposalResult>,
    /// The status quo: the baseline amount held flat over the horizon, computed
    /// like a proposal.
    pub status_quo: ProposalResult,
}

impl StudyResult {
    /// The status quo total: the baseline amount of each year, summed year by
    /// year like every total (the product of the amount and the number of
    /// years, unless a sum needs more digits than a decimal holds).
    pub fn status_quo_total(&self) -> Decimal {
        self.status_quo.summary.total
    }
}

/// Everything computed for one proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalResult {
    /// One row per horizon year.
    pub years: Vec<YearResult>,
    /// Figures over the whole horizon.
    pub summary: Summary,
}

/// One proposal's figures for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearResult {
    /// The year.
    pub year: i32,
    /// The amount for the year, in the study's unit.
    pub amount: Decimal,
    /// The amount before rounding, when rounding changed it.
    pub unrounded: Option<Decimal>,
    /// True when the amount rests on a stated assumption: its own rule used an
    /// assumed figure, or it grew from an amount that did.
    pub assumed: bool,
    /// The change from the previous year's amount (the baseline's, for the first year).
    pub vs_previous: Change,
    /// The change from the baseline amount.
    pub vs_baseline: Change,
    /// The sum of the amounts from the first horizon year to this one.
    pub cumulative: Decimal,
}

/// One proposal's figures over the horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The amount in the first horizon year.
    pub first: Decimal,
    /// The amount in the last horizon year.
    pub last: Decimal,
    /// The sum over the horizon.
    pub total: Decimal,
    /// The total divided by the number of years.
    pub average: Decimal,
    /// Compound annual growth from the baseline year to the last year, with its
    /// fraction to [`GROWTH_DECIMALS`] places.
    pub growth: Rate,
    /// The total against the status quo total.
    pub vs_status_quo: Change,
    /// True when any year rests on an assumption, so the totals do too.
    pub assumed: bool,
}

/// Decimal places of the compound annual growth fraction (an nth root, rarely exact).
pub const GROWTH_DECIMALS: u32 = 12;

/// One year of a schedule: the amount, before any derived figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    /// The year.
    pub year: i32,
    /// The amount.
    pub amount: Decimal,
    /// The amount before rounding, when rounding changed it.
    pub unrounded: Option<Decimal>,
    /// True when the amount rests on an assumption.
    pub assumed: bool,
}

/// The baseline a schedule is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    /// The baseline year.
    pub year: i32,
    /// The baseline amount.
    pub amount: Decimal,
}

/// Computes every proposal of a plan, and the status quo.
pub fn compute(plan: &Plan) -> Result<StudyResult, ComputeError> {
    let base = Base {
        year: plan.baseline_year,
        amount: plan.baseline_amount,
    };
    let last = plan.horizon.last;
    let flat: Vec<Point> = plan
        .horizon
        .years()
        .map(|year| Point {
            year,
            amount: base.amount,
            unrounded: None,
            assumed: false,
        })
        .collect();
    let status_quo = derive(base, &flat, None).map_err(|kind| ComputeError {
        proposal: None,
        year: last,
        in_year: false,
        kind,
    })?;
    let sq_total = status_quo.summary.total;
    let proposals = plan
        .proposals
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let points = schedule(base.amount, p).map_err(|(year, kind)| ComputeError {
                proposal: Some(i),
                year,
                in_year: true,
                kind,
            })?;
            derive(base, &points, Some(sq_total)).map_err(|kind| ComputeError {
                proposal: Some(i),
                year: last,
                in_year: false,
                kind,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StudyResult {
        proposals,
        status_quo,
    })
}

/// A proposal's amounts, year by year, from the baseline amount. On failure,
/// the year whose amount could not be computed, and why.
pub fn schedule(
    baseline: Decimal,
    proposal: &ProposalPlan,
) -> Result<Vec<Point>, (i32, ComputeErrorKind)> {
    let mut previous = baseline;
    let mut previous_assumed = false;
    let mut points = Vec::with_capacity(proposal.years.len());
    for planned in &proposal.years {
        let fail = |kind: ComputeErrorKind| (planned.year, kind);
        let (amount, unrounded) =
            next_amount(previous, planned, proposal.rounding).map_err(|e| fail(e.into()))?;
        if amount <= Decimal::ZERO {
            return Err(fail(ComputeErrorKind::NotPositive(amount)));
        }
        // An amount given outright rests on nothing before it.
        let inherits = !matches!(planned.rule, YearRule::Set { .. });
        let assumed = planned.assumed || (inherits && previous_assumed);
        points.push(Point {
            year: planned.year,
            amount,
            unrounded,
            assumed,
        });
        previous = amount;
        previous_assumed = assumed;
    }
    Ok(points)
}

/// Every derived figure of a schedule: changes against the previous year and
/// the baseline, running totals and the summary. `status_quo_total` is the
/// total the schedule is compared with (its own total when `None`).
pub fn derive(
    base: Base,
    points: &[Point],
    status_quo_total: Option<Decimal>,
) -> Result<ProposalResult, ComputeErrorKind> {
    let mut previous = base.amount;
    let mut cumulative = Decimal::ZERO;
    let mut rows = Vec::with_capacity(points.len());
    for p in points {
        cumulative =
            money::add(cumulative, p.amount).map_err(|_| ComputeErrorKind::TotalTooLarge)?;
        rows.push(YearResult {
            year: p.year,
            amount: p.amount,
            unrounded: p.unrounded,
            assumed: p.assumed,
            vs_previous: change(previous, p.amount)?,
            vs_baseline: change(base.amount, p.amount)?,
            cumulative,
        });
        previous = p.amount;
    }
    let summary = summarize(base, &rows, status_quo_total)?;
    Ok(ProposalResult {
        years: rows,
        summary,
    })
}

/// The amount for a year from the previous year's, and the unrounded value when
/// rounding changed it.
fn next_amount(
    previous: Decimal,
    planned: &PlannedYear,
    rounding: Option<Rounding>,
) -> Result<(Decimal, Option<Decimal>), ArithError> {
    let exact = match planned.rule {
        YearRule::Set { amount, .. } => return Ok((amount, None)),
        YearRule::Freeze { .. } => return Ok((previous, None)),
        YearRule::Grow { rate, .. } => money::mul(previous, rate.factor()?)?,
        YearRule::Add { step } => money::add(previous, step)?,
    };
    match rounding {
        Some(r) => {
            let rounded = r.apply(exact)?;
            Ok((rounded, (rounded != exact).then_some(exact)))
        }
        None => Ok((exact, None)),
    }
}

/// The change from `from` to `to`.
fn change(from: Decimal, to: Decimal) -> Result<Change, ComputeErrorKind> {
    let amount = money::sub(to, from)?;
    Ok(Change {
        amount,
        relative: relative(money::div(amount, from)?)?,
    })
}

fn summarize(
    base: Base,
    rows: &[YearResult],
    status_quo_total: Option<Decimal>,
) -> Result<Summary, ComputeErrorKind> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Err(ArithError::DivisionByZero.into());
    };
    let total = last.cumulative;
    let sq_total = status_quo_total.unwrap_or(total);
    let n = Decimal::from(rows.len());
    let span_years =
        u32::try_from(last.year.saturating_sub(base.year)).map_err(|_| ArithError::Overflow)?;
    Ok(Summary {
        first: first.amount,
        last: last.amount,
        total,
        average: money::div(total, n)?,
        growth: relative(compound_growth(base.amount, last.amount, span_years)?)?,
        vs_status_quo: change(sq_total, total)?,
        assumed: rows.iter().any(|r| r.assumed),
    })
}

/// `(to / from)^(1/years) − 1`, to [`GROWTH_DECIMALS`] places.
pub fn compound_growth(from: Decimal, to: Decimal, years: u32) -> Result<Decimal, ArithError> {
    let ratio = money::div(to, from)?;
    // A ratio too small for 28 decimal places rounds to zero: take the roots apart.
    let root = if ratio.is_zero() {
        money::div(nth_root(to, years)?, nth_root(from, years)?)?
    } else {
        nth_root(ratio, years)?
    };
    Ok(money::sub(root, Decimal::ONE)?.round_dp(GROWTH_DECIMALS))
}

/// The positive `n`th root of a positive `x`, by Newton's method.
///
/// Newton's iterates for `yⁿ = x` land at or above the root from any positive
/// start and then fall monotonically towards it, so the loop stops at the first
/// iterate after a Newton step that no longer falls: from there on only the
/// rounding of the last digit moves it. (Testing whether an iterate is above the
/// root as well would let that rounding noise keep the loop going.)
pub fn nth_root(x: Decimal, n: u32) -> Result<Decimal, ArithError> {
    if x <= Decimal::ZERO {
        return Err(ArithError::DivisionByZero);
    }
    if n <= 1 || x == Decimal::ONE {
        return Ok(x);
    }
    // Below 1 the powers of the iterates lose digits at the 28th decimal place;
    // above 1 they keep 28 significant digits. So take the root of 1/x.
    if x < Decimal::ONE {
        return money::div(Decimal::ONE, nth_root(money::div(Decimal::ONE, x)?, n)?);
    }
    let nd = Decimal::from(n);
    let n_minus_1 = Decimal::from(n.saturating_sub(1));
    // Bernoulli: (1 + (x−1)/n)^n ≥ x, so this guess is at or above the root.
    let mut y = if x > Decimal::ONE {
        money::add(Decimal::ONE, money::div(money::sub(x, Decimal::ONE)?, nd)?)?
    } else {
        Decimal::ONE
    };
    // Whether `y` is a Newton iterate, and so at or above the root.
    let mut from_newton = false;
    for _ in 0..400 {
        let Ok(y_n1) = pow(y, n.saturating_sub(1)) else {
            // y^(n−1) is too large to hold, so y is above the root (the root's
            // (n−1)th power is below x): move it halfway towards 1, which may
            // pass the root.
            y = money::div(money::add(y, Decimal::ONE)?, Decimal::TWO)?;
            from_newton = false;
            continue;
        };
        // y' = ((n−1)·y + x / y^(n−1)) / n
        let next = money::div(
            money::add(money::mul(n_minus_1, y)?, money::div(x, y_n1)?)?,
            nd,
        )?;
        if from_newton && next >= y {
            return Ok(y);
        }
        y = next;
        from_newton = true;
    }
    Ok(y)
}

/// `base^exp` by squaring, checked.
fn pow(base: Decimal, mut exp: u32) -> Result<Decimal, ArithError> {
    let mut result = Decimal::ONE;
    let mut b = base;
    while exp > 0 {
        if exp & 1 == 1 {
            result = money::mul(result, b)?;
        }
        exp >>= 1;
        if exp > 0 {
            b = money::mul(b, b)?;
        }
    }
    Ok(result)
}

/// The gap between two proposals: year by year and in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Per year: the two amounts and a against b.
    pub years: Vec<GapYear>,
    /// Total of a over the horizon.
    pub total_a: Decimal,
    /// Total of b over the horizon.
    pub total_b: Decimal,
    /// total_a against total_b: the difference, and it relative to total_b.
    pub total_diff: Change,
}

/// One year of a [`Gap`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapYear {
    /// The year.
    pub year: i32,
    /// The first proposal's amount.
    pub a: Decimal,
    /// The second proposal's amount (the base of the percentage).
    pub b: Decimal,
    /// a against b: a − b, and (a − b) / b.
    pub diff: Change,
}

/// The gap between proposals `a` and `b` (b is the base of every percentage).
pub fn gap(a: &ProposalResult, b: &ProposalResult) -> Result<Gap, ComputeErrorKind> {
    let years = a
        .years
        .iter()
        .zip(&b.years)
        .map(|(ya, yb)| {
            Ok(GapYear {
                year: ya.year,
                a: ya.amount,
                b: yb.amount,
                diff: change(yb.amount, ya.amount)?,
            })
        })
        .collect::<Result<Vec<_>, ComputeErrorKind>>()?;
    Ok(Gap {
        years,
        total_a: a.summary.total,
        total_b: b.summary.total,
        total_diff: change(b.summary.total, a.summary.total)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn roots_of_exact_powers_are_exact() {
        assert_eq!(
            nth_root(d("1.2762815625"), 5).unwrap().round_dp(20),
            d("1.05")
        );
        assert_eq!(nth_root(d("8"), 3).unwrap().round_dp(20), d("2"));
        assert_eq!(nth_root(d("0.25"), 2).unwrap().round_dp(20), d("0.5"));
        assert_eq!(nth_root(d("7"), 1).unwrap(), d("7"));
    }

    #[test]
    fn growth_from_a_ratio_too_small_to_hold_is_still_found() {
        // 10^-26 / 1000 rounds to zero at 28 places; the roots taken apart give
        // (10^-29)^(1/1) − 1 → −1 to 12 places.
        let g = compound_growth(d("1000"), d("0.00000000000000000000000001"), 1).unwrap();
        assert_eq!(g, d("-1.000000000000"));
        // Over 29 years the ratio 10^-29 has the root 0.1: growth −90% a year.
        let g = compound_growth(d("1000"), d("0.00000000000000000000000001"), 29).unwrap();
        assert_eq!(g, d("-0.9"));
    }

    #[test]
    fn growth_of_huge_ratios_does_not_overflow() {
        let g = compound_growth(d("1"), d("10000000000000000000000000"), 500).unwrap();
        // 10^25^(1/500) = 10^0.05 = 1.12201845430196...
        assert_eq!(g.round_dp(9), d("0.122018454"));
    }
}
