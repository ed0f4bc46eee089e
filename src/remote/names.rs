//! The names of LLVM 22.1's bootstrap symbols: the executor advertises each with an address in
//! its Setup message, and the controller calls the wrappers by those addresses. The signatures
//! are in `orc-remote-protocol.md` section 2.4; they are given on each constant below as
//! `(arguments) -> result` in SPS types.

pub const DISPATCH_CTX: &str = "__llvm_orc_SimpleRemoteEPC_dispatch_ctx";
/// `(ctx, tag, data, size) -> CWrapperFunctionBuffer`, for JIT'd code calling the controller.
pub const DISPATCH_FN: &str = "__llvm_orc_SimpleRemoteEPC_dispatch_fn";

pub const MEM_INSTANCE: &str = "__llvm_orc_SimpleExecutorMemoryManager_Instance";
/// `(Addr inst, u64 size) -> Expected<Addr>`
pub const MEM_RESERVE: &str = "__llvm_orc_SimpleExecutorMemoryManager_reserve_wrapper";
/// `(Addr inst, (Seq<Segment>, Seq<ActionPair>)) -> Expected<Addr>`
pub const MEM_INITIALIZE: &str = "__llvm_orc_SimpleExecutorMemoryManager_initialize_wrapper";
/// `(Addr inst, Seq<Addr>) -> Error`
pub const MEM_DEINITIALIZE: &str = "__llvm_orc_SimpleExecutorMemoryManager_deinitialize_wrapper";
/// `(Addr inst, Seq<Addr>) -> Error`
pub const MEM_RELEASE: &str = "__llvm_orc_SimpleExecutorMemoryManager_release_wrapper";

pub const DYLIB_INSTANCE: &str = "__llvm_orc_SimpleExecutorDylibManager_Instance";
/// `(Addr inst, String path, u64 mode) -> Expected<Addr handle>`
pub const DYLIB_OPEN: &str = "__llvm_orc_SimpleExecutorDylibManager_open_wrapper";
/// `(Addr handle, Seq<(String, bool required)>) -> Expected<Seq<Optional<(Addr, u8, u8)>>>`
pub const DYLIB_RESOLVE: &str = "__llvm_orc_SimpleExecutorDylibManager_resolve_wrapper";

/// `Seq<(Addr, uN)> -> ()`
pub const WRITE_UINT8S: &str = "__llvm_orc_bootstrap_mem_write_uint8s_wrapper";
pub const WRITE_UINT16S: &str = "__llvm_orc_bootstrap_mem_write_uint16s_wrapper";
pub const WRITE_UINT32S: &str = "__llvm_orc_bootstrap_mem_write_uint32s_wrapper";
pub const WRITE_UINT64S: &str = "__llvm_orc_bootstrap_mem_write_uint64s_wrapper";
/// `Seq<(Addr, Bytes)> -> ()`
pub const WRITE_BUFFERS: &str = "__llvm_orc_bootstrap_mem_write_buffers_wrapper";
/// `Seq<(Addr where, Addr value)> -> ()`
pub const WRITE_POINTERS: &str = "__llvm_orc_bootstrap_mem_write_pointers_wrapper";
/// `Seq<Addr> -> Seq<uN>`
pub const READ_UINT8S: &str = "__llvm_orc_bootstrap_mem_read_uint8s_wrapper";
pub const READ_UINT16S: &str = "__llvm_orc_bootstrap_mem_read_uint16s_wrapper";
pub const READ_UINT32S: &str = "__llvm_orc_bootstrap_mem_read_uint32s_wrapper";
pub const READ_UINT64S: &str = "__llvm_orc_bootstrap_mem_read_uint64s_wrapper";
/// `Seq<Addr> -> Seq<Addr>`
pub const READ_POINTERS: &str = "__llvm_orc_bootstrap_mem_read_pointers_wrapper";
/// `Seq<(Addr, Addr)> -> Seq<Bytes>`
pub const READ_BUFFERS: &str = "__llvm_orc_bootstrap_mem_read_buffers_wrapper";
/// `Seq<Addr> -> Seq<String>` (up to the NUL)
pub const READ_STRINGS: &str = "__llvm_orc_bootstrap_mem_read_strings_wrapper";

