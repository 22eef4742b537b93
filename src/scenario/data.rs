//! Reference data of a study, checked: index series (inline or from a TOML or
//! CSV file beside the study), exchange rates, the deflator, troop counts and
//! cost categories.
//!
//! Like `validate.rs`, every check records a located diagnostic and carries on.
//! Problems in a series file point into that file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use toml::de::DeTable;

use super::model::{
    Category, ExchangeRate, RateAssumption, Series, SeriesGap, SeriesKind, SeriesPoint, Troops,
    Unit,
};
use super::raw::{self, RawCategory, RawExchangeRate, RawSeries, RawTroops};
use super::read::{Reader, Scalar, Sp, Table, YearEntry};
use super::validate::{non_empty, positive_amount, rate, year};
use crate::diagnostic::{Diagnostic, SourceFile, Span, did_you_mean};
use crate::money::{self, Rate};

/// Checks every `[[series]]`; series files are read relative to `base_dir`.
pub fn series(cx: &mut Reader<'_>, raw: Vec<RawSeries>, base_dir: Option<&Path>) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for r in raw {
        let name = r.name.clone().and_then(|n| non_empty(cx, n, "name"));
        if r.name.is_none() {
            cx.report(r.span.clone(), "[[series]] has no `name`", "`name` is required here", Some("name the series, e.g. name = \"cpi\"; escalation rules refer to it by that name".to_string()));
        }
        if let (Some(n), Some(sp)) = (&name, &r.name) {
            if let Some(first) = names.get(n) {
                let (line, _) = cx.file.line_col(first.start);
                cx.report(
                    sp.span.clone(),
                    format!("two series are named `{n}`"),
                    "this name is already used",
                    Some(format!(
                        "the first is at line {line}; give each series its own name"
                    )),
                );
                continue;
            }
            names.insert(n.clone(), sp.span.clone());
        }
        let series = match (&r.values, &r.file) {
            (Some(_), Some(f)) => {
                cx.report(
                    f.span.clone(),
                    "a series has either `values` or `file`, not both",
                    "one or the other",
                    Some("keep the values inline, or move them into the file".to_string()),
                );
                None
            }
            (None, None) => {
                cx.report(r.span.clone(), "[[series]] has no data", "needs `values` or `file`", Some("write values = { 2024 = \"2.3%\", 2025 = \"2.1%\" }, or file = \"cpi.csv\"".to_string()));
                None
            }
            (Some(_), None) => inline_series(cx, &r),
            (None, Some(f)) => file_series(cx, &r, f, base_dir),
        };
        if let (Some(name), Some((kind, values, assume, source, description, file))) =
            (name, series)
        {
            out.push(Series {
                name,
                description,
                kind,
                values,
                assume,
                source,
                file,
            });
        }
    }
    out
}

type SeriesParts = (
    SeriesKind,
    BTreeMap<i32, SeriesPoint>,
    Option<Rate>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn kind(cx: &mut Reader<'_>, k: &Sp<String>) -> Option<SeriesKind> {
    match k.value.trim() {
        "growth" => Some(SeriesKind::Growth),
        "level" | "levels" | "index" => Some(SeriesKind::Level),
        other => {
            let help = match did_you_mean(other, ["growth", "level"]) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "write kind = \"growth\" (values are yearly % changes) or kind = \"level\" (index levels)".to_string(),
            };
            cx.report(
                k.span.clone(),
                format!("`{other}` is not a kind of series"),
                "unknown kind",
                Some(help),
            );
            None
        }
    }
}

