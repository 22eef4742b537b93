//! Arbitrary bytes through everything `costshare run`, `compare` and `export`
//! do: read as a file (UTF-8 check, byte-order mark), parse and validate,
//! compute, re-express in other measures (`--currency`, `--real`), then
//! render every view in every format. A panic is a crash; so is a diagnostic
//! that renders to nothing or does not name the file, and JSON output that
//! does not parse.

#![no_main]

use costshare::adjust::Measure;
use costshare::diagnostic::Diagnostics;
use costshare::report::{self, Column, CompareSpec, Computed, Format, Options};
use costshare::scenario;
use libfuzzer_sys::fuzz_target;

const NAME: &str = "fuzz.toml";

fn check(diags: &Diagnostics) {
    assert!(!diags.is_empty(), "an error carries a diagnostic");
    for d in &diags.0 {
        let text = d.render(false);
        let _ = d.render(true);
        assert!(!text.trim().is_empty(), "{d:?} renders to nothing");
        assert!(text.contains(NAME), "the message names the file:\n{text}");
    }
}

fn ok<T>(result: Result<T, Diagnostics>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(d) => {
            check(&d);
            None
        }
    }
}

fn json(bytes: Option<Vec<u8>>) {
    if let Some(bytes) = bytes {
        assert!(
            serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
            "JSON output parses"
        );
    }
}

fn render(doc: &report::Doc, width: Option<u16>) {
    for format in [Format::Table, Format::Markdown] {
        let bytes = report::render_doc(
            doc,
            format,
            &Options {
                csv_decimals: None,
                width,
            },
        );
        assert!(!bytes.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    let file = match scenario::source_from_bytes(NAME, data.to_vec()) {
        Ok(file) => file,
        Err(d) => return check(&Diagnostics::from(d)),
    };
    let Some(study) = ok(scenario::parse(&file)) else {
        return;
    };
    let Some(computed) = ok(Computed::new(study)) else {
        return;
    };
    views(&computed);
    let base_year = computed.study.baseline.year;
    for measure in [
        Measure::Currency("USD".to_string()),
        Measure::Currency("KRW".to_string()),
        Measure::Real(base_year),
    ] {
        if let Some(adjusted) = ok(computed.clone().with_measure(Some(&measure))) {
            views(&adjusted);
        }
    }
});

/// Every view of a computed study in every format.
fn views(computed: &Computed) {
    let all = std::slice::from_ref(computed);

    // `run` and `export` in every format.
    let doc = report::run_doc(all);
    render(&doc, None);
    render(&doc, Some(40));
    ok(report::csv::tidy(all, 4));
    ok(report::csv::tidy(all, 10));
    ok(report::csv::by_category(all, 4));
    ok(report::csv::sources(all));
    json(ok(report::json::run(all)));

    // `compare`, against the status quo and against the last proposal (found
    // by name, as `--base` finds it), with a gap.
    let last = computed
        .study
        .proposals
        .last()
        .map_or(Column::StatusQuo, |p| {
            computed.find(&p.name).unwrap_or(Column::StatusQuo)
        });
    for spec in [
        CompareSpec {
            base: Column::StatusQuo,
            gap: None,
        },
        CompareSpec {
            base: last,
            gap: Some((Column::StatusQuo, last)),
        },
    ] {
        let pair = [(computed.clone(), spec)];
        if let Some(doc) = ok(report::compare_doc(&pair)) {
            render(&doc, Some(60));
        }
        ok(report::csv::wide(computed, spec.base, 4));
        json(ok(report::json::compare(&pair)));
    }
    if let Err(d) = computed.find("\u{0}no such proposal") {
        check(&Diagnostics::from(d));
    }
}
