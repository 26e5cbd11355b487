//! A cache of highlighted code blocks kept between builds.
//!
//! Highlighting is the most expensive part of rendering code-heavy sites, and most code
//! blocks do not change between builds. Entries are keyed by the code, its language and
//! the highlighter's version ([`crate::highlight::VERSION`]); the code and language are
//! stored with the result and compared on lookup, so an entry can never be served for other
//! code, and the themes only affect the stylesheet, never the cached HTML. The cache lives
//! in `.rolebook/cache/highlight.bin` under the site root, is rewritten after a successful
//! build with only the blocks that build used, and is safe to delete.
//! `rolebook build --no-cache` neither reads nor writes it.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

pub const CACHE_FILE: &str = ".rolebook/cache/highlight.bin";
const MAGIC: &[u8] = b"rolebook-highlight-cache\n";

struct Entry {
    lang: String,
    code: String,
    html: String,
    known_language: bool,
}

#[derive(Default)]
struct Cache {
    /// Loaded from disk (read-only while rendering).
    old: HashMap<u64, Arc<Entry>>,
    /// Used by this build, written back afterwards (shared with `old`, not copied).
    used: Mutex<HashMap<u64, Arc<Entry>>>,
    /// Whether this build highlighted a block the cache did not hold.
    fresh: AtomicBool,
}

static CACHE: RwLock<Option<Cache>> = RwLock::new(None);

fn key(code: &str, lang: &str) -> u64 {
    // FNV-1a: stable across Rust versions and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in crate::highlight::VERSION.bytes().chain([0]).chain(lang.bytes()).chain([0]).chain(code.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Turns the cache on for this process, loading `root`'s cache file if it exists.
pub fn enable(root: &Path) {
    let old = load(&root.join(CACHE_FILE)).unwrap_or_default();
    *CACHE.write().expect("no panics while holding the lock") =
        Some(Cache { old, used: Mutex::new(HashMap::new()), fresh: AtomicBool::new(false) });
}

/// Writes the entries this build used and turns the cache off. When the build used exactly
/// the blocks the file holds, the file is left as it is (rewriting it would change nothing).
pub fn finish(root: &Path) {
    let cache = CACHE.write().expect("no panics while holding the lock").take();
    if let Some(cache) = cache {
        let used = cache.used.into_inner().expect("no panics while holding the lock");
        let unchanged = !cache.fresh.into_inner() && used.len() == cache.old.len();
        if !unchanged {
            let _ = save(&root.join(CACHE_FILE), &used);
        }
    }
}

/// Drops the cache without writing it (a failed build).
pub fn discard() {
    CACHE.write().expect("no panics while holding the lock").take();
}

/// Highlights `code`, from the cache when it is on and holds the block.
pub fn highlight(code: &str, lang: &str) -> crate::highlight::Highlighted {
    let guard = CACHE.read().expect("no panics while holding the lock");
    let Some(cache) = guard.as_ref() else { return crate::highlight::highlight(code, lang) };
    let k = key(code, lang);
    if let Some(e) = cache.old.get(&k).filter(|e| e.code == code && e.lang == lang) {
        let out = crate::highlight::Highlighted { html: e.html.clone(), known_language: e.known_language };
        cache.used.lock().expect("no panics while holding the lock").entry(k).or_insert_with(|| Arc::clone(e));
        return out;
    }
    let out = crate::highlight::highlight(code, lang);
    cache.fresh.store(true, Ordering::Relaxed);
    let entry = Entry {
        lang: lang.to_string(),
        code: code.to_string(),
        html: out.html.clone(),
        known_language: out.known_language,
    };
    cache.used.lock().expect("no panics while holding the lock").insert(k, Arc::new(entry));
    out
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn save(path: &Path, entries: &HashMap<u64, Arc<Entry>>) -> std::io::Result<()> {
    let mut keys: Vec<&u64> = entries.keys().collect();
    keys.sort();
    let mut out = Vec::from(MAGIC);
    put_str(&mut out, crate::highlight::VERSION);
    for k in keys {
        let e = &entries[k];
        out.extend_from_slice(&k.to_le_bytes());
        out.push(u8::from(e.known_language));
        put_str(&mut out, &e.lang);
        put_str(&mut out, &e.code);
        put_str(&mut out, &e.html);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // Written beside and renamed, so a crash never leaves half a cache.
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(&out)?;
    file.sync_all()?;
    std::fs::rename(tmp, path)
}

/// Reads the cache file; `None` if it is missing, damaged, or from another highlighter.
fn load(path: &Path) -> Option<HashMap<u64, Arc<Entry>>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.read_to_end(&mut bytes).ok()?;
    let mut cursor = Cursor { rest: bytes.strip_prefix(MAGIC)? };
    if cursor.string()? != crate::highlight::VERSION {
        return None;
    }
    let mut entries = HashMap::new();
    while !cursor.rest.is_empty() {
        let k = u64::from_le_bytes(cursor.take(8)?.try_into().ok()?);
        let known_language = cursor.take(1)?[0] == 1;
        let (lang, code, html) = (cursor.string()?, cursor.string()?, cursor.string()?);
        entries.insert(k, Arc::new(Entry { lang, code, html, known_language }));
    }
    Some(entries)
}

struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let head = self.rest.get(..n)?;
        self.rest = &self.rest[n..];
        Some(head)
    }

    fn string(&mut self) -> Option<String> {
        let len = u64::from_le_bytes(self.take(8)?.try_into().ok()?) as usize;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        let mut entries = HashMap::new();
        entries.insert(
            key("fn x() {}", "rust"),
            Arc::new(Entry {
                lang: "rust".into(),
                code: "fn x() {}".into(),
                html: "<b>x</b>".into(),
                known_language: true,
            }),
        );
        save(&path, &entries).unwrap();
        let loaded = load(&path).unwrap();
        assert_eq!(loaded[&key("fn x() {}", "rust")].html, "<b>x</b>");
        std::fs::write(&path, b"garbage").unwrap();
        assert!(load(&path).is_none());
    }

    #[test]
    fn keys_differ_by_language_and_code() {
        assert_ne!(key("a", "rust"), key("a", "python"));
        assert_ne!(key("a", "rust"), key("b", "rust"));
    }
}
