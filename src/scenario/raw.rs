//! The shape of a scenario file: which tables and keys it has and of what TOML
//! type, read from the parsed document with every value's span kept.
//!
//! This stage checks shape only (unknown keys, missing keys, wrong types). What
//! the values mean (is `"+13%"` a valid start, do the phases overlap?) is
//! the checker's job (`check/`). Every key listed here is documented in
//! `docs/scenario-format.md`.

use toml::de::DeTable;

use super::walk::{Scalar, Sp, Table, TextOrTable, Walker, YearTable};
use crate::diagnostic::Span;
use crate::scenario::problem::{Form, Required, TableName};

/// Keys of the top level.
pub const STUDY_KEYS: &[&str] = &[
    "title",
    "description",
    "currency",
    "unit",
    "decimals",
    "rounding",
    "horizon",
    "baseline",
    "proposal",
    "series",
    "exchange_rate",
    "deflator",
    "troops",
    "category",
];
/// Keys of `[horizon]`.
pub const HORIZON_KEYS: &[&str] = &["first", "last"];
/// Keys of `[baseline]`.
pub const BASELINE_KEYS: &[&str] = &["name", "year", "amount", "source"];
/// Keys of a `rounding = { … }` table.
pub const ROUNDING_KEYS: &[&str] = &["step", "mode"];
/// Keys of a `[[proposal]]`.
pub const PROPOSAL_KEYS: &[&str] = &[
    "name",
    "party",
    "description",
    "source",
    "start",
    "escalation",
    "phase",
    "amounts",
    "freeze",
    "rounding",
    "term_ends",
    "after_term",
    "category",
];
/// Keys of a `[[proposal.phase]]`.
pub const PHASE_KEYS: &[&str] = &["from", "to", "escalation", "source"];
/// Keys of an `escalation = { … }` table.
pub const RULE_KEYS: &[&str] = &[
    "rate", "step", "rates", "freeze", "index", "lag", "spread", "cap", "floor",
];
/// Keys of a `[[series]]` (and of a series file in TOML).
pub const SERIES_KEYS: &[&str] = &[
    "name",
    "description",
    "kind",
    "values",
    "file",
    "assume",
    "source",
];
/// Keys of an `[[exchange_rate]]`.
pub const EXCHANGE_RATE_KEYS: &[&str] = &["pair", "unit", "values", "assume", "source"];
/// Keys of `[troops]`.
pub const TROOPS_KEYS: &[&str] = &["count", "years", "source"];
/// Keys of a `[[category]]` (and `[[proposal.category]]`).
pub const CATEGORY_KEYS: &[&str] = &["name", "share", "source"];

/// A whole scenario file, as written.
#[derive(Debug, Default)]
pub struct RawStudy {
    /// `title`
    pub title: Option<Sp<String>>,
    /// `description`
    pub description: Option<Sp<String>>,
    /// `currency`
    pub currency: Option<Sp<String>>,
    /// `unit`
    pub unit: Option<Sp<String>>,
    /// `decimals`
    pub decimals: Option<Sp<i64>>,
    /// `rounding`
    pub rounding: Option<Sp<RawRounding>>,
    /// `[horizon]`
    pub horizon: Option<RawHorizon>,
    /// `[baseline]`
    pub baseline: Option<RawBaseline>,
    /// `[[proposal]]`, in file order.
    pub proposals: Vec<RawProposal>,
    /// `[[series]]`, in file order.
    pub series: Vec<RawSeries>,
    /// `[[exchange_rate]]`, in file order.
    pub exchange_rates: Vec<RawExchangeRate>,
    /// `deflator`
    pub deflator: Option<Sp<String>>,
    /// `[troops]`
    pub troops: Option<RawTroops>,
    /// `[[category]]`, in file order.
    pub categories: Vec<RawCategory>,
}

/// `[[series]]`
#[derive(Debug)]
pub struct RawSeries {
    /// Where the `[[series]]` header is.
    pub span: Span,
    /// `name`
    pub name: Option<Sp<String>>,
    /// `description`
    pub description: Option<Sp<String>>,
    /// `kind`
    pub kind: Option<Sp<String>>,
    /// `values`
    pub values: Option<YearTable>,
    /// `file`
    pub file: Option<Sp<String>>,
    /// `assume`
    pub assume: Option<Sp<Scalar>>,
    /// `source`
    pub source: Option<Sp<String>>,
}

