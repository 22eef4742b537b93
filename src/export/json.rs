//! JSON: the inputs' names and sources and every figure of the view, exactly.
//!
//! Decimal figures are JSON strings (`"983.1"`), so no reader turns them into
//! binary floats on the way in; they are exact and in canonical form (no
//! trailing zeros). Percentages are in percent units (`"13"` for 13%). Field
//! order is fixed by the structs below, so output is byte-identical run to run.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;

use super::Exporter;

use crate::money::Rate;
use crate::view::{
    Change, ColumnView, Figure, GapTotal, GapView, MeasureKind, ProposalView, SeriesValues,
    StudyView, SummaryView, View, YearRow, YearValue,
};

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
    /// ISO code of the currency the figures are in (the agreed currency, or
    /// the one asked for with `--currency`).
    pub currency: String,
    /// The unit the figures are in (`millions`, …).
    pub unit: String,
    /// The currency amounts are agreed in.
    pub agreed_currency: String,
    /// The unit the study's amounts are written in.
    pub agreed_unit: String,
    /// What the figures are measured in, when converted or in constant prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<MeasureJson>,
    /// First and last year compared.
    pub horizon: HorizonJson,
    /// The baseline.
    pub baseline: BaselineJson,
    /// The sum of the status quo's years: the baseline amount in each horizon year.
    pub status_quo_total: String,
    /// Every proposal, in file order.
    pub proposals: Vec<ProposalJson>,
    /// The index series of the study.
    pub series: Vec<SeriesJson>,
    /// The troop counts, if given.
    pub troops: Option<TroopsJson>,
    /// Every source of the study's figures, numbered.
    pub sources: Vec<SourceJson>,
    /// The comparison (`compare` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<ComparisonJson>,
    /// The gap asked for with `--gap` (`compare` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<GapJson>,
}

/// How figures were converted or deflated.
#[derive(Serialize)]
pub struct MeasureJson {
    /// `currency` or `constant prices`.
    pub kind: String,
    /// The exchange-rate pair used (`USD/KRW`), for a currency.
    pub pair: Option<String>,
    /// The base year, for constant prices.
    pub base_year: Option<i32>,
    /// What `quoted` is: "KRW per USD" or "price level (2025 = 1)".
    pub quoted: String,
    /// Every year's rate or price level, from the baseline year on.
    pub years: Vec<FactorJson>,
    /// The source of the series used.
    pub source: Option<String>,
}

/// One year's exchange rate or price level.
#[derive(Serialize)]
pub struct FactorJson {
    /// The year.
    pub year: i32,
    /// The rate or price level as quoted.
    pub quoted: String,
    /// What agreed amounts of the year are multiplied by.
    pub factor: String,
    /// True when the rate or price is an assumption.
    pub assumed: bool,
    /// Where the figure comes from, if given.
    pub source: Option<String>,
}

/// An index series.
#[derive(Serialize)]
pub struct SeriesJson {
    /// `name`
    pub name: String,
    /// `growth` or `level`.
    pub kind: String,
    /// The values by year (growth in percent, or levels).
    pub values: Vec<SeriesValueJson>,
    /// Growth assumed after the data, in percent.
    pub assume_pct: Option<String>,
    /// `source`
    pub source: Option<String>,
    /// The file the data came from, when not the study file.
    pub file: Option<String>,
}

/// One year of a series.
#[derive(Serialize)]
pub struct SeriesValueJson {
    /// The year.
    pub year: i32,
    /// Growth in percent, or a level.
    pub value: String,
    /// Where it comes from, if given.
    pub source: Option<String>,
}

/// Troop counts.
#[derive(Serialize)]
pub struct TroopsJson {
    /// The count each year not listed.
    pub count: String,
    /// Counts for given years.
    pub years: Vec<SeriesValueJson>,
    /// `source`
    pub source: Option<String>,
}

/// A numbered source.
#[derive(Serialize)]
pub struct SourceJson {
    /// The number it is cited by.
    pub id: usize,
    /// What it supports.
    pub applies_to: String,
    /// The source as written.
    pub source: String,
}

/// A cost category of a proposal.
#[derive(Serialize)]
pub struct CategoryJson {
    /// `name`
    pub name: String,
    /// Its share, in percent.
    pub share_pct: String,
}

