//! From the shape of a file to a checked [`Study`]: what every value means, and
//! every way the values can contradict each other.
//!
//! Each check records a located diagnostic and moves on, so one run reports every
//! problem. A proposal's rules (start, escalation, phases, set amounts, freeze
//! years, term) are resolved here into one [`PlannedYear`] per horizon year; the
//! engine never sees a rule that does not apply.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::data;
use super::model::{
    AfterTerm, Baseline, Category, Clamp, Freeze, Growth, GrowthNote, Horizon, IndexTerm,
    MAX_HORIZON_YEARS, PlannedYear, Proposal, Series, SeriesGap, Set, Study, Unit, YearRule,
};
use super::raw::{
    RawBaseline, RawHorizon, RawPhase, RawProposal, RawRounding, RawRule, RawRuleTable, RawStudy,
};
use super::read::{Reader, Scalar, Sp};
use crate::diagnostic::{Diagnostics, SourceFile, Span, did_you_mean};
use crate::money::{self, NumberError, PercentError, Rate, Rounding, RoundingMode};

/// The earliest and latest years a study may name.
pub const YEAR_RANGE: std::ops::RangeInclusive<i64> = 1..=9999;
/// The most proposal-years a study may hold (proposals × horizon years): a
/// bound on the work and memory one file can ask for, far above any real
/// study (the benchmark's synthetic sweep is 50,000).
pub const MAX_PROPOSAL_YEARS: usize = 250_000;
/// The most decimal places `decimals` may ask for.
pub const MAX_DECIMALS: i64 = 10;
const MAX_DECIMALS_U32: u32 = 10;

/// Checks a raw study; returns the model, or records every problem and returns `None`.
pub fn validate(
    file: &Arc<SourceFile>,
    raw: RawStudy,
    base_dir: Option<&Path>,
    diags: &mut Diagnostics,
) -> Option<Study> {
    let before = diags.0.len();
    let mut cx = Reader { file, diags };
    let title = raw.title.and_then(|t| non_empty(&mut cx, t, "title"));
    let currency = raw.currency.and_then(|c| currency(&mut cx, c));
    let unit = match raw.unit {
        Some(u) => unit(&mut cx, u),
        None => Some(Unit::Units),
    };
    let rounding = raw.rounding.and_then(|r| rounding(&mut cx, r)).flatten();
    let decimals = match raw.decimals {
        Some(d) if (0..=MAX_DECIMALS).contains(&d.value) => u32::try_from(d.value).ok(),
        Some(d) => {
            out_of_range_decimals(&mut cx, &d);
            None
        }
        None => Some(rounding.map_or(1, |r| r.decimals().min(MAX_DECIMALS_U32))),
    };
    let baseline = raw.baseline.and_then(|b| baseline(&mut cx, b));
    let horizon = match (raw.horizon, &baseline) {
        (Some(h), Some(b)) => horizon(&mut cx, h, b.year),
        _ => None,
    };
    // Series that are declared but fail to read are reported once, not again
    // by every rule that names them.
    let declared: Vec<String> = raw
        .series
        .iter()
        .filter_map(|s| s.name.as_ref().map(|n| n.value.clone()))
        .collect();
    let series = data::series(&mut cx, raw.series, base_dir);
    let years = match (&baseline, horizon) {
        (Some(b), Some(h)) => Some(b.year..=h.last),
        _ => None,
    };
    let exchange_rates = data::exchange_rates(
        &mut cx,
        raw.exchange_rates,
        currency.as_deref(),
        unit,
        years.clone(),
    );
    let failed = |name: &Sp<String>| {
        declared.contains(&name.value) && !series.iter().any(|s| s.name == name.value)
    };
    let deflator = match &raw.deflator {
        // The series' own problem is already reported.
        Some(name) if failed(name) => Some(None),
        d => data::deflator(&mut cx, d.as_ref(), &series, years),
    };
    let troops = data::troops(&mut cx, raw.troops);
    let categories = data::categories(&mut cx, raw.categories, 0..0);
    let mut proposals = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for raw_proposal in raw.proposals {
        if let Some(name) = &raw_proposal.name {
            if let Some(first) = names.get(&name.value) {
                let (line, _) = cx.file.line_col(first.start);
                cx.report(
                    name.span.clone(),
                    format!("two proposals are named `{}`", name.value),
                    "this name is already used",
                    Some(format!(
                        "the first is at line {line}; give each proposal its own name"
                    )),
                );
            } else {
                names.insert(name.value.clone(), name.span.clone());
            }
        }
        match (horizon, &baseline) {
            (Some(horizon), Some(baseline)) => {
                let ctx = Context {
                    horizon,
                    baseline,
                    rounding,
                    series: &series,
                    declared_series: &declared,
                    categories: categories.as_deref().unwrap_or_default(),
                };
                if let Some(p) = proposal(&mut cx, raw_proposal, &ctx) {
                    proposals.push(p);
                }
            }
            // Without the years, still check every value that can be checked alone.
            _ => proposal_values(&mut cx, raw_proposal),
        }
    }
    if let (Some(h), false) = (horizon, proposals.is_empty()) {
        let work = proposals.len().saturating_mul(h.len());
        if work > MAX_PROPOSAL_YEARS {
            cx.diags.push(
                crate::diagnostic::Diagnostic::in_file(
                    cx.file,
                    format!(
                        "the study has {} proposals × {} years = {work} proposal-years; the most is {MAX_PROPOSAL_YEARS}",
                        proposals.len(),
                        h.len()
                    ),
                )
                .with_help("split the study into several files, or shorten the horizon"),
            );
        }
    }
    if cx.diags.0.len() > before {
        return None;
    }
    Some(Study {
        file: Arc::clone(file),
        title: title?,
        description: raw.description.map(|d| d.value),
        currency: currency?,
        unit: unit?,
        decimals: decimals?,
        horizon: horizon?,
        baseline: baseline?,
        proposals,
        series,
        exchange_rates,
        deflator: deflator?,
        troops: troops?,
    })
}

fn out_of_range_decimals(cx: &mut Reader<'_>, d: &Sp<i64>) {
    cx.report(
        d.span.clone(),
        format!(
            "`decimals` must be between 0 and {MAX_DECIMALS}, found {}",
            d.value
        ),
        "out of range",
        Some("decimals is how many decimal places tables show, e.g. decimals = 1".to_string()),
    );
}

pub(super) fn non_empty(cx: &mut Reader<'_>, text: Sp<String>, key: &str) -> Option<String> {
    if text.value.trim().is_empty() {
        cx.report(
            text.span,
            format!("`{key}` is empty"),
            "write some text here",
            None,
        );
        None
    } else {
        Some(text.value)
    }
}

