//! A hard link of rjitlink-executor under a directory of its own, so the processes running it
//! can be told from every other test's; removed on drop.

use std::path::{Path, PathBuf};

pub struct ExecutorCopy {
    dir: PathBuf,
    pub path: PathBuf,
}

impl ExecutorCopy {
    /// A copy for a test of `kind` (part of the directory's name).
    pub fn new(kind: &str) -> ExecutorCopy {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{kind}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create executor copy directory");
        let path = dir.join("rjitlink-executor");
        let exe = env!("CARGO_BIN_EXE_rjitlink-executor");
        // A hard link is never open for writing, so starting it cannot fail with ETXTBSY.
        if std::fs::hard_link(exe, &path).is_err() {
            std::fs::copy(exe, &path).expect("copy rjitlink-executor");
        }
        let path = path.canonicalize().expect("canonical executor path");
        ExecutorCopy { dir, path }
    }

    pub fn flag(&self) -> String {
        format!("-oop-executor={}", self.path.display())
    }

    /// Processes running this copy (live ones have it as /proc/PID/exe).
    pub fn processes(&self) -> Vec<u32> {
        std::fs::read_dir("/proc")
            .expect("read /proc")
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .filter(|pid: &u32| {
                std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == self.path)
            })
            .collect()
    }
}

impl Drop for ExecutorCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
