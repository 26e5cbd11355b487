//! `/api/openings.json`, every published opening (open and closed, with its `status`),
//! and a role's `pay_bands` as pages and `/api/roles.json` show them: only when the site
//! sets `publish_pay_bands: true`.

use serde::Serialize;
use tera::Value;

use super::input::EntityData;
use super::pretty_json::pretty;
use super::view::{write_str, ApiCx, Resolve, ViewCx};
use crate::content::opening::{PayBands, Status};
use crate::model::openings::{pay_label, Country, Opening, Salary};
use crate::urls;

/// A country as `/api` writes it.
#[derive(Serialize)]
struct ApiCountry {
    code: &'static str,
    name: &'static str,
}

impl From<Country> for ApiCountry {
    fn from(c: Country) -> ApiCountry {
        ApiCountry { code: c.code(), name: c.name() }
    }
}

/// A place of work (fields in key order; absent ones left out).
#[derive(Serialize)]
struct ApiLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<&'a str>,
    country: ApiCountry,
    #[serde(skip_serializing_if = "Option::is_none")]
    postal_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    street: Option<&'a str>,
}

/// A pay amount: whole amounts as integers (`85000`, not `85000.0`).
#[derive(Clone, Copy)]
struct Amount(f64);

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Checked amounts are finite and not negative; below 2^53 a whole f64 is exact.
        if self.0.fract() == 0.0 && self.0 >= 0.0 && self.0 < 9_007_199_254_740_992.0 {
            serializer.serialize_u64(self.0 as u64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

/// The pay of an opening and where it is written: `opening` or `band`.
#[derive(Serialize)]
struct ApiSalary {
    currency: &'static str,
    max: Amount,
    min: Amount,
    source: &'static str,
    unit: &'static str,
}

impl From<&Salary> for ApiSalary {
    fn from(s: &Salary) -> ApiSalary {
        ApiSalary {
            currency: s.currency,
            max: Amount(s.max),
            min: Amount(s.min),
            source: s.source.as_str(),
            unit: s.unit.as_str(),
        }
    }
}

/// The role an opening hires for.
#[derive(Serialize)]
struct ApiRoleRef<'a> {
    id: &'a str,
    url: String,
}

/// One opening in `/api/openings.json` (fields in key order).
#[derive(Serialize)]
struct ApiOpening<'a> {
    apply_url: &'a str,
    date_posted: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    direct_apply: Option<bool>,
    /// Markdown source, as the other documents keep it.
    description: &'a str,
    employment_type: Vec<&'static str>,
    id: &'a str,
    locations: Vec<ApiLocation<'a>>,
    remote_countries: Vec<ApiCountry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<ApiRoleRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salary: Option<ApiSalary>,
    status: &'static str,
    title: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_through: Option<String>,
}

fn api_opening<'a>(data: &'a EntityData, opening: &'a Opening) -> ApiOpening<'a> {
    let role = opening.role.map(|r| {
        let role = &data.catalog.roles[r];
        ApiRoleRef { id: role.id(), url: (data.permalink)(&role.url) }
    });
    ApiOpening {
        apply_url: opening.raw.apply_url.value.trim(),
        date_posted: opening.date_posted.to_string(),
        direct_apply: opening.raw.direct_apply,
        description: opening.raw.description.as_str(),
        employment_type: opening.employment_types.iter().map(|k| k.as_str()).collect(),
        id: &opening.id,
        locations: opening
            .locations
            .iter()
            .map(|l| ApiLocation {
                city: l.city.as_deref(),
                country: l.country.into(),
                postal_code: l.postal_code.as_deref(),
                region: l.region.as_deref(),
                street: l.street.as_deref(),
            })
            .collect(),
        remote_countries: opening.remote_countries.iter().map(|&c| c.into()).collect(),
        role,
        salary: opening.salary.as_ref().map(ApiSalary::from),
        status: match opening.raw.status.value {
            Status::Open => "open",
            Status::Closed => "closed",
        },
        title: &opening.title,
        url: (data.permalink)(&opening.url),
        valid_through: opening.valid_through.map(|d| d.to_string()),
    }
}

/// `/api/openings.json`: `{"$schema", "openings": [...], "version"}`, indented, the
/// openings in id order.
pub fn openings_document(data: &EntityData, version: u32) -> String {
    let mut list: Vec<&Opening> = data.openings.openings.list.iter().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = Vec::with_capacity(1024 + list.len() * 1024);
    out.extend_from_slice(b"{\"$schema\":");
    write_str(&mut out, &(data.permalink)(urls::API_SCHEMA_URL));
    out.extend_from_slice(b",\"openings\":");
    let openings: Vec<ApiOpening> = list.into_iter().map(|o| api_opening(data, o)).collect();
    serde_json::to_writer(&mut out, &openings).expect("writing to memory cannot fail");
    out.extend_from_slice(format!(",\"version\":{version}}}").as_bytes());
    let mut s = pretty(&out);
    s.push('\n');
    s
}

/// One pay band as a role page and `/api/roles.json` show it.
#[derive(Serialize)]
struct BandView<'a> {
    countries: Vec<ApiCountry>,
    currency: &'a str,
    /// `EUR 70,000–90,000 a year`, for pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    max: Amount,
    min: Amount,
    unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    zone: Option<&'a str>,
}

impl PayBands {
    /// The bands as published; `with_label` adds the text pages show.
    fn published(&self, with_label: bool) -> Vec<BandView<'_>> {
        self.0
            .iter()
            .map(|band| {
                let b = &band.value;
                let currency = b.currency.value.trim();
                // Bands are checked before anything is rendered: a code that is not a
                // country has failed the run already.
                let countries = b.countries.iter().filter_map(|c| Country::from_code(c.value.trim())).map(Into::into);
                let label = with_label.then(|| pay_label(b.min.value, b.max.value, currency, b.unit));
                BandView {
                    countries: countries.collect(),
                    currency,
                    label,
                    max: Amount(b.max.value),
                    min: Amount(b.min.value),
                    unit: b.unit.as_str(),
                    zone: b.zone.as_deref().map(str::trim).filter(|z| !z.is_empty()),
                }
            })
            .collect()
    }
}

/// Pay bands are published only when the site says so (`publish_pay_bands: true`): absent
/// from the role's template value and its `/api/roles.json` entry otherwise.
impl Resolve for PayBands {
    fn view(&self, cx: &mut ViewCx) -> Value {
        if !cx.resolver.catalog.publish_pay_bands || self.0.is_empty() {
            return Value::none();
        }
        Value::from_serializable(&self.published(true))
    }
    fn api(&self, cx: &ApiCx, out: &mut Vec<u8>) -> bool {
        if !cx.catalog.publish_pay_bands {
            return false;
        }
        serde_json::to_writer(out, &self.published(false)).expect("writing to memory cannot fail");
        true
    }
}
