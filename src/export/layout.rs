//! The markup formats' shared layout: a [`View`] laid out as a [`Doc`] of
//! headings, text and tables of typed [`Cell`]s, for the terminal
//! ([`super::text`]) and Markdown ([`super::markdown`]) to draw.
//!
//! `run` shows each proposal's year table, categories and summary; `compare`
//! shows years × columns, a summary, and an optional gap; both end with the
//! study's numbered sources. Figures converted or in constant prices have the
//! agreed (nominal) figures beside them; nominal and real figures never share
//! a column, and every header names its measure. A figure that rests on an
//! assumption carries a `*`.

use rust_decimal::Decimal;

use crate::money::{Rate, format_amount, format_change, format_percent};
use crate::view::{
    Change, ColumnView, ComparisonView, Figure, GapView, MeasureKind, ProposalView, SourceItem,
    StudyView, SummaryView, View, ViewKind,
};

/// Decimal places of percentages in tables.
pub const PCT_DECIMALS: u32 = 1;

/// The mark of a figure that rests on an assumption.
pub const ASSUMED: &str = "*";

/// A document: a view laid out, before it is drawn in a format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// One part of a [`Doc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is a study, level 2 a proposal or section.
    Heading(u8, String),
    /// A paragraph of plain text.
    Text(String),
    /// A table.
    Table(Table),
    /// The numbered sources of the figures above.
    Sources(Vec<SourceItem>),
}

/// A table of typed cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Column headers (a header may hold several lines).
    pub headers: Vec<String>,
    /// Whether each column holds numbers (aligned right).
    pub numeric: Vec<bool>,
    /// How each column may give way when the table must fit a width.
    pub fits: Vec<Fit>,
    /// Each column's agreed short header, if it has one.
    pub shorts: Vec<Option<String>>,
    /// Rows of cells, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
    /// Decimal places of amounts and changes.
    pub decimals: u32,
}

/// How a column may give way when its table does not fit a width (see
/// `fit.rs`): headers and text wrap between words first, then short headers
/// are used, then notes columns move under the table, then columns are left
/// out by rank, and last the table is split into parts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fit {
    /// Names the rows (the year, the schedule): kept, and repeated in every
    /// part of a split table.
    Key,
    /// Kept; split into another part if need be.
    #[default]
    Keep,
    /// Left out when the table does not fit, the highest rank first.
    Drop(u8),
    /// Long text: moved into numbered notes under the table.
    Notes,
}

/// One cell: a figure of a known kind, drawn the same way in every markup format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text as it is.
    Text(String),
    /// A year.
    Year(i32),
    /// An amount, grouped, with `*` when it rests on an assumption.
    Amount(Figure),
    /// A signed change: `+113.1`.
    Change(Decimal),
    /// A signed percentage: `+13.0%`.
    Percent(Rate),
    /// A change and its percentage: `+113.1 (+13.0%)`.
    ChangeAndPercent(Change),
    /// An exchange rate or price level, to six decimals at most.
    Quoted(Figure),
    /// Every digit of a value, grouped: `1,183.3071`.
    Exact(Decimal),
    /// An amount in a named currency: `KRW 1,519.2`.
    Money(String, Decimal),
    /// Several cells, one per line.
    Lines(Vec<Cell>),
}

