//! SQL text built at run time, with its values bound in placeholder order: the one way a query
//! written as text binds values. [`Sql::bind`] hands out the `$n` of each value as it binds it,
//! so no query numbers its placeholders by hand, and a fragment written by a helper (the read
//! predicate of `access::Readable`) can go anywhere in the text.

use diesel::pg::Pg;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text};

/// A value bound to a `$n` placeholder.
#[derive(Debug, Clone)]
pub enum Bind {
    Text(String),
    Texts(Vec<String>),
    Int(i32),
    BigInt(i64),
    Bool(bool),
    Uuid(Option<uuid::Uuid>),
}

/// The values of SQL text under construction, in placeholder order.
#[derive(Debug, Default)]
pub struct Sql {
    binds: Vec<Bind>,
}

impl Sql {
    /// Binds `value` and returns its placeholder (`$n`), to write into the text.
    pub fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// The query: `text` (whose placeholders came from [`Sql::bind`]) with every value bound.
    pub fn query(self, text: String) -> BoxedSqlQuery<'static, Pg, SqlQuery> {
        let mut query = diesel::sql_query(text).into_boxed::<Pg>();
        for bind in self.binds {
            query = match bind {
                Bind::Text(v) => query.bind::<Text, _>(v),
                Bind::Texts(v) => query.bind::<Array<Text>, _>(v),
                Bind::Int(v) => query.bind::<Integer, _>(v),
                Bind::BigInt(v) => query.bind::<BigInt, _>(v),
                Bind::Bool(v) => query.bind::<Bool, _>(v),
                Bind::Uuid(v) => query.bind::<Nullable<diesel::sql_types::Uuid>, _>(v),
            };
        }
        query
    }
}
