//! Web pages: finding the article in a saved or fetched page (dom_smoothie, a readability port,
//! with a simple own extraction as fallback), and turning HTML fragments into plain paragraphs.

/// The article found in a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The headline, without the site name that `<title>` often appends.
    pub title: Option<String>,
    /// The author line, as the page states it.
    pub byline: Option<String>,
    /// The publication date, as the page states it.
    pub date: Option<String>,
    /// The outlet (`og:site_name` or the site's name).
    pub site_name: Option<String>,
    /// The canonical URL when the page names one.
    pub url: Option<String>,
    /// The article text: paragraphs separated by blank lines.
    pub text: String,
    /// How the text was found.
    pub method: Method,
    /// What the reader should know about how the page was read (a bound that was hit).
    pub notice: Option<String>,
}

/// Which extractor produced the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Method {
    /// dom_smoothie's readability scoring.
    #[default]
    Readability,
    /// The simple own extraction: every paragraph outside page furniture.
    Fallback,
}

/// Elements removed before readability scoring, by what their class or id says they are.
const FURNITURE_SELECTOR: &str = "[class*=cookie i], [id*=cookie i], [class*=consent i], \
    [id*=consent i], [class*=gdpr i], [class*=newsletter i], [id*=newsletter i], \
    [class*=share i], [id*=share i], [class*=social i], [class*=related i], [id*=related i], \
    [class*=subscribe i], [class*=promo i], [class*=paywall i], [class*=most-read i], \
    [class*=trending i], [class*=recommend i], [role=dialog], [aria-modal=true], \
    [class*=advert i], [class^=ad- i], [class*=' ad-' i], [id^=ad- i], [class~=ad i], \
    [class*=twitter-tweet i], [class*=instagram-media i], [class*=tiktok-embed i]";

/// Furniture blocks hold little text; anything longer is spared (it may hold the article).
const FURNITURE_MAX_CHARS: usize = 1500;

/// Below this many words, a readability result is distrusted and the fallback compared.
const MIN_READABLE_WORDS: usize = 40;

/// Which extraction steps run; everything by default. Switching steps off is for measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Remove cookie notices, share bars, related lists and the like before readability.
    pub strip_furniture: bool,
    /// Use the own extraction when readability fails or finds very little.
    pub fallback: bool,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            strip_furniture: true,
            fallback: true,
        }
    }
}

/// Element nesting deeper than this is not given to the readability step (whose cost grows
/// with the square of the depth): the simple extraction reads the page instead.
pub const MAX_NESTING: usize = 512;

/// Pages with more elements than this are read by the simple extraction alone.
pub const MAX_ELEMENTS: usize = 100_000;

/// Finds the article in an HTML page. `url` (when fetched) resolves relative links.
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    extract_with(html, url, ExtractOptions::default())
}

