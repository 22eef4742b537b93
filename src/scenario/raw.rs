//! The shape of a scenario file: which tables and keys it has and of what TOML
//! type, read from the parsed document with every value's span kept.
//!
//! This stage checks shape only (unknown keys, missing keys, wrong types). What
//! the values mean (is `"+13%"` a valid start, do the phases overlap?) is
//! `validate.rs`'s job. Every key listed here is documented in
//! `docs/scenario-format.md`.

use toml::de::DeTable;

use super::read::{Reader, Scalar, Sp, Table, TextOrTable, YearTable};
use crate::diagnostic::Span;

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
pub fn read_study(reader: &mut Reader<'_>, doc: &DeTable<'_>) -> RawStudy {
    let root = Table::root(doc, STUDY_KEYS);
    reader.unknown_keys(&root);
    let title = reader.string(&root, "title");
    if title.is_none() && !has(&root, "title") {
        reader.missing(
            &root,
            "title",
            "add a line such as: title = \"2020 SMA talks\"",
        );
    }
    let currency = reader.string(&root, "currency");
    if currency.is_none() && !has(&root, "currency") {
        reader.missing(
            &root,
            "currency",
            "add the ISO code the amounts are in, e.g. currency = \"USD\"",
        );
    }
    let unit = reader.string(&root, "unit");
    let horizon = reader
        .table(&root, "horizon", "[horizon]", HORIZON_KEYS)
        .map(|t| read_horizon(reader, &t));
    if !has(&root, "horizon") {
        reader.missing(
            &root,
            "horizon",
            "add a [horizon] table with the last year compared, e.g. [horizon] last = 2024",
        );
    }
    let baseline = reader
        .table(&root, "baseline", "[baseline]", BASELINE_KEYS)
        .map(|t| read_baseline(reader, &t));
    if !has(&root, "baseline") {
        reader.missing(
            &root,
            "baseline",
            "add a [baseline] table with name, year and amount",
        );
    }
    let proposals = reader
        .tables(&root, "proposal", "[[proposal]]", PROPOSAL_KEYS)
        .iter()
        .map(|t| read_proposal(reader, t))
        .collect();
    let series = reader
        .tables(&root, "series", "[[series]]", SERIES_KEYS)
        .iter()
        .map(|t| read_series(reader, t))
        .collect();
    let exchange_rates = reader
        .tables(
            &root,
            "exchange_rate",
            "[[exchange_rate]]",
            EXCHANGE_RATE_KEYS,
        )
        .iter()
        .map(|t| read_exchange_rate(reader, t))
        .collect();
    let troops = reader
        .table(&root, "troops", "[troops]", TROOPS_KEYS)
        .map(|t| read_troops(reader, &t));
    let categories = read_categories(reader, &root, "[[category]]");
    RawStudy {
        series,
        exchange_rates,
        deflator: reader.string(&root, "deflator"),
        troops,
        categories,
        title,
        description: reader.string(&root, "description"),
        currency,
        unit,
        decimals: reader.integer(&root, "decimals"),
        rounding: read_rounding(reader, &root),
        horizon,
        baseline,
        proposals,
    }
}

fn has(table: &Table<'_, '_>, key: &str) -> bool {
    table.contains(key)
}

fn read_horizon(reader: &mut Reader<'_>, t: &Table<'_, '_>) -> RawHorizon {
    reader.unknown_keys(t);
    let last = reader.integer(t, "last");
    if !has(t, "last") {
        reader.missing(t, "last", "add the last year compared, e.g. last = 2024");
    }
    RawHorizon {
        span: t.span.clone(),
        first: reader.integer(t, "first"),
        last,
    }
}

fn read_baseline(reader: &mut Reader<'_>, t: &Table<'_, '_>) -> RawBaseline {
    reader.unknown_keys(t);
    for (key, help) in [
        ("name", "name the baseline, e.g. name = \"2019 SMA\""),
        ("year", "add the baseline's year, e.g. year = 2019"),
        (
            "amount",
            "add the baseline amount in the study's unit, e.g. amount = 870",
        ),
    ] {
        if !has(t, key) {
            reader.missing(t, key, help);
        }
    }
    RawBaseline {
        name: reader.string(t, "name"),
        year: reader.integer(t, "year"),
        amount: reader.scalar(t, "amount"),
        source: reader.string(t, "source"),
    }
}

fn read_rounding(reader: &mut Reader<'_>, parent: &Table<'_, '_>) -> Option<Sp<RawRounding>> {
    let help = "write rounding = \"0.1\" or rounding = { step = \"0.1\", mode = \"half-up\" }";
    match reader.text_or_table(
        parent,
        "rounding",
        "the `rounding` table",
        ROUNDING_KEYS,
        help,
    )? {
        TextOrTable::Text(text) => Some(Sp::new(
            RawRounding::Step(Sp::new(Scalar::Text(text.value), text.span.clone())),
            text.span,
        )),
        TextOrTable::Number(number) => {
            let span = number.span.clone();
            Some(Sp::new(RawRounding::Step(number), span))
        }
        TextOrTable::Table(t) => {
            reader.unknown_keys(&t);
            if !has(&t, "step") {
                reader.missing(
                    &t,
                    "step",
                    "add the step amounts are rounded to, e.g. step = \"0.1\"",
                );
            }
            Some(Sp::new(
                RawRounding::Table {
                    step: reader.scalar(&t, "step"),
                    mode: reader.string(&t, "mode"),
                },
                t.span.clone(),
            ))
        }
    }
}