fn currency(cx: &mut Reader<'_>, code: Sp<String>) -> Option<String> {
    let value = code.value.trim();
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(value.to_string());
    }
    let help = if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        format!(
            "write it in capitals: currency = \"{}\"",
            value.to_ascii_uppercase()
        )
    } else {
        "use the three-letter ISO 4217 code, e.g. \"USD\", \"KRW\", \"JPY\", \"EUR\"".to_string()
    };
    cx.report(
        code.span,
        format!("`{}` is not an ISO currency code", code.value),
        "expected three capital letters",
        Some(help),
    );
    None
}

fn unit(cx: &mut Reader<'_>, text: Sp<String>) -> Option<Unit> {
    let value = text.value.trim().to_ascii_lowercase();
    if let Some(unit) = Unit::ALL.iter().find(|u| u.name() == value) {
        return Some(*unit);
    }
    let names: Vec<&str> = Unit::ALL.iter().map(|u| u.name()).collect();
    let help = match did_you_mean(&value, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("the units are: {}", names.join(", ")),
    };
    cx.report(
        text.span,
        format!("`{}` is not a unit", text.value),
        "unknown unit",
        Some(help),
    );
    None
}

pub(super) fn year(cx: &mut Reader<'_>, year: &Sp<i64>, what: &str) -> Option<i32> {
    if YEAR_RANGE.contains(&year.value) {
        return i32::try_from(year.value).ok();
    }
    cx.report(
        year.span.clone(),
        format!("{what} {} is not a year costshare can use", year.value),
        "expected a year from 1 to 9999",
        None,
    );
    None
}

/// An amount written as a number or a string of digits, exactly.
pub(super) fn amount(cx: &mut Reader<'_>, scalar: &Sp<Scalar>, what: &str) -> Option<Decimal> {
    let text = match &scalar.value {
        Scalar::Number(n) | Scalar::Text(n) => n,
    };
    if matches!(scalar.value, Scalar::Text(_)) && text.trim_end().ends_with('%') {
        cx.report(
            scalar.span.clone(),
            format!("{what} must be an amount, not a percentage"),
            "expected an amount",
            Some("write the amount in the study's unit, e.g. 1300".to_string()),
        );
        return None;
    }
    match money::parse_decimal(text) {
        Ok(value) => Some(value),
        Err(e) => {
            number_error(cx, scalar.span.clone(), what, &e);
            None
        }
    }
}

fn number_error(cx: &mut Reader<'_>, span: Span, what: &str, e: &NumberError) {
    let help = match e {
        NumberError::Comma(text) => Some(format!(
            "write {} (or with `_` between digits, as a TOML number) instead of {text}",
            text.replace(',', "")
        )),
        NumberError::TooPrecise(_) | NumberError::TooLarge(_) => {
            Some("amounts are held as exact decimals of up to 28 digits".to_string())
        }
        _ => None,
    };
    cx.report(span, format!("{what}: {e}"), "not a usable number", help);
}

pub(super) fn positive_amount(
    cx: &mut Reader<'_>,
    scalar: &Sp<Scalar>,
    what: &str,
) -> Option<Decimal> {
    let value = amount(cx, scalar, what)?;
    if value <= Decimal::ZERO {
        cx.report(
            scalar.span.clone(),
            format!("{what} must be more than zero, found {value}"),
            "not a positive amount",
            Some(
                "payments, index levels and exchange rates are all above zero; percentages against zero mean nothing"
                    .to_string(),
            ),
        );
        return None;
    }
    Some(value)
}

/// A growth rate, which must be written with a `%` and be above −100%.
pub(super) fn rate(cx: &mut Reader<'_>, scalar: &Sp<Scalar>, what: &str) -> Option<Rate> {
    let text = match &scalar.value {
        Scalar::Number(n) => {
            cx.report(
                scalar.span.clone(),
                format!("{what} is a bare number; a rate needs a % sign"),
                "expected a percentage",
                Some(format!("write \"{n}%\" (in quotes) for {n} percent")),
            );
            return None;
        }
        Scalar::Text(t) => t,
    };
    let parsed = match money::parse_percent(text) {
        Ok(rate) => rate,
        Err(PercentError::NoPercentSign) => {
            let help = if money::parse_decimal(text).is_ok() {
                format!("write \"{}%\" for {} percent", text.trim(), text.trim())
            } else {
                "write a percentage such as \"4%\" or \"-2.5%\"".to_string()
            };
            cx.report(
                scalar.span.clone(),
                format!("{what} `{text}` has no % sign"),
                "expected a percentage",
                Some(help),
            );
            return None;
        }
        Err(PercentError::Number(e)) => {
            number_error(cx, scalar.span.clone(), what, &e);
            return None;
        }
    };
    if parsed.fraction() <= Decimal::NEGATIVE_ONE {
        cx.report(
            scalar.span.clone(),
            format!("{what} {parsed} would leave nothing to pay"),
            "a rate must be above -100%",
            Some("a fall of 100% or more makes the amount zero or negative".to_string()),
        );
        return None;
    }
    Some(parsed)
}

fn rounding(cx: &mut Reader<'_>, raw: Sp<RawRounding>) -> Option<Option<Rounding>> {
    let (step, mode) = match raw.value {
        RawRounding::Step(step) => (Some(step), None),
        RawRounding::Table { step, mode } => (step, mode),
    };
    let step = step?;
    if let Scalar::Text(t) = &step.value {
        if t.trim().eq_ignore_ascii_case("none") {
            return Some(None);
        }
    }
    let value = amount(cx, &step, "the rounding step")?;
    if value <= Decimal::ZERO {
        cx.report(
            step.span,
            format!("the rounding step must be more than zero, found {value}"),
            "not a positive step",
            Some("write e.g. rounding = \"0.1\" to round to tenths, or \"none\"".to_string()),
        );
        return None;
    }
    let mode = match mode {
        None => RoundingMode::HalfUp,
        Some(m) => match RoundingMode::from_name(m.value.trim()) {
            Some(mode) => mode,
            None => {
                let names = RoundingMode::ALL.map(|(n, _)| n);
                let help = match did_you_mean(&m.value, names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the modes are: {}", names.join(", ")),
                };
                cx.report(
                    m.span,
                    format!("`{}` is not a rounding mode", m.value),
                    "unknown mode",
                    Some(help),
                );
                return None;
            }
        },
    };
    Some(Some(Rounding { step: value, mode }))
}

