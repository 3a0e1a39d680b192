//! The state of the catalogue view, read from its address: every filter, the text query, the
//! sort, the layout and the page are query parameters, so any state can be shared or printed.
//!
//! A filter's parameter is its field key: `purposes=decide&purposes=plan` (OR within a
//! field), `group_size=12` ("my group is 12 people"), `duration=45` ("I have 45 minutes");
//! different fields combine with AND. `form=Workshop` shows the catalogue of another form
//! (`/-/methods` alone is the Method form's). Values are checked against the form: an unknown choice
//! or a number that is not one is a 400 with a sentence, never silently ignored.

use crate::catalogue::form::{FieldKind, Form, METHOD_FORM};
use crate::error::AppError;
use crate::i18n::Lang;

/// Results shown per page.
pub const PAGE_SIZE: i64 = 48;
/// Most cards printed at once (`/-/methods/cards`): a few hundred A6 pages, which a browser
/// still lays out in seconds.
pub const MAX_CARDS: i64 = 200;
/// Longest text query accepted.
const MAX_QUERY_CHARS: usize = 200;
/// Largest offset accepted (a bound on the work of one request).
pub const MAX_OFFSET: i64 = 100_000;
/// Largest number a range filter takes (people, minutes).
pub const MAX_RANGE_VALUE: i32 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Title,
    Recent,
    Duration,
    /// Best match of the text query first (by title when there is none).
    Relevance,
    /// Most used in programmes first.
    Usage,
    /// Most field notes first: the methods people report having used.
    Practice,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::Relevance,
        Sort::Title,
        Sort::Recent,
        Sort::Duration,
        Sort::Usage,
        Sort::Practice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Title => "title",
            Sort::Recent => "recent",
            Sort::Duration => "duration",
            Sort::Relevance => "relevance",
            Sort::Usage => "usage",
            Sort::Practice => "practice",
        }
    }

    /// The order of a catalogue whose address names none: best match first when there is a
    /// text query, by title otherwise.
    pub fn implied(text: &str) -> Sort {
        if text.is_empty() {
            Sort::Title
        } else {
            Sort::Relevance
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Cards,
    List,
}

impl Layout {
    pub fn code(self) -> &'static str {
        match self {
            Layout::Cards => "cards",
            Layout::List => "list",
        }
    }
}

/// Which sheets' language to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangFilter {
    One(Lang),
    All,
}

impl LangFilter {
    pub fn code(self) -> &'static str {
        match self {
            LangFilter::One(lang) => lang.code(),
            LangFilter::All => "all",
        }
    }
}

/// One active filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Any of these ids of a choice field.
    Choices { key: String, ids: Vec<String> },
    /// A range field that contains this number.
    Contains { key: String, value: i32 },
}

impl Filter {
    pub fn key(&self) -> &str {
        match self {
            Filter::Choices { key, .. } | Filter::Contains { key, .. } => key,
        }
    }
}

/// Everything the catalogue address says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// The name of the form whose catalogue this is (`form=`, the Method form when absent).
    pub form: String,
    pub lang: LangFilter,
    /// In form order.
    pub filters: Vec<Filter>,
    /// Text searched with the search index, as in `/-/search` ("" for none).
    pub text: String,
    pub sort: Sort,
    pub layout: Layout,
    pub offset: i64,
    /// Only sheets used in at least this many programmes (`used=N`).
    pub used: Option<i64>,
}

