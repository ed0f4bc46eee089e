//! The ORC remote-execution protocol (SimpleRemoteEPC) as LLVM 22.1 speaks it: framing
//! ([`wire`]), payload encoding ([`sps`]) and the bootstrap names ([`names`]) are shared by the
//! controller side in `rjitlink` ([`controller`], [`target`]) and by `rjitlink-executor`
//! ([`crate::executor`]).

pub mod controller;
pub mod launch;
pub mod names;
mod process;
pub mod shared_view;
pub mod sps;
pub mod target;
pub mod wire;
