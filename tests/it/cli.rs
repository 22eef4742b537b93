//! The command-line contract: each command's output, exit code and files written.

use std::path::Path;

use crate::common::{bin, file_names, root, stdout_of};

const SEED: &str = "scenarios/sma-2020-talks.toml";
const ELEVENTH: &str = "scenarios/sma-11th-agreement.toml";

fn failure(dir: &Path, args: &[&str], code: i32) -> String {
    let out = bin(dir).args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty(), "nothing on stdout when failing");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn demo_compares_the_built_in_seed() {
    let out = stdout_of(&["demo"]);
    for figure in [
        "983.1",
        "1,300.0",
        "4,915.5",
        "6,500.0",
        "4,350.0",
        "+113.1 (+13.0%)",
        "+430.0 (+49.4%)",
    ] {
        assert!(out.contains(figure), "missing {figure}:\n{out}");
    }
    assert!(out.contains("vs 2019 baseline"), "deltas name their base");
    insta::assert_snapshot!("demo", out);
}

#[test]
fn demo_is_the_same_as_compare_on_the_seed_file() {
    let demo = stdout_of(&["demo", "--format", "json"]);
    let compare = stdout_of(&["compare", SEED, "--format", "json"]);
    let strip = |s: &str| s.replace("<built-in> scenarios/sma-2020-talks.toml", SEED);
    assert_eq!(strip(&demo), compare);
}

#[test]
fn run_shows_each_proposal_and_its_summary() {
    let out = stdout_of(&["run", ELEVENTH]);
    for figure in [
        "1,183.3",
        "1,247.2",
        "1,402.8",
        "1,183.3071",
        "7,508.1",
        "+13.9%",
    ] {
        assert!(out.contains(figure), "missing {figure}");
    }
    assert!(out.contains("Change vs 2019 baseline"));
    insta::assert_snapshot!("run_eleventh", out);
}

#[test]
fn compare_with_a_base_and_a_gap() {
    let out = stdout_of(&[
        "compare",
        SEED,
        "--base",
        "Seoul's best offer",
        "--gap",
        "Washington's demand",
        "Seoul's best offer",
    ]);
    // Washington − Seoul: 1,300 − 983.1 = 316.9 a year, 1,584.5 over five years, +32.2%.
    assert!(out.contains("+316.9 (+32.2%)"), "{out}");
    assert!(out.contains("+1,584.5"), "{out}");
    assert!(out.contains("vs Seoul's best offer"), "{out}");
    assert!(out.contains("Gap: Washington's demand minus Seoul's best offer"));
    insta::assert_snapshot!("compare_base_gap", out);
}

#[test]
fn compare_in_every_format() {
    for format in ["csv", "json", "markdown"] {
        let out = stdout_of(&[
            "compare",
            SEED,
            "--format",
            format,
            "--gap",
            "Washington's demand",
            "baseline",
        ]);
        insta::assert_snapshot!(format!("compare_{format}"), out);
    }
}

#[test]
fn run_in_every_format() {
    for format in ["csv", "json", "markdown"] {
        let out = stdout_of(&["run", SEED, "--format", format]);
        insta::assert_snapshot!(format!("run_{format}"), out);
    }
}

#[test]
fn tables_fit_the_width_asked_for() {
    let out = stdout_of(&["compare", SEED, "--width", "80"]);
    for line in out
        .lines()
        .filter(|l| l.starts_with(['╭', '│', '├', '╞', '╰']))
    {
        assert!(
            line.chars().count() <= 80,
            "too wide ({}): {line}",
            line.chars().count()
        );
    }
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let a = bin(&root())
        .args(["compare", SEED, ELEVENTH, "--format", "json"])
        .output()
        .unwrap();
    let b = bin(&root())
        .args(["compare", SEED, ELEVENTH, "--format", "json"])
        .env("LC_ALL", "de_DE.UTF-8")
        .env("TZ", "Asia/Seoul")
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn unknown_base_lists_the_names_that_exist() {
    let err = failure(&root(), &["compare", SEED, "--base", "Seoul best offer"], 1);
    assert!(
        err.contains("there is no proposal named `Seoul best offer`"),
        "{err}"
    );
    assert!(err.contains("did you mean `Seoul's best offer`?"), "{err}");
    assert!(err.contains("`Washington's demand`"), "{err}");
    let err = failure(
        &root(),
        &["compare", SEED, "--gap", "A", "Washington's demand"],
        1,
    );
    assert!(err.contains("no proposal named `A`"), "{err}");
}

#[test]
fn output_file_is_written_and_never_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("talks.json");
    let seed = root().join(SEED);
    let seed = seed.to_str().unwrap();
    let o = out.to_str().unwrap();
    let first = bin(dir.path())
        .args(["compare", seed, "--format", "json", "-o", o])
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    assert!(first.stdout.is_empty());
    assert!(String::from_utf8_lossy(&first.stderr).contains("wrote"));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("\"total\": \"4915.5\""));

    std::fs::write(&out, "keep me").unwrap();
    let err = failure(dir.path(), &["compare", seed, "-o", o], 1);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    let forced = bin(dir.path())
        .args(["compare", seed, "-o", o, "--force"])
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().contains("983.1"));
    // Nothing but the output is left in the directory.
    assert_eq!(file_names(dir.path()), ["talks.json"]);
}

