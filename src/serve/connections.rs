//! The preview's connection slots: one thread per connection, a fixed number of them, and
//! who gives a slot up when they are all taken.
//!
//! Contract: at most `max` connections (so threads) are alive at once, and at most
//! `max_events` of them are live-reload streams (a new stream closes the oldest). A new
//! connection is not refused while some connection has held its slot for longer than
//! `grace`: the one that has waited longest for its request head is closed in its place,
//! or, when every slot is past its head, the oldest one. Idle and trickling connections
//! therefore lose their slots to whoever comes next and cannot lock people out; only a
//! flood of new connections faster than `max` per `grace` can, and that can saturate any
//! server. Closing a slot shuts its socket down, which wakes a thread blocked on it.

use std::collections::BTreeMap;
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max: usize,
    pub max_events: usize,
    /// How long a slot is safe from being taken over, so a burst of real requests does not
    /// close its own members before they are read.
    pub grace: Duration,
    /// How long a new connection waits for a slot to free before it is told the server is busy.
    pub admit_wait: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max: 256, max_events: 64, grace: Duration::from_millis(250), admit_wait: Duration::from_secs(2) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the request head.
    Head,
    /// Writing an answer.
    Response,
    /// A live-reload event stream.
    Events,
}

struct Entry {
    stream: Arc<TcpStream>,
    phase: Phase,
    since: Instant,
    /// Shared with the slot, so its thread can check it without this lock.
    closed: Arc<AtomicBool>,
}

struct Inner {
    next: u64,
    /// Closed entries stay until their thread ends, so the count is the count of threads.
    live: BTreeMap<u64, Entry>,
}

pub struct Connections {
    limits: Limits,
    inner: Mutex<Inner>,
    freed: Condvar,
    /// Wakes event-stream threads waiting for a build, so a closed one ends at once.
    wake_streams: Box<dyn Fn() + Send + Sync>,
}

/// A connection's hold on its slot; dropping it frees the slot.
pub struct Slot {
    id: u64,
    owner: Arc<Connections>,
    stream: Arc<TcpStream>,
    closed: Arc<AtomicBool>,
}

