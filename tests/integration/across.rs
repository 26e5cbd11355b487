//! Views across roles on the multi-role fixture: the career graph, the skill matrix,
//! comparisons, backlinks, search and the exported data.

use serde_json::Value;

use crate::harness::SiteTest;

fn built() -> SiteTest {
    let site = SiteTest::from_fixture("roles");
    site.build();
    site
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..start + tag[start..].find('"')?].to_string())
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("no {name} in {tag}"))
}

#[test]
fn the_career_graph_has_a_linked_box_per_role_no_overlaps_and_edges_that_join_boxes() {
    let site = built();
    let page = site.read("career-paths/index.html");
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    // Boxes: every <a> holds one <rect>.
    let mut boxes = Vec::new();
    for chunk in svg.split("<a href=\"").skip(1) {
        let href = &chunk[..chunk.find('"').unwrap()];
        let rect = &chunk[chunk.find("<rect").unwrap()..];
        let rect = &rect[..rect.find("/>").unwrap()];
        boxes.push((href.to_string(), num(rect, "x"), num(rect, "y"), num(rect, "width"), num(rect, "height")));
        let file = site.public().join(href.trim_start_matches('/')).join("index.html");
        assert!(file.exists(), "node links to a missing page {href}");
    }
    assert_eq!(boxes.len(), 5, "one box per role");
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1 || a.2 + a.4 <= b.2 || b.2 + b.4 <= a.2;
            assert!(apart, "{} overlaps {}", a.0, b.0);
        }
    }
    // Edges: each path starts and ends on the border of a box.
    let on_border = |x: f64, y: f64| boxes.iter().any(|b| (x == b.1 || x == b.1 + b.3) && y >= b.2 && y <= b.2 + b.4);
    let mut edges = 0;
    for chunk in svg.split("<path class=\"cg-edge").skip(1) {
        let d = attr(&format!(" {}", &chunk[chunk.find("d=\"").unwrap()..]), "d").unwrap();
        let numbers: Vec<f64> =
            d.replace(['M', 'C', ','], " ").split_whitespace().map(|n| n.parse().unwrap()).collect();
        let (sx, sy, ex, ey) = (numbers[0], numbers[1], numbers[numbers.len() - 2], numbers[numbers.len() - 1]);
        assert!(on_border(sx, sy) && on_border(ex, ey), "edge {d} does not join two boxes");
        edges += 1;
    }
    // data → senior, senior → lead, senior → manager, ml-engineer ~ senior.
    assert_eq!(edges, 4);
    assert!(svg.contains("class=\"cg-node cg-stub\""), "stubs look different\n{svg}");
    site.assert_file("career-paths/index.html").contains("Paths as text"); // text equivalent
}

#[test]
fn each_role_page_shows_its_own_path() {
    let site = built();
    let senior = site.read("roles/senior-data-scientist/index.html");
    let path = &senior[senior.find("class=\"role-path\"").unwrap()..];
    let path = &path[..path.find("</nav>").unwrap()];
    for href in
        ["/roles/data-scientist/", "/roles/lead-data-scientist/", "/roles/data-science-manager/", "/roles/ml-engineer/"]
    {
        assert!(path.contains(href), "{href} missing from the path:\n{path}");
    }
}

#[test]
fn skill_matrix_cells_match_the_data() {
    let site = built();
    let page = site.read("skills/index.html");
    let header = &page[page.find("<thead>").unwrap()..page.find("</thead>").unwrap()];
    let columns: Vec<&str> = header.split("<a href=\"").skip(1).map(|c| &c[..c.find('"').unwrap()]).collect();
    assert_eq!(columns, vec!["/roles/data-scientist/", "/roles/senior-data-scientist/", "/roles/ml-engineer/"]);
    let row = |skill: &str| -> Vec<String> {
        let start = page.find(&format!("<a href=\"/skills/{skill}/\"")).unwrap();
        let row = &page[start..start + page[start..].find("</tr>").unwrap()];
        row.split("<td>")
            .skip(1)
            .map(|cell| {
                if cell.contains("importance-critical") {
                    "Critical"
                } else if cell.contains("importance-important") {
                    "Important"
                } else if cell.contains("Expected") {
                    "Expected"
                } else {
                    "-"
                }
                .to_string()
            })
            .collect()
    };
    assert_eq!(row("python"), vec!["Critical", "Critical", "Critical"]);
    assert_eq!(row("machine-learning"), vec!["-", "Important", "Critical"]);
    assert_eq!(row("mentoring"), vec!["-", "Expected", "-"]);
    site.assert_file("skills/index.html").contains("href=\"#soft-skills\""); // jump list
}

#[test]
fn comparisons_show_what_the_next_step_adds() {
    let site = built();
    let cmp = site.read("roles/data-scientist/next/senior-data-scientist/index.html");
    let gained = &cmp[cmp.find("id=\"skills-gained\"").unwrap()..];
    let gained = &gained[..gained.find("</ul>").unwrap()];
    assert!(gained.contains("Machine learning</a> — Important") && gained.contains("Mentoring"), "{gained}");
    site.assert_file("roles/data-scientist/next/senior-data-scientist/index.html")
        .contains("Mentor data scientists.")
        .contains("Choice of analysis method.");
    site.assert_file("roles/data-scientist/index.html")
        .contains("href=\"/roles/data-scientist/next/senior-data-scientist/\"");
    site.assert_file("roles/senior-data-scientist/index.html")
        .contains("A comparison will appear here once its blueprint is written."); // next roles are stubs
    assert!(!site.exists("roles/senior-data-scientist/next/lead-data-scientist/index.html"));
}

