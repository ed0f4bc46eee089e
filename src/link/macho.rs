//! The Mach-O reader (x86_64 and arm64 relocatable objects). Placeholder until it lands.

use super::graph::{FileId, LinkGraph};
use crate::arch::Arch;
use crate::error::{Error, Result};

/// The architecture of a Mach-O relocatable object.
pub fn detect_arch(_data: &[u8]) -> Result<&'static dyn Arch> {
    Err(Error::new("Mach-O objects are not supported yet"))
}

/// Reads `data` as file `file` of the graph.
pub fn read<'a>(_graph: &mut LinkGraph<'a>, _file: FileId, _data: &'a [u8]) -> Result<()> {
    Err(Error::new("Mach-O objects are not supported yet"))
}
