//! Arbitrary bytes through everything `costshare run`, `compare` and `export`
//! do: read as a file (UTF-8 check, byte-order mark), parse and check, plan,
//! compute, re-express in other measures (`--currency`, `--real`), then
//! export every view in every format (each of `Format::ALL`). A panic is a crash; so is a diagnostic
//! that renders to nothing or does not name the file, and JSON output that
//! does not parse.

#![no_main]

use costshare::analysis::{Comparison, Computed, Measure, StudyId};
use costshare::diagnostic::Diagnostics;
use costshare::export::csv::{Csv, Shape};
use costshare::export::{self, Format, Options};
use costshare::scenario;
use costshare::view::{self, View};
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

/// A view in every format; JSON must parse.
fn export_all(view: &View, width: Option<u16>) {
    for format in Format::ALL {
        let options = Options {
            width,
            ..Options::default()
        };
        let bytes = export::to_bytes(format.exporter(&options).as_ref(), view)
            .expect("exporting into memory cannot fail");
        if format == Format::Json {
            assert!(
                serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                "JSON output parses"
            );
        }
    }
    for shape in [Shape::ByCategory, Shape::Summary] {
        let csv = Csv {
            shape,
            decimals: 10,
            bom: true,
            guard: false,
        };
        let _ = export::to_bytes(&csv, view);
    }
    let _ = export::to_bytes(&Csv::default().sources(), view);
}

fuzz_target!(|data: &[u8]| {
    let file = match scenario::source_from_bytes(NAME, data.to_vec()) {
        Ok(file) => file,
        Err(d) => return check(&Diagnostics::from(d)),
    };
    let Some(study) = ok(scenario::parse(&file)) else {
        return;
    };
    let Some(computed) = ok(Computed::new(StudyId(0), study)) else {
        return;
    };
    views(&computed);
    let base_year = computed.spec().baseline.year;
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
    if let Some(view) = ok(view::run_view(std::slice::from_ref(computed))) {
        export_all(&view, None);
        export_all(&view, Some(40));
    }

    // `compare`, against the status quo and against the last proposal (found
    // by name, as `--base` finds it), with a gap.
    let status_quo = computed.status_quo();
    let last = computed
        .spec()
        .proposals
        .last()
        .map_or(status_quo, |p| computed.find(&p.name).unwrap_or(status_quo));
    for comparison in [
        Comparison {
            base: status_quo,
            gap: None,
        },
        Comparison {
            base: last,
            gap: Some((status_quo, last)),
        },
    ] {
        if let Some(view) = ok(view::compare_view(&[(computed.clone(), comparison)])) {
            export_all(&view, Some(60));
        }
    }
    if let Err(d) = computed.find("\u{0}no such proposal") {
        check(&Diagnostics::from(d));
    }
}
