//! Citations: a sentence or quote with where it came from (outlet, title, date, URL), as plain
//! text or Markdown, for the clipboard and for exports. Pure; the reader only sends the result.

use serde::Serialize;

use crate::corpus::Article;

/// How a citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CiteStyle {
    /// One line of plain text: the words in quotes, then the source.
    #[default]
    Plain,
    /// A Markdown block quote with the source linked.
    Markdown,
}

/// Where a piece of text came from, as a reader would cite it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The outlet.
    pub outlet: String,
    /// The article's title.
    pub title: String,
    /// The date as the article states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The article's URL when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Source {
    /// The source of an article, with every field made clean (see [`clean`]).
    pub fn of(article: &Article) -> Source {
        Source {
            outlet: clean(&article.source),
            title: clean(&article.title),
            date: article.date.as_deref().map(clean),
            url: article.url.as_deref().filter(|u| is_web_url(u)).map(clean),
        }
    }

    /// "Outlet, "Title", date, URL" with the parts that are known.
    pub fn plain(&self) -> String {
        let mut out = self.outlet.clone();
        if !self.title.is_empty() && self.title != self.outlet {
            out.push_str(&format!(", \u{201c}{}\u{201d}", self.title));
        }
        for part in [&self.date, &self.url].into_iter().flatten() {
            out.push_str(", ");
            out.push_str(part);
        }
        out
    }

    /// `*Outlet*, [Title](URL), date` in Markdown, with the title's brackets escaped.
    pub fn markdown(&self) -> String {
        let mut out = format!("*{}*", markdown_escape(&self.outlet));
        let title = markdown_escape(&self.title);
        if !title.is_empty() {
            match &self.url {
                Some(url) => out.push_str(&format!(", [{title}](<{}>)", url.replace('>', "%3E"))),
                None => out.push_str(&format!(", {title}")),
            }
        } else if let Some(url) = &self.url {
            out.push_str(&format!(", <{}>", url.replace('>', "%3E")));
        }
        if let Some(date) = &self.date {
            out.push_str(&format!(", {}", markdown_escape(date)));
        }
        out
    }
}

/// `text` cited from `article` in the given style.
pub fn cite(text: &str, article: &Article, style: CiteStyle) -> String {
    let text = clean(text);
    let source = Source::of(article);
    match style {
        CiteStyle::Plain => format!("\u{201c}{text}\u{201d} \u{2014} {}", source.plain()),
        CiteStyle::Markdown => format!(
            "> {}\n>\n> \u{2014} {}",
            markdown_escape(&text),
            source.markdown()
        ),
    }
}

/// True for an http or https URL: the only kind parallax links to or opens.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "http://".len()
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// The text on one line with no control characters at all: article strings are already
/// terminal-safe, but a citation may travel inside an escape sequence (OSC 52), so nothing that
/// could end or start one gets through, nor a line break that would split a quote.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || crate::corpus::sanitize::is_invisible(c) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// Escapes the characters Markdown would read as markup in running text.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        Article {
            origin: "tass.txt".into(),
            title: "CSTO troops [update]".into(),
            source: "TASS".into(),
            date: Some("January 7, 2022".into()),
            url: Some("https://tass.com/world/1384239".into()),
            text: Default::default(),
            sentences: vec![],
            notices: vec![],
        }
    }

    #[test]
    fn plain_citation_names_outlet_title_date_and_url() {
        assert_eq!(
            cite("Troops arrived.", &article(), CiteStyle::Plain),
            "\u{201c}Troops arrived.\u{201d} \u{2014} TASS, \u{201c}CSTO troops [update]\u{201d}, \
             January 7, 2022, https://tass.com/world/1384239"
        );
    }

    #[test]
    fn markdown_citation_links_the_title_and_escapes_markup() {
        assert_eq!(
            cite("*Troops* arrived.", &article(), CiteStyle::Markdown),
            "> \\*Troops\\* arrived.\n>\n> \u{2014} *TASS*, [CSTO troops \\[update\\]]\
             (<https://tass.com/world/1384239>), January 7, 2022"
        );
    }

    #[test]
    fn control_characters_never_reach_a_citation() {
        let mut a = article();
        a.source = "Evil\u{1b}]52;c;AAAA\u{7}Outlet".into();
        a.url = Some("javascript:alert(1)".into());
        let text = cite("Line one\u{9b}31m\nline two\u{1b}\\", &a, CiteStyle::Plain);
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        assert!(
            !text.contains("javascript"),
            "only web URLs are cited: {text}"
        );
        let md = cite("x", &a, CiteStyle::Markdown);
        assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");
    }

    #[test]
    fn only_http_and_https_are_web_urls() {
        assert!(is_web_url("https://example.com/a"));
        assert!(is_web_url("HTTP://example.com"));
        assert!(!is_web_url("file:///etc/passwd"));
        assert!(!is_web_url("https://exa mple.com"));
        assert!(!is_web_url("http://"));
    }
}
