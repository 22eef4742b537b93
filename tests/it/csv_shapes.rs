//! The shapes of CSV and the options that shape it: the wide form (one or
//! several studies, converted figures, assumption marks and the gap), the
//! summary, the per-troop column's unit, the byte-order mark and the formula
//! guard. Expected figures are worked out from the published amounts in the
//! comments, not taken from the program.

use std::collections::BTreeMap;

use crate::common::{bin, root, stdout_of};

const SEED: &str = "scenarios/sma-2020-talks.toml";
const ELEVENTH: &str = "scenarios/sma-11th-agreement.toml";
const TWELFTH: &str = "scenarios/sma-12th-agreement.toml";

/// A CSV as a header and rows of named cells.
fn table(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn row<'a>(
    rows: &'a [BTreeMap<String, String>],
    key: &str,
    value: &str,
    year: &str,
) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r[key] == value && r.get("year").is_none_or(|y| y == year))
        .unwrap_or_else(|| panic!("no row with {key} = {value}, year {year}"))
}

fn failure(args: &[&str]) -> String {
    let out = bin(&root()).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_wide_form_names_study_currency_unit_and_base_and_marks_assumptions() {
    let (header, rows) = table(&stdout_of(&["export", SEED, "--wide"]));
    let groups = |name: &str| {
        [
            name.to_string(),
            format!("{name} change vs 2019 baseline"),
            format!("{name} % vs 2019 baseline"),
            format!("{name} assumed"),
        ]
    };
    let mut expected: Vec<String> = [
        "study",
        "file",
        "currency",
        "unit",
        "baseline_year",
        "base",
        "year",
        "2019 baseline (status quo)",
        "2019 baseline (status quo) assumed",
    ]
    .map(String::from)
    .to_vec();
    for name in [
        "Seoul's best offer",
        "Washington's demand",
        "Tentative deal, March 2020",
        "11th SMA rule, in dollars",
    ] {
        expected.extend(groups(name));
    }
    assert_eq!(header, expected);
    assert_eq!(rows.len(), 5, "one row per year 2020-2024");
    let r = row(&rows, "year", "2020", "2020");
    assert_eq!(r["currency"], "USD");
    assert_eq!(r["unit"], "millions");
    assert_eq!(r["base"], "2019 baseline (status quo)");
    // Seoul: 870 × 1.13 = 983.1, +113.1, +13%; Washington: 1,300, +430,
    // 430 / 870 = 49.42528…%.
    assert_eq!(r["Seoul's best offer"], "983.1000");
    assert_eq!(r["Seoul's best offer change vs 2019 baseline"], "113.1000");
    assert_eq!(r["Seoul's best offer % vs 2019 baseline"], "13.0000");
    assert_eq!(r["Washington's demand % vs 2019 baseline"], "49.4253");
    assert_eq!(r["Washington's demand assumed"], "false");

    // The 12th SMA's years rest on assumed CPI from 2028 (the CPI of 2026).
    let (_, rows) = table(&stdout_of(&["export", TWELFTH, "--wide"]));
    let assumed = |year: &str| row(&rows, "year", year, year)["12th SMA as agreed assumed"].clone();
    assert_eq!(assumed("2027"), "false");
    assert_eq!(assumed("2028"), "true");
}

#[test]
fn the_wide_form_takes_several_files_in_one_table() {
    let (header, rows) = table(&stdout_of(&["export", SEED, ELEVENTH, "--wide"]));
    // 5 years of the 2020 talks, then 6 of the 11th SMA (2020-2025).
    assert_eq!(rows.len(), 11);
    assert_eq!(header.iter().filter(|h| *h == "year").count(), 1);
    // Both studies' baselines are 2019, so the status quo keeps its name.
    assert!(header.contains(&"2019 baseline (status quo)".to_string()));
    // The 11th SMA in won: 2021 is ₩1,183.3 bn, +144.4 on ₩1,038.9 bn,
    // 144.4 / 1,038.9 = 13.89931…%.
    let r = rows
        .iter()
        .find(|r| r["file"] == ELEVENTH && r["year"] == "2021")
        .unwrap();
    assert_eq!(r["currency"], "KRW");
    assert_eq!(r["unit"], "billions");
    assert_eq!(r["11th SMA as agreed"], "1183.3000");
    assert_eq!(r["11th SMA as agreed change vs 2019 baseline"], "144.4000");
    assert_eq!(r["11th SMA as agreed % vs 2019 baseline"], "13.8993");
    assert_eq!(r["2019 baseline (status quo)"], "1038.9000");
    // A schedule a study lacks is blank in its rows.
    assert_eq!(r["Seoul's best offer"], "");
    let seed_2021 = rows
        .iter()
        .find(|r| r["file"] == SEED && r["year"] == "2021")
        .unwrap();
    assert_eq!(seed_2021["11th SMA as agreed"], "");
    assert_eq!(seed_2021["2019 baseline (status quo)"], "870.0000");
    // Studies with different baselines share a generic status quo and base.
    let (header, rows) = table(&stdout_of(&["export", SEED, TWELFTH, "--wide"]));
    assert!(header.contains(&"status quo".to_string()), "{header:?}");
    assert!(header.contains(&"12th SMA as agreed change vs base".to_string()));
    let r = rows
        .iter()
        .find(|r| r["file"] == TWELFTH && r["year"] == "2026")
        .unwrap();
    assert_eq!(r["base"], "2025 baseline (status quo)");
    assert_eq!(r["status quo"], "1402.8000");
    // 1,402.8 × 1.083 = 1,519.2324, rounded to 1,519.2: +116.4.
    assert_eq!(r["12th SMA as agreed change vs base"], "116.4000");
}

#[test]
fn converted_wide_csv_has_the_rate_and_the_agreed_figures() {
    let (header, rows) = table(&stdout_of(&[
        "export",
        SEED,
        TWELFTH,
        "--wide",
        "--currency",
        "USD",
    ]));
    assert!(header.contains(&"exchange_rate".to_string()));
    let r = rows
        .iter()
        .find(|r| r["file"] == TWELFTH && r["year"] == "2026")
        .unwrap();
    // ₩1,519.2 bn at ₩1,422.16 per dollar (2025's rate, assumed for 2026):
    // 1,519.2 × 1,000 / 1,422.16 = 1,068.23423… USD millions.
    assert_eq!(r["currency"], "USD");
    assert_eq!(r["exchange_rate"], "1422.16");
    assert_eq!(r["exchange_rate_quote"], "KRW per USD");
    assert_eq!(r["12th SMA as agreed"], "1068.2342");
    assert_eq!(r["12th SMA as agreed as agreed"], "1519.2000");
    assert_eq!(r["12th SMA as agreed assumed"], "true");
    // The 2020 talks are in dollars already: rate 1, as agreed = shown.
    let r = rows
        .iter()
        .find(|r| r["file"] == SEED && r["year"] == "2020")
        .unwrap();
    assert_eq!(r["exchange_rate"], "1");
    assert_eq!(r["Seoul's best offer as agreed"], "983.1000");
}

#[test]
fn compare_csv_carries_the_gap() {
    let out = stdout_of(&[
        "compare",
        SEED,
        "--format",
        "csv",
        "--gap",
        "Washington's demand",
        "Seoul's best offer",
    ]);
    let (header, rows) = table(&out);
    let gap = "Washington's demand minus Seoul's best offer";
    assert_eq!(
        header[header.len() - 5..],
        [
            "gap_a".to_string(),
            "gap_b".to_string(),
            gap.to_string(),
            format!("{gap} % vs Seoul's best offer"),
            format!("{gap} assumed"),
        ]
    );
    // 1,300 − 983.1 = 316.9; 316.9 / 983.1 = 32.23477…%.
    for r in &rows {
        assert_eq!(r["gap_a"], "Washington's demand");
        assert_eq!(r["gap_b"], "Seoul's best offer");
        assert_eq!(r[gap], "316.9000");
        assert_eq!(r[&format!("{gap} % vs Seoul's best offer")], "32.2348");
        assert_eq!(r[&format!("{gap} assumed")], "false");
    }
    // A gap resting on assumed CPI is marked (2028 of the 12th SMA).
    let (_, rows) = table(&stdout_of(&[
        "compare",
        TWELFTH,
        "--format",
        "csv",
        "--gap",
        "12th SMA as agreed",
        "Same rule, inflation at 6%",
    ]));
    let assumed = |year: &str| {
        row(&rows, "year", year, year)
            ["12th SMA as agreed minus Same rule, inflation at 6% assumed"]
            .clone()
    };
    assert_eq!(assumed("2027"), "false");
    assert_eq!(assumed("2028"), "true");
}

#[test]
fn the_summary_has_one_row_per_schedule_with_the_status_quo_first() {
    let (header, rows) = table(&stdout_of(&["export", SEED, ELEVENTH, "--summary"]));
    assert_eq!(header, costshare::export::csv::SUMMARY_COLUMNS);
    // 1 status quo + 4 proposals, then 1 + 2.
    assert_eq!(rows.len(), 8);
    let names: Vec<&str> = rows.iter().map(|r| r["schedule"].as_str()).collect();
    assert_eq!(
        names,
        [
            "2019 baseline (status quo)",
            "Seoul's best offer",
            "Washington's demand",
            "Tentative deal, March 2020",
            "11th SMA rule, in dollars",
            "2019 baseline (status quo)",
            "11th SMA as agreed",
            "Tentative deal, March 2020",
        ]
    );
    let sq = &rows[0];
    // 870 held over 2020-2024: 4,350.
    assert_eq!(sq["status_quo"], "true");
    assert_eq!(sq["total"], "4350.0000");
    assert_eq!(sq["total_vs_status_quo"], "0.0000");
    assert_eq!(sq["growth_a_year_pct"], "0.0000");
    let seoul = &rows[1];
    // 983.1 × 5 = 4,915.5, +565.5 on 4,350 (+13%); growth from 2019 to 2024:
    // (983.1 / 870)^(1/5) − 1 = 2.47447…%.
    assert_eq!(seoul["status_quo"], "false");
    assert_eq!(seoul["party"], "South Korea");
    assert_eq!(seoul["first_year"], "2020");
    assert_eq!(seoul["first_amount"], "983.1000");
    assert_eq!(seoul["last_year"], "2024");
    assert_eq!(seoul["total"], "4915.5000");
    assert_eq!(seoul["average"], "983.1000");
    assert_eq!(seoul["total_vs_status_quo"], "565.5000");
    assert_eq!(seoul["total_vs_status_quo_pct"], "13.0000");
    assert_eq!(seoul["growth_a_year_pct"], "2.4745");
    // Washington: (1,300 / 870)^(1/5) − 1 = 8.36395…%.
    assert_eq!(rows[2]["growth_a_year_pct"], "8.3639");
    let agreed = &rows[6];
    // 1,038.9 + 1,183.3 + 1,247.2 + 1,289.6 + 1,346.3 + 1,402.8 = 7,508.1;
    // the status quo 1,038.9 × 6 = 6,233.4; 1,274.7 / 6,233.4 = 20.44951…%;
    // growth (1,402.8 / 1,038.9)^(1/6) − 1 = 5.13250…%.
    assert_eq!(agreed["currency"], "KRW");
    assert_eq!(agreed["total"], "7508.1000");
    assert_eq!(agreed["average"], "1251.3500");
    assert_eq!(agreed["last_amount"], "1402.8000");
    assert_eq!(agreed["total_vs_status_quo"], "1274.7000");
    assert_eq!(agreed["total_vs_status_quo_pct"], "20.4495");
    assert_eq!(agreed["growth_a_year_pct"], "5.1325");
    assert_eq!(agreed["assumed"], "false");
    // The 12th SMA's totals rest on assumed CPI; --real adds the price basis.
    let (header, rows) = table(&stdout_of(&[
        "export",
        TWELFTH,
        "--summary",
        "--real",
        "2025",
    ]));
    assert_eq!(header.last().unwrap(), "price_basis");
    assert_eq!(rows[1]["assumed"], "true");
    assert_eq!(rows[1]["price_basis"], "constant 2025 prices");
}

#[test]
fn shape_options_are_refused_where_they_do_nothing() {
    let err = failure(&["export", SEED, "--summary", "--format", "json"]);
    assert!(
        err.contains("--summary applies to CSV output only"),
        "{err}"
    );
    let err = failure(&["export", SEED, "--summary", "--wide"]);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = failure(&["export", SEED, "--by-category", "--format", "markdown"]);
    assert!(
        err.contains("--by-category applies to CSV output only"),
        "{err}"
    );
    for option in ["--bom", "--no-formula-guard"] {
        let err = failure(&["run", SEED, option]);
        assert!(
            err.contains(&format!("{option} applies to CSV output only")),
            "{err}"
        );
        let err = failure(&["export", SEED, "-o", "x.json", option]);
        assert!(err.contains("applies to CSV output only"), "{err}");
    }
}

#[test]
fn per_troop_is_named_in_whole_currency_units() {
    let (_, rows) = table(&stdout_of(&["run", TWELFTH, "--format", "csv"]));
    let r = &rows[0];
    assert_eq!(r["unit"], "billions");
    // ₩1,519.2 bn / 28,500 troops = ₩53,305,263.157894…: won, not billions.
    assert_eq!(r["per_troop_whole_units"], "53305263.1579");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["run", TWELFTH, "--format", "json"])).unwrap();
    assert_eq!(
        json["studies"][0]["proposals"][0]["years"][0]["per_troop_whole_units"],
        "53305263.157894736842105263158"
    );
}