fn baseline(cx: &mut Reader<'_>, raw: RawBaseline) -> Option<Baseline> {
    let name = raw.name.and_then(|n| non_empty(cx, n, "name"));
    let year = raw.year.and_then(|y| year(cx, &y, "the baseline year"));
    let span = raw.amount.as_ref().map_or(0..0, |a| a.span.clone());
    let amount = raw
        .amount
        .and_then(|a| positive_amount(cx, &a, "the baseline amount"));
    Some(Baseline {
        name: name?,
        year: year?,
        amount: amount?,
        source: raw.source.map(|s| s.value),
        span,
    })
}

fn horizon(cx: &mut Reader<'_>, raw: RawHorizon, baseline_year: i32) -> Option<Horizon> {
    let expected_first = baseline_year.saturating_add(1);
    if i64::from(expected_first) > *YEAR_RANGE.end() {
        let span = raw
            .last
            .as_ref()
            .map_or(raw.span.clone(), |l| l.span.clone());
        cx.report(
            span,
            format!("the baseline year {baseline_year} leaves no year to compare"),
            "no years after the baseline",
            Some(format!(
                "the last year costshare can use is {}",
                YEAR_RANGE.end()
            )),
        );
        return None;
    }
    let mut ok = true;
    if let Some(first) = &raw.first {
        if first.value != i64::from(expected_first) {
            cx.report(
                first.span.clone(),
                format!(
                    "the horizon starts in {} but the baseline year is {baseline_year}",
                    first.value
                ),
                &format!("expected {expected_first}"),
                Some(format!(
                    "the horizon starts the year after the baseline: first = {expected_first} (or leave `first` out)"
                )),
            );
            ok = false;
        }
    }
    let last_sp = raw.last?;
    let last = year(cx, &last_sp, "the last year")?;
    if last < expected_first {
        cx.report(
            last_sp.span.clone(),
            format!("the horizon ends in {last}, before it starts in {expected_first}"),
            "the last year is too early",
            Some(format!("the last year must be {expected_first} or later")),
        );
        return None;
    }
    let years = last.saturating_sub(baseline_year);
    if years > MAX_HORIZON_YEARS {
        cx.report(
            last_sp.span,
            format!("the horizon covers {years} years; the most is {MAX_HORIZON_YEARS}"),
            "too many years",
            Some("cost-sharing deals run for a few years; check the last year".to_string()),
        );
        return None;
    }
    ok.then_some(Horizon {
        first: expected_first,
        last,
    })
}

/// A rule as written, before it is laid out over years.
/// A rule as written, before it is laid out over years.
#[derive(Clone)]
enum RuleSpec {
    Grow(Rate, Limits),
    Add(Decimal),
    Freeze,
    Table(BTreeMap<i32, TableRate>, Limits),
    Index(IndexSpec),
}

/// One entry of a rates table.
#[derive(Clone)]
struct TableRate {
    rate: Rate,
    span: Span,
    source: Option<String>,
}

/// A cap and a floor on a growth rate.
#[derive(Clone, Copy, Default)]
struct Limits {
    cap: Option<Rate>,
    floor: Option<Rate>,
}

impl Limits {
    /// The rate after the limits, and the limit that bound, if one did.
    fn apply(self, rate: Rate) -> (Rate, Option<Clamp>) {
        match (self.cap, self.floor) {
            (Some(cap), _) if rate > cap => (cap, Some(Clamp::Cap(cap))),
            (_, Some(floor)) if rate < floor => (floor, Some(Clamp::Floor(floor))),
            _ => (rate, None),
        }
    }
}

/// `{ index = …, lag = …, spread = … }`
#[derive(Clone)]
struct IndexSpec {
    series: Vec<Sp<String>>,
    lag: i32,
    spread: Option<Rate>,
    limits: Limits,
}

const RULE_FORMS: &str = "write \"4%\" for a constant rate, { step = 50 } for a fixed amount a year, \
     { rates = { 2022 = \"5.4%\" } } for a rate per year, { index = \"cpi\", lag = 1 } to follow an index, or \"freeze\"";

