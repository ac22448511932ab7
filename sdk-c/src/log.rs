//! The log callback: libncblink logs with `tracing`, and this module hands
//! each event to the function the application registered with
//! `ncb_set_log_callback`. Nothing is written anywhere until then (no
//! stderr): the tracing subscriber is installed on the first call.
//!
//! The subscriber is the process's global default — in a C program the
//! library's own copy of `tracing`, so it cannot collide with anything —
//! installed once; the callback and its maximum level can be changed or
//! removed at any time after that.

use std::cell::Cell;
use std::ffi::{c_char, c_void};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{OnceLock, RwLock};

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::error::ncb_error;
use crate::ffi::cstring;
use crate::panic::status_boundary;
use crate::status::ncb_status;

/// How much to log: the level of an event given to the callback, and the
/// most detailed level the application wants.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ncb_log_level {
    /// Nothing (as a maximum level only).
    Off = 0,
    /// Failures.
    Error = 1,
    /// Things that may need attention.
    Warn = 2,
    /// The main steps.
    Info = 3,
    /// Detail for developers (each validation, each request).
    Debug = 4,
    /// Everything.
    Trace = 5,
}

/// An `ncb_log_level` as received from C, checked before use; cbindgen
/// writes it as `ncb_log_level`.
pub type ncb_log_level_raw = u32;

/// The function the library calls with each log event: `userdata` as given
/// to `ncb_set_log_callback`, the event's level, its target (the module
/// that logged it, `ncblink_c::validate`) and its message (with its fields
/// as `key=value`). `target` and `message` are UTF-8, NUL-terminated and
/// valid only during the call: copy them to keep them.
pub type ncb_log_callback = Option<
    unsafe extern "C" fn(userdata: *mut c_void, level: ncb_log_level, target: *const c_char, message: *const c_char),
>;

struct Sink {
    callback: unsafe extern "C" fn(*mut c_void, ncb_log_level, *const c_char, *const c_char),
    userdata: *mut c_void,
}

// SAFETY: the pointer is the application's, which the header's contract for
// `ncb_set_log_callback` makes usable from any thread; Rust never reads it.
unsafe impl Send for Sink {}
// SAFETY: as Send; the Sink itself is immutable.
unsafe impl Sync for Sink {}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);
static MAX_LEVEL: AtomicU32 = AtomicU32::new(ncb_log_level::Off as u32);

thread_local! {
    /// Set while this thread delivers an event (and so while it runs the
    /// callback): events caused meanwhile — by the callback calling the
    /// library, or by a panic message — are dropped rather than recursing
    /// into the read lock this thread holds, and the callback may not be
    /// replaced from here.
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Marks this thread as delivering an event until dropped, also when
/// unwinding.
struct Delivering;

impl Delivering {
    /// `None` when this thread is already delivering one.
    fn enter() -> Option<Delivering> {
        if IN_CALLBACK.with(|c| c.replace(true)) {
            // Already delivering: no guard (a guard dropped here would clear
            // the outer delivery's flag).
            None
        } else {
            Some(Delivering)
        }
    }
}

impl Drop for Delivering {
    fn drop(&mut self) {
        IN_CALLBACK.with(|c| c.set(false));
    }
}

fn level_of(level: &Level) -> ncb_log_level {
    match *level {
        Level::ERROR => ncb_log_level::Error,
        Level::WARN => ncb_log_level::Warn,
        Level::INFO => ncb_log_level::Info,
        Level::DEBUG => ncb_log_level::Debug,
        Level::TRACE => ncb_log_level::Trace,
    }
}

fn max_level_filter() -> tracing::level_filters::LevelFilter {
    use tracing::level_filters::LevelFilter;
    match MAX_LEVEL.load(Ordering::Relaxed) {
        1 => LevelFilter::ERROR,
        2 => LevelFilter::WARN,
        3 => LevelFilter::INFO,
        4 => LevelFilter::DEBUG,
        5 => LevelFilter::TRACE,
        _ => LevelFilter::OFF,
    }
}

/// Collects an event's message and fields into one line.
#[derive(Default)]
struct Line {
    message: String,
    fields: String,
}

impl Visit for Line {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}

/// The layer that forwards events to the callback.
struct CallbackLayer;

impl<S: Subscriber> Layer<S> for CallbackLayer {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // The level can change at any time: ask `enabled` on every event
        // rather than caching a yes or no per call site.
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        level_of(metadata.level()) as u32 <= MAX_LEVEL.load(Ordering::Relaxed)
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(max_level_filter())
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let Some(_delivering) = Delivering::enter() else {
            return;
        };
        // The read lock is held during the call, so that once
        // `ncb_set_log_callback` returns the old callback is never running.
        let guard = SINK.read().unwrap_or_else(|p| p.into_inner());
        let Some(sink) = guard.as_ref() else {
            return;
        };
        let mut line = Line::default();
        event.record(&mut line);
        line.message.push_str(&line.fields);
        let target = cstring(event.metadata().target());
        let message = cstring(line.message);
        // SAFETY: the application registered this function with this
        // userdata and promised it may be called from any thread; the
        // strings live until after the call.
        unsafe {
            (sink.callback)(
                sink.userdata,
                level_of(event.metadata().level()),
                target.as_ptr(),
                message.as_ptr(),
            )
        };
    }
}

