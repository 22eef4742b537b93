//! The engine against figures worked out independently: by hand from the
//! published numbers (../shared/docs/domain.md), and from closed forms.

use costshare::engine::{self, ComputeErrorKind};
use rust_decimal::Decimal;

use crate::common::{amounts, compute, computed, d, ds, header};

// The seed: 2019 baseline $870M, horizon 2020–2024, each year rounded to $0.1M.

#[test]
fn seed_seouls_offer_is_870_times_1_13_held_flat() {
    let (study, result) = computed("scenarios/sma-2020-talks.toml");
    // 870 × 1.13 = 983.1 exactly; held flat for five years: 5 × 983.1 = 4,915.5.
    assert_eq!(
        amounts(&study, &result, "Seoul's best offer"),
        ds(&["983.1"; 5])
    );
    let s = &result.proposals[study.spec().proposal_index("Seoul's best offer").unwrap()].summary;
    assert_eq!(s.total, d("4915.5"));
    assert_eq!(s.vs_status_quo.amount, d("565.5")); // 4,915.5 − 5 × 870
    assert_eq!(s.vs_status_quo.relative.fraction(), d("0.13")); // 565.5 / 4,350
    // (983.1 / 870)^(1/5) − 1 = 0.0247447185981776… (Python decimal, 50 digits)
    assert_eq!(s.growth.fraction(), d("0.024744718598"));
}

#[test]
fn seed_washingtons_demand_is_1300_a_year() {
    let (study, result) = computed("scenarios/sma-2020-talks.toml");
    assert_eq!(
        amounts(&study, &result, "Washington's demand"),
        ds(&["1300"; 5])
    );
    let r = &result.proposals[study.spec().proposal_index("Washington's demand").unwrap()];
    assert_eq!(r.summary.total, d("6500"));
    assert_eq!(r.summary.vs_status_quo.amount, d("2150"));
    // "nearly 50 percent": 430 / 870 = 0.49425287356…
    assert_eq!(r.years[0].vs_baseline.amount, d("430"));
    assert_eq!(
        r.years[0].vs_baseline.relative.fraction().round_dp(6),
        d("0.494253")
    );
    // (1300 / 870)^(1/5) − 1 = 0.0836394818276399…
    assert_eq!(r.summary.growth.fraction(), d("0.083639481828"));
    assert_eq!(result.status_quo_total(), d("4350"));
}

#[test]
fn seed_tentative_deal_compounds_from_rounded_figures() {
    let (study, result) = computed("scenarios/sma-2020-talks.toml");
    // 983.1; 983.1 × 1.04 = 1,022.424 → 1,022.4; 1,022.4 × 1.04 = 1,063.296 → 1,063.3;
    // 1,063.3 × 1.04 = 1,105.832 → 1,105.8; 1,105.8 × 1.04 = 1,150.032 → 1,150.0.
    let expected = ds(&["983.1", "1022.4", "1063.3", "1105.8", "1150.0"]);
    assert_eq!(
        amounts(&study, &result, "Tentative deal, March 2020"),
        expected
    );
    let r = &result.proposals[study
        .spec()
        .proposal_index("Tentative deal, March 2020")
        .unwrap()];
    assert_eq!(r.summary.total, d("5324.6"));
    assert_eq!(r.years[1].unrounded, Some(d("1022.424")));
    assert_eq!(r.years[1].vs_previous.amount, d("39.3"));
    assert_eq!(r.years[1].cumulative, d("2005.5"));
}

#[test]
fn seed_eleventh_sma_rule_in_dollars() {
    let (study, result) = computed("scenarios/sma-2020-talks.toml");
    // 870 frozen; × 1.139 = 990.93 → 990.9; × 1.054 = 1,044.4086 → 1,044.4;
    // × 1.034 = 1,079.9096 → 1,079.9; × 1.044 = 1,127.4156 → 1,127.4.
    let expected = ds(&["870", "990.9", "1044.4", "1079.9", "1127.4"]);
    assert_eq!(
        amounts(&study, &result, "11th SMA rule, in dollars"),
        expected
    );
    let r = &result.proposals[study
        .spec()
        .proposal_index("11th SMA rule, in dollars")
        .unwrap()];
    assert_eq!(r.summary.total, d("5112.6"));
    assert_eq!(r.summary.average, d("1022.52"));
}

