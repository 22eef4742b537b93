//! Words for figures: how each year's amount was set, what a proposal's rules
//! are, and the one-line description of a study. Shared by every format.

use rust_decimal::Decimal;

use crate::money::{Rate, Rounding, format_amount};
use crate::plan::{Clamp, Freeze, Growth, GrowthNote, PlannedYear, Set, YearRule};
use crate::scenario::spec::{Proposal, Spec};

/// How a year's amount was set, e.g. "constant rate +4%" or "rate for 2022: +5.4%".
/// The texts never start with a sign, so CSV never has to neutralise them.
pub fn rule(spec: &Spec, proposal: &Proposal, planned: &PlannedYear) -> String {
    let base_year = spec.baseline.year;
    let text = match planned.rule {
        YearRule::Grow {
            rate,
            why: Growth::Start,
        } => format!("start: {rate} over the {base_year} baseline"),
        // A plain rate held by a cap or floor: the rate as written, then the limit.
        YearRule::Grow {
            rate,
            why: Growth::Constant,
        } => format!(
            "constant rate {}{}",
            written_rate(planned, rate),
            limit_text(planned)
        ),
        YearRule::Grow {
            rate,
            why: Growth::Table,
        } => format!(
            "rate for {}: {}{}",
            planned.year,
            written_rate(planned, rate),
            limit_text(planned)
        ),
        YearRule::Grow {
            rate,
            why: Growth::Index,
        } => match &planned.note {
            Some(note) => index_text(spec, note),
            None => format!("index {rate}"),
        },
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
            why: Freeze::AfterTerm { held },
        } => {
            let end = proposal.term_ends.unwrap_or(planned.year);
            return format!("after the term (ended {end}): held at the {held} amount");
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

/// The rate as the file wrote it, before any cap or floor.
fn written_rate(planned: &PlannedYear, rate: Rate) -> Rate {
    planned.note.as_ref().map_or(rate, |n| n.before_clamp)
}

/// ", capped at +5%" when a limit held this year's rate, else nothing.
fn limit_text(planned: &PlannedYear) -> String {
    planned.note.as_deref().map(clamp_text).unwrap_or_default()
}

/// "CPI 2025 +2.1%", "defense 2020 +7.4% + spread +6.5%", "CPI 2026 +2% (assumed), capped at +5%".
pub fn index_text(spec: &Spec, note: &GrowthNote) -> String {
    let mut parts: Vec<String> = note
        .terms
        .iter()
        .map(|t| {
            let assumed = if t.assumed { " (assumed)" } else { "" };
            format!(
                "{} {} {}{assumed}",
                series_name(spec, t.series),
                t.year,
                t.value
            )
        })
        .collect();
    if let Some(spread) = note.spread {
        parts.push(format!("spread {spread}"));
    }
    let sum = parts.join(" + ");
    let total = if note.terms.len() > 1 || note.spread.is_some() {
        format!(" = {}", note.before_clamp)
    } else {
        String::new()
    };
    format!("{sum}{total}{}", clamp_text(note))
}

/// ", capped at +5%" or ", floored at 0%", when a limit bound.
fn clamp_text(note: &GrowthNote) -> String {
    match note.clamp {
        Some(Clamp::Cap(cap)) => format!(", capped at {cap}"),
        Some(Clamp::Floor(floor)) => format!(", floored at {floor}"),
        None => String::new(),
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

/// The name of the series at position `i`.
fn series_name(spec: &Spec, i: usize) -> &str {
    spec.series.get(i).map_or("?", |s| s.name.as_str())
}

/// One line on what a study is: file, unit, horizon and baseline (whose
/// amount is given, as the study may be planned with other values).
pub fn study_line(spec: &Spec, baseline_amount: Decimal) -> String {
    let b = &spec.baseline;
    format!(
        "{} · amounts in {} · {}–{} · baseline: {}, {} in {}",
        spec.file.name,
        spec.money_unit(),
        spec.horizon.first,
        spec.horizon.last,
        b.name,
        format_amount(baseline_amount, spec.decimals, true),
        b.year,
    )
}

/// The rules of a proposal in brief, year ranges merged:
/// "2020: start: +13% over the 2019 baseline · 2021–2024: +4% a year".
pub fn rules_in_brief(spec: &Spec, proposal: &Proposal, plan: &[PlannedYear]) -> String {
    // Consecutive years with the same kind of rule form one range.
    let mut ranges: Vec<(i32, i32, Vec<&PlannedYear>)> = Vec::new();
    for planned in plan {
        match ranges.last_mut() {
            Some((_, to, years))
                if years
                    .last()
                    .is_some_and(|last| same_kind(spec, last, planned)) =>
            {
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
                    let (rate, limit) = (written_rate(first, rate), limit_text(first));
                    if from == to {
                        format!("{rate}{limit}")
                    } else {
                        format!("{rate} a year{limit}")
                    }
                }
                YearRule::Grow {
                    why: Growth::Index, ..
                } => index_brief(spec, first),
                YearRule::Grow {
                    why: Growth::Table, ..
                } => {
                    let rates: Vec<String> = years
                        .iter()
                        .filter_map(|p| match (&p.note, p.rule) {
                            (Some(note), _) => Some(note.before_clamp.to_string()),
                            (None, YearRule::Grow { rate, .. }) => Some(rate.to_string()),
                            _ => None,
                        })
                        .collect();
                    let mut limits = String::new();
                    if let Some(note) = years.iter().find_map(|p| p.note.as_ref()) {
                        if let Some(floor) = note.floor {
                            limits.push_str(&format!(", floor {floor}"));
                        }
                        if let Some(cap) = note.cap {
                            limits.push_str(&format!(", cap {cap}"));
                        }
                    }
                    format!("rates table ({}){limits}", rates.join(", "))
                }
                _ => rule(spec, proposal, first),
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
fn same_kind(spec: &Spec, a: &PlannedYear, b: &PlannedYear) -> bool {
    if a.after_term != b.after_term {
        return false;
    }
    if let (
        YearRule::Grow {
            why: Growth::Index, ..
        },
        YearRule::Grow {
            why: Growth::Index, ..
        },
    ) = (a.rule, b.rule)
    {
        return index_brief(spec, a) == index_brief(spec, b);
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

/// "index cpi, lag 2, capped at +5%": an index rule without its yearly values.
fn index_brief(spec: &Spec, planned: &PlannedYear) -> String {
    let Some(note) = &planned.note else {
        return "index".to_string();
    };
    let names: Vec<&str> = note
        .terms
        .iter()
        .map(|t| series_name(spec, t.series))
        .collect();
    let lag = note
        .terms
        .first()
        .map_or(0, |t| planned.year.saturating_sub(t.year));
    let mut text = format!("index {}, lag {lag}", names.join(" + "));
    if let Some(spread) = note.spread {
        text.push_str(&format!(", spread {spread}"));
    }
    if let Some(cap) = note.cap {
        text.push_str(&format!(", cap {cap}"));
    }
    if let Some(floor) = note.floor {
        text.push_str(&format!(", floor {floor}"));
    }
    text
}
