//! Openings as pages (issue 21): a page per opening, `/openings/` and its static filter
//! lists, the Atom feed, the sitemap, schema.org `JobPosting` data search engines accept,
//! and the role page's open positions.

use serde_json::Value;

use crate::harness::SiteTest;

const TODAY: &str = "2026-12-01";
const BASE: &str = "https://jobs.example.com/careers";

/// Three written roles (junior → senior on one family, an analyst in another), a skill,
/// and four openings: `berlin` (an office with a full address, pay, a deadline), `remote`
/// (remote from GB and IE, no pay), `hybrid` (an office in the US and remote in the US and
/// CA) and `gone` (closed).
fn site() -> SiteTest {
    let site = SiteTest::empty();
    site.write(
        "rolebook.yaml",
        format!("title: Careers\nbase_url: {BASE}/\norganization:\n  name: Acme Labs\n  url: https://acme.example/\n  logo: /logo.svg\n"),
    );
    site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("content/skills/s.yaml", "- id: python\n  name: Python\n  category: Languages\n");
    site.write(
        "content/roles/junior.yaml",
        "id: junior\ntitle: Junior Engineer\nfamily: Platform Engineering\nsummary:\n  description: Builds services with guidance.\ncareer:\n  next: [{role: senior}]\n",
    );
    site.write(
        "content/roles/senior.yaml",
        "id: senior\ntitle: Senior Engineer\nfamily: Platform Engineering\nsummary:\n  description: Owns services end to end.\nresponsibilities:\n  operational: [Runs the on-call rota, Reviews designs]\nskills:\n  must_have:\n    - skill: python\n      importance: Critical\n",
    );
    site.write(
        "content/roles/analyst.yaml",
        "id: analyst\ntitle: Data Analyst\nfamily: Data\nsummary:\n  description: Turns questions into numbers.\n",
    );
    site.write(
        "content/openings/berlin.yaml",
        "role: senior\nstatus: open\ndate_posted: 2026-11-20\nvalid_through: 2027-01-31\nemployment_type: full_time\nlocations:\n  - {street: Hauptstr. 1, city: Berlin, region: Berlin, postal_code: '10115', country: DE}\nsalary: {min: 70000, max: 90000, currency: EUR, unit: year}\napply_url: https://acme.example/apply/berlin\ndirect_apply: true\ndescription: |\n  Grow our platform team. Coming from the [junior role](@/roles/junior.yaml)?\n\n  Never write `</script>` in a posting.\n",
    );
    site.write(
        "content/openings/remote.yaml",
        "role: analyst\ntitle: Data Analyst (remote)\nstatus: open\ndate_posted: 2026-11-28\nemployment_type: part_time\nremote:\n  countries: [GB, IE]\napply_url: mailto:jobs@acme.example\ndescription: Work from home on *our* numbers.\n",
    );
    site.write(
        "content/openings/hybrid.yaml",
        "role: senior\ntitle: Senior Engineer (US)\nstatus: open\ndate_posted: 2026-11-10\nemployment_type: [full_time, contract]\nlocations:\n  - {city: Austin, region: TX, country: US}\nremote:\n  countries: [US, CA]\nsalary: {min: 60, max: 80, currency: USD, unit: hour}\napply_url: https://acme.example/apply/hybrid\ndescription: Half in Austin.\n",
    );
    site.write(
        "content/openings/gone.yaml",
        "role: junior\nstatus: closed\ndate_posted: 2026-06-01\nvalid_through: 2026-08-01\nemployment_type: full_time\nlocations:\n  - {city: London, country: GB}\napply_url: https://acme.example/apply/gone\ndescription: Filled in the summer.\n",
    );
    site
}

fn build(site: &SiteTest) {
    site.run(&["build", "--today", TODAY]).success();
}

/// The JSON-LD documents in a page's `<script type="application/ld+json">` elements.
fn json_ld(html: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    html.split(open)
        .skip(1)
        .map(|rest| {
            let body = &rest[..rest.find("</script>").expect("the script ends")];
            assert!(!body.contains('<'), "a raw `<` inside the JSON-LD could close its script: {body}");
            serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{body}"))
        })
        .collect()
}

fn job_postings(html: &str) -> Vec<Value> {
    json_ld(html).into_iter().filter(|v| v["@type"] == "JobPosting").collect()
}

fn is_day(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    s.len() == 10 && s.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
}

fn is_country_code(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()))
}