/// `[[exchange_rate]]`
#[derive(Debug)]
pub struct RawExchangeRate {
    /// Where the `[[exchange_rate]]` header is.
    pub span: Span,
    /// `pair`
    pub pair: Option<Sp<String>>,
    /// `unit`
    pub unit: Option<Sp<String>>,
    /// `values`
    pub values: Option<YearTable>,
    /// `assume`
    pub assume: Option<Sp<Scalar>>,
    /// `source`
    pub source: Option<Sp<String>>,
}

/// `[troops]`
#[derive(Debug)]
pub struct RawTroops {
    /// Where the `[troops]` header is.
    pub span: Span,
    /// `count`
    pub count: Option<Sp<Scalar>>,
    /// `years`
    pub years: Option<YearTable>,
    /// `source`
    pub source: Option<Sp<String>>,
}

/// `[[category]]` or `[[proposal.category]]`
#[derive(Debug)]
pub struct RawCategory {
    /// Where the header is.
    pub span: Span,
    /// `name`
    pub name: Option<Sp<String>>,
    /// `share`
    pub share: Option<Sp<Scalar>>,
    /// `source`
    pub source: Option<Sp<String>>,
}

/// `[horizon]`
#[derive(Debug)]
pub struct RawHorizon {
    /// Where the table is.
    pub span: Span,
    /// `first`
    pub first: Option<Sp<i64>>,
    /// `last`
    pub last: Option<Sp<i64>>,
}

/// `[baseline]`
#[derive(Debug)]
pub struct RawBaseline {
    /// `name`
    pub name: Option<Sp<String>>,
    /// `year`
    pub year: Option<Sp<i64>>,
    /// `amount`
    pub amount: Option<Sp<Scalar>>,
    /// `source`
    pub source: Option<Sp<String>>,
}

/// `rounding = "0.1"` or `rounding = { step = "0.1", mode = "half-even" }`.
#[derive(Debug)]
pub enum RawRounding {
    /// A step alone, or the word `none`.
    Step(Sp<Scalar>),
    /// A step and a mode.
    Table {
        /// `step`
        step: Option<Sp<Scalar>>,
        /// `mode`
        mode: Option<Sp<String>>,
    },
}

/// `[[proposal]]`
#[derive(Debug)]
pub struct RawProposal {
    /// Where the `[[proposal]]` header is.
    pub span: Span,
    /// `name`
    pub name: Option<Sp<String>>,
    /// `party`
    pub party: Option<Sp<String>>,
    /// `description`
    pub description: Option<Sp<String>>,
    /// `source`
    pub source: Option<Sp<String>>,
    /// `start`
    pub start: Option<Sp<Scalar>>,
    /// `escalation`
    pub escalation: Option<Sp<RawRule>>,
    /// `[[proposal.phase]]`
    pub phases: Vec<RawPhase>,
    /// `amounts`
    pub amounts: Option<YearTable>,
    /// `freeze`
    pub freeze: Option<Sp<Vec<Sp<i64>>>>,
    /// `rounding`
    pub rounding: Option<Sp<RawRounding>>,
    /// `term_ends`
    pub term_ends: Option<Sp<i64>>,
    /// `after_term`
    pub after_term: Option<Sp<String>>,
    /// `[[proposal.category]]`, in file order.
    pub categories: Vec<RawCategory>,
}

/// `[[proposal.phase]]`
#[derive(Debug)]
pub struct RawPhase {
    /// Where the `[[proposal.phase]]` header is.
    pub span: Span,
    /// `from`
    pub from: Option<Sp<i64>>,
    /// `to`
    pub to: Option<Sp<i64>>,
    /// `escalation`
    pub escalation: Option<Sp<RawRule>>,
    /// `source`
    pub source: Option<Sp<String>>,
}

/// An escalation rule, as written.
#[derive(Debug)]
pub enum RawRule {
    /// `"4%"`, `"freeze"`.
    Text(String),
    /// A bare number (always a mistake: rates need a `%`).
    Number(String),
    /// `{ rate = "4%" }`, `{ step = 50 }`, `{ rates = { … } }`, `{ freeze = true }`, `{ index = … }`.
    Table(Box<RawRuleTable>),
}

/// `escalation = { … }`, as written.
#[derive(Debug)]
pub struct RawRuleTable {
    /// `rate`
    pub rate: Option<Sp<Scalar>>,
    /// `step`
    pub step: Option<Sp<Scalar>>,
    /// `rates`
    pub rates: Option<YearTable>,
    /// `freeze`
    pub freeze: Option<Sp<bool>>,
    /// `index`: one series name or several.
    pub index: Option<Sp<Vec<Sp<String>>>>,
    /// `lag`
    pub lag: Option<Sp<i64>>,
    /// `spread`
    pub spread: Option<Sp<Scalar>>,
    /// `cap`
    pub cap: Option<Sp<Scalar>>,
    /// `floor`
    pub floor: Option<Sp<Scalar>>,
}

