//! Range checks that run while a file is parsed, so that an out-of-range number is
//! reported by the parser at its own line and column, and numbers written short for
//! people (a limit of `f64::MIN_POSITIVE` is `2.22507e-308`, not 300 digits).

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
            "expected a number from {} to {}, found {}",
            short(lo),
            short(hi),
            short(value)
        )))
    }
}

/// A number in at most six significant digits, trailing zeros dropped: `674`, `0.95`,
/// `1e12`, `4.94066e-324`, `NaN`, `inf`.
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs();
    if (1e-4..1e9).contains(&magnitude) {
        // Six significant digits: as many decimals as the integer part leaves.
        let int_digits = magnitude.log10().floor() as i32 + 1;
        let decimals = (6 - int_digits).clamp(0, 10) as usize;
        let text = format!("{v:.decimals$}");
        let text = if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        };
        if text == "-0" { "0".into() } else { text }
    } else {
        let text = format!("{v:.5e}");
        match text.split_once('e') {
            Some((mantissa, exp)) => {
                let mantissa = if mantissa.contains('.') {
                    mantissa.trim_end_matches('0').trim_end_matches('.')
                } else {
                    mantissa
                };
                format!("{mantissa}e{exp}")
            }
            None => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn numbers_are_written_short() {
        assert_eq!(short(674.0), "674");
        assert_eq!(short(0.95), "0.95");
        assert_eq!(short(-12.5), "-12.5");
        assert_eq!(short(1e12), "1e12");
        assert_eq!(short(f64::MIN_POSITIVE), "2.22507e-308");
        assert_eq!(short(5e-324), "4.94066e-324");
        assert_eq!(short(1.0 / 3.0), "0.333333");
        assert_eq!(short(86_400.0), "86400");
        assert_eq!(short(f64::NAN), "NaN");
    }
}
