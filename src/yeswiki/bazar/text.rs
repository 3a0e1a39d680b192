//! Text helpers of the Bazar import: labels made plain, values made safe for a page, the
//! HTML of YesWiki's WYSIWYG editor made Markdown when no better converter is wired in, links
//! to a page's attachments.

use super::TextSyntax;
use crate::names::page_path;

/// A one-line text for people: HTML tags removed, the common entities decoded, control
/// characters dropped, spaces collapsed.
pub(super) fn clean_inline(text: &str) -> String {
    let text = decode_entities(&strip_tags(text));
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A multi-line value: line ends made `\n`, control characters but tabs and line ends dropped.
pub(super) fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&apos;`, `&nbsp;` and numeric
/// references; anything else is left as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markdown from a `textelong` value without the YesWiki converter: HTML's paragraphs, line
/// breaks, emphasis, lists, headings and links become Markdown and other tags are dropped;
/// wiki syntax and plain text are returned as they are (YesWiki's lists and bold already read
/// as Markdown).
pub fn basic_markup(text: &str, syntax: TextSyntax) -> String {
    let text = clean_text(text);
    if syntax != TextSyntax::Html {
        return text.trim_end().to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut lists: Vec<(bool, usize)> = Vec::new();
    let mut links: Vec<Option<String>> = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('<') {
        push_text(&mut out, &rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            push_text(&mut out, &rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div" | "blockquote" | "table" | "tr", _) => block_break(&mut out),
            ("br", _) => out.push('\n'),
            ("strong" | "b", _) => out.push_str("**"),
            ("em" | "i", _) => out.push('*'),
            ("ul", false) => {
                block_break(&mut out);
                lists.push((false, 0));
            }
            ("ol", false) => {
                block_break(&mut out);
                lists.push((true, 0));
            }
            ("ul" | "ol", true) => {
                lists.pop();
                block_break(&mut out);
            }
            ("li", false) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"  ".repeat(depth.min(8)));
                match lists.last_mut() {
                    Some((true, n)) => {
                        *n += 1;
                        out.push_str(&format!("{n}. "));
                    }
                    _ => out.push_str("- "),
                }
            }
            (h, false) if h.len() == 2 && h.starts_with('h') && h[1..].parse::<u8>().is_ok() => {
                block_break(&mut out);
                let level = h[1..].parse::<usize>().unwrap_or(1).clamp(1, 5);
                out.push_str(&"#".repeat(level + 1));
                out.push(' ');
            }
            (h, true) if h.len() == 2 && h.starts_with('h') && h[1..].parse::<u8>().is_ok() => {
                block_break(&mut out);
            }
            ("a", false) => {
                let href = attribute(tag, "href").filter(|h| {
                    let lower = h.to_ascii_lowercase();
                    lower.starts_with("http://")
                        || lower.starts_with("https://")
                        || lower.starts_with("mailto:")
                });
                if href.is_some() {
                    out.push('[');
                }
                links.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = links.pop() {
                    out.push_str(&format!(
                        "]({})",
                        href.replace(' ', "%20").replace(')', "%29")
                    ));
                }
            }
            _ => {}
        }
    }
    push_text(&mut out, rest);
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.trim_end();
        if line.is_empty() && (text.is_empty() || text.ends_with("\n\n")) {
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    text.trim().to_owned()
}

fn push_text(out: &mut String, text: &str) {
    let text = decode_entities(text).replace('\u{a0}', " ");
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 && !out.ends_with(' ') && !out.ends_with('\n') {
            out.push(' ');
        }
        if out.ends_with('\n') || out.is_empty() {
            out.push_str(part.trim_start());
        } else {
            out.push_str(part);
        }
    }
}

fn block_break(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', '\n']).len();
    out.truncate(trimmed);
    if !out.is_empty() {
        out.push_str("\n\n");
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let value = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
        _ => rest.split(|c: char| c.is_whitespace()).next()?,
    };
    Some(decode_entities(value))
}

/// Everything but unreserved characters encoded, as `markup::url` encodes an attachment's path
/// segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode_segment(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, SEGMENT).to_string()
}

/// Escapes the characters that would make a label Markdown.
pub(super) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The address of an attachment of a page, as an `image` field's `src`.
pub(super) fn attachment_src(page: &str, attachment: &str) -> String {
    format!(
        "{}/attachments/{}",
        page_path(page),
        encode_segment(attachment)
    )
}

/// A link to an attachment of the sheet's page, for Markdown.
pub(super) fn attachment_link(label: &str, attachment: &str, image: bool) -> String {
    format!(
        "{}[{}](attachment:{})",
        if image { "!" } else { "" },
        escape_markdown(label),
        encode_segment(attachment)
    )
}
