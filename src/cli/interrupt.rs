//! SIGINT and SIGTERM during `extract`: the first asks the run to stop
//! after the article being written (the output then holds whole records,
//! and the exit code is 128 + the signal); a second ends the process at
//! once with that code.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};

/// The flag the run polls, and which signal set it.
pub struct Interrupt {
    /// Set by the first signal.
    pub stop: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    /// Installs the handlers.
    pub fn install() -> std::io::Result<Interrupt> {
        let stop = Arc::new(AtomicBool::new(false));
        let signal = Arc::new(AtomicUsize::new(0));
        for sig in [SIGINT, SIGTERM] {
            // Registered first, so it sees the flag as the previous signal left it.
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&stop))?;
            signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
            signal_hook::flag::register(sig, Arc::clone(&stop))?;
        }
        Ok(Interrupt { stop, signal })
    }

    /// The signal's name and the exit code it gives (130 for SIGINT, 143
    /// for SIGTERM), once one came.
    pub fn received(&self) -> Option<(&'static str, u8)> {
        match self.signal.load(Ordering::SeqCst) as i32 {
            SIGINT => Some(("SIGINT", 130)),
            SIGTERM => Some(("SIGTERM", 143)),
            _ => None,
        }
    }
}
