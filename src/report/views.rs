//! The two views, built as [`Doc`]s: `run` (each proposal's year table,
//! categories and summary) and `compare` (years × columns, a summary, and an
//! optional gap), each ending with the study's numbered sources.
//!
//! Figures are those of [`Computed::figures`]: converted or in constant prices
//! when asked for, with the agreed (nominal) figures beside them. Nominal and
//! real figures never share a column, and every header names its measure.
//! A figure that rests on an assumption carries a `*`.

use rust_decimal::Decimal;

use super::{Block, Column, CompareSpec, Computed, Doc, TableData, describe, sources};
use crate::adjust::{self, Measure};
use crate::diagnostic::Diagnostics;
use crate::engine::{Change, Gap, ProposalResult, YearResult};
use crate::money::{Rate, format_amount, format_change, format_percent};
use crate::scenario::model::Proposal;

/// Decimal places of percentages in tables.
pub const PCT_DECIMALS: u32 = 1;

/// The mark of a figure that rests on an assumption.
pub const ASSUMED: &str = "*";

fn amount(c: &Computed, value: Decimal) -> String {
    format_amount(value, c.study.decimals, true)
}

/// An amount with the assumption mark when it rests on one.
fn marked(c: &Computed, value: Decimal, assumed: bool) -> String {
    let text = amount(c, value);
    if assumed {
        format!("{text}{ASSUMED}")
    } else {
        text
    }
}

fn change(c: &Computed, value: Decimal) -> String {
    format_change(value, c.study.decimals, true)
}

/// Every digit of a value, grouped: 1,183.3071.
fn format_exact(value: Decimal) -> String {
    let value = value.normalize();
    format_amount(value, value.scale(), true)
}

fn pct(rate: Rate) -> String {
    format_percent(rate, PCT_DECIMALS)
}

/// "+113.1 (+13.0%)"
fn change_and_pct(c: &Computed, value: Change) -> String {
    format!("{} ({})", change(c, value.amount), pct(value.relative))
}

/// A quoted exchange rate or price level: up to six decimals, as given.
fn quoted(value: Decimal, assumed: bool) -> String {
    let value = value.round_dp(6).normalize();
    let text = format_amount(value, value.scale(), true);
    if assumed {
        format!("{text}{ASSUMED}")
    } else {
        text
    }
}

fn study_header(doc: &mut Doc, c: &Computed) {
    let study = &c.study;
    doc.blocks.push(Block::Heading(1, study.title.clone()));
    doc.blocks.push(Block::Text(describe::study_line(study)));
    if let Some(d) = &study.description {
        doc.blocks.push(Block::Text(d.clone()));
    }
    if let Some(s) = &study.baseline.source {
        doc.blocks
            .push(Block::Text(format!("Baseline source: {s}")));
    }
    if let Some(a) = &c.adjusted {
        let text = match &a.measure {
            Measure::Currency(_) => format!(
                "Amounts converted to {} at each year's {} rate ({}); the figures as agreed ({}) are shown beside them.",
                c.money_unit(),
                a.pair.as_deref().unwrap_or_default(),
                a.quoted_label,
                study.money_unit(),
            ),
            Measure::Real(year) => format!(
                "Amounts in {} : nominal figures deflated by the price series `{}`, {year} = 1. Nominal figures are shown beside them.",
                c.money_unit(),
                study.deflator.and_then(|i| study.series.get(i)).map_or("", |s| s.name.as_str()),
            )
            .replace(" :", ":"),
        };
        doc.blocks.push(Block::Text(text));
    }
    if rests_on_assumptions(c) {
        doc.blocks.push(Block::Text(format!(
            "{ASSUMED} rests on an assumption: an index, exchange rate or price projected beyond its data (see each rule)."
        )));
    }
}

fn rests_on_assumptions(c: &Computed) -> bool {
    let figures = c.figures();
    figures.proposals.iter().any(|p| p.summary.assumed)
        || c.adjusted
            .as_ref()
            .is_some_and(|a| a.factors.iter().any(|f| f.assumed))
}

fn sources_block(doc: &mut Doc, c: &Computed) {
    let items = sources::collect(c);
    if !items.is_empty() {
        doc.blocks.push(Block::Sources(items));
    }
}

