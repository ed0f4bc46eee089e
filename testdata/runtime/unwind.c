/* Linked by tests/unwind.rs through the library API: `rust_callback` is a Rust function of the
 * test process that panics for 42. The panic must unwind through call_through's frame, which
 * only works when the link's eh_frame table is registered with the unwinder. */
extern int rust_callback(int x);

int call_through(int x) {
    volatile int doubled = rust_callback(x) * 2; /* not a tail call: this frame stays */
    return doubled;
}
