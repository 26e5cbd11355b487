//! Openings: read from `content/openings/*.yaml`, checked like a compiler (codes, dates,
//! the role they hire for, the pay range), and sorted into what is published.
//!
//! The gate is strict because search engines are: a posting whose structured data lacks a
//! country, or that stays up after it expired, gets the site penalised. So an opening
//! still `open` after its `valid_through` day is an error, not a warning, and "today" is
//! a value the build is given (`--today`), never read behind its back.

use std::collections::HashMap;

use rayon::prelude::*;

use super::roles::Catalog;
use crate::content::opening::{EmploymentType, PayUnit, RawOpening, RawPayBand, Status};
use crate::content::SourceFile;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::iso_codes::{COUNTRIES, CURRENCIES};
use crate::suggest::did_you_mean;
use crate::yaml::{self, Pos, Spanned};

/// Every opening of the site, by id, and the day they were checked against.
#[derive(Debug, Clone, Default)]
pub struct Openings {
    pub files: Vec<SourceFile>,
    pub list: Vec<Opening>,
    pub ids: HashMap<String, usize>,
    /// The day taken as today: openings are checked and the output dated against it.
    pub today: Option<Date>,
    /// Each role's pay bands, checked, by index into the catalogue's roles (empty for a
    /// role without `pay_bands:`, and for a band with an error, already reported).
    pub bands: Vec<Vec<PayBand>>,
}

impl Openings {
    /// The openings published as open, in id order.
    pub fn open(&self) -> impl Iterator<Item = &Opening> {
        self.list.iter().filter(|o| o.is_open())
    }

    /// The open openings for role `role` (an index into the catalogue's roles).
    pub fn open_for_role(&self, role: usize) -> impl Iterator<Item = &Opening> {
        self.open().filter(move |o| o.role == Some(role))
    }
}

#[derive(Debug, Clone)]
pub struct Opening {
    pub id: String,
    pub raw: RawOpening,
    /// Index into [`Openings::files`].
    pub file: usize,
    /// Site path, `/openings/<id>/`.
    pub url: String,
    /// The role hired for, by index into the catalogue; `None` when the id is unknown
    /// (an error already reported).
    pub role: Option<usize>,
    /// The posting's title: its own, or the role's.
    pub title: String,
    pub date_posted: Date,
    pub valid_through: Option<Date>,
    pub employment_types: Vec<EmploymentType>,
    pub locations: Vec<Location>,
    /// Countries remote applicants may live in; empty for a job that is not remote.
    pub remote_countries: Vec<Country>,
    pub salary: Option<Salary>,
}

impl Opening {
    pub fn is_open(&self) -> bool {
        self.raw.status.value == Status::Open
    }

    /// Whether the job can be done fully from home.
    pub fn is_remote(&self) -> bool {
        !self.remote_countries.is_empty()
    }

    /// Every country the opening is in: its locations' countries, then the remote ones,
    /// each once.
    pub fn countries(&self) -> Vec<Country> {
        let mut all: Vec<Country> = Vec::new();
        for c in self.locations.iter().map(|l| l.country).chain(self.remote_countries.iter().copied()) {
            if !all.contains(&c) {
                all.push(c);
            }
        }
        all
    }
}

/// A country by its ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country(&'static str, &'static str);

impl Country {
    pub fn from_code(code: &str) -> Option<Country> {
        let at = COUNTRIES.binary_search_by(|(c, _)| (*c).cmp(code)).ok()?;
        Some(Country(COUNTRIES[at].0, COUNTRIES[at].1))
    }
    pub fn code(self) -> &'static str {
        self.0
    }
    pub fn name(self) -> &'static str {
        self.1
    }
}

/// A place of work, its country checked.
#[derive(Debug, Clone)]
pub struct Location {
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Country,
}

impl Location {
    /// `Berlin, Germany`; the country alone when no city is given.
    pub fn label(&self) -> String {
        match &self.city {
            Some(city) => format!("{city}, {}", self.country.name()),
            None => self.country.name().to_string(),
        }
    }
}

