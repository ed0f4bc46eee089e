//! Small relocatable objects built into rjitlink from C sources in `runtime/` (rebuilt by
//! `runtime/build.sh`), which the link adds to an image that needs them, like any other input:
//! the TLS runtime (for targets without static TLS for JIT'd code, see [`super::tls`]) and the
//! link's own `dl_iterate_phdr` (see [`add_phdr`]).

use super::graph::{Def, FileId, LinkGraph};
use crate::error::{Error, Result};

#[derive(Clone, Copy)]
pub enum Runtime {
    Tls,
    Phdr,
}

fn object(runtime: Runtime, arch: &str) -> Option<&'static [u8]> {
    Some(match (runtime, arch) {
        (Runtime::Tls, "x86_64") => include_bytes!("runtime/tls-x86_64.o"),
        (Runtime::Tls, "aarch64") => include_bytes!("runtime/tls-aarch64.o"),
        (Runtime::Phdr, "x86_64") => include_bytes!("runtime/phdr-x86_64.o"),
        (Runtime::Phdr, "aarch64") => include_bytes!("runtime/phdr-aarch64.o"),
        _ => return None,
    })
}

/// Reads the runtime object into the graph as a file of its own.
pub fn add(graph: &mut LinkGraph<'_>, runtime: Runtime) -> Result<FileId> {
    let (name, why) = match runtime {
        Runtime::Tls => ("tls.o", "thread-local storage without static TLS"),
        Runtime::Phdr => ("phdr.o", "dl_iterate_phdr"),
    };
    let arch = graph.arch.name();
    let data = object(runtime, arch).ok_or_else(|| {
        Error::new(format!(
            "rjitlink's {name} runtime does not exist for {arch}"
        ))
    })?;
    let display = format!("<rjitlink runtime {name}>");
    let file = graph.add_file(display.clone(), name.into(), why.into());
    super::elf::read(graph, file, data).map_err(|e| e.context(&display))?;
    Ok(file)
}

/// When code in the link calls `dl_iterate_phdr` (Boehm gc finds its static roots so): the
/// link's own, which reports the process's modules and then the link's read-write data as one
/// more module, since glibc knows nothing of JIT'd memory (`runtime/phdr.c`).
pub fn add_phdr(graph: &mut LinkGraph<'_>) -> Result<()> {
    let wanted = graph
        .lookup("dl_iterate_phdr")
        .is_some_and(|id| graph.sym(id).def == Def::Undefined);
    if wanted {
        add(graph, Runtime::Phdr)?;
    }
    Ok(())
}
