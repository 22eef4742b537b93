//! Checks of a proposal's rules as written: `start`, an `escalation` rule
//! (a rate, a step, a rates table, a freeze or an index, with its cap, floor,
//! lag and spread) and `after_term`. Which years each rule covers is
//! `layout.rs`'s job.

use std::collections::BTreeMap;

use super::Checker;
use super::values::{Checked, amount, number_error, positive_amount, rate, year};
use crate::diagnostic::{Problems, Tally, did_you_mean};
use crate::money::{self, NumberError};
use crate::scenario::params::{Owner, ParamKind, Part, RulePart};
use crate::scenario::problem::{RuleHint, RuleProblem, Subject};
use crate::scenario::raw::{RawRule, RawRuleTable};
use crate::scenario::spec::{AfterTerm, Limits, RuleKind, Start, TableRate};
use crate::scenario::walk::{Scalar, Sp};

use crate::scenario::limits::MAX_LAG;

/// Where a rule is written: its proposal and phase (from 1), for the
/// addresses of its numbers.
#[derive(Debug, Clone, Copy)]
pub struct RuleAt {
    /// The proposal.
    pub owner: Owner,
    /// The phase, from 1; `None` for the proposal's own `escalation`.
    pub phase: Option<usize>,
}

impl RuleAt {
    fn key(self, part: RulePart) -> crate::scenario::params::ParamKey {
        crate::scenario::params::ParamKey {
            owner: self.owner,
            part: Part::Escalation {
                phase: self.phase,
                part,
            },
        }
    }
}

/// A rule as written, its series not yet looked up.
#[derive(Debug, Clone)]
pub enum Draft {
    /// Any rule but an index.
    Rule(RuleKind),
    /// An index rule, naming its series.
    Index {
        /// The series named, as written.
        names: Vec<Sp<String>>,
        /// Years back the values are taken from.
        lag: i32,
        /// A rate added.
        spread: Option<crate::scenario::params::RateParam>,
        /// Cap and floor.
        limits: Limits,
    },
}

/// Checks an escalation rule.
pub fn rule(cx: &mut Checker<'_>, raw: Sp<RawRule>, at: RuleAt) -> Checked<Draft> {
    match raw.value {
        RawRule::Number(number) => Err(cx
            .problems
            .at(raw.span, RuleProblem::BareEscalation { number })),
        RawRule::Text(text) => text_rule(cx, text, raw.span, at),
        RawRule::Table(table) => table_rule(cx, *table, raw.span, at),
    }
}

/// `escalation = "4%"` or `"freeze"`.
fn text_rule(
    cx: &mut Checker<'_>,
    text: String,
    span: crate::diagnostic::Span,
    at: RuleAt,
) -> Checked<Draft> {
    let word = text.trim().to_ascii_lowercase();
    if word == "freeze" || word == "frozen" || word == "flat" {
        return Ok(Draft::Rule(RuleKind::Freeze));
    }
    if word.ends_with('%') {
        let scalar = Sp::new(Scalar::Text(text), span);
        let r = rate(&mut cx.problems, &scalar, &Subject::EscalationRate)?;
        let p = cx.params.add_rate(at.key(RulePart::Value), r, scalar.span);
        return Ok(Draft::Rule(RuleKind::Grow(p, Limits::default())));
    }
    let hint = if money::parse_decimal(&word).is_ok() {
        RuleHint::Number
    } else if let Some(close) = did_you_mean(&word, ["freeze"]) {
        RuleHint::Close(close.to_string())
    } else {
        RuleHint::Forms
    };
    Err(cx.problems.at(span, RuleProblem::NotARule { text, hint }))
}