/// One category's part of a year's amount.
#[derive(Serialize)]
pub struct CategoryAmountJson {
    /// The category.
    pub name: String,
    /// Its part of the amount.
    pub amount: String,
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
    /// `amount`, as agreed.
    pub amount: String,
    /// The baseline amount in the currency, unit and prices the figures are
    /// in, when converted or deflated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_shown: Option<String>,
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
    /// The cost categories each year's amount is split into.
    pub categories: Vec<CategoryJson>,
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
    /// True when the amount rests on an assumption.
    pub assumed: bool,
    /// The cost per troop in whole currency units (dollars, not the study's
    /// millions), when troops are given.
    pub per_troop_whole_units: Option<String>,
    /// The amount as agreed (nominal, agreed currency), when converted or deflated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed_amount: Option<String>,
    /// The change vs the baseline from the deal, at the baseline year's rate (currency only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_vs_baseline_from_deal: Option<String>,
    /// The change vs the baseline from the exchange rate (currency only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_vs_baseline_from_rate: Option<String>,
    /// The amount split by cost category, when the proposal has categories.
    pub categories: Vec<CategoryAmountJson>,
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
    /// True when any year rests on an assumption.
    pub assumed: bool,
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
    /// True when `total` rests on an assumption.
    pub assumed: bool,
    /// True when `total_vs` rests on an assumption.
    pub assumed_vs: bool,
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
    /// True when `amount` rests on an assumption.
    pub assumed: bool,
    /// True when `amount_vs` rests on an assumption.
    pub assumed_vs: bool,
}

/// A decimal as exact canonical text.
pub fn exact(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A rate as exact percent text.
pub fn exact_pct(rate: Rate) -> String {
    exact(rate.percent())
}

/// JSON of a view: every figure, exact.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Exporter for Json {
    fn export(&self, view: &View, out: &mut dyn Write) -> io::Result<()> {
        let doc = Document {
            generator: format!("costshare {}", env!("CARGO_PKG_VERSION")),
            studies: view.studies.iter().map(study_json).collect(),
        };
        // Serialized in memory and written at once: serde_json writes in many
        // small pieces, which are cheaper into a `Vec` than through `dyn Write`.
        let mut bytes = serde_json::to_vec_pretty(&doc)?;
        bytes.push(b'\n');
        out.write_all(&bytes)
    }
}

fn summary_json(s: &SummaryView) -> SummaryJson {
    SummaryJson {
        first: exact(s.first.value),
        last: exact(s.last.value),
        total: exact(s.total.value),
        average: exact(s.average.value),
        growth_pct: exact_pct(s.growth),
        vs_status_quo: exact(s.vs_status_quo.amount),
        vs_status_quo_pct: exact_pct(s.vs_status_quo.relative),
        assumed: s.total.assumed,
    }
}

fn year_json(p: &ProposalView, y: &YearRow) -> YearJson {
    YearJson {
        year: y.year,
        amount: exact(y.amount.value),
        unrounded: y.unrounded.map(exact),
        rule: y.rule.clone(),
        after_term: y.after_term,
        change_vs_previous_year: exact(y.vs_previous.amount),
        change_vs_previous_year_pct: exact_pct(y.vs_previous.relative),
        change_vs_baseline: exact(y.vs_baseline.amount),
        change_vs_baseline_pct: exact_pct(y.vs_baseline.relative),
        running_total: exact(y.running_total.value),
        assumed: y.amount.assumed,
        per_troop_whole_units: y.per_troop.map(|f| exact(f.value)),
        agreed_amount: y.agreed.map(|n| exact(n.value)),
        change_vs_baseline_from_deal: y.split.map(|x| exact(x.deal)),
        change_vs_baseline_from_rate: y.split.map(|x| exact(x.exchange_rate)),
        categories: p
            .categories
            .iter()
            .zip(&y.categories)
            .map(|(cat, part)| CategoryAmountJson {
                name: cat.name.clone(),
                amount: exact(*part),
            })
            .collect(),
    }
}

fn proposal_json(p: &ProposalView) -> ProposalJson {
    ProposalJson {
        name: p.name.clone(),
        party: p.party.clone(),
        description: p.description.clone(),
        source: p.source.clone(),
        rules: p.rules.clone(),
        rounding: p.rounding.map(|r| RoundingJson {
            step: exact(r.step),
            mode: r.mode.name().to_string(),
        }),
        term_ends: p.term_ends,
        categories: p
            .categories
            .iter()
            .map(|cat| CategoryJson {
                name: cat.name.clone(),
                share_pct: exact(cat.share.percent()),
            })
            .collect(),
        years: p.rows.iter().map(|y| year_json(p, y)).collect(),
        summary: summary_json(&p.summary),
    }
}

fn value_json<T>(v: &YearValue<T>, value: String) -> SeriesValueJson {
    SeriesValueJson {
        year: v.year,
        value,
        source: v.source.clone(),
    }
}