fn rule(cx: &mut Reader<'_>, raw: Sp<RawRule>) -> Option<RuleSpec> {
    match raw.value {
        RawRule::Number(n) => {
            cx.report(
                raw.span,
                "escalation is a bare number; a rate needs a % sign",
                "expected a percentage or a rule",
                Some(format!(
                    "write \"{n}%\" (in quotes) for {n} percent a year, or {{ step = {n} }} for {n} more each year"
                )),
            );
            None
        }
        RawRule::Text(text) => {
            let word = text.trim().to_ascii_lowercase();
            if word == "freeze" || word == "frozen" || word == "flat" {
                return Some(RuleSpec::Freeze);
            }
            if word.ends_with('%') {
                let scalar = Sp::new(Scalar::Text(text), raw.span);
                return rate(cx, &scalar, "the escalation rate")
                    .map(|r| RuleSpec::Grow(r, Limits::default()));
            }
            let help = if money::parse_decimal(&word).is_ok() {
                format!(
                    "write \"{}%\" for a rate, or {{ step = {} }} for a fixed amount a year",
                    text.trim(),
                    text.trim().trim_start_matches('+')
                )
            } else if did_you_mean(&word, ["freeze"]).is_some() {
                "did you mean `freeze`?".to_string()
            } else {
                RULE_FORMS.to_string()
            };
            cx.report(
                raw.span,
                format!("`{text}` is not an escalation rule"),
                "not a rule",
                Some(help),
            );
            None
        }
        RawRule::Table(table) => {
            let RawRuleTable {
                rate: r,
                step,
                rates,
                freeze,
                index,
                lag,
                spread,
                cap,
                floor,
            } = *table;
            let given = [
                r.is_some(),
                step.is_some(),
                rates.is_some(),
                freeze.is_some(),
                index.is_some(),
            ]
            .iter()
            .filter(|x| **x)
            .count();
            if given != 1 {
                let message = if given == 0 {
                    "the escalation table gives no rule"
                } else {
                    "the escalation table gives more than one rule"
                };
                cx.report(
                    raw.span,
                    message,
                    "expected exactly one of `rate`, `step`, `rates`, `freeze`, `index`",
                    Some(
                        "use phases ([[proposal.phase]]) for different rules in different years"
                            .to_string(),
                    ),
                );
                return None;
            }
            // `lag` and `spread` belong to index rules; `cap` and `floor` to any rule that gives a rate.
            let mut ok = true;
            if index.is_none() {
                for (key, sp) in [
                    ("lag", lag.as_ref().map(|l| l.span.clone())),
                    ("spread", spread.as_ref().map(|s| s.span.clone())),
                ] {
                    if let Some(span) = sp {
                        cx.report(
                            span,
                            format!("`{key}` applies to index rules only"),
                            "no index here",
                            Some("add index = \"name\" of a [[series]], or remove it".to_string()),
                        );
                        ok = false;
                    }
                }
            }
            if step.is_some() || freeze.is_some() {
                for (key, sp) in [("cap", cap.as_ref()), ("floor", floor.as_ref())] {
                    if let Some(sp) = sp {
                        cx.report(
                            sp.span.clone(),
                            format!("`{key}` limits a growth rate; this rule has none"),
                            "nothing to limit",
                            Some("caps and floors go with `rate`, `rates` or `index`".to_string()),
                        );
                        ok = false;
                    }
                }
            }
            let limits = limits(cx, cap.as_ref(), floor.as_ref());
            if !ok {
                return None;
            }
            if let Some(r) = r {
                let r = rate(cx, &r, "the escalation rate")?;
                return Some(RuleSpec::Grow(r, limits?));
            }
            if let Some(step) = step {
                if let Scalar::Text(t) = &step.value {
                    if t.trim_end().ends_with('%') {
                        cx.report(
                            step.span,
                            "`step` is an amount added each year, not a percentage",
                            "expected an amount",
                            Some(format!(
                                "for a percentage a year write rate = \"{}\"",
                                t.trim()
                            )),
                        );
                        return None;
                    }
                }
                return amount(cx, &step, "the step").map(RuleSpec::Add);
            }
            if let Some(freeze) = freeze {
                if freeze.value {
                    return Some(RuleSpec::Freeze);
                }
                cx.report(
                    freeze.span,
                    "`freeze = false` is not a rule",
                    "expected true",
                    Some("remove it and give a rate, a step or rates instead".to_string()),
                );
                return None;
            }
            if let Some(index) = index {
                if index.value.is_empty() {
                    cx.report(
                        index.span,
                        "`index` names no series",
                        "empty",
                        Some(
                            "write index = \"cpi\", or index = [\"a\", \"b\"] to add several"
                                .to_string(),
                        ),
                    );
                    return None;
                }
                let lag = match &lag {
                    None => Some(0),
                    Some(l) if (0..=MAX_LAG).contains(&l.value) => i32::try_from(l.value).ok(),
                    Some(l) => {
                        cx.report(l.span.clone(), format!("a lag of {} years is not possible", l.value), &format!("expected 0 to {MAX_LAG}"), Some("the lag is how many years before the grown year the index value is taken from: lag = 2 for \"CPI of two years earlier\"".to_string()));
                        None
                    }
                };
                let spread = match &spread {
                    None => Some(None),
                    Some(s) => rate(cx, s, "the spread").map(Some),
                };
                return Some(RuleSpec::Index(IndexSpec {
                    series: index.value,
                    lag: lag?,
                    spread: spread?,
                    limits: limits?,
                }));
            }
            let rates = rates?;
            let mut table = BTreeMap::new();
            let mut ok = true;
            for e in &rates.value {
                let Some(yr) = year(cx, &e.year, "the rates table year") else {
                    ok = false;
                    continue;
                };
                match rate(cx, &e.value, &format!("the {yr} rate")) {
                    Some(r) => {
                        table.insert(
                            yr,
                            TableRate {
                                rate: r,
                                span: e.value.span.clone(),
                                source: e.source.clone(),
                            },
                        );
                    }
                    None => ok = false,
                }
            }
            // Entries with bad keys were reported and dropped when read; the
            // table is empty only if nothing was written in it.
            let written = cx
                .file
                .text
                .get(rates.span.clone())
                .is_some_and(|t| t.contains('='));
            if table.is_empty() && ok && !written {
                cx.report(
                    rates.span,
                    "the rates table is empty",
                    "no years here",
                    Some("write rates = { 2022 = \"5.4%\", 2023 = \"3.4%\" }".to_string()),
                );
                return None;
            }
            if !ok {
                return None;
            }
            Some(RuleSpec::Table(table, limits?))
        }
    }
}

/// The longest lag an index rule may have.
pub const MAX_LAG: i64 = 50;

/// `cap` and `floor`, checked against each other.
fn limits(
    cx: &mut Reader<'_>,
    cap: Option<&Sp<Scalar>>,
    floor: Option<&Sp<Scalar>>,
) -> Option<Limits> {
    let cap_rate = match cap {
        Some(c) => Some(rate(cx, c, "the cap")?),
        None => None,
    };
    let floor_rate = match floor {
        Some(f) => Some(rate(cx, f, "the floor")?),
        None => None,
    };
    if let (Some(c), Some(f), Some(cap_sp)) = (cap_rate, floor_rate, cap) {
        if c < f {
            cx.report(
                cap_sp.span.clone(),
                format!("the cap ({c}) is below the floor ({f})"),
                "below the floor",
                Some("the cap is the highest growth allowed and the floor the lowest; swap them or correct one".to_string()),
            );
            return None;
        }
    }
    Some(Limits {
        cap: cap_rate,
        floor: floor_rate,
    })
}

/// A phase with its years worked out.
struct PhaseSpec {
    from: i32,
    to: i32,
    rule: RuleSpec,
    span: Span,
    from_span: Span,
    source: Option<String>,
}

/// What a proposal is checked against: the study's checked parts.
pub(super) struct Context<'a> {
    pub horizon: Horizon,
    pub baseline: &'a Baseline,
    pub rounding: Option<Rounding>,
    pub series: &'a [Series],
    pub declared_series: &'a [String],
    pub categories: &'a [Category],
}

/// A planned year with no assumption, note or source.
fn planned(year: i32, rule: YearRule, span: Span) -> PlannedYear {
    PlannedYear {
        year,
        rule,
        after_term: false,
        span,
        assumed: false,
        note: None,
        source: None,
    }
}

