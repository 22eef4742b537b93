//! Benchmarks of the whole pipeline on a synthetic study of 1,000 proposals over
//! a 50-year horizon: 50,000 proposal-years.
//!
//! The study is generated as TOML text and mixes every rule the format has:
//! constant rates, fixed steps, per-year rate tables, phases, `amounts`
//! overrides, `freeze` years, terms that end (held or continued), and rounding
//! to `0.1` (half-up or half-even) on some proposals and none on others. Rates
//! stay modest so no amount overflows in 50 years.
//!
//! Each benchmark reports its throughput in proposal-years (criterion's
//! "elem/s"), so the stages can be compared directly:
//!
//! - `engine/compute`: `engine::compute` on the planned study, every derived
//!   column included (the target is at least 2 million proposal-years a second
//!   on one core);
//! - `parse/parse_and_validate`: TOML text to a checked study (spec and values);
//! - `plan/plan`: a checked study's values resolved into every proposal-year's
//!   rule (what a change of values repeats);
//! - `render/text`, `render/csv_tidy`, `render/json`: the computed results as
//!   the `run` view, exported as the table, the tidy CSV and the JSON.
//!
//! Run it with `cargo bench --bench engine` (about a minute). Criterion is
//! single-threaded: the figures are for one core.

#![allow(
    clippy::expect_used,
    reason = "a benchmark whose fixed input fails to parse or compute has nothing to measure"
)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use costshare::analysis::{Computed, StudyId};
use costshare::diagnostic::SourceFile;
use costshare::engine;
use costshare::export::{self, Exporter};
use costshare::plan;
use costshare::scenario::{self, Study};
use costshare::view;

/// Proposals in the synthetic study.
const PROPOSALS: usize = 1_000;
/// The baseline year; the horizon runs from the year after it.
const BASELINE_YEAR: i32 = 2000;
/// Years in the horizon.
const YEARS: i32 = 50;
/// Proposal-years computed per iteration: the unit of every throughput figure.
const PROPOSAL_YEARS: u64 = 50_000;

/// The synthetic study as TOML text: six kinds of proposal, in turn, with
/// parameters that vary from one proposal to the next.
fn synthetic_toml() -> String {
    let first = BASELINE_YEAR.saturating_add(1);
    let last = BASELINE_YEAR.saturating_add(YEARS);
    let mut t = String::with_capacity(1 << 20);
    let _ = write!(
        t,
        "title = \"Synthetic benchmark study\"\n\
         description = \"{PROPOSALS} proposals over {YEARS} years, mixing every rule kind\"\n\
         currency = \"USD\"\n\
         unit = \"millions\"\n\
         \n\
         [horizon]\n\
         first = {first}\n\
         last = {last}\n\
         \n\
         [baseline]\n\
         name = \"Synthetic baseline\"\n\
         year = {BASELINE_YEAR}\n\
         amount = 1038.9\n\
         source = \"generated\"\n"
    );
    for i in 0..PROPOSALS {
        // A rate between 0.0% and 4.9%, and a small step: 50 years at most
        // multiply an amount by about 11.
        let tenths = i % 50;
        let rate = format!("{}.{}%", tenths / 10, tenths % 10);
        let step = format!("{}.5", i % 20);
        let _ = write!(
            t,
            "\n[[proposal]]\nname = \"Proposal {i}\"\nparty = \"Party {}\"\n",
            i % 7
        );
        let rounding = match i % 4 {
            0 => "rounding = \"0.1\"\n",
            1 => "rounding = { step = \"0.1\", mode = \"half-even\" }\n",
            _ => "",
        };
        t.push_str(rounding);
        match i % 6 {
            // A constant rate.
            0 => {
                let _ = write!(t, "start = \"+{rate}\"\nescalation = \"3.7%\"\n");
            }
            // A fixed step a year.
            1 => {
                let _ = write!(
                    t,
                    "start = {}\nescalation = {{ step = 12.5 }}\n",
                    1000_usize.saturating_add(i)
                );
            }
            // A rate for every year.
            2 => {
                t.push_str("start = \"baseline\"\nescalation = { rates = { ");
                for (k, year) in (first.saturating_add(1)..=last).enumerate() {
                    let r = (i.saturating_add(k)) % 45;
                    let sep = if k == 0 { "" } else { ", " };
                    let _ = write!(t, "{sep}{year} = \"{}.{}%\"", r / 10, r % 10);
                }
                t.push_str(" } }\n");
            }
            // Phases: a rate, a step, a rates table, then a freeze.
            3 => {
                let _ = writeln!(t, "start = \"+{rate}\"");
                let p1 = first.saturating_add(15);
                let p2 = first.saturating_add(30);
                let p3 = first.saturating_add(40);
                let _ = write!(
                    t,
                    "\n[[proposal.phase]]\nfrom = {}\nto = {p1}\nescalation = \"{rate}\"\n",
                    first.saturating_add(1)
                );
                let _ = write!(
                    t,
                    "\n[[proposal.phase]]\nfrom = {}\nto = {p2}\nescalation = {{ step = {step} }}\n",
                    p1.saturating_add(1)
                );
                let _ = write!(
                    t,
                    "\n[[proposal.phase]]\nfrom = {}\nto = {p3}\nescalation = {{ rates = {{ ",
                    p2.saturating_add(1)
                );
                for (k, year) in (p2.saturating_add(1)..=p3).enumerate() {
                    let sep = if k == 0 { "" } else { ", " };
                    let _ = write!(t, "{sep}{year} = \"{}.25%\"", k % 4);
                }
                t.push_str(" } }\n");
                let _ = write!(
                    t,
                    "\n[[proposal.phase]]\nfrom = {}\nto = {last}\nescalation = \"freeze\"\n",
                    p3.saturating_add(1)
                );
            }
            // A rate with amounts set outright and frozen years.
            4 => {
                let _ = write!(
                    t,
                    "start = 1100\nescalation = \"{rate}\"\n\
                     amounts = {{ {} = 1500, {} = {}.75 }}\n\
                     freeze = [{}, {}, {}]\n",
                    first.saturating_add(9),
                    first.saturating_add(29),
                    2000_usize.saturating_add(i),
                    first.saturating_add(14),
                    first.saturating_add(15),
                    first.saturating_add(39),
                );
            }
            // A term that ends, then held or continued.
            _ => {
                let after = if i % 12 == 5 { "hold" } else { "continue" };
                let _ = write!(
                    t,
                    "start = \"+13%\"\nescalation = \"4%\"\nterm_ends = {}\nafter_term = \"{after}\"\n",
                    first.saturating_add(19)
                );
            }
        }
    }
    t
}

