//! What the floor programs share: reading a corpus, and timing work split over threads.
//! Each program takes `CONTENT_DIR [THREADS]`; without THREADS it runs on one thread and
//! then on every core.

use std::path::Path;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The command line: the content folder, and the thread counts to run with.
pub fn args(program: &str) -> (String, Vec<usize>) {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else { fail(&format!("usage: {program} CONTENT_DIR [THREADS]")) };
    let threads = match args.next().map(|t| t.parse::<usize>()) {
        Some(Ok(n)) if n > 0 => vec![n],
        Some(_) => fail("THREADS must be a positive number"),
        None => vec![1, std::thread::available_parallelism().map_or(1, |n| n.get())],
    };
    (dir, threads)
}

/// The text of every file under `dir` whose name ends in `.ext`, in path order.
pub fn read_corpus(dir: &str, ext: &str) -> Vec<String> {
    let mut texts = Vec::new();
    collect(Path::new(dir), ext, &mut texts);
    if texts.is_empty() {
        fail(&format!("no .{ext} files under {dir}"));
    }
    texts
}

fn collect(dir: &Path, ext: &str, texts: &mut Vec<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dir.display())));
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, ext, texts);
        } else if path.extension().is_some_and(|e| e == ext) {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| fail(&format!("cannot read {} as UTF-8: {e}", path.display())));
            texts.push(text);
        }
    }
}

/// Runs `work` over `items` split into `threads` equal parts, one thread each. Returns the
/// wall time in seconds and the sum of what `work` returned.
pub fn timed<T: Sync>(items: &[T], threads: usize, work: impl Fn(&T) -> usize + Sync) -> (f64, usize) {
    let start = Instant::now();
    let chunk = items.len().div_ceil(threads).max(1);
    let total = std::thread::scope(|scope| {
        let workers: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(|| part.iter().map(&work).sum::<usize>())).collect();
        workers.into_iter().map(|w| w.join().expect("a worker panicked")).sum()
    });
    (start.elapsed().as_secs_f64(), total)
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}
