//! Index-linked escalation, currencies, real terms, per-troop costs and cost
//! categories, against figures worked out by hand.

use costshare::plan::{Clamp, Growth, YearRule};

use crate::common::{amounts, compute, computed, d, ds, header, planned};

/// A study from 2019 (baseline 100) to `last`, with an index `idx` of the given
/// growth values and optional extra series text, and one proposal `p` whose
/// escalation is `rule`.
fn indexed(last: i32, series: &str, rule: &str, extra: &str) -> String {
    format!(
        "{}{series}\n[[proposal]]\nname = \"p\"\nescalation = {rule}\n{extra}",
        header("100", last)
    )
}

const IDX: &str = "[[series]]\nname = \"idx\"\nvalues = { 2018 = \"1%\", 2019 = \"2%\", 2020 = \"3%\", 2021 = \"4%\", 2022 = \"10%\" }\n";

#[test]
fn the_12th_sma_reproduces_its_published_first_year_and_follows_cpi() {
    let (study, result) = computed("scenarios/sma-12th-agreement.toml");
    // Published: ₩1,519.2 bn for 2026 = 1,402.8 × 1.083 = 1,519.2324 → 1,519.2.
    // 2027: CPI of 2025, 2.1%: 1,519.2 × 1.021 = 1,551.1032 → 1,551.1.
    // 2028–2030: CPI of 2026–2028, assumed 2%: 1,582.122 → 1,582.1; 1,613.742 → 1,613.7;
    // 1,645.974 → 1,646.0.
    let agreed = amounts(&study, &result, "12th SMA as agreed");
    assert_eq!(
        agreed,
        ds(&["1519.2", "1551.1", "1582.1", "1613.7", "1646.0"])
    );
    let years = &result.proposals[0].years;
    // 2026 and 2027 rest on data; 2028 on the assumption, and so does all that follows.
    assert_eq!(
        years.iter().map(|y| y.assumed).collect::<Vec<_>>(),
        [false, false, true, true, true]
    );
    assert!(result.proposals[0].summary.assumed);
    // With inflation at 6% the 5% cap binds from 2028 (2027 uses the published 2.1%):
    // 1,551.1 × 1.05 = 1,628.655 → 1,628.7; × 1.05 = 1,710.135 → 1,710.1; × 1.05 = 1,795.605 → 1,795.6.
    let high = amounts(&study, &result, "Same rule, inflation at 6%");
    assert_eq!(
        high,
        ds(&["1519.2", "1551.1", "1628.7", "1710.1", "1795.6"])
    );
    let plan = &planned(&study).proposals[1].years;
    assert_eq!(plan[1].note.as_ref().unwrap().clamp, None);
    assert_eq!(
        plan[2].note.as_ref().unwrap().clamp,
        Some(Clamp::Cap(costshare::money::parse_percent("5%").unwrap()))
    );
}

#[test]
fn the_11th_sma_follows_the_defence_budget_with_a_lag_of_one() {
    let (study, _) = computed("scenarios/sma-11th-agreement.toml");
    let plan = &planned(&study).proposals[0].years;
    // 2021: 2020's 7.4% + a 6.5% spread = 13.9%; 2022: 2021's 5.4%.
    let note = plan[1].note.as_ref().unwrap();
    assert_eq!(note.terms[0].year, 2020);
    assert_eq!(note.before_clamp.fraction(), d("0.139"));
    assert_eq!(plan[2].note.as_ref().unwrap().terms[0].year, 2021);
    assert!(matches!(
        plan[2].rule,
        YearRule::Grow {
            why: Growth::Index,
            ..
        }
    ));
}

#[test]
fn lags_of_zero_one_and_two_take_the_index_from_those_years() {
    // Index: 2018 1%, 2019 2%, 2020 3%, 2021 4%. Baseline 100 in 2019, years 2020–2021.
    let run = |lag: i32| {
        let (s, r) = compute(&indexed(
            2021,
            IDX,
            &format!("{{ index = \"idx\", lag = {lag} }}"),
            "",
        ));
        amounts(&s, &r, "p")
    };
    // lag 0: 100 × 1.03 = 103; × 1.04 = 107.12.
    assert_eq!(run(0), ds(&["103", "107.12"]));
    // lag 1: × 1.02 = 102; × 1.03 = 105.06.
    assert_eq!(run(1), ds(&["102", "105.06"]));
    // lag 2: × 1.01 = 101; × 1.02 = 103.02.
    assert_eq!(run(2), ds(&["101", "103.02"]));
}

