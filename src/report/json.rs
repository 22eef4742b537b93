//! JSON: the inputs' names and sources and every computed figure, exactly.
//!
//! Decimal figures are JSON strings (`"983.1"`), so no reader turns them into
//! binary floats on the way in; they are exact and in canonical form (no
//! trailing zeros). Percentages are in percent units (`"13"` for 13%). Field
//! order is fixed by the structs below, so output is byte-identical run to run.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Column, CompareSpec, Computed, describe};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::Gap;

/// The whole document.
#[derive(Serialize)]
pub struct Document {
    /// The program and version that wrote the document.
    pub generator: String,
    /// One entry per study file, in the order given.
    pub studies: Vec<StudyJson>,
}

/// One study.
#[derive(Serialize)]
pub struct StudyJson {
    /// The file the study was read from, as given.
    pub file: String,
    /// `title`
    pub title: String,
    /// `description`
    pub description: Option<String>,
    /// ISO currency code.
    pub currency: String,
    /// The unit amounts are in (`millions`, …).
    pub unit: String,
    /// First and last year compared.
    pub horizon: HorizonJson,
    /// The baseline.
    pub baseline: BaselineJson,
    /// The baseline amount times the number of horizon years.
    pub status_quo_total: String,
    /// Every proposal, in file order.
    pub proposals: Vec<ProposalJson>,
    /// The comparison (`compare` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<ComparisonJson>,
    /// The gap asked for with `--gap` (`compare` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<GapJson>,
}

/// `[horizon]`
#[derive(Serialize)]
pub struct HorizonJson {
    /// First year compared.
    pub first: i32,
    /// Last year compared.
    pub last: i32,
}

/// `[baseline]`
#[derive(Serialize)]
pub struct BaselineJson {
    /// `name`
    pub name: String,
    /// `year`
    pub year: i32,
    /// `amount`
    pub amount: String,
    /// `source`
    pub source: Option<String>,
}

/// One proposal with its years and summary.
#[derive(Serialize)]
pub struct ProposalJson {
    /// `name`
    pub name: String,
    /// `party`
    pub party: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `source`
    pub source: Option<String>,
    /// The rules in brief, year ranges merged.
    pub rules: String,
    /// The rounding applied to computed amounts, if any.
    pub rounding: Option<RoundingJson>,
    /// The last year of the term, when shorter than the horizon.
    pub term_ends: Option<i32>,
    /// One entry per horizon year.
    pub years: Vec<YearJson>,
    /// Figures over the horizon.
    pub summary: SummaryJson,
}

/// A rounding rule.
#[derive(Serialize)]
pub struct RoundingJson {
    /// The step amounts are rounded to.
    pub step: String,
    /// `half-up`, `half-even`, `down` or `up`.
    pub mode: String,
}

/// One proposal-year.
#[derive(Serialize)]
pub struct YearJson {
    /// The year.
    pub year: i32,
    /// The amount.
    pub amount: String,
    /// The amount before rounding, when rounding changed it.
    pub unrounded: Option<String>,
    /// How the amount was set.
    pub rule: String,
    /// True for years after the proposal's term.
    pub after_term: bool,
    /// Amount minus the previous year's (the baseline's, for the first year).
    pub change_vs_previous_year: String,
    /// That change in percent of the previous year's amount.
    pub change_vs_previous_year_pct: String,
    /// Amount minus the baseline amount.
    pub change_vs_baseline: String,
    /// That change in percent of the baseline amount.
    pub change_vs_baseline_pct: String,
    /// Sum of the amounts from the first year to this one.
    pub running_total: String,
}

/// A proposal's figures over the horizon.
#[derive(Serialize)]
pub struct SummaryJson {
    /// First year's amount.
    pub first: String,
    /// Last year's amount.
    pub last: String,
    /// Sum over the horizon.
    pub total: String,
    /// Total divided by the number of years.
    pub average: String,
    /// Compound annual growth from the baseline year, in percent.
    pub growth_pct: String,
    /// Total minus the status quo total.
    pub vs_status_quo: String,
    /// That difference in percent of the status quo total.
    pub vs_status_quo_pct: String,
}

/// A comparison against one base.
#[derive(Serialize)]
pub struct ComparisonJson {
    /// The base of every delta: the baseline (status quo) or a proposal's name.
    pub base: String,
    /// The status quo and every proposal, each against the base.
    pub columns: Vec<GapJson>,
}

/// One column against another, year by year and in total.
#[derive(Serialize)]
pub struct GapJson {
    /// The column measured.
    pub name: String,
    /// The column it is measured against (the base of the percentages).
    pub vs: String,
    /// Per year.
    pub years: Vec<GapYearJson>,
    /// Total of `name` over the horizon.
    pub total: String,
    /// Total of `vs` over the horizon.
    pub total_vs: String,
    /// `total` minus `total_vs`.
    pub difference: String,
    /// That difference in percent of `total_vs`.
    pub difference_pct: String,
}