/// Reads the document's tables into a [`RawStudy`], recording shape problems.
pub fn read_study(w: &mut Walker<'_>, doc: &DeTable<'_>) -> RawStudy {
    let root = Table::root(doc, STUDY_KEYS);
    w.unknown_keys(&root);
    let title = w.string(&root, "title");
    if title.is_none() && !has(&root, "title") {
        w.missing(&root, Required::Title);
    }
    let currency = w.string(&root, "currency");
    if currency.is_none() && !has(&root, "currency") {
        w.missing(&root, Required::Currency);
    }
    let unit = w.string(&root, "unit");
    let horizon = w
        .table(&root, "horizon", TableName::Header("horizon"), HORIZON_KEYS)
        .map(|t| read_horizon(w, &t));
    if !has(&root, "horizon") {
        w.missing(&root, Required::Horizon);
    }
    let baseline = w
        .table(
            &root,
            "baseline",
            TableName::Header("baseline"),
            BASELINE_KEYS,
        )
        .map(|t| read_baseline(w, &t));
    if !has(&root, "baseline") {
        w.missing(&root, Required::Baseline);
    }
    let proposals = w
        .tables(&root, "proposal", "proposal", PROPOSAL_KEYS)
        .iter()
        .map(|t| read_proposal(w, t))
        .collect();
    let series = w
        .tables(&root, "series", "series", SERIES_KEYS)
        .iter()
        .map(|t| read_series(w, t))
        .collect();
    let exchange_rates = w
        .tables(&root, "exchange_rate", "exchange_rate", EXCHANGE_RATE_KEYS)
        .iter()
        .map(|t| read_exchange_rate(w, t))
        .collect();
    let troops = w
        .table(&root, "troops", TableName::Header("troops"), TROOPS_KEYS)
        .map(|t| read_troops(w, &t));
    let categories = read_categories(w, &root, "category");
    RawStudy {
        series,
        exchange_rates,
        deflator: w.string(&root, "deflator"),
        troops,
        categories,
        title,
        description: w.string(&root, "description"),
        currency,
        unit,
        decimals: w.integer(&root, "decimals"),
        rounding: read_rounding(w, &root),
        horizon,
        baseline,
        proposals,
    }
}

fn has(table: &Table<'_, '_>, key: &str) -> bool {
    table.contains(key)
}

/// Records each of `keys` that `t` lacks.
fn require(w: &mut Walker<'_>, t: &Table<'_, '_>, keys: &[Required]) {
    for key in keys {
        if !has(t, key.key()) {
            w.missing(t, *key);
        }
    }
}

fn read_horizon(w: &mut Walker<'_>, t: &Table<'_, '_>) -> RawHorizon {
    w.unknown_keys(t);
    let last = w.integer(t, "last");
    if !has(t, "last") {
        w.missing(t, Required::Last);
    }
    RawHorizon {
        span: t.span.clone(),
        first: w.integer(t, "first"),
        last,
    }
}

fn read_baseline(w: &mut Walker<'_>, t: &Table<'_, '_>) -> RawBaseline {
    w.unknown_keys(t);
    require(
        w,
        t,
        &[
            Required::BaselineName,
            Required::BaselineYear,
            Required::BaselineAmount,
        ],
    );
    RawBaseline {
        name: w.string(t, "name"),
        year: w.integer(t, "year"),
        amount: w.scalar(t, "amount"),
        source: w.string(t, "source"),
    }
}

fn read_rounding(w: &mut Walker<'_>, parent: &Table<'_, '_>) -> Option<Sp<RawRounding>> {
    match w.text_or_table(parent, "rounding", Form::Rounding, ROUNDING_KEYS)? {
        TextOrTable::Text(text) => Some(Sp::new(
            RawRounding::Step(Sp::new(Scalar::Text(text.value), text.span.clone())),
            text.span,
        )),
        TextOrTable::Number(number) => {
            let span = number.span.clone();
            Some(Sp::new(RawRounding::Step(number), span))
        }
        TextOrTable::Table(t) => {
            w.unknown_keys(&t);
            require(w, &t, &[Required::RoundingStep]);
            Some(Sp::new(
                RawRounding::Table {
                    step: w.scalar(&t, "step"),
                    mode: w.string(&t, "mode"),
                },
                t.span.clone(),
            ))
        }
    }
}