/// [`extract`] with chosen steps.
pub fn extract_with(html: &str, url: Option<&str>, opts: ExtractOptions) -> Extracted {
    let fallback_text = || {
        if opts.fallback {
            own_extraction(html)
        } else {
            String::new()
        }
    };
    let shape = shape(html);
    let over = if shape.depth > MAX_NESTING {
        Some(format!(
            "elements nested {} deep, over the bound of {MAX_NESTING}",
            shape.depth
        ))
    } else if shape.elements > MAX_ELEMENTS {
        Some(format!(
            "{} elements, over the bound of {MAX_ELEMENTS}",
            shape.elements
        ))
    } else {
        None
    };
    if let Some(over) = over {
        let (date, url) = meta_fallbacks(html);
        return Extracted {
            title: page_title(html),
            date,
            url,
            text: own_extraction(html),
            method: Method::Fallback,
            notice: Some(format!(
                "the page has {over}; read with the simple extractor"
            )),
            ..Extracted::default()
        };
    }
    let Ok(mut readability) = dom_smoothie::Readability::new(html, url, None) else {
        return Extracted {
            text: fallback_text(),
            method: Method::Fallback,
            ..Extracted::default()
        };
    };
    let meta = readability.get_article_metadata(readability.parse_json_ld());
    // Readability scoring does not know cookie notices, share bars or newsletter boxes; when
    // they sit beside the article they survive it, so remove them first. Big containers are
    // spared: a body classed `has-cookie-banner` still holds the article.
    let furniture = if opts.strip_furniture {
        readability.doc.select(FURNITURE_SELECTOR)
    } else {
        readability.doc.select("parallax-selects-nothing")
    };
    for node in furniture.nodes() {
        let name = node.node_name().unwrap_or_default();
        let container = matches!(&*name, "html" | "body" | "main" | "article");
        if !container && node.text().len() < FURNITURE_MAX_CHARS {
            node.remove_from_parent();
        }
    }
    let mut out = Extracted {
        title: non_empty(&meta.title),
        byline: meta.byline.as_deref().and_then(non_empty),
        date: meta.published_time.as_deref().and_then(non_empty),
        site_name: meta.site_name.as_deref().and_then(non_empty),
        url: meta.url.as_deref().and_then(non_empty),
        ..Extracted::default()
    };
    match readability.parse() {
        Ok(article) => {
            out.title = non_empty(&article.title).or(out.title);
            out.byline = article.byline.as_deref().and_then(non_empty).or(out.byline);
            out.date = article
                .published_time
                .as_deref()
                .and_then(non_empty)
                .or(out.date);
            out.site_name = article
                .site_name
                .as_deref()
                .and_then(non_empty)
                .or(out.site_name);
            out.url = article.url.as_deref().and_then(non_empty).or(out.url);
            out.text = to_text(&article.content);
            out.method = Method::Readability;
            if word_count(&out.text) < MIN_READABLE_WORDS {
                let own = fallback_text();
                if word_count(&own) > word_count(&out.text) {
                    out.text = own;
                    out.method = Method::Fallback;
                }
            }
        }
        Err(_) => {
            out.text = fallback_text();
            out.method = Method::Fallback;
        }
    }
    let (meta_date, canonical) = meta_fallbacks(html);
    out.date = out.date.or(meta_date).or_else(|| first_time_element(html));
    out.url = out.url.or(canonical);
    if let (Some(title), Some(site)) = (&out.title, &out.site_name) {
        out.title = Some(without_site_name(title, site));
    }
    out.byline = out.byline.map(|b| collapse_whitespace(&b));
    let (text, stated_date) = drop_metadata_lines(&out.text, &out);
    out.text = text;
    out.date = out.date.or(stated_date);
    out
}

/// How deeply a page's elements nest and how many there are, counted on the markup without
/// building a tree. Elements whose end tag may be left out (`p`, `li`, `td`...) and void ones do
/// not deepen the count, so ordinary sloppy pages stay shallow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Deepest nesting of elements that need an end tag.
    pub depth: usize,
    /// Start tags.
    pub elements: usize,
}

/// Measures `html` in one pass (see [`Shape`]).
pub fn shape(html: &str) -> Shape {
    const OPTIONAL_END: &[&str] = &[
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
        "colgroup", "rb", "rt", "rp", "html", "head", "body",
    ];
    let mut shape = Shape::default();
    let mut depth = 0usize;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if let Some(body) = rest.strip_prefix("<!--") {
            rest = body.find("-->").map_or("", |e| &body[e + 3..]);
            continue;
        }
        let bytes = rest.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let start = if closing { 2 } else { 1 };
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            rest = &rest[1..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[start..end];
        let name_len = tag
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len());
        let name = tag[..name_len].to_ascii_lowercase();
        rest = &rest[end..];
        let counted = !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str());
        if closing {
            if counted {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        shape.elements += 1;
        if matches!(name.as_str(), "script" | "style") {
            rest = after_raw_text(rest, &name);
            continue;
        }
        if counted && !tag.trim_end_matches('>').ends_with('/') {
            depth += 1;
            shape.depth = shape.depth.max(depth);
        }
    }
    shape
}

/// What follows the end tag `</name` of a raw-text element, found without case and without
/// copying the rest of the page.
fn after_raw_text<'a>(rest: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(i) = rest[from..].find("</") {
        let at = from + i;
        let candidate = rest.as_bytes().get(at + 2..at + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return &rest[at..];
        }
        from = at + 2;
    }
    ""
}

/// The text of the page's `<title>`, for a page read without the readability step.
fn page_title(html: &str) -> Option<String> {
    let head = &html[..html.len().min(1 << 16)];
    let lower = head.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + tag_end(&head[open..]);
    let end = lower[start..].find("</title").map(|e| start + e)?;
    non_empty(&decode_entities(&head[start..end]))
}

