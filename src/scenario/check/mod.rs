//! From the shape of a file to a checked [`Spec`] and its [`Params`]: what
//! every value means, and every way the values can contradict each other.
//!
//! Each check records a located problem and moves on, so one run reports every
//! problem; a check that fails returns [`Reported`]. The parts, each one job:
//!
//! - `values`: single values (text, codes, years, amounts, rates, rounding), a leaf;
//! - `series`: `[[series]]`, inline or from files read beforehand;
//! - `reference`: exchange rates, the deflator, troops and categories;
//! - `rules`: `start`, escalation rules and `after_term`;
//! - `phases`: `[[proposal.phase]]` years, in order, without gaps or overlaps;
//! - `layout`: which rule sets each year, and the checks that need those years;
//! - `proposal`: one `[[proposal]]`, all of the above together.
//!
//! Every number that passes is recorded in the study's [`Params`] under its
//! address; the spec holds handles to them.

mod layout;
mod phases;
mod proposal;
mod reference;
mod rules;
mod series;
mod values;

use std::collections::BTreeMap;
use std::sync::Arc;

use super::files::SeriesFile;
use super::limits::{MAX_DECIMALS, MAX_HORIZON_YEARS, MAX_PROPOSAL_YEARS, YEAR_RANGE};
use super::params::{Owner, ParamKey, ParamKind, Params, Part};
use super::raw::{RawBaseline, RawHorizon, RawStudy};
use super::spec::{Baseline, Horizon, Spec, Unit};
use crate::diagnostic::{Problems, Reported, Span, Tally};
use crate::scenario::problem::{Subject, ValueProblem, YearsProblem};
use values::{Checked, currency, non_empty, positive_amount, rounding, unit, year};

/// The checker's state: where problems go, and the numbers recorded so far.
pub struct Checker<'a> {
    /// Where problems are recorded.
    pub problems: Problems<'a>,
    /// The study's numbers, recorded as they are checked.
    pub params: &'a mut Params,
}

/// Checks a raw study, with its series files read beforehand; returns the
/// spec and its numbers, or records every problem.
pub fn check(
    problems: Problems<'_>,
    raw: RawStudy,
    files: &[Option<SeriesFile>],
) -> Checked<(Spec, Params)> {
    let mut params = Params::default();
    let file = Arc::clone(problems.file());
    let mut cx = Checker {
        problems,
        params: &mut params,
    };
    let mut tally = Tally::default();
    let title = match raw.title {
        Some(t) => tally.note(non_empty(&mut cx.problems, t, "title")),
        None => None,
    };
    let currency = match raw.currency {
        Some(c) => tally.note(currency(&mut cx.problems, c)),
        None => None,
    };
    let unit = match raw.unit {
        Some(u) => tally.note(unit(&mut cx.problems, u)),
        None => Some(Unit::Units),
    };
    let rounding = match raw.rounding {
        Some(r) => tally.note(rounding(&mut cx.problems, r)).flatten(),
        None => None,
    };
    let decimals = match raw.decimals {
        Some(d) if (0..=i64::from(MAX_DECIMALS)).contains(&d.value) => u32::try_from(d.value).ok(),
        Some(d) => {
            tally.fail(out_of_range_decimals(&mut cx.problems, &d));
            None
        }
        None => Some(rounding.map_or(1, |r| r.decimals().min(MAX_DECIMALS))),
    };
    let baseline = raw.baseline.and_then(|b| tally.note(baseline(&mut cx, b)));
    let horizon = match (raw.horizon, &baseline) {
        (Some(h), Some(b)) => tally.note(horizon(&mut cx.problems, h, b.year)),
        _ => None,
    };
    // Series that are declared but fail to read are reported once, not again
    // by every rule that names them.
    let declared: Vec<String> = raw
        .series
        .iter()
        .filter_map(|s| s.name.as_ref().map(|n| n.value.clone()))
        .collect();
    let (series, checked) = series::series(&mut cx, raw.series, files);
    tally.note(checked);
    let years = match (&baseline, horizon) {
        (Some(b), Some(h)) => Some(b.year..=h.last),
        _ => None,
    };
    let rate_context = reference::RateContext {
        currency: currency.clone(),
        unit,
        years: years.clone(),
    };
    let (exchange_rates, checked) =
        reference::exchange_rates(&mut cx, raw.exchange_rates, &rate_context);
    tally.note(checked);
    let deflator = match &raw.deflator {
        None => None,
        // The series' own problem is already reported.
        Some(name)
            if declared.contains(&name.value) && !series.iter().any(|s| s.name == name.value) =>
        {
            tally.fail(cx.problems.reported_earlier());
            None
        }
        Some(name) => tally.note(reference::deflator(&mut cx, name, &series, years)),
    };
    let troops = raw
        .troops
        .and_then(|t| tally.note(reference::troops(&mut cx, t)));
    let categories = tally
        .note(reference::categories(
            &mut cx.problems,
            raw.categories,
            0..0,
        ))
        .unwrap_or_default();
    let context = match (horizon, &baseline) {
        (Some(horizon), Some(baseline)) => Some(proposal::Context {
            horizon,
            baseline_year: baseline.year,
            rounding,
            series: &series,
            declared_series: &declared,
            categories: &categories,
        }),
        _ => None,
    };
    let proposals = proposals(&mut cx, &mut tally, raw.proposals, context.as_ref());
    tally.finish()?;
    let (Some(title), Some(currency), Some(unit), Some(decimals), Some(horizon), Some(baseline)) =
        (title, currency, unit, decimals, horizon, baseline)
    else {
        return Err(cx.problems.reported_earlier());
    };
    let spec = Spec {
        file,
        title,
        description: raw.description.map(|d| d.value),
        currency,
        unit,
        decimals,
        horizon,
        baseline,
        proposals,
        series,
        exchange_rates,
        deflator,
        troops,
    };
    Ok((spec, params))
}

