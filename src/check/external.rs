//! `rolebook check --external`: links to other hosts, checked politely.
//!
//! A few requests at a time, each with a timeout and retries for flaky answers; HEAD
//! first, GET when a server refuses HEAD. Links that answered well are remembered in
//! `.rolebook/link-cache.json` under the site root for a week, so repeated runs only ask
//! about new or failing links. The cache is safe to delete.
//!
//! The cache may come with the site, so it is read only as a plain file of sane size
//! reached through no link, replaced rather than written through a link, and a time in
//! the future (which would make a link pass forever) counts as never checked.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;

pub const CACHE_FILE: &str = ".rolebook/link-cache.json";
const CACHE_FOR: u64 = 7 * 24 * 3600;
/// A link cache larger than this is not read.
const MAX_CACHE_BYTES: u64 = 16 << 20;

#[derive(Debug, Clone)]
pub struct Settings {
    pub concurrency: usize,
    pub timeout: Duration,
    pub retries: u32,
    /// Links containing any of these are not checked.
    pub skip: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { concurrency: 8, timeout: Duration::from_secs(10), retries: 2, skip: Vec::new() }
    }
}

/// What a link answered.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Ok(u16),
    Status(u16),
    Failed(String),
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn load_cache(root: &Path) -> HashMap<String, u64> {
    crate::output::read_limited(root, CACHE_FILE, MAX_CACHE_BYTES)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Whether a link the cache says passed at `checked` (seconds) need not be asked again at `now`.
fn still_fresh(checked: u64, now: u64) -> bool {
    checked <= now && now - checked < CACHE_FOR
}

fn save_cache(root: &Path, cache: &HashMap<String, u64>) {
    let sorted: BTreeMap<&String, &u64> = cache.iter().collect();
    if let Ok(text) = serde_json::to_string_pretty(&sorted) {
        let _ = crate::output::replace_file(root, CACHE_FILE, (text + "\n").as_bytes());
    }
}

fn ask(agent: &ureq::Agent, url: &str, settings: &Settings) -> Outcome {
    let mut last = Outcome::Failed("not tried".into());
    for attempt in 0..=settings.retries {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 * 3u64.pow(attempt - 1)));
        }
        let mut answer = agent.head(url).call();
        if let Ok(response) = &answer {
            // Some servers do not implement HEAD; ask for the page itself.
            if matches!(response.status().as_u16(), 405 | 501 | 403) {
                answer = agent.get(url).call();
            }
        }
        last = match answer {
            Ok(response) => {
                let status = response.status().as_u16();
                if status < 400 {
                    return Outcome::Ok(status);
                }
                Outcome::Status(status)
            }
            Err(e) => Outcome::Failed(e.to_string()),
        };
        // Retry only what may pass next time: network errors, rate limits, server errors.
        let retry = match &last {
            Outcome::Status(s) => *s == 429 || *s >= 500,
            Outcome::Failed(_) => true,
            Outcome::Ok(_) => false,
        };
        if !retry {
            break;
        }
    }
    last
}

/// Checks `links` (URL → output pages using it). Returns one error per broken link.
pub fn check(
    links: &BTreeMap<String, Vec<String>>,
    root: &Path,
    output_name: &str,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let mut cache = load_cache(root);
    let fresh = |url: &str, cache: &HashMap<String, u64>| cache.get(url).is_some_and(|&t| still_fresh(t, now()));
    let todo: Vec<&String> = links
        .keys()
        .filter(|url| !settings.skip.iter().any(|s| url.contains(s.as_str())))
        .filter(|url| !fresh(url, &cache))
        .collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .user_agent("rolebook-link-checker")
        .build()
        .into();
    let queue = Mutex::new(todo.into_iter());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..settings.concurrency.max(1) {
            scope.spawn(|| loop {
                let next = queue.lock().expect("no panics while holding the lock").next();
                let Some(url) = next else { break };
                let outcome = ask(&agent, url, settings);
                results.lock().expect("no panics while holding the lock").push((url.clone(), outcome));
            });
        }
    });
    let mut results = results.into_inner().expect("no panics while holding the lock");
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut diagnostics = Vec::new();
    for (url, outcome) in results {
        let problem = match outcome {
            Outcome::Ok(_) => {
                cache.insert(url, now());
                continue;
            }
            Outcome::Status(status) => format!("external link `{url}` answered HTTP {status}"),
            Outcome::Failed(reason) => format!("external link `{url}` could not be reached: {reason}"),
        };
        let pages = &links[&url];
        let more = if pages.len() > 1 { format!(" (and {} more pages)", pages.len() - 1) } else { String::new() };
        diagnostics.push(
            Diagnostic::error(
                format!("{output_name}/{}", pages[0]),
                "broken-external-link",
                format!("{problem}{more}"),
            )
            .with_hint("fix or remove the link, or skip it with --skip-external if the host blocks checkers"),
        );
    }
    save_cache(root, &cache);
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_time_in_the_future_does_not_skip_the_check() {
        let now = 1_000_000_000;
        assert!(still_fresh(now - 60, now));
        assert!(!still_fresh(now - CACHE_FOR, now), "a week old");
        assert!(!still_fresh(now + 1, now));
        assert!(!still_fresh(u64::MAX, now));
    }

    #[cfg(unix)]
    #[test]
    fn the_link_cache_is_neither_read_nor_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let (root, victim) = (dir.path().join("site"), dir.path().join("victim.json"));
        std::fs::create_dir_all(root.join(".rolebook")).unwrap();
        std::fs::write(&victim, "{\"https://example.org/\": 1}").unwrap();
        std::os::unix::fs::symlink(&victim, root.join(CACHE_FILE)).unwrap();
        assert!(load_cache(&root).is_empty(), "read through a link");
        save_cache(&root, &HashMap::from([("https://a.example/".to_string(), 5)]));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "{\"https://example.org/\": 1}");
        assert_eq!(load_cache(&root).get("https://a.example/"), Some(&5));
    }
}
