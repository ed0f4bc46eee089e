//! perf's jitdump format (`tools/perf/Documentation/jitdump-specification.txt` in Linux): a
//! file `jit-<pid>.dump` that `perf inject --jit` reads to give JIT'd code its names, its
//! instructions and its unwind tables. The process that runs the code writes it, and maps its
//! first page executable: perf takes that mapping (recorded live, or from /proc/PID/maps) as
//! the marker that names the file. The file goes where llvm-jitlink's `-perf-support` puts it,
//! `$JITDUMPDIR` (else `$HOME`, else `.`) `/.debug/jit/llvm-IR-jit-<date>-<unique>/`, so that
//! scripts written for it find it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const MAGIC: u32 = 0x4a69_5444; // "JiTD"
const VERSION: u32 = 1;
const HEADER_SIZE: u32 = 40;
const RECORD_HEADER_SIZE: u32 = 16;
const JIT_CODE_LOAD: u32 = 0;
const JIT_CODE_DEBUG_INFO: u32 = 2;
const JIT_CODE_CLOSE: u32 = 3;
const JIT_CODE_UNWINDING_INFO: u32 = 4;

/// One function of a linked unit, for a code-load record.
pub struct CodeLoad<'a> {
    pub name: &'a [u8],
    pub addr: u64,
    /// The function's bytes as they are in memory.
    pub code: &'a [u8],
}

/// A function's source lines, for a debug-info record.
pub struct DebugInfo<'a> {
    pub addr: u64,
    /// (address, line, discriminator, file) of each row.
    pub rows: Vec<(u64, u32, u32, &'a str)>,
}

/// perf rebuilds each function as an ELF file whose code starts after a 0x40-byte header,
/// and reads a row's address as an address in that file (llvm-jitlink adds the same).
pub const DEBUG_ROW_BIAS: u64 = 0x40;

/// A unit's `.eh_frame` table, for an unwinding-info record.
pub struct Unwind<'a> {
    /// Where the table is in memory.
    pub addr: u64,
    pub table: &'a [u8],
}

/// An open jitdump file and its marker mapping.
pub struct JitDump {
    out: BufWriter<File>,
    path: PathBuf,
    marker: *mut libc::c_void,
    marker_len: usize,
    next_index: u64,
    pid: u32,
}

// SAFETY: the marker mapping is only unmapped, by the owner, on drop.
unsafe impl Send for JitDump {}

/// CLOCK_MONOTONIC in nanoseconds, the clock `perf record -k 1` (mono) records with.
fn timestamp() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime fills the timespec it is given.
    if unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) } != 0 {
        return 0;
    }
    (ts.tv_sec as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(ts.tv_nsec as u64)
}

/// Today's date as `YYYYMMDD`, in local time (as llvm-jitlink names the directory).
fn today() -> String {
    // SAFETY: time and localtime_r fill what they are given; a zeroed tm is a valid start.
    unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return "00000000".into();
        }
        format!(
            "{:04}{:02}{:02}",
            tm.tm_year + 1900,
            tm.tm_mon + 1,
            tm.tm_mday
        )
    }
}

/// A new directory `<prefix>XXXXXX` (mkdtemp).
fn unique_dir(prefix: &Path) -> Result<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let mut template = prefix.as_os_str().as_bytes().to_vec();
    template.extend_from_slice(b"XXXXXX\0");
    // SAFETY: a NUL-terminated, writable template, as mkdtemp wants.
    let made = unsafe { libc::mkdtemp(template.as_mut_ptr().cast()) };
    if made.is_null() {
        return Err(Error::new(format!(
            "-perf-support: cannot create a directory {}XXXXXX: {}",
            prefix.display(),
            std::io::Error::last_os_error()
        )));
    }
    template.pop();
    Ok(PathBuf::from(std::ffi::OsStr::from_bytes(&template)))
}

