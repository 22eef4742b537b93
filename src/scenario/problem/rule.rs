//! Problems with a proposal's rules as written: its start, an escalation rule
//! (rate, step, rates table, freeze or index, with its cap, floor, lag and
//! spread), `after_term`, and the values a table or index gives its years.

use std::fmt;

use crate::diagnostic::{Explain, Text, year_span, years_text};
use crate::money::Rate;
use crate::scenario::limits::MAX_LAG;
use crate::scenario::spec::SeriesGap;

/// A rule that cannot be used as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleProblem {
    /// `escalation = 4`: a bare number.
    BareEscalation {
        /// The number as written.
        number: String,
    },
    /// Text that is no escalation rule.
    NotARule {
        /// The text as written.
        text: String,
        /// What it may have meant.
        hint: RuleHint,
    },
    /// An escalation table that gives no rule.
    NoTableRule,
    /// An escalation table that gives more than one rule.
    ManyTableRules,
    /// `lag` or `spread` without `index`.
    IndexOnly {
        /// The key.
        key: &'static str,
    },
    /// `cap` or `floor` on a rule without a rate.
    NothingToLimit {
        /// The key.
        key: &'static str,
    },
    /// `freeze = false`.
    FreezeFalse,
    /// A percentage as a step.
    StepPercent {
        /// The text as written.
        text: String,
    },
    /// `index` with no series.
    IndexEmpty,
    /// A lag out of range.
    Lag {
        /// The lag given.
        lag: i64,
    },
    /// An empty rates table.
    RatesEmpty,
    /// A cap below the floor.
    CapBelowFloor {
        /// The cap.
        cap: Rate,
        /// The floor.
        floor: Rate,
    },
    /// `start = "+13"`: a sign but no `%`.
    SignNoPercent {
        /// The text as written.
        text: String,
        /// The baseline year, when known.
        baseline_year: Option<i32>,
    },
    /// Text that is no start.
    NotAStart {
        /// The text as written.
        text: String,
        /// A word close to it.
        close: Option<String>,
        /// The baseline year, when known.
        baseline_year: Option<i32>,
    },
    /// An `after_term` choice costshare does not know.
    AfterTermChoice {
        /// The choice as written.
        choice: String,
        /// A choice close to it.
        close: Option<String>,
    },
    /// An index's values and spread that add up to more than a rate holds.
    IndexSumTooLarge {
        /// The proposal, if it has a name.
        proposal: Option<String>,
        /// The year grown.
        year: i32,
    },
    /// An index series without values for years it is needed for.
    IndexGap {
        /// The series.
        series: String,
        /// The proposal, if it has a name.
        proposal: Option<String>,
        /// The years whose values are needed.
        needed: Vec<i32>,
        /// The years grown with them.
        grown: Vec<i32>,
        /// The lag.
        lag: i32,
        /// Why the first is missing.
        gap: SeriesGap,
    },
    /// A rates table without a rate for years it covers.
    TableGap {
        /// The years without a rate.
        missing: Vec<i32>,
        /// The first year the table covers.
        from: i32,
        /// The last.
        to: i32,
    },
    /// A rates table with a rate for a year it does not cover.
    TableExtra {
        /// The year.
        year: i32,
        /// The first year the table covers.
        from: i32,
        /// The last.
        to: i32,
        /// True when the table is the proposal's own escalation, not a phase's.
        own: bool,
    },
}

/// What text that is no escalation rule may have meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleHint {
    /// A number: a rate or a step.
    Number,
    /// A word close to it.
    Close(String),
    /// Nothing close: the forms a rule takes.
    Forms,
}

/// A key that sets years outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinKey {
    /// `amounts`.
    Amounts,
    /// `freeze`.
    Freeze,
}

impl fmt::Display for PinKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PinKey::Amounts => "`amounts`",
            PinKey::Freeze => "`freeze`",
        })
    }
}

/// "the 2019 baseline", or "the baseline" when its year is not known.
fn baseline(year: Option<i32>) -> String {
    year.map_or_else(
        || "the baseline".to_string(),
        |y| format!("the {y} baseline"),
    )
}

