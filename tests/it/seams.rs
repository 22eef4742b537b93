//! The seams between the stages: what the checker makes of a file (a spec and
//! its numbers, by address), what the planner makes of a spec and values, and
//! that a change of values re-plans a study without reading its file again.
//! Every expected figure is worked out by hand from the scenario files.

use costshare::analysis::{Computed, StudyId};
use costshare::money::{Rate, parse_percent};
use costshare::plan::{self, Freeze as PlannedFreeze, Growth, PlanError, YearRule};
use costshare::scenario::Study;
use costshare::scenario::params::{ParamKind, Slot, ValueRefused};
use costshare::scenario::spec::{Freeze, How, RuleKind, Start};
use rust_decimal::Decimal;

use crate::common::{d, ds, repo};

fn load(path: &str) -> Study {
    costshare::scenario::load(&repo(path)).unwrap()
}

fn rate(text: &str) -> Rate {
    parse_percent(text).unwrap()
}

/// Every number of a study as (address, value): amounts as written, rates in percent.
fn numbers(study: &Study) -> Vec<(String, Decimal)> {
    study
        .params()
        .iter()
        .map(|info| {
            let value = match info.slot {
                Slot::Amount(p) => study.params().amount(p),
                Slot::Rate(p) => study.params().rate(p).percent(),
            };
            (study.address(info), value.normalize())
        })
        .collect()
}

/// The amounts of a proposal planned with the study's current values.
fn amounts_of(study: &Study, name: &str) -> Vec<Decimal> {
    let c = Computed::new(StudyId(0), study.clone()).unwrap();
    let i = study.spec().proposal_index(name).unwrap();
    c.result.proposals[i]
        .years
        .iter()
        .map(|y| y.amount)
        .collect()
}

#[test]
fn the_checker_gives_every_number_an_address_in_the_order_written() {
    let study = load("scenarios/sma-2020-talks.toml");
    let expected: Vec<(String, Decimal)> = [
        ("baseline.amount", "870"),
        ("exchange_rate.\"USD/KRW\".2019", "1166.11"),
        ("exchange_rate.\"USD/KRW\".2020", "1180.2"),
        ("exchange_rate.\"USD/KRW\".2021", "1144.6"),
        ("troops.count", "28500"),
        ("proposal.\"Seoul's best offer\".start", "13"),
        ("proposal.\"Washington's demand\".start", "1300"),
        ("proposal.\"Tentative deal, March 2020\".start", "13"),
        ("proposal.\"Tentative deal, March 2020\".escalation", "4"),
        (
            "proposal.\"11th SMA rule, in dollars\".phase[1].escalation",
            "13.9",
        ),
        (
            "proposal.\"11th SMA rule, in dollars\".phase[2].escalation.2022",
            "5.4",
        ),
        (
            "proposal.\"11th SMA rule, in dollars\".phase[2].escalation.2023",
            "3.4",
        ),
        (
            "proposal.\"11th SMA rule, in dollars\".phase[2].escalation.2024",
            "4.4",
        ),
    ]
    .iter()
    .map(|(a, v)| (a.to_string(), d(v)))
    .collect();
    assert_eq!(numbers(&study), expected);
    // What each may be: payments and rates above zero, troops whole.
    let kind = |address: &str| study.param(address).unwrap().kind;
    assert_eq!(kind("baseline.amount"), ParamKind::Positive);
    assert_eq!(kind("troops.count"), ParamKind::Count);
    assert_eq!(
        kind("proposal.\"Tentative deal, March 2020\".escalation"),
        ParamKind::Rate
    );
    assert!(study.param("proposal.Nope.start").is_none());
    // A new value must be one the number may take.
    let mut study = study;
    let slot = |study: &Study, address: &str| study.param(address).unwrap().slot;
    let Slot::Amount(troops) = slot(&study, "troops.count") else {
        panic!("a count is an amount")
    };
    assert_eq!(
        study.params_mut().set_amount(troops, d("28500.5")),
        Err(ValueRefused::NotACount)
    );
    let Slot::Rate(escalation) = slot(&study, "proposal.\"Tentative deal, March 2020\".escalation")
    else {
        panic!("an escalation rate is a rate")
    };
    assert_eq!(
        study.params_mut().set_rate(escalation, rate("-100%")),
        Err(ValueRefused::RateTooLow)
    );
    assert_eq!(study.params().rate(escalation), rate("4%"));
}

