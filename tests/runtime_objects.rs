//! The runtime objects embedded in rjitlink (`src/link/runtime/*.o`: the TLS runtime for
//! executors without static TLS, the link's own dl_iterate_phdr) are what their C sources
//! compile to: the test rebuilds them with the same `build.sh` in a scratch copy and compares
//! the bytes.
mod common;

use std::process::Command;

#[test]
fn committed_objects_match_runtime_c() {
    if common::tool("clang-22").is_none() {
        return;
    }
    let src = common::testdata("../src/link/runtime");
    let scratch = std::env::temp_dir().join(format!("rjitlink-runtime-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    for f in ["tls.c", "phdr.c", "build.sh"] {
        std::fs::copy(src.join(f), scratch.join(f)).expect("copy");
    }
    let o = Command::new("bash")
        .arg(scratch.join("build.sh"))
        .output()
        .expect("run build.sh");
    assert!(
        o.status.success(),
        "build.sh failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    for obj in [
        "tls-x86_64.o",
        "tls-aarch64.o",
        "phdr-x86_64.o",
        "phdr-aarch64.o",
    ] {
        let built = std::fs::read(scratch.join(obj)).expect("built object");
        let committed = std::fs::read(src.join(obj)).expect("committed object");
        assert!(
            built == committed,
            "src/link/runtime/{obj} is stale: run src/link/runtime/build.sh"
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
