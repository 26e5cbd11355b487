//! `/api/openings.json`, and roles' pay bands: what an opening pays, and where the bands are
//! shown (`publish_pay_bands`).

use serde_json::{json, Value};

use crate::harness::SiteTest;

/// A site hiring for one written role with two pay bands: an opening with its own salary,
/// a remote one paid by a band, a closed one, and one in a country no band covers.
fn hiring_site(publish_pay_bands: bool) -> SiteTest {
    let site = SiteTest::empty();
    site.write(
        "rolebook.yaml",
        format!(
            "title: Careers\nbase_url: https://example.org/careers/\norganization: {{name: Example Labs}}\npublish_pay_bands: {publish_pay_bands}\nblueprint:\n  sections:\n    - section: summary\n"
        ),
    );
    site.write(
        "content/roles/data-engineer.yaml",
        "id: data-engineer\ntitle: Data Engineer\nfamily: Data\nsummary:\n  description: Builds pipelines.\npay_bands:\n  - zone: DACH\n    countries: [DE, AT]\n    min: 68000\n    max: 84000\n    currency: EUR\n    unit: year\n  - {countries: [GB], min: 60000, max: 75000, currency: GBP, unit: year}\n",
    );
    let opening = |rest: &str| {
        format!("role: data-engineer\ndate_posted: 2026-01-05\napply_url: https://jobs.example.org/x\n{rest}")
    };
    site.write(
        "content/openings/berlin.yaml",
        opening("status: open\ntitle: Data Engineer, Payments\nvalid_through: 2099-12-31\nemployment_type: [full_time, contract]\nlocations:\n  - {street: Example Strasse 1, city: Berlin, postal_code: '10115', country: DE}\nsalary: {min: 72000, max: 88000.5, currency: EUR, unit: year}\ndescription: You will own *payments* data.\n"),
    );
    site.write(
        "content/openings/remote.yaml",
        opening("status: open\nremote: {countries: [GB, IE]}\ndescription: Remote.\n"),
    );
    site.write(
        "content/openings/vienna.yaml",
        opening("status: closed\nvalid_through: 2026-01-31\nlocations: [{city: Vienna, country: AT}]\ndescription: Filled.\n"),
    );
    site.write(
        "content/openings/paris.yaml",
        opening("status: open\nlocations: [{city: Paris, country: FR}]\ndescription: No band for France.\n"),
    );
    site
}

fn openings_by_id(site: &SiteTest) -> (Value, std::collections::BTreeMap<String, Value>) {
    let doc = crate::ladder_views::assert_valid(site, "api/openings.json", "openings");
    let list = doc["openings"].as_array().expect("an openings list").clone();
    (doc, list.into_iter().map(|o| (o["id"].as_str().unwrap().to_string(), o)).collect())
}

#[test]
fn api_openings_lists_open_and_closed_openings_with_their_pay_and_its_source() {
    let site = hiring_site(false);
    site.run(&["build", "--today", "2026-03-01"]).success();
    let (doc, by_id) = openings_by_id(&site);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["$schema"], "https://example.org/careers/api/schema-v1.json");
    let ids: Vec<&str> = doc["openings"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["berlin", "paris", "remote", "vienna"], "every published opening, closed ones too, in id order");
    assert_eq!(
        by_id["berlin"],
        json!({
            "apply_url": "https://jobs.example.org/x",
            "date_posted": "2026-01-05",
            "description": "You will own *payments* data.",
            "employment_type": ["full_time", "contract"],
            "id": "berlin",
            "locations": [{"city": "Berlin", "country": {"code": "DE", "name": "Germany"}, "postal_code": "10115", "street": "Example Strasse 1"}],
            "remote_countries": [],
            "role": {"id": "data-engineer", "url": "https://example.org/careers/roles/data-engineer/"},
            "salary": {"currency": "EUR", "max": 88000.5, "min": 72000, "source": "opening", "unit": "year"},
            "status": "open",
            "title": "Data Engineer, Payments",
            "url": "https://example.org/careers/openings/berlin/",
            "valid_through": "2099-12-31"
        })
    );
    let remote = &by_id["remote"];
    assert_eq!(remote["title"], "Data Engineer", "the role's title when the opening has none");
    assert_eq!(
        remote["remote_countries"],
        json!([{"code": "GB", "name": "United Kingdom"}, {"code": "IE", "name": "Ireland"}])
    );
    assert_eq!(
        remote["salary"],
        json!({"currency": "GBP", "max": 75000, "min": 60000, "source": "band", "unit": "year"}),
        "a remote-only opening pays the band of its first applicant country"
    );
    assert!(remote.get("valid_through").is_none());
    assert_eq!(by_id["vienna"]["status"], "closed");
    assert_eq!(by_id["vienna"]["salary"]["source"], "band");
    assert!(by_id["paris"].get("salary").is_none(), "no band covers France: no pay, not a made-up one");
}

