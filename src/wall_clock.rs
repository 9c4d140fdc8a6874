//! The binary's one read of the wall clock for records: the start time stamped in a
//! record's header. The core takes it as a parameter and never reads the clock.

/// The wall clock now as UTC RFC 3339.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    perfsim_core::record::date::rfc3339_utc(i64::try_from(secs).unwrap_or(i64::MAX))
}
