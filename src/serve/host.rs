//! Which `Host` a request may name for the preview to answer it.
//!
//! A page on another origin can point its own DNS name at this machine (DNS rebinding)
//! and then read the preview as if it were its own; the browser still sends that name as
//! `Host`, so the preview answers only the names it is known by. Contract:
//! [`HostPolicy::allows`] is true only for `localhost`, `127.0.0.1`, `[::1]`, the listening
//! address when it is not a wildcard, and the names given with `--allowed-host`, each bare
//! or with the server's port; an `--allowed-host` that names a port is allowed with that
//! port only. Names compare case-insensitively, addresses by value.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    /// Lower-cased.
    Dns(String),
    Ip(IpAddr),
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Dns(name) => f.write_str(name),
            Name::Ip(IpAddr::V4(ip)) => write!(f, "{ip}"),
            Name::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
        }
    }
}

/// A host the preview answers for, as given to `--allowed-host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    name: Name,
    port: Option<u16>,
}

impl fmt::Display for AllowedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}

/// Parses an `--allowed-host` value: a host name or IP address, optionally with a port.
pub fn parse_allowed(value: &str) -> Result<AllowedHost, String> {
    if value.contains("://") {
        return Err("give the host name only, without a scheme such as `http://`".into());
    }
    if value.contains(['/', '?', '#', '@']) {
        return Err("give the host name only, without a path, query or user".into());
    }
    // A bare IPv6 address has colons of its own, so it cannot carry a port.
    if let Ok(ip) = value.parse::<Ipv6Addr>() {
        return Ok(AllowedHost { name: Name::Ip(IpAddr::V6(ip)), port: None });
    }
    authority(value).ok_or_else(|| {
        format!(
            "`{value}` is not a host name or IP address with an optional port \
             (e.g. `preview.example.test`, `192.168.1.20:1111`, `[fd00::1]`)"
        )
    })
}

/// `host` or `host:port` as in a `Host` header, or `None` if it is not one.
fn authority(text: &str) -> Option<AllowedHost> {
    let (name, port) = if let Some(rest) = text.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (Name::Ip(IpAddr::V6(ip.parse().ok()?)), port)
    } else {
        let (host, port) = match text.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        };
        match host.parse::<Ipv4Addr>() {
            Ok(ip) => (Name::Ip(IpAddr::V4(ip)), port),
            Err(_) if is_dns_name(host) => (Name::Dns(host.to_ascii_lowercase()), port),
            Err(_) => return None,
        }
    };
    let port = match port {
        None => None,
        Some(digits) if !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse().ok()?)
        }
        Some(_) => return None,
    };
    Some(AllowedHost { name, port })
}

/// Letters, digits, `-` and `_` in dot-separated labels of 1 to 63 characters, no label
/// starting or ending with `-`, at most 253 characters in all.
fn is_dns_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// The names one running preview answers for.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    port: u16,
    allowed: Vec<AllowedHost>,
}