/// `escalation = { … }`: exactly one of `rate`, `step`, `rates`, `freeze`,
/// `index`, with the keys that go with it.
fn table_rule(
    cx: &mut Checker<'_>,
    table: RawRuleTable,
    span: crate::diagnostic::Span,
    at: RuleAt,
) -> Checked<Draft> {
    let given = [
        table.rate.is_some(),
        table.step.is_some(),
        table.rates.is_some(),
        table.freeze.is_some(),
        table.index.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if given != 1 {
        let problem = if given == 0 {
            RuleProblem::NoTableRule
        } else {
            RuleProblem::ManyTableRules
        };
        return Err(cx.problems.at(span, problem));
    }
    let mut tally = Tally::default();
    // `lag` and `spread` belong to index rules; `cap` and `floor` to any rule that gives a rate.
    if table.index.is_none() {
        for (key, sp) in [
            ("lag", table.lag.as_ref().map(|l| l.span.clone())),
            ("spread", table.spread.as_ref().map(|s| s.span.clone())),
        ] {
            if let Some(span) = sp {
                tally.fail(cx.problems.at(span, RuleProblem::IndexOnly { key }));
            }
        }
    }
    if table.step.is_some() || table.freeze.is_some() {
        for (key, sp) in [("cap", table.cap.as_ref()), ("floor", table.floor.as_ref())] {
            if let Some(sp) = sp {
                let problem = RuleProblem::NothingToLimit { key };
                tally.fail(cx.problems.at(sp.span.clone(), problem));
            }
        }
    }
    let limits = limits(cx, table.cap.as_ref(), table.floor.as_ref());
    tally.finish()?;
    if let Some(r) = table.rate {
        let value = rate(&mut cx.problems, &r, &Subject::EscalationRate)?;
        let limits = limits?;
        let p = cx.params.add_rate(at.key(RulePart::Value), value, r.span);
        return Ok(Draft::Rule(RuleKind::Grow(p, limits.register(cx, at))));
    }
    if let Some(step) = table.step {
        return step_rule(cx, step, at);
    }
    if let Some(freeze) = table.freeze {
        if freeze.value {
            return Ok(Draft::Rule(RuleKind::Freeze));
        }
        return Err(cx.problems.at(freeze.span, RuleProblem::FreezeFalse));
    }
    if let Some(index) = table.index {
        return index_rule(cx, index, table.lag, table.spread, limits, at);
    }
    let Some(rates) = table.rates else {
        return Err(cx.problems.reported_earlier());
    };
    rates_rule(cx, rates, limits, at)
}

/// `{ step = 50 }`.
fn step_rule(cx: &mut Checker<'_>, step: Sp<Scalar>, at: RuleAt) -> Checked<Draft> {
    if let Scalar::Text(t) = &step.value {
        if t.trim_end().ends_with('%') {
            let problem = RuleProblem::StepPercent { text: t.clone() };
            return Err(cx.problems.at(step.span, problem));
        }
    }
    let value = amount(&mut cx.problems, &step, &Subject::Step)?;
    let p = cx
        .params
        .add_amount(at.key(RulePart::Value), ParamKind::Signed, value, step.span);
    Ok(Draft::Rule(RuleKind::Add(p)))
}

/// `{ index = …, lag = …, spread = … }`.
fn index_rule(
    cx: &mut Checker<'_>,
    index: Sp<Vec<Sp<String>>>,
    lag: Option<Sp<i64>>,
    spread: Option<Sp<Scalar>>,
    limits: Checked<CheckedLimits>,
    at: RuleAt,
) -> Checked<Draft> {
    if index.value.is_empty() {
        return Err(cx.problems.at(index.span, RuleProblem::IndexEmpty));
    }
    let lag = match &lag {
        None => Ok(0),
        Some(l) if (0..=MAX_LAG).contains(&l.value) => {
            i32::try_from(l.value).map_err(|_| cx.problems.reported_earlier())
        }
        Some(l) => Err(cx
            .problems
            .at(l.span.clone(), RuleProblem::Lag { lag: l.value })),
    };
    let spread = match spread {
        None => Ok(None),
        Some(s) => rate(&mut cx.problems, &s, &Subject::Spread)
            .map(|r| Some(cx.params.add_rate(at.key(RulePart::Spread), r, s.span))),
    };
    let (lag, spread, limits) = (lag?, spread?, limits?);
    Ok(Draft::Index {
        names: index.value,
        lag,
        spread,
        limits: limits.register(cx, at),
    })
}

/// `{ rates = { 2022 = "5.4%", … } }`.
fn rates_rule(
    cx: &mut Checker<'_>,
    rates: crate::scenario::walk::YearTable,
    limits: Checked<CheckedLimits>,
    at: RuleAt,
) -> Checked<Draft> {
    let mut table = BTreeMap::new();
    let mut tally = Tally::default();
    for e in &rates.value {
        let Some(yr) = tally.note(year(&mut cx.problems, &e.year, &Subject::RatesTableYear)) else {
            continue;
        };
        if let Some(r) = tally.note(rate(&mut cx.problems, &e.value, &Subject::YearRate(yr))) {
            let p = cx
                .params
                .add_rate(at.key(RulePart::Year(yr)), r, e.value.span.clone());
            table.insert(
                yr,
                TableRate {
                    rate: p,
                    span: e.value.span.clone(),
                    source: e.source.as_deref().map(Into::into),
                },
            );
        }
    }
    // Entries with bad keys were reported and dropped when read; the
    // table is empty only if nothing was written in it.
    let written = cx
        .problems
        .file()
        .text
        .get(rates.span.clone())
        .is_some_and(|t| t.contains('='));
    if table.is_empty() && !tally.failed() && !written {
        return Err(cx.problems.at(rates.span, RuleProblem::RatesEmpty));
    }
    tally.finish()?;
    // The entries are checked before a bad cap or floor ends the rule.
    let limits = limits?;
    Ok(Draft::Rule(RuleKind::Table(table, limits.register(cx, at))))
}

/// A cap and a floor, checked but not yet recorded as numbers of the study.
#[derive(Debug, Clone, Default)]
struct CheckedLimits {
    cap: Option<(crate::money::Rate, crate::diagnostic::Span)>,
    floor: Option<(crate::money::Rate, crate::diagnostic::Span)>,
}

impl CheckedLimits {
    /// Records the cap and floor as numbers of the study (after the rule's own).
    fn register(self, cx: &mut Checker<'_>, at: RuleAt) -> Limits {
        Limits {
            cap: self
                .cap
                .map(|(r, span)| cx.params.add_rate(at.key(RulePart::Cap), r, span)),
            floor: self
                .floor
                .map(|(r, span)| cx.params.add_rate(at.key(RulePart::Floor), r, span)),
        }
    }
}

/// `cap` and `floor`, checked against each other.
fn limits(
    cx: &mut Checker<'_>,
    cap: Option<&Sp<Scalar>>,
    floor: Option<&Sp<Scalar>>,
) -> Checked<CheckedLimits> {
    let cap_rate = cap
        .map(|c| rate(&mut cx.problems, c, &Subject::Cap))
        .transpose();
    let floor_rate = floor
        .map(|f| rate(&mut cx.problems, f, &Subject::Floor))
        .transpose();
    let (cap_rate, floor_rate) = (cap_rate?, floor_rate?);
    if let (Some(c), Some(f), Some(cap_sp)) = (cap_rate, floor_rate, cap) {
        if c < f {
            let problem = RuleProblem::CapBelowFloor { cap: c, floor: f };
            return Err(cx.problems.at(cap_sp.span.clone(), problem));
        }
    }
    Ok(CheckedLimits {
        cap: cap_rate.zip(cap.map(|c| c.span.clone())),
        floor: floor_rate.zip(floor.map(|f| f.span.clone())),
    })
}

/// `start`: a change over the baseline, the baseline again, or an amount.
/// `baseline_year` names the baseline in hints, when it is known.
pub fn start(
    cx: &mut Checker<'_>,
    start: &Sp<Scalar>,
    baseline_year: Option<i32>,
    owner: Owner,
) -> Checked<Start> {
    let key = crate::scenario::params::ParamKey {
        owner,
        part: Part::Start,
    };
    if let Scalar::Text(t) = &start.value {
        let word = t.trim().to_ascii_lowercase();
        if word == "baseline" || word == "same" || word == "freeze" {
            return Ok(Start::Baseline);
        }
        if word.ends_with('%') {
            let r = rate(&mut cx.problems, start, &Subject::Start)?;
            return Ok(Start::Rate(cx.params.add_rate(key, r, start.span.clone())));
        }
        if word.starts_with(['+', '-']) {
            let problem = RuleProblem::SignNoPercent {
                text: t.clone(),
                baseline_year,
            };
            return Err(cx.problems.at(start.span.clone(), problem));
        }
        if let Err(e) = money::parse_decimal(&word) {
            if !matches!(e, NumberError::NotANumber(_)) {
                return Err(number_error(
                    &mut cx.problems,
                    start.span.clone(),
                    &Subject::StartAmount,
                    e,
                ));
            }
            let problem = RuleProblem::NotAStart {
                text: t.clone(),
                close: did_you_mean(&word, ["baseline"]).map(str::to_string),
                baseline_year,
            };
            return Err(cx.problems.at(start.span.clone(), problem));
        }
    }
    let value = positive_amount(&mut cx.problems, start, &Subject::StartAmount)?;
    Ok(Start::Amount(cx.params.add_amount(
        key,
        ParamKind::Positive,
        value,
        start.span.clone(),
    )))
}

/// `after_term = "hold" | "continue"`; an unknown choice is reported and read as "hold".
pub fn after_term(cx: &mut Problems<'_>, a: &Sp<String>) -> (AfterTerm, Checked<()>) {
    match a.value.trim() {
        "hold" => (AfterTerm::Hold, Ok(())),
        "continue" => (AfterTerm::Continue, Ok(())),
        other => {
            let problem = RuleProblem::AfterTermChoice {
                choice: other.to_string(),
                close: did_you_mean(other, ["hold", "continue"]).map(str::to_string),
            };
            (AfterTerm::Hold, Err(cx.at(a.span.clone(), problem)))
        }
    }
}
