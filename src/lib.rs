//! costshare models cost-sharing deals between governments: a baseline payment
//! and the proposals to change it, read from TOML scenario files, computed
//! exactly into year-by-year schedules, compared side by side and exported.
//!
//! Data flows one way, each stage a module that uses only those before it:
//!
//! ```text
//! TOML text ─scenario─▶ Study = Spec (structure, names, sources)
//!                              + Params (every number, by address)
//!           ─plan─────▶ Plan (each proposal-year's rule, numbers resolved)
//!           ─engine───▶ StudyResult (amounts, changes, totals, exact)
//!           ─analysis─▶ Computed (+ adjust: another currency, constant prices;
//!                                 columns named by study and proposal)
//!           ─view─────▶ View (typed figures; one YearRow per proposal-year)
//!           ─export───▶ table | markdown | csv | json, into any Write
//! ```
//!
//! - [`scenario`]: reading a file (`source`), walking its TOML (`walk`, `raw`),
//!   reading the series files it names (`files`), then checking it (`check`)
//!   into a [`scenario::Study`]: its [`scenario::Spec`] and its
//!   [`scenario::Params`]. Checking reads nothing, and every number has an
//!   address (`series.CPI.2025`), so a study can be re-planned with other
//!   values without reading or checking its file again.
//! - [`plan`]: a pure, cheap `plan(spec, params)`: index values looked up,
//!   spreads added, caps and floors applied.
//! - [`engine`]: a [`plan::Plan`] into exact results; no I/O, checked arithmetic.
//! - [`adjust`]: results re-expressed in another currency or constant prices,
//!   per troop, split into categories.
//! - [`analysis`]: a study planned, computed and measured
//!   ([`analysis::Computed`]), its schedules named as [`analysis::Column`]s by
//!   study and proposal, and every failure below turned into a located
//!   diagnostic.
//! - [`view`]: every figure any format shows, built once ([`view::View`]).
//! - [`export`]: one [`export::Exporter`] per [`export::Format`]; the table and
//!   Markdown share one layout of typed cells.
//!
//! Beside the flow: [`money`] holds the exact number rules and [`diagnostic`]
//! gives every problem one located form (both leaves, used by all; what each
//! problem says lives with the stage that finds it, in its `problem` module);
//! [`output`] writes files atomically; [`cli`] declares the command line and [`commands`]
//! runs it, from arguments to the bytes of the output.
//!
//! The library never prints; the `costshare` binary decides where bytes go.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod adjust;
pub mod analysis;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod engine;
pub mod export;
pub mod money;
pub mod output;
pub mod plan;
pub mod scenario;
pub mod view;