impl Search {
    /// Reads a query string against a form. `visitor` is the default language.
    pub fn parse(query: &str, form: &Form, visitor: Lang) -> Result<Search, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|_| AppError::BadRequest("error-bad-query"))?;
        let get = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let lang = match get("lang") {
            None => LangFilter::One(visitor),
            Some("all") => LangFilter::All,
            Some(code) => LangFilter::One(
                Lang::all()
                    .iter()
                    .copied()
                    .find(|l| l.code() == code)
                    .ok_or(AppError::BadRequest("catalogue-bad-lang"))?,
            ),
        };
        let used = match get("used") {
            None => None,
            Some(n) => Some(
                n.parse::<i64>()
                    .ok()
                    .filter(|n| (0..=1_000_000).contains(n))
                    .ok_or(AppError::BadRequest("catalogue-bad-number"))?,
            ),
        };
        // Cut, then trimmed again: a cut after a space would make a query that a link to this
        // search reads back as another one (found by fuzzing, fuzz/regressions/params).
        let cut: String = get("q")
            .unwrap_or("")
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect();
        let text = cut.trim_end().to_owned();
        let sort = match get("sort") {
            None => Sort::implied(&text),
            Some(code) => Sort::ALL
                .into_iter()
                .find(|s| s.code() == code)
                .ok_or(AppError::BadRequest("catalogue-bad-sort"))?,
        };
        let layout = match get("layout") {
            None | Some("cards") => Layout::Cards,
            Some("list") => Layout::List,
            Some(_) => return Err(AppError::BadRequest("catalogue-bad-layout")),
        };
        let offset = match get("offset") {
            None => 0,
            Some(n) => n
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=MAX_OFFSET).contains(n))
                .ok_or(AppError::BadRequest("catalogue-bad-number"))?,
        };
        let mut filters = Vec::new();
        for field in form.filters() {
            let values: Vec<&str> = pairs
                .iter()
                .filter(|(k, v)| *k == field.key && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
                .collect();
            if values.is_empty() {
                continue;
            }
            match field.kind {
                FieldKind::Choice | FieldKind::Choices => {
                    let mut ids: Vec<String> = Vec::new();
                    for value in values {
                        if field.choice(value).is_none() {
                            return Err(AppError::BadRequest("catalogue-bad-choice"));
                        }
                        if !ids.iter().any(|id| id == value) {
                            ids.push(value.to_owned());
                        }
                    }
                    filters.push(Filter::Choices {
                        key: field.key.clone(),
                        ids,
                    });
                }
                FieldKind::IntRange | FieldKind::DurationRange => {
                    let value = values[values.len() - 1]
                        .parse::<i32>()
                        .ok()
                        .filter(|n| (0..=MAX_RANGE_VALUE).contains(n))
                        .ok_or(AppError::BadRequest("catalogue-bad-number"))?;
                    filters.push(Filter::Contains {
                        key: field.key.clone(),
                        value,
                    });
                }
                _ => {}
            }
        }
        Ok(Search {
            form: form.name.clone(),
            lang,
            filters,
            text,
            sort,
            layout,
            offset,
            used,
        })
    }

    /// The query string of this state, with `change` applied: links of the view (remove a
    /// filter, next page, other layout) are built from it.
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if self.form != METHOD_FORM {
            pairs.push(("form".to_owned(), self.form.clone()));
        }
        pairs.push(("lang".to_owned(), self.lang.code().to_owned()));
        for filter in &self.filters {
            match filter {
                Filter::Choices { key, ids } => {
                    pairs.extend(ids.iter().map(|id| (key.clone(), id.clone())));
                }
                Filter::Contains { key, value } => pairs.push((key.clone(), value.to_string())),
            }
        }
        if !self.text.is_empty() {
            pairs.push(("q".to_owned(), self.text.clone()));
        }
        if let Some(used) = self.used {
            pairs.push(("used".to_owned(), used.to_string()));
        }
        if self.sort != Sort::implied(&self.text) {
            pairs.push(("sort".to_owned(), self.sort.code().to_owned()));
        }
        if self.layout != Layout::default() {
            pairs.push(("layout".to_owned(), self.layout.code().to_owned()));
        }
        if self.offset > 0 {
            pairs.push(("offset".to_owned(), self.offset.to_string()));
        }
        pairs
    }

    pub fn href(&self, path: &str) -> String {
        let query = serde_urlencoded::to_string(self.to_query()).unwrap_or_default();
        format!("{path}?{query}")
    }

    pub fn filter(&self, key: &str) -> Option<&Filter> {
        self.filters.iter().find(|f| f.key() == key)
    }

    pub fn is_selected(&self, key: &str, id: &str) -> bool {
        matches!(self.filter(key), Some(Filter::Choices { ids, .. }) if ids.iter().any(|i| i == id))
    }

    /// The catalogue of the same form and language, without filters, query or options.
    pub fn cleared(&self) -> Search {
        Search {
            form: self.form.clone(),
            lang: self.lang,
            filters: Vec::new(),
            text: String::new(),
            sort: Sort::Title,
            layout: Layout::default(),
            offset: 0,
            used: None,
        }
    }

    /// The same state without one filter (`key`), or without the text query (`"q"`).
    pub fn without(&self, key: &str) -> Search {
        let mut other = self.clone();
        other.offset = 0;
        if key == "q" {
            other.text.clear();
            if other.sort == Sort::Relevance {
                other.sort = Sort::Title;
            }
        } else if key == "used" {
            other.used = None;
        } else {
            other.filters.retain(|f| f.key() != key);
        }
        other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::parse(include_str!("../../catalogue/forms/method.yaml")).unwrap()
    }

    #[test]
    fn filters_are_read_in_form_order_and_written_back() {
        let search = Search::parse(
            "duration=45&purposes=decide&purposes=plan&group_size=12&q=+vote+&sort=duration",
            &form(),
            Lang::FR,
        )
        .unwrap();
        assert_eq!(search.lang, LangFilter::One(Lang::FR));
        assert_eq!(
            search.filters,
            [
                Filter::Choices {
                    key: "purposes".into(),
                    ids: vec!["decide".into(), "plan".into()]
                },
                Filter::Contains {
                    key: "group_size".into(),
                    value: 12
                },
                Filter::Contains {
                    key: "duration".into(),
                    value: 45
                },
            ]
        );
        assert_eq!(search.text, "vote");
        assert_eq!(
            search.href("/-/methods"),
            "/-/methods?lang=fr&purposes=decide&purposes=plan&group_size=12&duration=45&q=vote&sort=duration"
        );
        assert_eq!(search.without("purposes").filters.len(), 2);
    }

    #[test]
    fn a_long_query_cut_after_a_space_reads_back_the_same() {
        let typed = format!("{}+b", "a".repeat(199));
        let search = Search::parse(&format!("q={typed}"), &form(), Lang::EN).unwrap();
        assert_eq!(search.text, "a".repeat(199));
        let again = Search::parse(
            search
                .href("/-/methods")
                .split_once('?')
                .map_or("", |(_, q)| q),
            &form(),
            Lang::EN,
        )
        .unwrap();
        assert_eq!(again.text, search.text);
    }

    #[test]
    fn bad_values_are_refused() {
        for query in [
            "purposes=dance",
            "group_size=many",
            "sort=random",
            "lang=de",
            "offset=-1",
        ] {
            assert!(Search::parse(query, &form(), Lang::EN).is_err(), "{query}");
        }
    }
}
