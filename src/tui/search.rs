//! The search prompt: its query, scope and generation, the results shown, and the request it
//! sends to the search worker. The engine knows nothing of scopes: the prompt turns its scope
//! into the set of sentences a search may return.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::claims::Analysis;
use crate::corpus::{Corpus, SentenceRef};
use crate::search::{Allowed, Hit, Results};
use crate::tui::action::Effect;
use crate::tui::list::List;

/// Most hits a search returns.
pub const SEARCH_LIMIT: usize = 500;

/// Which sentences a search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every non-boilerplate sentence.
    #[default]
    All,
    /// Only sentences holding a quote.
    Quotes,
    /// Only sentences that belong to a shared claim.
    Claims,
}

impl Scope {
    /// The next scope in the cycle Tab walks.
    pub fn next(self) -> Scope {
        match self {
            Scope::All => Scope::Quotes,
            Scope::Quotes => Scope::Claims,
            Scope::Claims => Scope::All,
        }
    }

    /// How the prompt's title names it.
    pub fn label(self) -> &'static str {
        match self {
            Scope::All => "all sentences",
            Scope::Quotes => "quotes only",
            Scope::Claims => "shared claims only",
        }
    }
}

/// A search for the worker.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Echoed back in the results.
    pub generation: u64,
    /// What was typed.
    pub query: String,
    /// Which sentences to look at.
    pub scope: Scope,
    /// The claims analysis, for the quotes and claims scopes.
    pub analysis: Option<Arc<Analysis>>,
    /// Only these articles (true at their index: the open story's); `None`: every article.
    pub within: Option<Arc<[bool]>>,
}

impl SearchRequest {
    /// The sentences the scope admits, as the search engine takes them (boilerplate never is).
    pub fn allowed(&self, corpus: Arc<Corpus>) -> Allowed {
        let quotes: HashSet<SentenceRef> = match (&self.analysis, self.scope) {
            (Some(a), Scope::Quotes) => a
                .quotes
                .iter()
                .flat_map(|q| q.variants.iter().map(|v| v.at))
                .collect(),
            _ => HashSet::new(),
        };
        let (scope, analysis) = (self.scope, self.analysis.clone());
        let within = self.within.clone();
        Arc::new(move |article, sentence| {
            if within
                .as_ref()
                .is_some_and(|w| !w.get(article).copied().unwrap_or(false))
            {
                return false;
            }
            let Some(s) = corpus
                .articles
                .get(article)
                .and_then(|a| a.sentences.get(sentence))
            else {
                return false;
            };
            if s.boilerplate.is_some() {
                return false;
            }
            let at = SentenceRef { article, sentence };
            match (scope, &analysis) {
                (Scope::All, _) => true,
                (Scope::Quotes, _) => quotes.contains(&at),
                (Scope::Claims, Some(a)) => a.is_linked(at),
                (Scope::Claims, None) => false,
            }
        })
    }
}

/// The search prompt and its results.
#[derive(Debug, Clone, Default)]
pub struct SearchPrompt {
    query: String,
    scope: Scope,
    generation: u64,
    hits: Vec<Hit>,
    total: usize,
    /// The chosen result.
    pub list: List,
    pending: bool,
    active: bool,
    by_sentence: HashMap<SentenceRef, usize>,
    per_article: Vec<usize>,
    error: Option<String>,
    within: Option<Arc<[bool]>>,
}

impl SearchPrompt {
    /// Searches only these articles from now on (the open story's; `None`: every article).
    pub fn set_within(&mut self, within: Option<Arc<[bool]>>) {
        self.within = within;
    }

    /// An empty prompt over `articles` articles.
    pub fn new(articles: usize) -> SearchPrompt {
        SearchPrompt {
            per_article: vec![0; articles],
            ..SearchPrompt::default()
        }
    }

    /// What was typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The generation of the latest request (results for older ones are dropped).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Which sentences it looks at.
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The results shown (the best so far while a newer search runs).
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// How many sentences matched in all (may exceed the hits listed).
    pub fn total(&self) -> usize {
        self.total
    }