#[test]
fn invalid_input_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "title = 1\n").unwrap();
    let err = failure(
        dir.path(),
        &["run", "bad.toml", "-o", "out.csv", "--format", "csv"],
        1,
    );
    assert!(err.contains("bad.toml:1:9"), "{err}");
    assert_eq!(file_names(dir.path()), ["bad.toml"]);
}

#[test]
fn export_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join(SEED);
    let eleventh = root().join(ELEVENTH);
    for (name, needle) in [
        ("a.csv", "\"study\",\"file\""),
        ("a.json", "\"generator\""),
        ("a.md", "| Year |"),
    ] {
        let out = bin(dir.path())
            .args([
                "export",
                seed.to_str().unwrap(),
                eleventh.to_str().unwrap(),
                "-o",
                name,
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(
            text.starts_with(needle) || text.contains(needle),
            "{name}: {text}"
        );
    }
    let csv = std::fs::read_to_string(dir.path().join("a.csv")).unwrap();
    // Header + (4 proposals × 5 years) + (2 proposals × 6 years).
    assert_eq!(csv.lines().count(), 1 + 20 + 12);
    let err = failure(
        dir.path(),
        &["export", seed.to_str().unwrap(), "-o", "a.xlsx"],
        2,
    );
    assert!(err.contains("cannot tell the format"), "{err}");
}

#[test]
fn validate_reports_ok_files_and_every_problem() {
    let out = stdout_of(&["validate", SEED, ELEVENTH]);
    // One line a file (its exchange rates, indented under it: cli_basics.rs).
    assert_eq!(
        out.lines()
            .filter(|l| !l.starts_with("  "))
            .collect::<Vec<_>>(),
        [
            format!("{SEED}: ok (4 proposals, 2020–2024)"),
            format!("{ELEVENTH}: ok (2 proposals, 2020–2025)")
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("two.toml"),
        "title = \"t\"\ncurrency = \"USD\"\n[horizon]\nlast = 2024\n[baseline]\nname = \"b\"\nyear = 2019\namount = 870\n[[proposal]]\nname = \"p\"\nescalaton = \"4%\"\nstart = 13\n[[proposal]]\nname = \"q\"\nescalation = 4\n",
    )
    .unwrap();
    let err = failure(dir.path(), &["validate", "two.toml"], 1);
    assert!(err.contains("two.toml:11:1"), "{err}");
    assert!(err.contains("did you mean `escalation`?"), "{err}");
    assert!(err.contains("two.toml:15:14"), "{err}");
    assert!(err.contains("^"), "underlined: {err}");
    assert!(err.contains("2 problems found"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no colour when not a terminal: {err:?}"
    );
}

#[test]
fn new_writes_a_starter_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin(dir.path()).args(["new", "mine.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("mine.toml")).unwrap();
    assert_eq!(written, costshare::commands::STARTER);
    assert!(
        written
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 20,
        "commented"
    );
    let ok = bin(dir.path())
        .args(["validate", "mine.toml"])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    std::fs::write(dir.path().join("mine.toml"), "mine").unwrap();
    let err = failure(dir.path(), &["new", "mine.toml"], 1);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("never overwrites"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
        "mine"
    );
    // Default name, and `-` for standard output.
    assert_eq!(
        bin(dir.path()).arg("new").output().unwrap().status.code(),
        Some(0)
    );
    assert!(dir.path().join("study.toml").exists());
    let printed = bin(dir.path()).args(["new", "-"]).output().unwrap();
    assert_eq!(printed.stdout, costshare::commands::STARTER.as_bytes());
}

#[test]
fn usage_mistakes_exit_with_2() {
    let err = failure(&root(), &["compare"], 2);
    assert!(err.contains("FILE"), "{err}");
    failure(&root(), &["frobnicate"], 2);
    failure(&root(), &["run", SEED, "--format", "xml"], 2);
    failure(&root(), &["compare", SEED, "--gap", "only-one"], 2);
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["run", "compare", "export", "validate", "new", "demo"] {
        let out = stdout_of(&[command, "--help"]);
        assert!(
            out.contains("Example"),
            "{command} --help has no example:\n{out}"
        );
    }
    assert!(stdout_of(&["--help"]).contains("Exit codes"));
}

#[test]
fn missing_files_and_directories_are_errors_not_panics() {
    let err = failure(&root(), &["run", "scenarios/nope.toml"], 1);
    assert!(err.contains("scenarios/nope.toml: no such file"), "{err}");
    let err = failure(&root(), &["run", "scenarios"], 1);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    // Enough output to fill a pipe: the same files many times over.
    let files: Vec<&str> = std::iter::repeat_n(SEED, 200).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_costshare"))
        .current_dir(root())
        .arg("run")
        .args(&files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_closed_pipe_does_not_cost_the_sources_file() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources.csv");
    // Enough output to fill a pipe whose reader has already gone.
    let files: Vec<&str> = std::iter::repeat_n(SEED, 200).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_costshare"))
        .current_dir(root())
        .arg("export")
        .args(&files)
        .arg("--sources")
        .arg(&sources)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(&sources).unwrap();
    assert!(
        written.starts_with("\"study\",\"id\",\"applies_to\",\"source\"\n"),
        "{written}"
    );
}

#[test]
fn standard_output_that_cannot_be_written_is_one_line_and_exit_1() {
    // A "full" device of our own (as /dev/full: every write fails with no
    // space left), made in the test's folder.
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    let made = std::process::Command::new("mknod")
        .arg(&full)
        .args(["c", "1", "7"])
        .status()
        .unwrap();
    assert!(made.success(), "mknod needs root, as the tests run");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_costshare"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["run", SEED])
        .stdout(std::fs::OpenOptions::new().write(true).open(&full).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "error: cannot write to standard output: No space left on device (os error 28)\n"
    );
}

#[test]
fn decimals_is_refused_where_it_would_be_ignored() {
    let err = failure(&root(), &["run", SEED, "--decimals", "2"], 2);
    assert!(
        err.contains("--decimals applies to CSV output only"),
        "{err}"
    );
    failure(
        &root(),
        &["export", SEED, "--format", "json", "--decimals", "2"],
        2,
    );
    assert!(stdout_of(&["run", SEED, "--format", "csv", "--decimals", "2"]).contains(",983.10,"));
}

const TWELFTH: &str = "scenarios/sma-12th-agreement.toml";

#[test]
fn currency_shows_converted_figures_beside_the_agreed_ones() {
    let out = stdout_of(&["run", TWELFTH, "--currency", "usd"]);
    for needle in [
        "As agreed (KRW billions)",
        "KRW per USD",
        "Amount (USD millions)",
        "1,422.16*",
        "1,068.2*",
        "of which: the exchange rate",
        "Per troop (USD)",
    ] {
        assert!(out.contains(needle), "missing {needle}:\n{out}");
    }
    // 1,519.2 bn won at 1,422.16 won per dollar = $1,068.2M.
    let compare = stdout_of(&["compare", SEED, "--currency", "KRW"]);
    assert!(
        compare.contains("vs the status quo (the 2019 baseline at each year's rate)"),
        "{compare}"
    );
    assert!(compare.contains("USD 983.1"), "{compare}");
}

#[test]
fn real_terms_say_so_in_every_header() {
    let out = stdout_of(&["run", TWELFTH, "--real", "2025"]);
    assert!(
        out.contains("Amount (KRW billions, constant 2025 prices)"),
        "{out}"
    );
    assert!(out.contains("Nominal (KRW billions)"), "{out}");
    assert!(out.contains("1,489.4*"), "{out}");
    let csv = stdout_of(&["run", TWELFTH, "--real", "2025", "--format", "csv"]);
    assert!(
        csv.lines().next().unwrap().ends_with(
            "\"price_basis\",\"nominal_currency_unit\",\"nominal_amount\",\"price_level\""
        )
    );
}

#[test]
fn a_measure_the_study_cannot_give_is_an_error() {
    let err = failure(&root(), &["run", TWELFTH, "--currency", "EUR"], 1);
    assert!(
        err.contains("no exchange rate between KRW and EUR"),
        "{err}"
    );
    assert!(err.contains("the study has rates for: USD"), "{err}");
    let err = failure(&root(), &["run", ELEVENTH, "--real", "2025"], 1);
    assert!(err.contains("no deflator"), "{err}");
    let err = failure(&root(), &["run", TWELFTH, "--real", "2010"], 1);
    assert!(err.contains("no value for 2010"), "{err}");
    failure(
        &root(),
        &["run", TWELFTH, "--real", "2025", "--currency", "USD"],
        2,
    );
}

#[test]
fn export_by_category_and_a_sources_file() {
    let dir = tempfile::tempdir().unwrap();
    let eleventh = root().join(ELEVENTH);
    let out = bin(dir.path())
        .args([
            "export",
            eleventh.to_str().unwrap(),
            "--by-category",
            "-o",
            "cats.csv",
            "--sources",
            "sources.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(dir.path().join("cats.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 2 proposals × 6 years × 3 categories.
    assert_eq!(rows.len(), 36);
    // Each year's parts add up to its amount exactly.
    for chunk in rows.chunks(3) {
        let total: rust_decimal::Decimal = chunk
            .iter()
            .map(|r| r[7].parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        assert_eq!(total, chunk[0][8].parse::<rust_decimal::Decimal>().unwrap());
    }
    let sources = std::fs::read_to_string(dir.path().join("sources.csv")).unwrap();
    assert!(
        sources.starts_with("\"study\",\"id\",\"applies_to\",\"source\"\n"),
        "{sources}"
    );
    assert!(
        sources.contains(",1,\"Baseline (2019 SMA (10th, one year))\",\"MOFA press release"),
        "{sources}"
    );
    assert!(sources.contains("MND White Paper 2020"));
}

#[test]
fn series_can_come_from_csv_and_toml_files_beside_the_study() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/cpi.csv"),
        "year,growth_pct,source\n2019,2,stats office\n2020,3,\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("data/def.toml"), "kind = \"level\"\nvalues = { 2019 = 100, 2020 = 110, 2021 = 121 }\nsource = \"budget office\"\n").unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        "title = \"t\"\ncurrency = \"USD\"\n[horizon]\nlast = 2021\n[baseline]\nname = \"b\"\nyear = 2019\namount = 100\n\
         [[series]]\nname = \"cpi\"\nfile = \"data/cpi.csv\"\n[[series]]\nname = \"def\"\nfile = \"data/def.toml\"\n\
         [[proposal]]\nname = \"cpi-linked\"\nescalation = { index = \"cpi\", lag = 1 }\n\
         [[proposal]]\nname = \"def-linked\"\nescalation = { index = \"def\" }\n",
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["run", "study.toml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let amounts = |i: usize| -> Vec<String> {
        doc["studies"][0]["proposals"][i]["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y["amount"].as_str().unwrap().to_string())
            .collect()
    };
    // cpi, lag 1: 2020 grows by 2019's 2% → 102; 2021 by 2020's 3% → 105.06.
    assert_eq!(amounts(0), ["102", "105.06"]);
    // def levels 100 → 110 → 121: +10% each year → 110, 121.
    assert_eq!(amounts(1), ["110", "121"]);
    let series = &doc["studies"][0]["series"];
    assert_eq!(series[0]["file"], "data/cpi.csv");
    assert_eq!(series[0]["values"][0]["source"], "stats office");
    // A mistake in a series file points into that file.
    std::fs::write(
        dir.path().join("data/cpi.csv"),
        "year,growth_pct\n2019,2\n2020,three\n",
    )
    .unwrap();
    let err = failure(dir.path(), &["run", "study.toml"], 1);
    assert!(err.contains("data/cpi.csv:3:6"), "{err}");
}

#[test]
fn exporting_studies_in_several_currencies_keeps_one_shape() {
    // The 12th SMA is in won; the talks in dollars. Asked for USD, the dollar
    // study is shown as it is (rate 1) and every row has the same columns.
    let out = stdout_of(&["export", SEED, TWELFTH, "--currency", "USD"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let width = reader.headers().unwrap().len();
    assert_eq!(
        width,
        costshare::export::csv::TIDY_COLUMNS.len() + costshare::export::csv::CURRENCY_COLUMNS.len()
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| r.len() == width));
    // Converted, the baseline column holds the baseline at its own year's rate:
    // 870 × 1,166.11 / 1000 = 1,014.5157 (KRW billions).
    let krw = stdout_of(&["export", SEED, "--currency", "KRW"]);
    assert!(
        krw.lines()
            .nth(1)
            .unwrap()
            .contains(",2019,1014.5157,145.7389,"),
        "{krw}"
    );
}

#[test]
fn a_failed_computation_leaves_the_old_file_and_no_temporary_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("overflow.toml"),
        "title = \"t\"\ncurrency = \"USD\"\n[horizon]\nlast = 2100\n[baseline]\nname = \"b\"\nyear = 2019\namount = 1000000\n[[proposal]]\nname = \"p\"\nescalation = \"900%\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("out.json"), "previous results").unwrap();
    let err = failure(
        dir.path(),
        &[
            "run",
            "overflow.toml",
            "--format",
            "json",
            "-o",
            "out.json",
            "--force",
        ],
        1,
    );
    assert!(err.contains("overflow.toml:11:14"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.json")).unwrap(),
        "previous results"
    );
    assert_eq!(file_names(dir.path()), ["out.json", "overflow.toml"]);
}
