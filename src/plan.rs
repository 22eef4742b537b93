//! The plan: a checked spec and its values turned into one rule per proposal
//! and year, with every number resolved — index values looked up, spreads
//! added, caps and floors applied.
//!
//! [`plan`] is pure and cheap: it reads no file and checks nothing the checker
//! has not, so a study can be re-planned with other values (a what-if, a
//! sweep) without reading or checking its TOML again. The engine computes
//! amounts from a [`Plan`] only.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Span;
use crate::money::{Rate, Rounding};
use crate::scenario::Study;
use crate::scenario::params::Params;
use crate::scenario::spec::{
    Horizon, How, IndexSpec, Limits, Proposal, RuleKind, SeriesGap, Spec, Start, YearSpec,
};

pub use crate::scenario::spec::Freeze;

/// Every proposal's years, ready to compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The baseline year.
    pub baseline_year: i32,
    /// The baseline amount.
    pub baseline_amount: Decimal,
    /// The years compared.
    pub horizon: Horizon,
    /// One plan per proposal, in the study's order.
    pub proposals: Vec<ProposalPlan>,
}

/// One proposal's years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalPlan {
    /// How computed amounts are rounded, if at all.
    pub rounding: Option<Rounding>,
    /// One entry per horizon year, in order.
    pub years: Vec<PlannedYear>,
}

/// The rule that sets one year's amount, with its numbers resolved.
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
    pub source: Option<Arc<str>>,
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

/// Where an amount given outright comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// `start = 1300`.
    Start,
    /// `amounts = { 2023 = 1200 }`.
    Override,
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
    /// The series, by position in the study's series.
    pub series: usize,
    /// The year of the value (the year grown, minus the lag).
    pub year: i32,
    /// The growth the series gives for that year.
    pub value: Rate,
    /// True when the value is the series' stated assumption, not data.
    pub assumed: bool,
}

/// A limit that bound a growth rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clamp {
    /// The rate was above the cap and set to it.
    Cap(Rate),
    /// The rate was below the floor and set to it.
    Floor(Rate),
}

/// Why a study's values could not be planned. A study as checked always plans;
/// other values (a what-if) can leave an index without a value or add rates
/// beyond what a decimal holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// An index series cannot give a value a year needs.
    #[error("series `{series}` has no usable value for {needed}, needed for {year}")]
    Series {
        /// The proposal, by position.
        proposal: usize,
        /// The year grown.
        year: i32,
        /// The series' name.
        series: String,
        /// The year whose value is needed.
        needed: i32,
        /// Why it has none.
        gap: SeriesGap,
    },
    /// Adding up an index's values and spread overflowed.
    #[error("the growth rate for {year} is too large to hold")]
    RateTooLarge {
        /// The proposal, by position.
        proposal: usize,
        /// The year grown.
        year: i32,
    },
    /// A year refers to a rule or series the spec does not have (a spec and
    /// values that do not belong together).
    #[error("the rule for {year} refers to a rule or series the study does not have")]
    Inconsistent {
        /// The proposal, by position.
        proposal: usize,
        /// The year.
        year: i32,
    },
    /// A rates table has no rate for a year it must cover.
    #[error("the rates table has no rate for {year}")]
    NoRate {
        /// The proposal, by position.
        proposal: usize,
        /// The year.
        year: i32,
    },
}

impl PlanError {
    /// The proposal (by position) and year that could not be planned.
    pub fn place(&self) -> (usize, i32) {
        match self {
            PlanError::Series { proposal, year, .. }
            | PlanError::RateTooLarge { proposal, year }
            | PlanError::NoRate { proposal, year }
            | PlanError::Inconsistent { proposal, year } => (*proposal, *year),
        }
    }
}

/// Plans a study with its own values.
pub fn plan_study(study: &Study) -> Result<Plan, PlanError> {
    plan(study.spec(), study.params())
}

