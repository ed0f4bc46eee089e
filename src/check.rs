//! jitlink-check expressions (placeholder until the evaluator lands).
use std::path::Path;

use crate::error::{Error, Result};
use crate::link::Linked;

pub fn run_file(_linked: &Linked<'_>, file: &Path, _name: &str) -> Result<()> {
    Err(Error::new(format!(
        "{}: -check is not implemented yet",
        file.display()
    )))
}