/// What search engines require of a `JobPosting`, and the shape of what they recommend
/// when it is there. Returns every problem found.
fn validate_job_posting(ld: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_string());
        }
    };
    need(ld["@context"] == "https://schema.org", "@context is https://schema.org");
    need(ld["@type"] == "JobPosting", "@type is JobPosting");
    need(ld["title"].as_str().is_some_and(|t| !t.trim().is_empty()), "title is a non-empty string");
    need(ld["description"].as_str().is_some_and(|d| d.contains("<p>")), "description is HTML");
    need(is_day(&ld["datePosted"]), "datePosted is YYYY-MM-DD");
    let org = &ld["hiringOrganization"];
    need(org["@type"] == "Organization", "hiringOrganization is an Organization");
    need(org["name"].as_str().is_some_and(|n| !n.is_empty()), "hiringOrganization has a name");
    for key in ["sameAs", "logo"] {
        if !org[key].is_null() {
            need(
                org[key].as_str().is_some_and(|u| u.starts_with("https://")),
                &format!("organization {key} is absolute"),
            );
        }
    }
    let places = ld["jobLocation"].as_array();
    let remote = ld["jobLocationType"] == "TELECOMMUTE";
    need(places.is_some() || remote, "jobLocation or jobLocationType TELECOMMUTE");
    for place in places.into_iter().flatten() {
        need(place["@type"] == "Place", "each jobLocation is a Place");
        need(place["address"]["@type"] == "PostalAddress", "each Place has a PostalAddress");
        need(is_country_code(&place["address"]["addressCountry"]), "addressCountry is a 2-letter code");
    }
    if remote {
        let countries = ld["applicantLocationRequirements"].as_array();
        need(countries.is_some_and(|c| !c.is_empty()), "a remote job names applicant countries");
        for c in countries.into_iter().flatten() {
            need(c["@type"] == "Country" && is_country_code(&c["name"]), "an applicant country is a Country by code");
        }
    } else {
        need(ld["applicantLocationRequirements"].is_null(), "applicant countries only for remote jobs");
    }
    if !ld["validThrough"].is_null() {
        need(is_day(&ld["validThrough"]), "validThrough is YYYY-MM-DD");
    }
    if !ld["baseSalary"].is_null() {
        let pay = &ld["baseSalary"];
        need(pay["@type"] == "MonetaryAmount", "baseSalary is a MonetaryAmount");
        need(pay["currency"].as_str().is_some_and(|c| c.len() == 3), "baseSalary has an ISO currency");
        let value = &pay["value"];
        need(value["@type"] == "QuantitativeValue", "baseSalary's value is a QuantitativeValue");
        need(value["minValue"].is_number() && value["maxValue"].is_number(), "min and max are numbers");
        need(
            ["HOUR", "DAY", "WEEK", "MONTH", "YEAR"].contains(&value["unitText"].as_str().unwrap_or("")),
            "unitText is HOUR, DAY, WEEK, MONTH or YEAR",
        );
    }
    for kind in ld["employmentType"].as_array().into_iter().flatten() {
        let known = ["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN"];
        need(known.contains(&kind.as_str().unwrap_or("")), "employmentType values are schema.org's");
    }
    need(ld["identifier"]["@type"] == "PropertyValue", "identifier is a PropertyValue");
    need(ld["url"].as_str().is_some_and(|u| u.starts_with(BASE)), "url is the absolute permalink");
    need(ld["relevantOccupation"]["@type"] == "Occupation", "relevantOccupation is an Occupation");
    problems
}

#[test]
fn every_open_opening_carries_a_job_posting_that_meets_what_search_engines_require() {
    let site = site();
    build(&site);
    for id in ["berlin", "remote", "hybrid"] {
        let html = site.read(&format!("openings/{id}/index.html"));
        let postings = job_postings(&html);
        assert_eq!(postings.len(), 1, "{id} has one JobPosting");
        let problems = validate_job_posting(&postings[0]);
        assert!(problems.is_empty(), "{id}: {problems:?}\n{}", postings[0]);
        assert_eq!(postings[0]["url"], format!("{BASE}/openings/{id}/"));
        assert_eq!(postings[0]["identifier"]["value"], id);
    }
}

