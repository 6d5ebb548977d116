//! Dates shown to the operator. `now` is always an input (seconds since the Unix epoch),
//! so every function of the engine stays pure and testable.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse: (year, month, day) of a day number (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `2026-11-28 03:17 UTC`, or the raw number outside years 0 to 9999.
pub fn format_unix(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    if (0..=9999).contains(&y) {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", t / 3600, t % 3600 / 60)
    } else {
        format!("{secs} (seconds since 1970)")
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
        assert_eq!(format_unix(-5), "1969-12-31 23:59 UTC");
        assert_eq!(format_unix(i64::MAX), format!("{} (seconds since 1970)", i64::MAX));
        assert_eq!(format_unix(951_782_400), "2000-02-29 00:00 UTC");
        for days in [-800_000, -1, 0, 59, 11_016, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn relative_distances_read_naturally() {
        assert_eq!(relative(30), "in 30 seconds");
        assert_eq!(relative(-3 * 3600), "3 hours ago");
        assert_eq!(relative(10 * 86_400), "in 10 days");
    }
}
