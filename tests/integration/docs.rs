//! The documents stay true: every test docs/security.md cites as proof exists.

use std::path::Path;

/// Identifiers the page writes in backticks that look like test names (four or more
/// words joined by `_`); config keys and codes are shorter or use `-`.
fn cited_tests(doc: &str) -> Vec<&str> {
    let mut names: Vec<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.matches('_').count() >= 3 && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn all_rust_sources(dir: &Path, into: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all_rust_sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn docs_name_only_tests_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/security.md")).unwrap();
    let mut code = String::new();
    all_rust_sources(&root.join("src"), &mut code);
    all_rust_sources(&root.join("tests"), &mut code);
    let cited = cited_tests(&doc);
    assert!(cited.len() > 40, "the page cites its tests: {cited:?}");
    let missing: Vec<&&str> = cited.iter().filter(|name| !code.contains(&format!("fn {name}()"))).collect();
    assert!(missing.is_empty(), "docs/security.md cites tests that do not exist: {missing:?}");
}

#[test]
fn the_readme_links_the_security_model() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("(docs/security.md)"), "README.md must link docs/security.md");
}

/// A fenced code block of a document: where it starts, its language, the `key=value`
/// words of its info string, and its text.
///
/// How the documents mark an example that shows a file (checked below):
/// - `file=PATH`: the whole file. The `file=` blocks of one document (of one `site=NAME`
///   when it names one) are written into an empty site, which must pass
///   `check --deny-warnings`, or warn exactly the codes listed by `warns=A,B` on any of
///   them.
/// - `fragment=PATH`: part of a file, said so in the text around it. It must be valid YAML
///   (or front matter) whose every key is one the file's JSON Schema (schema/) knows.
/// - `reference=PATH`: a field reference of the file with placeholders for values. Like a
///   fragment, and it must also name every key the schema has, and call exactly the keys
///   the schema does not require `optional` in nested objects.
/// - `copy-of=PATH`: the exact text of a file in the repository.
struct Block {
    at: String,
    lang: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Block {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The fenced blocks of `doc` (named `name` in messages).
fn blocks(name: &str, doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in doc.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (open.take(), fence) {
            (Some(block), Some(_)) => out.push(block),
            (Some(mut block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
                open = Some(block);
            }
            (None, Some(info)) => {
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or("").to_string();
                let attrs =
                    words.filter_map(|w| w.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
                open = Some(Block { at: format!("{name}:{}", n + 1), lang, attrs, text: String::new() });
            }
            (None, None) => {}
        }
    }
    out
}

/// README.md and every page of docs/, as (name, text).
fn documents() -> Vec<(String, String)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = vec!["README.md".to_string()];
    let mut pages: Vec<String> = std::fs::read_dir(repo.join("docs"))
        .unwrap()
        .map(|e| format!("docs/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".md"))
        .collect();
    pages.sort();
    names.extend(pages);
    names.into_iter().map(|n| (n.clone(), std::fs::read_to_string(repo.join(&n)).unwrap())).collect()
}

/// Languages whose blocks show a file rolebook or its user keeps.
const FILE_LANGUAGES: [&str; 4] = ["yaml", "yml", "markdown", "md"];
#[test]
fn the_framework_examples_in_role_format_make_a_site_that_passes_check() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(repo.join("docs/role-format.md")).unwrap();
    let blocks: Vec<(String, String)> = blocks("docs/role-format.md", &doc)
        .into_iter()
        .filter(|b| b.attr("site").is_none())
        .filter_map(|b| Some((b.attr("file")?.to_string(), b.text)))
        .collect();
    let files: Vec<&str> = blocks.iter().map(|(f, _)| f.as_str()).collect();
    assert!(files.contains(&"rolebook.yaml") && files.contains(&"content/competencies.yaml"), "{files:?}");
    let site = crate::harness::SiteTest::empty();
    for (file, text) in &blocks {
        site.write(file, text);
    }
    site.run(&["check", "--deny-warnings"]).success();
    site.build();
    // What the examples say happens, happens.
    site.assert_file("roles/senior-backend-engineer/index.html")
        .contains("1)</span> About this level")
        .contains("2)</span> What we expect")
        .contains("Mentors one or two engineers.")
        .contains("Designs components other engineers build on.")
        .contains("2a")
        .not_contains("Technical Skills");
    site.assert_file("tracks/backend/index.html").contains("As at level 1 (Engineer).");
}

#[test]
fn every_yaml_or_markdown_example_in_the_docs_says_which_file_it_shows() {
    let mut unmarked = Vec::new();
    for (name, text) in documents() {
        for block in blocks(&name, &text) {
            let marked = ["file", "fragment", "reference", "copy-of"].iter().any(|k| block.attr(k).is_some());
            if FILE_LANGUAGES.contains(&block.lang.as_str()) && !marked {
                unmarked.push(block.at);
            }
        }
    }
    assert!(unmarked.is_empty(), "mark these with file=, fragment=, reference= or copy-of=: {unmarked:?}");
}

/// The warning and error codes of a `check --message-format json` run.
fn codes(run_output: &str) -> Vec<(String, String)> {
    run_output
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|d| (d["severity"].as_str().unwrap_or("").to_string(), d["code"].as_str().unwrap_or("").to_string()))
        .collect()
}

#[test]
fn the_whole_file_examples_of_each_document_make_a_site_that_passes_check() {
    let mut sites = 0;
    for (name, text) in documents() {
        let blocks = blocks(&name, &text);
        let mut by_site: std::collections::BTreeMap<&str, Vec<&Block>> = Default::default();
        for block in blocks.iter().filter(|b| b.attr("file").is_some()) {
            by_site.entry(block.attr("site").unwrap_or("")).or_default().push(block);
        }
        for (site_name, files) in by_site {
            let site = crate::harness::SiteTest::empty();
            if !files.iter().any(|b| b.attr("file") == Some("rolebook.yaml")) {
                site.write("rolebook.yaml", "title: An example\n");
            }
            let mut allowed: Vec<&str> = Vec::new();
            for block in &files {
                site.write(block.attr("file").unwrap(), &block.text);
                allowed.extend(block.attr("warns").map(|w| w.split(',').collect::<Vec<_>>()).unwrap_or_default());
            }
            let run = site.run(&["check", "--message-format", "json"]);
            let found = codes(&format!("{}\n{}", run.stdout(), run.stderr()));
            let at: Vec<&str> = files.iter().map(|b| b.at.as_str()).collect();
            let unexpected: Vec<&(String, String)> = found
                .iter()
                .filter(|(severity, code)| severity != "warning" || !allowed.contains(&code.as_str()))
                .collect();
            assert!(unexpected.is_empty(), "{name} (site `{site_name}`, blocks {at:?}): {unexpected:?}");
            for code in &allowed {
                assert!(found.iter().any(|(_, c)| c == code), "{name}: `warns={code}` but check does not warn it");
            }
            assert_eq!(run.code(), 0, "{name} (site `{site_name}`): {}", run.stderr());
            sites += 1;
        }
    }
    assert!(sites >= 3, "README.md and docs/role-format.md show whole sites ({sites} found)");
}

/// `schema` with its `$ref`s followed and its `oneOf`/`anyOf` spread out.
fn alternatives<'s>(root: &'s serde_json::Value, schema: &'s serde_json::Value) -> Vec<&'s serde_json::Value> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/$defs/");
        return alternatives(root, &root["$defs"][name]);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = schema[key].as_array() {
            return list.iter().flat_map(|s| alternatives(root, s)).collect();
        }
    }
    vec![schema]
}

