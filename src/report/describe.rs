//! Words for figures: how each year's amount was set, what a proposal's rules
//! are, and the one-line description of a study. Shared by every format.

use crate::money::{Rounding, format_amount};
use crate::scenario::Study;
use crate::scenario::model::{Freeze, Growth, PlannedYear, Proposal, Set, YearRule};

/// How a year's amount was set, e.g. "constant rate +4%" or "rate for 2022: +5.4%".
/// The texts never start with a sign, so CSV never has to neutralise them.
pub fn rule(study: &Study, proposal: &Proposal, planned: &PlannedYear) -> String {
    let base_year = study.baseline.year;
    let text = match planned.rule {
        YearRule::Grow {
            rate,
            why: Growth::Start,
        } => format!("start: {rate} over the {base_year} baseline"),
        YearRule::Grow {
            rate,
            why: Growth::Constant,
        } => format!("constant rate {rate}"),
        YearRule::Grow {
            rate,
            why: Growth::Table,
        } => format!("rate for {}: {rate}", planned.year),
        YearRule::Add { step } => {
            let sign = if step.is_sign_negative() { "" } else { "+" };
            // Every digit of the step as written: 0.25 is never shown as 0.3.
            let step = step.normalize();
            format!(
                "step {sign}{} a year",
                format_amount(step, step.scale(), true)
            )
        }
        YearRule::Freeze { why: Freeze::Start } => {
            format!("start: same as the {base_year} baseline")
        }
        YearRule::Freeze { why: Freeze::Rule } => "frozen".to_string(),
        YearRule::Freeze { why: Freeze::Year } => "frozen (freeze year)".to_string(),
        YearRule::Freeze {
            why: Freeze::NoRule,
        } => "held flat (no escalation rule)".to_string(),
        YearRule::Freeze {
            why: Freeze::AfterTerm,
        } => {
            let end = proposal.term_ends.unwrap_or(planned.year);
            return format!("after the term (ended {end}): held at the {end} amount");
        }
        YearRule::Set {
            why: Set::Start, ..
        } => "start: amount given".to_string(),
        YearRule::Set {
            why: Set::Override, ..
        } => "amount given for this year".to_string(),
    };
    match (planned.after_term, proposal.term_ends, planned.rule) {
        (true, Some(end), YearRule::Set { .. } | YearRule::Freeze { why: Freeze::Year }) => {
            format!("after the term (ended {end}): {text}")
        }
        (true, Some(end), _) => format!("after the term (ended {end}): {text} continues"),
        _ => text,
    }
}

/// "rounded to 0.1 (half-up) each year" or "not rounded".
pub fn rounding(rounding: Option<Rounding>) -> String {
    match rounding {
        Some(r) => format!(
            "each year rounded to {} ({}) before the next is escalated",
            r.step.normalize(),
            r.mode.name()
        ),
        None => "not rounded (exact to 28 digits)".to_string(),
    }
}

/// One line on what a study is: file, unit, horizon and baseline.
pub fn study_line(study: &Study) -> String {
    let b = &study.baseline;
    format!(
        "{} · amounts in {} · {}–{} · baseline: {}, {} in {}",
        study.file.name,
        study.money_unit(),
        study.horizon.first,
        study.horizon.last,
        b.name,
        format_amount(b.amount, study.decimals, true),
        b.year,
    )
}

/// The rules of a proposal in brief, year ranges merged:
/// "2020: start: +13% over the 2019 baseline · 2021–2024: +4% a year".
pub fn rules_in_brief(study: &Study, proposal: &Proposal) -> String {
    // Consecutive years with the same kind of rule form one range.
    let mut ranges: Vec<(i32, i32, Vec<&PlannedYear>)> = Vec::new();
    for planned in &proposal.plan {
        match ranges.last_mut() {
            Some((_, to, years)) if years.last().is_some_and(|last| same_kind(last, planned)) => {
                *to = planned.year;
                years.push(planned);
            }
            _ => ranges.push((planned.year, planned.year, vec![planned])),
        }
    }
    ranges
        .into_iter()
        .filter_map(|(from, to, years)| {
            let first = years.first()?;
            let text = match first.rule {
                YearRule::Grow {
                    rate,
                    why: Growth::Constant,
                } if !first.after_term => {
                    if from == to {
                        rate.to_string()
                    } else {
                        format!("{rate} a year")
                    }
                }
                YearRule::Grow {
                    why: Growth::Table, ..
                } => {
                    let rates: Vec<String> = years
                        .iter()
                        .filter_map(|p| match p.rule {
                            YearRule::Grow { rate, .. } => Some(rate.to_string()),
                            _ => None,
                        })
                        .collect();
                    format!("rates table ({})", rates.join(", "))
                }
                _ => rule(study, proposal, first),
            };
            Some(if from == to {
                format!("{from}: {text}")
            } else {
                format!("{from}–{to}: {text}")
            })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Whether two years follow the same rule (a rates table counts as one rule).
fn same_kind(a: &PlannedYear, b: &PlannedYear) -> bool {
    if a.after_term != b.after_term {
        return false;
    }
    match (a.rule, b.rule) {
        (
            YearRule::Grow {
                why: Growth::Table, ..
            },
            YearRule::Grow {
                why: Growth::Table, ..
            },
        ) => true,
        (YearRule::Set { .. }, _) | (_, YearRule::Set { .. }) => false,
        (x, y) => x == y,
    }
}
