//! Checks of one `[[proposal]]`: its term, the years set outright or frozen,
//! its start, its rules and what follows the term, resolved into one
//! [`YearSpec`] per horizon year. The checker guarantees every year has
//! exactly one; the planner relies on it.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Checker;
use super::layout::{Assignment, Layout, Resolved};
use super::phases::{Cover, PhaseDraft, phases};
use super::reference::categories;
use super::rules::{RuleAt, after_term, rule, start};
use super::values::{Checked, non_empty, positive_amount, rounding, year};
use crate::diagnostic::{Problems, Span, Tally};
use crate::money::Rounding;
use crate::scenario::params::{AmountParam, Owner, ParamKey, ParamKind, Part};
use crate::scenario::problem::{LastYearSetBy, PinKey, Subject, YearsProblem};
use crate::scenario::raw::RawProposal;
use crate::scenario::spec::{
    AfterTerm, Category, Freeze, Horizon, How, Proposal, Rule, RuleKind, Series, Start, YearSpec,
};
use crate::scenario::walk::Sp;

/// What a proposal is checked against: the study's checked parts.
pub struct Context<'a> {
    /// The years compared.
    pub horizon: Horizon,
    /// The baseline year.
    pub baseline_year: i32,
    /// The study's rounding, which proposals inherit.
    pub rounding: Option<Rounding>,
    /// The study's series.
    pub series: &'a [Series],
    /// Every series declared, including those that failed to read.
    pub declared_series: &'a [String],
    /// The study's categories, which proposals inherit.
    pub categories: &'a [Category],
}

/// Years given an amount (`amounts`) and years frozen (`freeze`).
#[derive(Default)]
struct Pins {
    set: BTreeMap<i32, (AmountParam, Span, Option<String>)>,
    frozen: BTreeMap<i32, Span>,
}

impl Pins {
    fn pinned(&self, y: i32) -> bool {
        self.set.contains_key(&y) || self.frozen.contains_key(&y)
    }
}

/// Checks a proposal (the `index`th of the study) and lays its rules out over the horizon.
pub fn proposal(
    cx: &mut Checker<'_>,
    mut raw: RawProposal,
    ctx: &Context<'_>,
    index: usize,
) -> Checked<Proposal> {
    let horizon = ctx.horizon;
    let owner = Owner::Proposal(index);
    let mut tally = Tally::default();
    let head = head(cx, &mut tally, &mut raw, ctx);
    let span = head.span.clone();
    let (term_ends, after) = term(&mut cx.problems, &mut tally, &raw, horizon);
    let term_last = term_ends.unwrap_or(horizon.last);
    let pins = pins(cx, &mut tally, &raw, horizon, owner);
    let pinned = |y: i32| pins.pinned(y);
    let layout = Layout {
        series: ctx.series,
        declared: ctx.declared_series,
        proposal: head.name.as_deref(),
        pinned: &pinned,
    };
    let mut laid = Laid::default();

    // The first year, from `start`.
    let mut rule_from = horizon.first;
    if let Some(start_sp) = &raw.start {
        if let Some(s) = tally.note(start(cx, start_sp, Some(ctx.baseline_year), owner)) {
            let first = year_spec(horizon.first, How::Start(s), start_sp.span.clone());
            laid.years.insert(horizon.first, first);
        }
        rule_from = horizon.first.saturating_add(1);
    }

    // The rules, over the years from `rule_from` to the end of the term.
    let cover = Cover {
        from: rule_from,
        to: term_last,
        horizon,
        has_start: raw.start.is_some(),
        owner,
    };
    let no_rule = raw.escalation.is_none() && raw.phases.is_empty();
    let (escalation, raw_phases) = (raw.escalation.take(), std::mem::take(&mut raw.phases));
    let drafts = drafts(cx, &mut tally, escalation, raw_phases, &cover, &span);
    laid.rules_over_term(cx, &mut tally, &layout, drafts, no_rule);

    // Set amounts and freeze years take precedence over the rules.
    for (y, (amount, s, source)) in &pins.set {
        let mut spec = year_spec(*y, How::Set(*amount), s.clone());
        spec.source = source.as_deref().map(Arc::from);
        laid.years.insert(*y, spec);
    }
    for (y, s) in &pins.frozen {
        let frozen = year_spec(*y, How::Freeze(Freeze::Year), s.clone());
        laid.years.insert(*y, frozen);
    }

    // A term's last year that could not be laid out is reported already.
    if term_last < horizon.last && laid.years.contains_key(&term_last) {
        let after_term = AfterTermYears {
            from: term_last.saturating_add(1),
            last: horizon.last,
            choice: after,
            term_last,
        };
        let done = after_term.lay_out(cx, &layout, &mut laid, &raw, &span);
        tally.note(done);
    }

    tally.finish()?;
    let years = every_year_once(cx, laid.years, horizon, &span)?;
    let (Some(name), Some(categories)) = (head.name, head.categories) else {
        return Err(cx.problems.reported_earlier());
    };
    Ok(Proposal {
        name,
        party: raw.party.map(|p| p.value),
        description: raw.description.map(|d| d.value),
        source: raw.source.map(|s| s.value),
        span,
        rounding: head.rounding,
        term_ends: term_ends.filter(|t| *t < horizon.last),
        after_term: after,
        rules: laid.rules,
        years,
        categories,
    })
}

