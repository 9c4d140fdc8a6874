//! The binary's one read of the wall clock for records: the start time stamped in a
//! record's header. The core takes it as a parameter and never reads the clock.

/// The wall clock now as UTC RFC 3339.
pub fn now_utc() -> String {
    // web-time's clock is std's on the desktop and the browser's `Date.now()` on the
    // web, where std's panics.
    let secs = web_time::SystemTime::now()
        .duration_since(web_time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    perfsim_core::record::date::rfc3339_utc(i64::try_from(secs).unwrap_or(i64::MAX))
}