#[test]
fn eleventh_sma_reproduces_the_published_won_figures() {
    let (study, result) = computed("scenarios/sma-11th-agreement.toml");
    // Published: ₩1,183.3 bn (2021), ₩1,247.2 bn (2022), ₩1,402.8 bn (2025).
    // By hand: 1,038.9 × 1.139 = 1,183.3071 → 1,183.3; × 1.054 = 1,247.1982 → 1,247.2;
    // × 1.034 = 1,289.6048 → 1,289.6; × 1.044 = 1,346.3424 → 1,346.3 ("over ₩1.346 tn");
    // × 1.042 = 1,402.8446 → 1,402.8.
    let expected = ds(&["1038.9", "1183.3", "1247.2", "1289.6", "1346.3", "1402.8"]);
    assert_eq!(amounts(&study, &result, "11th SMA as agreed"), expected);
    // The rejected March 2020 shape in won: 1,038.9 × 1.13 = 1,173.957 → 1,174.0 ("≈ ₩1.17 tn").
    assert_eq!(
        amounts(&study, &result, "Tentative deal, March 2020")[0],
        d("1174.0")
    );
}

/// `base · (1 + r)^n` computed with integers: base × (100 + p)^n / 100^n.
fn closed_form(base: i128, percent: i128, n: u32) -> Decimal {
    let numerator = base * (100 + percent).pow(n);
    Decimal::from_i128_with_scale(numerator, 2 * n)
}

#[test]
fn constant_rate_without_rounding_is_the_closed_form_exactly() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nescalation = \"5%\"\n",
        header("1000", 2026)
    );
    let (study, result) = compute(&text);
    let got = amounts(&study, &result, "p");
    for (n, amount) in got.iter().enumerate() {
        assert_eq!(*amount, closed_form(1000, 5, n as u32 + 1), "year {n}");
    }
    // Spelled out for the first five: 1,050; 1,102.5; 1,157.625; 1,215.50625; 1,276.2815625.
    assert_eq!(got[4], d("1276.2815625"));
}

#[test]
fn step_rule_adds_a_fixed_amount() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nstart = 1000\nescalation = {{ step = 50 }}\n",
        header("870", 2024)
    );
    let (study, result) = compute(&text);
    assert_eq!(
        amounts(&study, &result, "p"),
        ds(&["1000", "1050", "1100", "1150", "1200"])
    );
    // Total by arithmetic series: 5 × (1000 + 1200) / 2 = 5,500.
    assert_eq!(result.proposals[0].summary.total, d("5500"));
}

#[test]
fn set_amounts_override_and_later_years_continue_from_them() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nescalation = \"10%\"\namounts = {{ 2022 = 2000 }}\nfreeze = [2024]\n",
        header("1000", 2025)
    );
    let (study, result) = compute(&text);
    // 1,100; 1,210; set 2,000; 2,000 × 1.1 = 2,200; frozen 2,200; 2,420.
    assert_eq!(
        amounts(&study, &result, "p"),
        ds(&["1100", "1210", "2000", "2200", "2200", "2420"])
    );
}

#[test]
fn phases_apply_their_own_rules() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nstart = \"baseline\"\n\
         [[proposal.phase]]\nfrom = 2021\nto = 2022\nescalation = \"10%\"\n\
         [[proposal.phase]]\nescalation = {{ step = -5 }}\n",
        header("100", 2024)
    );
    let (study, result) = compute(&text);
    // 100 frozen; 110; 121; 116; 111.
    assert_eq!(
        amounts(&study, &result, "p"),
        ds(&["100", "110", "121", "116", "111"])
    );
}