fn source() -> Arc<SourceFile> {
    SourceFile::new("synthetic.toml", synthetic_toml())
}

fn study() -> Study {
    let study = scenario::parse(&source()).expect("the synthetic study is valid");
    assert_eq!(study.spec().proposals.len(), PROPOSALS);
    assert_eq!(
        study.spec().horizon.len(),
        usize::try_from(YEARS).unwrap_or(0)
    );
    study
}

fn bench_compute(c: &mut Criterion) {
    let plan = plan::plan_study(&study()).expect("the synthetic study plans");
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(PROPOSAL_YEARS));
    group.sample_size(50);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("compute", |b| {
        b.iter(|| engine::compute(black_box(&plan)));
    });
    group.finish();
}

fn bench_plan(c: &mut Criterion) {
    let study = study();
    let mut group = c.benchmark_group("plan");
    group.throughput(Throughput::Elements(PROPOSAL_YEARS));
    group.sample_size(50);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("plan", |b| {
        b.iter(|| plan::plan_study(black_box(&study)));
    });
    group.finish();
}

fn bench_parse(c: &mut Criterion) {
    let file = source();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(PROPOSAL_YEARS));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("parse_and_validate", |b| {
        b.iter(|| scenario::parse(black_box(&file)));
    });
    group.finish();
}

/// The `run` view of the computed studies, exported into memory.
fn render(computed: &[Computed], exporter: &dyn Exporter) -> Vec<u8> {
    let view = view::run_view(computed).expect("the synthetic study has a view");
    export::to_bytes(exporter, &view).expect("writing into memory succeeds")
}

fn bench_render(c: &mut Criterion) {
    let computed = [Computed::new(StudyId(0), study()).expect("the synthetic study computes")];
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(PROPOSAL_YEARS));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("text", |b| {
        b.iter(|| render(black_box(&computed), &export::text::Text { width: None }));
    });
    group.bench_function("csv_tidy", |b| {
        let csv = export::csv::Csv::default();
        b.iter(|| render(black_box(&computed), &csv));
    });
    group.bench_function("json", |b| {
        b.iter(|| render(black_box(&computed), &export::json::Json));
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_compute,
    bench_parse,
    bench_plan,
    bench_render
);
criterion_main!(benches);
