//! Small text helpers shared by the pages: plain text of rendered HTML, labels of skill
//! groups. A leaf of `render/`: it uses nothing else.

/// Plain text of a rendered HTML fragment, for meta descriptions.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
}

pub fn group_label(group: &str) -> &'static str {
    match group {
        "must_have" => "Must-have",
        "good_to_have" => "Good-to-have",
        "advanced" => "Advanced",
        "emerging" => "Emerging",
        _ => "Soft skill",
    }
}
