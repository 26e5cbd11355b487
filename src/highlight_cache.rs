//! A cache of highlighted code blocks kept between builds.
//!
//! Highlighting is the most expensive part of rendering code-heavy sites, and most code
//! blocks do not change between builds. Entries are keyed by the code, its language and
//! the highlighter's version ([`crate::highlight::VERSION`]); the code and language are
//! stored with the result and compared on lookup, so an entry can never be served for other
//! code, and the themes only affect the stylesheet, never the cached HTML. The cache lives
//! in `.rolebook/cache/highlight.bin` under the site root, is rewritten after a successful
//! build with only the blocks that build used, and is safe to delete.
//! `rolebook build --no-cache` neither reads nor writes it. The cache is a value passed to
//! the markdown stage, never process-wide state: two builds in one process (a test run,
//! the preview server) cannot see each other's cache.
//!
//! The file may come with the site, from whoever wrote it, so nothing in it is trusted:
//! it is read only as a plain file of sane size reached through no link, written only by
//! replacing it (never through a link, see [`crate::output::replace_file`]), and an
//! entry is used only if its HTML is exactly what the highlighter could have written for
//! its code (see [`is_highlighting_of`]); any other entry is dropped and the block
//! highlighted afresh.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub const CACHE_FILE: &str = ".rolebook/cache/highlight.bin";
const MAGIC: &[u8] = b"rolebook-highlight-cache\n";
/// A cache file larger than this is not read (a site's code blocks take a few megabytes).
const MAX_BYTES: u64 = 256 << 20;

struct Entry {
    lang: String,
    code: String,
    html: String,
    known_language: bool,
}

