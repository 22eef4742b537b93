//! Assigning a proposal's rules to the years they cover, and the checks that
//! need those years: a rates table must give a rate for every year it covers
//! (and none outside), and an index's series must give a value for every year
//! grown, `lag` years before it.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Checker;
use super::rules::Draft;
use super::series::unknown_series;
use super::values::Checked;
use crate::diagnostic::{Span, Tally};
use crate::money::Rate;
use crate::scenario::problem::RuleProblem;
use crate::scenario::spec::{How, IndexSpec, Rule, RuleKind, Series, SeriesGap, YearSpec};
use crate::scenario::walk::Sp;

/// What assigning rules to years needs to know beyond the rules.
pub struct Layout<'a> {
    /// The study's series.
    pub series: &'a [Series],
    /// The names of every series declared, including those that failed to read.
    pub declared: &'a [String],
    /// The proposal's name, for messages (if it has a usable one).
    pub proposal: Option<&'a str>,
    /// Years set by `amounts` or `freeze`, which no rule covers.
    pub pinned: &'a dyn Fn(i32) -> bool,
}

/// A rule to assign to years, and the years.
#[derive(Clone, Copy)]
pub struct Assignment<'a> {
    /// The proposal's rules.
    pub rules: &'a [Rule],
    /// The rule assigned, by position.
    pub rule: usize,
    /// The index series it names, as written (for messages).
    pub names: &'a [Sp<String>],
    /// The first year it covers.
    pub from: i32,
    /// The last year it covers.
    pub to: i32,
    /// True for years after the term.
    pub after_term: bool,
}

/// A rule and the index series it names as written (for messages).
pub struct Resolved {
    /// The rule, its series looked up.
    pub kind: RuleKind,
    /// The series names of an index rule, as written.
    pub names: Vec<Sp<String>>,
}

