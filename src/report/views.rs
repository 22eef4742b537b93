//! The two views, built as [`Doc`]s: `run` (each proposal's year table and
//! summary) and `compare` (years × columns, a summary, and an optional gap).

use rust_decimal::Decimal;

use super::describe;
use super::{Block, Column, CompareSpec, Computed, Doc, TableData};
use crate::diagnostic::Diagnostics;
use crate::engine::{Gap, ProposalResult};
use crate::money::{format_amount, format_change, format_percent};

/// Decimal places of percentages in tables.
pub const PCT_DECIMALS: u32 = 1;

fn amount(c: &Computed, value: Decimal) -> String {
    format_amount(value, c.study.decimals, true)
}

fn change(c: &Computed, value: Decimal) -> String {
    format_change(value, c.study.decimals, true)
}

/// Every digit of a value, grouped: 1,183.3071.
fn format_exact(value: Decimal) -> String {
    let value = value.normalize();
    format_amount(value, value.scale(), true)
}

fn pct(fraction: Decimal) -> String {
    format_percent(fraction, PCT_DECIMALS)
}

/// "+113.1 (+13.0%)"
fn change_and_pct(c: &Computed, value: Decimal, fraction: Decimal) -> String {
    format!("{} ({})", change(c, value), pct(fraction))
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
}

/// `run`: for each study and proposal, the year table and the summary.
pub fn run_doc(studies: &[Computed]) -> Doc {
    let mut doc = Doc::default();
    for c in studies {
        study_header(&mut doc, c);
        for (proposal, result) in c.study.proposals.iter().zip(&c.result.proposals) {
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
            doc.blocks
                .push(Block::Table(year_table(c, proposal, result)));
            doc.blocks.push(Block::Table(summary_table(c, result)));
        }
        if c.study.proposals.is_empty() {
            doc.blocks
                .push(Block::Text("This study has no proposals.".to_string()));
        }
    }
    doc
}

fn year_table(
    c: &Computed,
    proposal: &crate::scenario::model::Proposal,
    result: &ProposalResult,
) -> TableData {
    let base_year = c.study.baseline.year;
    let rounded = result.years.iter().any(|y| y.unrounded.is_some());
    let mut headers = vec![
        "Year".to_string(),
        format!("Amount ({})", c.study.money_unit()),
        "Change vs previous year".to_string(),
        "% vs previous year".to_string(),
        format!("Change vs {base_year} baseline"),
        format!("% vs {base_year} baseline"),
        "Running total".to_string(),
        "How the amount was set".to_string(),
    ];
    let mut numeric = vec![false, true, true, true, true, true, true, false];
    if rounded {
        headers.push("Before rounding".to_string());
        numeric.push(true);
    }
    let rows = result
        .years
        .iter()
        .zip(&proposal.plan)
        .map(|(y, planned)| {
            let mut row = vec![
                y.year.to_string(),
                amount(c, y.amount),
                change(c, y.change_vs_previous),
                pct(y.change_vs_previous_pct),
                change(c, y.change_vs_baseline),
                pct(y.change_vs_baseline_pct),
                amount(c, y.cumulative),
                describe::rule(&c.study, proposal, planned),
            ];
            if rounded {
                row.push(y.unrounded.map(format_exact).unwrap_or_default());
            }
            row
        })
        .collect();
    TableData {
        headers,
        rows,
        numeric,
    }
}