/// A pay range, checked: `min <= max`, a real currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Salary {
    pub min: f64,
    pub max: f64,
    /// ISO 4217 code.
    pub currency: &'static str,
    pub unit: PayUnit,
    /// Where the range is written: the opening's `salary:`, or its role's pay band.
    pub source: PaySource,
}

impl Salary {
    /// `EUR 70,000–90,000 a year`; one amount when min and max are equal.
    pub fn label(&self) -> String {
        pay_label(self.min, self.max, self.currency, self.unit)
    }
}

/// `EUR 70,000–90,000 a year`: a pay range as pages show it.
pub fn pay_label(min: f64, max: f64, currency: &str, unit: PayUnit) -> String {
    let range = if min == max { amount(min) } else { format!("{}\u{2013}{}", amount(min), amount(max)) };
    let article = if unit == PayUnit::Hour { "an" } else { "a" };
    format!("{currency} {range} {article} {}", unit.as_str())
}

/// `85000` → `85,000`; `42.5` → `42.50`.
fn amount(value: f64) -> String {
    let cents = (value * 100.0).round() as u64;
    let (units, rest) = (cents / 100, cents % 100);
    let digits = units.to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rest != 0 {
        out.push_str(&format!(".{rest:02}"));
    }
    out
}

/// Where an opening's pay comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaySource {
    /// The opening's own `salary:`.
    Opening,
    /// The role's pay band at this index of its `pay_bands:`.
    Band(usize),
}

impl PaySource {
    /// How `/api/openings.json` says it: `opening` or `band`.
    pub fn as_str(self) -> &'static str {
        match self {
            PaySource::Opening => "opening",
            PaySource::Band(_) => "band",
        }
    }
}

/// One band of a role's `pay_bands:`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct PayBand {
    pub zone: Option<String>,
    pub countries: Vec<Country>,
    /// The range, with [`PaySource::Band`] and the band's index.
    pub salary: Salary,
}

/// The first of `bands` that covers `country`, as the pay of an opening there.
pub fn band_for(bands: &[PayBand], country: Country) -> Option<Salary> {
    bands.iter().find(|band| band.countries.contains(&country)).map(|band| band.salary.clone())
}

/// Checks every role's `pay_bands:` with the same code and range checks as an opening's
/// salary; returns each role's valid bands.
pub fn pay_bands(catalog: &Catalog, diagnostics: &mut Diagnostics) -> Vec<Vec<PayBand>> {
    catalog
        .roles
        .iter()
        .map(|role| {
            let Some(bands) = &role.raw.pay_bands else { return Vec::new() };
            let mut check = Check { file: &catalog.files[role.file], diagnostics: &mut *diagnostics };
            bands.0.iter().enumerate().filter_map(|(index, band)| check.pay_band(band, index)).collect()
        })
        .collect()
}

/// ISO 4217 codes that are not money an employer pays in: precious metals, funds codes,
/// special drawing rights, testing and "no currency".
const NOT_PAY: &[&str] = &[
    "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR",
    "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
];

fn currency(code: &str) -> Option<&'static str> {
    let at = CURRENCIES.binary_search_by(|(c, _)| (*c).cmp(code)).ok()?;
    let code = CURRENCIES[at].0;
    (!NOT_PAY.contains(&code)).then_some(code)
}

/// Reads and checks every opening file. `today` is the day expiry is judged against.
pub fn build(files: Vec<SourceFile>, catalog: &Catalog, today: Date, diagnostics: &mut Diagnostics) -> Openings {
    let parsed: Vec<(Option<(RawOpening, bool)>, Diagnostics)> = files
        .par_iter()
        .map(|file| {
            let mut d = Diagnostics::new();
            let raw = parse(file, &mut d);
            (raw, d)
        })
        .collect();
    let bands = pay_bands(catalog, diagnostics);
    let mut openings = Openings { today: Some(today), ..Openings::default() };
    for (index, (raw, d)) in parsed.into_iter().enumerate() {
        diagnostics.extend(d);
        let Some((raw, clean)) = raw else { continue };
        let file = &files[index];
        let mut check = Check { file, diagnostics: &mut *diagnostics };
        if let Some(opening) = check.opening(raw, index, catalog, &bands, today).filter(|_| clean) {
            openings.ids.insert(opening.id.clone(), openings.list.len());
            openings.list.push(opening);
        }
    }
    openings.files = files;
    openings.bands = bands;
    openings
}

