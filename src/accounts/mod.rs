//! Accounts: signing up, logging in and out, server-side sessions, password changes and resets
//! by e-mail, login throttling, and the contributions page of each user.
//!
//! - `password.rs`: argon2id hashing (off the async workers) and upgrading weak hashes.
//! - tokens (`crate::tokens`): random tokens for sessions and resets; only their SHA-256 is stored.
//! - `sessions.rs`: the session cookie, and [`Viewer`], the signed-in user read once per request.
//! - `throttle.rs`: failed attempts counted in PostgreSQL, checked before any hashing.
//! - `mail.rs`: SMTP through lettre when configured, else the log and `DATA_DIR/mail/`.
//! - `queries.rs`, `routes.rs`, `views.rs`: as in every capability. `cli.rs`: `coopwiki user add`.

pub mod cli;
pub mod held;
pub mod mail;
pub mod password;
pub mod queries;
pub mod routes;
pub mod sessions;
pub mod setup;
pub mod throttle;
pub mod views;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;
use unicode_security::{RestrictionLevel, RestrictionLevelDetection};

use crate::acl::is_name_char;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::identity::Author;

/// What an account may do beyond the page permissions.
pub const MIN_NAME_CHARS: usize = 2;
pub const MAX_NAME_CHARS: usize = 40;
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longer passwords are refused before hashing: a megabyte password costs no more to argon2,
/// but there is no reason to accept one.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Start of every pseudonym given to anonymous editors; no account may take it.
pub const PSEUDONYM_PREFIX: &str = "anon-";
const RESERVED_NAMES: [&str; 4] = ["anonymous", "coopwiki", "admin", "system"];

/// A user name as typed at sign-up: trimmed, NFC. Returns the name and its lower-case key, or
/// the id of the message that explains the rule it broke.
pub fn parse_user_name(raw: &str) -> Result<(String, String), &'static str> {
    let name: String = raw.trim().nfc().collect();
    let count = name.chars().count();
    if !(MIN_NAME_CHARS..=MAX_NAME_CHARS).contains(&count) {
        return Err("account-error-name-length");
    }
    if !name.chars().all(is_name_char) || name.starts_with(['-', '.']) {
        return Err("account-error-name-chars");
    }
    // Letters of one script (or of the scripts written together, such as Latin with Han):
    // a name mixing scripts can pass for another user's ("аdmin" with a Cyrillic "а").
    let letters: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
    if !letters
        .as_str()
        .check_restriction_level(RestrictionLevel::HighlyRestrictive)
    {
        return Err("account-error-name-mixed");
    }
    let key = name.to_lowercase();
    if RESERVED_NAMES.contains(&key.as_str()) || key.starts_with(PSEUDONYM_PREFIX) {
        return Err("account-error-name-reserved");
    }
    Ok((name, key))
}

/// An e-mail address and its lower-case key, checked by lettre's parser.
pub fn parse_email(raw: &str) -> Result<(String, String), &'static str> {
    let email = raw.trim();
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() {
        return Err("account-error-email");
    }
    Ok((email.to_owned(), email.to_lowercase()))
}

pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err("account-error-password-short");
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err("account-error-password-long");
    }
    Ok(())
}

/// The public name of an anonymous editor: a keyed hash of their address, so the same address
/// gets the same pseudonym but the address itself cannot be read back (nor guessed by hashing
/// candidate addresses without the wiki's secret).
#[expect(
    clippy::expect_used,
    reason = "HMAC takes keys of any length: this cannot fail"
)]
pub fn pseudonym(secret: &[u8], address: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(address.as_bytes());
    let digest = mac.finalize().into_bytes();
    format!("{PSEUDONYM_PREFIX}{}", hex::encode(&digest[..5]))
}

/// Who signs a change made by this request: the signed-in user, or the pseudonym of an
/// anonymous visitor (who reached a write path only if anonymous editing is on).
pub async fn author(
    ctx: &Ctx,
    conn: &mut diesel_async::AsyncPgConnection,
) -> Result<Author, AppError> {
    match &ctx.viewer.user {
        Some(user) => Ok(Author {
            id: Some(user.id),
            name: user.name.clone(),
        }),
        None => {
            let secret = queries::site_secret(conn).await?;
            Ok(Author {
                id: None,
                name: pseudonym(&secret, &ctx.address),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_follow_the_rules_and_fold_case() {
        assert_eq!(
            parse_user_name(" Alice.B "),
            Ok(("Alice.B".into(), "alice.b".into()))
        );
        assert_eq!(
            parse_user_name("Ame\u{301}lie"),
            Ok(("Amélie".into(), "amélie".into()))
        );
        for one_script in ["Jean-Pierre", "Zoë_2", "Ольга", "山田太郎", "Ana山田"] {
            assert!(parse_user_name(one_script).is_ok(), "{one_script}");
        }
        for (bad, rule) in [
            ("a", "account-error-name-length"),
            ("a b", "account-error-name-chars"),
            ("@group", "account-error-name-chars"),
            ("!x", "account-error-name-chars"),
            ("-x", "account-error-name-chars"),
            ("Anonymous", "account-error-name-reserved"),
            ("anon-1234", "account-error-name-reserved"),
            ("\u{430}dmin1", "account-error-name-mixed"),
            ("Ol\u{433}a", "account-error-name-mixed"),
        ] {
            assert_eq!(parse_user_name(bad), Err(rule), "{bad}");
        }
    }

    #[test]
    fn pseudonyms_are_stable_per_address_and_hide_it() {
        let a = pseudonym(b"secret", "192.0.2.7");
        assert_eq!(a, pseudonym(b"secret", "192.0.2.7"));
        assert_ne!(a, pseudonym(b"secret", "192.0.2.8"));
        assert_ne!(a, pseudonym(b"other secret", "192.0.2.7"));
        assert!(a.starts_with("anon-") && !a.contains("192"));
        assert_eq!(a.len(), "anon-".len() + 10);
    }

    #[test]
    fn emails_are_checked_and_keyed_in_lower_case() {
        assert_eq!(
            parse_email(" Ada@Example.org"),
            Ok(("Ada@Example.org".into(), "ada@example.org".into()))
        );
        assert!(parse_email("not an address").is_err());
        assert!(parse_email("a@").is_err());
    }
}