impl Layout<'_> {
    /// Looks up an index rule's series by name.
    pub fn resolve(&self, cx: &mut Checker<'_>, draft: Draft) -> Checked<Resolved> {
        match draft {
            Draft::Rule(kind) => Ok(Resolved {
                kind,
                names: Vec::new(),
            }),
            Draft::Index {
                names,
                lag,
                spread,
                limits,
            } => {
                let mut series = Vec::with_capacity(names.len());
                let mut tally = Tally::default();
                for name in &names {
                    match self.series.iter().position(|s| s.name == name.value) {
                        Some(i) => series.push(i),
                        // The series' own problem is already reported.
                        None if self.declared.contains(&name.value) => {
                            tally.fail(cx.problems.reported_earlier());
                        }
                        None => tally.fail(unknown_series(&mut cx.problems, name, self.series)),
                    }
                }
                tally.finish()?;
                Ok(Resolved {
                    kind: RuleKind::Index(IndexSpec {
                        series,
                        lag,
                        spread,
                        limits,
                    }),
                    names,
                })
            }
        }
    }

    /// Assigns a rule to each year it covers that is not pinned by `amounts`
    /// or `freeze`, checking that its table or index gives every year a rate.
    pub fn assign(
        &self,
        cx: &mut Checker<'_>,
        years: &mut BTreeMap<i32, YearSpec>,
        a: &Assignment<'_>,
    ) -> Checked<()> {
        let Assignment {
            rules,
            rule: r,
            names,
            from,
            to,
            after_term,
        } = *a;
        let Some(rule) = rules.get(r) else {
            return Err(cx.problems.reported_earlier());
        };
        let covered: Vec<i32> = (from..=to).filter(|y| !(self.pinned)(*y)).collect();
        let year_of = |year: i32, span: Span, source: Option<Arc<str>>| YearSpec {
            year,
            how: How::Rule(r),
            after_term,
            span,
            source,
        };
        match &rule.kind {
            RuleKind::Table(table, _) => {
                let mut missing = Vec::new();
                for y in covered {
                    match table.get(&y) {
                        Some(entry) => {
                            let source = entry.source.clone().or_else(|| rule.source.clone());
                            years.insert(y, year_of(y, entry.span.clone(), source));
                        }
                        None => missing.push(y),
                    }
                }
                table_problems(cx, rule, &missing, (from, to))
            }
            RuleKind::Index(ix) => {
                self.index_values(cx, ix, names, &covered)?;
                for y in covered {
                    years.insert(y, year_of(y, rule.from_span.clone(), rule.source.clone()));
                }
                Ok(())
            }
            RuleKind::Grow(..) | RuleKind::Add(_) | RuleKind::Freeze => {
                for y in covered {
                    years.insert(y, year_of(y, rule.from_span.clone(), rule.source.clone()));
                }
                Ok(())
            }
        }
    }

    /// Every series of an index rule must give a value for each year grown,
    /// `lag` years before it; one problem per series lists every year missing.
    fn index_values(
        &self,
        cx: &mut Checker<'_>,
        ix: &IndexSpec,
        names: &[Sp<String>],
        years: &[i32],
    ) -> Checked<()> {
        let mut tally = Tally::default();
        for (&i, name) in ix.series.iter().zip(names) {
            let Some(s) = self.series.get(i) else {
                continue;
            };
            let gaps: Vec<(i32, i32, SeriesGap)> = years
                .iter()
                .filter_map(|y| {
                    let needed = y.saturating_sub(ix.lag);
                    s.growth(cx.params, needed)
                        .err()
                        .map(|gap| (*y, needed, gap))
                })
                .collect();
            if let Some((_, _, gap)) = gaps.first() {
                tally.fail(self.series_gap(cx, s, name, ix.lag, &gaps, *gap));
            }
        }
        tally.finish()?;
        // The values and spread must add up to a rate, as the plan adds them.
        for &y in years {
            let needed = y.saturating_sub(ix.lag);
            let mut sum = Ok(Rate::ZERO);
            for &i in &ix.series {
                if let Some(Ok((value, _, _))) =
                    self.series.get(i).map(|s| s.growth(cx.params, needed))
                {
                    sum = sum.and_then(|r: Rate| r.checked_add(value));
                }
            }
            if let Some(spread) = ix.spread {
                sum = sum.and_then(|r| r.checked_add(cx.params.rate(spread)));
            }
            if sum.is_err() {
                let span = names.first().map_or(0..0, |n| n.span.clone());
                let problem = RuleProblem::IndexSumTooLarge {
                    proposal: self.proposal.map(str::to_string),
                    year: y,
                };
                return Err(cx.problems.at(span, problem));
            }
        }
        Ok(())
    }

    fn series_gap(
        &self,
        cx: &mut Checker<'_>,
        s: &Series,
        name: &Sp<String>,
        lag: i32,
        gaps: &[(i32, i32, SeriesGap)],
        gap: SeriesGap,
    ) -> crate::diagnostic::Reported {
        let problem = RuleProblem::IndexGap {
            series: s.name.clone(),
            proposal: self.proposal.map(str::to_string),
            needed: gaps.iter().map(|(_, n, _)| *n).collect(),
            grown: gaps.iter().map(|(y, _, _)| *y).collect(),
            lag,
            gap,
        };
        cx.problems.at(name.span.clone(), problem)
    }
}

/// A rates table must give a rate for each year it covers, and none outside them.
fn table_problems(
    cx: &mut Checker<'_>,
    rule: &Rule,
    missing: &[i32],
    (from, to): (i32, i32),
) -> Checked<()> {
    let RuleKind::Table(table, _) = &rule.kind else {
        return Ok(());
    };
    let mut tally = Tally::default();
    if !missing.is_empty() {
        let problem = RuleProblem::TableGap {
            missing: missing.to_vec(),
            from,
            to,
        };
        tally.fail(cx.problems.at(rule.span.clone(), problem));
    }
    for (y, entry) in table {
        if *y < from || *y > to {
            let problem = RuleProblem::TableExtra {
                year: *y,
                from,
                to,
                own: rule.span == rule.from_span,
            };
            tally.fail(cx.problems.at(entry.span.clone(), problem));
        }
    }
    tally.finish()
}
