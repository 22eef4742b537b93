//! Checks of a proposal's `[[proposal.phase]]` tables: each phase's rule and
//! years, in order, without gaps or overlaps, inside the years the rules must
//! cover.

use super::Checker;
use super::rules::{Draft, RuleAt, rule};
use super::values::{Checked, year};
use crate::diagnostic::{Span, Tally};
use crate::scenario::params::Owner;
use crate::scenario::problem::{Subject, YearsProblem};
use crate::scenario::raw::RawPhase;
use crate::scenario::spec::{Horizon, RuleKind};

/// A rule with the years it covers, before its series are looked up.
#[derive(Debug, Clone)]
pub struct PhaseDraft {
    /// The first year covered.
    pub from: i32,
    /// The last year covered.
    pub to: i32,
    /// The rule.
    pub draft: Draft,
    /// Where the phase (or the escalation rule) is written.
    pub span: Span,
    /// Where its first year is written.
    pub from_span: Span,
    /// The phase's source.
    pub source: Option<String>,
}

/// The years the phases must cover, and what decides them.
pub struct Cover {
    /// The first year the rules cover (the year after `start`, if given).
    pub from: i32,
    /// The last year of the term.
    pub to: i32,
    /// The study's horizon.
    pub horizon: Horizon,
    /// True when `start` sets the first year.
    pub has_start: bool,
    /// The proposal.
    pub owner: Owner,
}

/// Lays the phases out over `cover.from..=cover.to`, checking order, gaps and
/// overlaps. Returns the phases that could be laid out, and whether all could.
pub fn phases(
    cx: &mut Checker<'_>,
    raw: Vec<RawPhase>,
    cover: &Cover,
) -> (Vec<PhaseDraft>, Checked<()>) {
    if let Err(r) = in_order(cx, &raw) {
        return (Vec::new(), Err(r));
    }
    let explicit_from: Vec<Option<i64>> = raw
        .iter()
        .map(|p| p.from.as_ref().map(|f| f.value))
        .collect();
    let mut out: Vec<PhaseDraft> = Vec::new();
    let mut next_year = cover.from;
    let mut previous: Option<(i32, i32, Span)> = None;
    let count = raw.len();
    let mut tally = Tally::default();
    for (i, mut phase) in raw.into_iter().enumerate() {
        let header = phase.span.clone();
        let at = RuleAt {
            owner: cover.owner,
            phase: Some(i.saturating_add(1)),
        };
        let Some(esc) = phase.escalation.take() else {
            tally.fail(cx.problems.reported_earlier());
            continue;
        };
        let Some(draft) = tally.note(rule(cx, esc, at)) else {
            continue;
        };
        let next_from = explicit_from
            .get(i.saturating_add(1))
            .copied()
            .flatten()
            .and_then(|y| i32::try_from(y).ok());
        let last = i.saturating_add(1) == count;
        let around = Around {
            next_year,
            next_from,
            last,
            term_last: cover.to,
        };
        let Some(((p_from, from_span), (p_to, to_span))) =
            tally.note(phase_years(cx, &phase, &draft, &around))
        else {
            continue;
        };
        let mut phase_tally = Tally::default();
        bounds(
            cx,
            &mut phase_tally,
            (p_from, &from_span),
            (p_to, &to_span),
            cover,
        );
        if let Some((prev_from, prev_to, prev_span)) = &previous {
            if p_from <= *prev_to {
                let line = cx.problems.line_of(prev_span);
                let problem = YearsProblem::Overlap {
                    from: p_from,
                    to: p_to,
                    line,
                    before_from: *prev_from,
                    before_to: *prev_to,
                };
                phase_tally.fail(cx.problems.at(from_span.clone(), problem));
            }
        }
        previous = Some((p_from, p_to, header.clone()));
        if let Err(r) = phase_tally.finish() {
            tally.fail(r);
            next_year = next_year.max(p_to.saturating_add(1));
            continue;
        }
        if p_from > next_year {
            let problem = YearsProblem::GapBefore {
                from: next_year,
                to: p_from.saturating_sub(1),
            };
            tally.fail(cx.problems.at(from_span.clone(), problem));
        }
        next_year = p_to.saturating_add(1);
        out.push(PhaseDraft {
            from: p_from,
            to: p_to,
            draft,
            span: header,
            from_span,
            source: phase.source.map(|s| s.value),
        });
    }
    if !tally.failed() && next_year <= cover.to {
        let s = out.last().map_or(0..0, |p| p.span.clone());
        let problem = YearsProblem::GapAtEnd {
            from: next_year,
            to: cover.to,
        };
        tally.fail(cx.problems.at(s, problem));
    }
    (out, tally.finish())
}

