//! Calendar dates (`YYYY-MM-DD`) for openings: when a posting was published and until when
//! it stands, and the day a build takes as today. A day is all rolebook needs, so there is
//! no time of day and no time zone; "today" is the UTC date unless `--today` fixes it.

use std::fmt;
use std::str::FromStr;

/// A day of the proleptic Gregorian calendar, years 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it is a real day (`2026-02-30` is not).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year: year as u16, month: month as u8, day: day as u8 })
    }

    /// Today in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (the civil calendar from a day count, after Howard
    /// Hinnant's description of the algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)).clamp(1, 9999) as u32;
        Date::new(year, month, day).unwrap_or(Date { year: 1970, month: 1, day: 1 })
    }

    pub fn year(self) -> u32 {
        u32::from(self.year)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a date, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Exactly `YYYY-MM-DD`: a time or another format would make the day ambiguous.
    fn from_str(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(DateError(format!("`{text}` is not a date in the form YYYY-MM-DD")));
        }
        let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        Date::new(year, month, day).ok_or_else(|| {
            if !(1..=12).contains(&month) {
                DateError(format!("`{text}` has no month {month}"))
            } else {
                DateError(format!("`{text}` is not a day of the calendar"))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_as_real_days_in_one_form() {
        assert_eq!("2026-12-02".parse::<Date>().unwrap().to_string(), "2026-12-02");
        assert_eq!("2024-02-29".parse::<Date>().unwrap().to_string(), "2024-02-29");
        for bad in
            ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-5", "26-01-05", "2026-01-05T10:00", ""]
        {
            assert!(bad.parse::<Date>().is_err(), "{bad} was accepted");
        }
        assert!("1900-02-29".parse::<Date>().is_err(), "1900 is not a leap year");
        assert!("2000-02-29".parse::<Date>().is_ok(), "2000 is a leap year");
    }

    #[test]
    fn day_counts_map_to_the_calendar() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(59).to_string(), "1970-03-01");
        assert_eq!(Date::from_days_since_epoch(11_016).to_string(), "2000-02-29");
        assert_eq!(Date::from_days_since_epoch(20_789).to_string(), "2026-12-02");
        assert_eq!(Date::from_days_since_epoch(-1).to_string(), "1969-12-31");
    }

    #[test]
    fn dates_order_by_day() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(d("2026-01-31") < d("2026-02-01"));
        assert!(d("2025-12-31") < d("2026-01-01"));
    }
}
