//! Building a [`View`] from analysed studies: every figure of every format,
//! worked out here once.
//!
//! Figures that cannot be computed (a cost per troop or a category split too
//! large for a decimal) stop the view with a located problem, in every format
//! alike.

use super::{
    BaselineView, CategoryView, ColumnView, ColumnYear, ComparisonView, FactorView, Figure,
    GapTotal, GapView, GapYearView, MeasureKind, MeasureView, ProposalView, SeriesValues,
    SeriesView, StudyView, SummaryView, TroopsView, View, ViewKind, YearRow, YearValue, describe,
    sources,
};
use crate::adjust::{self, Measure, Split};
use crate::analysis::problem::RunProblem;
use crate::analysis::{Column, Comparison, Computed};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::{Gap, ProposalResult};
use crate::plan::ProposalPlan;
use crate::scenario::spec::{Proposal, SeriesData};

/// The view of `run` (and `export`): each proposal's schedule.
pub fn run_view(studies: &[Computed]) -> Result<View, Diagnostics> {
    Ok(View {
        kind: ViewKind::Run,
        studies: studies.iter().map(study_view).collect::<Result<_, _>>()?,
    })
}

/// The view of `compare`: everything `run` gives, and each study's comparison.
pub fn compare_view(studies: &[(Computed, Comparison)]) -> Result<View, Diagnostics> {
    let studies = studies
        .iter()
        .map(|(c, comparison)| {
            let mut view = study_view(c)?;
            view.comparison = Some(comparison_view(c, comparison)?);
            Ok(view)
        })
        .collect::<Result<_, Diagnostics>>()?;
    Ok(View {
        kind: ViewKind::Compare,
        studies,
    })
}

fn study_view(c: &Computed) -> Result<StudyView, Diagnostics> {
    let spec = c.spec();
    let params = c.study.params();
    let figures = c.figures();
    let sources = sources::collect(c);
    let proposals = spec
        .proposals
        .iter()
        .zip(&c.plan.proposals)
        .enumerate()
        .map(|(i, (p, planned))| proposal_view(c, i, p, planned, &sources))
        .collect::<Result<Vec<_>, _>>()?;
    let measure = c.adjusted.as_ref().map(|a| MeasureView {
        kind: match a.measure {
            Measure::Currency(ref code) => MeasureKind::Currency(code.clone()),
            Measure::Real(year) => MeasureKind::Real {
                year,
                deflator: spec
                    .deflator
                    .and_then(|i| spec.series.get(i))
                    .map_or_else(String::new, |s| s.name.clone()),
            },
        },
        pair: a.pair.clone(),
        quoted_label: a.quoted_label.clone(),
        factors: a.factors.iter().map(factor_view).collect(),
        source: a.source.clone(),
    });
    let rests_on_assumptions = figures.proposals.iter().any(|p| p.summary.assumed)
        || measure
            .as_ref()
            .is_some_and(|m| m.factors.iter().any(|f| f.assumed));
    Ok(StudyView {
        file: spec.file.name.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        line: describe::study_line(spec, c.agreed_baseline()),
        money_unit: c.money_unit(),
        currency: c.currency().to_string(),
        unit: c.unit(),
        agreed_currency: spec.currency.clone(),
        agreed_unit: spec.unit,
        agreed_money_unit: spec.money_unit(),
        decimals: spec.decimals,
        horizon: spec.horizon,
        baseline: BaselineView {
            name: spec.baseline.name.clone(),
            year: spec.baseline.year,
            amount: c.agreed_baseline(),
            shown: c.adjusted.as_ref().map(|a| a.baseline),
            source: spec.baseline.source.clone(),
        },
        measure,
        rests_on_assumptions,
        per_troop: spec.troops.is_some(),
        status_quo_name: c.column_name(c.status_quo())?,
        status_quo: summary(&figures.status_quo, None),
        proposals,
        series: spec
            .series
            .iter()
            .map(|s| SeriesView {
                name: s.name.clone(),
                values: match &s.data {
                    SeriesData::Growth(m) => SeriesValues::Growth(
                        m.iter()
                            .map(|(year, p)| YearValue {
                                year: *year,
                                value: params.rate(p.value),
                                source: p.source.clone(),
                            })
                            .collect(),
                    ),
                    SeriesData::Level(m) => SeriesValues::Level(
                        m.iter()
                            .map(|(year, p)| YearValue {
                                year: *year,
                                value: params.amount(p.value),
                                source: p.source.clone(),
                            })
                            .collect(),
                    ),
                },
                assume: s.assume.map(|a| params.rate(a)),
                source: s.source.clone(),
                file: s.file.clone(),
            })
            .collect(),
        troops: spec.troops.as_ref().map(|t| TroopsView {
            count: params.amount(t.count),
            years: t
                .years
                .iter()
                .map(|(year, p)| YearValue {
                    year: *year,
                    value: params.amount(p.value),
                    source: p.source.clone(),
                })
                .collect(),
            source: t.source.clone(),
        }),
        sources,
        comparison: None,
    })
}