/// The schema for the value of `key` in an object `schema` allows, if it allows the key.
fn property<'s>(
    root: &'s serde_json::Value,
    schema: &'s serde_json::Value,
    key: &str,
) -> Option<(&'s serde_json::Value, bool)> {
    alternatives(root, schema).into_iter().find_map(|alt| {
        let required = alt["required"].as_array().is_some_and(|r| r.iter().any(|k| k == key));
        match (&alt["properties"][key], &alt["additionalProperties"]) {
            (found, _) if !found.is_null() => Some((found, required)),
            (_, extra) if extra.is_object() => Some((extra, false)),
            _ => None,
        }
    })
}

/// Every key in `node` the schema does not know, as a dotted path; and, for each key the
/// schema knows, its line and whether the schema requires it.
fn walk(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    node: &rolebook::yaml::Node,
    path: &str,
    unknown: &mut Vec<String>,
    keys: &mut Vec<(u32, String, bool)>,
) {
    use rolebook::yaml::NodeKind;
    match &node.kind {
        NodeKind::Map(entries) => {
            for (key, value) in entries {
                let here = format!("{path}.{}", key.name);
                match property(root, schema, &key.name) {
                    Some((inner, required)) => {
                        keys.push((key.pos.line, here.clone(), required));
                        walk(root, inner, value, &here, unknown, keys);
                    }
                    None => unknown.push(here),
                }
            }
        }
        NodeKind::Seq(items) => {
            let item_schema = alternatives(root, schema).into_iter().find(|alt| !alt["items"].is_null());
            match item_schema {
                Some(alt) => {
                    items.iter().for_each(|item| walk(root, &alt["items"], item, &format!("{path}[]"), unknown, keys))
                }
                None => unknown.push(format!("{path}[] (not a list)")),
            }
        }
        NodeKind::Scalar { .. } | NodeKind::Null => {}
    }
}