fn summary_table(c: &Computed, result: &ProposalResult) -> TableData {
    let h = c.study.horizon;
    let s = &result.summary;
    let n = h.len();
    let rows = vec![
        vec![format!("First year ({})", h.first), amount(c, s.first)],
        vec![format!("Last year ({})", h.last), amount(c, s.last)],
        vec![format!("Total {}–{}", h.first, h.last), amount(c, s.total)],
        vec!["Average a year".to_string(), amount(c, s.average)],
        vec![
            format!("Growth a year since {} (compound)", c.study.baseline.year),
            pct(s.growth),
        ],
        vec![
            format!(
                "Status quo total ({} × {n} years)",
                amount(c, c.study.baseline.amount)
            ),
            amount(c, c.result.status_quo_total()),
        ],
        vec![
            "Total vs status quo".to_string(),
            change_and_pct(c, s.vs_status_quo, s.vs_status_quo_pct),
        ],
    ];
    TableData {
        headers: vec!["Summary".to_string(), c.study.money_unit()],
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
        doc.blocks.push(Block::Text(format!(
            "Amounts in {}. Under each amount: its change {} (absolute and %).",
            c.study.money_unit(),
            c.vs(base)
        )));
        let base_result = c.column(base);
        let gaps: Vec<Gap> = columns
            .iter()
            .map(|col| c.gap(*col, base))
            .collect::<Result<_, _>>()?;
        let mut headers = vec!["Year".to_string()];
        headers.extend(columns.iter().map(|col| {
            let name = c.column_name(*col);
            if *col == base {
                format!("{name}\n(base)")
            } else {
                name
            }
        }));
        let mut rows: Vec<Vec<String>> = base_result
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| {
                let mut row = vec![y.year.to_string()];
                for (col, g) in columns.iter().zip(&gaps) {
                    let cell = match g.years.get(i) {
                        Some(gy) if *col == base => amount(c, gy.a),
                        Some(gy) => format!(
                            "{}\n{}",
                            amount(c, gy.a),
                            change_and_pct(c, gy.diff, gy.pct)
                        ),
                        None => String::new(),
                    };
                    row.push(cell);
                }
                row
            })
            .collect();
        let mut total = vec![format!(
            "Total {}–{}",
            c.study.horizon.first, c.study.horizon.last
        )];
        for (col, g) in columns.iter().zip(&gaps) {
            total.push(if *col == base {
                amount(c, g.total_a)
            } else {
                format!(
                    "{}\n{}",
                    amount(c, g.total_a),
                    change_and_pct(c, g.total_diff, g.total_pct)
                )
            });
        }
        rows.push(total);
        let numeric = std::iter::once(false)
            .chain(columns.iter().map(|_| true))
            .collect();
        doc.blocks.push(Block::Table(TableData {
            headers,
            rows,
            numeric,
        }));
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
    let mut headers = vec![
        c.study.money_unit(),
        format!("First year ({})", h.first),
        format!("Last year ({})", h.last),
        format!("Total {}–{}", h.first, h.last),
        format!(
            "Total vs status quo ({})",
            amount(c, c.result.status_quo_total())
        ),
        format!("Growth a year since {}", c.study.baseline.year),
    ];
    let show_base = base != Column::StatusQuo;
    if show_base {
        headers.push(format!("Total {}", c.vs(base)));
    }
    let rows = columns
        .iter()
        .zip(gaps)
        .map(|(col, g)| {
            let r = c.column(*col);
            let s = &r.summary;
            let mut row = vec![
                c.column_name(*col),
                amount(c, s.first),
                amount(c, s.last),
                amount(c, s.total),
                change_and_pct(c, s.vs_status_quo, s.vs_status_quo_pct),
                pct(s.growth),
            ];
            if show_base {
                row.push(if *col == base {
                    "(base)".to_string()
                } else {
                    change_and_pct(c, g.total_diff, g.total_pct)
                });
            }
            row
        })
        .collect();
    let numeric = headers.iter().enumerate().map(|(i, _)| i > 0).collect();
    TableData {
        headers,
        rows,
        numeric,
    }
}

fn gap_table(c: &Computed, a: Column, b: Column, gap: &Gap) -> TableData {
    let (an, bn) = (c.column_name(a), c.column_name(b));
    let headers = vec![
        "Year".to_string(),
        an.clone(),
        bn.clone(),
        format!("{an} minus {bn}"),
        format!("% vs {bn}"),
    ];
    let mut rows: Vec<Vec<String>> = gap
        .years
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                amount(c, y.a),
                amount(c, y.b),
                change(c, y.diff),
                pct(y.pct),
            ]
        })
        .collect();
    rows.push(vec![
        format!("Total {}–{}", c.study.horizon.first, c.study.horizon.last),
        amount(c, gap.total_a),
        amount(c, gap.total_b),
        change(c, gap.total_diff),
        pct(gap.total_pct),
    ]);
    TableData {
        headers,
        rows,
        numeric: vec![false, true, true, true, true],
    }
}