fn factor_view(f: &adjust::YearFactor) -> FactorView {
    FactorView {
        year: f.year,
        quoted: f.quoted,
        factor: f.factor,
        assumed: f.assumed,
        source: f.source.clone(),
    }
}

/// A schedule's summary, with the assumption marks of its figures.
fn summary(result: &ProposalResult, last_split: Option<Split>) -> SummaryView {
    let s = &result.summary;
    let assumed_at = |y: Option<&crate::engine::YearResult>| y.is_some_and(|y| y.assumed);
    SummaryView {
        first: Figure {
            value: s.first,
            assumed: assumed_at(result.years.first()),
        },
        last: Figure {
            value: s.last,
            assumed: assumed_at(result.years.last()),
        },
        total: Figure {
            value: s.total,
            assumed: s.assumed,
        },
        average: Figure {
            value: s.average,
            assumed: s.assumed,
        },
        growth: s.growth,
        vs_status_quo: s.vs_status_quo,
        last_split,
    }
}

fn proposal_view(
    c: &Computed,
    i: usize,
    proposal: &Proposal,
    planned: &ProposalPlan,
    sources: &[super::SourceItem],
) -> Result<ProposalView, Diagnostics> {
    let spec = c.spec();
    let (Some(shown), Some(agreed)) = (c.figures().proposals.get(i), c.result.proposals.get(i))
    else {
        return Err(missing(c, &proposal.name));
    };
    // One result per planned year, as agreed and as shown: nothing to truncate.
    if shown.years.len() != planned.years.len() || agreed.years.len() != planned.years.len() {
        return Err(missing(c, &proposal.name));
    }
    let splits = c
        .adjusted
        .as_ref()
        .and_then(|a| a.splits.as_ref())
        .and_then(|s| s.get(i));
    let mut rows = Vec::with_capacity(shown.years.len());
    let mut total_assumed = false;
    for (k, (y, p)) in shown.years.iter().zip(&planned.years).enumerate() {
        total_assumed |= y.assumed;
        rows.push(YearRow {
            year: y.year,
            amount: Figure {
                value: y.amount,
                assumed: y.assumed,
            },
            agreed: c
                .adjusted
                .as_ref()
                .and(agreed.years.get(k))
                .map(|n| Figure {
                    value: n.amount,
                    assumed: n.assumed,
                }),
            factor: c.adjusted.as_ref().and_then(|a| {
                a.factors
                    .iter()
                    .find(|f| f.year == y.year)
                    .map(|f| FactorView {
                        year: f.year,
                        quoted: f.quoted,
                        factor: f.factor,
                        assumed: f.assumed,
                        source: f.source.clone(),
                    })
            }),
            vs_previous: y.vs_previous,
            vs_baseline: y.vs_baseline,
            split: splits.and_then(|s| s.get(k)).copied(),
            running_total: Figure {
                value: y.cumulative,
                assumed: total_assumed,
            },
            per_troop: c.per_troop(y.year, y.amount).map(|value| Figure {
                value,
                assumed: y.assumed,
            }),
            rule: describe::rule(spec, proposal, p),
            source: p
                .source
                .as_deref()
                .and_then(|text| sources::number_of(sources, text)),
            after_term: p.after_term,
            unrounded: y.unrounded,
            categories: c.categories(proposal, y.year, y.amount)?,
        });
    }
    Ok(ProposalView {
        name: proposal.name.clone(),
        party: proposal.party.clone(),
        description: proposal.description.clone(),
        source: proposal.source.clone(),
        rules: describe::rules_in_brief(spec, proposal, &planned.years),
        rounding: proposal.rounding,
        term_ends: proposal.term_ends,
        categories: proposal
            .categories
            .iter()
            .map(|cat| CategoryView {
                name: cat.name.clone(),
                share: cat.share,
            })
            .collect(),
        shows_unrounded: c.adjusted.is_none() && shown.years.iter().any(|y| y.unrounded.is_some()),
        rows,
        summary: summary(shown, splits.and_then(|s| s.last()).copied()),
    })
}

