//! `rolebook check --external`: links to other hosts, checked politely.
//!
//! A few requests at a time, each with a timeout and retries for flaky answers; HEAD
//! first, GET when a server refuses HEAD. Links that answered well are remembered in
//! `.rolebook/link-cache.json` under the site root for a week, so repeated runs only ask
//! about new or failing links. The cache is safe to delete.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;

pub const CACHE_FILE: &str = ".rolebook/link-cache.json";
const CACHE_FOR: u64 = 7 * 24 * 3600;

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
    std::fs::read_to_string(root.join(CACHE_FILE))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save_cache(root: &Path, cache: &HashMap<String, u64>) {
    let path = root.join(CACHE_FILE);
    let sorted: BTreeMap<&String, &u64> = cache.iter().collect();
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Ok(text) = serde_json::to_string_pretty(&sorted) {
        let _ = std::fs::write(path, text + "\n");
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
    let fresh =
        |url: &str, cache: &HashMap<String, u64>| cache.get(url).is_some_and(|&t| now().saturating_sub(t) < CACHE_FOR);
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
