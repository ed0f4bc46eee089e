//! rjitlink: a JIT linker for ELF (and later Mach-O) relocatable objects and static archives.
//!
//! The pipeline lives in [`link`]; instruction-set knowledge in [`arch`]; running the result in
//! this process in [`exec`]; the command line in [`cli`].

pub mod arch;
pub mod check;
pub mod cli;
pub mod decode;
pub mod driver;
pub mod dump;
pub mod error;
pub mod exec;
pub mod executor;
pub mod huge_alloc;
pub mod jitdump;
pub mod link;
pub mod process_libs;
pub mod remote;
pub mod report;
pub mod session;
pub mod static_tls;
pub mod static_tls_dlopen;
