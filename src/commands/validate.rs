//! `costshare validate`: check files without computing; every problem at once.

use std::io::Write;

use super::{Failure, Outcome, to_stdout};
use crate::cli::ValidateArgs;
use crate::diagnostic::Diagnostics;
use crate::scenario;

pub fn validate(args: &ValidateArgs, stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    let mut problems = Diagnostics::new();
    let mut lines = String::new();
    for path in &args.files {
        match scenario::load(path) {
            Ok(study) => {
                let spec = study.spec();
                let n = spec.proposals.len();
                lines.push_str(&format!(
                    "{}: ok ({n} proposal{}, {}–{})\n",
                    path.display(),
                    if n == 1 { "" } else { "s" },
                    spec.horizon.first,
                    spec.horizon.last
                ));
            }
            Err(d) => problems.0.extend(d.0),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    to_stdout(stdout, |out| out.write_all(lines.as_bytes()))?;
    Ok(Outcome::default())
}
