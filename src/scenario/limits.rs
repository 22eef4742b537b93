//! The limits of what a scenario file may ask for: bounds on the work and
//! memory one file can cause, and on the values costshare can hold. Documented
//! in docs/scenario-format.md (Limits).

/// The largest scenario (or series) file costshare reads: 8 MiB. A
/// hand-written study is a few kilobytes and a generated sweep of ten thousand
/// proposals under 2 MiB; anything larger is almost certainly the wrong file.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The most problems reported for one file; the rest are counted, not listed.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// The earliest and latest years a study may name.
pub const YEAR_RANGE: std::ops::RangeInclusive<i64> = 1..=9999;

/// The most years a horizon may hold.
pub const MAX_HORIZON_YEARS: i32 = 500;

/// The most proposal-years a study may hold (proposals × horizon years): a
/// bound on the work and memory one file can ask for, far above any real
/// study (the benchmark's synthetic sweep is 50,000).
pub const MAX_PROPOSAL_YEARS: usize = 250_000;

/// The most decimal places `decimals` may ask for.
pub const MAX_DECIMALS: u32 = 10;

/// The longest lag an index rule may have.
pub const MAX_LAG: i64 = 50;