/// The cache of one build: a value made by [`HighlightCache::load`] (or
/// [`HighlightCache::off`] for `--no-cache` and for runs that keep no cache), lent to the
/// markdown stage, and written back by [`HighlightCache::finish`] once the build is in
/// place. Dropping it unwritten is how a failed build discards it.
pub struct HighlightCache {
    /// `None` when off: every block is highlighted afresh and nothing is recorded.
    on: Option<Cache>,
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

fn key(code: &str, lang: &str) -> u64 {
    // FNV-1a: stable across Rust versions and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in crate::highlight::VERSION.bytes().chain([0]).chain(lang.bytes()).chain([0]).chain(code.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl HighlightCache {
    /// No cache: nothing is read, every block is highlighted, nothing is written.
    pub const fn off() -> Self {
        HighlightCache { on: None }
    }

    /// A cache holding `root`'s cache file, if it exists and can be trusted to parse.
    /// Whether this run keeps what it computed for the next (a build does, `check` and
    /// the preview do not).
    pub fn writes(&self) -> bool {
        self.on.is_some()
    }

    pub fn load(root: &Path) -> Self {
        let old = load(root).unwrap_or_default();
        HighlightCache { on: Some(Cache { old, used: Mutex::new(HashMap::new()), fresh: AtomicBool::new(false) }) }
    }

    /// Writes the entries this build used (nothing when off). When the build used exactly
    /// the blocks the file holds, the file is left as it is (rewriting it would change
    /// nothing).
    pub fn finish(self, root: &Path) {
        if let Some(cache) = self.on {
            let used = cache.used.into_inner().expect("no panics while holding the lock");
            let unchanged = !cache.fresh.into_inner() && used.len() == cache.old.len();
            if !unchanged {
                let _ = save(root, &used);
            }
        }
    }

    /// Highlights `code`, from the cache when it is on and holds the block as the
    /// highlighter would write it.
    pub fn highlight(&self, code: &str, lang: &str) -> crate::highlight::Highlighted {
        let Some(cache) = &self.on else { return crate::highlight::highlight(code, lang) };
        let k = key(code, lang);
        let cached = cache.old.get(&k).filter(|e| e.code == code && e.lang == lang);
        if let Some(e) = cached.filter(|e| is_highlighting_of(&e.html, code, e.known_language)) {
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
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn save(root: &Path, entries: &HashMap<u64, Arc<Entry>>) -> std::io::Result<()> {
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
    crate::output::replace_file(root, CACHE_FILE, &out)
}

/// Reads the cache file; `None` if it is missing, damaged, not a plain file, too large,
/// or from another highlighter.
fn load(root: &Path) -> Option<HashMap<u64, Arc<Entry>>> {
    let bytes = crate::output::read_limited(root, CACHE_FILE, MAX_BYTES).ok()?;
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

/// Whether `html` is what the highlighter writes for `code`: the code's text, escaped,
/// with flat `<span class="hl-…">…</span>` tokens (a class of a few lowercase letters,
/// never empty, never nested) around parts of it, and nothing else: no other tag, no
/// other attribute, no entity but the five the escaper writes. A block in an unknown
/// language is plain escaped text. Unescaping it gives back `code` exactly.
fn is_highlighting_of(html: &str, code: &str, known_language: bool) -> bool {
    const OPEN: &[u8] = b"<span class=\"hl-";
    const CLOSE: &[u8] = b"</span>";
    const ENTITIES: [(&[u8], u8); 5] =
        [(b"&amp;", b'&'), (b"&lt;", b'<'), (b"&gt;", b'>'), (b"&quot;", b'"'), (b"&#39;", b'\'')];
    let (mut html, mut code) = (html.as_bytes(), code.as_bytes());
    // Whether a span is open, and whether it holds text yet.
    let (mut open, mut filled) = (false, false);
    while let Some(&first) = html.first() {
        let expected = match first {
            b'<' if html.starts_with(OPEN) && known_language && !open => {
                let class = &html[OPEN.len()..];
                let len = class.iter().take_while(|b| b.is_ascii_lowercase()).count();
                if !(1..=3).contains(&len) || !class[len..].starts_with(b"\">") {
                    return false;
                }
                html = &class[len + 2..];
                (open, filled) = (true, false);
                continue;
            }
            b'<' if html.starts_with(CLOSE) && open && filled => {
                html = &html[CLOSE.len()..];
                open = false;
                continue;
            }
            b'<' | b'>' => return false,
            b'&' => {
                let Some((entity, byte)) = ENTITIES.iter().find(|(entity, _)| html.starts_with(entity)) else {
                    return false;
                };
                html = &html[entity.len()..];
                *byte
            }
            byte => {
                html = &html[1..];
                byte
            }
        };
        match code.split_first() {
            Some((&byte, rest)) if byte == expected => code = rest,
            _ => return false,
        }
        filled = true;
    }
    !open && code.is_empty()
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

    fn entry(code: &str, html: &str) -> HashMap<u64, Arc<Entry>> {
        let entry = Entry { lang: "rust".into(), code: code.into(), html: html.into(), known_language: true };
        HashMap::from([(key(code, "rust"), Arc::new(entry))])
    }

    #[test]
    fn round_trips_and_rejects_garbage() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &entry("fn x() {}", "<span class=\"hl-k\">fn</span> x() {}")).unwrap();
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded[&key("fn x() {}", "rust")].html, "<span class=\"hl-k\">fn</span> x() {}");
        std::fs::write(dir.path().join(CACHE_FILE), b"garbage").unwrap();
        assert!(load(dir.path()).is_none());
    }

    #[test]
    fn what_the_highlighter_writes_is_accepted() {
        for (code, lang) in [
            ("fn main() { let s = \"<b>&amp;</b>\"; }\n", "rust"),
            ("echo 'a' && ls > /dev/null\n", "bash"),
            ("x = 1 if a < b else \"q\"\n", "python"),
            ("plain <text> & 'quotes'\n", "nosuchlang"),
            ("", "rust"),
        ] {
            let out = crate::highlight::highlight(code, lang);
            assert!(is_highlighting_of(&out.html, code, out.known_language), "{lang}: {}", out.html);
        }
        assert!(is_highlighting_of(&crate::escape::html("a \"b\" 'c' <d>"), "a \"b\" 'c' <d>", false));
    }

    #[test]
    fn cached_html_that_the_highlighter_would_not_write_is_refused() {
        let code = "let x = 1;";
        for html in [
            "<script>alert(1)</script>let x = 1;",
            "let x = 1;<script>alert(1)</script>",
            "<span class=\"hl-k\" onclick=\"alert(1)\">let</span> x = 1;",
            "<span class=\"x\">let</span> x = 1;",
            "<span class=\"hl-k x\">let</span> x = 1;",
            "<span class=\"hl-abcd\">let</span> x = 1;",
            "<span class=hl-k>let</span> x = 1;",
            "<img src=x onerror=alert(1)>let x = 1;",
            "<span class=\"hl-k\"><span class=\"hl-s\">let</span></span> x = 1;",
            "<span class=\"hl-k\">let x = 1;",
            "</span>let x = 1;",
            "<span class=\"hl-k\"></span>let x = 1;",
            "let x = 1;>",
            "let x &#61; 1;",
            "let x &eq; 1;",
            "&lt;script&gt;let x = 1;",
            "let x = 2;",
            "let x = 1",
            "let x = 1;;",
        ] {
            assert!(!is_highlighting_of(html, code, true), "{html}");
        }
        // An entity the escaper writes still has to stand for the code's own character.
        assert!(!is_highlighting_of("&lt;script&gt;", "<img>", true));
        assert!(is_highlighting_of("&lt;script&gt;", "<script>", true));
        // A block in an unknown language has no tokens.
        assert!(!is_highlighting_of("<span class=\"hl-k\">let</span> x = 1;", code, false));
    }

    #[test]
    fn an_off_cache_serves_nothing_from_the_file_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let code = "fn main() {}\n";
        // An acceptable entry (plain escaped text) that differs from what the highlighter
        // writes for Rust: seeing it would mean the file was read.
        save(dir.path(), &entry(code, "fn main() {}\n")).unwrap();
        let before = std::fs::read(dir.path().join(CACHE_FILE)).unwrap();
        let cache = HighlightCache::off();
        let out = cache.highlight(code, "rust");
        cache.finish(dir.path());
        assert_ne!(out.html, "fn main() {}\n");
        assert_eq!(out.html, crate::highlight::highlight(code, "rust").html);
        assert_eq!(std::fs::read(dir.path().join(CACHE_FILE)).unwrap(), before, "the file is untouched");
    }

    #[test]
    fn a_cache_dropped_without_finish_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let cache = HighlightCache::load(dir.path());
        let _ = cache.highlight("fn main() {}\n", "rust");
        drop(cache);
        assert!(!dir.path().join(CACHE_FILE).exists(), "a failed build writes no cache");
        let cache = HighlightCache::load(dir.path());
        let _ = cache.highlight("fn main() {}\n", "rust");
        cache.finish(dir.path());
        assert!(load(dir.path()).is_some_and(|e| e.contains_key(&key("fn main() {}\n", "rust"))));
    }