/// The values of a series, from entries of a year table.
fn points(
    cx: &mut Reader<'_>,
    kind: SeriesKind,
    entries: &[YearEntry],
    what: &str,
) -> Option<BTreeMap<i32, SeriesPoint>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for e in entries {
        let Some(y) = year(cx, &e.year, "the year") else {
            ok = false;
            continue;
        };
        let label = format!("the {y} value of {what}");
        let value = match kind {
            SeriesKind::Growth => rate(cx, &e.value, &label).map(Rate::fraction),
            SeriesKind::Level => positive_amount(cx, &e.value, &label),
        };
        match value {
            Some(value) => {
                out.insert(
                    y,
                    SeriesPoint {
                        value,
                        source: e.source.clone(),
                    },
                );
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn assumption(cx: &mut Reader<'_>, assume: Option<&Sp<Scalar>>) -> Option<Option<Rate>> {
    match assume {
        None => Some(None),
        Some(a) => rate(cx, a, "`assume`").map(Some),
    }
}

fn inline_series(cx: &mut Reader<'_>, r: &RawSeries) -> Option<SeriesParts> {
    let kind = match &r.kind {
        Some(k) => kind(cx, k)?,
        None => SeriesKind::Growth,
    };
    let values = r.values.as_ref()?;
    let what = format!(
        "series `{}`",
        r.name.as_ref().map_or("?", |n| n.value.as_str())
    );
    let points = points(cx, kind, &values.value, &what)?;
    if points.is_empty() {
        cx.report(
            values.span.clone(),
            "the series has no values",
            "empty",
            Some("give at least one year, e.g. values = { 2025 = \"2.1%\" }".to_string()),
        );
        return None;
    }
    let assume = assumption(cx, r.assume.as_ref())?;
    Some((
        kind,
        points,
        assume,
        r.source.as_ref().map(|s| s.value.clone()),
        r.description.as_ref().map(|d| d.value.clone()),
        None,
    ))
}

/// Reads a series from a TOML or CSV file beside the study.
fn file_series(
    cx: &mut Reader<'_>,
    r: &RawSeries,
    f: &Sp<String>,
    base_dir: Option<&Path>,
) -> Option<SeriesParts> {
    let Some(dir) = base_dir else {
        cx.report(
            f.span.clone(),
            "this study has no folder to read series files from",
            "cannot be read here",
            Some("a built-in study must keep its series inline: values = { … }".to_string()),
        );
        return None;
    };
    let path = dir.join(&f.value);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("csv" | "toml")) {
        cx.report(
            f.span.clone(),
            format!("`{}` is neither a .csv nor a .toml file", f.value),
            "unknown file type",
            Some(
                "series files are CSV (year,growth or year,level) or TOML (values = { … })"
                    .to_string(),
            ),
        );
        return None;
    }
    let file = match super::read_source(&path) {
        Ok(file) => file,
        Err(d) => {
            cx.report(
                f.span.clone(),
                format!("cannot read the series file: {}", d.message),
                "this file",
                Some(if dir.as_os_str().is_empty() {
                    "the path is taken from the study file's folder (here, the current folder)"
                        .to_string()
                } else {
                    format!(
                        "the path is taken from the study file's folder, `{}`",
                        dir.display()
                    )
                }),
            );
            return None;
        }
    };
    let declared = match &r.kind {
        Some(k) => Some(kind(cx, k)?),
        None => None,
    };
    let assume = assumption(cx, r.assume.as_ref())?;
    let (kind, points, file_assume, file_source, description) = if ext.as_deref() == Some("csv") {
        let (kind, points) = csv_series(cx, &file, declared)?;
        (kind, points, None, None, None)
    } else {
        toml_series(cx, &file, declared)?
    };
    if let (Some(a), Some(_)) = (&r.assume, &file_assume) {
        cx.report(
            a.span.clone(),
            "`assume` is given both here and in the series file",
            "given twice",
            Some("keep one".to_string()),
        );
        return None;
    }
    let source = r.source.as_ref().map(|s| s.value.clone()).or(file_source);
    let description = r
        .description
        .as_ref()
        .map(|d| d.value.clone())
        .or(description);
    Some((
        kind,
        points,
        assume.or(file_assume),
        source,
        description,
        Some(file.name.clone()),
    ))
}

type TomlParts = (
    SeriesKind,
    BTreeMap<i32, SeriesPoint>,
    Option<Rate>,
    Option<String>,
    Option<String>,
);

fn toml_series(
    cx: &mut Reader<'_>,
    file: &Arc<SourceFile>,
    declared: Option<SeriesKind>,
) -> Option<TomlParts> {
    let mut inner = Reader {
        file,
        diags: cx.diags,
    };
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    if let Some(e) = errors.first() {
        inner.report(
            e.span().unwrap_or(0..0),
            format!("TOML syntax: {}", e.message().trim()),
            "here",
            None,
        );
        return None;
    }
    let root = Table::root(doc.get_ref(), raw::SERIES_KEYS);
    let r = raw::read_series(&mut inner, &root);
    for key in [
        r.name.as_ref().map(|n| n.span.clone()),
        r.file.as_ref().map(|f| f.span.clone()),
    ]
    .into_iter()
    .flatten()
    {
        inner.report(
            key,
            "a series file holds the data only",
            "not allowed in a series file",
            Some("the name (and the file) are given in the study's [[series]]".to_string()),
        );
    }
    let kind = match (&r.kind, declared) {
        (Some(k), Some(d)) => {
            let k = kind(&mut inner, k)?;
            if k != d {
                inner.report(
                    r.kind.as_ref().map_or(0..0, |k| k.span.clone()),
                    "the kind here differs from the study's [[series]]",
                    "a different kind",
                    Some("make the two agree, or give the kind in one place".to_string()),
                );
                return None;
            }
            k
        }
        (Some(k), None) => kind(&mut inner, k)?,
        (None, d) => d.unwrap_or(SeriesKind::Growth),
    };
    let Some(values) = &r.values else {
        inner.diags.push(
            Diagnostic::in_file(file, "the series file has no `values`")
                .with_help("write values = { 2024 = \"2.3%\", 2025 = \"2.1%\" }"),
        );
        return None;
    };
    let points = points(&mut inner, kind, &values.value, "the series")?;
    let assume = assumption(&mut inner, r.assume.as_ref())?;
    Some((
        kind,
        points,
        assume,
        r.source.map(|s| s.value),
        r.description.map(|d| d.value),
    ))
}

/// Reads `year,growth`, `year,growth_pct` or `year,level` (and an optional `source` column).
fn csv_series(
    cx: &mut Reader<'_>,
    file: &Arc<SourceFile>,
    declared: Option<SeriesKind>,
) -> Option<(SeriesKind, BTreeMap<i32, SeriesPoint>)> {
    let mut inner = Reader {
        file,
        diags: cx.diags,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(file.text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            inner.diags.push(Diagnostic::in_file(file, format!("cannot read the CSV header: {e}")).with_help("the first line names the columns: year,growth (or growth_pct, or level)[,source]"));
            return None;
        }
    };
    let header_span = 0..file.text.find('\n').unwrap_or(file.text.len());
    let names: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let value_columns: Vec<(usize, &str)> = ["growth", "growth_pct", "level"]
        .into_iter()
        .filter_map(|n| column(n).map(|i| (i, n)))
        .collect();
    let (Some(year_col), [(value_col, value_name)]) = (column("year"), value_columns.as_slice())
    else {
        inner.report(header_span, "the CSV header must name a `year` column and one value column", "this header", Some("write year,growth (values like 2.1%), year,growth_pct (2.1 meaning 2.1%) or year,level, optionally followed by ,source".to_string()));
        return None;
    };
    let (value_col, value_name) = (*value_col, *value_name);
    let source_col = column("source");
    let kind = if value_name == "level" {
        SeriesKind::Level
    } else {
        SeriesKind::Growth
    };
    if declared.is_some_and(|d| d != kind) {
        inner.report(
            header_span,
            format!("the `{value_name}` column does not match the kind given in the study"),
            "a different kind",
            Some("make the [[series]] kind and the file's column agree".to_string()),
        );
        return None;
    }
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
                inner.report(
                    at..at,
                    format!("cannot read this CSV line: {e}"),
                    "here",
                    Some("every line has the same columns as the header".to_string()),
                );
                return None;
            }
        };
        let start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
        let field = |i: usize| -> Option<Sp<String>> {
            let range = record.range(i)?;
            let text = record.get(i)?.to_string();
            // The record keeps fields without their delimiters: add one per field before.
            let at = start.saturating_add(range.start).saturating_add(i);
            Some(Sp::new(text, at..at.saturating_add(range.len())))
        };
        let (Some(y), Some(v)) = (field(year_col), field(value_col)) else {
            continue;
        };
        let Ok(year_value) = y.value.parse::<i64>() else {
            inner.report(
                y.span.clone(),
                format!("`{}` is not a year", y.value),
                "expected a year such as 2024",
                None,
            );
            continue;
        };
        let value = if value_name == "growth_pct" {
            if v.value.ends_with('%') {
                inner.report(
                    v.span.clone(),
                    "a `growth_pct` column holds bare numbers",
                    "remove the % sign",
                    Some("or name the column `growth` to write values with % signs".to_string()),
                );
                continue;
            }
            Scalar::Text(format!("{}%", v.value))
        } else if kind == SeriesKind::Growth {
            Scalar::Text(v.value.clone())
        } else {
            Scalar::Number(v.value.clone())
        };
        entries.push(YearEntry {
            year: Sp::new(year_value, y.span),
            value: Sp::new(value, v.span),
            source: source_col
                .and_then(field)
                .map(|s| s.value)
                .filter(|s| !s.is_empty()),
        });
    }
    let points = points(&mut inner, kind, &entries, "the series")?;
    if points.is_empty() {
        inner.diags.push(
            Diagnostic::in_file(file, "the series file has no data rows")
                .with_help("add one line per year under the header"),
        );
        return None;
    }
    Some((kind, points))
}

