//! The third-party file parsers behind a guard. calamine can panic on a malformed file (a fuzzed
//! xls container, say, makes it index past the end of a sector) instead of returning an error;
//! [`guarded`] turns such a panic into an `Err`, which the caller reports as a damaged file, so a
//! bad input never crashes the tool. [`install_quiet_hook`] keeps the caught panic's message off
//! the user's screen while every other panic, a defect of cbam, is still shown.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`; a panic inside it becomes `Err` with the panic's message.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let out = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    out.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without message".to_string())
    })
}

/// Whether the current thread runs inside [`guarded`].
pub fn in_guard() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Wraps the current panic hook so that panics caught by [`guarded`] print nothing; others go
/// to the previous hook as before.
pub fn install_quiet_hook() {
    let next = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !in_guard() {
            next(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message_and_the_guard_is_left() {
        let r: Result<(), String> = guarded(|| {
            let v: Vec<u8> = Vec::new();
            let i = v.len() + 3;
            let _ = v[i];
        });
        let msg = r.expect_err("the panic is caught");
        assert!(msg.contains("index out of bounds"), "{msg}");
        assert!(!in_guard());
        assert_eq!(guarded(|| 7), Ok(7));
    }
}