    #[test]
    fn a_poisoned_entry_is_highlighted_afresh_and_dropped_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let code = "fn main() {}\n";
        save(dir.path(), &entry(code, "<img src=x onerror=alert(1)>fn main() {}\n")).unwrap();
        let cache = HighlightCache::load(dir.path());
        let out = cache.highlight(code, "rust");
        cache.finish(dir.path());
        assert!(!out.html.contains("<img"), "{}", out.html);
        assert_eq!(out.html, crate::highlight::highlight(code, "rust").html);
        let saved = load(dir.path()).unwrap();
        assert!(!saved[&key(code, "rust")].html.contains("<img"));
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_file_that_is_a_link_is_neither_read_nor_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let (root, victim) = (dir.path().join("site"), dir.path().join("victim"));
        let saved = tempfile::tempdir().unwrap();
        save(saved.path(), &entry("fn x() {}", "fn x() {}")).unwrap();
        let cache_bytes = std::fs::read(saved.path().join(CACHE_FILE)).unwrap();
        std::fs::write(&victim, &cache_bytes).unwrap();
        std::fs::create_dir_all(root.join(".rolebook/cache")).unwrap();
        std::os::unix::fs::symlink(&victim, root.join(CACHE_FILE)).unwrap();
        assert!(load(&root).is_none(), "read through a link");
        save(&root, &entry("fn y() {}", "fn y() {}")).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), cache_bytes, "written through a link");
        assert!(load(&root).is_some_and(|e| e.contains_key(&key("fn y() {}", "rust"))));
    }

    #[test]
    fn keys_differ_by_language_and_code() {
        assert_ne!(key("a", "rust"), key("a", "python"));
        assert_ne!(key("a", "rust"), key("b", "rust"));
    }
}