/// `run`: for each study and proposal, the year table, categories and summary.
pub fn run_doc(studies: &[Computed]) -> Doc {
    let mut doc = Doc::default();
    for c in studies {
        study_header(&mut doc, c);
        for (i, proposal) in c.study.proposals.iter().enumerate() {
            let (Some(shown), Some(nominal)) =
                (c.figures().proposals.get(i), c.result.proposals.get(i))
            else {
                continue;
            };
            doc.blocks.push(Block::Heading(2, proposal.name.clone()));
            if let Some(party) = &proposal.party {
                doc.blocks.push(Block::Text(format!("Party: {party}")));
            }
            if let Some(d) = &proposal.description {
                doc.blocks.push(Block::Text(d.clone()));
            }
            if let Some(s) = &proposal.source {
                doc.blocks.push(Block::Text(format!("Source: {s}")));
            }
            doc.blocks.push(Block::Text(format!(
                "Rules: {}. Amounts {}.",
                describe::rules_in_brief(&c.study, proposal),
                describe::rounding(proposal.rounding)
            )));
            let splits = c
                .adjusted
                .as_ref()
                .and_then(|a| a.splits.as_ref())
                .and_then(|s| s.get(i));
            doc.blocks.push(Block::Table(year_table(
                c,
                proposal,
                shown,
                nominal,
                splits.map(Vec::as_slice),
            )));
            if !proposal.categories.is_empty() {
                doc.blocks
                    .push(Block::Table(category_table(c, proposal, shown)));
            }
            doc.blocks.push(Block::Table(summary_table(
                c,
                shown,
                splits.map(Vec::as_slice),
            )));
        }
        if c.study.proposals.is_empty() {
            doc.blocks
                .push(Block::Text("This study has no proposals.".to_string()));
        }
        sources_block(&mut doc, c);
    }
    doc
}

fn year_table(
    c: &Computed,
    proposal: &Proposal,
    shown: &ProposalResult,
    nominal: &ProposalResult,
    splits: Option<&[adjust::Split]>,
) -> TableData {
    let base_year = c.study.baseline.year;
    let adjusted = c.adjusted.as_ref();
    let rounded = adjusted.is_none() && shown.years.iter().any(|y| y.unrounded.is_some());
    let mut t = TableBuilder::default();
    t.col("Year", false);
    if let Some(a) = adjusted {
        let label = match a.measure {
            Measure::Currency(_) => format!("As agreed ({})", c.study.money_unit()),
            Measure::Real(_) => format!("Nominal ({})", c.study.money_unit()),
        };
        t.col(&label, true);
        t.col(&capitalize(&a.quoted_label), true);
    }
    t.col(&format!("Amount ({})", c.money_unit()), true);
    t.col("Change vs previous year", true);
    t.col("% vs previous year", true);
    t.col(&format!("Change vs {base_year} baseline"), true);
    if splits.is_some() {
        t.col("of which: the deal", true);
        t.col("of which: the exchange rate", true);
    }
    t.col(&format!("% vs {base_year} baseline"), true);
    t.col("Running total", true);
    if c.study.troops.is_some() {
        let basis = match c.adjusted.as_ref().map(|a| &a.measure) {
            Some(Measure::Real(year)) => format!(", constant {year} prices"),
            _ => String::new(),
        };
        t.col(&format!("Per troop ({}{basis})", c.currency()), true);
    }
    t.col("How the amount was set", false);
    if rounded {
        t.col("Before rounding", true);
    }
    let mut total_assumed = false;
    for (i, (y, planned)) in shown.years.iter().zip(&proposal.plan).enumerate() {
        total_assumed |= y.assumed;
        let mut row = vec![y.year.to_string()];
        if let Some(a) = adjusted {
            let n = nominal.years.get(i);
            row.push(
                n.map(|n| marked(c, n.amount, n.assumed))
                    .unwrap_or_default(),
            );
            let f = a.factors.iter().find(|f| f.year == y.year);
            row.push(f.map(|f| quoted(f.quoted, f.assumed)).unwrap_or_default());
        }
        row.push(marked(c, y.amount, y.assumed));
        row.push(change(c, y.vs_previous.amount));
        row.push(pct(y.vs_previous.relative));
        row.push(change(c, y.vs_baseline.amount));
        if let Some(splits) = splits {
            let s = splits.get(i);
            row.push(s.map(|s| change(c, s.deal)).unwrap_or_default());
            row.push(s.map(|s| change(c, s.rate)).unwrap_or_default());
        }
        row.push(pct(y.vs_baseline.relative));
        row.push(marked(c, y.cumulative, total_assumed));
        if c.study.troops.is_some() {
            row.push(per_troop(c, y));
        }
        row.push(describe::rule(&c.study, proposal, planned));
        if rounded {
            row.push(y.unrounded.map(format_exact).unwrap_or_default());
        }
        t.rows.push(row);
    }
    t.build()
}

/// The cost per troop of a year's figure, in whole currency units.
pub fn per_troop_value(c: &Computed, y: &YearResult) -> Option<Decimal> {
    adjust::per_troop(&c.study, y.amount, c.unit(), y.year)
        .ok()
        .flatten()
}

