//! Exports read back with real parsers and checked against the engine's figures.

use std::str::FromStr;

use costshare::export::csv::TIDY_COLUMNS;
use rust_decimal::Decimal;

use crate::common::{bin, computed, root};

fn export(args: &[&str]) -> Vec<u8> {
    let out = bin(&root()).arg("export").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

const FILES: [&str; 2] = [
    "scenarios/sma-2020-talks.toml",
    "scenarios/sma-11th-agreement.toml",
];

#[test]
fn tidy_csv_reads_back_to_the_engines_figures() {
    let bytes = export(&FILES);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, TIDY_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut expected_rows = 0;
    let mut i = 0;
    for file in FILES {
        let (study, result) = computed(file);
        for (proposal, r) in study.spec().proposals.iter().zip(&result.proposals) {
            for y in &r.years {
                let row = &rows[i];
                i += 1;
                expected_rows += 1;
                let get = |col: &str| {
                    row.get(headers.iter().position(|h| h == col).unwrap())
                        .unwrap()
                };
                let num = |col: &str| Decimal::from_str(get(col)).unwrap();
                assert_eq!(get("study"), study.spec().title);
                assert_eq!(get("currency"), study.spec().currency);
                assert_eq!(get("unit"), study.spec().unit.name());
                assert_eq!(get("proposal"), proposal.name);
                assert_eq!(get("year"), y.year.to_string());
                // Fixed four decimals, '.' as the mark, no separators.
                for col in [
                    "amount",
                    "change_vs_previous_year",
                    "change_vs_baseline",
                    "running_total",
                    "baseline_amount",
                ] {
                    let text = get(col);
                    assert!(!text.contains(','), "{col}: {text}");
                    assert_eq!(
                        text.split('.').nth(1).map(str::len),
                        Some(4),
                        "{col}: {text}"
                    );
                }
                assert_eq!(num("amount"), y.amount);
                assert_eq!(num("running_total"), y.cumulative);
                assert_eq!(num("change_vs_previous_year"), y.vs_previous.amount);
                assert_eq!(num("change_vs_baseline"), y.vs_baseline.amount);
                assert_eq!(
                    num("baseline_amount"),
                    study.params().amount(study.spec().baseline.amount)
                );
                assert_eq!(
                    num("change_vs_baseline_pct"),
                    (y.vs_baseline.relative.fraction() * Decimal::ONE_HUNDRED).round_dp(4)
                );
                assert_eq!(
                    num("change_vs_previous_year_pct"),
                    (y.vs_previous.relative.fraction() * Decimal::ONE_HUNDRED).round_dp(4)
                );
                match y.unrounded {
                    Some(u) => assert_eq!(num("unrounded_amount"), u.round_dp(4)),
                    None => assert_eq!(get("unrounded_amount"), ""),
                }
            }
        }
    }
    assert_eq!(rows.len(), expected_rows);
    // The published won figures survive the trip.
    let amounts: Vec<&str> = rows
        .iter()
        .filter(|r| r.get(4) == Some("11th SMA as agreed"))
        .map(|r| r.get(7).unwrap())
        .collect();
    assert_eq!(
        amounts,
        [
            "1038.9000",
            "1183.3000",
            "1247.2000",
            "1289.6000",
            "1346.3000",
            "1402.8000"
        ]
    );
}

#[test]
fn csv_decimals_can_be_chosen() {
    let bytes = export(&[FILES[0], "--decimals", "1"]);
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .contains(",2020,983.1,113.1,13.0,2019,870.0,"),
        "{text}"
    );
}

#[test]
fn csv_text_cells_never_smuggle_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let study = "title = \"=HYPERLINK(\\\"http://x\\\")\"\ncurrency = \"USD\"\n[horizon]\nlast = 2021\n[baseline]\nname = \"b\"\nyear = 2019\namount = 870\n\
                 [[proposal]]\nname = \"+13% offer\"\nparty = \"@party\"\nstart = \"+13%\"\n\
                 [[proposal]]\nname = \"-5% cut\"\nparty = \"\\tTabbed\"\nstart = \"-5%\"\n\
                 [[proposal]]\nname = \"=1+1\"\nstart = 900\n";
    std::fs::write(dir.path().join("evil.toml"), study).unwrap();
    let out = bin(dir.path())
        .args(["export", "evil.toml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let numeric = [
        "year",
        "amount",
        "change_vs_previous_year",
        "change_vs_previous_year_pct",
        "baseline_year",
        "baseline_amount",
        "change_vs_baseline",
        "change_vs_baseline_pct",
        "running_total",
        "unrounded_amount",
    ];
    let mut negative_numbers = 0;
    for row in reader.records() {
        let row = row.unwrap();
        for (header, cell) in headers.iter().zip(row.iter()) {
            if numeric.contains(&header) {
                // Numbers are never altered: they parse as decimals, signs and all.
                if !cell.is_empty() {
                    let value =
                        Decimal::from_str(cell).unwrap_or_else(|_| panic!("{header}: {cell:?}"));
                    if value.is_sign_negative() {
                        negative_numbers += 1;
                    }
                }
            } else {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{header}: {cell:?} could run as a formula"
                );
            }
        }
        assert!(row.get(0).unwrap().starts_with("'=HYPERLINK"));
    }
    assert!(
        negative_numbers > 0,
        "the -5% proposal has negative changes"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"'+13% offer\""), "{text}");
    assert!(text.contains("\"'-5% cut\""));
    assert!(text.contains("\"'@party\""));
}

#[test]
fn json_carries_names_sources_and_exact_figures() {
    let bytes = export(&[FILES[1], "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let study = &doc["studies"][0];
    assert_eq!(study["currency"], "KRW");
    assert_eq!(study["baseline"]["amount"], "1038.9");
    assert!(
        study["baseline"]["source"]
            .as_str()
            .unwrap()
            .contains("MOFA")
    );
    let agreed = &study["proposals"][0];
    assert_eq!(agreed["name"], "11th SMA as agreed");
    assert!(agreed["source"].as_str().unwrap().contains("Dong-A"));
    let amounts: Vec<&str> = agreed["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["amount"].as_str().unwrap())
        .collect();
    assert_eq!(
        amounts,
        ["1038.9", "1183.3", "1247.2", "1289.6", "1346.3", "1402.8"]
    );
    assert_eq!(agreed["years"][1]["unrounded"], "1183.3071");
    // After rounding, 2021 is not exactly +13.9%: 144.4 / 1,038.9 = 0.1389931658484935989989411878
    // (Python decimal at 28 digits), so 13.89931658484935989989411878 in percent.
    assert_eq!(
        agreed["years"][1]["change_vs_previous_year_pct"],
        "13.89931658484935989989411878"
    );
    assert_eq!(agreed["summary"]["total"], "7508.1");
    // 1,274.7 / 6,233.4 = 0.2044951390894215035133314082… (Python decimal at 28 digits)
    assert_eq!(
        agreed["summary"]["vs_status_quo_pct"],
        "20.44951390894215035133314082"
    );
}
