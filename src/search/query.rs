//! What a visitor types in the search box, understood the way web search engines taught them:
//! words (all required), `"a phrase"`, `-word` or `-"a phrase"` to exclude, `OR` between two
//! alternatives, and `word*` for any word starting with `word`.
//!
//! The result is the *text* of a PostgreSQL tsquery in which every word the visitor typed is a
//! quoted lexeme (`'word'`, quotes and backslashes escaped). The database receives it as a bound
//! parameter of `to_tsquery(config, $1)`, which normalises each quoted word with the page's
//! language configuration (unaccent, stemming, stop words). So no input can change the SQL, and
//! none can make `to_tsquery` fail: whatever is inside quotes is a value, never an operator.

/// Longest query accepted, in characters; longer ones get a 400 with an explanation.
pub const MAX_QUERY_CHARS: usize = 200;

/// Words of the query used to suggest similar titles, at most this many.
const MAX_SUGGESTION_WORDS: usize = 6;

/// Why a query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("a search query is limited to {MAX_QUERY_CHARS} characters")]
    TooLong,
}

/// A word or a phrase, as typed (without its quotes or its `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Word { text: String, prefix: bool },
    Phrase(String),
}

/// One of the conditions a page must meet; all of them must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Clause {
    /// At least one of these (one atom unless the visitor wrote `OR`).
    AnyOf(Vec<Atom>),
    /// Not this.
    Not(Atom),
}

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    clauses: Vec<Clause>,
}

/// Tokens of the query: the lexical layer under [`SearchQuery::parse`].
#[derive(Debug, PartialEq, Eq)]
enum Token {
    Atom { atom: Atom, negated: bool },
    Or,
}

fn tokens(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-' && {
            let mut ahead = chars.clone();
            ahead.next();
            ahead.peek().is_some_and(|next| !next.is_whitespace())
        };
        if negated {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let phrase: String = chars.by_ref().take_while(|&c| c != '"').collect();
            if !phrase.trim().is_empty() {
                out.push(Token::Atom {
                    atom: Atom::Phrase(phrase.split_whitespace().collect::<Vec<_>>().join(" ")),
                    negated,
                });
            }
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            word.push(c);
            chars.next();
        }
        if word == "OR" && !negated {
            out.push(Token::Or);
            continue;
        }
        let text = word.trim_end_matches('*');
        if !text.is_empty() {
            out.push(Token::Atom {
                atom: Atom::Word {
                    prefix: text.len() < word.len(),
                    text: text.to_owned(),
                },
                negated,
            });
        }
    }
    out
}

/// Quotes a word for tsquery input: inside quotes, a quote is doubled and a backslash escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

impl Atom {
    fn tsquery(&self) -> String {
        match self {
            Atom::Word { text, prefix: true } => format!("{}:*", quote(text)),
            // A quoted run of words is a phrase for `to_tsquery`: it becomes `a <-> b`, with
            // the distances stop words leave.
            Atom::Word {
                text,
                prefix: false,
            }
            | Atom::Phrase(text) => quote(text),
        }
    }
}

impl SearchQuery {
    /// Reads a query. Control characters count as spaces (PostgreSQL cannot store NUL, and
    /// none of them means anything here).
    pub fn parse(input: &str) -> Result<SearchQuery, QueryError> {
        if input.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        let cleaned: String = input
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let mut clauses: Vec<Clause> = Vec::new();
        let mut joining = false;
        for token in tokens(&cleaned) {
            match token {
                Token::Or => {
                    joining = matches!(clauses.last(), Some(Clause::AnyOf(_)));
                }
                Token::Atom {
                    atom,
                    negated: true,
                } => {
                    clauses.push(Clause::Not(atom));
                    joining = false;
                }
                Token::Atom {
                    atom,
                    negated: false,
                } => {
                    match clauses.last_mut() {
                        Some(Clause::AnyOf(alternatives)) if joining => alternatives.push(atom),
                        _ => clauses.push(Clause::AnyOf(vec![atom])),
                    }
                    joining = false;
                }
            }
        }
        Ok(SearchQuery { clauses })
    }

    /// True when the query has nothing to look for: empty, or only exclusions. (Whether its
    /// words are all stop words only the database can tell; it answers that too.)
    pub fn is_empty(&self) -> bool {
        !self
            .clauses
            .iter()
            .any(|clause| matches!(clause, Clause::AnyOf(_)))
    }