fn proposal(cx: &mut Reader<'_>, raw: RawProposal, ctx: &Context<'_>) -> Option<Proposal> {
    let horizon = ctx.horizon;
    let before = cx.diags.0.len();
    let name_sp = raw.name.clone();
    let name = raw.name.and_then(|n| non_empty(cx, n, "name"));
    let span = name_sp.map_or(raw.span.clone(), |n| n.span);
    let rounding = match raw.rounding {
        Some(r) => rounding(cx, r).unwrap_or(ctx.rounding),
        None => ctx.rounding,
    };
    let categories = if raw.categories.is_empty() {
        Some(ctx.categories.to_vec())
    } else {
        super::data::categories(cx, raw.categories, raw.span.clone())
    };

    // The term, and what follows it.
    let term_ends = raw.term_ends.as_ref().and_then(|t| {
        let y = year(cx, t, "`term_ends`")?;
        if !horizon.years().contains(&y) {
            cx.report(
                t.span.clone(),
                format!(
                    "the term ends in {y}, outside the horizon {}–{}",
                    horizon.first, horizon.last
                ),
                "outside the horizon",
                Some(format!(
                    "term_ends must be between {} and {}",
                    horizon.first, horizon.last
                )),
            );
            return None;
        }
        Some(y)
    });
    let after_term = raw
        .after_term
        .as_ref()
        .map_or(AfterTerm::Hold, |a| after_term(cx, a));
    if let (Some(a), None) = (&raw.after_term, &raw.term_ends) {
        cx.report(
            a.span.clone(),
            "`after_term` is given but the proposal has no `term_ends`",
            "nothing to follow",
            Some("add term_ends = YEAR, or remove after_term".to_string()),
        );
    }
    let term_last = term_ends.unwrap_or(horizon.last);

    // Years set outright and years frozen.
    let mut set_years: BTreeMap<i32, (Decimal, Span, Option<String>)> = BTreeMap::new();
    if let Some(amounts) = &raw.amounts {
        for e in &amounts.value {
            let Some(yr) = year(cx, &e.year, "the year") else {
                continue;
            };
            if !horizon.years().contains(&yr) {
                outside_horizon(cx, e.year.span.clone(), yr, horizon, "`amounts`");
                continue;
            }
            if let Some(v) = positive_amount(cx, &e.value, &format!("the {yr} amount")) {
                set_years.insert(yr, (v, e.value.span.clone(), e.source.clone()));
            }
        }
    }
    let mut freeze_years: BTreeMap<i32, Span> = BTreeMap::new();
    if let Some(freeze) = &raw.freeze {
        for y in &freeze.value {
            let Some(yr) = year(cx, y, "the freeze year") else {
                continue;
            };
            if !horizon.years().contains(&yr) {
                outside_horizon(cx, y.span.clone(), yr, horizon, "`freeze`");
                continue;
            }
            if set_years.contains_key(&yr) {
                cx.report(
                    y.span.clone(),
                    format!("{yr} is both frozen and given an amount"),
                    "frozen here",
                    Some(format!("remove {yr} from `freeze` or from `amounts`")),
                );
                continue;
            }
            freeze_years.insert(yr, y.span.clone());
        }
    }
    if let Some(start) = &raw.start {
        let first = horizon.first;
        let clash = set_years
            .get(&first)
            .map(|(_, s, _)| (s.clone(), "`amounts`"))
            .or_else(|| freeze_years.get(&first).map(|s| (s.clone(), "`freeze`")));
        if let Some((span, key)) = clash {
            let (line, _) = cx.file.line_col(start.span.start);
            cx.report(
                span,
                format!("{first} is set both by `start` (line {line}) and by {key}"),
                "the first year is already set",
                Some(format!(
                    "keep one: remove {first} from {key}, or remove `start`"
                )),
            );
        }
    }
    let pinned = |y: i32| set_years.contains_key(&y) || freeze_years.contains_key(&y);
    // A phase with no `escalation` was reported when read; its years are not
    // reported again as uncovered.
    let phase_without_rule = raw.phases.iter().any(|p| p.escalation.is_none());
    let lay = Lay {
        series: ctx.series,
        declared: ctx.declared_series,
        proposal: name.as_deref().unwrap_or("this proposal"),
        pinned: &pinned,
    };

    let mut plan: BTreeMap<i32, PlannedYear> = BTreeMap::new();

    // The first year, from `start`.
    let mut rule_from = horizon.first;
    if let Some(start) = &raw.start {
        if let Some(rule) = start_rule(cx, start, Some(ctx.baseline.year)) {
            plan.insert(
                horizon.first,
                planned(horizon.first, rule, start.span.clone()),
            );
        }
        rule_from = horizon.first.saturating_add(1);
    }

    // The years the rules must cover: from `rule_from` to the end of the term.
    // The rule in force in the term's last year may go on after it.
    let mut last_rule: Option<PhaseSpec> = None;
    if raw.escalation.is_some() && !raw.phases.is_empty() {
        if let Some(e) = &raw.escalation {
            cx.report(
                e.span.clone(),
                "a proposal has either `escalation` or phases, not both",
                "escalation given here",
                Some("move this rule into a [[proposal.phase]] of its own".to_string()),
            );
        }
    } else if let Some(esc) = raw.escalation {
        let esc_span = esc.span.clone();
        if let Some(spec) = rule(cx, esc) {
            let phase = PhaseSpec {
                from: rule_from,
                to: term_last,
                rule: spec,
                span: esc_span.clone(),
                from_span: esc_span,
                source: None,
            };
            lay.out(cx, &mut plan, &phase, false);
            last_rule = Some(phase);
        }
    } else if !raw.phases.is_empty() {
        let phases = phases(
            cx,
            raw.phases,
            rule_from,
            term_last,
            horizon,
            raw.start.is_some(),
        );
        for phase in &phases {
            lay.out(cx, &mut plan, phase, false);
        }
        last_rule = phases.into_iter().last().filter(|p| p.to == term_last);
    } else {
        for y in rule_from..=term_last {
            plan.insert(
                y,
                planned(
                    y,
                    YearRule::Freeze {
                        why: Freeze::NoRule,
                    },
                    span.clone(),
                ),
            );
        }
        last_rule = Some(PhaseSpec {
            from: rule_from,
            to: term_last,
            rule: RuleSpec::Freeze,
            span: span.clone(),
            from_span: span.clone(),
            source: None,
        });
    }

    // Set amounts and freeze years take precedence over the rules.
    for (y, (amount, s, source)) in &set_years {
        let mut p = planned(
            *y,
            YearRule::Set {
                amount: *amount,
                why: Set::Override,
            },
            s.clone(),
        );
        p.source = source.clone();
        plan.insert(*y, p);
    }
    for (y, s) in &freeze_years {
        plan.insert(
            *y,
            planned(*y, YearRule::Freeze { why: Freeze::Year }, s.clone()),
        );
    }

    // After the term.
    if term_last < horizon.last {
        let after_from = term_last.saturating_add(1);
        match (after_term, last_rule) {
            (AfterTerm::Continue, Some(last)) if !matches!(last.rule, RuleSpec::Table(..)) => {
                let phase = PhaseSpec {
                    from: after_from,
                    to: horizon.last,
                    ..last
                };
                lay.out(cx, &mut plan, &phase, true);
            }
            (AfterTerm::Continue, _) => {
                let s = raw
                    .after_term
                    .as_ref()
                    .map_or(span.clone(), |a| a.span.clone());
                cx.report(
                    s,
                    format!("after_term = \"continue\" has no rule to continue after {term_last}"),
                    "nothing to continue",
                    Some("the term's last year must follow a constant rate, a step, an index or a freeze (a rates table ends with its years); or use after_term = \"hold\"".to_string()),
                );
            }
            (AfterTerm::Hold, _) => {
                for y in after_from..=horizon.last {
                    if !pinned(y) {
                        let s = plan
                            .get(&term_last)
                            .map_or(span.clone(), |p| p.span.clone());
                        plan.insert(
                            y,
                            planned(
                                y,
                                YearRule::Freeze {
                                    why: Freeze::AfterTerm,
                                },
                                s,
                            ),
                        );
                    }
                }
            }
        }
        for y in after_from..=horizon.last {
            if let Some(p) = plan.get_mut(&y) {
                p.after_term = true;
            }
        }
    }

    if cx.diags.0.len() > before || phase_without_rule {
        return None;
    }
    // Every horizon year has exactly one rule by now; make sure of it.
    let plan: Vec<PlannedYear> = plan.into_values().collect();
    if plan.len() != horizon.len() || plan.iter().zip(horizon.years()).any(|(p, y)| p.year != y) {
        let covered: Vec<i32> = plan.iter().map(|p| p.year).collect();
        let missing = years_text(horizon.years().filter(|y| !covered.contains(y)));
        cx.report(
            span,
            format!("no rule sets the amount for {missing}"),
            "in this proposal",
            Some(
                "give an escalation rule, phases that cover every year, or amounts for those years"
                    .to_string(),
            ),
        );
        return None;
    }
    Some(Proposal {
        name: name?,
        party: raw.party.map(|p| p.value),
        description: raw.description.map(|d| d.value),
        source: raw.source.map(|s| s.value),
        span,
        rounding,
        term_ends: term_ends.filter(|t| *t < horizon.last),
        after_term,
        plan,
        categories: categories?,
    })
}

