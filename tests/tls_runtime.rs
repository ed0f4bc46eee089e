//! The TLS runtime objects embedded in rjitlink (`src/link/tls_runtime/{x86_64,aarch64}.o`,
//! linked into images whose executor has no static TLS) are what `runtime.c` compiles to: the
//! test rebuilds them with the same `build.sh` in a scratch copy and compares the bytes.
mod common;

use std::process::Command;

#[test]
fn committed_objects_match_runtime_c() {
    if common::tool("clang-22").is_none() {
        return;
    }
    let src = common::testdata("../src/link/tls_runtime");
    let scratch = std::env::temp_dir().join(format!("rjitlink-tls-runtime-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    for f in ["runtime.c", "build.sh"] {
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
    for obj in ["x86_64.o", "aarch64.o"] {
        let built = std::fs::read(scratch.join(obj)).expect("built object");
        let committed = std::fs::read(src.join(obj)).expect("committed object");
        assert!(
            built == committed,
            "src/link/tls_runtime/{obj} is stale: run src/link/tls_runtime/build.sh"
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
