//! `coopwiki user add NAME --email E [--admin|--editor]`: creating accounts from the command
//! line, which is how a new wiki gets its first admin.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::accounts::queries::{self, NewUser, Taken};
use crate::accounts::{check_new_password, parse_email, parse_user_name, password};
use crate::db::DbPool;
use crate::i18n::Lang;
use crate::identity::Role;

/// Environment variable a script can set to choose the new account's password.
pub const PASSWORD_VARIABLE: &str = "COOPWIKI_NEW_PASSWORD";

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Invalid(String),
    #[error("an account named {0:?} already exists")]
    NameTaken(String),
    #[error("an account with the e-mail address {0:?} already exists")]
    EmailTaken(String),
    #[error("database: {0}")]
    Db(String),
    #[error("password hashing failed: {0}")]
    Hash(#[from] password::HashError),
}

/// The account created, and its password when it was generated (to be shown once).
pub struct Added {
    pub name: String,
    pub generated_password: Option<String>,
}

/// Creates the account. `password` is the chosen one, or `None` to generate one.
pub async fn add_user(
    pool: &DbPool,
    name: &str,
    email: &str,
    role: Role,
    password: Option<String>,
) -> Result<Added, CliError> {
    let invalid = |id: &str| CliError::Invalid(Lang::EN.t(id));
    let (name, name_key) = parse_user_name(name).map_err(invalid)?;
    let (email, email_key) = parse_email(email).map_err(invalid)?;
    let (password, generated) = match password {
        Some(chosen) => (chosen, false),
        None => (URL_SAFE_NO_PAD.encode(rand::random::<[u8; 15]>()), true),
    };
    check_new_password(&password).map_err(invalid)?;
    let password_hash = password::hash(&password)?;
    let mut conn = pool.get().await.map_err(|e| CliError::Db(e.to_string()))?;
    let created = queries::create_user(
        &mut conn,
        &NewUser {
            name: &name,
            name_key: &name_key,
            email: &email,
            email_key: &email_key,
            password_hash: &password_hash,
            role,
            language: crate::i18n::Lang::default(),
        },
    )
    .await
    .map_err(|e| CliError::Db(e.to_string()))?;
    match created {
        Ok(_) => Ok(Added {
            name,
            generated_password: generated.then_some(password),
        }),
        Err(Taken::Name) => Err(CliError::NameTaken(name)),
        Err(Taken::Email) => Err(CliError::EmailTaken(email)),
    }
}
