//! Test support shared by the end-to-end tests (`tests/e2e/`), the Criterion benchmarks
//! (`benches/core.rs`) and the app-level benchmark (`cargo xtask bench`): one copy, no
//! `#[path]` includes. The standard library and `tempfile`.

pub mod bus;
pub mod procs;
pub mod prose;
pub mod webdriver;
pub mod xvfb;