#[test]
fn the_job_posting_holds_the_data_it_was_written_with() {
    let site = site();
    build(&site);
    let berlin = &job_postings(&site.read("openings/berlin/index.html"))[0];
    assert_eq!(berlin["title"], "Senior Engineer", "no title of its own: the role's");
    assert_eq!(berlin["datePosted"], "2026-11-20");
    assert_eq!(berlin["validThrough"], "2027-01-31");
    assert_eq!(berlin["employmentType"], serde_json::json!(["FULL_TIME"]));
    let address = &berlin["jobLocation"][0]["address"];
    assert_eq!(address["streetAddress"], "Hauptstr. 1");
    assert_eq!(address["addressLocality"], "Berlin");
    assert_eq!(address["postalCode"], "10115");
    assert_eq!(address["addressCountry"], "DE");
    assert!(berlin["jobLocationType"].is_null(), "an office job is not TELECOMMUTE");
    let value = &berlin["baseSalary"]["value"];
    assert_eq!((value["minValue"].as_f64(), value["maxValue"].as_f64()), (Some(70000.0), Some(90000.0)));
    assert_eq!((berlin["baseSalary"]["currency"].as_str(), value["unitText"].as_str()), (Some("EUR"), Some("YEAR")));
    assert_eq!(berlin["hiringOrganization"]["logo"], format!("{BASE}/logo.svg"), "a site path made absolute");
    assert_eq!(berlin["hiringOrganization"]["sameAs"], "https://acme.example/");
    assert_eq!(berlin["identifier"]["name"], "Acme Labs");
    assert_eq!(berlin["directApply"], true);
    let description = berlin["description"].as_str().unwrap();
    let (own, summary) =
        (description.find("Grow our platform team").unwrap(), description.find("Owns services").unwrap());
    assert!(own < summary, "the opening's description, then the role's summary: {description}");
    assert!(
        description.contains("href=\"https://jobs.example.com/careers/roles/junior/\""),
        "links in the posting are absolute, read away from the site: {description}"
    );
    assert_eq!(value["minValue"], serde_json::json!(70000), "a whole amount is written as an integer");

    let remote = &job_postings(&site.read("openings/remote/index.html"))[0];
    assert_eq!(remote["jobLocationType"], "TELECOMMUTE");
    let countries: Vec<&str> = remote["applicantLocationRequirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(countries, ["GB", "IE"]);
    assert!(remote["jobLocation"].is_null() && remote["baseSalary"].is_null() && remote["validThrough"].is_null());
    assert!(remote["directApply"].is_null(), "said only when the opening says it");
    assert!(
        remote["description"]
            .as_str()
            .unwrap()
            .contains("This position is fully remote: applicants may live in United Kingdom, Ireland."),
        "search engines want a TELECOMMUTE job's description to say it is fully remote: {}",
        remote["description"]
    );

    let hybrid = &job_postings(&site.read("openings/hybrid/index.html"))[0];
    assert_eq!(hybrid["jobLocation"][0]["address"]["addressRegion"], "TX", "an office and remote: both");
    assert_eq!(hybrid["jobLocationType"], "TELECOMMUTE");
    assert_eq!(hybrid["employmentType"], serde_json::json!(["FULL_TIME", "CONTRACTOR"]));
    assert_eq!(hybrid["baseSalary"]["value"]["unitText"], "HOUR");
}

#[test]
fn relevant_occupation_names_the_role_pages_occupation_by_its_id() {
    let site = site();
    build(&site);
    let occupation = json_ld(&site.read("roles/senior/index.html"))
        .into_iter()
        .find(|v| v["@type"] == "Occupation")
        .expect("the role page has its Occupation");
    assert_eq!(occupation["@id"], format!("{BASE}/roles/senior/#occupation"));
    let posting = &job_postings(&site.read("openings/berlin/index.html"))[0];
    assert_eq!(posting["relevantOccupation"]["@id"], occupation["@id"]);
    assert_eq!(posting["relevantOccupation"]["name"], "Senior Engineer");
}

#[test]
fn a_closed_opening_keeps_a_noindex_page_without_job_posting_and_leaves_every_list() {
    let site = site();
    build(&site);
    let gone = site.read("openings/gone/index.html");
    assert!(gone.contains("<meta name=\"robots\" content=\"noindex\">"), "{gone}");
    assert!(gone.contains("This position is closed."));
    assert!(job_postings(&gone).is_empty(), "no JobPosting for a closed opening");
    assert!(!gone.contains("https://acme.example/apply/gone"), "no Apply link on a closed opening");
    let open = site.read("openings/berlin/index.html");
    assert!(!open.contains("noindex"), "an open opening is indexed");
    assert!(open.contains("<a class=\"button\" href=\"https://acme.example/apply/berlin\" rel=\"noopener\">"));
    for file in ["openings/index.html", "openings/feed.xml", "sitemap.xml", "roles/junior/index.html"] {
        let text = site.read(file);
        assert!(!text.contains("openings/gone/"), "{file} names the closed opening");
    }
    assert!(site.read("sitemap.xml").contains(&format!("{BASE}/openings/berlin/")), "the check can fail");
}

#[test]
fn the_opening_page_shows_its_facts_its_description_and_the_blueprints_essentials() {
    let site = site();
    build(&site);
    let page = site.read("openings/berlin/index.html");
    for fact in [
        "Berlin, Germany",
        "Full-time",
        "EUR 70,000–90,000 per year",
        "posted <time datetime=\"2026-11-20\">2026-11-20</time>",
        "apply by <time datetime=\"2027-01-31\">2027-01-31</time>",
    ] {
        assert!(page.contains(fact), "missing {fact:?}");
    }
    // The description's markdown link resolves the way role prose links do.
    assert!(page.contains("<a href=\"/careers/roles/junior/\">junior role</a>"), "{page}");
    assert!(page.contains("Owns services end to end."), "the role's summary");
    assert!(page.contains("Runs the on-call rota"), "a key responsibility");
    assert!(page.contains("<a href=\"/careers/skills/python/\">Python</a>"), "a must-have skill");
    assert!(page.contains("<a href=\"/careers/roles/senior/\">Read the full blueprint"));
    assert!(page.contains("href=\"/careers/roles/junior/next/senior/\""), "the comparison from the feeder role");
    let remote = site.read("openings/remote/index.html");
    assert!(remote.contains("Remote — applicants in: United Kingdom, Ireland"), "{remote}");
    assert!(remote.contains("Part-time") && !remote.contains("per year"));
}

#[test]
fn a_broken_link_in_a_description_fails_the_build_at_the_opening() {
    let site = site();
    site.write(
        "content/openings/remote.yaml",
        site.source("content/openings/remote.yaml").replace("on *our* numbers.", "on [numbers](@/roles/nobody.yaml)."),
    );
    let run = site.run(&["build", "--today", TODAY]);
    assert_ne!(run.code(), 0, "the build fails");
    assert!(run.stderr().contains("content/openings/remote.yaml"), "{}", run.stderr());
    assert!(run.stderr().contains("roles/nobody.yaml"), "{}", run.stderr());
}

#[test]
fn the_openings_list_groups_by_family_and_static_lists_filter_by_team_and_country() {
    let site = site();
    build(&site);
    let index = site.read("openings/index.html");
    let body = &index[index.find("<main").unwrap()..];
    // Families in order, each with its open positions, newest first.
    let at = |text: &str| body.find(text).unwrap_or_else(|| panic!("no {text:?} in /openings/"));
    assert!(at(">Data<") < at(">Platform Engineering<"));
    assert!(at("Data Analyst (remote)") < at(">Platform Engineering<"));
    assert!(at("openings/berlin/") < at("openings/hybrid/"), "newer first");
    assert!(body.contains("EUR 70,000–90,000 per year") && body.contains("USD 60–80 per hour"));
    for filter in ["teams/platform-engineering/", "teams/data/", "countries/de/", "countries/gb/", "countries/us/"] {
        assert!(body.contains(&format!("href=\"/careers/openings/{filter}\"")), "the filter nav links {filter}");
    }
    let team = site.read("openings/teams/data/index.html");
    assert!(team.contains("openings/remote/") && !team.contains("openings/berlin/"));
    // A remote opening counts for each country its applicants may live in.
    for cc in ["gb", "ie"] {
        let country = site.read(&format!("openings/countries/{cc}/index.html"));
        assert!(country.contains("openings/remote/") && !country.contains("openings/berlin/"), "{cc}");
    }
    let canada = site.read("openings/countries/ca/index.html");
    assert!(canada.contains("openings/hybrid/") && !canada.contains("openings/remote/"));
    assert!(!site.exists("openings/countries/xx/index.html"));
    let home = site.read("index.html");
    assert!(home.contains("<a href=\"/careers/openings/\">Openings</a>"), "the header links the openings");
}

#[test]
fn with_nothing_open_the_list_says_so_and_the_header_has_no_openings_link() {
    let site = site();
    for id in ["berlin", "remote", "hybrid"] {
        site.remove(&format!("content/openings/{id}.yaml"));
    }
    build(&site);
    let index = site.read("openings/index.html");
    assert!(index.contains("No open positions right now."), "{index}");
    assert!(!site.read("index.html").contains(">Openings</a>"));
    assert!(!site.exists("openings/teams/platform-engineering/index.html"), "no filter list of closed ones");
    assert!(site.exists("openings/gone/index.html"), "the closed one keeps its page");
}

#[test]
fn a_role_page_lists_its_open_positions_near_the_top() {
    let site = site();
    build(&site);
    let senior = site.read("roles/senior/index.html");
    let list = senior.find("id=\"open-positions\"").expect("the role lists its open positions");
    assert!(list < senior.find("class=\"toc\"").unwrap(), "before the contents");
    assert!(senior.contains("<a href=\"/careers/openings/berlin/\">Senior Engineer</a>"));
    assert!(senior.contains("<a href=\"/careers/openings/hybrid/\">Senior Engineer (US)</a>"));
    assert!(!site.read("roles/junior/index.html").contains("open-positions"), "only a closed one: no list");
}

#[test]
fn the_feed_lists_open_positions_newest_first_dated_by_their_postings() {
    let site = site();
    build(&site);
    let feed = site.read("openings/feed.xml");
    assert!(
        feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    assert!(feed.trim_end().ends_with("</feed>"));
    let entries: Vec<&str> = feed.split("<entry>").skip(1).map(|e| &e[..e.find("</entry>").unwrap()]).collect();
    let ids: Vec<&str> = entries.iter().map(|e| between(e, "<id>", "</id>")).collect();
    assert_eq!(
        ids,
        [format!("{BASE}/openings/remote/"), format!("{BASE}/openings/berlin/"), format!("{BASE}/openings/hybrid/")]
    );
    let head = &feed[..feed.find("<entry>").unwrap()];
    assert_eq!(between(head, "<updated>", "</updated>"), "2026-11-28T00:00:00Z", "the newest posting, not the clock");
    assert_eq!(between(entries[0], "<title>", "</title>"), "Data Analyst (remote)");
    assert_eq!(between(entries[0], "<summary>", "</summary>"), "Work from home on our numbers.", "plain text");
    assert!(
        entries[0].contains(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"{BASE}/openings/remote/\"/>"))
    );
    // Every element opened is closed, in order (a small well-formedness check).
    let mut stack: Vec<&str> = Vec::new();
    for tag in feed.split('<').skip(2).map(|t| &t[..t.find('>').unwrap()]) {
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split(' ').next().unwrap());
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    // Every page of the site points feed readers at it.
    let alternate = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Open positions\" href=\"/careers/openings/feed.xml\">";
    for page in ["index.html", "roles/analyst/index.html", "openings/gone/index.html"] {
        assert!(site.read(page).contains(alternate), "{page}");
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start} in {text}")) + start.len();
    &text[from..from + text[from..].find(end).unwrap()]
}

#[test]
fn the_sitemap_dates_open_openings_by_their_posting_and_lists_the_filter_pages() {
    let site = site();
    build(&site);
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>{BASE}/openings/berlin/</loc>\n    <lastmod>2026-11-20</lastmod>")),
        "{sitemap}"
    );
    assert!(sitemap.contains(&format!("<loc>{BASE}/openings/</loc>")));
    assert!(sitemap.contains(&format!("<loc>{BASE}/openings/countries/ie/</loc>")));
    assert!(sitemap.contains(&format!("<loc>{BASE}/openings/teams/data/</loc>")));
}