#[test]
fn caps_bind_only_above_them_and_floors_only_below() {
    // lag 0 over 2020–2022: 3%, 4%, 10%. A 5% cap binds only in 2022.
    let (s, r) = compute(&indexed(2022, IDX, "{ index = \"idx\", cap = \"5%\" }", ""));
    // 103; 107.12; 107.12 × 1.05 = 112.476.
    assert_eq!(amounts(&s, &r, "p"), ds(&["103", "107.12", "112.476"]));
    let clamps: Vec<_> = planned(&s).proposals[0]
        .years
        .iter()
        .map(|p| p.note.as_ref().unwrap().clamp)
        .collect();
    assert_eq!(clamps[0], None);
    assert_eq!(clamps[1], None);
    assert!(matches!(clamps[2], Some(Clamp::Cap(_))));
    // A 3.5% floor lifts 2020's 3% and leaves 2021's 4% and 2022's 10%.
    let (s, r) = compute(&indexed(
        2022,
        IDX,
        "{ index = \"idx\", floor = \"3.5%\" }",
        "",
    ));
    // 103.5; 103.5 × 1.04 = 107.64; × 1.1 = 118.404.
    assert_eq!(amounts(&s, &r, "p"), ds(&["103.5", "107.64", "118.404"]));
    assert!(matches!(
        planned(&s).proposals[0].years[0]
            .note
            .as_ref()
            .unwrap()
            .clamp,
        Some(Clamp::Floor(_))
    ));
    // A cap on a plain rate works the same way.
    let (s, r) = compute(&indexed(2020, "", "{ rate = \"7%\", cap = \"5%\" }", ""));
    assert_eq!(amounts(&s, &r, "p"), ds(&["105"]));
}

#[test]
fn a_spread_and_several_indices_add_up() {
    let series = format!(
        "{IDX}[[series]]\nname = \"other\"\nvalues = {{ 2020 = \"0.5%\", 2021 = \"0.5%\" }}\n"
    );
    let (s, r) = compute(&indexed(
        2021,
        &series,
        "{ index = [\"idx\", \"other\"], spread = \"1%\" }",
        "",
    ));
    // 2020: 3% + 0.5% + 1% = 4.5% → 104.5; 2021: 4% + 0.5% + 1% = 5.5% → 110.2475.
    assert_eq!(amounts(&s, &r, "p"), ds(&["104.5", "110.2475"]));
}

#[test]
fn a_set_amount_in_the_middle_of_an_index_phase_needs_no_index_value() {
    // The index has no 2023 value, but 2023 is set outright; 2024 continues from it.
    let series = "[[series]]\nname = \"idx\"\nvalues = { 2020 = \"10%\", 2021 = \"10%\", 2022 = \"10%\", 2024 = \"10%\" }\n";
    let (s, r) = compute(&indexed(
        2024,
        series,
        "{ index = \"idx\" }",
        "amounts = { 2023 = 200 }\n",
    ));
    // 110; 121; 133.1; set 200; 200 × 1.1 = 220.
    assert_eq!(
        amounts(&s, &r, "p"),
        ds(&["110", "121", "133.1", "200", "220"])
    );
}

#[test]
fn assumptions_fill_years_after_the_data_and_are_marked() {
    let series = "[[series]]\nname = \"idx\"\nvalues = { 2020 = \"10%\" }\nassume = \"1%\"\n";
    let (s, r) = compute(&indexed(2022, series, "{ index = \"idx\" }", ""));
    // 110; 111.1 (assumed); 112.211 (assumed).
    assert_eq!(amounts(&s, &r, "p"), ds(&["110", "111.1", "112.211"]));
    let assumed: Vec<bool> = r.proposals[0].years.iter().map(|y| y.assumed).collect();
    assert_eq!(assumed, [false, true, true]);
}

#[test]
fn level_series_give_growth_from_one_year_to_the_next() {
    let series = "[[series]]\nname = \"lvl\"\nkind = \"level\"\nvalues = { 2019 = 100, 2020 = 104, 2021 = 106.08 }\n";
    let (s, r) = compute(&indexed(2021, series, "{ index = \"lvl\" }", ""));
    // 104/100 − 1 = 4%: 104; 106.08/104 − 1 = 2%: 106.08.
    assert_eq!(amounts(&s, &r, "p"), ds(&["104", "106.08"]));
}

// Currencies, real terms, per-troop costs, categories and sources.

use costshare::adjust::{self, Measure};
use costshare::analysis::{Computed, StudyId};
use rust_decimal::Decimal;

fn computed_with(path: &str, measure: Option<Measure>) -> Computed {
    let study = costshare::scenario::load(&crate::common::repo(path)).unwrap();
    Computed::new(StudyId(0), study)
        .unwrap()
        .with_measure(measure.as_ref())
        .unwrap()
}