/// A proposal's name (and where it is written), rounding and categories.
struct Head {
    name: Option<String>,
    span: Span,
    rounding: Option<Rounding>,
    categories: Option<Vec<Category>>,
}

fn head(cx: &mut Checker<'_>, tally: &mut Tally, raw: &mut RawProposal, ctx: &Context<'_>) -> Head {
    let name_sp = raw.name.clone();
    let name = match raw.name.take() {
        Some(n) => tally.note(non_empty(&mut cx.problems, n, "name")),
        None => None,
    };
    let span = name_sp.map_or(raw.span.clone(), |n| n.span);
    let rounding = match raw.rounding.take() {
        Some(r) => tally
            .note(rounding(&mut cx.problems, r))
            .unwrap_or(ctx.rounding),
        None => ctx.rounding,
    };
    let raw_categories = std::mem::take(&mut raw.categories);
    let categories = if raw_categories.is_empty() {
        Some(ctx.categories.to_vec())
    } else {
        let owner = raw.span.clone();
        tally.note(categories(&mut cx.problems, raw_categories, owner))
    };
    Head {
        name,
        span,
        rounding,
        categories,
    }
}

/// A proposal's rules and the years laid out so far.
#[derive(Default)]
struct Laid {
    rules: Vec<Rule>,
    /// The index series each rule names, as written (for messages).
    names: Vec<Vec<Sp<String>>>,
    years: BTreeMap<i32, YearSpec>,
}

impl Laid {
    /// Resolves each rule and assigns it to the years it covers; with no rule
    /// at all, the amount is held flat over the term.
    fn rules_over_term(
        &mut self,
        cx: &mut Checker<'_>,
        tally: &mut Tally,
        layout: &Layout<'_>,
        drafts: Vec<PhaseDraft>,
        no_rule: bool,
    ) {
        for d in drafts {
            // A rule that cannot be resolved is reported; its years stay empty.
            let Some(Resolved { kind, names }) = tally.note(layout.resolve(cx, d.draft)) else {
                continue;
            };
            let r = self.rules.len();
            self.rules.push(Rule {
                kind,
                from: d.from,
                to: d.to,
                span: d.span,
                from_span: d.from_span.clone(),
                source: d.source.as_deref().map(Arc::from),
            });
            if no_rule {
                for y in d.from..=d.to {
                    let held = year_spec(y, How::Freeze(Freeze::NoRule), d.from_span.clone());
                    self.years.insert(y, held);
                }
            } else {
                let assignment = Assignment {
                    rules: &self.rules,
                    rule: r,
                    names: &names,
                    from: d.from,
                    to: d.to,
                    after_term: false,
                };
                tally.note(layout.assign(cx, &mut self.years, &assignment));
            }
            self.names.push(names);
        }
    }
}

