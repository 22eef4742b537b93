//! Problems with the years a proposal's rules cover: its phases (order, gaps,
//! overlaps), its term and what follows it, years set or frozen, and the
//! study's proposals together.

use super::PinKey;
use crate::diagnostic::{Explain, Text, year_span, years_text};
use crate::scenario::limits::MAX_PROPOSAL_YEARS;
use crate::scenario::spec::Horizon;

/// Years a proposal's rules cannot cover as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearsProblem {
    /// A phase that overlaps the one before.
    Overlap {
        /// The phase's first year.
        from: i32,
        /// Its last year.
        to: i32,
        /// The line of the phase before.
        line: usize,
        /// The first year of the phase before.
        before_from: i32,
        /// Its last year.
        before_to: i32,
    },
    /// Years before a phase that no phase covers.
    GapBefore {
        /// The first year uncovered.
        from: i32,
        /// The last.
        to: i32,
    },
    /// Years after the last phase that no phase covers.
    GapAtEnd {
        /// The first year uncovered.
        from: i32,
        /// The last.
        to: i32,
    },
    /// Phases out of year order.
    OutOfOrder {
        /// This phase's first year.
        from: i64,
        /// The first year of the phase before.
        before: i64,
        /// The line of the phase before.
        line: usize,
    },
    /// A phase whose end cannot be told.
    NoEnd,
    /// A phase that ends before it starts.
    PhaseReversed {
        /// Its first year.
        from: i32,
        /// Its last year.
        to: i32,
    },
    /// A phase year outside the horizon.
    PhaseBeyondHorizon {
        /// The year.
        year: i32,
        /// The horizon.
        horizon: Horizon,
        /// The first year phases may cover.
        from: i32,
        /// The last.
        to: i32,
    },
    /// A phase year set by `start`.
    PhaseSetByStart {
        /// The year.
        year: i32,
        /// The first year phases may cover.
        from: i32,
        /// The last.
        to: i32,
    },
    /// A phase year after the term.
    PhaseAfterTerm {
        /// The year.
        year: i32,
        /// The last year of the term.
        to: i32,
    },
    /// Years no rule sets.
    NoRuleFor {
        /// The years.
        years: Vec<i32>,
    },
    /// A term that ends outside the horizon.
    TermOutside {
        /// The last year of the term.
        year: i32,
        /// The horizon.
        horizon: Horizon,
    },
    /// `after_term` without `term_ends`.
    AfterTermNoTerm,
    /// A year both frozen and given an amount.
    FrozenAndSet {
        /// The year.
        year: i32,
    },
    /// The first year set by `start` and by `amounts` or `freeze`.
    StartClash {
        /// The first year.
        year: i32,
        /// The line of `start`.
        line: usize,
        /// The other key.
        key: PinKey,
    },
    /// Both `escalation` and phases.
    EscalationAndPhases,
    /// `after_term = "continue"` with no rule to continue.
    NothingToContinue {
        /// The last year of the term.
        term_last: i32,
        /// What sets that year instead of a rule that can go on.
        set_by: LastYearSetBy,
    },
    /// A year in `amounts` or `freeze` outside the horizon.
    OutsideHorizon {
        /// The year.
        year: i32,
        /// The key.
        key: PinKey,
        /// The horizon.
        horizon: Horizon,
    },
    /// Two proposals with one name.
    ProposalNameTwice {
        /// The name.
        name: String,
        /// The line of the first.
        line: usize,
    },
    /// More proposal-years than a study may hold.
    TooMuchWork {
        /// The proposals.
        proposals: usize,
        /// The horizon's years.
        years: usize,
        /// Their product.
        work: usize,
    },
}

/// What sets the term's last year when no rule of it can go on after the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastYearSetBy {
    /// A rates table, which ends with its years.
    RatesTable,
    /// `start` (a rate or an amount), written at this line.
    Start {
        /// The line of `start`.
        line: usize,
    },
    /// An amount in `amounts`, written at this line.
    Amounts {
        /// The line of the amount.
        line: usize,
    },
}