#[test]
fn a_byte_order_mark_on_request_for_excel() {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let plain = bin(&root()).args(["export", SEED]).output().unwrap().stdout;
    assert!(!plain.starts_with(BOM));
    for args in [
        &["export", SEED, "--bom"][..],
        &["run", SEED, "--format", "csv", "--bom"],
        &["compare", SEED, "--format", "csv", "--bom"],
    ] {
        let out = bin(&root()).args(args).output().unwrap().stdout;
        assert!(out.starts_with(BOM), "{args:?}");
        // Nothing else changes.
        if args[0] == "export" {
            assert_eq!(&out[BOM.len()..], plain.as_slice());
        }
    }
    // The sources file gets one too.
    let dir = tempfile::tempdir().unwrap();
    let out = bin(dir.path())
        .args(["export", &root().join(SEED).to_string_lossy()])
        .args(["--bom", "-o", "out.csv", "--sources", "sources.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for name in ["out.csv", "sources.csv"] {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert!(bytes.starts_with(BOM), "{name}");
        assert!(bytes[BOM.len()..].starts_with(b"\"study\""), "{name}");
    }
}

#[test]
fn the_formula_guard_can_be_turned_off_for_data_pipelines() {
    let dir = tempfile::tempdir().unwrap();
    let study = "title = \"=1+1\"\ncurrency = \"USD\"\n[horizon]\nlast = 2021\n\
                 [baseline]\nname = \"b\"\nyear = 2019\namount = 870\n\
                 [[proposal]]\nname = \"+16.7% then 4%\"\nparty = \"@party\"\nstart = \"+16.7%\"\n";
    std::fs::write(dir.path().join("s.toml"), study).unwrap();
    let export = |extra: &[&str], name: &str| {
        let out = bin(dir.path())
            .args(["export", "s.toml", "-o", name, "--force"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        std::fs::read_to_string(dir.path().join(name)).unwrap()
    };
    let guarded = export(&[], "guarded.csv");
    let (_, rows) = table(&guarded);
    assert_eq!(rows[0]["study"], "'=1+1");
    assert_eq!(rows[0]["proposal"], "'+16.7% then 4%");
    let raw = export(&["--no-formula-guard"], "raw.csv");
    let (_, rows) = table(&raw);
    assert_eq!(rows[0]["study"], "=1+1");
    assert_eq!(rows[0]["proposal"], "+16.7% then 4%");
    assert_eq!(rows[0]["party"], "@party");
    // The names join with JSON's, which are never guarded.
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "export",
        &dir.path().join("s.toml").to_string_lossy(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        json["studies"][0]["proposals"][0]["name"].as_str(),
        Some(rows[0]["proposal"].as_str())
    );
    // Numbers are the same either way.
    assert_eq!(rows[0]["amount"], "1015.2900");
}