#[test]
fn dollars_convert_to_won_at_each_years_rate() {
    let c = computed_with(
        "scenarios/sma-2020-talks.toml",
        Some(Measure::Currency("KRW".into())),
    );
    let a = c.adjusted.as_ref().unwrap();
    // USD millions → KRW billions: × rate / 1000. 2019: 870 × 1,166.11 / 1000 = 1,014.5157.
    assert_eq!(c.figures().status_quo.years[0].amount, d("1026.774")); // 2020: 870 × 1,180.2 / 1000
    let seoul =
        &c.figures().proposals[c.study.spec().proposal_index("Seoul's best offer").unwrap()];
    // 2020: 983.1 × 1.1802 = 1,160.25462; 2021: 983.1 × 1.1446 = 1,125.25626.
    assert_eq!(seoul.years[0].amount, d("1160.25462"));
    assert_eq!(seoul.years[1].amount, d("1125.25626"));
    // The baseline converts at the 2019 rate: changes are against 1,014.5157.
    assert_eq!(
        seoul.years[0].vs_baseline.amount,
        d("1160.25462") - d("1014.5157")
    );
    // 2022–2024 rest on the assumption that 2021's rate holds.
    let assumed: Vec<bool> = a.factors.iter().map(|f| f.assumed).collect();
    assert_eq!(assumed, [false, false, false, true, true, true]);
    assert!(seoul.years[3].assumed && !seoul.years[1].assumed);
    // The change vs the baseline splits into the deal (at the 2019 rate) and the rate:
    // 2020: deal 113.1 × 1.16611 = 131.887041; rate = 145.73892 − 131.887041 = 13.851879.
    let split = a.splits.as_ref().unwrap()[0][0];
    assert_eq!(split.deal, d("131.887041"));
    assert_eq!(split.exchange_rate, d("13.851879"));
    assert_eq!(
        split.deal + split.exchange_rate,
        seoul.years[0].vs_baseline.amount
    );
}

#[test]
fn won_converts_to_dollars_by_dividing() {
    let c = computed_with(
        "scenarios/sma-12th-agreement.toml",
        Some(Measure::Currency("USD".into())),
    );
    let agreed = &c.figures().proposals[0];
    // KRW billions → USD millions: × 1000 / rate. 2026: 1,519.2 × 1000 / 1,422.16 = 1,068.234…
    assert_eq!(agreed.years[0].amount.round_dp(6), d("1068.234235"));
    // The 2025 rate is data; 2026 on holds it, so every converted year is assumed.
    assert!(agreed.years.iter().all(|y| y.assumed));
}

#[test]
fn constant_prices_divide_by_the_price_level() {
    let c = computed_with(
        "scenarios/sma-12th-agreement.toml",
        Some(Measure::Real(2025)),
    );
    let agreed = &c.figures().proposals[0];
    // CPI: 2025 +2.1% (data), later +2% (assumed). Levels relative to 2025:
    // 2026 1.02, 2027 1.0404. Real 2026 = 1,519.2 / 1.02 = 1,489.4117647…;
    // 2027 = 1,551.1 / 1.0404 = 1,490.8689…
    assert_eq!(agreed.years[0].amount.round_dp(7), d("1489.4117647"));
    assert_eq!(agreed.years[1].amount.round_dp(4), d("1490.8689"));
    // The baseline year is the price base: 1,402.8 stays 1,402.8.
    assert_eq!(
        agreed.years[0].vs_baseline.amount.round_dp(7),
        d("86.6117647")
    );
    let a = c.adjusted.as_ref().unwrap();
    assert_eq!(a.factors[0].quoted, Decimal::ONE);
    // Constant 2026 prices scale the same figures by 1.02.
    let c26 = computed_with(
        "scenarios/sma-12th-agreement.toml",
        Some(Measure::Real(2026)),
    );
    assert_eq!(c26.figures().proposals[0].years[0].amount, d("1519.2"));
}

#[test]
fn per_troop_costs_are_amounts_over_troops() {
    let (study, result) = computed("scenarios/sma-11th-agreement.toml");
    // ₩1,183.3 bn / 28,500 troops = ₩41,519,298.2456… per troop.
    let v = adjust::per_troop(
        &study,
        result.proposals[0].years[1].amount,
        study.spec().unit,
        2021,
    )
    .unwrap()
    .unwrap();
    assert_eq!(v.round_dp(4), d("41519298.2456"));
}