/// The JSON Schema in schema/ for a file at `path`, if rolebook publishes one.
fn schema_for(path: &str) -> Option<serde_json::Value> {
    let name = if path.starts_with("content/roles/") {
        "role"
    } else if path.starts_with("content/skills/") {
        "skills"
    } else if path.starts_with("content/tools/") {
        "tools"
    } else if path.starts_with("content/rubrics/") {
        "rubric"
    } else if path == "content/competencies.yaml" {
        "competencies"
    } else if path.starts_with("content/openings/") {
        "opening"
    } else {
        return None;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(repo.join(format!("schema/{name}.schema.json"))).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}

#[test]
fn fragment_and_reference_examples_use_only_keys_the_schemas_know() {
    let mut checked = 0;
    for (name, text) in documents() {
        for block in blocks(&name, &text) {
            let Some(path) = block.attr("fragment").or(block.attr("reference")) else { continue };
            let node =
                rolebook::yaml::parse(&block.text, 1).unwrap_or_else(|e| panic!("{}: not valid YAML: {e:?}", block.at));
            let schema = schema_for(path).unwrap_or_else(|| panic!("{}: no schema for `{path}`", block.at));
            let (mut unknown, mut keys) = (Vec::new(), Vec::new());
            walk(&schema, &schema, &node, "", &mut unknown, &mut keys);
            assert!(unknown.is_empty(), "{}: keys the schema of `{path}` does not have: {unknown:?}", block.at);
            checked += 1;
        }
    }
    assert!(checked >= 1, "{checked}");
}

#[test]
fn the_role_field_reference_names_every_key_of_the_schema_and_marks_the_required_ones() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(repo.join("docs/role-format.md")).unwrap();
    let all = blocks("docs/role-format.md", &doc);
    let reference = all.iter().find(|b| b.attr("reference").is_some()).expect("role-format.md has a field reference");
    let schema = schema_for(reference.attr("reference").unwrap()).unwrap();
    let node = rolebook::yaml::parse(&reference.text, 1).unwrap();
    let (mut unknown, mut keys) = (Vec::new(), Vec::new());
    walk(&schema, &schema, &node, "", &mut unknown, &mut keys);
    let lines: Vec<&str> = reference.text.lines().collect();
    // A key is marked `# required` exactly when the schema requires it.
    for (line, path, required) in &keys {
        let comment = lines[*line as usize - 1].split_once('#').map_or("", |(_, c)| c);
        let marked = comment.split(|c: char| !c.is_alphanumeric()).any(|w| w == "required");
        assert_eq!(
            marked,
            *required,
            "{}: `{path}` is {}required in the schema",
            reference.at,
            if *required { "" } else { "not " }
        );
        assert!(!(*required && comment.contains("optional")), "{}: `{path}` is required, not optional", reference.at);
    }
    // Every key the schema has is written in the reference, named in an `also` comment,
    // shown in another example of the page or named in its text (`rubric:`).
    let named = doc.replace('`', " ");
    let mut missing = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut visit = vec![&schema];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(s) = visit.pop() {
        for alt in alternatives(&schema, s) {
            if let Some(props) = alt["properties"].as_object() {
                for (key, inner) in props {
                    names.insert(key.clone());
                    if seen.insert(format!("{key}:{inner}")) {
                        visit.push(inner);
                    }
                }
            }
            for sub in [&alt["items"], &alt["additionalProperties"]] {
                if sub.is_object() && seen.insert(sub.to_string()) {
                    visit.push(sub);
                }
            }
        }
    }
    for key in names {
        let written = named.contains(&format!("{key}:"))
            || named.contains(&format!(" {key},"))
            || named.contains(&format!(" {key}\n"));
        if !written {
            missing.push(key);
        }
    }
    assert!(missing.is_empty(), "docs/role-format.md never shows these role keys: {missing:?}");
}