fn read_proposal(reader: &mut Reader<'_>, t: &Table<'_, '_>) -> RawProposal {
    reader.unknown_keys(t);
    if !has(t, "name") {
        reader.missing(
            t,
            "name",
            "give the proposal a name, e.g. name = \"Seoul's offer\"",
        );
    }
    let phases = reader
        .tables(t, "phase", "[[proposal.phase]]", PHASE_KEYS)
        .iter()
        .map(|p| read_phase(reader, p))
        .collect();
    RawProposal {
        span: t.span.clone(),
        name: reader.string(t, "name"),
        party: reader.string(t, "party"),
        description: reader.string(t, "description"),
        source: reader.string(t, "source"),
        start: reader.scalar(t, "start"),
        escalation: read_rule(reader, t),
        phases,
        amounts: reader.year_table(t, "amounts"),
        freeze: reader.integers(t, "freeze"),
        rounding: read_rounding(reader, t),
        term_ends: reader.integer(t, "term_ends"),
        after_term: reader.string(t, "after_term"),
        categories: read_categories(reader, t, "[[proposal.category]]"),
    }
}

fn read_phase(reader: &mut Reader<'_>, t: &Table<'_, '_>) -> RawPhase {
    reader.unknown_keys(t);
    if !has(t, "escalation") {
        reader.missing(
            t,
            "escalation",
            "say how the amount changes in these years, e.g. escalation = \"4%\"",
        );
    }
    RawPhase {
        span: t.span.clone(),
        from: reader.integer(t, "from"),
        to: reader.integer(t, "to"),
        escalation: read_rule(reader, t),
        source: reader.string(t, "source"),
    }
}

fn read_rule(reader: &mut Reader<'_>, parent: &Table<'_, '_>) -> Option<Sp<RawRule>> {
    let help = "write escalation = \"4%\", or a table such as { step = 50 } or { rates = { 2022 = \"5.4%\" } }";
    match reader.text_or_table(
        parent,
        "escalation",
        "the `escalation` table",
        RULE_KEYS,
        help,
    )? {
        TextOrTable::Text(text) => Some(Sp::new(RawRule::Text(text.value), text.span)),
        TextOrTable::Number(number) => {
            let text = match number.value {
                Scalar::Number(n) | Scalar::Text(n) => n,
            };
            Some(Sp::new(RawRule::Number(text), number.span))
        }
        TextOrTable::Table(t) => {
            reader.unknown_keys(&t);
            Some(Sp::new(
                RawRule::Table(Box::new(RawRuleTable {
                    rate: reader.scalar(&t, "rate"),
                    step: reader.scalar(&t, "step"),
                    rates: reader.year_table(&t, "rates"),
                    freeze: reader.boolean(&t, "freeze"),
                    index: reader.strings(&t, "index"),
                    lag: reader.integer(&t, "lag"),
                    spread: reader.scalar(&t, "spread"),
                    cap: reader.scalar(&t, "cap"),
                    floor: reader.scalar(&t, "floor"),
                })),
                t.span.clone(),
            ))
        }
    }
}

/// Reads a `[[series]]` table (or the top level of a series file).
pub fn read_series(reader: &mut Reader<'_>, t: &Table<'_, '_>) -> RawSeries {
    reader.unknown_keys(t);
    RawSeries {
        span: t.span.clone(),
        name: reader.string(t, "name"),
        description: reader.string(t, "description"),
        kind: reader.string(t, "kind"),
        values: reader.year_table(t, "values"),
        file: reader.string(t, "file"),
        assume: reader.scalar(t, "assume"),
        source: reader.string(t, "source"),
    }
}

fn read_exchange_rate(reader: &mut Reader<'_>, t: &Table<'_, '_>) -> RawExchangeRate {
    reader.unknown_keys(t);
    for (key, help) in [
        (
            "pair",
            "name the two currencies, e.g. pair = \"USD/KRW\" (won per dollar)",
        ),
        (
            "values",
            "give the rates by year, e.g. values = { 2019 = 1166.11 }",
        ),
    ] {
        if !has(t, key) {
            reader.missing(t, key, help);
        }
    }
    RawExchangeRate {
        span: t.span.clone(),
        pair: reader.string(t, "pair"),
        unit: reader.string(t, "unit"),
        values: reader.year_table(t, "values"),
        assume: reader.scalar(t, "assume"),
        source: reader.string(t, "source"),
    }
}

fn read_troops(reader: &mut Reader<'_>, t: &Table<'_, '_>) -> RawTroops {
    reader.unknown_keys(t);
    if !has(t, "count") {
        reader.missing(t, "count", "give the number of troops, e.g. count = 28500");
    }
    RawTroops {
        span: t.span.clone(),
        count: reader.scalar(t, "count"),
        years: reader.year_table(t, "years"),
        source: reader.string(t, "source"),
    }
}

fn read_categories(
    reader: &mut Reader<'_>,
    parent: &Table<'_, '_>,
    name: &str,
) -> Vec<RawCategory> {
    reader
        .tables(parent, "category", name, CATEGORY_KEYS)
        .iter()
        .map(|t| {
            reader.unknown_keys(t);
            for (key, help) in [
                ("name", "name the category, e.g. name = \"labor\""),
                (
                    "share",
                    "give its share of each year's amount, e.g. share = \"40%\"",
                ),
            ] {
                if !has(t, key) {
                    reader.missing(t, key, help);
                }
            }
            RawCategory {
                span: t.span.clone(),
                name: reader.string(t, "name"),
                share: reader.scalar(t, "share"),
                source: reader.string(t, "source"),
            }
        })
        .collect()
}