/// `after_term = "hold" | "continue"`.
fn after_term(cx: &mut Reader<'_>, a: &Sp<String>) -> AfterTerm {
    match a.value.trim() {
        "hold" => AfterTerm::Hold,
        "continue" => AfterTerm::Continue,
        other => {
            let help = match did_you_mean(other, ["hold", "continue"]) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "write \"hold\" (the last amount continues) or \"continue\" (the last rule goes on)".to_string(),
            };
            cx.report(
                a.span.clone(),
                format!("`{other}` is not a choice for after_term"),
                "unknown choice",
                Some(help),
            );
            AfterTerm::Hold
        }
    }
}

/// Checks a proposal's values on their own, when the horizon or baseline is
/// unusable and the years cannot be laid out.
fn proposal_values(cx: &mut Reader<'_>, raw: RawProposal) {
    if let Some(n) = raw.name {
        non_empty(cx, n, "name");
    }
    if let Some(r) = raw.rounding {
        rounding(cx, r);
    }
    if let Some(start) = &raw.start {
        start_rule(cx, start, None);
    }
    if let Some(esc) = raw.escalation {
        rule(cx, esc);
    }
    for phase in raw.phases {
        for y in [&phase.from, &phase.to].into_iter().flatten() {
            year(cx, y, "the phase year");
        }
        if let Some(esc) = phase.escalation {
            rule(cx, esc);
        }
    }
    if let Some(amounts) = &raw.amounts {
        for e in &amounts.value {
            if let Some(yr) = year(cx, &e.year, "the year") {
                positive_amount(cx, &e.value, &format!("the {yr} amount"));
            }
        }
    }
    for y in raw.freeze.iter().flat_map(|f| &f.value) {
        year(cx, y, "the freeze year");
    }
    if let Some(t) = &raw.term_ends {
        year(cx, t, "`term_ends`");
    }
    if let Some(a) = &raw.after_term {
        after_term(cx, a);
    }
}

fn outside_horizon(cx: &mut Reader<'_>, span: Span, year: i32, horizon: Horizon, key: &str) {
    cx.report(
        span,
        format!(
            "{year} in {key} is outside the horizon {}–{}",
            horizon.first, horizon.last
        ),
        "outside the horizon",
        Some(format!(
            "years must be between {} and {}",
            horizon.first, horizon.last
        )),
    );
}

fn start_rule(
    cx: &mut Reader<'_>,
    start: &Sp<Scalar>,
    baseline_year: Option<i32>,
) -> Option<YearRule> {
    let baseline = match baseline_year {
        Some(y) => format!("the {y} baseline"),
        None => "the baseline".to_string(),
    };
    if let Scalar::Text(t) = &start.value {
        let word = t.trim().to_ascii_lowercase();
        if word == "baseline" || word == "same" || word == "freeze" {
            return Some(YearRule::Freeze { why: Freeze::Start });
        }
        if word.ends_with('%') {
            let r = rate(cx, start, "the start")?;
            return Some(YearRule::Grow {
                rate: r,
                why: Growth::Start,
            });
        }
        if word.starts_with(['+', '-']) {
            let bare = word.trim_start_matches(['+', '-']);
            cx.report(
                start.span.clone(),
                format!("`{t}` has a sign but no % sign"),
                "a change or an amount?",
                Some(format!(
                    "write \"{}%\" for a change over {baseline}, or {bare} for an amount",
                    t.trim(),
                )),
            );
            return None;
        }
        if let Err(e) = money::parse_decimal(&word) {
            if !matches!(e, NumberError::NotANumber(_)) {
                number_error(cx, start.span.clone(), "the start amount", &e);
                return None;
            }
            let help = if did_you_mean(&word, ["baseline"]).is_some() {
                "did you mean `baseline`?".to_string()
            } else {
                format!(
                    "write an amount (start = 1300), a change over {baseline} (start = \"+13%\"), or start = \"baseline\""
                )
            };
            cx.report(
                start.span.clone(),
                format!("`{t}` is not a start"),
                "not a start",
                Some(help),
            );
            return None;
        }
    }
    let amount = positive_amount(cx, start, "the start amount")?;
    Some(YearRule::Set {
        amount,
        why: Set::Start,
    })
}

