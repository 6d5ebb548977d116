//! Undo what pasting does to text: BOM, CRLF, surrounding blank lines, uniform indent.

/// Largest paste accepted, in bytes. A real kubeconfig is a few KB; 200 clusters about 1 MiB.
pub const MAX_PASTE_BYTES: usize = 1024 * 1024;

pub fn normalize(raw: &str) -> String {
    let s = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = s.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else { return String::new() };
    let body = &lines[first..=last];
    // A paste from an indented block (an email, a markdown list) shifts every line alike.
    let indent = body.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start_matches(' ').len()).min().unwrap_or(0);
    let mut out = String::with_capacity(s.len());
    for l in body {
        out.push_str(l.get(indent..).unwrap_or(""));
        out.push('\n');
    }
    out
}

/// Human size for limit messages.
pub fn kib(n: usize) -> String {
    format!("{} KiB", n.div_ceil(1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_crlf_blank_lines_and_common_indent() {
        let raw = "\u{feff}\r\n\r\n    a: 1\r\n    b:\r\n      c: 2\r\n\r\n";
        assert_eq!(normalize(raw), "a: 1\nb:\n  c: 2\n");
    }

    #[test]
    fn empty_and_blank_input_normalize_to_empty() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \n\t\n"), "");
    }
}
