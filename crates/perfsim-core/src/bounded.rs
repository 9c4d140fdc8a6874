//! Range checks that run while a file is parsed, so that an out-of-range number is
//! reported by the parser at its own line and column.

use serde::{Deserialize, Deserializer, de::Error};

/// Deserialises an `f64` that must lie in `[LO_MILLI/1000, HI_MILLI/1000]`.
/// Bounds are in thousandths because const generics cannot be floats.
pub fn bounded<'de, D, const LO_MILLI: i64, const HI_MILLI: i64>(d: D) -> Result<f64, D::Error>
where
    D: Deserializer<'de>,
{
    let value = f64::deserialize(d)?;
    let (lo, hi) = (LO_MILLI as f64 / 1000.0, HI_MILLI as f64 / 1000.0);
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(D::Error::custom(format!(
            "expected a number from {lo} to {hi}, found {value}"
        )))
    }
}
