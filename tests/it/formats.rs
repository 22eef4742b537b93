//! Every format shows the same figures: for each shipped scenario, as agreed
//! and in every measure it offers, the terminal table, Markdown, CSV and JSON
//! of one view are read back and compared figure by figure.
//!
//! JSON is exact; CSV shows the same figures to four decimals and the tables
//! to the study's decimals (both rounded half away from zero); the terminal
//! table and Markdown show the same cells, character for character.

use std::str::FromStr;

use costshare::analysis::{Computed, Measure, StudyId};
use costshare::export::{self, Format, Options};
use costshare::view::{self, View};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;

use crate::common::repo;

const SCENARIOS: [&str; 3] = [
    "scenarios/sma-2020-talks.toml",
    "scenarios/sma-11th-agreement.toml",
    "scenarios/sma-12th-agreement.toml",
];

/// Each scenario with every measure it can be shown in.
fn views() -> Vec<(String, View)> {
    let mut out = Vec::new();
    for path in SCENARIOS {
        let measures = [
            None,
            Some(Measure::Currency("USD".into())),
            Some(Measure::Currency("KRW".into())),
            Some(Measure::Real(2025)),
        ];
        for measure in measures {
            let study = costshare::scenario::load(&repo(path)).unwrap();
            let Ok(c) = Computed::new(StudyId(0), study)
                .unwrap()
                .with_measure(measure.as_ref())
            else {
                continue; // not every study has a rate or a deflator
            };
            let label = format!("{path} {measure:?}");
            out.push((label, view::run_view(std::slice::from_ref(&c)).unwrap()));
        }
    }
    assert!(out.len() >= 8, "the scenarios offer their measures");
    out
}

fn export(format: Format, view: &View) -> String {
    let bytes = export::to_bytes(format.exporter(&Options::default()).as_ref(), view).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

fn round(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// A table cell as a number: no mark, no grouping, no sign, no `%`.
fn cell_number(cell: &str) -> Decimal {
    dec(&cell.trim_end_matches(['*', '%']).replace([',', '+'], ""))
}

/// The rows of every table in the terminal output, cells trimmed.
fn text_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The rows of every table in the Markdown output (headers included, rules
/// left out), cells unescaped.
fn markdown_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
        .map(|l| {
            let inner = &l[2..l.len() - 2];
            let mut cells = vec![String::new()];
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => cells.last_mut().unwrap().extend(chars.next()),
                    '|' => cells.push(String::new()),
                    c => cells.last_mut().unwrap().push(c),
                }
            }
            cells.iter().map(|c| c.trim().to_string()).collect()
        })
        .collect()
}

#[test]
fn the_terminal_table_and_markdown_show_the_same_cells() {
    for (label, view) in views() {
        let table = text_rows(&export(Format::Table, &view));
        let markdown = markdown_rows(&export(Format::Markdown, &view));
        assert!(!table.is_empty(), "{label}");
        assert_eq!(table, markdown, "{label}");
    }
}

