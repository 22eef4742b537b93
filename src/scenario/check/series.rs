//! Checks of `[[series]]`: index series given inline, or in a CSV or TOML file
//! beside the study (read before checking; see [`crate::scenario::files`]).
//! Problems in a series file point into that file.

use std::collections::BTreeMap;
use std::sync::Arc;

use toml::de::DeTable;

use super::Checker;
use super::values::{Checked, non_empty, positive_amount, rate, year};
use crate::diagnostic::{Problems, Reported, Span, Tally, did_you_mean};
use crate::scenario::files::{FileFormat, SeriesFile};
use crate::scenario::params::{AmountParam, Owner, ParamKey, ParamKind, Part, RateParam};
use crate::scenario::problem::{DataProblem, ReadProblem, Subject, Values};
use crate::scenario::raw::{self, RawSeries};
use crate::scenario::spec::{Series, SeriesData, SeriesKind, Sourced};
use crate::scenario::walk::{Scalar, Sp, Table, Walker, YearEntry};

/// Checks every `[[series]]`; `files` holds the series files, read beforehand.
pub fn series(
    cx: &mut Checker<'_>,
    raw: Vec<RawSeries>,
    files: &[Option<SeriesFile>],
) -> (Vec<Series>, Checked<()>) {
    let mut out: Vec<Series> = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    let mut tally = Tally::default();
    for (i, r) in raw.into_iter().enumerate() {
        let name = match r.name.clone() {
            Some(n) => tally.note(non_empty(&mut cx.problems, n, "name")),
            None => {
                tally.fail(cx.problems.at(r.span.clone(), DataProblem::SeriesNoName));
                None
            }
        };
        if let (Some(n), Some(sp)) = (&name, &r.name) {
            if let Some(first) = names.get(n) {
                let line = cx.problems.line_of(first);
                let problem = DataProblem::SeriesNameTwice {
                    name: n.clone(),
                    line,
                };
                tally.fail(cx.problems.at(sp.span.clone(), problem));
                continue;
            }
            names.insert(n.clone(), sp.span.clone());
        }
        let owner = Owner::Series(i);
        let parts = match (&r.values, &r.file) {
            (Some(_), Some(f)) => Err(cx.problems.at(f.span.clone(), DataProblem::ValuesAndFile)),
            (None, None) => Err(cx.problems.at(r.span.clone(), DataProblem::SeriesNoData)),
            (Some(_), None) => inline_series(cx, &r, owner),
            (None, Some(f)) => {
                let file = files.get(i).and_then(Option::as_ref);
                file_series(cx, &r, f, file, owner)
            }
        };
        let Some(parts) = tally.note(parts) else {
            continue;
        };
        if let Some(name) = name {
            out.push(Series {
                name,
                description: parts.description,
                data: parts.data,
                assume: parts.assume,
                source: parts.source,
                file: parts.file,
            });
        }
    }
    (out, tally.finish())
}

/// A series' data and notes, before it has its name.
struct SeriesParts {
    data: SeriesData,
    assume: Option<RateParam>,
    source: Option<String>,
    description: Option<String>,
    file: Option<String>,
}

fn kind(cx: &mut Problems<'_>, k: &Sp<String>) -> Checked<SeriesKind> {
    match k.value.trim() {
        "growth" => Ok(SeriesKind::Growth),
        "level" | "levels" | "index" => Ok(SeriesKind::Level),
        other => {
            let problem = DataProblem::UnknownKind {
                kind: other.to_string(),
                close: did_you_mean(other, ["growth", "level"]).map(str::to_string),
            };
            Err(cx.at(k.span.clone(), problem))
        }
    }
}

/// The values of a series, from the entries of a year table.
fn points(
    cx: &mut Checker<'_>,
    owner: Owner,
    kind: SeriesKind,
    entries: &[YearEntry],
    of: &Values,
) -> Checked<SeriesData> {
    match kind {
        SeriesKind::Growth => {
            let mut out = BTreeMap::new();
            let mut tally = Tally::default();
            for e in entries {
                let Some(y) = tally.note(year(&mut cx.problems, &e.year, &Subject::Year)) else {
                    continue;
                };
                let what = Subject::YearValue {
                    year: y,
                    of: of.clone(),
                };
                if let Some(r) = tally.note(rate(&mut cx.problems, &e.value, &what)) {
                    let key = ParamKey {
                        owner,
                        part: Part::Year(y),
                    };
                    let p = cx.params.add_rate(key, r, e.value.span.clone());
                    out.insert(
                        y,
                        Sourced {
                            value: p,
                            source: e.source.clone(),
                        },
                    );
                }
            }
            tally.finish()?;
            Ok(SeriesData::Growth(out))
        }
        SeriesKind::Level => amounts(cx, owner, entries, of).map(SeriesData::Level),
    }
}

