//! Dates shown to the operator. `now` is always an input (seconds since the Unix epoch),
//! so every function of the engine stays pure and testable.

use std::time::Duration;
use x509_cert::der::DateTime;

/// `2026-11-28 03:17 UTC`, or the raw number when it is out of the representable range.
pub fn format_unix(secs: i64) -> String {
    let dt = u64::try_from(secs).ok().and_then(|s| DateTime::from_unix_duration(Duration::from_secs(s)).ok());
    match dt {
        Some(d) => format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", d.year(), d.month(), d.day(), d.hour(), d.minutes()),
        None => format!("{secs} (seconds since 1970)"),
    }
}

/// "in 3 days", "2 hours ago": a rough, readable distance between two instants.
pub fn relative(from_now: i64) -> String {
    let (n, ago) = if from_now < 0 { (from_now.unsigned_abs(), true) } else { (from_now as u64, false) };
    let text = match n {
        0..=119 => format!("{n} seconds"),
        120..=7199 => format!("{} minutes", n / 60),
        7200..=172_799 => format!("{} hours", n / 3600),
        _ => format!("{} days", n / 86_400),
    };
    if ago {
        format!("{text} ago")
    } else {
        format!("in {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_seconds_in_utc() {
        assert_eq!(format_unix(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_unix(1_795_835_820), "2026-11-28 03:17 UTC");
        assert_eq!(format_unix(-5), "-5 (seconds since 1970)");
    }

    #[test]
    fn relative_distances_read_naturally() {
        assert_eq!(relative(30), "in 30 seconds");
        assert_eq!(relative(-3 * 3600), "3 hours ago");
        assert_eq!(relative(10 * 86_400), "in 10 days");
    }
}