impl HostPolicy {
    /// `interface` and `port` are the ones actually bound.
    pub fn new(interface: IpAddr, port: u16, extra: &[AllowedHost]) -> Self {
        let mut allowed = vec![
            AllowedHost { name: Name::Dns("localhost".into()), port: None },
            AllowedHost { name: Name::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)), port: None },
            AllowedHost { name: Name::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)), port: None },
        ];
        // A wildcard is no name anyone can reach the server by.
        if !interface.is_unspecified() {
            allowed.push(AllowedHost { name: Name::Ip(interface), port: None });
        }
        allowed.extend_from_slice(extra);
        HostPolicy { port, allowed }
    }

    /// Whether a `Host` header value (or the authority of an absolute request target)
    /// names this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some(asked) = authority(host) else { return false };
        self.allowed.iter().any(|allowed| {
            allowed.name == asked.name
                && match allowed.port {
                    Some(port) => asked.port == Some(port),
                    None => asked.port.is_none() || asked.port == Some(self.port),
                }
        })
    }

    /// The host as it can be safely repeated in a message and passed to `--allowed-host`,
    /// without the port when it is the server's own, or `None` if it is no host at all.
    pub fn printable(&self, host: &str) -> Option<String> {
        let mut asked = authority(host)?;
        if asked.port == Some(self.port) {
            asked.port = None;
        }
        Some(asked.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(interface: &str, extra: &[&str]) -> HostPolicy {
        let extra: Vec<_> = extra.iter().map(|e| parse_allowed(e).unwrap()).collect();
        HostPolicy::new(interface.parse().unwrap(), 4000, &extra)
    }

    #[test]
    fn loopback_names_are_allowed_bare_or_with_the_servers_port() {
        let p = policy("127.0.0.1", &[]);
        for ok in ["localhost", "LocalHost:4000", "127.0.0.1", "127.0.0.1:4000", "[::1]", "[::1]:4000", "[0:0::1]:4000"]
        {
            assert!(p.allows(ok), "{ok}");
        }
    }

    #[test]
    fn other_hosts_ports_and_spellings_are_refused() {
        let p = policy("127.0.0.1", &[]);
        for bad in [
            "",
            "evil.example",
            "evil.example:4000",
            "localhost:4001",
            "localhost:",
            "localhost:+4000",
            "localhost:04000x",
            "localhost.",
            "sub.localhost",
            "localhost.evil.example",
            "127.0.0.2:4000",
            "127.1",
            "2130706433",
            "[::ffff:127.0.0.1]",
            "[::1",
            "[::1]x",
            "::1",
            "user@localhost",
            "localhost:4000/x",
            "localhost 4000",
            "0.0.0.0:4000",
        ] {
            assert!(!p.allows(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_listening_address_is_allowed_unless_it_is_a_wildcard() {
        assert!(policy("192.168.1.20", &[]).allows("192.168.1.20:4000"));
        assert!(policy("fd00::1", &[]).allows("[fd00::1]:4000"));
        assert!(!policy("0.0.0.0", &[]).allows("0.0.0.0:4000"));
        assert!(!policy("::", &[]).allows("[::]:4000"));
        assert!(!policy("0.0.0.0", &[]).allows("192.168.1.20:4000"), "only names given with --allowed-host");
    }

    #[test]
    fn allowed_hosts_match_case_insensitively_and_keep_their_own_port() {
        let p = policy("0.0.0.0", &["Preview.Example.test", "proxy.test:8080", "::2", "[fd00::9]:81"]);
        assert!(p.allows("preview.example.TEST:4000") && p.allows("preview.example.test"));
        assert!(p.allows("proxy.test:8080"));
        assert!(!p.allows("proxy.test") && !p.allows("proxy.test:4000"), "a given port is the only one");
        assert!(p.allows("[::2]:4000") && p.allows("[fd00::9]:81") && !p.allows("[fd00::9]:4000"));
        assert!(!p.allows("example.test") && !p.allows("evil.preview.example.test"));
    }

    #[test]
    fn allowed_host_values_must_be_a_host_and_optional_port() {
        for ok in ["a.test", "a.test:1", "10.0.0.1:65535", "[::1]:80", "fe80::1", "my_box-1"] {
            assert!(parse_allowed(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "http://a.test",
            "a.test/x",
            "a.test:",
            "a.test:65536",
            "a.test:x",
            "-a.test",
            "a..test",
            "a.test.",
            "*",
            "*.a.test",
            "a test",
            "u@a.test",
            "[::1]:",
            "[fe80::1%eth0]",
        ] {
            assert!(parse_allowed(bad).is_err(), "{bad:?}");
        }
        assert!(parse_allowed("http://a.test").unwrap_err().contains("without a scheme"));
    }

    #[test]
    fn only_well_formed_hosts_are_repeated_in_messages() {
        let p = policy("127.0.0.1", &[]);
        assert_eq!(p.printable("Evil.Example:4000").as_deref(), Some("evil.example"));
        assert_eq!(p.printable("evil.example:81").as_deref(), Some("evil.example:81"));
        assert_eq!(p.printable("<script>"), None);
    }
}