#[test]
fn the_checker_lays_each_proposal_out_as_one_rule_per_year() {
    let study = load("scenarios/sma-2020-talks.toml");
    let spec = study.spec();
    let hows = |name: &str| -> Vec<How> {
        let p = &spec.proposals[spec.proposal_index(name).unwrap()];
        p.years.iter().map(|y| y.how).collect()
    };
    let held = How::Freeze(Freeze::NoRule);
    // Seoul: +13% in 2020, then held flat (no escalation rule).
    assert!(matches!(
        hows("Seoul's best offer")[0],
        How::Start(Start::Rate(_))
    ));
    assert_eq!(hows("Seoul's best offer")[1..], [held; 4]);
    // Washington: $1,300M given, then held.
    assert!(matches!(
        hows("Washington's demand")[0],
        How::Start(Start::Amount(_))
    ));
    // The 11th SMA rule: the baseline again, then phase 1 (2021), then phase 2's table.
    let eleventh = hows("11th SMA rule, in dollars");
    assert_eq!(eleventh[0], How::Start(Start::Baseline));
    assert_eq!(
        eleventh[1..],
        [How::Rule(0), How::Rule(1), How::Rule(1), How::Rule(1)]
    );
    let rules = &spec.proposals[3].rules;
    assert_eq!((rules[0].from, rules[0].to), (2021, 2021));
    assert_eq!((rules[1].from, rules[1].to), (2022, 2024));
    assert!(matches!(rules[0].kind, RuleKind::Grow(..)));
    assert!(matches!(&rules[1].kind, RuleKind::Table(t, _) if t.len() == 3));
    // Every proposal has exactly one entry per horizon year, in order.
    for p in &spec.proposals {
        let years: Vec<i32> = p.years.iter().map(|y| y.year).collect();
        assert_eq!(years, (2020..=2024).collect::<Vec<_>>(), "{}", p.name);
    }
}

#[test]
fn the_planner_resolves_each_rule_with_its_values() {
    let study = load("scenarios/sma-2020-talks.toml");
    let planned = plan::plan_study(&study).unwrap();
    assert_eq!(planned.baseline_amount, d("870"));
    let rules: Vec<YearRule> = planned.proposals[3].years.iter().map(|y| y.rule).collect();
    let grow = |r: &str, why| YearRule::Grow { rate: rate(r), why };
    assert_eq!(
        rules,
        [
            YearRule::Freeze {
                why: PlannedFreeze::Start
            },
            grow("13.9%", Growth::Constant),
            grow("5.4%", Growth::Table),
            grow("3.4%", Growth::Table),
            grow("4.4%", Growth::Table),
        ]
    );
    // An index rule: the CPI of two years before, capped at 5%.
    let study = load("scenarios/sma-12th-agreement.toml");
    let planned = plan::plan_study(&study).unwrap();
    let y2027 = &planned.proposals[0].years[1];
    assert_eq!(
        y2027.rule,
        YearRule::Grow {
            rate: rate("2.1%"),
            why: Growth::Index
        }
    );
    let note = y2027.note.as_ref().unwrap();
    assert_eq!((note.terms[0].series, note.terms[0].year), (0, 2025));
    assert!(!y2027.assumed);
    // 2028 takes CPI 2026, which is beyond the data: the assumed 2%.
    assert!(planned.proposals[0].years[2].assumed);
}

