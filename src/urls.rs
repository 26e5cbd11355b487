//! Every URL and output path rolebook makes itself, in one place: the files it writes
//! whatever the content (the sitemap, the API...), the pages of roles, skills, tools and
//! tags, and how a site path becomes an output path.
//!
//! Contract: the model assigns entity URLs, the renderer writes, the output claims reserve
//! and `serve` answers under these names only, so no two of them can spell one differently.
//! Site paths start and (for pages) end with `/`; output paths are relative to the output
//! folder. The folders these paths open (`roles/`, `api/`, `schema/`...) are kept from
//! content pages by [`crate::render::claims`], from the paths it claims here.

/// The attributes in which the theme writes URLs of the site: the ones `--relative-urls`
/// rewrites and the link check follows. The `data-*` ones are read by the theme's scripts
/// (search.js fetches `data-index`, compare.js `data-compare-json`).
pub const URL_ATTRIBUTES: [&str; 7] = ["href", "src", "action", "srcset", "poster", "data-index", "data-compare-json"];

/// The 404 page.
pub const NOT_FOUND: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const SEARCH_INDEX: &str = "search-index.json";
/// The code highlighting stylesheet (for sites with code).
pub const SYNTAX_CSS: &str = "syntax.css";
/// The JSON Schemas of roles, skills, tools, competency areas, rubrics and openings (for
/// sites with roles).
pub const SCHEMAS: [&str; 6] = [
    "schema/role.schema.json",
    "schema/skills.schema.json",
    "schema/tools.schema.json",
    "schema/competencies.schema.json",
    "schema/rubric.schema.json",
    "schema/opening.schema.json",
];
/// The `/api` documents (for sites with roles): roles, skills, tools, competency areas and
/// rubrics, openings, and their schema.
pub const API_FILES: [&str; 6] =
    [API_ROLES, "api/skills.json", "api/tools.json", "api/frameworks.json", API_OPENINGS, "api/schema-v1.json"];
/// `/api/openings.json`: every published opening, open or closed.
pub const API_OPENINGS: &str = "api/openings.json";
/// The search index and the comparison data as scripts (`--relative-urls` only): a page
/// opened from disk may not `fetch` a file, but it may load a script (see
/// [`crate::output::relative`]).
pub const SEARCH_INDEX_SCRIPT: &str = "search-index.js";
pub const API_COMPARE_SCRIPT: &str = "api/compare.js";
/// `/api/compare.json` (for sites with two written roles or more): what the comparison
/// picker needs to compare any two roles in the browser.
pub const API_COMPARE: &str = "api/compare.json";
/// `/api/roles.json`, which `serve` assembles from per-role parts.
pub const API_ROLES: &str = "api/roles.json";
/// The site path of the API documents' schema, which each document names.
pub const API_SCHEMA_URL: &str = "/api/schema-v1.json";

/// The site paths of the indexes rolebook makes for sites with roles, skills or tools.
pub const ROLES: &str = "/roles/";
pub const SKILLS: &str = "/skills/";
pub const TOOLS: &str = "/tools/";
pub const CAREER_PATHS: &str = "/career-paths/";
pub const KPIS: &str = "/kpis/";
pub const SEARCH: &str = "/search/";
/// The comparison picker: any two roles.
pub const COMPARE: &str = "/compare/";
/// Where the track rubrics are listed.
pub const TRACKS: &str = "/tracks/";
/// The site path of the tags index.
pub const TAGS: &str = "/tags/";
/// The list of open positions.
pub const OPENINGS: &str = "/openings/";
/// The Atom feed of open positions.
pub const OPENINGS_FEED: &str = "/openings/feed.xml";

/// `/roles/<id>/`
pub fn role(id: &str) -> String {
    format!("{ROLES}{id}/")
}

/// `/openings/<id>/`
pub fn opening(id: &str) -> String {
    format!("{OPENINGS}{id}/")
}

/// `/openings/teams/<family slug>/`: the open positions of one role family.
pub fn openings_team(family_slug: &str) -> String {
    format!("{OPENINGS}teams/{family_slug}/")
}

