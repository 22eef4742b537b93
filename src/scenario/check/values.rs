//! Checks of single values, shared by every part of the checker: text that
//! must not be empty, currency codes, units, years, amounts, rates and
//! rounding. Each records a located problem and returns [`Reported`] when the
//! value cannot be used. A leaf: it knows values, not studies.

use rust_decimal::Decimal;

use crate::diagnostic::{Problems, Reported, Span, did_you_mean};
use crate::money::{self, NumberError, PercentError, Rate, Rounding, RoundingMode};
use crate::scenario::raw::RawRounding;
use crate::scenario::spec::Unit;
use crate::scenario::walk::{Scalar, Sp};

/// The earliest and latest years a study may name.
pub const YEAR_RANGE: std::ops::RangeInclusive<i64> = 1..=9999;

/// A checked value, or the problem already recorded.
pub type Checked<T> = Result<T, Reported>;

/// Text that is not empty.
pub fn non_empty(cx: &mut Problems<'_>, text: Sp<String>, key: &str) -> Checked<String> {
    if text.value.trim().is_empty() {
        return Err(cx.at(
            text.span,
            format!("`{key}` is empty"),
            "write some text here",
            None,
        ));
    }
    Ok(text.value)
}

/// A three-letter ISO 4217 code in capitals.
pub fn currency(cx: &mut Problems<'_>, code: Sp<String>) -> Checked<String> {
    let value = code.value.trim();
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(value.to_string());
    }
    let help = if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        format!(
            "write it in capitals: currency = \"{}\"",
            value.to_ascii_uppercase()
        )
    } else {
        "use the three-letter ISO 4217 code, e.g. \"USD\", \"KRW\", \"JPY\", \"EUR\"".to_string()
    };
    Err(cx.at(
        code.span,
        format!("`{}` is not an ISO currency code", code.value),
        "expected three capital letters",
        Some(help),
    ))
}

/// A unit's name.
pub fn unit(cx: &mut Problems<'_>, text: Sp<String>) -> Checked<Unit> {
    let value = text.value.trim().to_ascii_lowercase();
    if let Some(unit) = Unit::from_name(&value) {
        return Ok(unit);
    }
    let names: Vec<&str> = Unit::ALL.iter().map(|u| u.name()).collect();
    let help = match did_you_mean(&value, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("the units are: {}", names.join(", ")),
    };
    Err(cx.at(
        text.span,
        format!("`{}` is not a unit", text.value),
        "unknown unit",
        Some(help),
    ))
}

/// A year costshare can use (1 to 9999).
pub fn year(cx: &mut Problems<'_>, year: &Sp<i64>, what: &str) -> Checked<i32> {
    if YEAR_RANGE.contains(&year.value) {
        if let Ok(y) = i32::try_from(year.value) {
            return Ok(y);
        }
    }
    Err(cx.at(
        year.span.clone(),
        format!("{what} {} is not a year costshare can use", year.value),
        "expected a year from 1 to 9999",
        None,
    ))
}

/// An amount written as a number or a string of digits, exactly.
pub fn amount(cx: &mut Problems<'_>, scalar: &Sp<Scalar>, what: &str) -> Checked<Decimal> {
    let text = match &scalar.value {
        Scalar::Number(n) | Scalar::Text(n) => n,
    };
    if matches!(scalar.value, Scalar::Text(_)) && text.trim_end().ends_with('%') {
        return Err(cx.at(
            scalar.span.clone(),
            format!("{what} must be an amount, not a percentage"),
            "expected an amount",
            Some("write the amount in the study's unit, e.g. 1300".to_string()),
        ));
    }
    money::parse_decimal(text).map_err(|e| number_error(cx, scalar.span.clone(), what, &e))
}