/// Turns a spec and values for its numbers into every proposal's years.
pub fn plan(spec: &Spec, params: &Params) -> Result<Plan, PlanError> {
    let proposals = spec
        .proposals
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(ProposalPlan {
                rounding: p.rounding,
                years: p
                    .years
                    .iter()
                    .map(|y| plan_year(spec, params, i, p, y))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<_, PlanError>>()?;
    Ok(Plan {
        baseline_year: spec.baseline.year,
        baseline_amount: params.amount(spec.baseline.amount),
        horizon: spec.horizon,
        proposals,
    })
}

/// One year's rule, its numbers resolved.
fn plan_year(
    spec: &Spec,
    params: &Params,
    index: usize,
    proposal: &Proposal,
    y: &YearSpec,
) -> Result<PlannedYear, PlanError> {
    let mut planned = PlannedYear {
        year: y.year,
        rule: YearRule::Freeze { why: Freeze::Rule },
        after_term: y.after_term,
        span: y.span.clone(),
        assumed: false,
        note: None,
        source: y.source.clone(),
    };
    planned.rule = match y.how {
        How::Start(Start::Rate(rate)) => YearRule::Grow {
            rate: params.rate(rate),
            why: Growth::Start,
        },
        How::Start(Start::Baseline) => YearRule::Freeze { why: Freeze::Start },
        How::Start(Start::Amount(amount)) => YearRule::Set {
            amount: params.amount(amount),
            why: Set::Start,
        },
        How::Set(amount) => YearRule::Set {
            amount: params.amount(amount),
            why: Set::Override,
        },
        How::Freeze(why) => YearRule::Freeze { why },
        How::Rule(r) => {
            let Some(rule) = proposal.rules.get(r) else {
                return Err(PlanError::Inconsistent {
                    proposal: index,
                    year: y.year,
                });
            };
            match &rule.kind {
                RuleKind::Grow(rate, limits) => {
                    let written = params.rate(*rate);
                    let (rate, note) = limited(params, written, *limits);
                    planned.note = note;
                    YearRule::Grow {
                        rate,
                        why: Growth::Constant,
                    }
                }
                RuleKind::Add(step) => YearRule::Add {
                    step: params.amount(*step),
                },
                RuleKind::Freeze => YearRule::Freeze { why: Freeze::Rule },
                RuleKind::Table(table, limits) => {
                    let entry = table.get(&y.year).ok_or(PlanError::NoRate {
                        proposal: index,
                        year: y.year,
                    })?;
                    let (rate, note) = limited(params, params.rate(entry.rate), *limits);
                    planned.note = note;
                    YearRule::Grow {
                        rate,
                        why: Growth::Table,
                    }
                }
                RuleKind::Index(ix) => {
                    let (rate, note) = indexed(spec, params, index, y.year, ix)?;
                    planned.assumed = note.terms.iter().any(|t| t.assumed);
                    planned.note = Some(Box::new(note));
                    YearRule::Grow {
                        rate,
                        why: Growth::Index,
                    }
                }
            }
        }
    };
    Ok(planned)
}

/// The limits' cap and floor values.
fn bounds(params: &Params, limits: Limits) -> (Option<Rate>, Option<Rate>) {
    (
        limits.cap.map(|c| params.rate(c)),
        limits.floor.map(|f| params.rate(f)),
    )
}

/// A rate after its limits, and the limit that bound, if one did.
pub fn clamp(rate: Rate, cap: Option<Rate>, floor: Option<Rate>) -> (Rate, Option<Clamp>) {
    match (cap, floor) {
        (Some(cap), _) if rate > cap => (cap, Some(Clamp::Cap(cap))),
        (_, Some(floor)) if rate < floor => (floor, Some(Clamp::Floor(floor))),
        _ => (rate, None),
    }
}

/// A plain rate within its limits, with a note when a limit bound it.
fn limited(params: &Params, written: Rate, limits: Limits) -> (Rate, Option<Box<GrowthNote>>) {
    let (cap, floor) = bounds(params, limits);
    let (rate, bound) = clamp(written, cap, floor);
    let note = bound.map(|c| {
        Box::new(GrowthNote {
            terms: Vec::new(),
            spread: None,
            before_clamp: written,
            clamp: Some(c),
            cap,
            floor,
        })
    });
    (rate, note)
}

/// Growth from an index: the series' values `lag` years earlier, added up,
/// plus the spread, within the cap and floor.
fn indexed(
    spec: &Spec,
    params: &Params,
    proposal: usize,
    year: i32,
    ix: &IndexSpec,
) -> Result<(Rate, GrowthNote), PlanError> {
    let needed = year.saturating_sub(ix.lag);
    let mut terms = Vec::with_capacity(ix.series.len());
    let mut sum = Rate::ZERO;
    let too_large = |_| PlanError::RateTooLarge { proposal, year };
    for &i in &ix.series {
        let Some(series) = spec.series.get(i) else {
            return Err(PlanError::Inconsistent { proposal, year });
        };
        let (value, assumed, _) =
            series
                .growth(params, needed)
                .map_err(|gap| PlanError::Series {
                    proposal,
                    year,
                    series: series.name.clone(),
                    needed,
                    gap,
                })?;
        sum = sum.checked_add(value).map_err(too_large)?;
        terms.push(IndexTerm {
            series: i,
            year: needed,
            value,
            assumed,
        });
    }
    let spread = ix.spread.map(|s| params.rate(s));
    if let Some(spread) = spread {
        sum = sum.checked_add(spread).map_err(too_large)?;
    }
    let (cap, floor) = bounds(params, ix.limits);
    let (rate, bound) = clamp(sum, cap, floor);
    Ok((
        rate,
        GrowthNote {
            terms,
            spread,
            before_clamp: sum,
            clamp: bound,
            cap,
            floor,
        },
    ))
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::money::parse_percent;

    fn rate(text: &str) -> Rate {
        parse_percent(text).unwrap()
    }

    fn study(body: &str) -> Study {
        let text = format!(
            "title = \"t\"\ncurrency = \"USD\"\n[horizon]\nlast = 2022\n[baseline]\nname = \"b\"\nyear = 2019\namount = 100\n{body}"
        );
        crate::scenario::parse(&SourceFile::new("t.toml", text)).unwrap()
    }

    #[test]
    fn a_cap_binds_above_it_and_a_floor_below_it() {
        let (cap, floor) = (Some(rate("5%")), Some(rate("1%")));
        assert_eq!(
            clamp(rate("6%"), cap, floor),
            (rate("5%"), Some(Clamp::Cap(rate("5%"))))
        );
        assert_eq!(
            clamp(rate("0.5%"), cap, floor),
            (rate("1%"), Some(Clamp::Floor(rate("1%"))))
        );
        assert_eq!(clamp(rate("5%"), cap, floor), (rate("5%"), None));
        assert_eq!(clamp(rate("1%"), cap, floor), (rate("1%"), None));
        assert_eq!(clamp(rate("-90%"), None, None), (rate("-90%"), None));
    }

    #[test]
    fn an_index_rule_adds_its_series_and_spread_then_clamps() {
        // 2020 grows by a(2019) + b(2019) + 1% = 2% + 3% + 1% = 6%, capped at 5%;
        // 2021 by 1% + 1% + 1% = 3%; 2022 beyond the data: a assumes 4%, b 0%.
        let s = study(
            "[[series]]\nname = \"a\"\nvalues = { 2019 = \"2%\", 2020 = \"1%\" }\nassume = \"4%\"\n\
             [[series]]\nname = \"b\"\nvalues = { 2019 = \"3%\", 2020 = \"1%\" }\nassume = \"0%\"\n\
             [[proposal]]\nname = \"p\"\nescalation = { index = [\"a\", \"b\"], lag = 1, spread = \"1%\", cap = \"5%\" }\n",
        );
        let plan = plan_study(&s).unwrap();
        let years = &plan.proposals[0].years;
        let grown: Vec<Rate> = years
            .iter()
            .map(|y| match y.rule {
                YearRule::Grow { rate, .. } => rate,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(grown, [rate("5%"), rate("3%"), rate("5%")]);
        let first = years[0].note.as_ref().unwrap();
        assert_eq!(first.before_clamp, rate("6%"));
        assert_eq!(first.clamp, Some(Clamp::Cap(rate("5%"))));
        assert_eq!(first.spread, Some(rate("1%")));
        assert_eq!(
            first
                .terms
                .iter()
                .map(|t| (t.series, t.year, t.value))
                .collect::<Vec<_>>(),
            [(0, 2019, rate("2%")), (1, 2019, rate("3%"))]
        );
        // 2022 takes 2021's values: both assumed (4% + 0% + 1% = 5%, not over the cap).
        assert_eq!((years[1].assumed, years[2].assumed), (false, true));
        assert_eq!(years[2].note.as_ref().unwrap().clamp, None);
    }

    #[test]
    fn the_plan_follows_the_values_given() {
        let mut s = study(
            "[[proposal]]\nname = \"p\"\nstart = 120\nescalation = { step = 5 }\namounts = { 2022 = 200 }\n",
        );
        let rules = |s: &Study| -> Vec<YearRule> {
            plan_study(s).unwrap().proposals[0]
                .years
                .iter()
                .map(|y| y.rule)
                .collect()
        };
        let d = |t: &str| Decimal::from_str(t).unwrap();
        assert_eq!(
            rules(&s),
            [
                YearRule::Set {
                    amount: d("120"),
                    why: Set::Start
                },
                YearRule::Add { step: d("5") },
                YearRule::Set {
                    amount: d("200"),
                    why: Set::Override
                },
            ]
        );
        // New values for the start, the step and the set amount: the same
        // structure, the new numbers.
        for (address, value) in [
            ("proposal.p.start", "130"),
            ("proposal.p.escalation", "-7.5"),
            ("proposal.p.amounts.2022", "210"),
        ] {
            let Some(crate::scenario::params::Slot::Amount(p)) = s.param(address).map(|i| i.slot)
            else {
                panic!("{address} is an amount");
            };
            s.params_mut().set_amount(p, d(value)).unwrap();
        }
        assert_eq!(
            rules(&s),
            [
                YearRule::Set {
                    amount: d("130"),
                    why: Set::Start
                },
                YearRule::Add { step: d("-7.5") },
                YearRule::Set {
                    amount: d("210"),
                    why: Set::Override
                },
            ]
        );
        assert_eq!(plan_study(&s).unwrap().baseline_amount, d("100"));
        // A value a number may not take is refused, and nothing changes.
        use crate::scenario::params::{Slot, ValueRefused};
        let Some(Slot::Amount(start)) = s.param("proposal.p.start").map(|i| i.slot) else {
            panic!("the start is an amount");
        };
        assert_eq!(
            s.params_mut().set_amount(start, d("0")),
            Err(ValueRefused::NotPositive)
        );
        let Some(Slot::Amount(step)) = s.param("proposal.p.escalation").map(|i| i.slot) else {
            panic!("the step is an amount");
        };
        assert_eq!(s.params_mut().set_amount(step, d("-500")), Ok(()));
        assert_eq!(
            plan_study(&s).unwrap().proposals[0].years[0].rule,
            YearRule::Set {
                amount: d("130"),
                why: Set::Start
            }
        );
    }
}