impl Explain for RuleProblem {
    /// What is wrong, in one line.
    fn message(&self) -> String {
        match self {
            RuleProblem::BareEscalation { .. } => {
                "escalation is a bare number; a rate needs a % sign".into()
            }
            RuleProblem::NotARule { text, .. } => format!("`{text}` is not an escalation rule"),
            RuleProblem::NoTableRule => "the escalation table gives no rule".into(),
            RuleProblem::ManyTableRules => "the escalation table gives more than one rule".into(),
            RuleProblem::IndexOnly { key } => format!("`{key}` applies to index rules only"),
            RuleProblem::NothingToLimit { key } => {
                format!("`{key}` limits a growth rate; this rule has none")
            }
            RuleProblem::FreezeFalse => "`freeze = false` is not a rule".into(),
            RuleProblem::StepPercent { .. } => {
                "`step` is an amount added each year, not a percentage".into()
            }
            RuleProblem::IndexEmpty => "`index` names no series".into(),
            RuleProblem::Lag { lag } => format!("a lag of {lag} years is not possible"),
            RuleProblem::RatesEmpty => "the rates table is empty".into(),
            RuleProblem::CapBelowFloor { cap, floor } => {
                format!("the cap ({cap}) is below the floor ({floor})")
            }
            RuleProblem::SignNoPercent { text, .. } => format!("`{text}` has a sign but no % sign"),
            RuleProblem::NotAStart { text, .. } => format!("`{text}` is not a start"),
            RuleProblem::AfterTermChoice { choice, .. } => {
                format!("`{choice}` is not a choice for after_term")
            }
            RuleProblem::IndexSumTooLarge { proposal, year } => format!(
                "the growth of `{}` for {year} adds up to more than a rate can hold",
                proposal.as_deref().unwrap_or("this proposal")
            ),
            RuleProblem::IndexGap {
                series,
                proposal,
                needed,
                grown,
                lag,
                gap,
            } => format!(
                "series `{series}` {} for {}, needed by `{}` for {}{}",
                match gap {
                    SeriesGap::Overflow => "gives no growth a rate can hold",
                    _ => "has no value",
                },
                years_text(needed),
                proposal.as_deref().unwrap_or("this proposal"),
                years_text(grown),
                if *lag == 0 {
                    String::new()
                } else {
                    format!(" with a lag of {lag}")
                }
            ),
            RuleProblem::TableGap { missing, .. } => {
                format!("the rates table has no rate for {}", years_text(missing))
            }
            RuleProblem::TableExtra { year, from, to, .. } => format!(
                "the rates table has a rate for {year}, outside the years it covers ({})",
                year_span(*from, *to)
            ),
        }
    }

    /// The note under the underlined text.
    fn label(&self) -> Option<Text> {
        Some(match self {
            RuleProblem::BareEscalation { .. } => "expected a percentage or a rule".into(),
            RuleProblem::NotARule { .. } => "not a rule".into(),
            RuleProblem::NoTableRule | RuleProblem::ManyTableRules => {
                "expected exactly one of `rate`, `step`, `rates`, `freeze`, `index`".into()
            }
            RuleProblem::IndexOnly { .. } => "no index here".into(),
            RuleProblem::NothingToLimit { .. } => "nothing to limit".into(),
            RuleProblem::FreezeFalse => "expected true".into(),
            RuleProblem::StepPercent { .. } => "expected an amount".into(),
            RuleProblem::IndexEmpty => "empty".into(),
            RuleProblem::Lag { .. } => format!("expected 0 to {MAX_LAG}").into(),
            RuleProblem::RatesEmpty => "no years here".into(),
            RuleProblem::CapBelowFloor { .. } => "below the floor".into(),
            RuleProblem::SignNoPercent { .. } => "a change or an amount?".into(),
            RuleProblem::NotAStart { .. } => "not a start".into(),
            RuleProblem::AfterTermChoice { .. } => "unknown choice".into(),
            RuleProblem::IndexGap { .. } | RuleProblem::IndexSumTooLarge { .. } => {
                "this index".into()
            }
            RuleProblem::TableGap { from, to, .. } => {
                format!("a gap in a table covering {}", year_span(*from, *to)).into()
            }
            RuleProblem::TableExtra { .. } => "not used".into(),
        })
    }