#[test]
fn two_builds_with_the_same_today_are_byte_identical() {
    let site = site();
    let (a, b) = (site.outer().join("a"), site.outer().join("b"));
    for out in [&a, &b] {
        site.run(&["build", "--today", TODAY, "--output-dir", out.to_str().unwrap()]).success();
    }
    let files = |root: &std::path::Path| {
        let mut all = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    all.push(path.strip_prefix(root).unwrap().to_path_buf());
                }
            }
        }
        all.sort();
        all
    };
    let (in_a, in_b) = (files(&a), files(&b));
    assert_eq!(in_a, in_b);
    assert!(in_a.iter().any(|p| p.ends_with("openings/feed.xml")), "the feed is among them");
    for rel in in_a {
        assert!(
            std::fs::read(a.join(&rel)).unwrap() == std::fs::read(b.join(&rel)).unwrap(),
            "{} differs",
            rel.display()
        );
    }
}

#[test]
fn with_relative_urls_the_openings_links_are_rewritten_and_still_checked() {
    let site = site();
    site.run(&["build", "--today", TODAY, "--relative-urls"]).success();
    let page = site.read("openings/berlin/index.html");
    assert!(page.contains("href=\"../../roles/senior/index.html\""), "{page}");
    assert!(page.contains("href=\"../feed.xml\""), "the feed link is rewritten too");
    let list = site.read("openings/teams/data/index.html");
    assert!(list.contains("href=\"../../remote/index.html\""), "{list}");
}