#[test]
fn copies_of_files_in_the_docs_are_exactly_the_files() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut copies = 0;
    for (name, text) in documents() {
        for block in blocks(&name, &text) {
            let Some(path) = block.attr("copy-of") else { continue };
            let file = std::fs::read_to_string(repo.join(path)).unwrap_or_else(|e| panic!("{}: {path}: {e}", block.at));
            assert!(block.text == file, "{}: the copy of {path} differs from the file", block.at);
            copies += 1;
        }
    }
    assert!(copies >= 2, "{copies}");
}

/// A `rolebook …` or `cargo run --release -- …` command line, as the words after the
/// program name, with shell variables and `${{ … }}` expressions as a URL.
fn rolebook_words(line: &str) -> Option<Vec<String>> {
    let line = line.trim().trim_start_matches("- ").trim_start_matches("run: ");
    let line = line.split(" # ").next().unwrap_or(line);
    let line = line.split(" && ").next().unwrap_or(line);
    let rest = line.strip_prefix("rolebook ").or_else(|| line.strip_prefix("cargo run --release -- "))?;
    // Words split at spaces outside double quotes, as a shell splits them.
    let mut words = Vec::new();
    let (mut word, mut quoted) = (String::new(), false);
    for c in rest.chars().chain([' ']) {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(if word.contains('$') { "https://example.org/site/".to_string() } else { word.clone() });
                }
                word.clear();
            }
            _ => word.push(c),
        }
    }
    Some(words)
}