    /// What to do about it.
    fn help(&self) -> Option<Text> {
        Some(match self {
            RuleProblem::BareEscalation { number: n } => format!(
                "write \"{n}%\" (in quotes) for {n} percent a year, or {{ step = {n} }} for {n} more each year"
            )
            .into(),
            RuleProblem::NotARule {
                text,
                hint: RuleHint::Number,
            } => format!(
                "write \"{}%\" for a rate, or {{ step = {} }} for a fixed amount a year",
                text.trim(),
                text.trim().trim_start_matches('+')
            )
            .into(),
            RuleProblem::NotARule {
                hint: RuleHint::Close(close),
                ..
            }
            | RuleProblem::NotAStart {
                close: Some(close), ..
            }
            | RuleProblem::AfterTermChoice {
                close: Some(close), ..
            } => format!("did you mean `{close}`?").into(),
            RuleProblem::NotARule {
                hint: RuleHint::Forms,
                ..
            } => "write \"4%\" for a constant rate, { step = 50 } for a fixed amount a year, \
                 { rates = { 2022 = \"5.4%\" } } for a rate per year, { index = \"cpi\", lag = 1 } to follow an index, or \"freeze\"".into(),
            RuleProblem::NoTableRule | RuleProblem::ManyTableRules => {
                "use phases ([[proposal.phase]]) for different rules in different years".into()
            }
            RuleProblem::IndexOnly { .. } => {
                "add index = \"name\" of a [[series]], or remove it".into()
            }
            RuleProblem::NothingToLimit { .. } => {
                "caps and floors go with `rate`, `rates` or `index`".into()
            }
            RuleProblem::FreezeFalse => {
                "remove it and give a rate, a step or rates instead".into()
            }
            RuleProblem::StepPercent { text } => {
                format!("for a percentage a year write rate = \"{}\"", text.trim()).into()
            }
            RuleProblem::IndexEmpty => {
                "write index = \"cpi\", or index = [\"a\", \"b\"] to add several".into()
            }
            RuleProblem::Lag { .. } => "the lag is how many years before the grown year the index value is taken from: lag = 2 for \"CPI of two years earlier\"".into(),
            RuleProblem::RatesEmpty => {
                "write rates = { 2022 = \"5.4%\", 2023 = \"3.4%\" }".into()
            }
            RuleProblem::CapBelowFloor { .. } => "the cap is the highest growth allowed and the floor the lowest; swap them or correct one".into(),
            RuleProblem::SignNoPercent {
                text,
                baseline_year,
            } => format!(
                "write \"{}%\" for a change over {}, or {} for an amount",
                text.trim(),
                baseline(*baseline_year),
                text.trim()
                    .to_ascii_lowercase()
                    .trim_start_matches(['+', '-'])
            )
            .into(),
            RuleProblem::NotAStart {
                close: None,
                baseline_year,
                ..
            } => format!(
                "write an amount (start = 1300), a change over {} (start = \"+13%\"), or start = \"baseline\"",
                baseline(*baseline_year)
            )
            .into(),
            RuleProblem::AfterTermChoice { close: None, .. } => "write \"hold\" (the last amount continues) or \"continue\" (the last rule goes on)".into(),
            RuleProblem::IndexGap {
                series,
                gap: SeriesGap::AfterData { last },
                ..
            } => format!(
                "its data ends in {last}: add the later years, or state what to assume after the data, e.g. assume = \"2%\" in the [[series]] named `{series}`"
            )
            .into(),
            RuleProblem::IndexGap {
                gap: SeriesGap::BeforeData { first },
                ..
            } => format!(
                "its data starts in {first}: the lag reaches before the data; add earlier years or shorten the lag"
            )
            .into(),
            RuleProblem::IndexGap {
                gap: SeriesGap::Missing,
                ..
            } => "a year inside its data is missing; add it".into(),
            RuleProblem::IndexGap {
                gap: SeriesGap::Overflow,
                ..
            } => "its figures, or the growth between two of them, are too large to hold exactly"
                .into(),
            RuleProblem::IndexSumTooLarge { .. } => "its series' values and spread add up to more than about 7.9 × 10^28 percent; check the series".into(),
            RuleProblem::TableGap { .. } => "give a rate for every year, e.g. 2023 = \"3.4%\", or set that year in `amounts`".into(),
            RuleProblem::TableExtra { own: true, .. } => "remove it: the years before are set by `start`, and those after are outside the term or horizon".into(),
            RuleProblem::TableExtra { own: false, .. } => {
                "remove it, or widen the phase's `from`/`to`".into()
            }
        })
    }
}
