//! What can be wrong with a scenario file, by stage: reading it
//! ([`ReadProblem`]), the shape of its TOML ([`ShapeProblem`]), a single value
//! ([`ValueProblem`]), a proposal's rules ([`RuleProblem`]) and the years they
//! cover ([`YearsProblem`]), and its
//! series and reference data ([`DataProblem`]).
//!
//! Each says what went wrong as data — names, years, rates — never as prose;
//! its [`Explain`](crate::diagnostic::Explain) impl holds one `match` for the
//! message, one for the label and one for the help: the texts live there and
//! nowhere else, and no code decides anything by reading them.

mod data;
mod read;
mod rule;
mod shape;
mod value;
mod years;

pub use data::DataProblem;
pub use read::{ReadProblem, SyntaxHint};
pub use rule::{PinKey, RuleHint, RuleProblem};
pub use shape::{Expected, Form, Found, KeySuggestion, Required, ShapeProblem, TableName, ValueAt};
pub use value::{Subject, ValueProblem, Values};
pub use years::{LastYearSetBy, YearsProblem};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::texts;
    use crate::money::Rate;
    use crate::scenario::spec::SeriesGap;

    #[test]
    fn texts_are_put_together_from_data() {
        let one = Rate::from_fraction(rust_decimal::Decimal::new(1, 2)).unwrap();
        let total = Rate::from_fraction(rust_decimal::Decimal::new(101, 2)).unwrap();
        let shares = DataProblem::SharesOff {
            total,
            off: one,
            short: false,
        };
        assert_eq!(
            texts(shares),
            (
                "the category shares add up to 101%, 1 point over 100%".to_string(),
                Some("these categories".to_string()),
                Some("take 1 point off the shares".to_string()),
            )
        );
        let gap = RuleProblem::IndexGap {
            series: "cpi".to_string(),
            proposal: None,
            needed: vec![2019, 2020, 2022],
            grown: vec![2021, 2022, 2024],
            lag: 2,
            gap: SeriesGap::Missing,
        };
        assert_eq!(
            texts(gap).0,
            "series `cpi` has no value for 2019–2020, 2022, needed by `this proposal` for 2021–2022, 2024 with a lag of 2"
        );
        let unnamed = ValueProblem::NotAYear {
            what: Subject::YearValue {
                year: 2020,
                of: Values::Series(None),
            },
            year: 0,
        };
        assert_eq!(
            texts(unnamed).0,
            "the 2020 value of series `?` 0 is not a year costshare can use"
        );
    }
}
