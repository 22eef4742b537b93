//! Exact numbers: reading amounts and percentages from text, checked arithmetic,
//! the rounding policy, and formatting for people.
//!
//! Every amount and rate in costshare is a [`Decimal`]; no binary float is ever on
//! the money path. This module is responsible for getting text into decimals
//! without changing a digit, for the arithmetic helpers that turn overflow and
//! division by zero into errors, and for the rounding and display rules written
//! down in `docs/rounding.md`. It knows nothing about scenario files or reports.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// The most significant digits a [`Decimal`] holds.
pub const MAX_DIGITS: u32 = 28;

/// An arithmetic step that could not be carried out exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ArithError {
    /// The result is larger than a decimal can hold (about 7.9 × 10²⁸).
    #[error("the result is too large for a decimal (overflow)")]
    Overflow,
    /// A division by zero was asked for.
    #[error("division by zero")]
    DivisionByZero,
}

/// `a + b`, or an overflow error.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, ArithError> {
    a.checked_add(b).ok_or(ArithError::Overflow)
}

/// `a - b`, or an overflow error.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, ArithError> {
    a.checked_sub(b).ok_or(ArithError::Overflow)
}

/// `a × b`, or an overflow error.
///
/// A product that needs more than 28 decimal places is rounded at the 28th place
/// by `rust_decimal` (see `docs/rounding.md`); a product too large to hold is an
/// error.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, ArithError> {
    a.checked_mul(b).ok_or(ArithError::Overflow)
}

/// `a ÷ b`, or an error for division by zero or overflow.
pub fn div(a: Decimal, b: Decimal) -> Result<Decimal, ArithError> {
    if b.is_zero() {
        return Err(ArithError::DivisionByZero);
    }
    a.checked_div(b).ok_or(ArithError::Overflow)
}

/// The sum of all values, or an overflow error.
pub fn sum<I: IntoIterator<Item = Decimal>>(values: I) -> Result<Decimal, ArithError> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// A growth rate, held as a fraction: `13%` is `Rate(0.13)`.
///
/// Keeping rates in their own type stops a rate of `13` being mistaken for 13%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(Decimal);

impl Rate {
    /// Zero growth.
    pub const ZERO: Rate = Rate(Decimal::ZERO);

    /// A rate from a fraction (`0.13` for 13%). Fails when the rate in percent
    /// would not fit in a decimal (a fraction beyond about 7.9 × 10²⁶), so every
    /// `Rate` can be shown in percent exactly.
    pub fn from_fraction(fraction: Decimal) -> Result<Rate, ArithError> {
        mul(fraction, Decimal::ONE_HUNDRED)?;
        Ok(Rate(fraction))
    }

    /// The rate as a fraction (`0.13` for 13%).
    pub fn fraction(self) -> Decimal {
        self.0
    }

    /// The rate in percent (`13` for 13%), exactly.
    pub fn percent(self) -> Decimal {
        // Every constructor checks that the fraction times 100 fits (see
        // `from_fraction`), so the product always exists.
        self.0.checked_mul(Decimal::ONE_HUNDRED).unwrap_or_default()
    }

    /// `1 + rate`, the factor an amount is multiplied by.
    pub fn factor(self) -> Result<Decimal, ArithError> {
        add(Decimal::ONE, self.0)
    }

    /// The sum of two rates.
    pub fn checked_add(self, other: Rate) -> Result<Rate, ArithError> {
        Rate::from_fraction(add(self.0, other.0)?)
    }
}

impl fmt::Display for Rate {
    /// Shows the rate exactly as a signed percentage, e.g. `+13.9%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = self.percent().normalize();
        if pct.is_sign_positive() && !pct.is_zero() {
            write!(f, "+{pct}%")
        } else {
            write!(f, "{pct}%")
        }
    }
}

/// How a value is rounded to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    /// Halves go away from zero: 1,183.35 → 1,183.4 (the default, and what the SMA uses).
    HalfUp,
    /// Halves go to the even neighbour: 1,183.25 → 1,183.2 ("banker's rounding").
    HalfEven,
    /// Towards zero: 1,183.39 → 1,183.3 (truncation).
    Down,
    /// Away from zero: 1,183.31 → 1,183.4.
    Up,
}

impl RoundingMode {
    /// Every mode with the name it is written as in scenario files.
    pub const ALL: [(&'static str, RoundingMode); 4] = [
        ("half-up", RoundingMode::HalfUp),
        ("half-even", RoundingMode::HalfEven),
        ("down", RoundingMode::Down),
        ("up", RoundingMode::Up),
    ];

    /// The name used in scenario files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half-up",
            RoundingMode::HalfEven => "half-even",
            RoundingMode::Down => "down",
            RoundingMode::Up => "up",
        }
    }

    /// The mode written as `name`, if there is one.
    pub fn from_name(name: &str) -> Option<RoundingMode> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, mode)| *mode)
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