/// Drops paragraphs that only restate metadata the document carries anyway: the headline, a
/// date or time alone, a byline naming the author, and a "Source: <site>" line.
fn drop_metadata_lines(text: &str, meta: &Extracted) -> (String, Option<String>) {
    let title = meta.title.as_deref().map(str::trim);
    let site = meta.site_name.as_deref().map(str::to_lowercase);
    let author = meta.byline.as_deref().map(str::to_lowercase);
    let mut stated_date = None;
    let kept: Vec<&str> = text
        .split("\n\n")
        .enumerate()
        .filter(|&(i, p)| {
            let p = p.trim();
            let lower = p.to_lowercase();
            let words = p.split_whitespace().count();
            let repeated_title = i <= 1 && Some(p) == title;
            let byline = words <= 8
                && lower.starts_with("by ")
                && author.as_deref().is_some_and(|a| lower.contains(a));
            let source_line = words <= 6
                && ["source:", "source -"].iter().any(|s| lower.starts_with(s))
                && site.as_deref().is_some_and(|s| lower.contains(s));
            let kicker = i == 0 && words == 1 && !p.ends_with(['.', '!', '?']);
            let date_line = is_date_only(p) || is_info_line(p);
            if date_line && stated_date.is_none() {
                stated_date = p
                    .split(['|', '·', '•'])
                    .map(str::trim)
                    .find(|part| is_date_only(part))
                    .map(String::from);
            }
            !(repeated_title || byline || source_line || kicker || date_line)
        })
        .map(|(_, p)| p)
        .collect();
    (kept.join("\n\n"), stated_date)
}