impl Connections {
    pub fn new(limits: Limits, wake_streams: Box<dyn Fn() + Send + Sync>) -> Self {
        Connections {
            limits,
            inner: Mutex::new(Inner { next: 0, live: BTreeMap::new() }),
            freed: Condvar::new(),
            wake_streams,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().expect("no panics while holding the lock")
    }

    /// A slot for a new connection, closing another to make room if need be; the
    /// stream back if none frees within `admit_wait`.
    pub fn admit(self: &Arc<Self>, stream: TcpStream) -> Result<Slot, TcpStream> {
        let deadline = Instant::now() + self.limits.admit_wait;
        let mut inner = self.lock();
        loop {
            if inner.live.len() < self.limits.max {
                let id = inner.next;
                inner.next += 1;
                let stream = Arc::new(stream);
                let closed = Arc::new(AtomicBool::new(false));
                let entry =
                    Entry { stream: stream.clone(), phase: Phase::Head, since: Instant::now(), closed: closed.clone() };
                inner.live.insert(id, entry);
                return Ok(Slot { id, owner: self.clone(), stream, closed });
            }
            // One closing at a time: a slot being closed frees soon, and closing more
            // would cost connections without gaining room.
            let closing = inner.live.values().any(|e| e.closed.load(Ordering::SeqCst));
            if !closing {
                if let Some(id) = self.victim(&inner) {
                    self.close(&mut inner, id);
                }
            }
            let now = Instant::now();
            let Some(left) = deadline.checked_duration_since(now).filter(|d| !d.is_zero()) else {
                return Err(stream);
            };
            // Wakes on a freed slot, or soon after to see whether one is past its grace.
            inner = self.freed.wait_timeout(inner, left.min(Duration::from_millis(20))).expect("no panics").0;
        }
    }

    /// The slot to take over: the oldest still reading its head, else the oldest of all,
    /// among those past their grace.
    fn victim(&self, inner: &Inner) -> Option<u64> {
        let now = Instant::now();
        let open = || {
            inner
                .live
                .iter()
                .filter(|(_, e)| !e.closed.load(Ordering::SeqCst) && now.duration_since(e.since) >= self.limits.grace)
        };
        let oldest = |it: &mut dyn Iterator<Item = (&u64, &Entry)>| it.min_by_key(|(_, e)| e.since).map(|(id, _)| *id);
        oldest(&mut open().filter(|(_, e)| e.phase == Phase::Head)).or_else(|| oldest(&mut open()))
    }

    fn close(&self, inner: &mut Inner, id: u64) {
        let Some(entry) = inner.live.get(&id) else { return };
        entry.closed.store(true, Ordering::SeqCst);
        let _ = entry.stream.shutdown(Shutdown::Both);
        if entry.phase == Phase::Events {
            (self.wake_streams)();
        }
    }

    /// Connections holding a slot, closed ones whose thread has not ended included.
    #[cfg(test)]
    fn live(&self) -> usize {
        self.lock().live.len()
    }
}

impl Slot {
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Whether the slot was taken over; its socket is then shut down.
    pub fn closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Moves the connection to `phase`; entering [`Phase::Events`] closes the oldest
    /// streams beyond the limit.
    pub fn enter(&self, phase: Phase) {
        let owner = &self.owner;
        let mut inner = owner.lock();
        if phase == Phase::Events {
            loop {
                let streams = inner
                    .live
                    .iter()
                    .filter(|(id, e)| **id != self.id && e.phase == Phase::Events && !e.closed.load(Ordering::SeqCst));
                if streams.clone().count() < owner.limits.max_events {
                    break;
                }
                let Some(oldest) = streams.min_by_key(|(_, e)| e.since).map(|(id, _)| *id) else { break };
                owner.close(&mut inner, oldest);
            }
        }
        if let Some(entry) = inner.live.get_mut(&self.id) {
            entry.phase = phase;
            entry.since = Instant::now();
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.owner.lock().live.remove(&self.id);
        self.owner.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;
    use std::sync::atomic::AtomicUsize;

    /// A connected pair on loopback: (the server's end, the client's end).
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (listener.accept().unwrap().0, client)
    }

    /// Whether the server's end was shut down; a read that times out means it is open.
    fn is_shut(client: &mut TcpStream) -> bool {
        client.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
        match client.read(&mut [0; 1]) {
            Ok(n) => n == 0,
            Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
        }
    }

    fn limits(max: usize, max_events: usize) -> Limits {
        Limits { max, max_events, grace: Duration::from_millis(30), admit_wait: Duration::from_millis(500) }
    }

    #[test]
    fn a_full_server_closes_the_oldest_connection_still_reading_its_head() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let connections = Arc::new(Connections::new(limits(3, 3), Box::new(|| {})));
        let (s1, mut c1) = pair(&listener);
        let first = connections.admit(s1).ok().unwrap();
        first.enter(Phase::Response);
        let (s2, mut c2) = pair(&listener);
        let second = connections.admit(s2).ok().unwrap();
        let (s3, mut c3) = pair(&listener);
        let _third = connections.admit(s3).ok().unwrap();
        std::thread::sleep(Duration::from_millis(40));

        // The slot only frees when its thread lets go, as a real handler does once its
        // read fails.
        let releaser = std::thread::spawn(move || {
            while !second.closed() {
                std::thread::sleep(Duration::from_millis(1));
            }
            drop(second);
        });
        let (s4, _c4) = pair(&listener);
        let fourth = connections.admit(s4);
        assert!(fourth.is_ok(), "the newcomer gets a slot");
        releaser.join().unwrap();
        assert!(is_shut(&mut c2), "the oldest head reader was closed");
        assert!(!first.closed() && !is_shut(&mut c1), "an older response is left alone while heads wait");
        assert!(!is_shut(&mut c3), "a younger head reader is left alone");
        assert_eq!(connections.live(), 3);
    }

    #[test]
    fn connections_within_their_grace_are_not_closed_and_the_newcomer_is_refused() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let limits = Limits { grace: Duration::from_secs(60), admit_wait: Duration::from_millis(100), ..limits(2, 2) };
        let connections = Arc::new(Connections::new(limits, Box::new(|| {})));
        let (s1, mut c1) = pair(&listener);
        let (s2, _c2) = pair(&listener);
        let _a = connections.admit(s1).ok().unwrap();
        let _b = connections.admit(s2).ok().unwrap();
        let (s3, _c3) = pair(&listener);
        assert!(connections.admit(s3).is_err());
        assert!(!is_shut(&mut c1));
    }

    #[test]
    fn a_new_event_stream_beyond_the_limit_closes_the_oldest_and_wakes_the_streams() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = woken.clone();
        let connections = Arc::new(Connections::new(
            limits(10, 2),
            Box::new(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            }),
        ));
        let mut slots = Vec::new();
        let mut clients = Vec::new();
        for _ in 0..3 {
            let (server, client) = pair(&listener);
            let slot = connections.admit(server).ok().unwrap();
            slot.enter(Phase::Events);
            slots.push(slot);
            clients.push(client);
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(slots[0].closed() && is_shut(&mut clients[0]), "the oldest stream was closed");
        assert!(!slots[1].closed() && !slots[2].closed());
        assert_eq!(woken.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn dropping_a_slot_frees_it() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let connections = Arc::new(Connections::new(limits(1, 1), Box::new(|| {})));
        let (s1, _c1) = pair(&listener);
        let slot = connections.admit(s1).ok().unwrap();
        assert_eq!(connections.live(), 1);
        drop(slot);
        assert_eq!(connections.live(), 0);
        let (s2, _c2) = pair(&listener);
        assert!(connections.admit(s2).is_ok());
    }
}