/// Lays the phases out over `from..=to`, checking order, gaps and overlaps.
fn phases(
    cx: &mut Reader<'_>,
    raw: Vec<RawPhase>,
    from: i32,
    to: i32,
    horizon: Horizon,
    has_start: bool,
) -> Vec<PhaseSpec> {
    let explicit_from: Vec<Option<i64>> = raw
        .iter()
        .map(|p| p.from.as_ref().map(|f| f.value))
        .collect();
    let mut out: Vec<PhaseSpec> = Vec::new();
    // Phases go in year order; out of order, every later message would mislead.
    let mut latest: Option<(i64, Span)> = None;
    for phase in &raw {
        let Some(f) = &phase.from else { continue };
        if let Some((prev, prev_span)) = &latest {
            if f.value < *prev {
                let (line, _) = cx.file.line_col(prev_span.start);
                cx.report(
                    f.span.clone(),
                    format!("phases go in year order, but this phase starts in {} after one that starts in {prev} (line {line})", f.value),
                    "out of order",
                    Some("move this [[proposal.phase]] above the later one".to_string()),
                );
                return out;
            }
        }
        latest = Some((f.value, f.span.clone()));
    }
    let mut next_year = from;
    let mut previous: Option<(i32, i32, Span)> = None;
    let count = raw.len();
    let mut ok = true;
    for (i, phase) in raw.into_iter().enumerate() {
        let header = phase.span.clone();
        let Some(esc) = phase.escalation else {
            ok = false;
            continue;
        };
        let Some(spec) = rule(cx, esc) else {
            ok = false;
            continue;
        };
        // A rates table with no `from`/`to` covers its own years.
        let table_ends = match &spec {
            RuleSpec::Table(t, _) => t.iter().next().zip(t.iter().next_back()),
            _ => None,
        };
        let (p_from, from_span) = match &phase.from {
            Some(f) => match year(cx, f, "`from`") {
                Some(y) => (y, f.span.clone()),
                None => {
                    ok = false;
                    continue;
                }
            },
            None => match table_ends {
                Some((first, _)) => (*first.0, first.1.span.clone()),
                None => (next_year, header.clone()),
            },
        };
        let (p_to, to_span) = match &phase.to {
            Some(t) => match year(cx, t, "`to`") {
                Some(y) => (y, t.span.clone()),
                None => {
                    ok = false;
                    continue;
                }
            },
            None => {
                let next_from = explicit_from
                    .get(i.saturating_add(1))
                    .copied()
                    .flatten()
                    .and_then(|y| i32::try_from(y).ok());
                match (table_ends, next_from) {
                    (Some((_, last)), _) => (*last.0, last.1.span.clone()),
                    (None, Some(next)) => (next.saturating_sub(1), header.clone()),
                    (None, None) if i.saturating_add(1) == count => (to, header.clone()),
                    (None, None) => {
                        cx.report(
                            header.clone(),
                            "this phase has no `to`, and the next phase has no `from`",
                            "where does it end?",
                            Some(
                                "add to = YEAR here, or from = YEAR to the next phase".to_string(),
                            ),
                        );
                        ok = false;
                        continue;
                    }
                }
            }
        };
        let mut phase_ok = true;
        if p_to < p_from {
            cx.report(
                to_span.clone(),
                format!("this phase ends in {p_to}, before it starts in {p_from}"),
                "reversed years",
                Some("`from` is the first year of the phase and `to` the last".to_string()),
            );
            phase_ok = false;
        }
        for (y, s) in [(p_from, &from_span), (p_to, &to_span)] {
            if y >= from && y <= to {
                continue;
            }
            let (message, help) = if y < horizon.first || y > horizon.last {
                (
                    format!(
                        "{y} is outside the horizon {}–{}",
                        horizon.first, horizon.last
                    ),
                    format!("phases cover years {from}–{to}"),
                )
            } else if y < from && has_start {
                (
                    format!("{y} is set by `start`, so no phase can cover it"),
                    format!("phases cover the years after the first: {from}–{to}"),
                )
            } else {
                (
                    format!("{y} is after the term, which ends in {to}"),
                    "years after the term follow `after_term`; move `term_ends` or shorten the phase".to_string(),
                )
            };
            cx.report(
                s.clone(),
                message,
                "outside the years this phase may cover",
                Some(help),
            );
            phase_ok = false;
            if p_from == p_to {
                break;
            }
        }
        if let Some((prev_from, prev_to, prev_span)) = &previous {
            if p_from <= *prev_to {
                let (line, _) = cx.file.line_col(prev_span.start);
                cx.report(
                    from_span.clone(),
                    format!(
                        "this phase ({}) overlaps the phase at line {line} ({})",
                        year_span(p_from, p_to),
                        year_span(*prev_from, *prev_to)
                    ),
                    "overlapping years",
                    Some(format!(
                        "start this phase in {} or later",
                        prev_to.saturating_add(1)
                    )),
                );
                phase_ok = false;
            }
        }
        previous = Some((p_from, p_to, header.clone()));
        if !phase_ok {
            ok = false;
            next_year = next_year.max(p_to.saturating_add(1));
            continue;
        }
        if p_from > next_year {
            cx.report(
                from_span.clone(),
                format!(
                    "no phase covers {}",
                    year_span(next_year, p_from.saturating_sub(1))
                ),
                "a gap before this phase",
                Some(format!(
                    "start this phase in {next_year}, or add a phase for the missing years"
                )),
            );
            ok = false;
        }
        next_year = p_to.saturating_add(1);
        out.push(PhaseSpec {
            from: p_from,
            to: p_to,
            rule: spec,
            span: header,
            from_span,
            source: phase.source.map(|s| s.value),
        });
    }
    if ok && next_year <= to {
        let s = out.last().map_or(0..0, |p| p.span.clone());
        cx.report(
            s,
            format!("no phase covers {}", year_span(next_year, to)),
            "the last phase ends too early",
            Some(format!(
                "extend the last phase to {to}, or add a phase for the missing years"
            )),
        );
    }
    out
}