/// `title` without the site name pages append or prepend ("Headline | Site", "Site - Headline").
fn without_site_name(title: &str, site: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(head) = title.strip_suffix(site).and_then(|t| t.strip_suffix(sep)) {
            return head.trim().to_string();
        }
        if let Some(tail) = title.strip_prefix(site).and_then(|t| t.strip_prefix(sep)) {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

/// Metadata dom_smoothie may miss: a publication date in `<meta name=...>` or `property`
/// under any of the common names, and the canonical link.
fn meta_fallbacks(html: &str) -> (Option<String>, Option<String>) {
    const DATE_KEYS: &[&str] = &[
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "dc.date.issued",
        "dc.date",
        "parsely-pub-date",
        "sailthru.date",
    ];
    let head_end = html
        .to_ascii_lowercase()
        .find("</head")
        .unwrap_or(html.len());
    let head = &html[..head_end];
    let mut date = None;
    let mut canonical = None;
    let mut from = 0;
    while let Some(i) = head[from..].find('<') {
        let start = from + i;
        let end = start + tag_end(&head[start..]);
        let tag = &head[start..end];
        from = end.max(start + 1);
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("<meta") && date.is_none() {
            let key = attribute(&tag[5..], "property")
                .or_else(|| attribute(&tag[5..], "name"))
                .or_else(|| attribute(&tag[5..], "itemprop"))
                .map(|k| k.to_ascii_lowercase());
            if key.is_some_and(|k| DATE_KEYS.contains(&k.as_str())) {
                date = attribute(&tag[5..], "content").filter(|c| !c.trim().is_empty());
            }
        } else if lower.starts_with("<link") && canonical.is_none() {
            let rel = attribute(&tag[5..], "rel").map(|r| r.to_ascii_lowercase());
            if rel.as_deref() == Some("canonical") {
                canonical = attribute(&tag[5..], "href").filter(|h| h.starts_with("http"));
            }
        }
    }
    (date, canonical)
}

/// A short line without final punctuation that holds a date among other metadata, such as
/// "Reuters staff | 15 Jan 2022 | 2 min read".
fn is_info_line(p: &str) -> bool {
    let words = p.split_whitespace().count();
    let ends_like_sentence = p.trim_end().ends_with(['.', '!', '?', '"', '”']);
    words <= 10
        && !ends_like_sentence
        && p.split(['|', '·', '•'])
            .any(|part| is_date_only(part.trim()))
}

/// A paragraph holding only a date and/or time, such as "11.01.2022 09:12" or
/// "Monday, 10 January 2022, 14:05 GMT".
fn is_date_only(p: &str) -> bool {
    /// Words besides months and weekdays that a date line may hold.
    const WORDS: &[&str] = &[
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "gmt",
        "utc",
        "updated",
        "published",
        "at",
    ];
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.is_empty() || words.len() > 7 || !p.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    words.iter().all(|w| {
        let w = w.trim_matches([',', '|', '·', '(', ')']).to_lowercase();
        w.is_empty()
            || w.chars().all(|c| c.is_ascii_digit() || ".:/-+".contains(c))
            || [w.trim_end_matches([':', '.']), w.as_str()]
                .iter()
                .any(|w| {
                    WORDS.contains(w) || crate::text::month(w).is_some() || crate::text::weekday(w)
                })
    })
}

fn non_empty(s: &str) -> Option<String> {
    let s = collapse_whitespace(s);
    (!s.is_empty()).then_some(s)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Converts an HTML fragment (an extracted article, a feed item's content) to plain text:
/// paragraphs separated by blank lines, headings and list items as their own paragraphs,
/// entities decoded; scripts, styles, forms, figures and captions left out.
pub fn to_text(html: &str) -> String {
    Converter::new(false).run(html).join("\n\n")
}

/// The simple own extraction: the page's paragraphs outside navigation, headers, footers,
/// asides and blocks whose class or id names furniture (cookies, sharing, related links...),
/// keeping only paragraphs that read like prose rather than lists of links.
pub fn own_extraction(html: &str) -> String {
    Converter::new(true).run(html).join("\n\n")
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "head",
    "button",
    "select",
    "textarea",
    "form",
    "figure",
    "figcaption",
    "dialog",
];

/// Elements that are page furniture in a whole page (only skipped in the own extraction).
const FURNITURE_ELEMENTS: &[&str] = &["nav", "header", "footer", "aside", "menu"];

/// Words in a class or id that mark page furniture (only used in the own extraction).
const FURNITURE_WORDS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscribe",
    "promo",
    "advert",
    "banner",
    "breadcrumb",
    "comment",
    "sidebar",
    "menu",
    "nav",
    "footer",
    "header",
    "popup",
    "modal",
    "paywall",
    "most-read",
    "trending",
    "tags",
    "byline",
    "author",
    "meta",
    "caption",
    "credit",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "main",
    "table",
    "tr",
    "td",
    "th",
    "pre",
    "hr",
    "br",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "header",
    "footer",
    "nav",
    "aside",
];

/// One paragraph being collected, with how much of it was link text.
#[derive(Default)]
struct Block {
    text: String,
    link_chars: usize,
    heading: bool,
}

struct Converter {
    whole_page: bool,
    paragraphs: Vec<String>,
    current: Block,
    /// The element being skipped and how deeply it is nested inside itself.
    skipping: Option<(String, usize)>,
    in_link: usize,
}

impl Converter {
    fn new(whole_page: bool) -> Self {
        Converter {
            whole_page,
            paragraphs: Vec::new(),
            current: Block::default(),
            skipping: None,
            in_link: 0,
        }
    }

    fn run(mut self, html: &str) -> Vec<String> {
        let mut rest = html;
        while !rest.is_empty() {
            match rest.find('<') {
                None => {
                    self.text(rest);
                    break;
                }
                Some(i) => {
                    self.text(&rest[..i]);
                    rest = self.markup(&rest[i..]);
                }
            }
        }
        self.flush();
        self.paragraphs
    }

    /// Handles the markup at the start of `s` (which begins with `<`); returns what follows it.
    fn markup<'a>(&mut self, s: &'a str) -> &'a str {
        for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>")] {
            if let Some(body) = s.strip_prefix(open) {
                let end = body.find(close).map_or(body.len(), |e| e + close.len());
                if open == "<![CDATA[" {
                    let inner = &body[..body.find(close).unwrap_or(body.len())];
                    self.raw_text(inner);
                }
                return &body[end..];
            }
        }
        let bytes = s.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        if !bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'!' || *b == b'?')
        {
            // A lone `<` in text.
            self.text("<");
            return &s[1..];
        }
        let end = tag_end(s);
        let tag = &s[..end];
        let rest = &s[end..];
        let inner = tag[name_start..].trim_end_matches('>');
        let name_len = inner
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(inner.len());
        let name = inner[..name_len].to_ascii_lowercase();
        if name.starts_with('!') || name.starts_with('?') {
            return rest;
        }
        let self_closing = inner.trim_end().ends_with('/') || VOID.contains(&name.as_str());
        if let Some((skipped, depth)) = &mut self.skipping {
            if *skipped == name && !self_closing {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skipping = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            return rest;
        }
        if !closing && !self_closing && self.skips(&name, &inner[name_len..]) {
            self.flush();
            self.skipping = Some((name, 1));
            return rest;
        }
        // Raw-text elements: their content may hold `<` that is not markup.
        if !closing && !self_closing && matches!(name.as_str(), "script" | "style") {
            return after_raw_text(rest, &name);
        }
        if name == "a" {
            if closing {
                self.in_link = self.in_link.saturating_sub(1);
            } else if !self_closing {
                self.in_link += 1;
            }
        }
        if BLOCKS.contains(&name.as_str()) {
            self.flush();
            if !closing && name.len() == 2 && name.starts_with('h') && name != "hr" {
                self.current.heading = true;
            }
        }
        rest
    }

    /// Whether an element's whole content is left out.
    fn skips(&self, name: &str, attrs: &str) -> bool {
        if SKIPPED.contains(&name) {
            return true;
        }
        if !self.whole_page {
            return false;
        }
        if FURNITURE_ELEMENTS.contains(&name) {
            return true;
        }
        // Containers are judged by their content, not their classes: a body classed
        // `has-sticky-header` still holds the article.
        if matches!(name, "html" | "body" | "main" | "article") {
            return false;
        }
        ["class", "id", "role"].iter().any(|key| {
            attribute(attrs, key).is_some_and(|value| {
                let value = value.to_ascii_lowercase();
                value
                    .split(|c: char| c.is_whitespace() || c == '_')
                    .any(|token| FURNITURE_WORDS.iter().any(|w| furniture_token(token, w)))
                    || (*key == "role"
                        && matches!(
                            value.as_str(),
                            "navigation" | "banner" | "contentinfo" | "complementary"
                        ))
            })
        })
    }

    fn text(&mut self, raw: &str) {
        if self.skipping.is_some() || raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        self.raw_text(&decoded);
    }

    fn raw_text(&mut self, text: &str) {
        if self.skipping.is_some() {
            return;
        }
        let mut chars = 0;
        for (i, word) in text.split(is_collapsible).enumerate() {
            if i > 0 && !self.current.text.ends_with(' ') && !self.current.text.is_empty() {
                self.current.text.push(' ');
            }
            self.current.text.push_str(word);
            chars += word.chars().count();
        }
        if self.in_link > 0 {
            self.current.link_chars += chars;
        }
    }

    fn flush(&mut self) {
        let block = std::mem::take(&mut self.current);
        let text = block.text.trim_matches(is_collapsible).to_string();
        if text.is_empty() {
            return;
        }
        if self.whole_page && !reads_like_prose(&text, block.link_chars, block.heading) {
            return;
        }
        self.paragraphs.push(text);
    }
}