fn per_troop(c: &Computed, y: &YearResult) -> String {
    per_troop_value(c, y)
        .map(|v| marked(c, v, y.assumed))
        .unwrap_or_default()
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The split of a proposal's shown amounts into its cost categories.
fn category_table(c: &Computed, proposal: &Proposal, shown: &ProposalResult) -> TableData {
    let mut t = TableBuilder::default();
    t.col("Year", false);
    for cat in &proposal.categories {
        t.col(
            &format!(
                "{} ({})",
                cat.name,
                cat.share.to_string().trim_start_matches('+')
            ),
            true,
        );
    }
    t.col(&format!("Total ({})", c.money_unit()), true);
    let rounding = if c.adjusted.is_none() {
        proposal.rounding
    } else {
        None
    };
    for y in &shown.years {
        let mut row = vec![y.year.to_string()];
        match adjust::split(y.amount, &proposal.categories, rounding) {
            Ok(parts) => row.extend(parts.into_iter().map(|p| marked(c, p, y.assumed))),
            Err(_) => row.extend(proposal.categories.iter().map(|_| String::new())),
        }
        row.push(marked(c, y.amount, y.assumed));
        t.rows.push(row);
    }
    t.build()
}

fn summary_table(
    c: &Computed,
    result: &ProposalResult,
    splits: Option<&[adjust::Split]>,
) -> TableData {
    let h = c.study.horizon;
    let s = &result.summary;
    let figures = c.figures();
    let sq = &figures.status_quo.summary;
    let n = h.len();
    let mut rows = vec![
        vec![
            format!("First year ({})", h.first),
            marked(c, s.first, result.years.first().is_some_and(|y| y.assumed)),
        ],
        vec![
            format!("Last year ({})", h.last),
            marked(c, s.last, result.years.last().is_some_and(|y| y.assumed)),
        ],
        vec![
            format!("Total {}–{}", h.first, h.last),
            marked(c, s.total, s.assumed),
        ],
        vec![
            "Average a year".to_string(),
            marked(c, s.average, s.assumed),
        ],
        vec![
            format!("Growth a year since {} (compound)", c.study.baseline.year),
            pct(s.growth),
        ],
        vec![
            format!(
                "Status quo total ({n} years of the {} baseline)",
                c.study.baseline.year
            ),
            marked(c, sq.total, sq.assumed),
        ],
        vec![
            "Total vs status quo".to_string(),
            change_and_pct(c, s.vs_status_quo),
        ],
    ];
    if let (Some(splits), Some(last)) = (splits, result.years.last()) {
        if let Some(split) = splits.last() {
            rows.push(vec![
                format!(
                    "{} vs {} baseline: from the deal",
                    last.year, c.study.baseline.year
                ),
                change(c, split.deal),
            ]);
            rows.push(vec![
                format!(
                    "{} vs {} baseline: from the exchange rate",
                    last.year, c.study.baseline.year
                ),
                change(c, split.rate),
            ]);
        }
    }
    TableData {
        headers: vec!["Summary".to_string(), c.money_unit()],
        rows,
        numeric: vec![false, true],
    }
}

/// `compare`: years × (status quo and proposals), a summary, and the gap asked for.
pub fn compare_doc(studies: &[(Computed, CompareSpec)]) -> Result<Doc, Diagnostics> {
    let mut doc = Doc::default();
    for (c, spec) in studies {
        study_header(&mut doc, c);
        let base = spec.base;
        let columns = columns(c);
        let beside = match c.adjusted.as_ref().map(|a| &a.measure) {
            Some(Measure::Currency(_)) => " Under it: the agreed amount, then",
            Some(Measure::Real(_)) => " Under it: the nominal amount, then",
            None => " Under each amount:",
        };
        doc.blocks.push(Block::Text(format!(
            "Amounts in {}.{beside} its change {} (absolute and %).",
            c.money_unit(),
            c.vs(base)
        )));
        let gaps: Vec<Gap> = columns
            .iter()
            .map(|col| c.gap(*col, base))
            .collect::<Result<_, _>>()?;
        let mut t = TableBuilder::default();
        t.col("Year", false);
        if let Some(a) = &c.adjusted {
            t.col(&capitalize(&a.quoted_label), true);
        }
        for col in &columns {
            let name = c.column_name(*col);
            t.col(
                &if *col == base {
                    format!("{name}\n(base)")
                } else {
                    name
                },
                true,
            );
        }
        for (i, year) in c.study.horizon.years().enumerate() {
            let mut row = vec![year.to_string()];
            if let Some(a) = &c.adjusted {
                let f = a.factors.iter().find(|f| f.year == year);
                row.push(f.map(|f| quoted(f.quoted, f.assumed)).unwrap_or_default());
            }
            for (col, g) in columns.iter().zip(&gaps) {
                let shown = c.column(*col).years.get(i);
                let assumed = shown.is_some_and(|y| y.assumed);
                let mut lines = Vec::new();
                if let Some(gy) = g.years.get(i) {
                    lines.push(marked(c, gy.a, assumed));
                    if c.adjusted.is_some() {
                        let nominal = col.of(&c.result).years.get(i);
                        lines.push(
                            nominal
                                .map(|n| format!("{} {}", c.study.currency, amount(c, n.amount)))
                                .unwrap_or_default(),
                        );
                    }
                    if *col != base {
                        lines.push(change_and_pct(c, gy.diff));
                    }
                }
                row.push(lines.join("\n"));
            }
            t.rows.push(row);
        }
        let mut total = vec![format!(
            "Total {}–{}",
            c.study.horizon.first, c.study.horizon.last
        )];
        if c.adjusted.is_some() {
            total.push(String::new());
        }
        for (col, g) in columns.iter().zip(&gaps) {
            let assumed = c.column(*col).summary.assumed;
            let mut lines = vec![marked(c, g.total_a, assumed)];
            if c.adjusted.is_some() {
                lines.push(format!(
                    "{} {}",
                    c.study.currency,
                    amount(c, col.of(&c.result).summary.total)
                ));
            }
            if *col != base {
                lines.push(change_and_pct(c, g.total_diff));
            }
            total.push(lines.join("\n"));
        }
        t.rows.push(total);
        doc.blocks.push(Block::Table(t.build()));
        doc.blocks.push(Block::Heading(2, "Summary".to_string()));
        doc.blocks
            .push(Block::Table(compare_summary(c, base, &columns, &gaps)));
        if let Some((a, b)) = spec.gap {
            doc.blocks.push(Block::Heading(
                2,
                format!("Gap: {} minus {}", c.column_name(a), c.column_name(b)),
            ));
            doc.blocks
                .push(Block::Table(gap_table(c, a, b, &c.gap(a, b)?)));
        }
        sources_block(&mut doc, c);
    }
    Ok(doc)
}

/// The status quo and every proposal, in order.
pub fn columns(c: &Computed) -> Vec<Column> {
    std::iter::once(Column::StatusQuo)
        .chain((0..c.study.proposals.len()).map(Column::Proposal))
        .collect()
}

fn compare_summary(c: &Computed, base: Column, columns: &[Column], gaps: &[Gap]) -> TableData {
    let h = c.study.horizon;
    let mut t = TableBuilder::default();
    t.col(&c.money_unit(), false);
    t.col(&format!("First year ({})", h.first), true);
    t.col(&format!("Last year ({})", h.last), true);
    t.col(&format!("Total {}–{}", h.first, h.last), true);
    t.col(
        &format!(
            "Total vs status quo ({})",
            amount(c, c.figures().status_quo_total())
        ),
        true,
    );
    t.col(
        &format!("Growth a year since {}", c.study.baseline.year),
        true,
    );
    let show_base = base != Column::StatusQuo;
    if show_base {
        t.col(&format!("Total {}", c.vs(base)), true);
    }
    for (col, g) in columns.iter().zip(gaps) {
        let r = c.column(*col);
        let s = &r.summary;
        let mut row = vec![
            c.column_name(*col),
            marked(c, s.first, r.years.first().is_some_and(|y| y.assumed)),
            marked(c, s.last, r.years.last().is_some_and(|y| y.assumed)),
            marked(c, s.total, s.assumed),
            change_and_pct(c, s.vs_status_quo),
            pct(s.growth),
        ];
        if show_base {
            row.push(if *col == base {
                "(base)".to_string()
            } else {
                change_and_pct(c, g.total_diff)
            });
        }
        t.rows.push(row);
    }
    t.build()
}

fn gap_table(c: &Computed, a: Column, b: Column, gap: &Gap) -> TableData {
    let (an, bn) = (c.column_name(a), c.column_name(b));
    let mut t = TableBuilder::default();
    t.col("Year", false);
    t.col(&an, true);
    t.col(&bn, true);
    t.col(&format!("{an} minus {bn}"), true);
    t.col(&format!("% vs {bn}"), true);
    for y in &gap.years {
        t.rows.push(vec![
            y.year.to_string(),
            amount(c, y.a),
            amount(c, y.b),
            change(c, y.diff.amount),
            pct(y.diff.relative),
        ]);
    }
    t.rows.push(vec![
        format!("Total {}–{}", c.study.horizon.first, c.study.horizon.last),
        amount(c, gap.total_a),
        amount(c, gap.total_b),
        change(c, gap.total_diff.amount),
        pct(gap.total_diff.relative),
    ]);
    t.build()
}

/// Columns declared one by one, with their alignment.
#[derive(Default)]
struct TableBuilder {
    headers: Vec<String>,
    numeric: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl TableBuilder {
    fn col(&mut self, header: &str, numeric: bool) {
        self.headers.push(header.to_string());
        self.numeric.push(numeric);
    }

    fn build(self) -> TableData {
        TableData {
            headers: self.headers,
            rows: self.rows,
            numeric: self.numeric,
        }
    }
}
