//! Which keys of a role file must be present, read from the role's JSON Schema (made from
//! the typed blueprint), so messages about a key never advise removing one that is required.

use std::sync::LazyLock;

use serde_json::Value;

/// The role schema as a value: made once, never changed.
static ROLE_SCHEMA: LazyLock<Value> =
    LazyLock::new(|| serde_json::to_value(schemars::schema_for!(super::role::RawRole)).expect("a schema serialises"));

/// Whether the key at `path` (`kpis.metrics`, `soft_skills[0].strong`) is required by the
/// mapping that holds it. A path the schema does not know is not required.
pub fn role_key_is_required(path: &str) -> bool {
    is_required(&ROLE_SCHEMA, path)
}

fn is_required(root: &Value, path: &str) -> bool {
    let steps = steps(path);
    let Some((last, parents)) = steps.split_last() else { return false };
    let mut node = root;
    for step in parents {
        let next = match step {
            Step::Key(key) => object_with(root, node, key).and_then(|o| o["properties"].get(*key)),
            Step::Index => array(root, node).and_then(|a| a.get("items")),
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    match last {
        Step::Key(key) => object_with(root, node, key)
            .and_then(|o| o.get("required"))
            .and_then(Value::as_array)
            .is_some_and(|required| required.iter().any(|r| r == key)),
        Step::Index => false,
    }
}

enum Step<'a> {
    Key(&'a str),
    Index,
}

/// `a.b[2].c` → key `a`, key `b`, an index, key `c`.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, indices) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        steps.extend(indices.matches('[').map(|_| Step::Index));
    }
    steps
}

/// The schema behind `$ref`, and every alternative of `anyOf` / `oneOf` (an optional
/// section is "the section, or null"; a list is "an array, or a mapping with items").
fn alternatives<'a>(root: &'a Value, node: &'a Value, out: &mut Vec<&'a Value>) {
    if let Some(name) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        if let Some(target) = root["$defs"].get(name) {
            alternatives(root, target, out);
        }
    }
    for key in ["anyOf", "oneOf"] {
        for alt in node.get(key).and_then(Value::as_array).into_iter().flatten() {
            alternatives(root, alt, out);
        }
    }
    out.push(node);
}

/// The mapping schema, among `node`'s alternatives, that has the property `key`.
fn object_with<'a>(root: &'a Value, node: &'a Value, key: &str) -> Option<&'a Value> {
    let mut all = Vec::new();
    alternatives(root, node, &mut all);
    all.into_iter().find(|alt| alt.get("properties").and_then(|p| p.get(key)).is_some())
}

/// The array schema among `node`'s alternatives, or a list's `items` array.
fn array<'a>(root: &'a Value, node: &'a Value) -> Option<&'a Value> {
    let mut all = Vec::new();
    alternatives(root, node, &mut all);
    let direct = all.iter().find(|alt| alt.get("items").is_some() && alt.get("properties").is_none()).copied();
    direct.or_else(|| object_with(root, node, "items").map(|o| &o["properties"]["items"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_keys_come_from_the_typed_blueprint() {
        for required in ["id", "title", "kpis.metrics", "soft_skills[0].strong", "soft_skills[3].why"] {
            assert!(role_key_is_required(required), "{required}");
        }
        for optional in ["mission", "kpis", "kpis.intro", "soft_skills", "soft_skills[0].label", "nope", "a.b[1]"] {
            assert!(!role_key_is_required(optional), "{optional}");
        }
    }
}
