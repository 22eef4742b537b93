//! `costshare new`: a commented starter scenario, never over an existing file.

use std::io::Write;
use std::path::Path;

use super::{Failure, Outcome, to_stdout};
use crate::cli::NewArgs;
use crate::output::{OutputProblem, Target};

/// The commented starter file written by `costshare new`.
pub const STARTER: &str = include_str!("../starter.toml");

pub fn new(args: &NewArgs, stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    if args.path == Path::new("-") {
        to_stdout(stdout, |out| out.write_all(STARTER.as_bytes()))?;
        return Ok(Outcome::default());
    }
    let target = Target::prepare(&args.path, false).map_err(|problem| match problem {
        OutputProblem::Exists(path) => OutputProblem::NewExists(path),
        other => other,
    })?;
    target.commit(STARTER.as_bytes())?;
    let path = args.path.display();
    Ok(Outcome {
        notes: vec![format!(
            "wrote {path}: edit it, then run `costshare validate {path}` and `costshare compare {path}`"
        )],
        ..Outcome::default()
    })
}