/// Every horizon year has exactly one rule by now; makes sure of it.
fn every_year_once(
    cx: &mut Checker<'_>,
    years: BTreeMap<i32, YearSpec>,
    horizon: Horizon,
    span: &Span,
) -> Checked<Vec<YearSpec>> {
    let years: Vec<YearSpec> = years.into_values().collect();
    if years.len() == horizon.len() && years.iter().zip(horizon.years()).all(|(p, y)| p.year == y) {
        return Ok(years);
    }
    let covered: Vec<i32> = years.iter().map(|p| p.year).collect();
    let missing = horizon.years().filter(|y| !covered.contains(y)).collect();
    Err(cx
        .problems
        .at(span.clone(), YearsProblem::NoRuleFor { years: missing }))
}

/// A year set by a rule with no source of its own.
fn year_spec(year: i32, how: How, span: Span) -> YearSpec {
    YearSpec {
        year,
        how,
        after_term: false,
        span,
        source: None,
    }
}

/// `term_ends` (inside the horizon) and `after_term`.
fn term(
    cx: &mut Problems<'_>,
    tally: &mut Tally,
    raw: &RawProposal,
    horizon: Horizon,
) -> (Option<i32>, AfterTerm) {
    let term_ends = raw.term_ends.as_ref().and_then(|t| {
        let y = tally.note(year(cx, t, &Subject::TermEnds))?;
        if !horizon.years().contains(&y) {
            let problem = YearsProblem::TermOutside { year: y, horizon };
            tally.fail(cx.at(t.span.clone(), problem));
            return None;
        }
        Some(y)
    });
    let after = match &raw.after_term {
        Some(a) => {
            let (choice, checked) = after_term(cx, a);
            tally.note(checked);
            choice
        }
        None => AfterTerm::Hold,
    };
    if let (Some(a), None) = (&raw.after_term, &raw.term_ends) {
        tally.fail(cx.at(a.span.clone(), YearsProblem::AfterTermNoTerm));
    }
    (term_ends, after)
}

/// Years set outright (`amounts`) and years frozen (`freeze`), and their
/// clashes with each other and with `start`.
fn pins(
    cx: &mut Checker<'_>,
    tally: &mut Tally,
    raw: &RawProposal,
    horizon: Horizon,
    owner: Owner,
) -> Pins {
    let mut pins = Pins::default();
    for e in raw.amounts.iter().flat_map(|a| &a.value) {
        let Some(yr) = tally.note(year(&mut cx.problems, &e.year, &Subject::Year)) else {
            continue;
        };
        if !horizon.years().contains(&yr) {
            let problem = YearsProblem::OutsideHorizon {
                year: yr,
                key: PinKey::Amounts,
                horizon,
            };
            tally.fail(cx.problems.at(e.year.span.clone(), problem));
            continue;
        }
        let what = Subject::YearAmount(yr);
        if let Some(v) = tally.note(positive_amount(&mut cx.problems, &e.value, &what)) {
            let key = ParamKey {
                owner,
                part: Part::Amounts(yr),
            };
            let p = cx
                .params
                .add_amount(key, ParamKind::Positive, v, e.value.span.clone());
            pins.set
                .insert(yr, (p, e.value.span.clone(), e.source.clone()));
        }
    }
    for y in raw.freeze.iter().flat_map(|f| &f.value) {
        let Some(yr) = tally.note(year(&mut cx.problems, y, &Subject::FreezeYear)) else {
            continue;
        };
        if !horizon.years().contains(&yr) {
            let problem = YearsProblem::OutsideHorizon {
                year: yr,
                key: PinKey::Freeze,
                horizon,
            };
            tally.fail(cx.problems.at(y.span.clone(), problem));
            continue;
        }
        if pins.set.contains_key(&yr) {
            let problem = YearsProblem::FrozenAndSet { year: yr };
            tally.fail(cx.problems.at(y.span.clone(), problem));
            continue;
        }
        pins.frozen.insert(yr, y.span.clone());
    }
    if let Some(start) = &raw.start {
        let first = horizon.first;
        let clash = pins
            .set
            .get(&first)
            .map(|(_, s, _)| (s.clone(), PinKey::Amounts))
            .or_else(|| pins.frozen.get(&first).map(|s| (s.clone(), PinKey::Freeze)));
        if let Some((span, key)) = clash {
            let line = cx.problems.line_of(&start.span);
            let problem = YearsProblem::StartClash {
                year: first,
                line,
                key,
            };
            tally.fail(cx.problems.at(span, problem));
        }
    }
    pins
}