/// One year of a [`GapJson`].
#[derive(Serialize)]
pub struct GapYearJson {
    /// The year.
    pub year: i32,
    /// The measured column's amount.
    pub amount: String,
    /// The base column's amount.
    pub amount_vs: String,
    /// `amount` minus `amount_vs`.
    pub difference: String,
    /// That difference in percent of `amount_vs`.
    pub difference_pct: String,
}

/// A decimal as exact canonical text.
pub fn exact(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A fraction as exact percent text.
pub fn exact_pct(fraction: Decimal) -> String {
    exact(
        fraction
            .checked_mul(Decimal::ONE_HUNDRED)
            .unwrap_or(fraction),
    )
}

fn study_json(c: &Computed) -> StudyJson {
    let s = &c.study;
    let proposals = s
        .proposals
        .iter()
        .zip(&c.result.proposals)
        .map(|(p, r)| ProposalJson {
            name: p.name.clone(),
            party: p.party.clone(),
            description: p.description.clone(),
            source: p.source.clone(),
            rules: describe::rules_in_brief(s, p),
            rounding: p.rounding.map(|r| RoundingJson {
                step: exact(r.step),
                mode: r.mode.name().to_string(),
            }),
            term_ends: p.term_ends,
            years: r
                .years
                .iter()
                .zip(&p.plan)
                .map(|(y, planned)| YearJson {
                    year: y.year,
                    amount: exact(y.amount),
                    unrounded: y.unrounded.map(exact),
                    rule: describe::rule(s, p, planned),
                    after_term: planned.after_term,
                    change_vs_previous_year: exact(y.change_vs_previous),
                    change_vs_previous_year_pct: exact_pct(y.change_vs_previous_pct),
                    change_vs_baseline: exact(y.change_vs_baseline),
                    change_vs_baseline_pct: exact_pct(y.change_vs_baseline_pct),
                    running_total: exact(y.cumulative),
                })
                .collect(),
            summary: SummaryJson {
                first: exact(r.summary.first),
                last: exact(r.summary.last),
                total: exact(r.summary.total),
                average: exact(r.summary.average),
                growth_pct: exact_pct(r.summary.growth),
                vs_status_quo: exact(r.summary.vs_status_quo),
                vs_status_quo_pct: exact_pct(r.summary.vs_status_quo_pct),
            },
        })
        .collect();
    StudyJson {
        file: s.file.name.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        currency: s.currency.clone(),
        unit: s.unit.name().to_string(),
        horizon: HorizonJson {
            first: s.horizon.first,
            last: s.horizon.last,
        },
        baseline: BaselineJson {
            name: s.baseline.name.clone(),
            year: s.baseline.year,
            amount: exact(s.baseline.amount),
            source: s.baseline.source.clone(),
        },
        status_quo_total: exact(c.result.status_quo_total()),
        proposals,
        comparison: None,
        gap: None,
    }
}

fn gap_json(c: &Computed, a: Column, b: Column, gap: &Gap) -> GapJson {
    GapJson {
        name: c.column_name(a),
        vs: c.column_name(b),
        years: gap
            .years
            .iter()
            .map(|y| GapYearJson {
                year: y.year,
                amount: exact(y.a),
                amount_vs: exact(y.b),
                difference: exact(y.diff),
                difference_pct: exact_pct(y.pct),
            })
            .collect(),
        total: exact(gap.total_a),
        total_vs: exact(gap.total_b),
        difference: exact(gap.total_diff),
        difference_pct: exact_pct(gap.total_pct),
    }
}

fn to_bytes(doc: &Document) -> Result<Vec<u8>, Diagnostics> {
    let mut bytes = serde_json::to_vec_pretty(doc)
        .map_err(|e| Diagnostics::from(Diagnostic::error(format!("cannot write JSON: {e}"))))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn generator() -> String {
    format!("costshare {}", env!("CARGO_PKG_VERSION"))
}

/// The results of `run` (or `export`) as JSON.
pub fn run(studies: &[Computed]) -> Result<Vec<u8>, Diagnostics> {
    to_bytes(&Document {
        generator: generator(),
        studies: studies.iter().map(study_json).collect(),
    })
}

/// The results of `compare` as JSON: everything `run` gives, plus the comparison.
pub fn compare(studies: &[(Computed, CompareSpec)]) -> Result<Vec<u8>, Diagnostics> {
    let mut out = Vec::new();
    for (c, spec) in studies {
        let mut json = study_json(c);
        let columns = super::views::columns(c)
            .into_iter()
            .map(|col| Ok(gap_json(c, col, spec.base, &c.gap(col, spec.base)?)))
            .collect::<Result<Vec<_>, Diagnostics>>()?;
        json.comparison = Some(ComparisonJson {
            base: c.column_name(spec.base),
            columns,
        });
        if let Some((a, b)) = spec.gap {
            json.gap = Some(gap_json(c, a, b, &c.gap(a, b)?));
        }
        out.push(json);
    }
    to_bytes(&Document {
        generator: generator(),
        studies: out,
    })
}