fn read_proposal(w: &mut Walker<'_>, t: &Table<'_, '_>) -> RawProposal {
    w.unknown_keys(t);
    require(w, t, &[Required::ProposalName]);
    let phases = w
        .tables(t, "phase", "proposal.phase", PHASE_KEYS)
        .iter()
        .map(|p| read_phase(w, p))
        .collect();
    RawProposal {
        span: t.span.clone(),
        name: w.string(t, "name"),
        party: w.string(t, "party"),
        description: w.string(t, "description"),
        source: w.string(t, "source"),
        start: w.scalar(t, "start"),
        escalation: read_rule(w, t),
        phases,
        amounts: w.year_table(t, "amounts"),
        freeze: w.integers(t, "freeze"),
        rounding: read_rounding(w, t),
        term_ends: w.integer(t, "term_ends"),
        after_term: w.string(t, "after_term"),
        categories: read_categories(w, t, "proposal.category"),
    }
}

fn read_phase(w: &mut Walker<'_>, t: &Table<'_, '_>) -> RawPhase {
    w.unknown_keys(t);
    require(w, t, &[Required::PhaseEscalation]);
    RawPhase {
        span: t.span.clone(),
        from: w.integer(t, "from"),
        to: w.integer(t, "to"),
        escalation: read_rule(w, t),
        source: w.string(t, "source"),
    }
}

fn read_rule(w: &mut Walker<'_>, parent: &Table<'_, '_>) -> Option<Sp<RawRule>> {
    match w.text_or_table(parent, "escalation", Form::Escalation, RULE_KEYS)? {
        TextOrTable::Text(text) => Some(Sp::new(RawRule::Text(text.value), text.span)),
        TextOrTable::Number(number) => {
            let text = match number.value {
                Scalar::Number(n) | Scalar::Text(n) => n,
            };
            Some(Sp::new(RawRule::Number(text), number.span))
        }
        TextOrTable::Table(t) => {
            w.unknown_keys(&t);
            Some(Sp::new(
                RawRule::Table(Box::new(RawRuleTable {
                    rate: w.scalar(&t, "rate"),
                    step: w.scalar(&t, "step"),
                    rates: w.year_table(&t, "rates"),
                    freeze: w.boolean(&t, "freeze"),
                    index: w.strings(&t, "index"),
                    lag: w.integer(&t, "lag"),
                    spread: w.scalar(&t, "spread"),
                    cap: w.scalar(&t, "cap"),
                    floor: w.scalar(&t, "floor"),
                })),
                t.span.clone(),
            ))
        }
    }
}

/// Reads a `[[series]]` table (or the top level of a series file).
pub fn read_series(w: &mut Walker<'_>, t: &Table<'_, '_>) -> RawSeries {
    w.unknown_keys(t);
    RawSeries {
        span: t.span.clone(),
        name: w.string(t, "name"),
        description: w.string(t, "description"),
        kind: w.string(t, "kind"),
        values: w.year_table(t, "values"),
        file: w.string(t, "file"),
        assume: w.scalar(t, "assume"),
        source: w.string(t, "source"),
    }
}

fn read_exchange_rate(w: &mut Walker<'_>, t: &Table<'_, '_>) -> RawExchangeRate {
    w.unknown_keys(t);
    require(w, t, &[Required::Pair, Required::RateValues]);
    RawExchangeRate {
        span: t.span.clone(),
        pair: w.string(t, "pair"),
        unit: w.string(t, "unit"),
        values: w.year_table(t, "values"),
        assume: w.scalar(t, "assume"),
        source: w.string(t, "source"),
    }
}

fn read_troops(w: &mut Walker<'_>, t: &Table<'_, '_>) -> RawTroops {
    w.unknown_keys(t);
    require(w, t, &[Required::TroopCount]);
    RawTroops {
        span: t.span.clone(),
        count: w.scalar(t, "count"),
        years: w.year_table(t, "years"),
        source: w.string(t, "source"),
    }
}

fn read_categories(
    w: &mut Walker<'_>,
    parent: &Table<'_, '_>,
    path: &'static str,
) -> Vec<RawCategory> {
    w.tables(parent, "category", path, CATEGORY_KEYS)
        .iter()
        .map(|t| {
            w.unknown_keys(t);
            require(w, t, &[Required::CategoryName, Required::CategoryShare]);
            RawCategory {
                span: t.span.clone(),
                name: w.string(t, "name"),
                share: w.scalar(t, "share"),
                source: w.string(t, "source"),
            }
        })
        .collect()
}
