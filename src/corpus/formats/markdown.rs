//! Markdown articles (pulldown-cmark): the text without markup, each heading its own
//! paragraph (so the splitter sees a heading), links as their text, front-matter fields read.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A Markdown article as plain text plus what its front matter or first heading states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownArticle {
    /// Front matter `title:`, else the first level-one heading.
    pub title: Option<String>,
    /// Front matter `source:`, `outlet:`, `publisher:` or `site:`.
    pub source: Option<String>,
    /// Front matter `date:` or `published:`.
    pub date: Option<String>,
    /// Front matter `url:`, `link:` or `canonical:`.
    pub url: Option<String>,
    /// Paragraphs separated by blank lines.
    pub text: String,
}

/// Converts a Markdown document to plain text.
pub fn parse(markdown: &str) -> MarkdownArticle {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut article = MarkdownArticle::default();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_metadata = false;
    let mut in_image = 0usize;
    let mut heading_level = None;
    let mut first_h1 = None;
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let text = current.trim().to_string();
        if !text.is_empty() {
            paragraphs.push(text);
        }
        current.clear();
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => front_matter(&t, &mut article),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut paragraphs);
                heading_level = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                if heading_level == Some(pulldown_cmark::HeadingLevel::H1) && first_h1.is_none() {
                    first_h1 = Some(current.trim().to_string());
                }
                heading_level = None;
                flush(&mut current, &mut paragraphs);
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::TableRow
                | Tag::TableHead
                | Tag::FootnoteDefinition(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition,
            )
            | Event::Rule => flush(&mut current, &mut paragraphs),
            Event::End(TagEnd::TableCell) => current.push_str(" | "),
            Event::Text(t) | Event::Code(t) => {
                // Code blocks keep their line breaks inside the paragraph.
                current.push_str(&t.replace("\n\n", "\n"));
            }
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) => {
                let text = super::html::to_text(&h);
                if !text.is_empty() {
                    current.push_str(&text);
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    for p in &mut paragraphs {
        if let Some(stripped) = p.strip_suffix(" |") {
            *p = stripped.trim_end().to_string();
        }
    }
    article.text = paragraphs.join("\n\n");
    if article.title.is_none() {
        article.title = first_h1.filter(|t| !t.is_empty());
    }
    article
}

/// Reads the simple `key: value` lines of YAML or TOML front matter.
fn front_matter(block: &str, article: &mut MarkdownArticle) {
    for line in block.lines() {
        let Some((key, value)) = line.split_once(':').or_else(|| line.split_once('=')) else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut article.title,
            "source" | "outlet" | "publisher" | "site" | "site_name" => &mut article.source,
            "date" | "published" | "pubdate" => &mut article.date,
            "url" | "link" | "canonical" => &mut article.url,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_headings_stay_as_their_own_paragraphs() {
        let md = "---\ntitle: \"Talks resume\"\nsource: Daily Wire Service\ndate: 2022-01-10\n---\n\n\
                  # Talks resume in Geneva\n\nDelegates met on **Monday** for [talks](https://example.com) \
                  that lasted\nseven hours.\n\n## What comes next\n\n- A second round\n- A joint statement\n\n\
                  ![A photo of the hall](hall.jpg)\n\n> \"We are hopeful,\" one envoy said.\n";
        let a = parse(md);
        assert_eq!(a.title.as_deref(), Some("Talks resume"));
        assert_eq!(a.source.as_deref(), Some("Daily Wire Service"));
        assert_eq!(a.date.as_deref(), Some("2022-01-10"));
        assert_eq!(
            a.text,
            "Talks resume in Geneva\n\nDelegates met on Monday for talks that lasted seven hours.\n\n\
             What comes next\n\nA second round\n\nA joint statement\n\n\"We are hopeful,\" one envoy said."
        );
    }

    #[test]
    fn without_front_matter_the_first_heading_is_the_title() {
        let a = parse("Intro line.\n\n# The headline\n\nBody text.");
        assert_eq!(a.title.as_deref(), Some("The headline"));
        assert!(a.source.is_none());
    }
}