fn missing(c: &Computed, name: &str) -> Diagnostics {
    let problem = RunProblem::MissingResults {
        name: name.to_string(),
    };
    Diagnostic::in_file(&c.spec().file, problem).into()
}

/// Two schedules' totals and the one against the other, with their marks.
fn gap_total(gap: &Gap, a: &ProposalResult, b: &ProposalResult) -> GapTotal {
    GapTotal {
        total: Figure {
            value: gap.total_a,
            assumed: a.summary.assumed,
        },
        base: Figure {
            value: gap.total_b,
            assumed: b.summary.assumed,
        },
        change: gap.total_diff,
    }
}

/// Whether year `k` of a schedule rests on an assumption.
fn assumed_at(r: &ProposalResult, k: usize) -> bool {
    r.years.get(k).is_some_and(|y| y.assumed)
}

fn comparison_view(c: &Computed, comparison: &Comparison) -> Result<ComparisonView, Diagnostics> {
    let base = comparison.base;
    let columns = c
        .columns()
        .into_iter()
        .map(|col| column_view(c, col, base))
        .collect::<Result<Vec<_>, _>>()?;
    let gap = match comparison.gap {
        Some((a, b)) => Some(gap_view(c, a, b)?),
        None => None,
    };
    Ok(ComparisonView {
        base: c.column_name(base)?,
        vs: c.vs(base)?,
        columns,
        gap,
    })
}

fn column_view(c: &Computed, col: Column, base: Column) -> Result<ColumnView, Diagnostics> {
    let gap = c.gap(col, base)?;
    let shown = c.column(col)?;
    let base_shown = c.column(base)?;
    let agreed = match &c.adjusted {
        Some(_) => Some(c.agreed(col)?),
        None => None,
    };
    let years = gap
        .years
        .iter()
        .zip(&shown.years)
        .enumerate()
        .map(|(k, (g, y))| ColumnYear {
            year: g.year,
            amount: Figure {
                value: g.a,
                assumed: y.assumed,
            },
            agreed: agreed.and_then(|a| a.years.get(k)).map(|n| n.amount),
            base: Figure {
                value: g.b,
                assumed: assumed_at(base_shown, k),
            },
            vs_base: g.diff,
        })
        .collect();
    Ok(ColumnView {
        name: c.column_name(col)?,
        is_base: col == base,
        is_status_quo: col == c.status_quo(),
        years,
        summary: summary(shown, None),
        agreed_total: agreed.map(|a| a.summary.total),
        vs_base: gap_total(&gap, shown, base_shown),
    })
}

fn gap_view(c: &Computed, a: Column, b: Column) -> Result<GapView, Diagnostics> {
    let gap = c.gap(a, b)?;
    let (ra, rb) = (c.column(a)?, c.column(b)?);
    Ok(GapView {
        a: c.column_name(a)?,
        b: c.column_name(b)?,
        years: gap
            .years
            .iter()
            .enumerate()
            .map(|(k, y)| GapYearView {
                year: y.year,
                a: Figure {
                    value: y.a,
                    assumed: assumed_at(ra, k),
                },
                b: Figure {
                    value: y.b,
                    assumed: assumed_at(rb, k),
                },
                change: y.diff,
            })
            .collect(),
        total: gap_total(&gap, ra, rb),
    })
}