/// Whitespace that HTML collapses (not the non-breaking space, which is meant).
fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Whether a class or id token names furniture: whole-word matches, or prefixes such as
/// `cookie-banner`, `share-buttons`, `related-links`.
fn furniture_token(token: &str, word: &str) -> bool {
    token == word
        || token
            .split('-')
            .any(|part| part == word || (word.len() > 4 && part.starts_with(word)))
}

/// In a whole page, a paragraph counts when it reads like prose: mostly not link text, and
/// either long enough or ending like a sentence. Short headings are kept when not links.
fn reads_like_prose(text: &str, link_chars: usize, heading: bool) -> bool {
    let chars = text.chars().count().max(1);
    if link_chars * 2 > chars {
        return false;
    }
    let words = text.split_whitespace().count();
    if heading {
        return words >= 3;
    }
    let ends_like_sentence = text
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', '…']);
    words >= 12 || (ends_like_sentence && words >= 4)
}

/// Where the tag starting `s` ends (after its `>`), minding quoted attribute values.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The value of attribute `key` (lower-case) in a tag's attribute text, matched without case.
fn attribute(attrs: &str, key: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so positions found in `lower` hold in `attrs`.
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = attrs[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = after[1..].trim_start();
        let v = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(v));
    }
    None
}

/// The `datetime` of the first `<time>` element, for pages without date metadata.
fn first_time_element(html: &str) -> Option<String> {
    let at = html.to_ascii_lowercase().find("<time")?;
    let end = tag_end(&html[at..]) + at;
    attribute(&html[at + 5..end], "datetime").filter(|d| !d.trim().is_empty())
}