#[test]
fn every_rolebook_command_line_in_the_docs_is_one_the_cli_accepts() {
    use clap::Parser;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = documents();
    for example in ["examples/github-pages.yml", "examples/gitlab-ci.yml"] {
        sources.push((example.to_string(), std::fs::read_to_string(repo.join(example)).unwrap()));
    }
    let mut checked = 0;
    for (name, text) in sources {
        // Every line of a code block (a YAML example file is one), and commands quoted in
        // backticks in the prose.
        // Blocks of command lines or CI files; not output (`text`) or the synopsis.
        let commands = |lang: &str| ["sh", "bash", "shell", "yaml", "yml"].contains(&lang);
        let mut block: Option<String> = name.ends_with(".yml").then(|| "yaml".to_string());
        for (n, line) in text.lines().enumerate() {
            if let Some(info) = line.trim_start().strip_prefix("```") {
                block = match block {
                    Some(_) => None,
                    None => Some(info.split_whitespace().next().unwrap_or("").to_string()),
                };
                continue;
            }
            let quoted: Vec<&str> = match &block {
                Some(lang) if commands(lang) => vec![line],
                // A terminal session shows its commands after `$ `.
                Some(_) => line.strip_prefix("$ ").into_iter().collect(),
                None => line.split('`').skip(1).step_by(2).collect(),
            };
            for candidate in quoted {
                let Some(words) = rolebook_words(candidate) else { continue };
                // The synopsis lines of the command-line section use [optional] notation.
                if words.iter().any(|w| w.starts_with('[') || w.contains('|') || w.contains("...") || w.contains('…'))
                {
                    continue;
                }
                let args = std::iter::once("rolebook".to_string()).chain(words.iter().cloned());
                if let Err(e) = rolebook::cli::Cli::try_parse_from(args) {
                    use clap::error::ErrorKind;
                    // Prose may name a command without its arguments (`rolebook init`).
                    let named_only = block.is_none() && e.kind() == ErrorKind::MissingRequiredArgument;
                    if !named_only && !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                        panic!("{name}:{}: `rolebook {}` is refused: {e}", n + 1, words.join(" "));
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked}");
}

/// The warning codes a source file raises: the first string in code form (`a-b`, or one
/// word) after each `warn(` or `Diagnostic::warning(` call.
fn warning_codes(source: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for piece in source.split("warn(").skip(1).chain(source.split("Diagnostic::warning(").skip(1)) {
        let head: String = piece.lines().take(6).collect::<Vec<_>>().join("\n");
        let code =
            head.split('"').skip(1).step_by(2).find(|c| {
                !c.is_empty() && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-') && !c.starts_with('-')
            });
        if let Some(code) = code {
            codes.push(code.to_string());
        }
    }
    codes
}

#[test]
fn every_lint_is_documented_with_when_it_fires() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The warnings about what a site's content says (not about the machine or the output).
    let mut codes: Vec<String> =
        ["src/check/lint.rs", "src/check/unread.rs", "src/model/career.rs", "src/model/roles.rs"]
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(repo.join(f)).unwrap();
                // Not the unit tests' fixtures.
                warning_codes(text.split("#[cfg(test)]").next().unwrap())
            })
            .collect();
    codes.sort_unstable();
    codes.dedup();
    assert!(codes.len() >= 10, "{codes:?}");
    let doc = std::fs::read_to_string(repo.join("docs/role-format.md")).unwrap();
    let table = doc.split("## Lints").nth(1).expect("docs/role-format.md has a `## Lints` section");
    let table = table.split("\n## ").next().unwrap();
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| `")).collect();
    let documented: Vec<&str> = rows.iter().filter_map(|r| r.split('`').nth(1)).collect();
    let missing: Vec<&String> = codes.iter().filter(|c| !documented.contains(&c.as_str())).collect();
    let stale: Vec<&&str> = documented.iter().filter(|c| !codes.iter().any(|k| k == *c)).collect();
    assert!(missing.is_empty(), "lints docs/role-format.md does not describe: {missing:?}");
    assert!(stale.is_empty(), "docs/role-format.md describes lints that do not exist: {stale:?}");
}

#[test]
fn the_readme_synopsis_lists_exactly_the_flags_each_command_takes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let synopsis = readme.split("## Command line").nth(1).unwrap().split("```").nth(1).unwrap();
    // Each command's lines: from `rolebook <command>` to the next command.
    let mut lines_of: std::collections::BTreeMap<String, String> = Default::default();
    let mut current = String::new();
    for line in synopsis.lines() {
        if let Some(rest) = line.strip_prefix("rolebook ") {
            current = rest
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '-']) && *w != "DIR" && *w != "ID")
                .collect::<Vec<_>>()
                .join(" ");
        }
        lines_of.entry(current.clone()).or_default().push_str(line);
    }
    let flags = |text: &str| -> std::collections::BTreeSet<String> {
        text.split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | ',' | '='))
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(str::to_string)
            .collect()
    };
    let site = crate::harness::SiteTest::empty();
    for (command, documented) in &lines_of {
        if command.is_empty() {
            continue;
        }
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let help = site.run(&args).success().stdout();
        let mut taken = flags(&help);
        taken.remove("--help");
        taken.remove("--version");
        assert_eq!(flags(documented), taken, "README's synopsis of `rolebook {command}` against its --help");
    }
    assert!(lines_of.len() >= 5, "{:?}", lines_of.keys());
}
