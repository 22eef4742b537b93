//! `costshare validate`: check files without computing; every problem at once.
//! For a good file it says what its exchange rates mean, in words, and warns
//! of a conversion that changes amounts a thousandfold (see [`super::rates`]).

use std::io::Write;

use super::{Failure, Outcome, load_one, rates, stdin_at_most_once, to_stdout};
use crate::cli::ValidateArgs;
use crate::diagnostic::Diagnostics;

pub fn validate(args: &ValidateArgs, stdout: &mut dyn Write) -> Result<Outcome, Failure> {
    stdin_at_most_once(&args.files)?;
    let mut problems = Diagnostics::new();
    let mut lines = String::new();
    let mut outcome = Outcome::default();
    for path in &args.files {
        match load_one(path) {
            Ok((file, study)) => {
                let spec = study.spec();
                let n = spec.proposals.len();
                lines.push_str(&format!(
                    "{}: ok ({n} proposal{}, {}–{})\n",
                    file.name,
                    if n == 1 { "" } else { "s" },
                    spec.horizon.first,
                    spec.horizon.last
                ));
                for line in rates::describe(&study) {
                    lines.push_str(&format!("  {line}\n"));
                }
                outcome.warnings.extend(rates::warnings(&file, &study));
            }
            Err(d) => problems.0.extend(d.0),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    to_stdout(stdout, |out| out.write_all(lines.as_bytes()))?;
    Ok(outcome)
}