/// Decodes character references: numeric ones (with the windows-1252 reading browsers give
/// to 128–159) and the named ones that occur in news text.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match entity(rest) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &rest[len..];
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

/// The reference at the start of `s` (which begins with `&`): its text and length.
fn entity(s: &str) -> Option<(String, usize)> {
    let semi = s[1..].find(';').filter(|&n| n <= 32)? + 1;
    let body = &s[1..semi];
    let len = semi + 1;
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = if (0x80..0xA0).contains(&code) {
            let byte = [code as u8];
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            text.chars().next()?
        } else {
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}')
        };
        return Some((c.to_string(), len));
    }
    let c = match body {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "bull" => "•",
        "middot" => "·",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "sect" => "§",
        "para" => "¶",
        "times" => "×",
        "divide" => "÷",
        "minus" => "−",
        "plusmn" => "±",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "prime" => "′",
        "Prime" => "″",
        "shy" => "\u{ad}",
        "zwj" => "\u{200d}",
        "zwnj" => "\u{200c}",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "iexcl" => "¡",
        "iquest" => "¿",
        "szlig" => "ß",
        "aelig" => "æ",
        "AElig" => "Æ",
        "oelig" => "œ",
        "OElig" => "Œ",
        "eth" => "ð",
        "thorn" => "þ",
        _ => return accented(body).map(|c| (c.to_string(), len)),
    };
    Some((c.to_string(), len))
}