impl Cell {
    /// The cell as text, amounts to `decimals` places; lines joined by `\n`.
    pub fn text(&self, decimals: u32) -> String {
        let amount = |v: Decimal| format_amount(v, decimals, true);
        let marked = |text: String, assumed: bool| {
            if assumed {
                format!("{text}{ASSUMED}")
            } else {
                text
            }
        };
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Year(y) => y.to_string(),
            Cell::Amount(f) => marked(amount(f.value), f.assumed),
            Cell::Change(v) => format_change(*v, decimals, true),
            Cell::Percent(r) => format_percent(*r, PCT_DECIMALS),
            Cell::ChangeAndPercent(c) => format!(
                "{} ({})",
                format_change(c.amount, decimals, true),
                format_percent(c.relative, PCT_DECIMALS)
            ),
            Cell::Quoted(f) => {
                let value = f.value.round_dp(6).normalize();
                marked(format_amount(value, value.scale(), true), f.assumed)
            }
            Cell::Exact(v) => {
                let value = v.normalize();
                format_amount(value, value.scale(), true)
            }
            Cell::Money(currency, v) => format!("{currency} {}", amount(*v)),
            Cell::Lines(cells) => cells
                .iter()
                .map(|c| c.text(decimals))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// Columns declared one by one, with their alignment.
struct TableBuilder {
    table: Table,
}

impl TableBuilder {
    fn new(decimals: u32) -> TableBuilder {
        TableBuilder {
            table: Table {
                decimals,
                ..Table::default()
            },
        }
    }

    fn col(&mut self, header: impl Into<String>, numeric: bool) {
        self.table.headers.push(header.into());
        self.table.numeric.push(numeric);
        self.table.fits.push(Fit::Keep);
        self.table.shorts.push(None);
    }

    /// How the last column declared may give way.
    fn fit(&mut self, fit: Fit) -> &mut Self {
        if let Some(f) = self.table.fits.last_mut() {
            *f = fit;
        }
        self
    }

    /// The last column's short header.
    fn short(&mut self, short: impl Into<String>) -> &mut Self {
        if let Some(s) = self.table.shorts.last_mut() {
            *s = Some(short.into());
        }
        self
    }

    fn row(&mut self, cells: Vec<Cell>) {
        self.table.rows.push(cells);
    }

    fn build(self) -> Block {
        Block::Table(self.table)
    }
}

/// Lays a view out as a document.
pub fn doc(view: &View) -> Doc {
    let mut doc = Doc::default();
    for s in &view.studies {
        match (view.kind, &s.comparison) {
            (ViewKind::Compare, Some(comparison)) => compare_study(&mut doc, s, comparison),
            _ => run_study(&mut doc, s),
        }
    }
    doc
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn study_header(doc: &mut Doc, s: &StudyView) {
    doc.blocks.push(Block::Heading(1, s.title.clone()));
    doc.blocks.push(Block::Text(s.line.clone()));
    if let Some(d) = &s.description {
        doc.blocks.push(Block::Text(d.clone()));
    }
    if let Some(source) = &s.baseline.source {
        doc.blocks
            .push(Block::Text(format!("Baseline source: {source}")));
    }
    if let Some(m) = &s.measure {
        let text = match &m.kind {
            MeasureKind::Currency(_) => format!(
                "Amounts converted to {} at each year's {} rate ({}); the figures as agreed ({}) are shown beside them.",
                s.money_unit,
                m.pair.as_deref().unwrap_or_default(),
                m.quoted_label,
                s.agreed_money_unit,
            ),
            MeasureKind::Real { year, deflator } => format!(
                "Amounts in {}: nominal figures deflated by the price series `{deflator}`, {year} = 1. Nominal figures are shown beside them.",
                s.money_unit,
            ),
        };
        doc.blocks.push(Block::Text(text));
    }
    if s.rests_on_assumptions {
        doc.blocks.push(Block::Text(format!(
            "{ASSUMED} rests on an assumption: an index, exchange rate or price projected beyond its data (see each rule)."
        )));
    }
}

fn sources_block(doc: &mut Doc, s: &StudyView) {
    if !s.sources.is_empty() {
        doc.blocks.push(Block::Sources(s.sources.clone()));
    }
}

/// "not rounded" or how each year is rounded.
fn rounding_text(p: &ProposalView) -> String {
    crate::view::describe::rounding(p.rounding)
}

/// `run`: each proposal's year table, categories and summary.
fn run_study(doc: &mut Doc, s: &StudyView) {
    study_header(doc, s);
    for p in &s.proposals {
        doc.blocks.push(Block::Heading(2, p.name.clone()));
        if let Some(party) = &p.party {
            doc.blocks.push(Block::Text(format!("Party: {party}")));
        }
        if let Some(d) = &p.description {
            doc.blocks.push(Block::Text(d.clone()));
        }
        if let Some(source) = &p.source {
            doc.blocks.push(Block::Text(format!("Source: {source}")));
        }
        doc.blocks.push(Block::Text(format!(
            "Rules: {}. Amounts {}.",
            p.rules,
            rounding_text(p)
        )));
        doc.blocks.push(year_table(s, p));
        if !p.categories.is_empty() {
            doc.blocks.push(category_table(s, p));
        }
        doc.blocks.push(summary_table(s, &p.summary));
    }
    if s.proposals.is_empty() {
        doc.blocks
            .push(Block::Text("This study has no proposals.".to_string()));
    }
    sources_block(doc, s);
}

fn year_table(s: &StudyView, p: &ProposalView) -> Block {
    let base_year = s.baseline.year;
    let currency = matches!(
        s.measure.as_ref().map(|m| &m.kind),
        Some(MeasureKind::Currency(_))
    );
    let mut t = TableBuilder::new(s.decimals);
    t.col("Year", false);
    t.fit(Fit::Key);
    if let Some(m) = &s.measure {
        let (label, short) = match m.kind {
            MeasureKind::Currency(_) => (format!("As agreed ({})", s.agreed_money_unit), "Agreed"),
            MeasureKind::Real { .. } => (format!("Nominal ({})", s.agreed_money_unit), "Nominal"),
        };
        t.col(label, true);
        t.fit(Fit::Drop(1)).short(short);
        t.col(capitalize(&m.quoted_label), true);
        t.fit(Fit::Drop(1));
    }
    t.col(format!("Amount ({})", s.money_unit), true);
    t.short("Amount");
    t.col("Change vs previous year", true);
    t.fit(Fit::Drop(5)).short("vs prev.");
    t.col("% vs previous year", true);
    t.fit(Fit::Drop(4)).short("% prev.");
    t.col(format!("Change vs {base_year} baseline"), true);
    t.fit(Fit::Drop(2)).short(format!("vs {base_year}"));
    if currency {
        t.col("of which: the deal", true);
        t.fit(Fit::Drop(3)).short("deal");
        t.col("of which: the exchange rate", true);
        t.fit(Fit::Drop(3)).short("exch. rate");
    }
    t.col(format!("% vs {base_year} baseline"), true);
    t.fit(Fit::Drop(1)).short(format!("% vs {base_year}"));
    t.col("Running total", true);
    t.fit(Fit::Drop(1)).short("Total so far");
    if s.per_troop {
        let basis = match s.measure.as_ref().map(|m| &m.kind) {
            Some(MeasureKind::Real { year, .. }) => format!(", constant {year} prices"),
            _ => String::new(),
        };
        t.col(format!("Per troop ({}{basis})", s.currency), true);
        t.fit(Fit::Drop(6)).short("Per troop");
    }
    t.col("How the amount was set", false);
    t.fit(Fit::Notes).short("Rule");
    if p.shows_unrounded {
        t.col("Before rounding", true);
        t.fit(Fit::Drop(6)).short("Unrounded");
    }
    for y in &p.rows {
        let mut row = vec![Cell::Year(y.year)];
        if s.measure.is_some() {
            row.push(y.agreed.map_or(Cell::Empty, Cell::Amount));
            row.push(y.factor.as_ref().map_or(Cell::Empty, |f| {
                Cell::Quoted(Figure {
                    value: f.quoted,
                    assumed: f.assumed,
                })
            }));
        }
        row.push(Cell::Amount(y.amount));
        row.push(Cell::Change(y.vs_previous.amount));
        row.push(Cell::Percent(y.vs_previous.relative));
        row.push(Cell::Change(y.vs_baseline.amount));
        if currency {
            row.push(y.split.map_or(Cell::Empty, |x| Cell::Change(x.deal)));
            row.push(
                y.split
                    .map_or(Cell::Empty, |x| Cell::Change(x.exchange_rate)),
            );
        }
        row.push(Cell::Percent(y.vs_baseline.relative));
        row.push(Cell::Amount(y.running_total));
        if s.per_troop {
            row.push(y.per_troop.map_or(Cell::Empty, Cell::Amount));
        }
        row.push(Cell::Text(y.rule.clone()));
        if p.shows_unrounded {
            row.push(y.unrounded.map_or(Cell::Empty, Cell::Exact));
        }
        t.row(row);
    }
    t.build()
}

/// The split of a proposal's amounts into its cost categories.
fn category_table(s: &StudyView, p: &ProposalView) -> Block {
    let mut t = TableBuilder::new(s.decimals);
    t.col("Year", false);
    t.fit(Fit::Key);
    for cat in &p.categories {
        let share = cat.share.to_string();
        t.col(
            format!("{} ({})", cat.name, share.trim_start_matches('+')),
            true,
        );
    }
    t.col(format!("Total ({})", s.money_unit), true);
    t.short("Total");
    for y in &p.rows {
        let mut row = vec![Cell::Year(y.year)];
        row.extend(y.categories.iter().map(|part| {
            Cell::Amount(Figure {
                value: *part,
                assumed: y.amount.assumed,
            })
        }));
        row.push(Cell::Amount(y.amount));
        t.row(row);
    }
    t.build()
}

fn summary_table(s: &StudyView, summary: &SummaryView) -> Block {
    let h = s.horizon;
    let base_year = s.baseline.year;
    let sq = &s.status_quo;
    let mut t = TableBuilder::new(s.decimals);
    t.col("Summary", false);
    t.fit(Fit::Key);
    t.col(s.money_unit.clone(), true);
    let mut row = |label: String, cell: Cell| t.row(vec![Cell::Text(label), cell]);
    row(
        format!("First year ({})", h.first),
        Cell::Amount(summary.first),
    );
    row(
        format!("Last year ({})", h.last),
        Cell::Amount(summary.last),
    );
    row(
        format!("Total {}–{}", h.first, h.last),
        Cell::Amount(summary.total),
    );
    row("Average a year".to_string(), Cell::Amount(summary.average));
    row(
        format!("Growth a year since {base_year} (compound)"),
        Cell::Percent(summary.growth),
    );
    row(
        format!(
            "Status quo total ({} years of the {base_year} baseline)",
            h.len()
        ),
        Cell::Amount(sq.total),
    );
    row(
        "Total vs status quo".to_string(),
        Cell::ChangeAndPercent(summary.vs_status_quo),
    );
    if let Some(split) = summary.last_split {
        row(
            format!("{} vs {base_year} baseline: from the deal", h.last),
            Cell::Change(split.deal),
        );
        row(
            format!("{} vs {base_year} baseline: from the exchange rate", h.last),
            Cell::Change(split.exchange_rate),
        );
    }
    t.build()
}

/// `compare`: years × (status quo and proposals), a summary, and the gap asked for.
fn compare_study(doc: &mut Doc, s: &StudyView, comparison: &ComparisonView) {
    study_header(doc, s);
    let beside = match s.measure.as_ref().map(|m| &m.kind) {
        Some(MeasureKind::Currency(_)) => " Under it: the agreed amount, then",
        Some(MeasureKind::Real { .. }) => " Under it: the nominal amount, then",
        None => " Under each amount:",
    };
    doc.blocks.push(Block::Text(format!(
        "Amounts in {}.{beside} its change {} (absolute and %).",
        s.money_unit, comparison.vs
    )));
    doc.blocks.push(compare_table(s, comparison));
    doc.blocks.push(Block::Heading(2, "Summary".to_string()));
    doc.blocks.push(compare_summary(s, comparison));
    if let Some(gap) = &comparison.gap {
        doc.blocks
            .push(Block::Heading(2, format!("Gap: {} minus {}", gap.a, gap.b)));
        doc.blocks.push(gap_table(s, gap));
    }
    sources_block(doc, s);
}

/// A column's cell for one year (or the total): the amount, the agreed amount
/// when converted, and the change against the base.
fn compared(
    s: &StudyView,
    col: &ColumnView,
    amount: Figure,
    agreed: Option<Decimal>,
    vs_base: Change,
) -> Cell {
    let mut lines = vec![Cell::Amount(amount)];
    if s.measure.is_some() {
        lines.push(agreed.map_or(Cell::Empty, |a| Cell::Money(s.agreed_currency.clone(), a)));
    }
    if !col.is_base {
        lines.push(Cell::ChangeAndPercent(vs_base));
    }
    Cell::Lines(lines)
}

fn compare_table(s: &StudyView, comparison: &ComparisonView) -> Block {
    let mut t = TableBuilder::new(s.decimals);
    t.col("Year", false);
    t.fit(Fit::Key);
    if let Some(m) = &s.measure {
        t.col(capitalize(&m.quoted_label), true);
        t.fit(Fit::Drop(1));
    }
    for col in &comparison.columns {
        t.col(
            if col.is_base {
                format!("{}\n(base)", col.name)
            } else {
                col.name.clone()
            },
            true,
        );
    }
    for (i, year) in s.horizon.years().enumerate() {
        let mut row = vec![Cell::Year(year)];
        if let Some(m) = &s.measure {
            row.push(m.factor(year).map_or(Cell::Empty, |f| {
                Cell::Quoted(Figure {
                    value: f.quoted,
                    assumed: f.assumed,
                })
            }));
        }
        for col in &comparison.columns {
            row.push(match col.years.get(i) {
                Some(y) => compared(s, col, y.amount, y.agreed, y.vs_base),
                None => Cell::Lines(Vec::new()),
            });
        }
        t.row(row);
    }
    let mut total = vec![Cell::Text(format!(
        "Total {}–{}",
        s.horizon.first, s.horizon.last
    ))];
    if s.measure.is_some() {
        total.push(Cell::Empty);
    }
    for col in &comparison.columns {
        let amount = Figure {
            value: col.vs_base.total.value,
            assumed: col.summary.total.assumed,
        };
        total.push(compared(
            s,
            col,
            amount,
            col.agreed_total,
            col.vs_base.change,
        ));
    }
    t.row(total);
    t.build()
}

fn compare_summary(s: &StudyView, comparison: &ComparisonView) -> Block {
    let h = s.horizon;
    let mut t = TableBuilder::new(s.decimals);
    t.col(s.money_unit.clone(), false);
    t.fit(Fit::Key);
    t.col(format!("First year ({})", h.first), true);
    t.fit(Fit::Drop(2)).short(h.first.to_string());
    t.col(format!("Last year ({})", h.last), true);
    t.fit(Fit::Drop(2)).short(h.last.to_string());
    t.col(format!("Total {}–{}", h.first, h.last), true);
    t.short("Total");
    t.col(
        format!(
            "Total vs status quo ({})",
            format_amount(s.status_quo.total.value, s.decimals, true)
        ),
        true,
    );
    t.short("vs status quo");
    t.col(format!("Growth a year since {}", s.baseline.year), true);
    t.fit(Fit::Drop(1)).short("Growth a year");
    // The status quo is the first column; a base elsewhere gets its own column.
    let show_base = !comparison.columns.first().is_some_and(|c| c.is_base);
    if show_base {
        t.col(format!("Total {}", comparison.vs), true);
        t.short("vs base");
    }
    for col in &comparison.columns {
        let sm = &col.summary;
        let mut row = vec![
            Cell::Text(col.name.clone()),
            Cell::Amount(sm.first),
            Cell::Amount(sm.last),
            Cell::Amount(sm.total),
            Cell::ChangeAndPercent(sm.vs_status_quo),
            Cell::Percent(sm.growth),
        ];
        if show_base {
            row.push(if col.is_base {
                Cell::Text("(base)".to_string())
            } else {
                Cell::ChangeAndPercent(col.vs_base.change)
            });
        }
        t.row(row);
    }
    t.build()
}

fn gap_table(s: &StudyView, gap: &GapView) -> Block {
    let (an, bn) = (&gap.a, &gap.b);
    let mut t = TableBuilder::new(s.decimals);
    t.col("Year", false);
    t.fit(Fit::Key);
    t.col(an.clone(), true);
    t.short("A");
    t.col(bn.clone(), true);
    t.short("B");
    t.col(format!("{an} minus {bn}"), true);
    t.short("A minus B");
    t.col(format!("% vs {bn}"), true);
    t.short("% vs B");
    for y in &gap.years {
        t.row(vec![
            Cell::Year(y.year),
            Cell::Amount(y.a),
            Cell::Amount(y.b),
            Cell::Change(y.change.amount),
            Cell::Percent(y.change.relative),
        ]);
    }
    t.row(vec![
        Cell::Text(format!("Total {}–{}", s.horizon.first, s.horizon.last)),
        Cell::Amount(gap.total.total),
        Cell::Amount(gap.total.base),
        Cell::Change(gap.total.change.amount),
        Cell::Percent(gap.total.change.relative),
    ]);
    t.build()
}
