//! What every loader target checks: no panic, and nothing it loads holds a control character
//! (the text keeps line breaks and tabs; sentences keep none).

use parallax::corpus::formats::{self, Format};
use parallax::corpus::{Article, sanitize};

/// Parses `data` as `format` (or detected) and analyses every article it yields.
pub fn check(name: &str, data: &[u8], format: Option<Format>) {
    let Ok(parsed) = formats::parse(name, data.to_vec(), format, None) else {
        return;
    };
    for doc in parsed.documents {
        assert!(
            !doc.text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "control character in the text"
        );
        let article = Article::from_document(doc);
        for s in &article.sentences {
            assert!(sanitize::is_safe(&s.text));
            assert!(
                article.text.get(s.span.clone()).is_some(),
                "span off a char boundary"
            );
        }
    }
}