#[test]
fn pay_bands_show_on_the_role_page_and_in_api_roles_only_with_publish_pay_bands() {
    let hidden = hiring_site(false);
    hidden.run(&["build", "--today", "2026-03-01"]).success();
    hidden.assert_file("roles/data-engineer/index.html").contains("Builds pipelines.").not_contains("Pay bands");
    hidden.assert_file("api/roles.json").contains("\"id\":\"data-engineer\"").not_contains("pay_bands");
    let (_, by_id) = openings_by_id(&hidden);
    assert_eq!(by_id["berlin"]["salary"]["source"], "opening");
    assert_eq!(by_id["remote"]["salary"]["source"], "band", "openings show the pay they resolved either way");

    let shown = hiring_site(true);
    shown.run(&["build", "--today", "2026-03-01"]).success();
    shown.assert_file("roles/data-engineer/index.html").contains_in_order(&[
        "<h2 id=\"pay-bands\">Pay bands</h2>",
        "<th scope=\"row\">DACH: Germany, Austria</th><td>EUR 68,000\u{2013}84,000 a year</td>",
        "<th scope=\"row\">United Kingdom</th><td>GBP 60,000\u{2013}75,000 a year</td>",
    ]);
    let roles = crate::ladder_views::assert_valid(&shown, "api/roles.json", "roles");
    let role = roles["roles"].as_array().unwrap().iter().find(|r| r["id"] == "data-engineer").unwrap();
    assert_eq!(
        role["pay_bands"],
        json!([
            {"countries": [{"code": "DE", "name": "Germany"}, {"code": "AT", "name": "Austria"}], "currency": "EUR", "max": 84000, "min": 68000, "unit": "year", "zone": "DACH"},
            {"countries": [{"code": "GB", "name": "United Kingdom"}], "currency": "GBP", "max": 75000, "min": 60000, "unit": "year"}
        ])
    );
}

#[test]
fn bad_pay_bands_fail_the_check_at_their_line_with_hints() {
    let site = hiring_site(false);
    site.write(
        "content/roles/data-engineer.yaml",
        "id: data-engineer\ntitle: Data Engineer\nfamily: Data\nsummary:\n  description: Builds pipelines.\npay_bands:\n  - {countries: [UK], min: 1, max: 2, currency: GBP, unit: year}\n  - {countries: [DE], min: 9, max: 2, currency: EUR, unit: year}\n",
    );
    let run = site.run(&["check", "--today", "2026-03-01"]);
    assert_ne!(run.code(), 0);
    run.assert_diag("bad-country").error().at("content/roles/data-engineer.yaml", 7).col(18).hint_contains("`GB`");
    run.assert_diag("bad-salary").error().at("content/roles/data-engineer.yaml", 8).col(28).hint_contains("swap them");
}

/// The body of `GET path` from the preview server at `addr`.
fn get(addr: &str, path: &str) -> String {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default()
}

#[test]
fn serve_reprices_the_openings_when_a_role_edits_its_pay_bands() {
    let site = hiring_site(false);
    let server = site.serve(&["--today", "2026-03-01"]);
    let remote = |body: &str| {
        let doc: Value = serde_json::from_str(body).expect("JSON");
        doc["openings"].as_array().unwrap().iter().find(|o| o["id"] == "remote").unwrap()["salary"].clone()
    };
    assert_eq!(remote(&get(&server.addr, "/api/openings.json"))["max"], 75000);
    let role = site.source("content/roles/data-engineer.yaml");
    site.write("content/roles/data-engineer.yaml", role.replace("max: 75000", "max: 77000"));
    // The bands price openings: an edit to them is not prose, and rebuilds the whole site.
    assert_eq!(server.next_update(), crate::harness::Update::FullRebuild);
    assert_eq!(remote(&get(&server.addr, "/api/openings.json"))["max"], 77000);
}

#[test]
fn serve_rewrites_the_opening_pages_when_their_roles_prose_changes() {
    let site = hiring_site(false);
    let server = site.serve(&["--today", "2026-03-01"]);
    assert!(get(&server.addr, "/openings/berlin/").contains("Builds pipelines."));
    let role = site.source("content/roles/data-engineer.yaml");
    site.write("content/roles/data-engineer.yaml", role.replace("Builds pipelines.", "Builds trusted pipelines."));
    // A prose edit of a role nobody hires for takes the fast path; this role's summary is
    // quoted on its openings' pages and in their postings, so the site is rebuilt.
    assert_eq!(server.next_update(), crate::harness::Update::FullRebuild);
    let page = get(&server.addr, "/openings/berlin/");
    assert!(page.contains("Builds trusted pipelines."), "{page}");
}