    /// The tsquery text, for `to_tsquery(config, $1)`.
    pub fn tsquery(&self) -> String {
        self.clauses
            .iter()
            .map(|clause| match clause {
                Clause::AnyOf(atoms) if atoms.len() == 1 => atoms[0].tsquery(),
                Clause::AnyOf(atoms) => format!(
                    "({})",
                    atoms
                        .iter()
                        .map(Atom::tsquery)
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
                Clause::Not(atom) => format!("!{}", atom.tsquery()),
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// The words the visitor is looking for (not those excluded), for fuzzy title suggestions:
    /// three characters or more, since shorter words match nearly every title.
    pub fn wanted_words(&self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for clause in &self.clauses {
            let Clause::AnyOf(atoms) = clause else {
                continue;
            };
            for atom in atoms {
                let (Atom::Word { text, .. } | Atom::Phrase(text)) = atom;
                for word in text.split_whitespace() {
                    if word.chars().count() >= 3 && !words.iter().any(|w| w == word) {
                        words.push(word.to_owned());
                    }
                }
            }
        }
        words.truncate(MAX_SUGGESTION_WORDS);
        words
    }
}

/// The tsquery text for title autocomplete: every word typed so far is a prefix
/// (`'caf':* & 'du':* & 'mo':*` for "café du mo"), since the visitor is still typing.
/// Empty when nothing was typed.
pub fn completion_tsquery(typed: &str) -> String {
    typed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .take(MAX_SUGGESTION_WORDS)
        .map(|word| format!("{}:*", quote(word)))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// Escapes `%`, `_` and `\` for a `LIKE` pattern (whose escape character is `\`).
pub fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tsq(input: &str) -> String {
        SearchQuery::parse(input).unwrap().tsquery()
    }

    #[test]
    fn words_are_all_required() {
        assert_eq!(tsq("animer un atelier"), "'animer' & 'un' & 'atelier'");
    }

    #[test]
    fn quotes_make_a_phrase() {
        assert_eq!(
            tsq("\"cercle  de parole\" consent"),
            "'cercle de parole' & 'consent'"
        );
        assert_eq!(tsq("\"unterminated phrase"), "'unterminated phrase'");
        assert_eq!(tsq("\"\" word"), "'word'");
    }

    #[test]
    fn a_leading_dash_excludes() {
        assert_eq!(tsq("fishbowl -online"), "'fishbowl' & !'online'");
        assert_eq!(tsq("café -\"world café\""), "'café' & !'world café'");
        assert_eq!(tsq("check-in"), "'check-in'");
        assert_eq!(tsq("a - b"), "'a' & '-' & 'b'");
    }

    #[test]
    fn or_joins_alternatives() {
        assert_eq!(
            tsq("vote OR consent round"),
            "('vote' | 'consent') & 'round'"
        );
        assert_eq!(tsq("OR vote OR"), "'vote'");
        assert_eq!(tsq("vote OR -x OR y"), "'vote' & !'x' & 'y'");
        assert_eq!(tsq("vote or y"), "'vote' & 'or' & 'y'");
    }

    #[test]
    fn a_trailing_star_is_a_prefix() {
        assert_eq!(tsq("anim* fish"), "'anim':* & 'fish'");
        assert_eq!(tsq("*** ok"), "'ok'");
    }

    #[test]
    fn quotes_and_backslashes_stay_inside_the_lexeme() {
        assert_eq!(tsq("l'animation"), "'l''animation'");
        assert_eq!(tsq("a\\'b"), "'a\\\\''b'");
        assert_eq!(
            tsq("'); DROP TABLE pages; --"),
            "''');' & 'DROP' & 'TABLE' & 'pages;' & !'-'"
        );
        assert_eq!(tsq("!&|():*<->"), "'!&|():*<->'");
    }

    #[test]
    fn only_exclusions_is_an_empty_query() {
        assert!(SearchQuery::parse("-atelier").unwrap().is_empty());
        assert!(SearchQuery::parse("   ").unwrap().is_empty());
        assert!(!SearchQuery::parse("x -atelier").unwrap().is_empty());
    }

    #[test]
    fn control_characters_are_spaces_and_length_is_bounded() {
        assert_eq!(tsq("a\0b\u{7}c"), "'a' & 'b' & 'c'");
        assert_eq!(
            SearchQuery::parse(&"x".repeat(MAX_QUERY_CHARS + 1)),
            Err(QueryError::TooLong)
        );
        assert!(SearchQuery::parse(&"é".repeat(MAX_QUERY_CHARS)).is_ok());
    }

    #[test]
    fn suggestion_words_skip_exclusions_and_short_words() {
        let query = SearchQuery::parse("cafe du monde -vote \"world café\" cafe").unwrap();
        assert_eq!(query.wanted_words(), vec!["cafe", "monde", "world", "café"]);
    }

    #[test]
    fn completion_makes_every_word_a_prefix() {
        assert_eq!(
            completion_tsquery(" café du mo "),
            "'café':* & 'du':* & 'mo':*"
        );
        assert_eq!(completion_tsquery("  "), "");
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    proptest::proptest! {
        /// Whatever is typed, the tsquery text is well formed: every quote opened is closed,
        /// and between lexemes there are only the operators this module writes.
        #[test]
        fn tsquery_text_is_well_formed(input in "\\PC{0,80}") {
            let Ok(query) = SearchQuery::parse(&input) else { return Ok(()) };
            let text = query.tsquery();
            let mut outside = String::new();
            let mut chars = text.chars().peekable();
            let mut in_quote = false;
            while let Some(c) = chars.next() {
                match (in_quote, c) {
                    (false, '\'') => { in_quote = true; outside.push('L'); }
                    (true, '\'') if chars.peek() == Some(&'\'') => { chars.next(); }
                    (true, '\'') => in_quote = false,
                    (true, '\\') => { chars.next(); }
                    (true, _) => {}
                    (false, c) => outside.push(c),
                }
            }
            proptest::prop_assert!(!in_quote, "unclosed quote in {text}");
            let allowed = outside
                .replace(":*", "")
                .replace(" & ", "")
                .replace(" | ", "")
                .chars()
                .all(|c| matches!(c, 'L' | '!' | '(' | ')'));
            proptest::prop_assert!(allowed, "unexpected operator in {text}");
        }
    }
}
