//! Tables and text fitted to a terminal's width: snapshots of `run`,
//! `compare`, `demo` and the `--currency`/`--real` variants at 60, 80, 100,
//! 120 and 200 columns, and a property test over every width from 60 to 200:
//! no line is longer than the width, every figure the CSV gives (at the
//! table's decimals) stands whole on one line, and no number is ever split.

use std::collections::BTreeSet;
use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use unicode_width::UnicodeWidthStr;

use crate::common::stdout_of;

const WIDTHS: [u16; 5] = [60, 80, 100, 120, 200];

/// What is shown at each width: (name, arguments).
const VIEWS: [(&str, &[&str]); 7] = [
    ("run_2020", &["run", "scenarios/sma-2020-talks.toml"]),
    (
        "compare_2020",
        &["compare", "scenarios/sma-2020-talks.toml"],
    ),
    ("demo", &["demo"]),
    (
        "run_12th_usd",
        &[
            "run",
            "scenarios/sma-12th-agreement.toml",
            "--currency",
            "USD",
        ],
    ),
    (
        "run_12th_real",
        &["run", "scenarios/sma-12th-agreement.toml", "--real", "2025"],
    ),
    (
        "compare_12th_gap",
        &[
            "compare",
            "scenarios/sma-12th-agreement.toml",
            "--currency",
            "USD",
            "--gap",
            "12th SMA as agreed",
            "Same rule, inflation at 6%",
        ],
    ),
    (
        "run_11th_categories",
        &["run", "scenarios/sma-11th-agreement.toml"],
    ),
];

fn at_width(args: &[&str], width: u16) -> String {
    let width = width.to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--width", &width]);
    stdout_of(&all)
}

#[test]
fn every_view_at_every_width_is_snapshotted() {
    for (name, args) in VIEWS {
        for width in WIDTHS {
            let text = at_width(args, width);
            insta::assert_snapshot!(format!("{name}_{width}"), text);
        }
    }
}

/// The figures the tidy CSV gives for a study in column `column`, at the
/// table's decimals, as a table writes them (grouped).
fn csv_figures(file: &str, measure: &[&str], decimals: u32, column: &str) -> BTreeSet<String> {
    let csv_text = stdout_of(&[&["run", file, "--format", "csv"], measure].concat());
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let column = at(column);
    reader
        .records()
        .map(Result::unwrap)
        .map(|r| r[column].to_string())
        .map(|v| {
            let d = Decimal::from_str(&v)
                .unwrap()
                .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
            costshare::money::format_amount(d, decimals, true)
        })
        .collect()
}

/// The number-like words of a text: digits with separators, signs, `%`, `*`.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "│┆()╭╮╰╯─┬┴┼├┤╞╡╪═╌".contains(c))
        .map(|w| w.trim_end_matches([',', ';', ':', '.']))
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || ",.+-%*".contains(c))
        })
        .map(str::to_string)
        .collect()
}

fn check(args: &[&str], file: &str, measure: &[&str], decimals: u32, width: u16) {
    let fitted = at_width(args, width);
    for line in fitted.lines() {
        assert!(
            UnicodeWidthStr::width(line) <= usize::from(width),
            "{args:?} at {width}: a line of {}: {line}",
            UnicodeWidthStr::width(line)
        );
    }
    // Every amount and running total stands whole on one line.
    let words: BTreeSet<String> = fitted
        .lines()
        .flat_map(|l| {
            numbers(l)
                .into_iter()
                .map(|w| w.trim_end_matches('*').to_string())
        })
        .collect();
    if args[0] == "run" {
        // Amounts are never left out; running totals only with a note saying so.
        let totals_left_out = fitted.contains("Left out")
            && !fitted.contains("Running total\n")
            && fitted.split("Left out").skip(1).any(|n| {
                n.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains("Running total")
            });
        for (column, may_go) in [("amount", false), ("running_total", totals_left_out)] {
            for figure in csv_figures(file, measure, decimals, column) {
                assert!(
                    words.contains(&figure) || may_go,
                    "{args:?} at {width}: {column} {figure} is not shown whole"
                );
            }
        }
    }
    // No number is split: every number-like word of the tables and text is
    // one the unfitted output has (the notes under a table are left aside).
    let unfitted: BTreeSet<String> = numbers(&stdout_of(args)).into_iter().collect();
    let body: String = fitted
        .lines()
        .filter(|l| {
            !(l.starts_with("Rule ")
                || l.starts_with("Short headers")
                || l.starts_with("Left out")
                || (l.starts_with("  ") && !l.starts_with("   ")))
        })
        .collect::<Vec<_>>()
        .join("\n");
    // The numbers of the rule notes ("Rule 2: …") stand in the Rule column.
    let notes: BTreeSet<String> = fitted
        .lines()
        .filter_map(|l| {
            l.strip_prefix("Rule ")?
                .split(':')
                .next()
                .map(str::to_string)
        })
        .collect();
    for word in numbers(&body) {
        assert!(
            unfitted.contains(&word) || notes.contains(&word),
            "{args:?} at {width}: `{word}` is not a whole number of the table"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn tables_fit_every_width_without_splitting_a_number(width in 60u16..=200, view in 0usize..4) {
        let (args, file, measure): (&[&str], &str, &[&str]) = match view {
            0 => (&["run", "scenarios/sma-2020-talks.toml"], "scenarios/sma-2020-talks.toml", &[]),
            1 => (&["run", "scenarios/sma-12th-agreement.toml", "--currency", "USD"], "scenarios/sma-12th-agreement.toml", &["--currency", "USD"]),
            2 => (&["run", "scenarios/sma-11th-agreement.toml"], "scenarios/sma-11th-agreement.toml", &[]),
            _ => (&["compare", "scenarios/sma-2020-talks.toml", "--base", "Seoul's best offer"], "scenarios/sma-2020-talks.toml", &[]),
        };
        check(args, file, measure, 1, width);
    }
}

#[test]
fn amounts_are_never_left_out() {
    for width in WIDTHS {
        let text = at_width(&["run", "scenarios/sma-2020-talks.toml"], width);
        // Washington's demand: 1,300.0 in every year, in every width.
        assert!(text.contains(" 1,300.0 "), "at {width}");
        // The running total of Seoul's best offer after five years.
        if width >= 100 {
            assert!(text.contains(" 4,915.5 "), "at {width}");
        }
    }
}