fn study_json(s: &StudyView) -> StudyJson {
    let measure = s.measure.as_ref().map(|m| MeasureJson {
        kind: match m.kind {
            MeasureKind::Currency(_) => "currency".to_string(),
            MeasureKind::Real { .. } => "constant prices".to_string(),
        },
        pair: m.pair.clone(),
        base_year: match m.kind {
            MeasureKind::Real { year, .. } => Some(year),
            MeasureKind::Currency(_) => None,
        },
        quoted: m.quoted_label.clone(),
        years: m
            .factors
            .iter()
            .map(|f| FactorJson {
                year: f.year,
                quoted: exact(f.quoted),
                factor: exact(f.factor),
                assumed: f.assumed,
                source: f.source.clone(),
            })
            .collect(),
        source: m.source.clone(),
    });
    StudyJson {
        file: s.file.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        currency: s.currency.clone(),
        unit: s.unit.name().to_string(),
        agreed_currency: s.agreed_currency.clone(),
        agreed_unit: s.agreed_unit.name().to_string(),
        measure,
        horizon: HorizonJson {
            first: s.horizon.first,
            last: s.horizon.last,
        },
        baseline: BaselineJson {
            name: s.baseline.name.clone(),
            year: s.baseline.year,
            amount: exact(s.baseline.amount),
            amount_shown: s.baseline.shown.map(exact),
            source: s.baseline.source.clone(),
        },
        status_quo_total: exact(s.status_quo.total.value),
        proposals: s.proposals.iter().map(proposal_json).collect(),
        series: s
            .series
            .iter()
            .map(|x| SeriesJson {
                name: x.name.clone(),
                kind: match x.values {
                    SeriesValues::Growth(_) => "growth",
                    SeriesValues::Level(_) => "level",
                }
                .to_string(),
                values: match &x.values {
                    SeriesValues::Growth(v) => v
                        .iter()
                        .map(|v| value_json(v, exact_pct(v.value)))
                        .collect(),
                    SeriesValues::Level(v) => {
                        v.iter().map(|v| value_json(v, exact(v.value))).collect()
                    }
                },
                assume_pct: x.assume.map(|r| exact(r.percent())),
                source: x.source.clone(),
                file: x.file.clone(),
            })
            .collect(),
        troops: s.troops.as_ref().map(|t| TroopsJson {
            count: exact(t.count),
            years: t
                .years
                .iter()
                .map(|v| value_json(v, exact(v.value)))
                .collect(),
            source: t.source.clone(),
        }),
        sources: s
            .sources
            .iter()
            .map(|item| SourceJson {
                id: item.id,
                applies_to: item.about.clone(),
                source: item.text.clone(),
            })
            .collect(),
        comparison: s.comparison.as_ref().map(|c| ComparisonJson {
            base: c.base.clone(),
            columns: c
                .columns
                .iter()
                .map(|col| column_json(col, &c.base))
                .collect(),
        }),
        gap: s
            .comparison
            .as_ref()
            .and_then(|c| c.gap.as_ref())
            .map(gap_json),
    }
}

fn totals_json(name: String, vs: String, years: Vec<GapYearJson>, t: &GapTotal) -> GapJson {
    GapJson {
        name,
        vs,
        years,
        total: exact(t.total.value),
        total_vs: exact(t.base.value),
        difference: exact(t.change.amount),
        difference_pct: exact_pct(t.change.relative),
        assumed: t.total.assumed,
        assumed_vs: t.base.assumed,
    }
}

fn gap_year_json(year: i32, amount: Figure, amount_vs: Figure, change: Change) -> GapYearJson {
    GapYearJson {
        year,
        amount: exact(amount.value),
        amount_vs: exact(amount_vs.value),
        difference: exact(change.amount),
        difference_pct: exact_pct(change.relative),
        assumed: amount.assumed,
        assumed_vs: amount_vs.assumed,
    }
}

fn column_json(col: &ColumnView, base: &str) -> GapJson {
    let years = col
        .years
        .iter()
        .map(|y| gap_year_json(y.year, y.amount, y.base, y.vs_base))
        .collect();
    totals_json(col.name.clone(), base.to_string(), years, &col.vs_base)
}

fn gap_json(gap: &GapView) -> GapJson {
    let years = gap
        .years
        .iter()
        .map(|y| gap_year_json(y.year, y.a, y.b, y.change))
        .collect();
    totals_json(gap.a.clone(), gap.b.clone(), years, &gap.total)
}