/// The proposal's rules as written, with the years each covers: its
/// `escalation`, its phases, or — with neither — the amount held flat.
fn drafts(
    cx: &mut Checker<'_>,
    tally: &mut Tally,
    escalation: Option<crate::scenario::walk::Sp<crate::scenario::raw::RawRule>>,
    raw_phases: Vec<crate::scenario::raw::RawPhase>,
    cover: &Cover,
    span: &Span,
) -> Vec<PhaseDraft> {
    match (escalation, raw_phases.is_empty()) {
        (Some(e), false) => {
            tally.fail(cx.problems.at(e.span, YearsProblem::EscalationAndPhases));
            // The phases are not checked further: which rule was meant is unclear.
            Vec::new()
        }
        (Some(esc), true) => {
            let esc_span = esc.span.clone();
            let at = RuleAt {
                owner: cover.owner,
                phase: None,
            };
            match tally.note(rule(cx, esc, at)) {
                Some(draft) => vec![PhaseDraft {
                    from: cover.from,
                    to: cover.to,
                    draft,
                    span: esc_span.clone(),
                    from_span: esc_span,
                    source: None,
                }],
                None => Vec::new(),
            }
        }
        (None, false) => {
            let (drafts, checked) = phases(cx, raw_phases, cover);
            tally.note(checked);
            drafts
        }
        (None, true) => vec![PhaseDraft {
            from: cover.from,
            to: cover.to,
            draft: super::rules::Draft::Rule(RuleKind::Freeze),
            span: span.clone(),
            from_span: span.clone(),
            source: None,
        }],
    }
}

/// The years after a proposal's term, inside the horizon.
struct AfterTermYears {
    from: i32,
    last: i32,
    choice: AfterTerm,
    term_last: i32,
}

/// What the years after the term follow.
enum AfterTermRule {
    /// The amount is held: `"hold"`, or a freeze of any kind continued.
    Hold,
    /// The rule at this position goes on.
    Rule(usize),
    /// Nothing can go on: the term's last year is set by this.
    Nothing(LastYearSetBy),
}

impl AfterTermYears {
    /// Holds the last amount, or continues the rule of the term's last year.
    fn lay_out(
        &self,
        cx: &mut Checker<'_>,
        layout: &Layout<'_>,
        laid: &mut Laid,
        raw: &RawProposal,
        span: &Span,
    ) -> Checked<()> {
        let result = match self.what_follows(cx, laid) {
            AfterTermRule::Rule(r) => {
                let assignment = Assignment {
                    rules: &laid.rules,
                    rule: r,
                    names: laid.names.get(r).map_or(&[][..], Vec::as_slice),
                    from: self.from,
                    to: self.last,
                    after_term: true,
                };
                layout.assign(cx, &mut laid.years, &assignment)
            }
            AfterTermRule::Nothing(set_by) => {
                let s = raw
                    .after_term
                    .as_ref()
                    .map_or(span.clone(), |a| a.span.clone());
                let problem = YearsProblem::NothingToContinue {
                    term_last: self.term_last,
                    set_by,
                };
                Err(cx.problems.at(s, problem))
            }
            AfterTermRule::Hold => {
                self.hold(&mut laid.years, span);
                Ok(())
            }
        };
        for y in self.from..=self.last {
            if let Some(p) = laid.years.get_mut(&y) {
                p.after_term = true;
            }
        }
        result
    }