#[test]
fn rates_table_without_phases_covers_the_years_after_start() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nstart = 200\nescalation = {{ rates = {{ 2021 = \"10%\", 2022 = \"-50%\" }} }}\n",
        header("100", 2022)
    );
    let (study, result) = compute(&text);
    assert_eq!(amounts(&study, &result, "p"), ds(&["200", "220", "110"]));
    let y = &result.proposals[0].years[2];
    assert_eq!(y.vs_previous.relative.fraction(), d("-0.5"));
    assert_eq!(y.vs_baseline.relative.fraction(), d("0.1"));
}

#[test]
fn term_then_hold_or_continue() {
    let text = format!(
        "{}[[proposal]]\nname = \"hold\"\nescalation = \"10%\"\nterm_ends = 2021\n\
         [[proposal]]\nname = \"go on\"\nescalation = \"10%\"\nterm_ends = 2021\nafter_term = \"continue\"\n",
        header("100", 2023)
    );
    let (study, result) = compute(&text);
    assert_eq!(
        amounts(&study, &result, "hold"),
        ds(&["110", "121", "121", "121"])
    );
    assert_eq!(
        amounts(&study, &result, "go on"),
        ds(&["110", "121", "133.1", "146.41"])
    );
    assert!(study.spec().proposals[0].years[2].after_term);
    assert!(!study.spec().proposals[0].years[1].after_term);
}

/// Baseline 100 in 2020, horizon 2021–2025 (the cases of issue 8).
fn header_2020(last: i32) -> String {
    format!(
        "title = \"t\"\ncurrency = \"USD\"\n[horizon]\nlast = {last}\n[baseline]\nname = \"b\"\nyear = 2020\namount = 100\n"
    )
}

#[test]
fn continue_goes_on_with_what_sets_the_terms_last_year() {
    let text = format!(
        "{}[[proposal]]\nname = \"start baseline\"\nstart = \"baseline\"\nescalation = \"10%\"\nterm_ends = 2021\nafter_term = \"continue\"\n\
         [[proposal]]\nname = \"freeze year\"\nescalation = \"10%\"\nfreeze = [2022]\nterm_ends = 2022\nafter_term = \"continue\"\n\
         [[proposal]]\nname = \"rate\"\nescalation = \"10%\"\nterm_ends = 2022\nafter_term = \"continue\"\n",
        header_2020(2025)
    );
    let (study, result) = compute(&text);
    // 2021 is the first horizon year, set by start = "baseline" (a freeze):
    // the 10% covers no year of the term, so nothing grows after it.
    // 100; then held: 100, 100, 100, 100.
    assert_eq!(amounts(&study, &result, "start baseline"), ds(&["100"; 5]));
    // 2021: 100 × 1.1 = 110; 2022 frozen (a freeze year): 110; then held: 110, 110, 110.
    assert_eq!(amounts(&study, &result, "freeze year"), ds(&["110"; 5]));
    // 2021: 110; 2022: 121; the 10% goes on: 133.1, 146.41, 161.051.
    assert_eq!(
        amounts(&study, &result, "rate"),
        ds(&["110", "121", "133.1", "146.41", "161.051"])
    );
    // A freeze continued is a hold, and says so.
    let plan = crate::common::planned(&study);
    let spec = study.spec();
    let rule = |p: usize, y: usize| {
        costshare::view::describe::rule(spec, &spec.proposals[p], &plan.proposals[p].years[y])
    };
    assert_eq!(
        rule(0, 1),
        "after the term (ended 2021): held at the 2021 amount"
    );
    assert_eq!(
        rule(1, 4),
        "after the term (ended 2022): held at the 2022 amount"
    );
    assert_eq!(
        rule(2, 2),
        "after the term (ended 2022): constant rate +10% continues"
    );
}

#[test]
fn continue_with_nothing_to_go_on_is_refused_where_it_is_written() {
    let refused = |body: &str| {
        let text = format!("{}[[proposal]]\nname = \"p\"\n{body}", header_2020(2025));
        let file = costshare::diagnostic::SourceFile::new("t.toml", &text);
        let problems = costshare::scenario::parse(&file).unwrap_err();
        costshare::diagnostic::render_all(&problems.0, false)
    };
    // start = "+13%" sets 2021 (line 11), the term's last year: a start is one year.
    let start = refused("start = \"+13%\"\nterm_ends = 2021\nafter_term = \"continue\"\n");
    assert!(
        start.contains(
            "after_term = \"continue\" has no rule to continue after 2021: 2021 is set by `start` (line 11)"
        ),
        "{start}"
    );
    assert!(start.contains("t.toml:13:14"), "{start}");
    // The same with an escalation that covers no year of the term.
    let with_rule =
        refused("start = 1300\nescalation = \"4%\"\nterm_ends = 2021\nafter_term = \"continue\"\n");
    assert!(
        with_rule.contains("is set by `start` (line 11)"),
        "{with_rule}"
    );
    // amounts = { 2022 = 200 } (line 12) sets the term's last year: an amount is not a rule.
    let set = refused(
        "escalation = \"10%\"\namounts = { 2022 = 200 }\nterm_ends = 2022\nafter_term = \"continue\"\n",
    );
    assert!(
        set.contains("2022 is set by `amounts` (line 12)") && set.contains("t.toml:14:14"),
        "{set}"
    );
    assert!(set.contains("leave out `term_ends`"), "{set}");
}

#[test]
fn hold_after_an_amount_set_after_the_term_holds_that_amount() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nescalation = \"10%\"\nterm_ends = 2022\namounts = {{ 2024 = 200 }}\n",
        header_2020(2025)
    );
    let (study, result) = compute(&text);
    // 110; 121; held at 121; set to 200; held at 200 (each year repeats the one before).
    assert_eq!(
        amounts(&study, &result, "p"),
        ds(&["110", "121", "121", "200", "200"])
    );
    let plan = crate::common::planned(&study);
    let spec = study.spec();
    let rule = |y: usize| {
        costshare::view::describe::rule(spec, &spec.proposals[0], &plan.proposals[0].years[y])
    };
    assert_eq!(
        rule(2),
        "after the term (ended 2022): held at the 2022 amount"
    );
    assert_eq!(
        rule(3),
        "after the term (ended 2022): amount given for this year"
    );
    // The amount held is the 2024 amount (200), and the text names it.
    assert_eq!(
        rule(4),
        "after the term (ended 2022): held at the 2024 amount"
    );
}

