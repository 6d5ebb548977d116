//! Shell words and here-documents for the runbook.

/// One shell word. Validated values pass through unchanged; placeholders such as
/// `<vm-ip>` and anything unusual are single-quoted, so they stay inert.
pub fn word(s: &str) -> String {
    shlex::try_quote(s).map_or_else(|_| "''".to_string(), |c| c.into_owned())
}

/// `cmd <<'DELIM'` + content + `DELIM`, with a delimiter no line of `content` equals.
pub fn heredoc(cmd: &str, content: &str) -> String {
    let mut delim = String::from("RSP_K8S_CONFIG_EOF");
    while content.lines().any(|l| l == delim) {
        delim.push('_');
    }
    let nl = if content.ends_with('\n') { "" } else { "\n" };
    format!("{cmd} <<'{delim}'\n{content}{nl}{delim}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_leaves_plain_words_and_quotes_the_rest() {
        assert_eq!(word("rstudio"), "rstudio");
        assert_eq!(word("10.154.0.0/20"), "10.154.0.0/20");
        assert_eq!(word("<vm-ip>"), "'<vm-ip>'");
        assert_eq!(word("a'b"), "\"a'b\"");
    }

    #[test]
    fn heredoc_delimiter_never_appears_in_content() {
        let h = heredoc("cat", "RSP_K8S_CONFIG_EOF\nx");
        assert!(h.starts_with("cat <<'RSP_K8S_CONFIG_EOF_'\n"));
        assert!(h.ends_with("\nx\nRSP_K8S_CONFIG_EOF_\n"));
    }
}
