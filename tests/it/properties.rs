//! Property tests over generated studies: totals add up, a 0% rule is flat, a
//! proposal's results do not depend on the other proposals in the file, and a
//! constant rate without rounding matches the closed form exactly.

use costshare::engine;
use costshare::plan::{self, YearRule};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::{header, study};

/// Plans a study with its own values and computes it.
fn compute(
    study: &costshare::scenario::Study,
) -> Result<engine::StudyResult, engine::ComputeError> {
    engine::compute(&plan::plan_study(study).unwrap())
}

/// One generated proposal, written as TOML.
fn proposal(name: String, years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = String> {
    let start = prop_oneof![
        Just(String::new()),
        Just("start = \"baseline\"\n".to_string()),
        (-300i32..1000).prop_map(|t| format!("start = \"{}%\"\n", Decimal::new(i64::from(t), 1))),
        (100u32..50_000).prop_map(|a| format!("start = {a}\n")),
    ];
    let rounding = prop_oneof![
        Just(""),
        Just("rounding = \"0.1\"\n"),
        Just("rounding = { step = \"1\", mode = \"half-even\" }\n")
    ];
    (start, rounding).prop_flat_map(move |(start, rounding)| {
        // With a `start`, the rules cover the years after the first.
        let first = if start.is_empty() {
            *years.start()
        } else {
            years.start() + 1
        };
        let last = *years.end();
        let count = (last - first + 1).max(0) as usize;
        let table = proptest::collection::vec(-100i32..200, count).prop_map(move |rates| {
            if rates.is_empty() {
                return String::new();
            }
            let entries: Vec<String> = rates
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    format!(
                        "{} = \"{}%\"",
                        first + i as i32,
                        Decimal::new(i64::from(*r), 1)
                    )
                })
                .collect();
            format!("escalation = {{ rates = {{ {} }} }}\n", entries.join(", "))
        });
        let rule = prop_oneof![
            Just(String::new()),
            (-200i32..300)
                .prop_map(|t| format!("escalation = \"{}%\"\n", Decimal::new(i64::from(t), 1))),
            (0u32..200).prop_map(|s| format!("escalation = {{ step = {s} }}\n")),
            Just("escalation = \"freeze\"\n".to_string()),
            table,
        ];
        let name = name.clone();
        rule.prop_map(move |rule| {
            format!("[[proposal]]\nname = \"{name}\"\n{start}{rule}{rounding}")
        })
    })
}

fn study_text(base: u32, last: i32, proposals: &[String]) -> String {
    format!("{}{}", header(&base.to_string(), last), proposals.concat())
}

fn generated() -> impl Strategy<Value = (u32, i32, Vec<String>)> {
    (100u32..100_000, 2020i32..2032).prop_flat_map(|(base, last)| {
        let names = proptest::collection::vec(Just(()), 1..5).prop_map(|v| v.len());
        (Just(base), Just(last), names).prop_flat_map(move |(base, last, n)| {
            let proposals: Vec<_> = (0..n)
                .map(|i| proposal(format!("p{i}"), 2020..=last))
                .collect();
            (Just(base), Just(last), proposals)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn totals_are_the_sum_of_the_years((base, last, proposals) in generated()) {
        let study = study(&study_text(base, last, &proposals));
        if let Ok(result) = compute(&study) {
            for r in &result.proposals {
                let sum: Decimal = r.years.iter().map(|y| y.amount).sum();
                prop_assert_eq!(r.summary.total, sum);
                let mut running = Decimal::ZERO;
                for y in &r.years {
                    running += y.amount;
                    prop_assert_eq!(y.cumulative, running);
                    prop_assert_eq!(y.vs_baseline.amount, y.amount - study.params().amount(study.spec().baseline.amount));
                }
                prop_assert_eq!(r.summary.first, r.years[0].amount);
                prop_assert_eq!(r.summary.last, r.years.last().unwrap().amount);
                prop_assert_eq!(r.years.len(), study.spec().horizon.len());
            }
            let expected_sq = study.params().amount(study.spec().baseline.amount) * Decimal::from(study.spec().horizon.len());
            prop_assert_eq!(result.status_quo_total(), expected_sq);
        }
    }

    #[test]
    fn results_do_not_depend_on_the_other_proposals((base, last, proposals) in generated()) {
        let all = compute(&study(&study_text(base, last, &proposals)));
        for (i, p) in proposals.iter().enumerate() {
            let alone = compute(&study(&study_text(base, last, std::slice::from_ref(p))));
            match (&all, alone) {
                (Ok(all), Ok(alone)) => prop_assert_eq!(&all.proposals[i], &alone.proposals[0]),
                // When the full study fails, it fails on the first failing proposal.
                (Err(_), _) | (Ok(_), Err(_)) => {}
            }
        }
        if let Ok(all) = &all {
            prop_assert_eq!(all.proposals.len(), proposals.len());
        }
    }

    #[test]
    fn zero_percent_escalation_is_flat(base in 1u32..1_000_000, start in 1u32..1_000_000, last in 2020i32..2100, zero in prop_oneof![Just("0%"), Just("+0%"), Just("0.000%"), Just("-0%")]) {
        let text = format!("{}[[proposal]]\nname = \"p\"\nstart = {start}\nescalation = \"{zero}\"\n", header(&base.to_string(), last));
        let result = compute(&study(&text)).unwrap();
        let years = &result.proposals[0].years;
        prop_assert!(years.iter().all(|y| y.amount == Decimal::from(start)));
        prop_assert!(years.iter().skip(1).all(|y| y.vs_previous.amount.is_zero()));
        prop_assert_eq!(result.proposals[0].summary.total, Decimal::from(start) * Decimal::from(years.len()));
    }

    #[test]
    fn constant_rate_matches_the_closed_form(base in 1i128..100_000, percent in 0i128..30, n in 1i32..7) {
        // base · (1 + p/100)^k = base · (100 + p)^k / 100^k, in integers.
        let text = format!("{}[[proposal]]\nname = \"p\"\nescalation = \"{percent}%\"\n", header(&base.to_string(), 2019 + n));
        let result = compute(&study(&text)).unwrap();
        for (k, y) in result.proposals[0].years.iter().enumerate() {
            let k = k as u32 + 1;
            let exact = Decimal::from_i128_with_scale(base * (100 + percent).pow(k), 2 * k);
            prop_assert_eq!(y.amount, exact);
        }
    }

    #[test]
    fn rounded_amounts_are_multiples_of_the_step((base, last, proposals) in generated()) {
        let study = study(&study_text(base, last, &proposals));
        let planned = plan::plan_study(&study).unwrap();
        if let Ok(result) = engine::compute(&planned) {
            for (p, r) in planned.proposals.iter().zip(&result.proposals) {
                let Some(rounding) = p.rounding else { continue };
                for (y, planned) in r.years.iter().zip(&p.years) {
                    // Computed amounts (growth and steps) are rounded; given and held ones are not.
                    if matches!(planned.rule, YearRule::Grow { .. } | YearRule::Add { .. }) {
                        prop_assert!((y.amount / rounding.step).fract().is_zero(),
                            "{} not a multiple of {}", y.amount, rounding.step);
                    }
                }
            }
        }
    }
}