/// Phases go in year order; out of order, every later message would mislead.
fn in_order(cx: &mut Checker<'_>, raw: &[RawPhase]) -> Checked<()> {
    let mut latest: Option<(i64, Span)> = None;
    for phase in raw {
        let Some(f) = &phase.from else { continue };
        if let Some((prev, prev_span)) = &latest {
            if f.value < *prev {
                let line = cx.problems.line_of(prev_span);
                let problem = YearsProblem::OutOfOrder {
                    from: f.value,
                    before: *prev,
                    line,
                };
                return Err(cx.problems.at(f.span.clone(), problem));
            }
        }
        latest = Some((f.value, f.span.clone()));
    }
    Ok(())
}

/// Where a phase sits among the others, for the years it leaves unsaid.
#[derive(Clone, Copy)]
struct Around {
    /// The first year not yet covered by the phases before.
    next_year: i32,
    /// The next phase's `from`, if it gives one.
    next_from: Option<i32>,
    /// True for the last phase.
    last: bool,
    /// The last year of the term.
    term_last: i32,
}

/// A phase's first and last year, with where each is written: as given, or
/// from its rates table, the next phase's `from`, or the end of the term.
fn phase_years(
    cx: &mut Checker<'_>,
    phase: &RawPhase,
    draft: &Draft,
    around: &Around,
) -> Checked<((i32, Span), (i32, Span))> {
    let (from, to, header) = (&phase.from, &phase.to, &phase.span);
    let Around {
        next_year,
        next_from,
        last,
        term_last,
    } = *around;
    // A rates table with no `from`/`to` covers its own years.
    let table_ends = match draft {
        Draft::Rule(RuleKind::Table(t, _)) => t.iter().next().zip(t.iter().next_back()),
        _ => None,
    };
    let first = match from {
        Some(f) => (year(&mut cx.problems, f, &Subject::From)?, f.span.clone()),
        None => match table_ends {
            Some((first, _)) => (*first.0, first.1.span.clone()),
            None => (next_year, header.clone()),
        },
    };
    let end = match to {
        Some(t) => (year(&mut cx.problems, t, &Subject::To)?, t.span.clone()),
        None => match (table_ends, next_from) {
            (Some((_, last_entry)), _) => (*last_entry.0, last_entry.1.span.clone()),
            (None, Some(next)) => (next.saturating_sub(1), header.clone()),
            (None, None) if last => (term_last, header.clone()),
            (None, None) => {
                return Err(cx.problems.at(header.clone(), YearsProblem::NoEnd));
            }
        },
    };
    Ok((first, end))
}

/// A phase's years must run forwards and lie inside the years the rules cover.
fn bounds(
    cx: &mut Checker<'_>,
    tally: &mut Tally,
    (p_from, from_span): (i32, &Span),
    (p_to, to_span): (i32, &Span),
    cover: &Cover,
) {
    if p_to < p_from {
        let problem = YearsProblem::PhaseReversed {
            from: p_from,
            to: p_to,
        };
        tally.fail(cx.problems.at(to_span.clone(), problem));
    }
    let (from, to, horizon) = (cover.from, cover.to, cover.horizon);
    for (y, s) in [(p_from, from_span), (p_to, to_span)] {
        if y >= from && y <= to {
            continue;
        }
        let problem = if y < horizon.first || y > horizon.last {
            YearsProblem::PhaseBeyondHorizon {
                year: y,
                horizon,
                from,
                to,
            }
        } else if y < from && cover.has_start {
            YearsProblem::PhaseSetByStart { year: y, from, to }
        } else {
            YearsProblem::PhaseAfterTerm { year: y, to }
        };
        tally.fail(cx.problems.at(s.clone(), problem));
        if p_from == p_to {
            break;
        }
    }
}