/// Rounding of each computed amount to a multiple of `step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    /// The step amounts are rounded to, in the study's unit (e.g. `0.1`).
    pub step: Decimal,
    /// How halves and remainders are rounded.
    pub mode: RoundingMode,
}

impl Rounding {
    /// Rounds `value` to a multiple of the step.
    ///
    /// Steps that are powers of ten (0.1, 1, 100) round by moving the decimal
    /// point, which is exact. Other steps (0.25, 5) divide, round to a whole number
    /// of steps and multiply back.
    pub fn apply(&self, value: Decimal) -> Result<Decimal, ArithError> {
        let step = self.step.normalize();
        if step.mantissa() == 1 {
            // 10^-k: round to k places.
            return Ok(value.round_dp_with_strategy(step.scale(), self.mode.strategy()));
        }
        let steps = div(value, step)?.round_dp_with_strategy(0, self.mode.strategy());
        mul(steps, step).map(|v| v.normalize())
    }

    /// Number of decimal places a rounded amount can have.
    pub fn decimals(&self) -> u32 {
        self.step.normalize().scale()
    }
}

/// Why text could not be read as an exact decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// There was nothing to read.
    #[error("expected a number, found nothing")]
    Empty,
    /// A character that has no place in a number.
    #[error("`{0}` is not a number")]
    NotANumber(String),
    /// Thousands separators are ambiguous (`1,038.9` or `1.038,9`), so they are refused.
    #[error("`{0}` uses a comma; write numbers without thousands separators")]
    Comma(String),
    /// The number has more significant digits, or more decimal places, than a decimal holds.
    #[error("`{0}` needs more than 28 digits or decimal places; it cannot be held exactly")]
    TooPrecise(String),
    /// The number is larger than a decimal holds.
    #[error("`{0}` is too large (the largest is about 7.9 × 10^28)")]
    TooLarge(String),
    /// `inf` and `nan` are not amounts.
    #[error("`{0}` is not a finite number")]
    NotFinite(String),
}

/// Reads a decimal number exactly, refusing anything that would change a digit.
///
/// Accepts an optional sign, digits with optional `_` between them (as TOML
/// allows), an optional fraction and an optional exponent (`1.0389e3`). Unlike
/// `Decimal::from_str`, a number with more than 28 significant digits is an
/// error rather than being silently rounded.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let original = text;
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("inf") || lower.contains("nan") {
        return Err(NumberError::NotFinite(original.trim().to_string()));
    }
    if text.contains(',') {
        return Err(NumberError::Comma(text.to_string()));
    }
    let not_a_number = || NumberError::NotANumber(text.to_string());
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    let (mantissa_text, exponent) = match body.find(['e', 'E']) {
        Some(at) => {
            let exp_text = body.get(at.saturating_add(1)..).unwrap_or_default();
            let exp = parse_exponent(exp_text).ok_or_else(not_a_number)?;
            (body.get(..at).unwrap_or_default(), exp)
        }
        None => (body, 0),
    };
    let (int_part, frac_part) = match mantissa_text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa_text, None),
    };
    if !valid_digit_group(int_part) || frac_part.is_some_and(|f| !valid_digit_group(f)) {
        return Err(not_a_number());
    }
    let digits: String = int_part
        .chars()
        .chain(frac_part.unwrap_or_default().chars())
        .filter(|c| *c != '_')
        .collect();
    let frac_len = frac_part
        .map(|f| f.chars().filter(|c| *c != '_').count())
        .unwrap_or(0);
    if int_part.is_empty() && frac_part.is_none_or(str::is_empty) {
        return Err(not_a_number());
    }
    // Leading zeros carry no precision; trailing zeros of the fraction carry none
    // either, and are dropped only when the number would not fit otherwise.
    let mut significant = digits.trim_start_matches('0');
    let mut frac_len = frac_len;
    while significant.len() > MAX_DIGITS as usize && frac_len > 0 && significant.ends_with('0') {
        significant = significant
            .get(..significant.len().saturating_sub(1))
            .unwrap_or_default();
        frac_len = frac_len.saturating_sub(1);
    }
    if significant.len() > MAX_DIGITS as usize {
        return Err(NumberError::TooPrecise(text.to_string()));
    }
    let mut mantissa: i128 = if significant.is_empty() {
        0
    } else {
        significant.parse().map_err(|_| not_a_number())?
    };
    // value = mantissa × 10^(exponent − frac_len)
    let frac_len =
        i64::try_from(frac_len).map_err(|_| NumberError::TooPrecise(text.to_string()))?;
    let mut scale = frac_len
        .checked_sub(exponent)
        .ok_or_else(|| NumberError::TooLarge(text.to_string()))?;
    while scale < 0 {
        mantissa = mantissa
            .checked_mul(10)
            .ok_or_else(|| NumberError::TooLarge(text.to_string()))?;
        scale = scale.saturating_add(1);
    }
    // Trailing zeros past the 28th place carry no value; drop them before giving up.
    while scale > i64::from(MAX_DIGITS) && mantissa % 10 == 0 && mantissa != 0 {
        mantissa /= 10;
        scale = scale.saturating_sub(1);
    }
    if mantissa == 0 {
        return Ok(Decimal::ZERO);
    }
    let scale = u32::try_from(scale).map_err(|_| NumberError::TooPrecise(text.to_string()))?;
    if scale > MAX_DIGITS {
        return Err(NumberError::TooPrecise(text.to_string()));
    }
    let signed = if negative {
        mantissa
            .checked_neg()
            .ok_or_else(|| NumberError::TooLarge(text.to_string()))?
    } else {
        mantissa
    };
    Decimal::try_from_i128_with_scale(signed, scale)
        .map_err(|_| NumberError::TooLarge(text.to_string()))
}

fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if !valid_digit_group(digits) || digits.is_empty() {
        return None;
    }
    let value: i64 = digits.replace('_', "").parse().ok()?;
    // An exponent beyond ±100 cannot give a decimal anyway; cap it to keep loops short.
    if value > 100 {
        return None;
    }
    if negative {
        value.checked_neg()
    } else {
        Some(value)
    }
}

/// Digits with single underscores between them (`1_038`), or nothing.
fn valid_digit_group(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    let bytes = text.as_bytes();
    let edges_are_digits = bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit);
    edges_are_digits
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'_')
        && !text.contains("__")
}

/// Why text could not be read as a percentage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    /// The text has no `%` sign.
    #[error("a percentage needs a % sign")]
    NoPercentSign,
    /// The number before the `%` is not a number.
    #[error("{0}")]
    Number(NumberError),
    /// As a fraction (the number ÷ 100), the rate needs more decimal places
    /// than a decimal holds: refused rather than rounded.
    #[error(
        "`{text}` needs {places} decimal places as a fraction, more than the 28 a decimal holds; it cannot be held exactly"
    )]
    TooPrecise {
        /// The percentage as written.
        text: String,
        /// The decimal places its fraction needs.
        places: u32,
    },
}

/// Reads a percentage such as `13%`, `+13.9%` or `-2.5%` into a [`Rate`], exactly.
pub fn parse_percent(text: &str) -> Result<Rate, PercentError> {
    let trimmed = text.trim();
    let Some(number) = trimmed.strip_suffix('%') else {
        return Err(PercentError::NoPercentSign);
    };
    let mut value = parse_decimal(number.trim_end()).map_err(PercentError::Number)?;
    // Dividing by 100 adds two decimal places. Trailing zeros carry none, and
    // are dropped when that makes the fraction fit; a fraction needing more
    // than 28 places is refused rather than rounded.
    if value.scale().saturating_add(2) > MAX_DIGITS {
        value = value.normalize();
    }
    let places = value.scale().saturating_add(2);
    let too_precise = || PercentError::TooPrecise {
        text: trimmed.to_string(),
        places,
    };
    if places > MAX_DIGITS {
        return Err(too_precise());
    }
    // Exact: at most 28 significant digits and 28 decimal places.
    div(value, Decimal::ONE_HUNDRED)
        .map(Rate)
        .map_err(|_| too_precise())
}

