//! schema.org `JobPosting` data for the page of an open opening, from the typed model:
//! what search engines need to list a job (title, description, date, who hires, where),
//! and what they use when it is there (pay, last day, kind of employment, the occupation).

use serde::Serialize;

use crate::model::openings::Opening;
use crate::render::input::EntityData;

#[derive(Serialize)]
struct JobPosting<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    title: &'a str,
    /// HTML: the opening's description, then the role's summary.
    description: String,
    #[serde(rename = "datePosted")]
    date_posted: String,
    #[serde(rename = "validThrough", skip_serializing_if = "Option::is_none")]
    valid_through: Option<String>,
    #[serde(rename = "employmentType", skip_serializing_if = "Vec::is_empty")]
    employment_type: Vec<&'static str>,
    #[serde(rename = "hiringOrganization")]
    hiring_organization: Organization<'a>,
    #[serde(rename = "jobLocation", skip_serializing_if = "Vec::is_empty")]
    job_location: Vec<Place<'a>>,
    #[serde(rename = "jobLocationType", skip_serializing_if = "Option::is_none")]
    job_location_type: Option<&'static str>,
    #[serde(rename = "applicantLocationRequirements", skip_serializing_if = "Vec::is_empty")]
    applicant_location_requirements: Vec<Typed<&'static str>>,
    #[serde(rename = "baseSalary", skip_serializing_if = "Option::is_none")]
    base_salary: Option<MonetaryAmount>,
    identifier: PropertyValue<'a>,
    #[serde(rename = "directApply", skip_serializing_if = "Option::is_none")]
    direct_apply: Option<bool>,
    url: String,
    #[serde(rename = "relevantOccupation", skip_serializing_if = "Option::is_none")]
    relevant_occupation: Option<OccupationRef<'a>>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<String>,
}

#[derive(Serialize)]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    address: PostalAddress<'a>,
}

#[derive(Serialize)]
struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    street_address: Option<&'a str>,
    #[serde(rename = "addressLocality", skip_serializing_if = "Option::is_none")]
    address_locality: Option<&'a str>,
    #[serde(rename = "addressRegion", skip_serializing_if = "Option::is_none")]
    address_region: Option<&'a str>,
    #[serde(rename = "postalCode", skip_serializing_if = "Option::is_none")]
    postal_code: Option<&'a str>,
    /// ISO 3166-1 alpha-2.
    #[serde(rename = "addressCountry")]
    address_country: &'static str,
}

/// `{"@type": "Country", "name": "DE"}`.
#[derive(Serialize)]
struct Typed<T> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: T,
}

#[derive(Serialize)]
struct MonetaryAmount {
    #[serde(rename = "@type")]
    kind: &'static str,
    currency: &'static str,
    value: QuantitativeValue,
}

#[derive(Serialize)]
struct QuantitativeValue {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "minValue", serialize_with = "amount")]
    min_value: f64,
    #[serde(rename = "maxValue", serialize_with = "amount")]
    max_value: f64,
    #[serde(rename = "unitText")]
    unit_text: &'static str,
}

#[derive(Serialize)]
struct PropertyValue<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    value: &'a str,
}

/// The role page's `Occupation`, by its `@id`.
#[derive(Serialize)]
struct OccupationRef<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
}

/// A pay amount: a whole number as an integer (`92000`, not `92000.0`).
fn amount<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// The posting's description as search engines read it, away from the site: links and
/// images made absolute, and for a job that can be done from home the sentence they ask
/// for, saying it is fully remote and where applicants may live.
fn posting_description(data: &EntityData, opening: &Opening, html: &str) -> String {
    let root = (data.permalink)("/");
    let origin = root.find("://").and_then(|s| root[s + 3..].find('/').map(|e| &root[..s + 3 + e])).unwrap_or("");
    let mut out = String::with_capacity(html.len() + 200);
    let mut rest = html;
    while let Some(at) = rest.find("=\"/") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        let attribute = before.trim_end_matches("=\"");
        let is_link = attribute.ends_with(" href") || attribute.ends_with(" src");
        if is_link && !after.starts_with("//") {
            out.push_str(origin);
        }
        rest = after;
    }
    out.push_str(rest);
    if opening.is_remote() {
        let countries: Vec<&str> = opening.remote_countries.iter().map(|c| c.name()).collect();
        let how = if opening.locations.is_empty() {
            "This position is fully remote"
        } else {
            "This position can also be done fully remotely"
        };
        out.push_str(&format!(
            "<p>{how}: applicants may live in {}.</p>\n",
            crate::escape::html(&countries.join(", "))
        ));
    }
    out
}

/// A logo URL as search engines need it: absolute (a site path gets the base URL).
fn absolute(data: &EntityData, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        (data.permalink)(url)
    } else {
        url.to_string()
    }
}

/// The `JobPosting` of opening `i`, safe to put inside `<script>`; `None` for a closed
/// opening, or a site that does not say who is hiring (an error reported already).
/// `description` is the posting's HTML: the opening's description, then the role's summary.
pub fn job_posting(data: &EntityData, i: usize, description: String) -> Option<String> {
    let opening: &Opening = &data.openings.openings.list[i];
    let org = data.openings.organization?;
    if !opening.is_open() {
        return None;
    }
    let job_location: Vec<Place> = opening
        .locations
        .iter()
        .map(|l| Place {
            kind: "Place",
            address: PostalAddress {
                kind: "PostalAddress",
                street_address: l.street.as_deref(),
                address_locality: l.city.as_deref(),
                address_region: l.region.as_deref(),
                postal_code: l.postal_code.as_deref(),
                address_country: l.country.code(),
            },
        })
        .collect();
    let ld = JobPosting {
        context: "https://schema.org",
        kind: "JobPosting",
        title: &opening.title,
        description: posting_description(data, opening, &description),
        date_posted: opening.date_posted.to_string(),
        valid_through: opening.valid_through.map(|d| d.to_string()),
        employment_type: opening.employment_types.iter().map(|t| t.schema_org()).collect(),
        hiring_organization: Organization {
            kind: "Organization",
            name: &org.name,
            same_as: org.url.as_ref().map(|u| u.value.as_str()),
            logo: org.logo.as_ref().map(|l| absolute(data, &l.value)),
        },
        job_location,
        job_location_type: opening.is_remote().then_some("TELECOMMUTE"),
        applicant_location_requirements: opening
            .remote_countries
            .iter()
            .map(|c| Typed { kind: "Country", name: c.code() })
            .collect(),
        base_salary: opening.salary.as_ref().map(|s| MonetaryAmount {
            kind: "MonetaryAmount",
            currency: s.currency,
            value: QuantitativeValue {
                kind: "QuantitativeValue",
                min_value: s.min,
                max_value: s.max,
                unit_text: s.unit.schema_org(),
            },
        }),
        identifier: PropertyValue { kind: "PropertyValue", name: &org.name, value: &opening.id },
        direct_apply: opening.raw.direct_apply,
        url: (data.permalink)(&opening.url),
        relevant_occupation: opening.role.map(|r| OccupationRef {
            kind: "Occupation",
            id: super::jsonld::occupation_id(data, r),
            name: &data.catalog.roles[r].raw.title,
        }),
    };
    // `<` never appears raw, so a description cannot close the <script> element.
    Some(serde_json::to_string(&ld).expect("JSON serialises").replace('<', "\\u003c"))
}