/// Named letters with diacritics, such as `&eacute;`, `&Uuml;`, `&ccedil;`, `&ntilde;`.
fn accented(name: &str) -> Option<char> {
    let (base, mark) = name.split_at(name.char_indices().nth(1)?.0);
    let combining = match mark {
        "acute" => '\u{301}',
        "grave" => '\u{300}',
        "circ" => '\u{302}',
        "tilde" => '\u{303}',
        "uml" => '\u{308}',
        "ring" => '\u{30a}',
        "cedil" => '\u{327}',
        "caron" => '\u{30c}',
        _ => return None,
    };
    let base = base.chars().next().filter(char::is_ascii_alphabetic)?;
    use unicode_normalization::UnicodeNormalization;
    let composed: String = [base, combining].iter().collect::<String>().nfc().collect();
    let mut chars = composed.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWS_PAGE: &str = include_str!("../../../tests/fixtures/news_page.html");

    #[test]
    fn date_only_lines_are_recognised() {
        for p in [
            "11.01.2022 09:12",
            "Monday, 10 January 2022, 14:05 GMT",
            "Updated: Jan 5, 2022",
        ] {
            assert!(is_date_only(p), "{p}");
        }
        for p in [
            "On 5 January 2022 protests spread.",
            "Almaty",
            "2,030 troops",
        ] {
            assert!(!is_date_only(p), "{p}");
        }
    }

    #[test]
    fn info_lines_with_dates_are_recognised() {
        assert!(is_info_line("Staff writer | 15 Jan 2022 | 2 min read"));
        assert!(!is_info_line("Protests spread on 5 January 2022."));
    }

    #[test]
    fn site_names_leave_titles() {
        assert_eq!(
            without_site_name("Internet restored | Steppe Daily", "Steppe Daily"),
            "Internet restored"
        );
        assert_eq!(
            without_site_name("Steppe Daily - Internet restored", "Steppe Daily"),
            "Internet restored"
        );
        assert_eq!(
            without_site_name("Steppe Daily reopens", "Steppe Daily"),
            "Steppe Daily reopens"
        );
    }

    #[test]
    fn dates_come_from_meta_names_or_the_page_text() {
        let page = "<html><head><meta name=\"article:published_time\" content=\"2022-01-15T12:40:00Z\">\
                    <link rel=canonical href=\"https://x.example/a\"></head><body><p>Text.</p></body></html>";
        assert_eq!(
            meta_fallbacks(page),
            (
                Some("2022-01-15T12:40:00Z".into()),
                Some("https://x.example/a".into())
            )
        );
        let meta = Extracted::default();
        let (text, date) =
            drop_metadata_lines("Staff | 15 Jan 2022 | 2 min read\n\nBody text here.", &meta);
        assert_eq!(
            (text.as_str(), date.as_deref()),
            ("Body text here.", Some("15 Jan 2022"))
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities(
                "AT&amp;T &ldquo;yes&rdquo; caf&eacute; &#8217; &#x2014; &#150; &Uuml;ber &bogus; & x"
            ),
            "AT&T “yes” café ’ — – Über &bogus; & x"
        );
    }

    #[test]
    fn fragments_become_paragraphs() {
        let text = to_text(
            "<h2>Heading here</h2><p>First <b>bold</b>\n  line.</p><ul><li>One</li><li>Two</li></ul>\
             <script>var x = '<p>no</p>';</script><p>Last&nbsp;one.<br>Next line.</p>",
        );
        assert_eq!(
            text,
            "Heading here\n\nFirst bold line.\n\nOne\n\nTwo\n\nLast\u{a0}one.\n\nNext line."
        );
    }

    #[test]
    fn news_page_keeps_the_article_and_drops_the_furniture() {
        let page = extract(NEWS_PAGE, None);
        assert_eq!(page.method, Method::Readability);
        assert_eq!(
            page.title.as_deref(),
            Some("CSTO troops begin leaving Kazakhstan after unrest")
        );
        assert_eq!(page.site_name.as_deref(), Some("The Steppe Herald"));
        assert_eq!(page.byline.as_deref(), Some("Aigerim Sultanova"));
        assert_eq!(page.date.as_deref(), Some("2022-01-13T09:30:00Z"));
        assert!(page.text.starts_with(
            "Troops from the Russian-led Collective Security Treaty Organisation began leaving \
             Kazakhstan on Thursday"
        ));
        assert!(page.text.contains("the country’s independent history."));
        assert!(page.text.contains("liquefied gas & quickly spread"));
        assert_eq!(page.text.split("\n\n").count(), 4, "{}", page.text);
        for furniture in NEWS_PAGE_FURNITURE.iter().chain(&["Photo: Reuters"]) {
            assert!(
                !page.text.contains(furniture),
                "{furniture:?} leaked: {}",
                page.text
            );
        }
    }

    /// Page furniture of `NEWS_PAGE` that no extraction may keep.
    const NEWS_PAGE_FURNITURE: &[&str] = &[
        "cookies",
        "Share on",
        "Related",
        "Fuel price protests",
        "Business",
        "Privacy",
        "Subscribe",
    ];

    #[test]
    fn own_extraction_also_drops_the_furniture() {
        let text = own_extraction(NEWS_PAGE);
        assert!(text.contains("Troops from the Russian-led"));
        assert!(text.contains("a domestic matter."));
        for furniture in NEWS_PAGE_FURNITURE {
            assert!(!text.contains(furniture), "{furniture:?} leaked: {text}");
        }
    }

    #[test]
    fn a_page_without_an_article_falls_back_to_its_paragraphs() {
        let page = extract(
            "<html><head><title>Short</title></head><body><p>Only one short paragraph here, but it is real text.</p></body></html>",
            None,
        );
        assert!(
            page.text.contains("Only one short paragraph here"),
            "{page:?}"
        );
    }

    #[test]
    fn nesting_is_measured_without_counting_optional_end_tags() {
        let page = "<html><body><div><p>One<p>Two<br><img src=x><div/></div></body></html>";
        assert_eq!(
            shape(page),
            Shape {
                depth: 1,
                elements: 8
            }
        );
        let deep = format!("{}text{}", "<div>".repeat(600), "</div>".repeat(600));
        assert_eq!(shape(&deep).depth, 600);
        let script = "<script>if (a < b) { x = '<div>'; }</SCRIPT><div></div>";
        assert_eq!(
            shape(script),
            Shape {
                depth: 1,
                elements: 2
            }
        );
    }

    #[test]
    fn a_deeply_nested_page_is_read_by_the_simple_extractor_with_a_notice() {
        let body = "The council met on Tuesday and voted to reopen the bridge to traffic.";
        let page = format!(
            "<html><head><title>Bridge reopens</title></head><body>{}<p>{body}</p>{}</body></html>",
            "<div>".repeat(MAX_NESTING + 1),
            "</div>".repeat(MAX_NESTING + 1)
        );
        let got = extract(&page, None);
        assert_eq!(got.method, Method::Fallback);
        assert_eq!(got.text, body);
        assert_eq!(got.title.as_deref(), Some("Bridge reopens"));
        let notice = got.notice.unwrap();
        assert!(
            notice.contains("nested 513 deep") && notice.contains("512"),
            "{notice}"
        );
    }
}
