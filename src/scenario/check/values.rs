//! Checks of single values, shared by every part of the checker: text that
//! must not be empty, currency codes, units, years, amounts, rates and
//! rounding. Each records a located problem and returns [`Reported`] when the
//! value cannot be used. A leaf: it knows values, not studies.

use rust_decimal::Decimal;

use crate::diagnostic::{Problems, Reported, Span, did_you_mean};
use crate::money::{self, NumberError, PercentError, Rate, Rounding, RoundingMode};
use crate::scenario::problem::{Subject, ValueProblem};
use crate::scenario::raw::RawRounding;
use crate::scenario::spec::Unit;
use crate::scenario::walk::{Scalar, Sp};

use crate::scenario::limits::YEAR_RANGE;

/// A checked value, or the problem already recorded.
pub type Checked<T> = Result<T, Reported>;

/// Text that is not empty.
pub fn non_empty(cx: &mut Problems<'_>, text: Sp<String>, key: &'static str) -> Checked<String> {
    if text.value.trim().is_empty() {
        return Err(cx.at(text.span, ValueProblem::Empty { key }));
    }
    Ok(text.value)
}

/// A three-letter ISO 4217 code in capitals.
pub fn currency(cx: &mut Problems<'_>, code: Sp<String>) -> Checked<String> {
    let value = code.value.trim();
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(value.to_string());
    }
    let capitals = (value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| value.to_ascii_uppercase());
    let problem = ValueProblem::NotCurrency {
        code: code.value,
        capitals,
    };
    Err(cx.at(code.span, problem))
}

/// A unit's name.
pub fn unit(cx: &mut Problems<'_>, text: Sp<String>) -> Checked<Unit> {
    let value = text.value.trim().to_ascii_lowercase();
    if let Some(unit) = Unit::from_name(&value) {
        return Ok(unit);
    }
    let names = Unit::ALL.map(Unit::name);
    let problem = ValueProblem::UnknownUnit {
        close: did_you_mean(&value, names).map(str::to_string),
        name: text.value,
    };
    Err(cx.at(text.span, problem))
}

/// A year costshare can use (1 to 9999).
pub fn year(cx: &mut Problems<'_>, year: &Sp<i64>, what: &Subject) -> Checked<i32> {
    if YEAR_RANGE.contains(&year.value) {
        if let Ok(y) = i32::try_from(year.value) {
            return Ok(y);
        }
    }
    let problem = ValueProblem::NotAYear {
        what: what.clone(),
        year: year.value,
    };
    Err(cx.at(year.span.clone(), problem))
}

/// An amount written as a number or a string of digits, exactly.
pub fn amount(cx: &mut Problems<'_>, scalar: &Sp<Scalar>, what: &Subject) -> Checked<Decimal> {
    let text = match &scalar.value {
        Scalar::Number(n) | Scalar::Text(n) => n,
    };
    if matches!(scalar.value, Scalar::Text(_)) && text.trim_end().ends_with('%') {
        let problem = ValueProblem::PercentNotAmount { what: what.clone() };
        return Err(cx.at(scalar.span.clone(), problem));
    }
    money::parse_decimal(text).map_err(|e| number_error(cx, scalar.span.clone(), what, e))
}

/// Records a number that cannot be read exactly.
pub fn number_error(cx: &mut Problems<'_>, span: Span, what: &Subject, e: NumberError) -> Reported {
    let problem = ValueProblem::Number {
        what: what.clone(),
        error: e,
    };
    cx.at(span, problem)
}

/// An amount above zero.
pub fn positive_amount(
    cx: &mut Problems<'_>,
    scalar: &Sp<Scalar>,
    what: &Subject,
) -> Checked<Decimal> {
    let value = amount(cx, scalar, what)?;
    if value <= Decimal::ZERO {
        let problem = ValueProblem::NotPositive {
            what: what.clone(),
            value,
        };
        return Err(cx.at(scalar.span.clone(), problem));
    }
    Ok(value)
}

/// A growth rate, which must be written with a `%` and be above −100%.
pub fn rate(cx: &mut Problems<'_>, scalar: &Sp<Scalar>, what: &Subject) -> Checked<Rate> {
    let text = match &scalar.value {
        Scalar::Number(n) => {
            let problem = ValueProblem::BareRate {
                what: what.clone(),
                number: n.clone(),
            };
            return Err(cx.at(scalar.span.clone(), problem));
        }
        Scalar::Text(t) => t,
    };
    let parsed = match money::parse_percent(text) {
        Ok(rate) => rate,
        Err(PercentError::NoPercentSign) => {
            let problem = ValueProblem::NoPercentSign {
                what: what.clone(),
                text: text.clone(),
                number: money::parse_decimal(text).is_ok(),
            };
            return Err(cx.at(scalar.span.clone(), problem));
        }
        Err(PercentError::Number(e)) => {
            return Err(number_error(cx, scalar.span.clone(), what, e));
        }
        Err(PercentError::TooPrecise { places, .. }) => {
            let problem = ValueProblem::RateTooPrecise {
                what: what.clone(),
                text: text.trim().to_string(),
                places,
            };
            return Err(cx.at(scalar.span.clone(), problem));
        }
    };
    if parsed.fraction() <= Decimal::NEGATIVE_ONE {
        let problem = ValueProblem::NothingLeft {
            what: what.clone(),
            rate: parsed,
        };
        return Err(cx.at(scalar.span.clone(), problem));
    }
    Ok(parsed)
}

/// `rounding = "0.1"`, `{ step = …, mode = … }` or `"none"`. A table without
/// a step (reported by the walker) gives no rounding.
pub fn rounding(cx: &mut Problems<'_>, raw: Sp<RawRounding>) -> Checked<Option<Rounding>> {
    let (step, mode) = match raw.value {
        RawRounding::Step(step) => (Some(step), None),
        RawRounding::Table { step, mode } => (step, mode),
    };
    let Some(step) = step else {
        return Err(cx.reported_earlier());
    };
    if let Scalar::Text(t) = &step.value {
        if t.trim().eq_ignore_ascii_case("none") {
            return Ok(None);
        }
    }
    let value = amount(cx, &step, &Subject::RoundingStep)?;
    if value <= Decimal::ZERO {
        return Err(cx.at(step.span, ValueProblem::RoundingStep { value }));
    }
    let mode = match mode {
        None => RoundingMode::HalfUp,
        Some(m) => match RoundingMode::from_name(m.value.trim()) {
            Some(mode) => mode,
            None => {
                let names = RoundingMode::ALL.map(|(n, _)| n);
                let problem = ValueProblem::UnknownMode {
                    close: did_you_mean(&m.value, names).map(str::to_string),
                    mode: m.value,
                };
                return Err(cx.at(m.span, problem));
            }
        },
    };
    Ok(Some(Rounding { step: value, mode }))
}