fn year_span(from: i32, to: i32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// Years in order, runs written as ranges: "2020, 2022–2519".
pub(super) fn years_text(years: impl IntoIterator<Item = i32>) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for y in years {
        match runs.last_mut() {
            Some((_, to)) if to.saturating_add(1) == y => *to = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|(a, b)| year_span(*a, *b))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lays rules out over years: what a phase needs to know beyond itself.
struct Lay<'a> {
    series: &'a [Series],
    declared: &'a [String],
    proposal: &'a str,
    pinned: &'a dyn Fn(i32) -> bool,
}

impl Lay<'_> {
    /// Writes a phase's rule into the plan for each of its years not pinned by
    /// `amounts` or `freeze`.
    fn out(
        &self,
        cx: &mut Reader<'_>,
        plan: &mut BTreeMap<i32, PlannedYear>,
        phase: &PhaseSpec,
        after_term: bool,
    ) {
        let years = (phase.from..=phase.to).filter(|y| !(self.pinned)(*y));
        let year_of = |y: i32, rule: YearRule, span: Span| {
            let mut p = planned(y, rule, span);
            p.after_term = after_term;
            p.source = phase.source.clone();
            p
        };
        match &phase.rule {
            RuleSpec::Table(table, limits) => {
                let mut missing = Vec::new();
                for y in years {
                    match table.get(&y) {
                        Some(entry) => {
                            let (rate, clamp) = limits.apply(entry.rate);
                            let mut p = year_of(
                                y,
                                YearRule::Grow {
                                    rate,
                                    why: Growth::Table,
                                },
                                entry.span.clone(),
                            );
                            if entry.source.is_some() {
                                p.source = entry.source.clone();
                            }
                            p.note = clamp.map(|c| {
                                Box::new(GrowthNote {
                                    terms: Vec::new(),
                                    spread: None,
                                    before_clamp: entry.rate,
                                    clamp: Some(c),
                                    cap: limits.cap,
                                    floor: limits.floor,
                                })
                            });
                            plan.insert(y, p);
                        }
                        None => missing.push(y),
                    }
                }
                if !missing.is_empty() {
                    cx.report(
                        phase.span.clone(),
                        format!("the rates table has no rate for {}", years_text(missing)),
                        &format!("a gap in a table covering {}", year_span(phase.from, phase.to)),
                        Some("give a rate for every year, e.g. 2023 = \"3.4%\", or set that year in `amounts`".to_string()),
                    );
                }
                for (y, entry) in table {
                    if *y < phase.from || *y > phase.to {
                        cx.report(
                            entry.span.clone(),
                            format!("the rates table has a rate for {y}, outside the years it covers ({})", year_span(phase.from, phase.to)),
                            "not used",
                            Some(if phase.span == phase.from_span {
                                "remove it: the years before are set by `start`, and those after are outside the term or horizon".to_string()
                            } else {
                                "remove it, or widen the phase's `from`/`to`".to_string()
                            }),
                        );
                    }
                }
            }
            RuleSpec::Index(spec) => self.index(cx, plan, phase, spec, after_term),
            RuleSpec::Grow(rate, limits) => {
                let (clamped, clamp) = limits.apply(*rate);
                for y in years {
                    let mut p = year_of(
                        y,
                        YearRule::Grow {
                            rate: clamped,
                            why: Growth::Constant,
                        },
                        phase.from_span.clone(),
                    );
                    p.note = clamp.map(|c| {
                        Box::new(GrowthNote {
                            terms: Vec::new(),
                            spread: None,
                            before_clamp: *rate,
                            clamp: Some(c),
                            cap: limits.cap,
                            floor: limits.floor,
                        })
                    });
                    plan.insert(y, p);
                }
            }
            RuleSpec::Add(step) => {
                for y in years {
                    plan.insert(
                        y,
                        year_of(y, YearRule::Add { step: *step }, phase.from_span.clone()),
                    );
                }
            }
            RuleSpec::Freeze => {
                let why = if after_term {
                    Freeze::AfterTerm
                } else {
                    Freeze::Rule
                };
                for y in years {
                    plan.insert(
                        y,
                        year_of(y, YearRule::Freeze { why }, phase.from_span.clone()),
                    );
                }
            }
        }
    }

    /// Lays out an index rule: growth = sum of the series values `lag` years
    /// earlier, plus the spread, within the cap and floor.
    fn index(
        &self,
        cx: &mut Reader<'_>,
        plan: &mut BTreeMap<i32, PlannedYear>,
        phase: &PhaseSpec,
        spec: &IndexSpec,
        after_term: bool,
    ) {
        let mut series = Vec::new();
        for name in &spec.series {
            match self.series.iter().find(|s| s.name == name.value) {
                Some(s) => series.push((s, name)),
                None if self.declared.contains(&name.value) => {}
                None => super::data::unknown_series(cx, name, self.series),
            }
        }
        if series.len() != spec.series.len() {
            return;
        }
        let years: Vec<i32> = (phase.from..=phase.to)
            .filter(|y| !(self.pinned)(*y))
            .collect();
        let mut ok = true;
        for (s, name) in &series {
            let mut gaps: Vec<(i32, i32, SeriesGap)> = Vec::new();
            for y in &years {
                let needed = y.saturating_sub(spec.lag);
                if let Err(gap) = s.growth(needed) {
                    gaps.push((*y, needed, gap));
                }
            }
            if let Some((_, _, gap)) = gaps.first() {
                ok = false;
                self.series_gap(cx, s, name, spec.lag, &gaps, *gap);
            }
        }
        if !ok {
            return;
        }
        for y in years {
            let needed = y.saturating_sub(spec.lag);
            let mut terms = Vec::new();
            let mut sum = Rate::ZERO;
            for (s, _) in &series {
                // Every lookup succeeded above.
                let Ok((value, assumed, source)) = s.growth(needed) else {
                    return;
                };
                sum = match sum.checked_add(value) {
                    Ok(r) => r,
                    Err(_) => return,
                };
                terms.push(IndexTerm {
                    series: s.name.clone(),
                    year: needed,
                    value,
                    assumed,
                    source: source.map(str::to_string),
                });
            }
            if let Some(spread) = spec.spread {
                sum = match sum.checked_add(spread) {
                    Ok(r) => r,
                    Err(_) => return,
                };
            }
            let (rate, clamp) = spec.limits.apply(sum);
            let assumed = terms.iter().any(|t| t.assumed);
            let mut p = planned(
                y,
                YearRule::Grow {
                    rate,
                    why: Growth::Index,
                },
                phase.from_span.clone(),
            );
            p.after_term = after_term;
            p.assumed = assumed;
            p.source = phase.source.clone();
            p.note = Some(Box::new(GrowthNote {
                terms,
                spread: spec.spread,
                before_clamp: sum,
                clamp,
                cap: spec.limits.cap,
                floor: spec.limits.floor,
            }));
            plan.insert(y, p);
        }
    }

    fn series_gap(
        &self,
        cx: &mut Reader<'_>,
        s: &Series,
        name: &Sp<String>,
        lag: i32,
        gaps: &[(i32, i32, SeriesGap)],
        gap: SeriesGap,
    ) {
        let grown = years_text(gaps.iter().map(|(y, _, _)| *y));
        let needed = years_text(gaps.iter().map(|(_, n, _)| *n));
        let lag_text = if lag == 0 {
            String::new()
        } else {
            format!(" with a lag of {lag}")
        };
        let message = format!(
            "series `{}` has no value for {}, needed by `{}` for {}{lag_text}",
            s.name, needed, self.proposal, grown,
        );
        let help = match gap {
            SeriesGap::AfterData { last } => format!(
                "its data ends in {last}: add the later years, or state what to assume after the data, e.g. assume = \"2%\" in the [[series]] named `{}`",
                s.name
            ),
            SeriesGap::BeforeData { first } => format!(
                "its data starts in {first}: the lag reaches before the data; add earlier years or shorten the lag"
            ),
            SeriesGap::Missing => "a year inside its data is missing; add it".to_string(),
            SeriesGap::Overflow => {
                "its figures, or the growth between two of them, are too large to hold exactly"
                    .to_string()
            }
        };
        cx.report(name.span.clone(), message, "this index", Some(help));
    }
}
