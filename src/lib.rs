//! costshare models cost-sharing deals between governments: a baseline payment
//! and the proposals to change it, read from TOML scenario files, computed
//! exactly into year-by-year schedules, compared side by side and exported.
//!
//! Data flows one way:
//!
//! ```text
//! TOML text ─parse─▶ scenario::raw ─validate─▶ scenario::model::Study
//!           ─engine─▶ engine::StudyResult ─adjust─▶ (another currency, constant prices)
//!           ─report─▶ table | csv | json | markdown
//! ```
//!
//! `commands` ties the stages to the command line (`cli`); `output` writes
//! files atomically; `diagnostic` gives every problem one located form;
//! `money` holds the exact number rules.
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