#[test]
fn a_changed_series_value_replans_without_reading_the_file_again() {
    let mut study = load("scenarios/sma-12th-agreement.toml");
    let agreed = "12th SMA as agreed";
    assert_eq!(
        amounts_of(&study, agreed),
        ds(&["1519.2", "1551.1", "1582.1", "1613.7", "1646.0"])
    );
    // CPI 2025 at 3% instead of 2.1%: 2027 = 1,519.2 × 1.03 = 1,564.776 → 1,564.8;
    // then the assumed 2%: 1,596.096 → 1,596.1; 1,628.022 → 1,628.0; 1,660.56 → 1,660.6.
    let Slot::Rate(cpi_2025) = study.param("series.CPI.2025").unwrap().slot else {
        panic!("a series growth value is a rate");
    };
    let spec_before: *const _ = study.spec();
    study.params_mut().set_rate(cpi_2025, rate("3%")).unwrap();
    assert!(std::ptr::eq(spec_before, study.spec()), "the same spec");
    assert_eq!(
        amounts_of(&study, agreed),
        ds(&["1519.2", "1564.8", "1596.1", "1628.0", "1660.6"])
    );
    // Assuming 6% after the data makes the agreed rule the what-if proposal,
    // figure for figure (1,628.7, 1,710.1 and 1,795.6 once the 5% cap binds).
    study.params_mut().set_rate(cpi_2025, rate("2.1%")).unwrap();
    let Slot::Rate(assume) = study.param("series.CPI.assume").unwrap().slot else {
        panic!("an assumption is a rate");
    };
    study.params_mut().set_rate(assume, rate("6%")).unwrap();
    assert_eq!(
        amounts_of(&study, agreed),
        amounts_of(&study, "Same rule, inflation at 6%")
    );
    assert_eq!(
        amounts_of(&study, agreed),
        ds(&["1519.2", "1551.1", "1628.7", "1710.1", "1795.6"])
    );
}

#[test]
fn values_a_rule_cannot_use_are_a_located_error_when_planning() {
    // The 11th SMA's 2021 growth is the 2020 defence-budget growth plus a 6.5%
    // spread. Each may be huge, but a sum of 10^27 (10^29 in percent) cannot
    // be held: the plan is refused, located at the rule.
    let mut study = load("scenarios/sma-11th-agreement.toml");
    let huge = Rate::from_fraction(d("500000000000000000000000000")).unwrap();
    for address in [
        "series.\"defence budget\".2020",
        "proposal.\"11th SMA as agreed\".phase[1].escalation.spread",
    ] {
        let Slot::Rate(p) = study.param(address).unwrap().slot else {
            panic!("{address} is a rate");
        };
        study.params_mut().set_rate(p, huge).unwrap();
    }
    let err = plan::plan_study(&study).unwrap_err();
    assert!(
        matches!(
            err,
            PlanError::RateTooLarge {
                proposal: 0,
                year: 2021
            }
        ),
        "{err:?}"
    );
    let diags = Computed::new(StudyId(0), study).unwrap_err();
    let text = diags.0[0].render(false);
    assert!(
        text.contains("cannot plan `11th SMA as agreed` for 2021"),
        "{text}"
    );
    assert!(text.contains("sma-11th-agreement.toml:"), "located: {text}");
}

#[test]
fn each_proposal_year_cites_the_source_of_its_own_rule() {
    let study = load("scenarios/sma-11th-agreement.toml");
    let c = Computed::new(StudyId(0), study).unwrap();
    let view = costshare::view::run_view(std::slice::from_ref(&c)).unwrap();
    let s = &view.studies[0];
    let number = |text: &str| {
        s.sources
            .iter()
            .find(|i| i.text.starts_with(text))
            .unwrap()
            .id
    };
    let cited: Vec<Option<usize>> = s.proposals[0].rows.iter().map(|r| r.source).collect();
    // 2020 is frozen by `start` (no source of its own); 2021 follows phase 1,
    // 2022–2025 phase 2, each with its source.
    let phase1 = number("Dong-A Ilbo, 2021-03-11: 7.4% defence-budget growth");
    let phase2 = number("The agreement: the previous year's ROK defence-budget growth");
    assert_ne!(phase1, phase2);
    assert_eq!(
        cited,
        [
            None,
            Some(phase1),
            Some(phase2),
            Some(phase2),
            Some(phase2),
            Some(phase2)
        ]
    );
}
