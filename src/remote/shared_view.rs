//! The controller's view of a shared-memory reservation (LLVM 22's SharedMemoryMapper wire
//! interface): the executor created a POSIX shared-memory object and mapped it with no access;
//! here it is opened by name, unlinked at once (so nothing else can open it and nothing is left
//! behind if either side dies), and mapped read-write. The link writes its image straight into
//! the executor's pages; `initialize` then only sets their protections there.
//!
//! Once the executor has initialized the memory, this view becomes read-only, so no page is
//! writable in one process while executable in the other.

use std::ffi::CString;

use crate::error::{Error, Result};

pub struct SharedView {
    ptr: *mut u8,
    len: usize,
}

impl SharedView {
    /// Opens and maps the object `name` of `len` bytes; an error when it is not on this
    /// machine (an executor elsewhere) or cannot be mapped.
    pub fn open(name: &str, len: usize) -> Result<SharedView> {
        // The executor is not trusted with which object this process opens, writes and
        // unlinks: one plain name of the shared-memory namespace, as executors make them.
        let plain = name.len() <= 200
            && name.strip_prefix('/').is_some_and(|rest| {
                !rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
                    && rest != "."
                    && rest != ".."
            });
        if !plain {
            return Err(Error::new(format!(
                "the executor's shared memory name {:?} is not a plain /NAME",
                crate::error::printable(name.as_bytes())
            )));
        }
        let cname = CString::new(name)
            .map_err(|_| Error::new(format!("shared memory name {name:?} holds a NUL byte")))?;
        // SAFETY: plain system calls; the mapping is fresh, at an address of the kernel's
        // choosing, and the descriptor is closed on every path.
        unsafe {
            let fd = libc::shm_open(cname.as_ptr(), libc::O_RDWR | libc::O_CLOEXEC, 0);
            if fd < 0 {
                return Err(Error::new(format!(
                    "cannot open the executor's shared memory {name}: {}",
                    std::io::Error::last_os_error()
                )));
            }
            libc::shm_unlink(cname.as_ptr());
            let mut st: libc::stat = std::mem::zeroed();
            if libc::fstat(fd, &mut st) != 0 || (st.st_size as u64) < len as u64 {
                libc::close(fd);
                return Err(Error::new(format!(
                    "the executor's shared memory {name} is smaller than the {len:#x} bytes reserved"
                )));
            }
            let ptr = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                fd,
                0,
            );
            libc::close(fd);
            if ptr == libc::MAP_FAILED {
                return Err(Error::new(format!(
                    "cannot map the executor's shared memory {name}: {}",
                    std::io::Error::last_os_error()
                )));
            }
            Ok(SharedView {
                ptr: ptr.cast(),
                len,
            })
        }
    }

    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `len` bytes mapped readable for as long as `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The bytes, while the view is writable (before [`SharedView::seal`]).
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as above, and writable until sealed; sealing happens after the link's last
        // write (finalize), and the linker never writes working memory after finalizing.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// Makes the view read-only (the executor has made some of these pages executable).
    pub fn seal(&mut self) -> Result<()> {
        // SAFETY: our own mapping.
        if unsafe { libc::mprotect(self.ptr.cast(), self.len, libc::PROT_READ) } != 0 {
            return Err(Error::new(format!(
                "cannot make the shared view of the executor's memory read-only: {}",
                std::io::Error::last_os_error()
            )));
        }
        Ok(())
    }
}

impl Drop for SharedView {
    fn drop(&mut self) {
        // SAFETY: unmapping exactly our mapping; nothing borrows it past `self`.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_opened() {
        for bad in [
            "",
            "/",
            "x",
            "/a/b",
            "/..",
            "/.",
            "//x",
            "/a b",
            "/a\nb",
            &format!("/{}", "a".repeat(200)),
        ] {
            let e = SharedView::open(bad, 4096).err().expect(bad).to_string();
            assert!(e.contains("is not a plain /NAME"), "{bad:?}: {e}");
        }
        // A plain name that does not exist is an error of its own.
        let e = SharedView::open("/rjitlink-test-no-such-object", 4096)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.starts_with("cannot open the executor's shared memory /rjitlink-test-no-such-object"),
            "{e}"
        );
    }
}