    /// True while a search for the current query is under way.
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// True while hits are highlighted in the panes (prompt open, or after a jump).
    pub fn active(&self) -> bool {
        self.active
    }

    /// True when hits are highlighted for a typed query.
    pub fn showing(&self) -> bool {
        self.active && !self.query.is_empty()
    }

    /// Why the latest search failed, if it did.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Hits per article.
    pub fn hits_in(&self, article: usize) -> usize {
        self.per_article.get(article).copied().unwrap_or(0)
    }

    /// Hits per article, for every article.
    pub fn per_article(&self) -> &[usize] {
        &self.per_article
    }

    /// The hit on a sentence, if it is one.
    pub fn hit_at(&self, at: SentenceRef) -> Option<&Hit> {
        self.by_sentence.get(&at).and_then(|&h| self.hits.get(h))
    }

    /// The chosen hit.
    pub fn chosen(&self) -> Option<&Hit> {
        self.hits.get(self.list.selected())
    }

    /// Opens the prompt: a new search starts empty.
    pub fn open(&mut self) -> Effect {
        let effect = self.clear();
        self.active = true;
        effect
    }

    /// Appends typed or pasted text (line breaks, tabs and other spaces become plain spaces;
    /// other control characters stay, shown visibly) and searches again.
    pub fn type_text(&mut self, text: &str, analysis: Option<&Arc<Analysis>>) -> Effect {
        self.query.extend(
            text.chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c }),
        );
        self.request(analysis)
    }

    /// Deletes the last character and searches again.
    pub fn backspace(&mut self, analysis: Option<&Arc<Analysis>>) -> Effect {
        self.query.pop();
        self.request(analysis)
    }

    /// Empties the query.
    pub fn clear_query(&mut self, analysis: Option<&Arc<Analysis>>) -> Effect {
        self.query.clear();
        self.request(analysis)
    }

    /// Moves to the next scope and searches again.
    pub fn cycle_scope(&mut self, analysis: Option<&Arc<Analysis>>) -> Effect {
        self.scope = self.scope.next();
        self.request(analysis)
    }

    /// The claims analysis arrived: a search scoped to quotes or claims could not be answered
    /// before, so it is asked again.
    pub fn analysis_arrived(&mut self, analysis: Option<&Arc<Analysis>>) -> Option<Effect> {
        (self.active && self.scope != Scope::All && !self.query.is_empty())
            .then(|| self.request(analysis))
    }

    /// A request for the current query (a new generation), or a cancel when it is empty.
    fn request(&mut self, analysis: Option<&Arc<Analysis>>) -> Effect {
        self.generation += 1;
        self.error = None;
        if self.query.trim().is_empty() {
            self.set_results(self.generation, Results::default());
            return Effect::CancelSearch;
        }
        self.pending = true;
        Effect::Search(SearchRequest {
            generation: self.generation,
            query: self.query.clone(),
            scope: self.scope,
            analysis: analysis.cloned(),
            within: self.within.clone(),
        })
    }

    /// Takes results for a request; stale ones (an older generation) are dropped.
    pub fn set_results(&mut self, generation: u64, results: Results) {
        if generation != self.generation {
            return;
        }
        self.pending = !results.complete;
        self.by_sentence.clear();
        for (i, h) in results.hits.iter().enumerate() {
            self.by_sentence.entry(h.at).or_insert(i);
        }
        let articles = self.per_article.len();
        self.per_article = results.per_article;
        self.per_article.resize(articles, 0);
        self.total = results.total.max(results.hits.len());
        self.hits = results.hits;
        self.list.clamp(self.hits.len());
    }

    /// The latest search failed.
    pub fn failed(&mut self, why: String) {
        self.set_results(self.generation, Results::default());
        self.pending = false;
        self.error = Some(why);
    }

    /// Closes the search: query, hits and highlights go.
    pub fn clear(&mut self) -> Effect {
        let articles = self.per_article.len();
        *self = SearchPrompt {
            generation: self.generation + 1,
            scope: self.scope,
            within: self.within.take(),
            ..SearchPrompt::new(articles)
        };
        Effect::CancelSearch
    }
}