/// Positive amounts by year (index levels, exchange rates), as numbers of the study.
pub fn amounts(
    cx: &mut Checker<'_>,
    owner: Owner,
    entries: &[YearEntry],
    of: &Values,
) -> Checked<BTreeMap<i32, Sourced<AmountParam>>> {
    let mut out = BTreeMap::new();
    let mut tally = Tally::default();
    for e in entries {
        let Some(y) = tally.note(year(&mut cx.problems, &e.year, &Subject::Year)) else {
            continue;
        };
        let what = Subject::YearValue {
            year: y,
            of: of.clone(),
        };
        if let Some(v) = tally.note(positive_amount(&mut cx.problems, &e.value, &what)) {
            let key = ParamKey {
                owner,
                part: Part::Year(y),
            };
            let p = cx
                .params
                .add_amount(key, ParamKind::Positive, v, e.value.span.clone());
            out.insert(
                y,
                Sourced {
                    value: p,
                    source: e.source.clone(),
                },
            );
        }
    }
    tally.finish()?;
    Ok(out)
}

fn is_empty(data: &SeriesData) -> bool {
    match data {
        SeriesData::Growth(m) => m.is_empty(),
        SeriesData::Level(m) => m.is_empty(),
    }
}

fn assumption(
    cx: &mut Checker<'_>,
    assume: Option<&Sp<Scalar>>,
    owner: Owner,
) -> Checked<Option<RateParam>> {
    let Some(a) = assume else { return Ok(None) };
    let r = rate(&mut cx.problems, a, &Subject::Assume)?;
    let key = ParamKey {
        owner,
        part: Part::Assume,
    };
    Ok(Some(cx.params.add_rate(key, r, a.span.clone())))
}

fn inline_series(cx: &mut Checker<'_>, r: &RawSeries, owner: Owner) -> Checked<SeriesParts> {
    let kind = match &r.kind {
        Some(k) => kind(&mut cx.problems, k)?,
        None => SeriesKind::Growth,
    };
    let Some(values) = r.values.as_ref() else {
        return Err(cx.problems.reported_earlier());
    };
    let of = Values::Series(r.name.as_ref().map(|n| n.value.clone()));
    let data = points(cx, owner, kind, &values.value, &of)?;
    if is_empty(&data) {
        return Err(cx
            .problems
            .at(values.span.clone(), DataProblem::SeriesEmpty));
    }
    let assume = assumption(cx, r.assume.as_ref(), owner)?;
    Ok(SeriesParts {
        data,
        assume,
        source: r.source.as_ref().map(|s| s.value.clone()),
        description: r.description.as_ref().map(|d| d.value.clone()),
        file: None,
    })
}

/// A series from a TOML or CSV file beside the study.
fn file_series(
    cx: &mut Checker<'_>,
    r: &RawSeries,
    f: &Sp<String>,
    file: Option<&SeriesFile>,
    owner: Owner,
) -> Checked<SeriesParts> {
    let (file, format) = match file {
        Some(SeriesFile::Read(file, format)) => (Arc::clone(file), *format),
        Some(SeriesFile::NoFolder) | None => {
            return Err(cx.problems.at(f.span.clone(), DataProblem::NoFolder));
        }
        Some(SeriesFile::UnknownType) => {
            let problem = DataProblem::UnknownFileType {
                file: f.value.clone(),
            };
            return Err(cx.problems.at(f.span.clone(), problem));
        }
        Some(SeriesFile::Unreadable { problem, dir }) => {
            let problem = DataProblem::Unreadable {
                problem: problem.clone(),
                dir: dir.clone(),
            };
            return Err(cx.problems.at(f.span.clone(), problem));
        }
    };
    let declared = match &r.kind {
        Some(k) => Some(kind(&mut cx.problems, k)?),
        None => None,
    };
    let assume = assumption(cx, r.assume.as_ref(), owner)?;
    let first_param = cx.params.len();
    let parsed = {
        let mut inner = Checker {
            problems: cx.problems.for_file(&file),
            params: &mut *cx.params,
        };
        if format == FileFormat::Csv {
            csv_series(&mut inner, declared, owner).map(|data| FileParts {
                data,
                assume: None,
                source: None,
                description: None,
            })
        } else {
            toml_series(&mut inner, declared, owner)
        }
    };
    cx.params.mark_in_series_file(first_param);
    let parts = parsed?;
    if let (Some(a), Some(_)) = (&r.assume, &parts.assume) {
        return Err(cx.problems.at(a.span.clone(), DataProblem::AssumeTwice));
    }
    Ok(SeriesParts {
        data: parts.data,
        assume: assume.or(parts.assume),
        source: r.source.as_ref().map(|s| s.value.clone()).or(parts.source),
        description: r
            .description
            .as_ref()
            .map(|d| d.value.clone())
            .or(parts.description),
        file: Some(file.name.clone()),
    })
}

/// What a series file gives.
struct FileParts {
    data: SeriesData,
    assume: Option<RateParam>,
    source: Option<String>,
    description: Option<String>,
}

