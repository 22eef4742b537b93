//! Engine benchmark (placeholder until the synthetic study lands).
fn main() {}