/// Installs the subscriber once; the error says why it could not be.
fn install() -> Result<(), ncb_error> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let subscriber = tracing_subscriber::registry().with(CallbackLayer);
            tracing::subscriber::set_global_default(subscriber).map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| {
            ncb_error::new(
                ncb_status::Internal,
                format!("another tracing subscriber is already the process's global default: {e}"),
            )
        })
}

/// Sets (or, with `callback` NULL, removes) the function that receives the
/// library's log events up to `max_level`. By default there is none and the
/// library logs nothing anywhere (never to stderr).
///
/// `userdata` is passed back unchanged as the callback's first argument.
/// Replacing the callback is allowed at any time; when this function
/// returns, the previous callback is no longer running on any thread and
/// will not be called again, so its userdata may be freed.
///
/// Thread behaviour: the callback may be called from any thread that runs
/// library code, concurrently; it must be thread-safe, must return (no
/// longjmp, no C++ exception), and should be quick. Events the callback
/// causes itself (by calling the library) are dropped, and calling
/// `ncb_set_log_callback` from inside the callback fails.
///
/// Errors: `NCB_STATUS_INVALID_ARGUMENT` (`max_level` is not an
/// `ncb_log_level`, or called from inside the callback),
/// `NCB_STATUS_INTERNAL` (a Rust host program already installed its own
/// tracing subscriber).
///
/// # Safety
/// `callback`, when not NULL, is a function with this signature that is
/// safe to call from any thread with `userdata`; `err` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_set_log_callback(
    callback: ncb_log_callback,
    userdata: *mut c_void,
    max_level: ncb_log_level_raw,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let body = || {
        if max_level > ncb_log_level::Trace as u32 {
            return Err(ncb_error::new(
                ncb_status::InvalidArgument,
                format!("{max_level} is not an ncb_log_level (0 off … 5 trace)"),
            ));
        }
        if IN_CALLBACK.with(Cell::get) {
            return Err(ncb_error::new(
                ncb_status::InvalidArgument,
                "ncb_set_log_callback cannot be called from inside the log callback",
            ));
        }
        install()?;
        {
            let mut sink = SINK.write().unwrap_or_else(|p| p.into_inner());
            *sink = callback.map(|callback| Sink { callback, userdata });
            let level = if sink.is_some() { max_level } else { 0 };
            MAX_LEVEL.store(level, Ordering::Relaxed);
        }
        // Call sites cache whether they are enabled; recompute with the new
        // maximum.
        tracing::callsite::rebuild_interest_cache();
        Ok(())
    };
    // SAFETY: `err` is NULL or writable (contract).
    unsafe { status_boundary(err, body) }
}
