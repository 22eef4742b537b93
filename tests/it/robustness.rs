//! No input crashes costshare.
//!
//! - Paths that are not scenario files (missing, too large) and names given to
//!   `--base` and `--gap` that do not exist: exit code 1 and a message that
//!   names the file and what does exist.
//! - Property tests: valid scenario files mutated at random (bytes, lines,
//!   numbers, years) and studies generated at random (horizons up to 600
//!   years, huge rates, steps, phases, tables, freezes, terms) go through the
//!   same path as the CLI — parse and validate, compute, then every renderer
//!   and format. Each must end in a result or in diagnostics that render to
//!   text naming the file; a panic fails the test.
//!
//! The broken-file corpus itself is `invalid.rs`; the fuzz target in `fuzz/`
//! runs the same pipeline as [`pipeline`] here, without the time limit.

use std::cell::Cell;
use std::sync::Arc;

use costshare::analysis::{Comparison, Computed, Measure, StudyId};
use costshare::diagnostic::{Diagnostics, SourceFile};
use costshare::export::csv::{Csv, Shape};
use costshare::export::{self, Format, Options};
use costshare::scenario;
use costshare::scenario::limits::MAX_FILE_BYTES;
use costshare::view::{self, View};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::common::{bin, repo, root};

const SEED: &str = "scenarios/sma-2020-talks.toml";