/// The year-table rows of each proposal in the Markdown output: header, rows.
fn year_tables(markdown: &str) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let rows = markdown_rows(markdown);
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if rows[i].first().map(String::as_str) == Some("Year")
            && rows[i].iter().any(|h| h == "How the amount was set")
        {
            let header = rows[i].clone();
            let body: Vec<Vec<String>> = rows[i + 1..]
                .iter()
                .take_while(|r| r[0].parse::<i32>().is_ok())
                .cloned()
                .collect();
            i += body.len() + 1;
            out.push((header, body));
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn tables_csv_and_json_show_the_same_figures() {
    for (label, view) in views() {
        let json: Value = serde_json::from_str(&export(Format::Json, &view)).unwrap();
        let study = &json["studies"][0];
        let decimals = view.studies[0].decimals;
        let csv_text = export(Format::Csv, &view);
        let mut csv_rows = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = csv_rows.headers().unwrap().clone();
        let csv_rows: Vec<csv::StringRecord> = csv_rows.records().map(Result::unwrap).collect();
        let tables = year_tables(&export(Format::Markdown, &view));
        let proposals = study["proposals"].as_array().unwrap();
        assert_eq!(tables.len(), proposals.len(), "{label}");
        let mut csv_row = csv_rows.iter();
        for ((header, rows), p) in tables.iter().zip(proposals) {
            let col = |name: &str| header.iter().position(|h| h.starts_with(name)).unwrap();
            let years = p["years"].as_array().unwrap();
            assert_eq!(rows.len(), years.len(), "{label}");
            for (row, y) in rows.iter().zip(years) {
                let exact = |key: &str| dec(y[key].as_str().unwrap());
                let where_ = format!("{label}, {}, {}", p["name"], y["year"]);
                // The table, to the study's decimals.
                assert_eq!(
                    cell_number(&row[col("Amount")]),
                    round(exact("amount"), decimals),
                    "{where_}"
                );
                assert_eq!(
                    cell_number(&row[col("Running total")]),
                    round(exact("running_total"), decimals),
                    "{where_}"
                );
                assert_eq!(
                    cell_number(&row[col("Change vs previous year")]),
                    round(exact("change_vs_previous_year"), decimals),
                    "{where_}"
                );
                assert_eq!(
                    cell_number(&row[col("% vs ")]),
                    round(exact("change_vs_previous_year_pct"), 1),
                    "{where_}"
                );
                assert_eq!(
                    row[col("Amount")].ends_with('*'),
                    y["assumed"] == true,
                    "{where_}"
                );
                // CSV, to four decimals.
                let r = csv_row.next().unwrap();
                let get = |name: &str| &r[headers.iter().position(|h| h == name).unwrap()];
                assert_eq!(get("year"), y["year"].to_string(), "{where_}");
                for (csv_col, json_key) in [
                    ("amount", "amount"),
                    ("running_total", "running_total"),
                    ("change_vs_baseline", "change_vs_baseline"),
                    ("change_vs_baseline_pct", "change_vs_baseline_pct"),
                    ("change_vs_previous_year_pct", "change_vs_previous_year_pct"),
                ] {
                    assert_eq!(
                        dec(get(csv_col)),
                        round(exact(json_key), 4),
                        "{where_} {csv_col}"
                    );
                }
                assert_eq!(get("assumed"), y["assumed"].to_string(), "{where_}");
                assert_eq!(get("rule"), y["rule"].as_str().unwrap(), "{where_}");
                match y["per_troop_whole_units"].as_str() {
                    Some(v) => assert_eq!(
                        dec(get("per_troop_whole_units")),
                        round(dec(v), 4),
                        "{where_}"
                    ),
                    None => assert_eq!(get("per_troop_whole_units"), "", "{where_}"),
                }
                if let Some(agreed) = y["agreed_amount"].as_str() {
                    let name = if headers.iter().any(|h| h == "agreed_amount") {
                        "agreed_amount"
                    } else {
                        "nominal_amount"
                    };
                    assert_eq!(dec(get(name)), round(dec(agreed), 4), "{where_}");
                }
            }
        }
        assert!(
            csv_row.next().is_none(),
            "{label}: one CSV row per proposal-year"
        );
    }
}

#[test]
fn the_wide_csv_shows_the_comparisons_figures() {
    for path in SCENARIOS {
        let study = costshare::scenario::load(&repo(path)).unwrap();
        let c = Computed::new(StudyId(0), study).unwrap();
        let comparison = costshare::analysis::Comparison {
            base: c.status_quo(),
            gap: None,
        };
        let view = view::compare_view(&[(c, comparison)]).unwrap();
        let json: Value = serde_json::from_str(&export(Format::Json, &view)).unwrap();
        let csv_text =
            String::from_utf8(export::to_bytes(&export::csv::Csv::default(), &view).unwrap())
                .unwrap();
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        for column in json["studies"][0]["comparison"]["columns"]
            .as_array()
            .unwrap()
        {
            let name = column["name"].as_str().unwrap();
            let at = headers.iter().position(|h| h == name).unwrap();
            let year = headers.iter().position(|h| h == "year").unwrap();
            for (row, y) in rows.iter().zip(column["years"].as_array().unwrap()) {
                assert_eq!(row[year], y["year"].to_string());
                assert_eq!(
                    dec(&row[at]),
                    round(dec(y["amount"].as_str().unwrap()), 4),
                    "{path} {name}"
                );
            }
        }
    }
}

#[test]
fn a_gap_marks_figures_that_rest_on_an_assumption_in_every_format() {
    let args = [
        "compare",
        "scenarios/sma-12th-agreement.toml",
        "--gap",
        "12th SMA as agreed",
        "Same rule, inflation at 6%",
    ];
    // 2028 takes the CPI of 2026, beyond the data: both figures rest on the
    // assumed inflation (2% and 6%), so both are marked where they appear.
    let table = crate::common::stdout_of(&args);
    let gap = &table[table.find("Gap: ").unwrap()..];
    let row = gap.lines().find(|l| l.contains(" 2028 ")).unwrap();
    assert!(
        row.contains("1,582.1*") && row.contains("1,628.7*"),
        "{row}"
    );
    let row = gap.lines().find(|l| l.contains(" 2027 ")).unwrap();
    assert!(!row.contains('*'), "2027 rests on published CPI: {row}");
    let json: Value = serde_json::from_str(&crate::common::stdout_of(
        &[&args[..], &["--format", "json"]].concat(),
    ))
    .unwrap();
    let years = &json["studies"][0]["gap"]["years"];
    assert_eq!(years[1]["assumed"], false);
    assert_eq!(years[2]["amount"], "1582.1");
    assert_eq!(years[2]["assumed"], true);
    assert_eq!(years[2]["assumed_vs"], true);
    assert_eq!(json["studies"][0]["gap"]["assumed"], true);
}