/// Rounds a value half-up to `decimals` places for display.
pub fn round_for_display(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats an amount with a fixed number of decimals, half-up, for people:
/// `1,183.3` with `grouping`, `1183.3` without.
pub fn format_amount(value: Decimal, decimals: u32, grouping: bool) -> String {
    let rounded = round_for_display(value, decimals);
    // Not `format!("{:.N}")`: rust_decimal formats into a fixed 32-byte buffer
    // and panics when the integer digits and N decimals do not fit (1e27, N = 4).
    let mut plain = rounded.abs().to_string();
    let have = plain.split_once('.').map_or(0, |(_, f)| f.len());
    let want = decimals as usize;
    if want > have {
        if have == 0 {
            plain.push('.');
        }
        plain.extend(std::iter::repeat_n('0', want.saturating_sub(have)));
    }
    let plain = if grouping {
        group_thousands(&plain)
    } else {
        plain
    };
    if rounded.is_sign_negative() && !rounded.is_zero() {
        format!("-{plain}")
    } else {
        plain
    }
}

/// Like [`format_amount`], with a `+` on positive values: a change.
pub fn format_change(value: Decimal, decimals: u32, grouping: bool) -> String {
    let text = format_amount(value, decimals, grouping);
    if round_for_display(value, decimals) > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// Formats a rate as a signed percentage with `decimals` places: `+13.0%`.
pub fn format_percent(rate: Rate, decimals: u32) -> String {
    format!("{}%", format_change(rate.percent(), decimals, true))
}

fn group_thousands(plain: &str) -> String {
    let (int_part, rest) = match plain.find('.') {
        Some(at) => plain.split_at(at),
        None => (plain, ""),
    };
    let len = int_part.len();
    let mut out = String::with_capacity(plain.len().saturating_add(len / 3));
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (len.saturating_sub(i)) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_plain_numbers_exactly() {
        assert_eq!(parse_decimal("870").unwrap(), d("870"));
        assert_eq!(parse_decimal("1038.9").unwrap(), d("1038.9"));
        assert_eq!(parse_decimal("1_038.9").unwrap(), d("1038.9"));
        assert_eq!(parse_decimal("-0.25").unwrap(), d("-0.25"));
        assert_eq!(parse_decimal("+7").unwrap(), d("7"));
        assert_eq!(parse_decimal("1.0389e3").unwrap(), d("1038.9"));
        assert_eq!(parse_decimal("13E-2").unwrap(), d("0.13"));
        assert_eq!(parse_decimal("0.000").unwrap(), Decimal::ZERO);
        // 0.1 is not 0.1000000000000000055511151231257827 here.
        assert_eq!(parse_decimal("0.1").unwrap().to_string(), "0.1");
    }

    #[test]
    fn keeps_trailing_zeros_as_written() {
        assert_eq!(parse_decimal("983.10").unwrap().to_string(), "983.10");
    }

    #[test]
    fn refuses_what_would_change_a_digit() {
        assert!(matches!(
            parse_decimal("0.12345678901234567890123456789"),
            Err(NumberError::TooPrecise(_))
        ));
        assert!(matches!(
            parse_decimal("123456789012345678901234567890"),
            Err(NumberError::TooPrecise(_))
        ));
        assert!(matches!(
            parse_decimal("1e40"),
            Err(NumberError::TooLarge(_))
        ));
        assert!(matches!(
            parse_decimal("1,038.9"),
            Err(NumberError::Comma(_))
        ));
        assert!(matches!(
            parse_decimal("inf"),
            Err(NumberError::NotFinite(_))
        ));
        assert!(matches!(
            parse_decimal("nan"),
            Err(NumberError::NotFinite(_))
        ));
        for bad in [
            "", " ", "1__0", "_1", "1_", "1.2.3", "12a", "--1", "1e", "e3", ".",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn accepts_28_digits_and_zeros_beyond() {
        assert_eq!(
            parse_decimal("1234567890123456789012345678").unwrap(),
            d("1234567890123456789012345678")
        );
        assert_eq!(
            parse_decimal("0.10000000000000000000000000000000").unwrap(),
            d("0.1")
        );
    }

    #[test]
    fn reads_percentages() {
        assert_eq!(parse_percent("13%").unwrap().fraction(), d("0.13"));
        assert_eq!(parse_percent("+13.9%").unwrap().fraction(), d("0.139"));
        assert_eq!(parse_percent("-2.5 %").unwrap().fraction(), d("-0.025"));
        assert_eq!(parse_percent("13"), Err(PercentError::NoPercentSign));
        assert!(parse_percent("abc%").is_err());
        assert_eq!(parse_percent("13.9%").unwrap().to_string(), "+13.9%");
        assert_eq!(parse_percent("-2%").unwrap().to_string(), "-2%");
        assert_eq!(parse_percent("0%").unwrap().to_string(), "0%");
        // 27 decimal places in percent would need 29 as a fraction: refused, not rounded.
        assert_eq!(
            parse_percent("1.000000000000000000000000001%"),
            Err(PercentError::TooPrecise {
                text: "1.000000000000000000000000001%".to_string(),
                places: 29
            })
        );
        // 27 places with 28 digits: 29 as a fraction (1.234…678% = 0.01234…678).
        assert_eq!(
            parse_percent("1.234567890123456789012345678%"),
            Err(PercentError::TooPrecise {
                text: "1.234567890123456789012345678%".to_string(),
                places: 29
            })
        );
        // 28 places: 30 as a fraction.
        assert_eq!(
            parse_percent("0.1234567890123456789012345678%"),
            Err(PercentError::TooPrecise {
                text: "0.1234567890123456789012345678%".to_string(),
                places: 30
            })
        );
        // Trailing zeros carry no decimal place: 0.1% written with 27 places is 0.001.
        assert_eq!(
            parse_percent("0.100000000000000000000000000%")
                .unwrap()
                .fraction(),
            d("0.001")
        );
        // 26 places: 28 as a fraction, every digit kept.
        assert_eq!(
            parse_percent("12.34567890123456789012345678%")
                .unwrap()
                .fraction()
                .to_string(),
            "0.1234567890123456789012345678"
        );
        assert_eq!(
            parse_percent("1.00000000000000000000000001%")
                .unwrap()
                .fraction()
                .to_string(),
            "0.0100000000000000000000000001"
        );
    }

    #[test]
    fn rounds_to_steps_with_each_mode() {
        let r = |step: &str, mode| Rounding {
            step: d(step),
            mode,
        };
        // The SMA's own examples: 1,038.9 × 1.139 and 1,183.3 × 1.054.
        assert_eq!(
            r("0.1", RoundingMode::HalfUp).apply(d("1183.307")).unwrap(),
            d("1183.3")
        );
        assert_eq!(
            r("0.1", RoundingMode::HalfUp).apply(d("1247.198")).unwrap(),
            d("1247.2")
        );
        assert_eq!(
            r("0.1", RoundingMode::HalfUp).apply(d("2.25")).unwrap(),
            d("2.3")
        );
        assert_eq!(
            r("0.1", RoundingMode::HalfEven).apply(d("2.25")).unwrap(),
            d("2.2")
        );
        assert_eq!(
            r("0.1", RoundingMode::Down).apply(d("2.29")).unwrap(),
            d("2.2")
        );
        assert_eq!(
            r("0.1", RoundingMode::Up).apply(d("2.21")).unwrap(),
            d("2.3")
        );
        assert_eq!(
            r("0.25", RoundingMode::HalfUp).apply(d("10.13")).unwrap(),
            d("10.25")
        );
        assert_eq!(
            r("5", RoundingMode::HalfUp).apply(d("1302.5")).unwrap(),
            d("1305")
        );
        assert_eq!(
            r("100", RoundingMode::Down).apply(d("1399")).unwrap(),
            d("1300")
        );
        assert_eq!(
            r("1", RoundingMode::HalfUp).apply(d("983.5")).unwrap(),
            d("984")
        );
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(format_amount(d("1183.3"), 1, true), "1,183.3");
        assert_eq!(format_amount(d("1300"), 1, true), "1,300.0");
        assert_eq!(format_amount(d("1300"), 2, false), "1300.00");
        assert_eq!(format_amount(d("-1234567.891"), 2, true), "-1,234,567.89");
        assert_eq!(format_amount(d("983.15"), 1, true), "983.2");
        assert_eq!(format_amount(d("-0.04"), 1, true), "0.0");
        assert_eq!(format_amount(d("100"), 0, true), "100");
        // Near the limit of a decimal, with many places: no fixed buffer to overflow.
        assert_eq!(
            format_amount(d("10000000000000000000000000000"), 4, false),
            "10000000000000000000000000000.0000"
        );
        assert_eq!(
            format_amount(d("123456789012345678901.5"), 10, false),
            "123456789012345678901.5000000000"
        );
        assert_eq!(format_change(d("113.1"), 1, true), "+113.1");
        assert_eq!(format_change(d("-5"), 1, true), "-5.0");
        assert_eq!(format_change(d("0"), 1, true), "0.0");
        assert_eq!(
            format_percent(Rate::from_fraction(d("0.13")).unwrap(), 1),
            "+13.0%"
        );
        assert_eq!(
            format_percent(
                Rate::from_fraction(d("0.4942528735632183908045977011")).unwrap(),
                1
            ),
            "+49.4%"
        );
        assert_eq!(
            format_percent(Rate::from_fraction(d("-0.0005")).unwrap(), 1),
            "-0.1%"
        );
    }

    #[test]
    fn arithmetic_errors_instead_of_panics() {
        assert_eq!(mul(Decimal::MAX, Decimal::TWO), Err(ArithError::Overflow));
        assert_eq!(add(Decimal::MAX, Decimal::ONE), Err(ArithError::Overflow));
        assert_eq!(
            div(Decimal::ONE, Decimal::ZERO),
            Err(ArithError::DivisionByZero)
        );
        assert_eq!(sum([d("1.5"), d("2.25")]).unwrap(), d("3.75"));
    }
}