/// Checks every `[[exchange_rate]]` against the study's currency.
///
/// Every year in `years` (the baseline year to the last year compared) must
/// have a rate, from the data or a stated assumption.
pub fn exchange_rates(
    cx: &mut Reader<'_>,
    raw: Vec<RawExchangeRate>,
    currency: Option<&str>,
    unit: Option<Unit>,
    years: Option<std::ops::RangeInclusive<i32>>,
) -> Vec<ExchangeRate> {
    let mut out: Vec<ExchangeRate> = Vec::new();
    for r in raw {
        let Some(pair) = &r.pair else { continue };
        let Some((base, quote)) = pair
            .value
            .split_once('/')
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        else {
            cx.report(
                pair.span.clone(),
                format!("`{}` is not a currency pair", pair.value),
                "expected BASE/QUOTE",
                Some(
                    "write pair = \"USD/KRW\" for won per dollar: one USD buys this many KRW"
                        .to_string(),
                ),
            );
            continue;
        };
        let valid = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
        if !valid(&base) || !valid(&quote) || base == quote {
            cx.report(
                pair.span.clone(),
                format!("`{}` is not a pair of two ISO currency codes", pair.value),
                "expected e.g. USD/KRW",
                Some(
                    "write two different three-letter codes in capitals, separated by /"
                        .to_string(),
                ),
            );
            continue;
        }
        if let Some(c) = currency {
            if base != c && quote != c {
                cx.report(
                    pair.span.clone(),
                    format!(
                        "`{}` does not involve the study's currency, {c}",
                        pair.value
                    ),
                    "neither side is the study's currency",
                    Some(format!(
                        "one side of the pair must be {c}, the currency amounts are agreed in"
                    )),
                );
                continue;
            }
            let other = if base == c { &quote } else { &base };
            if let Some(prev) = out.iter().find(|x| x.other(c) == Some(other.as_str())) {
                cx.report(
                    pair.span.clone(),
                    format!("a second exchange rate between {c} and {other}"),
                    "already given",
                    Some(format!(
                        "keep one series for {} (values can be listed by year)",
                        prev.pair()
                    )),
                );
                continue;
            }
        }
        let rate_unit = match &r.unit {
            Some(u) => match Unit::from_name(&u.value.trim().to_ascii_lowercase()) {
                Some(unit) => Some(unit),
                None => {
                    cx.report(
                        u.span.clone(),
                        format!("`{}` is not a unit", u.value),
                        "unknown unit",
                        Some(
                            "the units are: units, thousands, millions, billions, trillions"
                                .to_string(),
                        ),
                    );
                    continue;
                }
            },
            None => unit,
        };
        let Some(values) = &r.values else { continue };
        let Some(points) = points(
            cx,
            SeriesKind::Level,
            &values.value,
            &format!("the {} rate", pair.value),
        ) else {
            continue;
        };
        if points.is_empty() {
            cx.report(
                values.span.clone(),
                "the exchange rate has no values",
                "empty",
                Some("give at least one year, e.g. values = { 2019 = 1166.11 }".to_string()),
            );
            continue;
        }
        let assume = match &r.assume {
            None => None,
            Some(a) => match &a.value {
                Scalar::Text(t) if t.trim().eq_ignore_ascii_case("hold") => {
                    Some(RateAssumption::Hold)
                }
                _ => match positive_amount(cx, a, "the assumed rate") {
                    Some(v) => Some(RateAssumption::Rate(v)),
                    None => continue,
                },
            },
        };
        let rate = ExchangeRate {
            base,
            quote,
            unit: rate_unit.unwrap_or(Unit::Units),
            values: points,
            assume,
            source: r.source.as_ref().map(|s| s.value.clone()),
        };
        if let Some(years) = years.clone() {
            let missing: Vec<(i32, SeriesGap)> = years
                .filter_map(|y| rate.rate(y).err().map(|g| (y, g)))
                .collect();
            if let Some((_, gap)) = missing.first() {
                let list = super::validate::years_text(missing.iter().map(|(y, _)| *y));
                let help = match gap {
                    SeriesGap::AfterData { last } => format!(
                        "its data ends in {last}: add the later years, or state an assumption: assume = \"hold\" (the last rate goes on) or a rate"
                    ),
                    SeriesGap::BeforeData { first } => format!(
                        "its data starts in {first}; every year from the baseline on is needed"
                    ),
                    _ => "add the missing years".to_string(),
                };
                cx.report(
                    values.span.clone(),
                    format!("the {} rate has no value for {}", rate.pair(), list),
                    "needed to convert the baseline and every year compared",
                    Some(help),
                );
                continue;
            }
        }
        out.push(rate);
    }
    out
}

