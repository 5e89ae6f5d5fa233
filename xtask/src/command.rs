//! Running the tools the tasks call: a failure stops the task and says which tool failed.

use std::process::Command;

pub fn run(command: &mut Command, what: &str) {
    let status = command.status().unwrap_or_else(|e| panic!("{what} did not start: {e}"));
    assert!(status.success(), "{what} failed ({status})");
}

pub fn output(command: &mut Command) -> String {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?} did not start: {e}"));
    assert!(out.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