/// Runs `costshare` in the repository root; returns (exit code, stdout, stderr).
fn costshare(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin(&root()).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs `costshare`, expecting exit code 1 and nothing on stdout; returns stderr.
fn fails(args: &[&str]) -> String {
    let (code, stdout, stderr) = costshare(args);
    assert_eq!(code, Some(1), "{args:?}: {stderr}");
    assert!(stdout.is_empty(), "{args:?}: nothing on stdout: {stdout}");
    stderr
}

#[test]
fn a_missing_path_is_an_error_naming_it_in_every_command() {
    for command in [
        &["run"][..],
        &["compare"],
        &["validate"],
        &["export", "--format", "json"],
    ] {
        let args: Vec<&str> = command
            .iter()
            .copied()
            .chain(["no/such/study.toml"])
            .collect();
        let err = fails(&args);
        assert!(
            err.contains("error: no/such/study.toml: no such file"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("help: check the path; `costshare new FILE` writes a starter file"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn every_bad_file_is_reported_not_just_the_first() {
    let err = fails(&[
        "run",
        "no/such/study.toml",
        SEED,
        "tests/invalid/empty.toml",
        "tests/invalid/a-directory.toml",
    ]);
    assert!(err.contains("no/such/study.toml: no such file"), "{err}");
    assert!(
        err.contains("tests/invalid/empty.toml: the file is empty"),
        "{err}"
    );
    assert!(
        err.contains("tests/invalid/a-directory.toml: is a directory"),
        "{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}

/// A valid study padded with comment lines to exactly `size` bytes.
fn padded_study(size: u64) -> Vec<u8> {
    let mut text = std::fs::read(repo(SEED)).unwrap();
    let size = usize::try_from(size).unwrap();
    let line = format!("# {}\n", "-".repeat(77));
    while text.len() + line.len() <= size {
        text.extend_from_slice(line.as_bytes());
    }
    let rest = size - text.len();
    if rest > 0 {
        text.extend(std::iter::repeat_n(b'#', rest - 1));
        text.push(b'\n');
    }
    assert_eq!(text.len(), size);
    text
}

#[test]
fn files_up_to_8_mib_are_read_and_larger_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    let at_limit = dir.path().join("at-limit.toml");
    let over = dir.path().join("over-limit.toml");
    std::fs::write(&at_limit, padded_study(MAX_FILE_BYTES)).unwrap();
    std::fs::write(&over, padded_study(MAX_FILE_BYTES + 1)).unwrap();

    let out = bin(dir.path())
        .args(["validate", "at-limit.toml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a file of exactly 8 MiB is read: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    for command in ["run", "validate"] {
        let out = bin(dir.path())
            .args([command, "over-limit.toml"])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            err,
            "error: over-limit.toml: is 8388609 bytes; scenario files are limited to 8388608 bytes (8 MiB)\n  |\n  = help: is this the right file? split very large studies into several files\n\nerror: 1 problem found\n"
        );
    }
}

#[test]
fn an_unknown_base_lists_the_proposals_and_suggests_the_closest() {
    let err = fails(&["compare", SEED, "--base", "Nope"]);
    insta::assert_snapshot!("unknown_base", err);
    assert!(
        err.contains("scenarios/sma-2020-talks.toml: there is no proposal named `Nope`"),
        "{err}"
    );
    assert!(
        err.contains("the proposals are: `Seoul's best offer`, `Washington's demand`, `Tentative deal, March 2020`, `11th SMA rule, in dollars` (or `baseline` for the status quo)"),
        "{err}"
    );
    let err = fails(&["compare", SEED, "--base", "seouls best offer"]);
    assert!(err.contains("did you mean `Seoul's best offer`?"), "{err}");
}

#[test]
fn unknown_gap_names_are_each_reported() {
    let err = fails(&["compare", SEED, "--gap", "Seoul", "Washington"]);
    insta::assert_snapshot!("unknown_gap", err);
    assert!(
        err.contains("there is no proposal named `Seoul`")
            && err.contains("did you mean `Seoul's best offer`?"),
        "{err}"
    );
    assert!(
        err.contains("there is no proposal named `Washington`")
            && err.contains("did you mean `Washington's demand`?"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
    // One name right, one wrong: only the wrong one is reported.
    let err = fails(&["compare", SEED, "--gap", "Seoul's best offer", "Tokyo"]);
    assert!(err.contains("no proposal named `Tokyo`"), "{err}");
    assert!(!err.contains("named `Seoul's best offer`"), "{err}");
    assert!(err.contains("1 problem found"), "{err}");
}

#[test]
fn a_base_missing_from_one_of_several_files_names_that_file() {
    let err = fails(&[
        "compare",
        SEED,
        "scenarios/sma-11th-agreement.toml",
        "--base",
        "Seoul's best offer",
    ]);
    assert!(
        err.contains(
            "scenarios/sma-11th-agreement.toml: there is no proposal named `Seoul's best offer`"
        ),
        "{err}"
    );
    assert!(!err.contains("sma-2020-talks.toml"), "{err}");
    assert!(
        err.contains("the proposals are: `11th SMA as agreed`, `Tentative deal, March 2020`"),
        "{err}"
    );
}

#[test]
fn the_baseline_can_be_named_in_base_and_gap() {
    for name in ["baseline", "status quo", "2019 SMA (10th, one year)"] {
        let (code, stdout, stderr) =
            costshare(&["compare", SEED, "--base", name, "--gap", name, "baseline"]);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert!(
            stdout.contains("Gap: 2019 baseline (status quo) minus 2019 baseline (status quo)")
        );
    }
}

/// Found by the property tests: formatting an amount whose integer digits and
/// decimal places together exceed 31 characters panicked inside rust_decimal
/// (`format!("{:.4}", 1e28)`), so `run --format csv` exited with 101.
#[test]
fn amounts_near_the_limit_of_a_decimal_render_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let study = |amount: &str, decimals: u32| {
        format!(
            "title = \"t\"\ncurrency = \"USD\"\ndecimals = {decimals}\n[horizon]\nlast = 2021\n[baseline]\nname = \"b\"\nyear = 2019\namount = {amount}\n[[proposal]]\nname = \"p\"\nescalation = \"-50%\"\n"
        )
    };
    std::fs::write(dir.path().join("huge.toml"), study("1e28", 1)).unwrap();
    std::fs::write(dir.path().join("ten-places.toml"), study("1e21", 10)).unwrap();
    for (file, args) in [
        ("huge.toml", &["run", "--format", "csv"][..]),
        ("huge.toml", &["run", "--format", "csv", "--decimals", "10"]),
        ("huge.toml", &["compare", "--format", "csv"]),
        ("huge.toml", &["run", "--format", "json"]),
        ("huge.toml", &["compare"]),
        ("ten-places.toml", &["run"]),
        ("ten-places.toml", &["compare", "--format", "markdown"]),
    ] {
        let out = bin(dir.path()).args(args).arg(file).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{file} {args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------
// The pipeline, as the CLI runs it, and the property tests over it.

/// How far a study got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    /// Refused when read, parsed or validated.
    Invalid,
    /// Valid, but its computation failed.
    Uncomputable,
    /// Computed and rendered in every format; some comparison may have failed.
    Rendered,
}

/// Every diagnostic renders, in colour and without, to text naming the file.
fn check_diagnostics(name: &str, diags: &Diagnostics) -> Result<(), TestCaseError> {
    prop_assert!(
        !diags.is_empty(),
        "an error carries at least one diagnostic"
    );
    for (i, d) in diags.0.iter().enumerate() {
        let plain = d.render(false);
        prop_assert!(!plain.trim().is_empty(), "{d:?} renders to nothing");
        prop_assert!(
            plain.contains(name),
            "the message names the file {name}:\n{plain}"
        );
        // Colour and the one-line form take other paths; a few suffice (a
        // file with hundreds of problems would make this slow in debug).
        if i < 3 {
            prop_assert!(!d.render(true).is_empty());
            prop_assert!(!d.short().is_empty());
        }
    }
    if diags.0.len() <= 20 {
        let all = costshare::diagnostic::render_all(&diags.0, false);
        prop_assert!(all.contains("problem"));
    }
    Ok(())
}

/// parse → check → plan → compute → every view in every format, as the CLI
/// does, in the study's own figures and in every measure (`--currency`, `--real`).
fn pipeline(file: &Arc<SourceFile>) -> Result<Reached, TestCaseError> {
    let name = file.name.clone();
    let study = match scenario::parse(file) {
        Ok(study) => study,
        Err(d) => {
            check_diagnostics(&name, &d)?;
            return Ok(Reached::Invalid);
        }
    };
    let computed = match Computed::new(StudyId(0), study) {
        Ok(c) => c,
        Err(d) => {
            check_diagnostics(&name, &d)?;
            return Ok(Reached::Uncomputable);
        }
    };
    // Long horizons make long tables: render them in fewer variants, to keep
    // the test quick in debug builds.
    let short = computed.spec().horizon.len() <= 60;
    render_all(&name, &computed, short)?;
    let years = computed.spec().horizon;
    let measures = [
        Measure::Currency("USD".to_string()),
        Measure::Currency("KRW".to_string()),
        Measure::Currency("EUR".to_string()),
        Measure::Real(computed.spec().baseline.year),
        Measure::Real(years.last),
    ];
    for measure in measures.iter().take(if short { 5 } else { 2 }) {
        if let Some(adjusted) = outcome(&name, computed.clone().with_measure(Some(measure)))? {
            render_all(&name, &adjusted, false)?;
        }
    }
    Ok(Reached::Rendered)
}

/// A view in every format (every one of [`Format::ALL`]), at each width and
/// with several CSV shapes; JSON must parse.
fn export_all(view: &View, widths: &[Option<u16>]) -> Result<(), TestCaseError> {
    for format in Format::ALL {
        let mut variants = vec![Options::default()];
        match format {
            Format::Table => {
                variants = widths
                    .iter()
                    .map(|w| Options {
                        width: *w,
                        ..Options::default()
                    })
                    .collect();
            }
            Format::Csv => {
                for decimals in [0, 10] {
                    variants.push(Options {
                        csv: Csv {
                            decimals,
                            ..Csv::default()
                        },
                        ..Options::default()
                    });
                }
                for shape in [Shape::ByCategory, Shape::Summary] {
                    variants.push(Options {
                        csv: Csv {
                            shape,
                            bom: true,
                            guard: false,
                            ..Csv::default()
                        },
                        ..Options::default()
                    });
                }
            }
            Format::Json | Format::Markdown => {}
        }
        for options in variants {
            let bytes = export::to_bytes(format.exporter(&options).as_ref(), view);
            prop_assert!(bytes.is_ok(), "{format:?} writes into memory");
            let bytes = bytes.unwrap_or_default();
            prop_assert!(String::from_utf8(bytes.clone()).is_ok());
            if format == Format::Json {
                prop_assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_ok());
            }
            if format != Format::Csv {
                prop_assert!(!bytes.is_empty(), "{format:?} writes something");
            }
        }
    }
    prop_assert!(export::to_bytes(&Csv::default().sources(), view).is_ok());
    Ok(())
}

/// Every view of a computed study in every format; with `all`, also every
/// width and every comparison.
fn render_all(name: &str, computed: &Computed, all: bool) -> Result<(), TestCaseError> {
    let studies = std::slice::from_ref(computed);
    let widths: &[Option<u16>] = if all {
        &[None, Some(40), Some(120)]
    } else {
        &[None]
    };

    // `run`, and `export` (tidy, by category, sources).
    if let Some(view) = outcome(name, view::run_view(studies))? {
        export_all(&view, widths)?;
    }

    // `compare`, against the status quo and against proposals, with gaps,
    // the columns found by name as `--base` and `--gap` find them.
    let status_quo = computed.status_quo();
    let mut columns = vec![status_quo];
    for p in &computed.spec().proposals {
        let col = computed.find(&p.name);
        prop_assert!(col.is_ok(), "{} is found by its name", p.name);
        if let Ok(col) = col {
            columns.push(col);
        }
    }
    if let Err(d) = computed.find("\u{1}no such proposal") {
        check_diagnostics(name, &Diagnostics::from(d))?;
    }
    let first = columns.get(1).copied().unwrap_or(status_quo);
    let last = columns.last().copied().unwrap_or(status_quo);
    let mut comparisons = vec![Comparison {
        base: status_quo,
        gap: None,
    }];
    if all {
        comparisons.push(Comparison {
            base: first,
            gap: Some((last, status_quo)),
        });
        comparisons.push(Comparison {
            base: last,
            gap: Some((status_quo, first)),
        });
    }
    for comparison in comparisons {
        let pair = vec![(computed.clone(), comparison)];
        if let Some(view) = outcome(name, view::compare_view(&pair))? {
            export_all(&view, &widths[..widths.len().min(2)])?;
        }
    }
    Ok(())
}

/// A renderer's result: its bytes, or diagnostics that must render well.
fn outcome<T>(name: &str, result: Result<T, Diagnostics>) -> Result<Option<T>, TestCaseError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(d) => {
            check_diagnostics(name, &d)?;
            Ok(None)
        }
    }
}

/// The pipeline from bytes, as `costshare run FILE` reads a file.
fn pipeline_bytes(name: &str, bytes: Vec<u8>) -> Result<Reached, TestCaseError> {
    match scenario::source_from_bytes(name, bytes) {
        Ok(file) => pipeline(&file),
        Err(d) => {
            check_diagnostics(name, &Diagnostics::from(d))?;
            Ok(Reached::Invalid)
        }
    }
}

/// Runs `cases` cases of `strategy` through `test`; returns how far they got.
fn explore<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<Reached, TestCaseError>,
) -> [usize; 3] {
    let counts = [Cell::new(0), Cell::new(0), Cell::new(0)];
    // PROPTEST_CASES, when set, overrides the count (for a longer run).
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    let mut runner = TestRunner::new(Config {
        cases,
        source_file: Some(file!()),
        ..Config::default()
    });
    let result = runner.run(&strategy, |value| {
        let reached = test(value)?;
        let i = match reached {
            Reached::Invalid => 0,
            Reached::Uncomputable => 1,
            Reached::Rendered => 2,
        };
        counts[i].set(counts[i].get() + 1);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    counts.map(|c| c.get())
}

// --- Mutated scenario files ---------------------------------------------------

/// Valid studies to mutate: the shipped scenarios and a few that use every key.
fn valid_sources() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(repo("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let rel = p.strip_prefix(root()).unwrap().display().to_string();
            (rel, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out.push(("every-key.toml".to_string(), EVERY_KEY.as_bytes().to_vec()));
    out
}

/// A valid study using every key of the format.
const EVERY_KEY: &str = r#"title = "Every key"
description = "Uses every key once"
currency = "KRW"
unit = "billions"
decimals = 2
rounding = { step = "0.25", mode = "half-even" }

[horizon]
first = 2020
last = 2030

[baseline]
name = "2019"
year = 2019
amount = 1_038.9
source = "somewhere"

[[proposal]]
name = "phased"
party = "A"
description = "phases and a table"
source = "here"
start = "+13%"
amounts = { 2024 = "1200" }
freeze = [2025]
rounding = "none"
term_ends = 2028
after_term = "continue"

[[proposal.phase]]
from = 2021
to = 2022
escalation = { rate = "13.9%" }
source = "there"

[[proposal.phase]]
escalation = { rates = { 2023 = "5.4%", 2024 = "3.4%" } }

[[proposal.phase]]
from = 2025
escalation = { step = -12.5 }

[[proposal]]
name = "flat then frozen"
start = 1300
escalation = "freeze"
term_ends = 2022

[[proposal]]
name = "falling"
escalation = "-2.5%"
"#;

/// Extreme values swapped in for numbers.
const EXTREME_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1e28",
    "-1e28",
    "7.9e28",
    "1e-28",
    "99999999999999999999",
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "\"9999999%\"",
    "\"-99.9999999%\"",
    "\"-100%\"",
    "\"1e27%\"",
    "\"0%\"",
    "inf",
    "nan",
    "0x7fffffffffffffff",
    "\"\"",
    "[]",
    "{}",
    "true",
];

/// Years swapped in for years.
const EXTREME_YEARS: &[&str] = &[
    "0", "1", "-2020", "9998", "9999", "10000", "2019", "2020", "2519", "2520", "2600",
];

/// Lines that may be inserted anywhere.
const LINES: &[&str] = &[
    "freeze = [2021, 2021]",
    "term_ends = 2021",
    "after_term = \"continue\"",
    "amounts = { 2022 = 1, 2020 = \"0.1\" }",
    "[[proposal.phase]]\nfrom = 2022\nescalation = \"1%\"",
    "[[proposal]]\nname = \"new\"\nescalation = { step = -1000 }",
    "rounding = \"0.25\"",
    "rounding = { step = \"1e-28\", mode = \"up\" }",
    "escalation = { rates = { 2020 = \"1%\" } }",
    "decimals = 10",
    "[horizon]\nlast = 2519",
    "start = \"-99%\"",
];

/// Fragments that may be inserted anywhere, including broken UTF-8.
const FRAGMENTS: &[&[u8]] = &[
    b"\"",
    b"'",
    b"[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b"%",
    b",",
    b".",
    b"-",
    b"\n",
    b"#",
    b"_",
    b"e",
    b"9",
    b"\\",
    b"\"\"\"",
    b"\t",
    b"\r",
    b"\0",
    "₩".as_bytes(),
    "é".as_bytes(),
    "\u{feff}".as_bytes(),
    "\u{1b}[2J".as_bytes(),
    b"\xff",
    b"\xe2\x82",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Replace { at: usize, byte: u8 },
    DuplicateLine { line: usize },
    DropLine { line: usize },
    InsertLine { line: usize, text: &'static str },
    Number { nth: usize, value: &'static str },
    Year { nth: usize, value: &'static str },
    SwapYears { nth: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        1 => (at, 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (at, prop::sample::select(FRAGMENTS))
            .prop_map(|(at, f)| Mutation::Insert { at, bytes: f.to_vec() }),
        1 => (at, prop::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => (at, any::<u8>()).prop_map(|(at, byte)| Mutation::Replace { at, byte }),
        1 => at.prop_map(|line| Mutation::DuplicateLine { line }),
        1 => at.prop_map(|line| Mutation::DropLine { line }),
        1 => (at, prop::sample::select(LINES))
            .prop_map(|(line, text)| Mutation::InsertLine { line, text }),
        3 => (at, prop::sample::select(EXTREME_NUMBERS))
            .prop_map(|(nth, value)| Mutation::Number { nth, value }),
        3 => (at, prop::sample::select(EXTREME_YEARS))
            .prop_map(|(nth, value)| Mutation::Year { nth, value }),
        1 => at.prop_map(|nth| Mutation::SwapYears { nth }),
    ]
}

/// Byte ranges of number literals: digits, with `.`, `_` and an exponent.
fn numbers(text: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let starts = text[i].is_ascii_digit() && (i == 0 || !text[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len()
            && (text[i].is_ascii_alphanumeric() || text[i] == b'.' || text[i] == b'_')
        {
            i += 1;
        }
        out.push(start..i);
    }
    out
}

/// Byte ranges of four-digit numbers that look like years.
fn years(text: &[u8]) -> Vec<std::ops::Range<usize>> {
    numbers(text)
        .into_iter()
        .filter(|r| {
            r.len() == 4
                && text[r.clone()].iter().all(u8::is_ascii_digit)
                && text.get(r.end) != Some(&b'.')
        })
        .collect()
}

fn line_ranges(text: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.iter().enumerate() {
        if *b == b'\n' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn apply(mut text: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let pick = |n: usize, len: usize| if len == 0 { 0 } else { n % len };
    match m {
        Mutation::Delete { at, len } => {
            let at = pick(*at, text.len());
            let end = (at + len).min(text.len());
            text.drain(at..end);
        }
        Mutation::Insert { at, bytes } => {
            let at = pick(*at, text.len() + 1);
            text.splice(at..at, bytes.iter().copied());
        }
        Mutation::Replace { at, byte } => {
            if !text.is_empty() {
                let at = pick(*at, text.len());
                text[at] = *byte;
            }
        }
        Mutation::DuplicateLine { line } | Mutation::DropLine { line } => {
            let lines = line_ranges(&text);
            if let Some(r) = lines.get(pick(*line, lines.len())).cloned() {
                if matches!(m, Mutation::DropLine { .. }) {
                    text.drain(r);
                } else {
                    let copy = text[r.clone()].to_vec();
                    text.splice(r.end..r.end, copy);
                }
            }
        }
        Mutation::InsertLine { line, text: new } => {
            let lines = line_ranges(&text);
            let at = lines
                .get(pick(*line, lines.len() + 1))
                .map_or(text.len(), |r| r.start);
            let mut bytes = new.as_bytes().to_vec();
            bytes.push(b'\n');
            text.splice(at..at, bytes);
        }
        Mutation::Number { nth, value } => {
            let found = numbers(&text);
            if let Some(r) = found.get(pick(*nth, found.len())).cloned() {
                text.splice(r, value.bytes());
            }
        }
        Mutation::Year { nth, value } => {
            let found = years(&text);
            if let Some(r) = found.get(pick(*nth, found.len())).cloned() {
                text.splice(r, value.bytes());
            }
        }
        Mutation::SwapYears { nth } => {
            let found = years(&text);
            if found.len() >= 2 {
                let i = pick(*nth, found.len() - 1);
                let (a, b) = (found[i].clone(), found[i + 1].clone());
                let (ya, yb) = (text[a.clone()].to_vec(), text[b.clone()].to_vec());
                // Same length (four digits), so the ranges stay valid.
                text.splice(b, ya);
                text.splice(a, yb);
            }
        }
    }
    text
}

#[test]
fn mutated_scenario_files_end_in_a_result_or_a_clean_error() {
    let sources = valid_sources();
    let count = sources.len();
    let strategy = (0..count, prop::collection::vec(mutation(), 1..5));
    let reached = explore(512, strategy, |(i, mutations)| {
        let (name, bytes) = &sources[i];
        let mutated = mutations.iter().fold(bytes.clone(), apply);
        pipeline_bytes(name, mutated)
    });
    // Most mutations break the file, but enough must survive to exercise the
    // engine and every renderer.
    assert!(
        reached[2] >= 10,
        "few mutated files were computed: {reached:?}"
    );
    assert!(
        reached[0] >= 10,
        "few mutated files were refused: {reached:?}"
    );
}

#[test]
fn the_valid_sources_render_in_every_format() {
    for (name, bytes) in valid_sources() {
        let reached = pipeline_bytes(&name, bytes).unwrap();
        assert_eq!(reached, Reached::Rendered, "{name}");
    }
}

// --- Generated studies ----------------------------------------------------------
//
// Two kinds of proposal are generated: "sane" ones, valid by construction
// (years inside the horizon, rates above −100%, tables covering their years)
// but with extreme values, so that many studies reach the engine and the
// renderers; and "chaotic" ones, where any key may hold any year or value.

fn year_near(base: i64) -> impl Strategy<Value = i64> {
    prop_oneof![
        8 => base - 2..base + 12,
        1 => Just(0),
        1 => Just(10_000),
        1 => base..base + 610,
    ]
}

/// A positive amount, mostly ordinary, sometimes at the edge of a decimal.
fn positive_amount() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (1u64..5_000_000).prop_map(|a| a.to_string()),
        2 => (1i64..100_000_000, 0u32..12)
            .prop_map(|(m, s)| rust_decimal::Decimal::new(m, s).to_string()),
        1 => (1u64..5_000_000).prop_map(|a| format!("\"{a}\"")),
        1 => prop::sample::select(vec![
            "1e28", "7.9e28", "79228162514264337593543950335", "1e-28", "1e27", "1e21",
            "0.0000000000000000000000000001", "123456789012345678901234.5678",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// Any amount, including ones the format refuses.
fn amount() -> BoxedStrategy<String> {
    prop_oneof![
        8 => positive_amount(),
        1 => prop::sample::select(vec![
            "0", "-5", "\"1,000\"", "\"12%\"", "99999999999999999999", "\"-0\"", "1e29",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// A rate above −100%, mostly ordinary, sometimes huge.
fn valid_rate() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (-500i64..3000).prop_map(|t| format!("\"{}%\"", rust_decimal::Decimal::new(t, 1))),
        1 => (-99i64..i64::MAX).prop_map(|t| format!("\"{t}%\"")),
        1 => prop::sample::select(vec![
            "\"-99.99999999%\"", "\"9999999%\"", "\"1e26%\"", "\"-0%\"", "\"+0.00000000000000000000000001%\"",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// Any rate, including ones the format refuses.
fn rate() -> BoxedStrategy<String> {
    prop_oneof![
        6 => valid_rate(),
        1 => prop::sample::select(vec![
            "\"-100%\"", "\"-1000%\"", "4", "\"4\"", "\"0.0000000000000000000000000001%\"", "\"freeze\"", "\"x%\"",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// `{ rates = { … } }` with a rate for each year of `from..=to`.
fn full_table(from: i64, to: i64) -> BoxedStrategy<String> {
    let years = usize::try_from((to - from + 1).clamp(0, 600)).unwrap();
    prop::collection::vec(valid_rate(), years)
        .prop_map(move |rates| {
            let entries: Vec<String> = rates
                .iter()
                .zip(from..)
                .map(|(r, y)| format!("{y} = {r}"))
                .collect();
            format!("{{ rates = {{ {} }} }}", entries.join(", "))
        })
        .boxed()
}

/// A valid rule for the years `from..=to`, and whether it can go on after a
/// term. With `index`, rules may follow the study's series `cpi`.
fn valid_rule(from: i64, to: i64, index: bool) -> BoxedStrategy<(String, bool)> {
    let plain = prop_oneof![
        4 => valid_rate().prop_map(|r| (r, true)),
        1 => valid_rate().prop_map(|r| (format!("{{ rate = {r} }}"), true)),
        1 => (valid_rate(), prop::option::of(-50i64..0), prop::option::of(0i64..50)).prop_map(
            |(r, floor, cap)| {
                let mut rule = format!("{{ rate = {r}");
                if let Some(f) = floor {
                    rule += &format!(", floor = \"{f}%\"");
                }
                if let Some(c) = cap {
                    rule += &format!(", cap = \"{c}%\"");
                }
                (rule + " }", true)
            }
        ),
        2 => (-1_000_000i64..1_000_000).prop_map(|s| (format!("{{ step = {s} }}"), true)),
        1 => positive_amount().prop_map(|s| (format!("{{ step = {s} }}"), true)),
        1 => Just(("\"freeze\"".to_string(), true)),
        2 => full_table(from, to).prop_map(|t| (t, false)),
    ];
    if !index {
        return plain.boxed();
    }
    let indexed = (
        0i64..3,
        prop::option::of(valid_rate()),
        prop::option::of(-50i64..0),
        prop::option::of(0i64..50),
    )
        .prop_map(|(lag, spread, floor, cap)| {
            let mut rule = format!("{{ index = \"cpi\", lag = {lag}");
            if let Some(s) = spread {
                rule += &format!(", spread = {s}");
            }
            if let Some(f) = floor {
                rule += &format!(", floor = \"{f}%\"");
            }
            if let Some(c) = cap {
                rule += &format!(", cap = \"{c}%\"");
            }
            (rule + " }", true)
        });
    prop_oneof![2 => plain, 1 => indexed].boxed()
}

/// Any rule, with tables over any years.
fn rule(from: i64, to: i64) -> BoxedStrategy<String> {
    let table = prop::collection::btree_map(from - 1..(to + 2).max(from), rate(), 0..12).prop_map(
        |rates| {
            let entries: Vec<String> = rates.iter().map(|(y, r)| format!("{y} = {r}")).collect();
            format!("{{ rates = {{ {} }} }}", entries.join(", "))
        },
    );
    prop_oneof![
        4 => rate(),
        1 => rate().prop_map(|r| format!("{{ rate = {r} }}")),
        2 => amount().prop_map(|s| format!("{{ step = {s} }}")),
        1 => Just("{ freeze = true }".to_string()),
        1 => Just("{ rate = \"1%\", step = 1 }".to_string()),
        2 => table,
        1 => full_table(from, to),
    ]
    .boxed()
}

/// Phases with any years.
fn phases(first: i64, last: i64) -> BoxedStrategy<String> {
    let phase = (
        prop::option::of(year_near(first)),
        prop::option::of(year_near(first)),
        rule(first, last),
    )
        .prop_map(|(from, to, rule)| {
            let mut s = "[[proposal.phase]]\n".to_string();
            if let Some(f) = from {
                s += &format!("from = {f}\n");
            }
            if let Some(t) = to {
                s += &format!("to = {t}\n");
            }
            s + &format!("escalation = {rule}\n")
        });
    prop::collection::vec(phase, 1..4)
        .prop_map(|v| v.concat())
        .boxed()
}

/// Phases that split `from..=to` in order, each with a valid rule.
fn valid_phases(from: i64, to: i64, index: bool) -> BoxedStrategy<String> {
    if to < from {
        return Just(String::new()).boxed();
    }
    prop::collection::btree_set(from..=to, 0..4)
        .prop_flat_map(move |cuts| {
            // Each cut starts a new phase; `from` always starts the first.
            let mut starts: Vec<i64> = vec![from];
            starts.extend(cuts.into_iter().filter(|c| *c > from));
            let ranges: Vec<(i64, i64)> = starts
                .iter()
                .enumerate()
                .map(|(i, s)| (*s, starts.get(i + 1).map_or(to, |n| n - 1)))
                .collect();
            let rules: Vec<_> = ranges
                .iter()
                .map(|(a, b)| valid_rule(*a, *b, index))
                .collect();
            (Just(ranges), rules)
        })
        .prop_map(|(ranges, rules)| {
            ranges
                .iter()
                .zip(rules)
                .map(|((a, b), (rule, _))| {
                    format!("[[proposal.phase]]\nfrom = {a}\nto = {b}\nescalation = {rule}\n")
                })
                .collect()
        })
        .boxed()
}

/// A proposal that validates, whatever its numbers do when computed.
fn sane_proposal(first: i64, last: i64, index: bool) -> BoxedStrategy<String> {
    if last < first {
        return Just(String::new()).boxed();
    }
    let start = prop::option::of(prop_oneof![
        2 => positive_amount(),
        2 => valid_rate(),
        1 => Just("\"baseline\"".to_string()),
    ]);
    let term = prop::option::weighted(0.3, first..=last);
    (start, term, prop::bool::ANY)
        .prop_flat_map(move |(start, term, phased)| {
            let rule_from = if start.is_some() { first + 1 } else { first };
            let term_last = term.unwrap_or(last);
            let rules = if phased {
                valid_phases(rule_from, term_last, index)
                    .prop_map(|p| (p, false))
                    .boxed()
            } else {
                prop_oneof![
                    1 => Just((String::new(), true)),
                    4 => valid_rule(rule_from, term_last, index)
                        .prop_map(|(r, go_on)| (format!("escalation = {r}\n"), go_on)),
                ]
                .boxed()
            };
            // Years set outright or frozen: never the year `start` sets.
            let pinned = if rule_from <= last {
                prop::collection::btree_map(
                    rule_from..=last,
                    (positive_amount(), prop::bool::ANY),
                    0..4,
                )
                .boxed()
            } else {
                Just(std::collections::BTreeMap::new()).boxed()
            };
            (
                Just((start, term)),
                rules,
                pinned,
                prop::bool::ANY,
                prop::option::of(prop::sample::select(vec![
                    "\"0.1\"",
                    "\"none\"",
                    "\"0.25\"",
                    "{ step = \"5\", mode = \"down\" }",
                    "\"1e-28\"",
                    "{ step = \"1e28\", mode = \"up\" }",
                ])),
            )
        })
        .prop_map(|((start, term), (rules, go_on), pinned, cont, rounding)| {
            let mut s = String::new();
            if let Some(start) = start {
                s += &format!("start = {start}\n");
            }
            let (set, frozen): (Vec<_>, Vec<_>) = pinned.iter().partition(|(_, (_, set))| *set);
            if !set.is_empty() {
                let e: Vec<String> = set.iter().map(|(y, (a, _))| format!("{y} = {a}")).collect();
                s += &format!("amounts = {{ {} }}\n", e.join(", "));
            }
            if !frozen.is_empty() {
                let e: Vec<String> = frozen.iter().map(|(y, _)| y.to_string()).collect();
                s += &format!("freeze = [{}]\n", e.join(", "));
            }
            if let Some(t) = term {
                s += &format!("term_ends = {t}\n");
                if cont && go_on {
                    s += "after_term = \"continue\"\n";
                }
            }
            if let Some(r) = rounding {
                s += &format!("rounding = {r}\n");
            }
            // Phases last: the keys above belong to the proposal.
            s + &rules
        })
        .boxed()
}

/// A proposal where any key may hold any year or value.
fn chaotic_proposal(first: i64, last: i64) -> BoxedStrategy<String> {
    let start = prop::option::of(prop_oneof![
        amount(),
        rate(),
        Just("\"baseline\"".to_string()),
        Just("\"+13\"".to_string()),
    ]);
    let escalation = prop_oneof![
        2 => Just(String::new()),
        5 => rule(first, last).prop_map(|r| format!("escalation = {r}\n")),
    ];
    let extras = (
        prop::option::of(prop::collection::btree_map(
            year_near(first),
            amount(),
            1..4,
        )),
        prop::option::of(prop::collection::vec(year_near(first), 0..4)),
        prop::option::of(year_near(first)),
        prop::option::of(prop::sample::select(vec!["hold", "continue", "stop"])),
    );
    (
        start,
        escalation,
        prop::option::weighted(0.3, phases(first, last)),
        extras,
    )
        .prop_map(
            |(start, escalation, phases, (amounts, freeze, term, after))| {
                let mut s = String::new();
                if let Some(start) = start {
                    s += &format!("start = {start}\n");
                }
                s += &escalation;
                if let Some(amounts) = amounts {
                    let e: Vec<String> =
                        amounts.iter().map(|(y, a)| format!("{y} = {a}")).collect();
                    s += &format!("amounts = {{ {} }}\n", e.join(", "));
                }
                if let Some(freeze) = freeze {
                    let e: Vec<String> = freeze.iter().map(i64::to_string).collect();
                    s += &format!("freeze = [{}]\n", e.join(", "));
                }
                if let Some(t) = term {
                    s += &format!("term_ends = {t}\n");
                }
                if let Some(a) = after {
                    s += &format!("after_term = \"{a}\"\n");
                }
                s + &phases.unwrap_or_default()
            },
        )
        .boxed()
}

/// Proposal names: unique unless `same` is set; some with characters that
/// tables, Markdown and CSV must cope with.
const NAMES: &[&str] = &[
    "Seoul's offer",
    "=HYPERLINK(\\\"x\\\")",
    "a | b",
    "₩ won",
    "tab\\there",
    "line\\nbreak",
    "esc\\u001b[31m",
    "# heading",
    "",
];

/// Reference data: a series `cpi` (growth or levels, perhaps with gaps), an
/// exchange rate between USD and KRW, troops and cost categories. Returns
/// whether `deflator = "cpi"` is set, the tables, and whether rules may
/// follow `cpi`.
fn reference(year: i64, last: i64) -> BoxedStrategy<(bool, String, bool)> {
    let span = (last - year + 6).clamp(1, 620);
    let series = (
        prop::bool::weighted(0.8),
        prop::collection::vec(
            prop::option::weighted(0.95, valid_rate()),
            1..=usize::try_from(span).unwrap(),
        ),
        prop::collection::vec(
            prop::option::weighted(0.95, positive_amount()),
            1..=usize::try_from(span).unwrap(),
        ),
        prop::option::weighted(0.7, valid_rate()),
    )
        .prop_map(move |(growth, rates, levels, assume)| {
            let entries: Vec<String> = if growth {
                rates
                    .iter()
                    .zip(year - 5..)
                    .filter_map(|(r, y)| r.as_ref().map(|r| format!("{y} = {r}")))
                    .collect()
            } else {
                levels
                    .iter()
                    .zip(year - 5..)
                    .filter_map(|(l, y)| l.as_ref().map(|l| format!("{y} = {l}")))
                    .collect()
            };
            let mut t = format!(
                "[[series]]\nname = \"cpi\"\nkind = \"{}\"\nvalues = {{ {} }}\n",
                if growth { "growth" } else { "level" },
                entries.join(", ")
            );
            if let Some(a) = assume {
                t += &format!("assume = {a}\n");
            }
            t
        });
    let exchange = (
        prop::collection::vec(positive_amount(), 1..6),
        prop::bool::weighted(0.8),
    )
        .prop_map(move |(rates, hold)| {
            let entries: Vec<String> = rates
                .iter()
                .zip(year..)
                .map(|(r, y)| format!("{y} = {r}"))
                .collect();
            let mut t = format!(
                "[[exchange_rate]]\npair = \"USD/KRW\"\nvalues = {{ {} }}\n",
                entries.join(", ")
            );
            if hold {
                t += "assume = \"hold\"\n";
            }
            t
        });
    let troops = (1u32..100_000).prop_map(|n| format!("[troops]\ncount = {n}\n"));
    let categories = prop::sample::select(vec![
        "[[category]]\nname = \"all\"\nshare = \"100%\"\n",
        "[[category]]\nname = \"a\"\nshare = \"33.3%\"\n[[category]]\nname = \"b\"\nshare = \"33.3%\"\n[[category]]\nname = \"c\"\nshare = \"33.4%\"\n",
        "[[category]]\nname = \"a\"\nshare = \"0.0000000001%\"\n[[category]]\nname = \"b\"\nshare = \"99.9999999999%\"\n",
    ]);
    (
        prop::option::weighted(0.4, series),
        prop::option::weighted(0.3, exchange),
        prop::option::weighted(0.2, troops),
        prop::option::weighted(0.2, categories),
        prop::bool::ANY,
    )
        .prop_map(|(series, exchange, troops, categories, deflate)| {
            let index = series.is_some();
            let mut t = String::new();
            t += &series.unwrap_or_default();
            t += &exchange.unwrap_or_default();
            t += &troops.unwrap_or_default();
            t += categories.unwrap_or_default();
            (deflate && index, t, index)
        })
        .boxed()
}

/// The top of a study: currency, unit, decimals, rounding.
type Top = (
    &'static str,
    Option<&'static str>,
    Option<i64>,
    Option<&'static str>,
);

fn top(chaos: bool) -> BoxedStrategy<Top> {
    if chaos {
        (
            prop::sample::select(vec!["USD", "usd", "EURO", ""]),
            prop::option::of(prop::sample::select(vec![
                "millions",
                "milions",
                "Trillions",
            ])),
            prop::option::of(prop::sample::select(vec![0i64, 10, 11, -1])),
            prop::option::of(prop::sample::select(vec![
                "\"0\"",
                "\"-1\"",
                "{ step = \"0.1\", mode = \"bankers\" }",
                "true",
            ])),
        )
            .boxed()
    } else {
        (
            prop::sample::select(vec!["USD", "KRW"]),
            prop::option::of(prop::sample::select(vec!["millions", "units", "trillions"])),
            prop::option::of(0i64..=10),
            prop::option::of(prop::sample::select(vec![
                "\"0.1\"",
                "0.1",
                "{ step = \"0.1\", mode = \"half-even\" }",
                "\"0.25\"",
                "\"none\"",
                "\"1e-28\"",
                "\"1e28\"",
            ])),
        )
            .boxed()
    }
}

fn study() -> impl Strategy<Value = String> {
    // One study in five is chaotic from the top: bad codes, years and horizons.
    prop::bool::weighted(0.2).prop_flat_map(|chaos| {
        let base_year = if chaos {
            prop_oneof![Just(1i64), Just(9998i64), Just(9999i64), 1990i64..2030].boxed()
        } else {
            prop_oneof![9 => 1990i64..2030, 1 => Just(1i64)].boxed()
        };
        (Just(chaos), base_year)
    })
    .prop_flat_map(|(chaos, year)| {
        let length = if chaos && year > 9000 {
            prop_oneof![-2i64..1, 1i64..3].boxed()
        } else if chaos {
            prop_oneof![-2i64..1, 499i64..=600, 1i64..12].boxed()
        } else {
            prop_oneof![20 => 1i64..12, 4 => 12i64..200, 1 => 450i64..=500].boxed()
        };
        (Just(chaos), Just(year), length)
    })
    .prop_flat_map(|(chaos, year, length)| {
        (Just((chaos, year, length)), reference(year, year + length))
    })
    .prop_flat_map(|((chaos, year, length), (deflator, tables, index))| {
        let first = year + 1;
        let last = year + length;
        let proposal = prop_oneof![
            3 => sane_proposal(first, last, index),
            1 => chaotic_proposal(first, last),
        ];
        let named = (proposal, prop::option::weighted(0.2, prop::sample::select(NAMES)));
        let horizon_first = if chaos {
            prop::option::of(year_near(first)).boxed()
        } else {
            prop::option::weighted(0.2, Just(first)).boxed()
        };
        let baseline = if chaos { amount() } else { positive_amount() };
        (
            Just((year, last, deflator, tables)),
            top(chaos),
            baseline,
            horizon_first,
            prop::collection::vec(named, 0..4),
        )
            .prop_map(|((year, last, deflator, tables), (currency, unit, decimals, rounding), amount, first, proposals)| {
                let mut s = format!("title = \"generated\"\ncurrency = \"{currency}\"\n");
                if deflator {
                    s += "deflator = \"cpi\"\n";
                }
                if let Some(u) = unit {
                    s += &format!("unit = \"{u}\"\n");
                }
                if let Some(d) = decimals {
                    s += &format!("decimals = {d}\n");
                }
                if let Some(r) = rounding {
                    s += &format!("rounding = {r}\n");
                }
                s += "[horizon]\n";
                if let Some(f) = first {
                    s += &format!("first = {f}\n");
                }
                s += &format!("last = {last}\n[baseline]\nname = \"base\"\nyear = {year}\namount = {amount}\n");
                s += &tables;
                for (i, (body, name)) in proposals.iter().enumerate() {
                    let name = name.map_or_else(|| format!("p{i}"), |n| format!("{n}{i}"));
                    s += &format!("[[proposal]]\nname = \"{name}\"\n{body}");
                }
                s
            })
    })
}

#[test]
fn generated_studies_end_in_a_result_or_a_clean_error() {
    let reached = explore(384, study(), |text| {
        pipeline(&SourceFile::new("generated.toml", text))
    });
    assert!(
        reached[2] >= 60,
        "few generated studies were computed: {reached:?}"
    );
    assert!(
        reached[0] >= 20,
        "few generated studies were refused: {reached:?}"
    );
}