impl Explain for YearsProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            YearsProblem::Overlap {
                from,
                to,
                line,
                before_from,
                before_to,
            } => format!(
                "this phase ({}) overlaps the phase at line {line} ({})",
                year_span(*from, *to),
                year_span(*before_from, *before_to)
            ),
            YearsProblem::GapBefore { from, to } | YearsProblem::GapAtEnd { from, to } => {
                format!("no phase covers {}", year_span(*from, *to))
            }
            YearsProblem::OutOfOrder { from, before, line } => format!(
                "phases go in year order, but this phase starts in {from} after one that starts in {before} (line {line})"
            ),
            YearsProblem::NoEnd => {
                "this phase has no `to`, and the next phase has no `from`".into()
            }
            YearsProblem::PhaseReversed { from, to } => {
                format!("this phase ends in {to}, before it starts in {from}")
            }
            YearsProblem::PhaseBeyondHorizon { year, horizon, .. } => format!(
                "{year} is outside the horizon {}–{}",
                horizon.first, horizon.last
            ),
            YearsProblem::PhaseSetByStart { year, .. } => {
                format!("{year} is set by `start`, so no phase can cover it")
            }
            YearsProblem::PhaseAfterTerm { year, to } => {
                format!("{year} is after the term, which ends in {to}")
            }
            YearsProblem::NoRuleFor { years } => {
                format!("no rule sets the amount for {}", years_text(years))
            }
            YearsProblem::TermOutside { year, horizon } => format!(
                "the term ends in {year}, outside the horizon {}–{}",
                horizon.first, horizon.last
            ),
            YearsProblem::AfterTermNoTerm => {
                "`after_term` is given but the proposal has no `term_ends`".into()
            }
            YearsProblem::FrozenAndSet { year } => {
                format!("{year} is both frozen and given an amount")
            }
            YearsProblem::StartClash { year, line, key } => {
                format!("{year} is set both by `start` (line {line}) and by {key}")
            }
            YearsProblem::EscalationAndPhases => {
                "a proposal has either `escalation` or phases, not both".into()
            }
            YearsProblem::NothingToContinue { term_last, set_by } => {
                let by = match set_by {
                    LastYearSetBy::RatesTable => String::new(),
                    LastYearSetBy::Start { line } => {
                        format!(": {term_last} is set by `start` (line {line})")
                    }
                    LastYearSetBy::Amounts { line } => {
                        format!(": {term_last} is set by `amounts` (line {line})")
                    }
                };
                format!("after_term = \"continue\" has no rule to continue after {term_last}{by}")
            }
            YearsProblem::OutsideHorizon { year, key, horizon } => format!(
                "{year} in {key} is outside the horizon {}–{}",
                horizon.first, horizon.last
            ),
            YearsProblem::ProposalNameTwice { name, .. } => {
                format!("two proposals are named `{name}`")
            }
            YearsProblem::TooMuchWork {
                proposals,
                years,
                work,
            } => format!(
                "the study has {proposals} proposals × {years} years = {work} proposal-years; the most is {MAX_PROPOSAL_YEARS}"
            ),
        }
    }

    /// The note under the underlined text.
    fn label(&self) -> Option<Text> {
        Some(match self {
            YearsProblem::Overlap { .. } => "overlapping years".into(),
            YearsProblem::GapBefore { .. } => "a gap before this phase".into(),
            YearsProblem::GapAtEnd { .. } => "the last phase ends too early".into(),
            YearsProblem::OutOfOrder { .. } => "out of order".into(),
            YearsProblem::NoEnd => "where does it end?".into(),
            YearsProblem::PhaseReversed { .. } => "reversed years".into(),
            YearsProblem::PhaseBeyondHorizon { .. }
            | YearsProblem::PhaseSetByStart { .. }
            | YearsProblem::PhaseAfterTerm { .. } => {
                "outside the years this phase may cover".into()
            }
            YearsProblem::NoRuleFor { .. } => "in this proposal".into(),
            YearsProblem::TermOutside { .. } | YearsProblem::OutsideHorizon { .. } => {
                "outside the horizon".into()
            }
            YearsProblem::AfterTermNoTerm => "nothing to follow".into(),
            YearsProblem::FrozenAndSet { .. } => "frozen here".into(),
            YearsProblem::StartClash { .. } => "the first year is already set".into(),
            YearsProblem::EscalationAndPhases => "escalation given here".into(),
            YearsProblem::NothingToContinue { .. } => "nothing to continue".into(),
            YearsProblem::ProposalNameTwice { .. } => "this name is already used".into(),
            YearsProblem::TooMuchWork { .. } => return None,
        })
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            YearsProblem::Overlap { before_to, .. } => format!(
                "start this phase in {} or later",
                before_to.saturating_add(1)
            )
            .into(),
            YearsProblem::GapBefore { from, .. } => format!(
                "start this phase in {from}, or add a phase for the missing years"
            )
            .into(),
            YearsProblem::GapAtEnd { to, .. } => format!(
                "extend the last phase to {to}, or add a phase for the missing years"
            )
            .into(),
            YearsProblem::OutOfOrder { .. } => {
                "move this [[proposal.phase]] above the later one".into()
            }
            YearsProblem::NoEnd => "add to = YEAR here, or from = YEAR to the next phase".into(),
            YearsProblem::PhaseReversed { .. } => {
                "`from` is the first year of the phase and `to` the last".into()
            }
            YearsProblem::PhaseBeyondHorizon { from, to, .. } => {
                format!("phases cover years {from}–{to}").into()
            }
            YearsProblem::PhaseSetByStart { from, to, .. } => {
                format!("phases cover the years after the first: {from}–{to}").into()
            }
            YearsProblem::PhaseAfterTerm { .. } => "years after the term follow `after_term`; move `term_ends` or shorten the phase".into(),
            YearsProblem::NoRuleFor { .. } => "give an escalation rule, phases that cover every year, or amounts for those years".into(),
            YearsProblem::TermOutside { horizon, .. } => format!(
                "term_ends must be between {} and {}",
                horizon.first, horizon.last
            )
            .into(),
            YearsProblem::AfterTermNoTerm => "add term_ends = YEAR, or remove after_term".into(),
            YearsProblem::FrozenAndSet { year } => {
                format!("remove {year} from `freeze` or from `amounts`").into()
            }
            YearsProblem::StartClash { year, key, .. } => {
                format!("keep one: remove {year} from {key}, or remove `start`").into()
            }
            YearsProblem::EscalationAndPhases => {
                "move this rule into a [[proposal.phase]] of its own".into()
            }
            YearsProblem::NothingToContinue {
                set_by: LastYearSetBy::RatesTable,
                ..
            } => "the term's last year must follow a constant rate, a step, an index or a freeze (a rates table ends with its years); or use after_term = \"hold\"".into(),
            YearsProblem::NothingToContinue {
                term_last,
                set_by: LastYearSetBy::Start { .. },
            } => format!("`start` sets the first year only; for growth after it, give `escalation` and end the term later (or leave out `term_ends`); to keep the {term_last} amount, use after_term = \"hold\"").into(),
            YearsProblem::NothingToContinue {
                term_last,
                set_by: LastYearSetBy::Amounts { .. },
            } => format!("an amount given for a year is not a rule; to let the rules go on from it, end the term later (or leave out `term_ends`); to keep the {term_last} amount, use after_term = \"hold\"").into(),
            YearsProblem::OutsideHorizon { horizon, .. } => format!(
                "years must be between {} and {}",
                horizon.first, horizon.last
            )
            .into(),
            YearsProblem::ProposalNameTwice { line, .. } => {
                format!("the first is at line {line}; give each proposal its own name").into()
            }
            YearsProblem::TooMuchWork { .. } => {
                "split the study into several files, or shorten the horizon".into()
            }
        })
    }
}