/// Checks every proposal; without the years (the horizon or baseline is
/// unusable), still every value that can be checked alone.
fn proposals(
    cx: &mut Checker<'_>,
    tally: &mut Tally,
    raw: Vec<super::raw::RawProposal>,
    context: Option<&proposal::Context<'_>>,
) -> Vec<super::spec::Proposal> {
    let mut proposals = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for (index, raw_proposal) in raw.into_iter().enumerate() {
        if let Some(name) = &raw_proposal.name {
            if let Some(first) = names.get(&name.value) {
                let line = cx.problems.line_of(first);
                let problem = YearsProblem::ProposalNameTwice {
                    name: name.value.clone(),
                    line,
                };
                tally.fail(cx.problems.at(name.span.clone(), problem));
            } else {
                names.insert(name.value.clone(), name.span.clone());
            }
        }
        match context {
            Some(ctx) => {
                if let Some(p) = tally.note(proposal::proposal(cx, raw_proposal, ctx, index)) {
                    proposals.push(p);
                }
            }
            None => proposal::proposal_values(cx, raw_proposal, index),
        }
    }
    if let (Some(ctx), false) = (context, proposals.is_empty()) {
        let years = ctx.horizon.len();
        let work = proposals.len().saturating_mul(years);
        if work > MAX_PROPOSAL_YEARS {
            tally.fail(cx.problems.in_file(YearsProblem::TooMuchWork {
                proposals: proposals.len(),
                years,
                work,
            }));
        }
    }
    proposals
}

fn out_of_range_decimals(cx: &mut Problems<'_>, d: &super::walk::Sp<i64>) -> Reported {
    cx.at(d.span.clone(), ValueProblem::Decimals { value: d.value })
}

fn baseline(cx: &mut Checker<'_>, raw: RawBaseline) -> Checked<Baseline> {
    let name = raw.name.map(|n| non_empty(&mut cx.problems, n, "name"));
    let year = raw
        .year
        .map(|y| year(&mut cx.problems, &y, &Subject::BaselineYear));
    let span = raw.amount.as_ref().map_or(0..0, |a| a.span.clone());
    let amount = raw
        .amount
        .map(|a| positive_amount(&mut cx.problems, &a, &Subject::BaselineAmount));
    let (Some(name), Some(year), Some(amount)) = (name, year, amount) else {
        return Err(cx.problems.reported_earlier());
    };
    let (name, year, amount) = (name?, year?, amount?);
    let key = ParamKey {
        owner: Owner::Baseline,
        part: Part::Amount,
    };
    let amount = cx
        .params
        .add_amount(key, ParamKind::Positive, amount, span.clone());
    Ok(Baseline {
        name,
        year,
        amount,
        source: raw.source.map(|s| s.value),
        span,
    })
}

fn horizon(cx: &mut Problems<'_>, raw: RawHorizon, baseline_year: i32) -> Checked<Horizon> {
    let expected_first = baseline_year.saturating_add(1);
    if i64::from(expected_first) > *YEAR_RANGE.end() {
        let span = raw
            .last
            .as_ref()
            .map_or(raw.span.clone(), |l| l.span.clone());
        return Err(cx.at(span, ValueProblem::NoYearAfterBaseline { baseline_year }));
    }
    let mut tally = Tally::default();
    if let Some(first) = &raw.first {
        if first.value != i64::from(expected_first) {
            let problem = ValueProblem::HorizonStart {
                first: first.value,
                baseline_year,
                expected: expected_first,
            };
            tally.fail(cx.at(first.span.clone(), problem));
        }
    }
    let Some(last_sp) = raw.last else {
        return Err(cx.reported_earlier());
    };
    let last = year(cx, &last_sp, &Subject::LastYear)?;
    if last < expected_first {
        let problem = ValueProblem::HorizonReversed {
            last,
            first: expected_first,
        };
        return Err(cx.at(last_sp.span.clone(), problem));
    }
    let years = last.saturating_sub(baseline_year);
    if years > MAX_HORIZON_YEARS {
        return Err(cx.at(last_sp.span, ValueProblem::HorizonTooLong { years }));
    }
    tally.finish()?;
    Ok(Horizon {
        first: expected_first,
        last,
    })
}