#[test]
fn kpis_page_lists_each_kpi_with_target_frequency_and_role() {
    let site = built();
    site.assert_file("kpis/index.html")
        .contains("Analyses shipped")
        .contains("2 per month")
        .contains("Monthly")
        .contains("&gt;80%") // a one-line field that starts with > stays text
        .contains("href=\"/roles/senior-data-scientist/#kpis\"");
}

#[test]
fn the_search_index_covers_roles_skills_tools_kpis_and_pages() {
    let site = built();
    let index: Vec<Value> = serde_json::from_str(&site.read("search-index.json")).unwrap();
    let kinds: std::collections::BTreeSet<&str> = index.iter().map(|e| e["k"].as_str().unwrap()).collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), vec!["KPI", "Page", "Role", "Skill", "Tool"]);
    assert!(index.iter().any(|e| e["t"] == "Senior Data Scientist" && e["u"] == "/roles/senior-data-scientist/"));
    let page = site.assert_file("index.html");
    page.contains("role=\"search\"").contains("search.js"); // search box on every page
    assert!(
        site.read("search.js").contains("search-index.json")
            || page.text().contains("data-index=\"/search-index.json\""),
        "neither search.js nor the page names search-index.json\n{}",
        page.text()
    );
}

#[test]
fn role_pages_carry_occupation_json_ld() {
    let site = built();
    let page = site.read("roles/senior-data-scientist/index.html");
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let json: Value = serde_json::from_str(&page[start..start + page[start..].find("</script>").unwrap()]).unwrap();
    assert_eq!(json["@type"], "Occupation");
    assert_eq!(json["name"], "Senior Data Scientist");
    assert_eq!(json["url"], "https://example.org/roles/senior-data-scientist/");
    assert!(json["skills"].as_array().unwrap().iter().any(|s| s == "Machine learning"));
    assert!(json["responsibilities"].as_array().unwrap().iter().any(|s| s == "Mentor data scientists."));
}

/// Checks `value` against the subset of JSON Schema the API schema uses.
pub(crate) fn validate(value: &Value, schema: &Value, root: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = root.pointer(reference.trim_start_matches('#')).unwrap_or_else(|| panic!("bad $ref {reference}"));
        return validate(value, target, root, path, errors);
    }
    if let Some(constant) = schema.get("const") {
        if value != constant {
            errors.push(format!("{path}: expected {constant}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            errors.push(format!("{path}: {value} not in {options:?}"));
        }
    }
    let type_ok = match schema.get("type").and_then(Value::as_str) {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !type_ok {
        errors.push(format!("{path}: expected {}", schema["type"]));
        return;
    }
    if let Some(object) = value.as_object() {
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !object.contains_key(required.as_str().unwrap()) {
                errors.push(format!("{path}: missing {required}"));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, item) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(item, sub, root, &format!("{path}.{key}"), errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{path}: unexpected property {key}")),
                    // A map: every value has this schema.
                    Some(sub @ Value::Object(_)) => validate(item, sub, root, &format!("{path}.{key}"), errors),
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(item_schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item, item_schema, root, &format!("{path}[{i}]"), errors);
        }
    }
}

#[test]
fn exported_data_matches_its_schema_and_is_stable() {
    let site = built();
    let schema: Value = serde_json::from_str(&site.read("api/schema-v1.json")).unwrap();
    for (file, key, count) in
        [("api/roles.json", "roles", 5), ("api/skills.json", "skills", 5), ("api/tools.json", "tools", 3)]
    {
        let doc: Value = serde_json::from_str(&site.read(file)).unwrap();
        let mut errors = Vec::new();
        validate(&doc, &schema, &schema, key, &mut errors);
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        let items = doc[key].as_array().unwrap();
        assert_eq!(items.len(), count, "{file}");
        let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{file} is ordered by id");
    }
    let roles: Value = serde_json::from_str(&site.read("api/roles.json")).unwrap();
    let ds = roles["roles"].as_array().unwrap().iter().find(|r| r["id"] == "data-scientist").unwrap();
    assert_eq!(ds["id"], "data-scientist");
    assert_eq!(ds["skills"]["must_have"]["items"][0]["skill"]["url"], "https://example.org/skills/python/");
    let skills: Value = serde_json::from_str(&site.read("api/skills.json")).unwrap();
    assert_eq!(
        skills["skills"][0]["description"], "Explaining results so that people act on them.",
        "markdown source, not HTML"
    );
}

#[test]
fn one_sided_steps_and_cycles_are_warned_about() {
    let site = SiteTest::from_fixture("roles");
    // The data scientist now also claims to lead to the ML engineer, who does not agree,
    // and the ML engineer leads back to the data scientist: a loop.
    let ds = std::fs::read_to_string(site.root.join("content/roles/data-scientist.yaml")).unwrap();
    site.write(
        "content/roles/data-scientist.yaml",
        ds.replace(
            "    - role: senior-data-scientist\n",
            "    - role: senior-data-scientist\n    - role: ml-engineer\n",
        ),
    );
    let mle = std::fs::read_to_string(site.root.join("content/roles/ml-engineer.yaml")).unwrap();
    site.write(
        "content/roles/ml-engineer.yaml",
        mle.replace("career:\n", "career:\n  next:\n    - role: data-scientist\n"),
    );
    let run = site.build();
    run.assert_diag("one-sided-step").warning().message_contains("`data-scientist` lists `ml-engineer` as a next role, but `ml-engineer` does not list `data-scientist` as a feeder");
    run.assert_diag("career-cycle")
        .warning()
        .message_contains("the career path loops: data-scientist → ml-engineer → data-scientist");
    site.run(&["check", "--deny-warnings"]).fails_with(1);
}