/// The opening of one file, and whether its shape was read without a problem.
fn parse(file: &SourceFile, diagnostics: &mut Diagnostics) -> Option<(RawOpening, bool)> {
    let node = super::roles::parse_yaml(file, diagnostics)?;
    let mut problems = Vec::new();
    let raw = yaml::from_node_partial::<RawOpening>(&node, &mut problems);
    let clean = problems.is_empty();
    for p in problems {
        diagnostics.push(crate::content::yaml_diagnostic(&file.rel, &file.text, p));
    }
    // An opening with a problem in its shape still comes back, with empty stand-ins where
    // a value was missing or wrong, so the rest of the file is checked in the same run;
    // the checks below pass over those empty values, which are reported already.
    raw.map(|(raw, _)| (raw, clean))
}

/// Checks one opening, reporting every problem of its file.
struct Check<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Diagnostics,
}

impl Check<'_> {
    fn error(&mut self, pos: Pos, code: &'static str, message: String, hint: impl Into<String>) {
        let d = Diagnostic::error(&self.file.rel, code, message).at(&self.file.text, pos).with_hint(hint);
        self.diagnostics.push(d);
    }

    fn opening(
        &mut self,
        raw: RawOpening,
        index: usize,
        catalog: &Catalog,
        bands: &[Vec<PayBand>],
        today: Date,
    ) -> Option<Opening> {
        let stem = self.file.content_rel.rsplit('/').next().unwrap_or("");
        let id = stem.trim_end_matches(".yaml").trim_end_matches(".yml").to_string();
        let errors_before = self.diagnostics.error_count();
        if !super::roles::is_id(&id) {
            let suggestion = crate::slug::slugify(&id);
            self.error(
                Pos::new(1, 1),
                "bad-id",
                format!("`{id}` cannot be an opening id: the file name is the id, and it becomes the page's URL"),
                format!("rename the file to `{suggestion}.yaml` (lowercase letters, digits and single hyphens)"),
            );
        }
        let role = self.role(&raw, catalog);
        let date_posted = self.date(&raw.date_posted, "date_posted");
        let mut valid_through = raw.valid_through.as_ref().and_then(|d| self.date(d, "valid_through"));
        if let (Some(posted), Some(until), Some(spanned)) = (date_posted, valid_through, raw.valid_through.as_ref()) {
            if until < posted {
                // Reported once, as the range it is: not also as an expired opening.
                valid_through = None;
                self.error(
                    spanned.pos,
                    "bad-date-range",
                    format!("valid_through {until} is before date_posted {posted}"),
                    "the last day to apply cannot come before the day the opening was posted; check both dates",
                );
            }
        }
        if raw.status.value == Status::Open {
            if let (Some(until), Some(spanned)) = (valid_through, raw.valid_through.as_ref()) {
                if until < today {
                    self.error(
                        spanned.pos,
                        "expired-opening",
                        format!("the opening is still `status: open` but its valid_through day, {until}, is past (today is {today})"),
                        "set `status: closed` if the position is filled, or move valid_through to a later day if it is still open",
                    );
                }
            }
            if let Some(posted) = date_posted {
                if posted > today {
                    self.error(
                        raw.date_posted.pos,
                        "future-opening",
                        format!("date_posted {posted} is after today ({today}): the page would say it was posted on a day that has not come"),
                        "set date_posted to the day the opening is published, or pass --today if this build is for a later day",
                    );
                }
            }
        }
        let locations = self.locations(&raw);
        let remote_countries = self.remote(&raw);
        if raw.locations.is_empty() && raw.remote.is_none() {
            self.error(
                Pos::new(1, 1),
                "no-location",
                "the opening says neither where the work is nor that it is remote".into(),
                "add `locations:` with at least a `country:` (e.g. `- {city: Berlin, country: DE}`), or `remote: {countries: [DE, FR]}` for a remote job",
            );
        }
        let salary = match &raw.salary {
            Some(s) => {
                let s = &s.value;
                self.pay_range("salary", &s.min, &s.max, &s.currency, s.unit, PaySource::Opening)
            }
            // Without its own salary, the opening pays its role's band for where the work
            // is: its first location, or for a remote-only job, the first country
            // applicants may live in.
            None => {
                let country = locations.first().map(|l| l.country).or(remote_countries.first().copied());
                role.zip(country).and_then(|(r, country)| band_for(bands.get(r)?, country))
            }
        };
        self.apply_url(&raw.apply_url);
        let title = match (&raw.title, role) {
            (Some(title), _) if !title.value.trim().is_empty() => title.value.trim().to_string(),
            (_, Some(r)) => catalog.roles[r].raw.title.clone(),
            _ => id.clone(),
        };
        if self.diagnostics.error_count() > errors_before {
            return None;
        }
        Some(Opening {
            url: crate::urls::opening(&id),
            id,
            file: index,
            role,
            title,
            date_posted: date_posted?,
            valid_through: raw.valid_through.as_ref().and_then(|d| d.value.trim().parse().ok()),
            employment_types: raw.employment_type.0.clone(),
            locations,
            remote_countries,
            salary,
            raw,
        })
    }

    fn role(&mut self, raw: &RawOpening, catalog: &Catalog) -> Option<usize> {
        let id = raw.role.as_str();
        if id.is_empty() {
            return None;
        }
        if let Some(&r) = catalog.role_ids.get(id) {
            if catalog.roles[r].is_stub() {
                self.error(
                    raw.role.pos(),
                    "stub-role",
                    format!("role `{id}` is only a stub: an opening shows the role's blueprint, and it has none yet"),
                    format!("write the blueprint in content/roles/{id}.yaml (remove `stub: true`), or hire for a written role"),
                );
            }
            return Some(r);
        }
        if catalog.unread.roles.contains(id) {
            // Its file failed to load; that file's own error says why.
            return None;
        }
        let written = catalog.roles.iter().filter(|r| !r.is_stub()).map(|r| r.id());
        let hint = match did_you_mean(id, written) {
            Some(close) => format!("did you mean `{close}`? An opening hires for a role of content/roles/"),
            None => {
                "an opening hires for a role of content/roles/; write its blueprint first, or name an existing role"
                    .into()
            }
        };
        self.error(raw.role.pos(), "unknown-reference", format!("there is no role `{id}`"), hint);
        None
    }

    fn date(&mut self, text: &Spanned<String>, key: &str) -> Option<Date> {
        if text.value.is_empty() {
            return None;
        }
        match text.value.trim().parse::<Date>() {
            Ok(date) => Some(date),
            Err(e) => {
                self.error(text.pos, "bad-date", format!("{key}: {e}"), "write dates as YYYY-MM-DD, e.g. 2026-03-01");
                None
            }
        }
    }

    fn country(&mut self, code: &Spanned<String>) -> Option<Country> {
        let text = code.value.trim();
        if let Some(country) = Country::from_code(text) {
            return Some(country);
        }
        if code.value.is_empty() {
            return None;
        }
        let hint = country_hint(text);
        self.error(code.pos, "bad-country", format!("`{text}` is not an ISO 3166-1 country code"), hint);
        None
    }

    fn locations(&mut self, raw: &RawOpening) -> Vec<Location> {
        let mut out = Vec::new();
        for location in &raw.locations {
            let l = &location.value;
            let Some(country) = self.country(&l.country) else { continue };
            let text = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            out.push(Location {
                street: text(&l.street),
                city: text(&l.city),
                region: text(&l.region),
                postal_code: text(&l.postal_code),
                country,
            });
        }
        out
    }

    fn remote(&mut self, raw: &RawOpening) -> Vec<Country> {
        let Some(remote) = &raw.remote else { return Vec::new() };
        if remote.value.countries.is_empty() {
            self.error(
                remote.pos,
                "no-remote-countries",
                "a remote opening must say where applicants may live".into(),
                "list them, e.g. `remote: {countries: [DE, NL]}`; search engines do not list a remote job without them",
            );
        }
        let mut out = Vec::new();
        for code in &remote.value.countries {
            if let Some(country) = self.country(code) {
                if !out.contains(&country) {
                    out.push(country);
                }
            }
        }
        out
    }

    /// One band of a role's `pay_bands:` (`index` in the list).
    fn pay_band(&mut self, band: &Spanned<RawPayBand>, index: usize) -> Option<PayBand> {
        let b = &band.value;
        if b.countries.is_empty() {
            self.error(
                band.pos,
                "bad-country",
                "a pay band must name the countries it applies in".into(),
                "list them as ISO 3166-1 codes, e.g. `countries: [DE, AT]`",
            );
        }
        let errors_before = self.diagnostics.error_count();
        let mut countries = Vec::new();
        for code in &b.countries {
            if let Some(country) = self.country(code) {
                if !countries.contains(&country) {
                    countries.push(country);
                }
            }
        }
        let salary = self.pay_range("pay band", &b.min, &b.max, &b.currency, b.unit, PaySource::Band(index));
        let zone = b.zone.as_ref().map(|z| z.trim().to_string()).filter(|z| !z.is_empty());
        let clean = self.diagnostics.error_count() == errors_before && !countries.is_empty();
        salary.filter(|_| clean).map(|salary| PayBand { zone, countries, salary })
    }

    /// A pay range (an opening's salary, or a role's pay band: `what`), checked.
    fn pay_range(
        &mut self,
        what: &str,
        min: &Spanned<f64>,
        max: &Spanned<f64>,
        currency_code: &Spanned<String>,
        unit: PayUnit,
        source: PaySource,
    ) -> Option<Salary> {
        let mut ok = true;
        for amount in [min, max] {
            if !amount.value.is_finite() || amount.value < 0.0 {
                ok = false;
                self.error(
                    amount.pos,
                    "bad-salary",
                    format!("`{}` is not a pay amount", amount.value),
                    "write the amount as a number of currency units, e.g. `85000`",
                );
            }
        }
        if ok && min.value > max.value {
            ok = false;
            self.error(
                min.pos,
                "bad-salary",
                format!("{what} min {} is above max {}", min.value, max.value),
                "swap them: `min` is the lowest pay offered, `max` the highest",
            );
        }
        let code = currency_code.value.trim();
        let currency = currency(code);
        if currency.is_none() && !currency_code.value.is_empty() {
            ok = false;
            let hint = match currency_hint(code) {
                Some(hint) => hint,
                None => "write an ISO 4217 currency code in capitals, e.g. EUR, GBP, USD".into(),
            };
            self.error(currency_code.pos, "bad-currency", format!("`{code}` is not an ISO 4217 currency code"), hint);
        }
        Some(Salary { min: min.value, max: max.value, currency: currency?, unit, source }).filter(|_| ok)
    }

    fn apply_url(&mut self, url: &Spanned<String>) {
        let u = url.value.trim();
        if url.value.is_empty() {
            return;
        }
        let scheme_ok = u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:");
        let rest = u.split_once(':').map_or("", |(_, r)| r.trim_start_matches('/'));
        if !scheme_ok
            || rest.is_empty()
            || u.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
        {
            self.error(
                url.pos,
                "bad-apply-url",
                format!("`{u}` is not an address people can apply at"),
                "give the full address of the application form (https://...) or a `mailto:` address",
            );
        }
    }
}