#[test]
fn categories_add_up_to_each_years_amount() {
    let (study, result) = computed("scenarios/sma-11th-agreement.toml");
    let p = &study.spec().proposals[0];
    assert_eq!(p.categories.len(), 3);
    for y in &result.proposals[0].years {
        let parts = adjust::split(y.amount, &p.categories, p.rounding).unwrap();
        assert_eq!(
            parts.iter().copied().sum::<Decimal>(),
            y.amount,
            "{}",
            y.year
        );
        for part in &parts {
            assert!(
                (part / d("0.1")).fract().is_zero(),
                "{part} is a multiple of the rounding step"
            );
        }
    }
    // 2021: 1,183.3 × 48% = 567.984, × 36% = 425.988, × 16% = 189.328 → floors
    // 567.9 + 425.9 + 189.3 = 1,183.1; the 0.2 left go to the largest remainders
    // (0.088 construction, 0.084 labour).
    let parts = adjust::split(d("1183.3"), &p.categories, p.rounding).unwrap();
    assert_eq!(parts, ds(&["568.0", "426.0", "189.3"]));
}

#[test]
fn category_shares_must_add_up_to_100_percent() {
    let text = format!(
        "{}[[category]]\nname = \"a\"\nshare = \"40%\"\n[[category]]\nname = \"b\"\nshare = \"58.5%\"\n",
        header("100", 2021)
    );
    let err = costshare::scenario::parse(&costshare::diagnostic::SourceFile::new("t.toml", text))
        .unwrap_err();
    let message = &err.0[0].message();
    assert!(
        message.contains("add up to 98.5%, 1.5 points short of 100%"),
        "{message}"
    );
}

#[test]
fn every_source_is_numbered_once() {
    let c = computed_with("scenarios/sma-11th-agreement.toml", None);
    let items = costshare::view::sources::collect(&c);
    let ids: Vec<usize> = items.iter().map(|i| i.id).collect();
    assert_eq!(ids, (1..=items.len()).collect::<Vec<_>>());
    let texts: std::collections::BTreeSet<&str> = items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts.len(), items.len(), "no source text twice");
    assert!(items.iter().any(|i| i.about == "Series `defence budget`, 2021" && i.text == "MND White Paper 2020"));
    // The three categories share one source, listed once for all three.
    assert!(
        items
            .iter()
            .any(|i| i.about.contains("share of labour") && i.about.contains("share of logistics"))
    );
}

#[test]
fn troop_counts_can_change_by_year() {
    let text = format!(
        "{}[troops]\ncount = 1000\nyears = {{ 2021 = {{ value = 800, source = \"drawdown\" }} }}\n[[proposal]]\nname = \"p\"\nstart = 100\n",
        header("100", 2022)
    );
    let (study, _) = compute(&text);
    let per = |year: i32| {
        adjust::per_troop(&study, d("100"), study.spec().unit, year)
            .unwrap()
            .unwrap()
    };
    // 100 million / 1,000 = 100,000 a troop; in 2021, / 800 = 125,000.
    assert_eq!(per(2020), d("100000"));
    assert_eq!(per(2021), d("125000"));
    assert_eq!(per(2022), d("100000"));
}

#[test]
fn converted_json_states_the_rate_behind_every_figure() {
    let c = computed_with(
        "scenarios/sma-2020-talks.toml",
        Some(Measure::Currency("KRW".into())),
    );
    let view = costshare::view::run_view(std::slice::from_ref(&c)).unwrap();
    let bytes = costshare::export::to_bytes(&costshare::export::json::Json, &view).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let study = &doc["studies"][0];
    assert_eq!(study["currency"], "KRW");
    assert_eq!(study["unit"], "billions");
    assert_eq!(study["agreed_currency"], "USD");
    let measure = &study["measure"];
    assert_eq!(measure["pair"], "USD/KRW");
    assert_eq!(measure["years"][0]["year"], 2019);
    assert_eq!(measure["years"][0]["quoted"], "1166.11");
    assert_eq!(measure["years"][3]["assumed"], true);
    let year = &study["proposals"][0]["years"][0];
    assert_eq!(year["agreed_amount"], "983.1");
    assert_eq!(year["amount"], "1160.25462");
    assert_eq!(year["change_vs_baseline_from_deal"], "131.887041");
    assert_eq!(year["change_vs_baseline_from_rate"], "13.851879");
    assert!(
        study["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["applies_to"] == "Exchange rate USD/KRW, 2019")
    );
}

#[test]
fn a_capped_rate_names_the_rate_written_and_the_cap() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nescalation = {{ rate = \"6%\", cap = \"5%\" }}\n",
        header("100", 2021)
    );
    let (study, _) = compute(&text);
    let (spec, plan) = (study.spec(), planned(&study));
    let p = &spec.proposals[0];
    assert_eq!(
        costshare::view::describe::rule(spec, p, &plan.proposals[0].years[0]),
        "constant rate +6%, capped at +5%"
    );
    assert_eq!(
        costshare::view::describe::rules_in_brief(spec, p, &plan.proposals[0].years),
        "2020–2021: +6% a year, capped at +5%"
    );
}