/// `/openings/countries/<code in lowercase>/`: the open positions one can take in a country.
pub fn openings_country(code: &str) -> String {
    format!("{OPENINGS}countries/{}/", code.to_ascii_lowercase())
}

/// `/skills/<id>/`
pub fn skill(id: &str) -> String {
    format!("{SKILLS}{id}/")
}

/// `/tools/<id>/`
pub fn tool(id: &str) -> String {
    format!("{TOOLS}{id}/")
}

/// `/tracks/<rubric id>/`: a track's rubric, areas × levels.
pub fn rubric(id: &str) -> String {
    format!("{TRACKS}{id}/")
}

/// The page of the tag with this slug: `/tags/<slug>/`.
pub fn tag(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// The comparison of a role (at `from_url`) with its next role `to_id`:
/// `/roles/<from>/next/<to>/`.
pub fn comparison(from_url: &str, to_id: &str) -> String {
    format!("{from_url}next/{to_id}/")
}

/// The comparison of two roles that is not a declared next step (same track rubric):
/// `/compare/<from>/<to>/`.
pub fn pair(from_id: &str, to_id: &str) -> String {
    format!("{COMPARE}{from_id}/{to_id}/")
}

/// Page `number` (from 1) of a family's skill matrix: `/skills/matrix/<family>/` for the
/// first, `/skills/matrix/<family>/<n>/` after.
pub fn matrix(family: &str, number: usize) -> String {
    let first = format!("{SKILLS}matrix/{}/", crate::slug::slugify(family));
    if number == 1 {
        first
    } else {
        format!("{first}{number}/")
    }
}

/// The site path of a file written at output path `rel` (`sitemap.xml` → `/sitemap.xml`).
pub fn of_file(rel: &str) -> String {
    format!("/{rel}")
}

/// The output path of a site path: `/a/b/` → `a/b/index.html`; `/x.html` → `x.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// Why a percent-encoded path could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPercent {
    /// A `%` not followed by two hexadecimal digits.
    Escape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

/// `%XX` → the byte, for paths written by people (aliases) and requested by browsers
/// (the preview); the result must be UTF-8. One decoder, so an alias and a request spell
/// the same path the same way.
pub fn percent_decode(text: &str) -> Result<String, BadPercent> {
    if !text.contains('%') {
        return Ok(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly: `from_str_radix` alone would take `+1` as a number.
            let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            let byte = hex.and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
            out.push(byte.ok_or(BadPercent::Escape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadPercent::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_urls_are_written_as_their_index_html() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/a/b/"), "a/b/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
        assert_eq!(output_path(&of_file(NOT_FOUND)), NOT_FOUND);
    }

    #[test]
    fn a_family_matrix_keeps_its_first_page_at_the_family_folder() {
        assert_eq!(matrix("Data Science", 1), "/skills/matrix/data-science/");
        assert_eq!(matrix("Data Science", 3), "/skills/matrix/data-science/3/");
    }

    #[test]
    fn entity_pages_sit_under_their_index() {
        assert_eq!(role("x"), "/roles/x/");
        assert_eq!(comparison(&role("a"), "b"), "/roles/a/next/b/");
        assert_eq!(pair("a", "b"), "/compare/a/b/");
        assert_eq!(skill("s"), "/skills/s/");
        assert_eq!(tool("t"), "/tools/t/");
        assert_eq!(tag("rust"), "/tags/rust/");
    }
}

#[cfg(test)]
mod percent_tests {
    use super::*;

    #[test]
    fn percent_escapes_need_two_hex_digits_and_decode_to_utf8() {
        assert_eq!(percent_decode("/caf%C3%A9/%2e%2E/").as_deref(), Ok("/café/../"));
        assert_eq!(percent_decode("/plain/").as_deref(), Ok("/plain/"));
        // `u8::from_str_radix` alone would read `+1` as one.
        for bad in ["/%+1/", "/%-1/", "/%zz/", "/%4/", "/%"] {
            assert_eq!(percent_decode(bad), Err(BadPercent::Escape), "{bad}");
        }
        assert_eq!(percent_decode("/%C3/"), Err(BadPercent::NotUtf8));
    }
}