/// What to write instead of a country code that is not one.
fn country_hint(text: &str) -> String {
    let upper = text.to_ascii_uppercase();
    let alias = match upper.as_str() {
        "UK" | "EN" | "GBR" => Some("GB"),
        "EL" => Some("GR"),
        _ => None,
    };
    if let Some(code) = alias {
        return format!("the ISO code for {} is `{code}`", Country::from_code(code).map_or("it", Country::name));
    }
    if text != upper && Country::from_code(&upper).is_some() {
        return format!("write the code in capitals: `{upper}`");
    }
    if let Some(&(code, name)) = COUNTRIES.iter().find(|(_, name)| name.eq_ignore_ascii_case(text)) {
        return format!("write the two-letter code `{code}` for {name}");
    }
    match did_you_mean(text, COUNTRIES.iter().map(|(_, name)| *name)) {
        Some(name) => {
            let code = COUNTRIES.iter().find(|(_, n)| *n == name).map_or("", |(c, _)| *c);
            format!("did you mean `{code}` ({name})? Countries are two-letter ISO 3166-1 codes")
        }
        None => "write the two-letter ISO 3166-1 code, e.g. DE, GB, US".into(),
    }
}

fn currency_hint(code: &str) -> Option<String> {
    let upper = code.to_ascii_uppercase();
    if code != upper && currency(&upper).is_some() {
        return Some(format!("write the code in capitals: `{upper}`"));
    }
    let symbol = match code {
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "$" => Some("USD, CAD, AUD or another dollar"),
        "¥" => Some("JPY or CNY"),
        _ => None,
    };
    if let Some(codes) = symbol {
        return Some(format!("write the ISO code, not the symbol: {codes}"));
    }
    if let Some(&(c, _)) = CURRENCIES.iter().find(|(_, name)| name.eq_ignore_ascii_case(code)) {
        return Some(format!("write the three-letter code `{c}`"));
    }
    if NOT_PAY.contains(&upper.as_str()) {
        return Some(format!("`{upper}` is a fund, metal or test code, not a currency pay is given in"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_hints_name_the_code_people_meant() {
        assert_eq!(country_hint("UK"), "the ISO code for United Kingdom is `GB`");
        assert_eq!(country_hint("de"), "write the code in capitals: `DE`");
        assert_eq!(country_hint("Germany"), "write the two-letter code `DE` for Germany");
        assert!(country_hint("Germny").contains("`DE` (Germany)"), "{}", country_hint("Germny"));
        assert!(Country::from_code("XX").is_none());
        assert_eq!(Country::from_code("NL").map(Country::name), Some("Netherlands"));
    }

    fn file(rel: &str, text: &str) -> SourceFile {
        SourceFile { rel: format!("content/{rel}"), content_rel: rel.to_string(), text: text.to_string() }
    }

    /// A written role with `bands` (YAML under `pay_bands:`), and the catalogue of it.
    fn catalog_with_bands(bands: &str, diagnostics: &mut Diagnostics) -> Catalog {
        let role = format!(
            "id: analyst\ntitle: Analyst\nfamily: Data\nsummary:\n  description: Reads data.\npay_bands:\n{bands}"
        );
        super::super::roles::build(vec![file("roles/analyst.yaml", &role)], diagnostics)
    }

    /// The openings of `files` (id, YAML) for the role of [`catalog_with_bands`].
    fn openings_with(bands: &str, files: &[(&str, &str)]) -> (Openings, Diagnostics) {
        let mut d = Diagnostics::new();
        let catalog = catalog_with_bands(bands, &mut d);
        let files = files.iter().map(|(id, text)| file(&format!("openings/{id}.yaml"), text)).collect();
        let openings = build(files, &catalog, Date::new(2026, 3, 1).unwrap(), &mut d);
        (openings, d)
    }

    const BANDS: &str = "  - {zone: DACH, countries: [DE, AT], min: 60000, max: 80000, currency: EUR, unit: year}
  - {countries: [GB, DE], min: 50000, max: 65000, currency: GBP, unit: year}
";

    fn opening(place: &str, salary: &str) -> String {
        format!("role: analyst\nstatus: open\ndate_posted: 2026-02-01\n{place}\n{salary}apply_url: https://jobs.example.org/1\ndescription: Hi.\n")
    }

    #[test]
    fn an_opening_without_salary_pays_the_first_band_covering_its_first_location() {
        let berlin = opening("locations: [{city: Berlin, country: DE}, {country: GB}]", "");
        let london = opening("locations: [{country: GB}]", "");
        let remote = opening("remote: {countries: [AT, GB]}", "");
        let nowhere = opening("locations: [{country: FR}]", "");
        let own = opening("locations: [{country: DE}]", "salary: {min: 1, max: 2, currency: USD, unit: hour}\n");
        let files =
            [("berlin", &*berlin), ("london", &*london), ("remote", &*remote), ("nowhere", &*nowhere), ("own", &*own)];
        let (openings, d) = openings_with(BANDS, &files);
        assert!(!d.has_errors(), "{}", d.render());
        let pay = |id: &str| openings.list[openings.ids[id]].salary.clone();
        let berlin = pay("berlin").unwrap();
        assert_eq!(
            (berlin.currency, berlin.min, berlin.source),
            ("EUR", 60000.0, PaySource::Band(0)),
            "DE is in both bands: the first wins"
        );
        assert_eq!(pay("london").map(|s| (s.currency, s.source)), Some(("GBP", PaySource::Band(1))));
        assert_eq!(
            pay("remote").map(|s| s.source),
            Some(PaySource::Band(0)),
            "a remote-only opening pays its first applicant country's band"
        );
        assert_eq!(pay("nowhere"), None, "no band covers France");
        let own = pay("own").unwrap();
        assert_eq!((own.currency, own.source.as_str()), ("USD", "opening"));
        assert_eq!(openings.bands[0].len(), 2);
        assert_eq!(openings.bands[0][0].zone.as_deref(), Some("DACH"));
    }

    #[test]
    fn pay_bands_are_checked_like_salaries_at_their_line_with_hints() {
        let bands = "  - {countries: [UK], min: 10, max: 20, currency: GBP, unit: year}
  - {countries: [DE], min: 90, max: 20, currency: EUR, unit: year}
  - {countries: [FR], min: 10, max: 20, currency: euro, unit: year}
  - {countries: [], min: 10, max: 20, currency: EUR, unit: year}
  - {countries: [NL], min: 10, max: 20, currency: EUR, unit: year}
";
        let mut d = Diagnostics::new();
        let catalog = catalog_with_bands(bands, &mut d);
        let checked = pay_bands(&catalog, &mut d);
        let found: Vec<(u32, &str, Option<String>)> =
            d.sorted().into_iter().map(|d| (d.pos.map_or(0, |p| p.line), d.code, d.hint)).collect();
        let codes: Vec<(u32, &str)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(codes, [(7, "bad-country"), (8, "bad-salary"), (9, "bad-currency"), (10, "bad-country")]);
        assert_eq!(found[0].2.as_deref(), Some("the ISO code for United Kingdom is `GB`"));
        assert_eq!(found[2].2.as_deref(), Some("write the three-letter code `EUR`"));
        assert!(d.sorted()[1].message.contains("pay band min 90 is above max 20"), "{}", d.render());
        // Only the valid band is kept, and it keeps its place in the list.
        assert_eq!(checked[0].len(), 1);
        assert_eq!(checked[0][0].countries, [Country::from_code("NL").unwrap()]);
        assert_eq!(checked[0][0].salary.source, PaySource::Band(4));
    }

    #[test]
    fn pay_labels_group_thousands_and_name_the_unit() {
        assert_eq!(pay_label(60000.0, 80000.0, "EUR", PayUnit::Year), "EUR 60,000\u{2013}80,000 a year");
        assert_eq!(pay_label(42.5, 42.5, "GBP", PayUnit::Hour), "GBP 42.50 an hour");
        assert_eq!(pay_label(1234567.0, 2000000.0, "JPY", PayUnit::Month), "JPY 1,234,567\u{2013}2,000,000 a month");
    }

    #[test]
    fn currencies_are_iso_codes_of_money() {
        assert_eq!(currency("EUR"), Some("EUR"));
        assert_eq!(currency("XAU"), None, "gold is not pay");
        assert_eq!(currency("EURO"), None);
        assert_eq!(currency_hint("eur").as_deref(), Some("write the code in capitals: `EUR`"));
        assert_eq!(currency_hint("£").as_deref(), Some("write the ISO code, not the symbol: GBP"));
        assert_eq!(currency_hint("Euro").as_deref(), Some("write the three-letter code `EUR`"));
    }
}