#[test]
fn the_status_quo_total_is_the_sum_of_its_years() {
    // A 28-digit baseline, B = 7.000000000000000000000000001, over 300 years
    // (2020–2319). Summed year by year, 12 × B = 84.000000000000000000000000012
    // no longer fits 27 places and is held to 26: 84.00000000000000000000000001;
    // each later B adds 7 and 10^-27, which rounds away, until the sum passes
    // 792 (114 years) and is held to 25 places: 798, after which every sum is
    // 7 × years exactly. So the total is 2,100, while 300 × B =
    // 2,100.0000000000000000000000003 (held to 25 places).
    let text = format!(
        "{}[[proposal]]\nname = \"same\"\nstart = \"baseline\"\n",
        header("7.000000000000000000000000001", 2319)
    );
    let (study, result) = compute(&text);
    assert_eq!(result.status_quo_total(), d("2100"));
    assert_ne!(
        result.status_quo_total(),
        d("2100.0000000000000000000000003")
    );
    // A proposal equal to the baseline in every year is the status quo, to the last digit.
    let same = &result.proposals[study.spec().proposal_index("same").unwrap()];
    assert_eq!(same.summary.total, result.status_quo_total());
    assert_eq!(same.summary.vs_status_quo.amount, Decimal::ZERO);
    // And the status quo's running total ends at its total.
    assert_eq!(
        result.status_quo.years.last().unwrap().cumulative,
        result.status_quo_total()
    );
}

#[test]
fn rounding_modes_differ_only_on_halves_and_remainders() {
    // 100 × 1.0125 = 101.25, then 101.2 or 101.3 depending on the mode at step 0.1;
    // 2021 then grows from the rounded figure.
    let base = |mode: &str| {
        format!(
            "title = \"t\"\ncurrency = \"USD\"\nrounding = {{ step = \"0.1\", mode = \"{mode}\" }}\n[horizon]\nlast = 2021\n[baseline]\nname = \"b\"\nyear = 2019\namount = 100\n[[proposal]]\nname = \"p\"\nescalation = \"1.25%\"\n"
        )
    };
    let run = |mode: &str| {
        let (s, r) = compute(&base(mode));
        amounts(&s, &r, "p")
    };
    // half-up: 101.25 → 101.3; 101.3 × 1.0125 = 102.56625 → 102.6
    assert_eq!(run("half-up"), ds(&["101.3", "102.6"]));
    // half-even: 101.25 → 101.2; 101.2 × 1.0125 = 102.465 → 102.5
    assert_eq!(run("half-even"), ds(&["101.2", "102.5"]));
    // down: 101.25 → 101.2; 102.465 → 102.4
    assert_eq!(run("down"), ds(&["101.2", "102.4"]));
    // up: 101.25 → 101.3; 102.56625 → 102.6
    assert_eq!(run("up"), ds(&["101.3", "102.6"]));
}

#[test]
fn gap_between_two_proposals() {
    let (study, result) = computed("scenarios/sma-2020-talks.toml");
    let w = &result.proposals[study.spec().proposal_index("Washington's demand").unwrap()];
    let s = &result.proposals[study.spec().proposal_index("Seoul's best offer").unwrap()];
    let gap = engine::gap(w, s).unwrap();
    // 1,300 − 983.1 = 316.9 a year; × 5 = 1,584.5; 316.9 / 983.1 = 0.3223476757… (Python decimal)
    assert!(gap.years.iter().all(|y| y.diff.amount == d("316.9")));
    assert_eq!(gap.total_diff.amount, d("1584.5"));
    assert_eq!(
        gap.years[0].diff.relative.fraction().round_dp(8),
        d("0.32234768")
    );
    assert_eq!(
        gap.total_diff.relative.fraction().round_dp(8),
        d("0.32234768")
    );
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nescalation = \"900%\"\n",
        header("1000000", 2300)
    );
    let study = crate::common::study(&text);
    let err = engine::compute(&costshare::plan::plan_study(&study).unwrap()).unwrap_err();
    assert_eq!(err.proposal, Some(0));
    assert!(matches!(err.kind, ComputeErrorKind::Arith(_)), "{err:?}");
    // 10^6 × 10^n passes 7.9 × 10^28 at n = 23, in 2042.
    assert_eq!(err.year, 2042);
}

#[test]
fn an_amount_falling_to_zero_is_an_error() {
    let text = format!(
        "{}[[proposal]]\nname = \"p\"\nescalation = {{ step = -50 }}\n",
        header("100", 2024)
    );
    let study = crate::common::study(&text);
    let err = engine::compute(&costshare::plan::plan_study(&study).unwrap()).unwrap_err();
    assert_eq!(err.year, 2021);
    assert_eq!(err.kind, ComputeErrorKind::NotPositive(Decimal::ZERO));
}