impl JitDump {
    /// Creates the dump for this process, for code of the ELF machine `elf_machine`: its
    /// directory, the header and the marker mapping.
    pub fn create(elf_machine: u16) -> Result<JitDump> {
        let base = std::env::var_os("JITDUMPDIR")
            .or_else(|| std::env::var_os("HOME"))
            .map_or_else(|| PathBuf::from("."), PathBuf::from);
        let cache = base.join(".debug").join("jit");
        std::fs::create_dir_all(&cache).map_err(|e| {
            Error::new(format!(
                "-perf-support: cannot create {}: {e}",
                cache.display()
            ))
        })?;
        let dir = unique_dir(&cache.join(format!("llvm-IR-jit-{}-", today())))?;
        let pid = std::process::id();
        let path = dir.join(format!("jit-{pid}.dump"));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::new(format!("-perf-support: {}: {e}", path.display())))?;
        let marker_len = crate::link::memory::host_page_size() as usize;
        // SAFETY: a fresh private read-execute mapping of our own file; never written, and
        // unmapped only on drop.
        let marker = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                marker_len,
                libc::PROT_READ | libc::PROT_EXEC,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if marker == libc::MAP_FAILED {
            return Err(Error::new(format!(
                "-perf-support: cannot map the marker of {}: {}",
                path.display(),
                std::io::Error::last_os_error()
            )));
        }
        let mut dump = JitDump {
            out: BufWriter::new(file),
            path,
            marker,
            marker_len,
            next_index: 0,
            pid,
        };
        let mut header = Vec::with_capacity(HEADER_SIZE as usize);
        for word in [MAGIC, VERSION, HEADER_SIZE, u32::from(elf_machine), 0, pid] {
            header.extend_from_slice(&word.to_ne_bytes());
        }
        header.extend_from_slice(&timestamp().to_ne_bytes());
        header.extend_from_slice(&0u64.to_ne_bytes()); // flags: CLOCK_MONOTONIC timestamps
        dump.write(&header)?;
        dump.flush()?;
        Ok(dump)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|e| self.io_error(e))
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(|e| self.io_error(e))
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        Error::new(format!("-perf-support: {}: {e}", self.path.display()))
    }

    fn record_header(&mut self, id: u32, size: usize) -> Result<()> {
        let size = u32::try_from(size)
            .map_err(|_| Error::new("-perf-support: a jitdump record over 4 GiB"))?;
        let mut h = Vec::with_capacity(RECORD_HEADER_SIZE as usize);
        h.extend_from_slice(&id.to_ne_bytes());
        h.extend_from_slice(&size.to_ne_bytes());
        h.extend_from_slice(&timestamp().to_ne_bytes());
        self.write(&h)
    }

    /// Records one linked unit: its unwind table (if given), the functions' source lines,
    /// then a code load per function, in the order given (perf takes the lines of a function
    /// from before its load). Flushed, so that a crash later still leaves them.
    pub fn unit(
        &mut self,
        unwind: Option<Unwind<'_>>,
        lines: &[DebugInfo<'_>],
        functions: &[CodeLoad<'_>],
    ) -> Result<()> {
        if let Some(u) = unwind {
            // An eh_frame_hdr without a search table: version 1, the eh_frame pointer as an
            // absolute 8-byte address, no FDE count, no table.
            let mut hdr = vec![1u8, 0x0c, 0xff, 0xff];
            hdr.extend_from_slice(&u.addr.to_ne_bytes());
            let data = hdr.len() + u.table.len();
            self.record_header(
                JIT_CODE_UNWINDING_INFO,
                RECORD_HEADER_SIZE as usize + 24 + data,
            )?;
            let mut fields = Vec::with_capacity(24);
            for v in [data as u64, hdr.len() as u64, 0] {
                fields.extend_from_slice(&v.to_ne_bytes()); // mapped size 0: the header is ours
            }
            self.write(&fields)?;
            self.write(&hdr)?;
            self.write(u.table)?;
        }
        for d in lines {
            let rows: usize = d.rows.iter().map(|r| 16 + r.3.len() + 1).sum();
            self.record_header(JIT_CODE_DEBUG_INFO, RECORD_HEADER_SIZE as usize + 16 + rows)?;
            let mut fields = Vec::with_capacity(16 + rows);
            fields.extend_from_slice(&d.addr.to_ne_bytes());
            fields.extend_from_slice(&(d.rows.len() as u64).to_ne_bytes());
            for &(addr, line, discriminator, file) in &d.rows {
                fields.extend_from_slice(&addr.to_ne_bytes());
                fields.extend_from_slice(&line.to_ne_bytes());
                fields.extend_from_slice(&discriminator.to_ne_bytes());
                fields.extend_from_slice(file.as_bytes());
                fields.push(0);
            }
            self.write(&fields)?;
        }
        // SAFETY: gettid has no preconditions.
        let tid = unsafe { libc::gettid() } as u32;
        for f in functions {
            let size = RECORD_HEADER_SIZE as usize + 40 + f.name.len() + 1 + f.code.len();
            self.record_header(JIT_CODE_LOAD, size)?;
            let mut fields = Vec::with_capacity(40);
            fields.extend_from_slice(&self.pid.to_ne_bytes());
            fields.extend_from_slice(&tid.to_ne_bytes());
            for v in [f.addr, f.addr, f.code.len() as u64, self.next_index] {
                fields.extend_from_slice(&v.to_ne_bytes());
            }
            self.next_index += 1;
            self.write(&fields)?;
            self.write(f.name)?;
            self.write(&[0])?;
            self.write(f.code)?;
        }
        self.flush()
    }

    /// Ends the dump with its close record.
    pub fn close(mut self) -> Result<()> {
        self.record_header(JIT_CODE_CLOSE, RECORD_HEADER_SIZE as usize)?;
        self.flush()
    }
}

impl Drop for JitDump {
    fn drop(&mut self) {
        // SAFETY: our own mapping, of this length, made in `create`.
        unsafe { libc::munmap(self.marker, self.marker_len) };
    }
}
