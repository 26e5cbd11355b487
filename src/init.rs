//! `rolebook init`: a new site that builds at once, with the built-in default theme.

use std::path::Path;

use crate::error::{Error, Result};

const CONFIG: &str = "# rolebook site configuration. Every key is optional.
title: Careers
description: Roles, skills and career paths at our company.
# Where the site is published; links work under a sub-path too.
base_url: https://example.org/
language: en
theme: default
";

const HOME: &str = "---
title: Careers
description: Roles, skills and career paths at our company.
---

Welcome! This site describes the roles on our teams: what each role is for, the
skills it needs, and where it leads.

Read [about this site](@/about.md) to learn how it is made.
";

const ABOUT: &str = "---
title: About this site
description: How this careers site is written and published.
weight: 10
---

This site is built with **rolebook** from the markdown and YAML files in `content/`.

## Editing

Each page is a markdown file with a short YAML header. Run `rolebook serve` to see
your changes as you save them, and `rolebook build` to write the site to `public/`.
";

/// Creates a site in `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "`{}` is not empty; choose a new folder name so no file is overwritten",
                dir.display()
            )));
        }
    }
    let files = [("rolebook.yaml", CONFIG), ("content/_index.md", HOME), ("content/about.md", ABOUT)];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    // The output, the caches, and what a build keeps beside its output while it runs
    // (a staging folder and a lock file that a killed build can leave behind).
    std::fs::write(dir.join(".gitignore"), "/public/\n/.rolebook/\n/.public.rolebook-*\n")
        .map_err(|e| Error::io(dir, e))?;
    Ok(())
}