/// `(Addr fn, Seq<String> args) -> i64`
pub const RUN_AS_MAIN: &str = "__llvm_orc_bootstrap_run_as_main_wrapper";
/// `(Addr fn) -> i32`
pub const RUN_AS_VOID: &str = "__llvm_orc_bootstrap_run_as_void_function_wrapper";
/// `(Addr fn, i32) -> i32`
pub const RUN_AS_INT: &str = "__llvm_orc_bootstrap_run_as_int_function_wrapper";

/// Allocation actions: `(Addr start, Addr end) -> Error`.
pub const REGISTER_EH_FRAME: &str = "llvm_orc_registerEHFrameAllocAction";
pub const DEREGISTER_EH_FRAME: &str = "llvm_orc_deregisterEHFrameAllocAction";
/// Allocation action: `((Addr, Addr) image, bool auto_register) -> Error`.
pub const REGISTER_JIT_LOADER_GDB: &str = "llvm_orc_registerJITLoaderGDBAllocAction";

pub const SHM_INSTANCE: &str = "__llvm_orc_ExecutorSharedMemoryMapperService_Instance";
pub const SHM_RESERVE: &str = "__llvm_orc_ExecutorSharedMemoryMapperService_Reserve";
pub const SHM_INITIALIZE: &str = "__llvm_orc_ExecutorSharedMemoryMapperService_Initialize";
pub const SHM_DEINITIALIZE: &str = "__llvm_orc_ExecutorSharedMemoryMapperService_Deinitialize";
pub const SHM_RELEASE: &str = "__llvm_orc_ExecutorSharedMemoryMapperService_Release";

/// `ExecutorSymbolDef` flag: the symbol is exported (what `resolve` reports for every hit).
pub const SYMBOL_EXPORTED: u8 = 0x10;

/// Segment protection bits in an `initialize` request.
pub const PROT_READ: u8 = 1;
pub const PROT_WRITE: u8 = 2;
pub const PROT_EXEC: u8 = 4;
/// LLVM 22: finalize-only memory (released after the finalize actions run).
pub const PROT_FINALIZE_LIFETIME: u8 = 8;

/// rjitlink's extension for TCP sessions: resolving this name in the executor's process handle
/// gives a wrapper `() -> Error` that makes the executor send the program's stdout and stderr
/// to the controller as CallWrappers tagged [`STDOUT_TAG`] and [`STDERR_TAG`]. Other
/// executors resolve it to 0.
pub const FORWARD_OUTPUT: &str = "__rjitlink_executor_forward_output";
pub const STDOUT_TAG: u64 = 1;
pub const STDERR_TAG: u64 = 2;

/// The tag lazy linking's reentry code passes to the executor's `dispatch_fn` (see
/// `session::lazy`): the controller answers such a call, whose argument is a function's id
/// (u64), with the address of the function's body (u64), after linking its unit if that is
/// not done yet. Any executor forwards it, LLVM's included: a tag is only a number to it.
pub const LAZY_REENTRY_TAG: u64 = 3;

/// rjitlink's extension for thread-local storage (see `crate::static_tls`): resolving these
/// names in the executor's process handle gives wrappers of rjitlink-executor's static TLS
/// block for JIT'd code. Other executors resolve them to 0 (they have no such block).
/// `(u64 size, u64 align) -> Expected<u64>`: reserves part of the block; the result is the
/// part's offset from the thread pointer (an i64, as two's complement).
pub const TLS_RESERVE: &str = "__rjitlink_executor_tls_reserve";
/// Allocation action `(u64 tp_offset, Addr start, Addr end) -> Error`: the read-only JIT'd
/// bytes `[start, end)` (then zeros) become the initial contents of the reserved part in every
/// thread created from now on.
pub const TLS_INSTALL: &str = "__rjitlink_executor_tls_install";
/// Allocation action `(u64 tp_offset) -> Error`: gives the reserved part back.
pub const TLS_RELEASE: &str = "__rjitlink_executor_tls_release";
/// `(Seq<String> names) -> Seq<Optional<u64>>`: thread-local variables of the executor's
/// process, each as its offset from the thread pointer (an i64; `i64::MIN` when it is not in
/// static TLS).
pub const TLS_RESOLVE: &str = "__rjitlink_executor_tls_resolve";