    /// With `"continue"`, what sets the term's last year goes on if it can: a
    /// constant rate, a step or an index rule; a freeze of any kind (a
    /// `"freeze"` rule, no rule, `start = "baseline"`, a `freeze` year) goes
    /// on as a hold. A rates table, a `start` rate or amount and an amount in
    /// `amounts` have nothing to go on.
    fn what_follows(&self, cx: &Checker<'_>, laid: &Laid) -> AfterTermRule {
        let last = match (self.choice, laid.years.get(&self.term_last)) {
            (AfterTerm::Continue, Some(last)) => last,
            _ => return AfterTermRule::Hold,
        };
        let line = cx.problems.line_of(&last.span);
        match last.how {
            How::Start(Start::Baseline) | How::Freeze(_) => AfterTermRule::Hold,
            How::Start(Start::Rate(_) | Start::Amount(_)) => {
                AfterTermRule::Nothing(LastYearSetBy::Start { line })
            }
            How::Set(_) => AfterTermRule::Nothing(LastYearSetBy::Amounts { line }),
            How::Rule(r) => match laid.rules.get(r).map(|rule| &rule.kind) {
                Some(RuleKind::Table(..)) => AfterTermRule::Nothing(LastYearSetBy::RatesTable),
                Some(RuleKind::Grow(..) | RuleKind::Add(_) | RuleKind::Index(_)) => {
                    AfterTermRule::Rule(r)
                }
                Some(RuleKind::Freeze) | None => AfterTermRule::Hold,
            },
        }
    }

    /// Each year after the term that is not set or frozen repeats the year
    /// before: the term's last amount, or that of a later year in `amounts`.
    fn hold(&self, years: &mut BTreeMap<i32, YearSpec>, span: &Span) {
        let mut held = self.term_last;
        let mut s = years
            .get(&self.term_last)
            .map_or(span.clone(), |p| p.span.clone());
        for y in self.from..=self.last {
            match years.get(&y) {
                Some(set) if matches!(set.how, How::Set(_)) => {
                    held = y;
                    s = set.span.clone();
                }
                // A `freeze` year repeats the year before as well.
                Some(_) => {}
                None => {
                    let how = How::Freeze(Freeze::AfterTerm { held });
                    years.insert(y, year_spec(y, how, s.clone()));
                }
            }
        }
    }
}

/// Checks a proposal's values on their own, when the horizon or baseline is
/// unusable and the years cannot be laid out.
pub fn proposal_values(cx: &mut Checker<'_>, raw: RawProposal, index: usize) {
    let owner = Owner::Proposal(index);
    if let Some(n) = raw.name {
        let _ = non_empty(&mut cx.problems, n, "name");
    }
    if let Some(r) = raw.rounding {
        let _ = rounding(&mut cx.problems, r);
    }
    if let Some(s) = &raw.start {
        let _ = start(cx, s, None, owner);
    }
    if let Some(esc) = raw.escalation {
        let _ = rule(cx, esc, RuleAt { owner, phase: None });
    }
    for (i, phase) in raw.phases.into_iter().enumerate() {
        for y in [&phase.from, &phase.to].into_iter().flatten() {
            let _ = year(&mut cx.problems, y, &Subject::PhaseYear);
        }
        if let Some(esc) = phase.escalation {
            let at = RuleAt {
                owner,
                phase: Some(i.saturating_add(1)),
            };
            let _ = rule(cx, esc, at);
        }
    }
    for e in raw.amounts.iter().flat_map(|a| &a.value) {
        if let Ok(yr) = year(&mut cx.problems, &e.year, &Subject::Year) {
            let _ = positive_amount(&mut cx.problems, &e.value, &Subject::YearAmount(yr));
        }
    }
    for y in raw.freeze.iter().flat_map(|f| &f.value) {
        let _ = year(&mut cx.problems, y, &Subject::FreezeYear);
    }
    if let Some(t) = &raw.term_ends {
        let _ = year(&mut cx.problems, t, &Subject::TermEnds);
    }
    if let Some(a) = &raw.after_term {
        let _ = after_term(&mut cx.problems, a);
    }
}