fn toml_series(
    cx: &mut Checker<'_>,
    declared: Option<SeriesKind>,
    owner: Owner,
) -> Checked<FileParts> {
    let file = Arc::clone(cx.problems.file());
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    if let Some(e) = errors.first() {
        let problem = ReadProblem::SeriesSyntax {
            message: e.message().trim().to_string(),
        };
        return Err(cx.problems.at(e.span().unwrap_or(0..0), problem));
    }
    let root = Table::root(doc.get_ref(), raw::SERIES_KEYS);
    let r = {
        let problems = cx.problems.for_file(&file);
        let mut walker = Walker::new(problems, raw::SERIES_KEYS);
        raw::read_series(&mut walker, &root)
    };
    // A key a series file may not hold is reported, and the data are still
    // read and used, so the problems that follow from them show too (the
    // study is refused all the same).
    for key in [
        r.name.as_ref().map(|n| n.span.clone()),
        r.file.as_ref().map(|f| f.span.clone()),
    ]
    .into_iter()
    .flatten()
    {
        cx.problems.at(key, DataProblem::DataOnly);
    }
    let kind = match (&r.kind, declared) {
        (Some(k), Some(d)) => {
            let k = kind(&mut cx.problems, k)?;
            if k != d {
                let span = r.kind.as_ref().map_or(0..0, |k| k.span.clone());
                return Err(cx.problems.at(span, DataProblem::KindDiffers));
            }
            k
        }
        (Some(k), None) => kind(&mut cx.problems, k)?,
        (None, d) => d.unwrap_or(SeriesKind::Growth),
    };
    let Some(values) = &r.values else {
        return Err(cx.problems.in_file(DataProblem::FileNoValues));
    };
    let data = points(cx, owner, kind, &values.value, &Values::SeriesFile)?;
    let assume = assumption(cx, r.assume.as_ref(), owner)?;
    Ok(FileParts {
        data,
        assume,
        source: r.source.map(|s| s.value),
        description: r.description.map(|d| d.value),
    })
}

/// Reads `year,growth`, `year,growth_pct` or `year,level` (and an optional `source` column).
fn csv_series(
    cx: &mut Checker<'_>,
    declared: Option<SeriesKind>,
    owner: Owner,
) -> Checked<SeriesData> {
    let file = Arc::clone(cx.problems.file());
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(file.text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            let problem = DataProblem::CsvHeader {
                error: e.to_string(),
            };
            return Err(cx.problems.in_file(problem));
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
        return Err(cx.problems.at(header_span, DataProblem::CsvColumns));
    };
    let columns = CsvColumns {
        year: year_col,
        value: *value_col,
        value_name,
        source: column("source"),
    };
    let kind = if columns.value_name == "level" {
        SeriesKind::Level
    } else {
        SeriesKind::Growth
    };
    if declared.is_some_and(|d| d != kind) {
        let problem = DataProblem::CsvKind {
            column: columns.value_name,
        };
        return Err(cx.problems.at(header_span, problem));
    }
    let entries = csv_entries(&mut cx.problems, &mut reader, &columns, kind)?;
    let data = points(cx, owner, kind, &entries, &Values::SeriesFile)?;
    if is_empty(&data) {
        return Err(cx.problems.in_file(DataProblem::CsvNoRows));
    }
    Ok(data)
}

/// Where a series CSV keeps its columns.
struct CsvColumns<'a> {
    year: usize,
    value: usize,
    value_name: &'a str,
    source: Option<usize>,
}

/// The data rows of a series CSV, as year entries with their positions. A row
/// whose year or value cannot be read is reported and left out; the rest of
/// the series is still used, so the problems that follow from it show too
/// (the study is refused all the same).
fn csv_entries(
    cx: &mut Problems<'_>,
    reader: &mut csv::Reader<&[u8]>,
    columns: &CsvColumns<'_>,
    kind: SeriesKind,
) -> Checked<Vec<YearEntry>> {
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
                let problem = DataProblem::CsvLine {
                    error: e.to_string(),
                };
                return Err(cx.at(at..at, problem));
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
        let (Some(y), Some(v)) = (field(columns.year), field(columns.value)) else {
            continue;
        };
        let Ok(year_value) = y.value.parse::<i64>() else {
            let problem = DataProblem::CsvNotAYear {
                text: y.value.clone(),
            };
            cx.at(y.span.clone(), problem);
            continue;
        };
        let value = if columns.value_name == "growth_pct" {
            if v.value.ends_with('%') {
                cx.at(v.span.clone(), DataProblem::CsvPercent);
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
            source: columns
                .source
                .and_then(field)
                .map(|s| s.value)
                .filter(|s| !s.is_empty()),
        });
    }
    Ok(entries)
}

/// Records that no series is called `name`, with the names that exist.
pub fn unknown_series(cx: &mut Problems<'_>, name: &Sp<String>, series: &[Series]) -> Reported {
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let problem = DataProblem::UnknownSeries {
        name: name.value.clone(),
        close: did_you_mean(&name.value, names.iter().copied()).map(str::to_string),
        names: names.iter().map(|n| n.to_string()).collect(),
    };
    cx.at(name.span.clone(), problem)
}