/// Records a number that cannot be read exactly.
pub fn number_error(cx: &mut Problems<'_>, span: Span, what: &str, e: &NumberError) -> Reported {
    let help = match e {
        NumberError::Comma(text) => Some(format!(
            "write {} (or with `_` between digits, as a TOML number) instead of {text}",
            text.replace(',', "")
        )),
        NumberError::TooPrecise(_) | NumberError::TooLarge(_) => {
            Some("amounts are held as exact decimals of up to 28 digits".to_string())
        }
        _ => None,
    };
    cx.at(span, format!("{what}: {e}"), "not a usable number", help)
}

/// An amount above zero.
pub fn positive_amount(cx: &mut Problems<'_>, scalar: &Sp<Scalar>, what: &str) -> Checked<Decimal> {
    let value = amount(cx, scalar, what)?;
    if value <= Decimal::ZERO {
        return Err(cx.at(
            scalar.span.clone(),
            format!("{what} must be more than zero, found {value}"),
            "not a positive amount",
            Some(
                "payments, index levels and exchange rates are all above zero; percentages against zero mean nothing"
                    .to_string(),
            ),
        ));
    }
    Ok(value)
}

/// A growth rate, which must be written with a `%` and be above −100%.
pub fn rate(cx: &mut Problems<'_>, scalar: &Sp<Scalar>, what: &str) -> Checked<Rate> {
    let text = match &scalar.value {
        Scalar::Number(n) => {
            return Err(cx.at(
                scalar.span.clone(),
                format!("{what} is a bare number; a rate needs a % sign"),
                "expected a percentage",
                Some(format!("write \"{n}%\" (in quotes) for {n} percent")),
            ));
        }
        Scalar::Text(t) => t,
    };
    let parsed = match money::parse_percent(text) {
        Ok(rate) => rate,
        Err(PercentError::NoPercentSign) => {
            let help = if money::parse_decimal(text).is_ok() {
                format!("write \"{}%\" for {} percent", text.trim(), text.trim())
            } else {
                "write a percentage such as \"4%\" or \"-2.5%\"".to_string()
            };
            return Err(cx.at(
                scalar.span.clone(),
                format!("{what} `{text}` has no % sign"),
                "expected a percentage",
                Some(help),
            ));
        }
        Err(PercentError::Number(e)) => {
            return Err(number_error(cx, scalar.span.clone(), what, &e));
        }
    };
    if parsed.fraction() <= Decimal::NEGATIVE_ONE {
        return Err(cx.at(
            scalar.span.clone(),
            format!("{what} {parsed} would leave nothing to pay"),
            "a rate must be above -100%",
            Some("a fall of 100% or more makes the amount zero or negative".to_string()),
        ));
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
    let value = amount(cx, &step, "the rounding step")?;
    if value <= Decimal::ZERO {
        return Err(cx.at(
            step.span,
            format!("the rounding step must be more than zero, found {value}"),
            "not a positive step",
            Some("write e.g. rounding = \"0.1\" to round to tenths, or \"none\"".to_string()),
        ));
    }
    let mode = match mode {
        None => RoundingMode::HalfUp,
        Some(m) => match RoundingMode::from_name(m.value.trim()) {
            Some(mode) => mode,
            None => {
                let names = RoundingMode::ALL.map(|(n, _)| n);
                let help = match did_you_mean(&m.value, names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the modes are: {}", names.join(", ")),
                };
                return Err(cx.at(
                    m.span,
                    format!("`{}` is not a rounding mode", m.value),
                    "unknown mode",
                    Some(help),
                ));
            }
        },
    };
    Ok(Some(Rounding { step: value, mode }))
}

/// "2020" or "2020–2024".
pub fn year_span(from: i32, to: i32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// Years in order, runs written as ranges: "2020, 2022–2519".
pub fn years_text(years: impl IntoIterator<Item = i32>) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for y in years {
        match runs.last_mut() {
            Some((_, to)) if to.saturating_add(1) == y => *to = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|(a, b)| year_span(*a, *b))
        .collect::<Vec<_>>()
        .join(", ")
}