/// The index of the series `deflator` names; it must give a price level for
/// every year in `years`.
pub fn deflator(
    cx: &mut Reader<'_>,
    raw: Option<&Sp<String>>,
    series: &[Series],
    years: Option<std::ops::RangeInclusive<i32>>,
) -> Option<Option<usize>> {
    let Some(name) = raw else { return Some(None) };
    let Some(i) = series.iter().position(|s| s.name == name.value) else {
        unknown_series(cx, name, series);
        return None;
    };
    let s = series.get(i)?;
    if let Some(Err((year, gap))) = years.map(|mut ys| ys.try_for_each(|y| s.level(y).map(drop))) {
        let help = match gap {
            SeriesGap::AfterData { last } => format!(
                "its data ends in {last}: add the later years, or state an assumption in the series: assume = \"2%\""
            ),
            SeriesGap::BeforeData { first } => format!(
                "its data covers {first} onwards; a growth series needs the year after the baseline, a level series the baseline year itself"
            ),
            _ => "add the missing year".to_string(),
        };
        cx.report(
            name.span.clone(),
            format!("the deflator `{}` gives no price level for {year}", s.name),
            "needed for every year from the baseline on",
            Some(help),
        );
        return None;
    }
    Some(Some(i))
}

/// Records that no series is called `name`, with the names that exist.
pub fn unknown_series(cx: &mut Reader<'_>, name: &Sp<String>, series: &[Series]) {
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let help = match did_you_mean(&name.value, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if names.is_empty() => "define it in a [[series]] table with that name".to_string(),
        None => format!(
            "the series are: {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    cx.report(
        name.span.clone(),
        format!("there is no series named `{}`", name.value),
        "unknown series",
        Some(help),
    );
}

/// Checks `[troops]`.
pub fn troops(cx: &mut Reader<'_>, raw: Option<RawTroops>) -> Option<Option<Troops>> {
    let Some(r) = raw else { return Some(None) };
    let whole = |cx: &mut Reader<'_>, value: &Sp<Scalar>, what: &str| -> Option<Decimal> {
        let v = positive_amount(cx, value, what)?;
        if !v.fract().is_zero() {
            cx.report(
                value.span.clone(),
                format!("{what} must be a whole number, found {v}"),
                "not a whole number",
                None,
            );
            return None;
        }
        Some(v)
    };
    let count = whole(cx, r.count.as_ref()?, "the troop count")?;
    let mut years = BTreeMap::new();
    let mut ok = true;
    for e in r.years.iter().flat_map(|y| &y.value) {
        let Some(y) = year(cx, &e.year, "the year") else {
            ok = false;
            continue;
        };
        match whole(cx, &e.value, &format!("the {y} troop count")) {
            Some(v) => {
                years.insert(
                    y,
                    SeriesPoint {
                        value: v,
                        source: e.source.clone(),
                    },
                );
            }
            None => ok = false,
        }
    }
    ok.then_some(Some(Troops {
        count,
        years,
        source: r.source.map(|s| s.value),
    }))
}

