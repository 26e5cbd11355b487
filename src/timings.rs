//! Stage timings for profiling: a [`Stopwatch`] that prints each stage's wall time, CPU
//! time and resident memory to stderr when `ROLEBOOK_TIMINGS` is set, and nothing
//! otherwise. It depends on nothing in rolebook, so every stage can use it without
//! importing upward.

use std::time::Instant;

/// Prints how long a stage took when `ROLEBOOK_TIMINGS` is set (for profiling builds):
/// wall time, the process's CPU time meanwhile (CPU above wall means the stage used more
/// than one core), and resident memory at its end.
pub struct Stopwatch {
    on: bool,
    last: Instant,
    last_cpu: f64,
}

impl Stopwatch {
    pub fn new() -> Self {
        let on = std::env::var_os("ROLEBOOK_TIMINGS").is_some();
        Stopwatch { on, last: Instant::now(), last_cpu: if on { process_cpu_seconds() } else { 0.0 } }
    }

    pub fn lap(&mut self, stage: &str) {
        if self.on {
            let cpu = process_cpu_seconds();
            eprintln!(
                "[timing] {stage:<28} {:>8.1} ms   cpu {:>7.1} ms   rss {:>5} MB",
                self.last.elapsed().as_secs_f64() * 1000.0,
                (cpu - self.last_cpu) * 1000.0,
                resident_mb()
            );
            self.last = Instant::now();
            self.last_cpu = cpu;
        }
    }
}

/// The process's resident memory now, from `/proc/self/status` (0 where there is none).
fn resident_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kb.unwrap_or(0) / 1024
}

/// User + system CPU time of the whole process so far, from `/proc/self/stat` (0 where
/// there is none). Clock ticks are 1/100 s on Linux.
fn process_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

impl Default for Stopwatch {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn proc_readers_see_this_process_memory_and_cpu() {
        assert!(resident_mb() > 0, "a running test process has resident memory");
        // Spin until the kernel has counted a clock tick of CPU for this process.
        let start = Instant::now();
        while process_cpu_seconds() == 0.0 && start.elapsed().as_secs() < 5 {}
        assert!(process_cpu_seconds() > 0.0, "five seconds of spinning shows as CPU time");
    }
}