/// Checks a list of categories: names unique, shares above 0 and adding up to 100% exactly.
pub fn categories(
    cx: &mut Reader<'_>,
    raw: Vec<RawCategory>,
    owner: Span,
) -> Option<Vec<Category>> {
    let mut out: Vec<Category> = Vec::new();
    let mut ok = true;
    for r in &raw {
        let name = r.name.clone().and_then(|n| non_empty(cx, n, "name"));
        let share = r.share.as_ref().and_then(|s| rate(cx, s, "the share"));
        let (Some(name), Some(share)) = (name, share) else {
            ok = false;
            continue;
        };
        if share.fraction() <= Decimal::ZERO || share.fraction() > Decimal::ONE {
            let span = r.share.as_ref().map_or(r.span.clone(), |s| s.span.clone());
            cx.report(
                span,
                format!("a share of {share} is not a part of the whole"),
                "expected more than 0% and at most 100%",
                None,
            );
            ok = false;
            continue;
        }
        if out.iter().any(|c| c.name == name) {
            let span = r.name.as_ref().map_or(r.span.clone(), |n| n.span.clone());
            cx.report(
                span,
                format!("two categories are named `{name}`"),
                "already used",
                Some("give each category its own name".to_string()),
            );
            ok = false;
            continue;
        }
        out.push(Category {
            name,
            share,
            source: r.source.as_ref().map(|s| s.value.clone()),
        });
    }
    if !ok || out.is_empty() {
        return ok.then_some(out);
    }
    let total = money::sum(out.iter().map(|c| c.share.fraction())).ok()?;
    if total != Decimal::ONE {
        let gap = money::sub(Decimal::ONE, total).ok()?;
        let points = Rate::from_fraction(gap.abs()).ok()?.percent().normalize();
        let unit = if points == Decimal::ONE {
            "point"
        } else {
            "points"
        };
        let (how, help) = if gap > Decimal::ZERO {
            (
                format!("{points} {unit} short of 100%"),
                format!("add {points} {unit} to a share, or add a category for the rest"),
            )
        } else {
            (
                format!("{points} {unit} over 100%"),
                format!("take {points} {unit} off the shares"),
            )
        };
        let span = raw.first().map_or(owner, |r| r.span.clone());
        cx.report(
            span,
            format!(
                "the category shares add up to {}, {how}",
                Rate::from_fraction(total)
                    .ok()?
                    .percent()
                    .normalize()
                    .to_string()
                    + "%"
            ),
            "these categories",
            Some(help),
        );
        return None;
    }
    Some(out)
}
