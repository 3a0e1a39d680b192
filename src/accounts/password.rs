//! Password hashing with argon2id, at least OWASP's minimum (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow (tens of milliseconds), so callers run these functions with
//! `web::block`, off the async workers. A stored hash made with weaker parameters (or another
//! algorithm) still verifies, and [`verify`] then returns a fresh hash to store: accounts move
//! to the current parameters at their next login, without anyone resetting a password.
//!
//! Accounts imported from YesWiki arrive with its hashes: PHP's `password_hash` (bcrypt,
//! `$2y$…`) or, from old versions, a bare MD5 (kept as [`LEGACY_MD5_PREFIX`]`<hex>`). They
//! verify only here, at login, and are replaced by an argon2id hash at that first login; nothing
//! else ever reads them ([`is_legacy`] tells the users page who still holds one).

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{ARGON2ID_IDENT, Argon2, Params, PasswordHash};

/// Memory cost in KiB and passes below which a hash is upgraded at the next login.
pub const MIN_M_COST: u32 = 19 * 1024;
pub const MIN_T_COST: u32 = 2;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

#[expect(
    clippy::expect_used,
    reason = "constant parameters, checked by every test that hashes"
)]
fn hasher() -> Argon2<'static> {
    let params = Params::new(MIN_M_COST, MIN_T_COST, 1, None).expect("valid argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a random salt.
pub fn hash(password: &str) -> Result<String, HashError> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    Wrong,
    /// The password is right; `upgrade` is a new hash to store when the old one was weak.
    Right {
        upgrade: Option<String>,
    },
}

fn is_weak(hash: &PasswordHash) -> bool {
    hash.algorithm != ARGON2ID_IDENT
        || Params::try_from(hash)
            .map(|p| p.m_cost() < MIN_M_COST || p.t_cost() < MIN_T_COST)
            .unwrap_or(true)
}

/// How an imported YesWiki MD5 hash is stored: marked, so that 32 hex digits are never
/// mistaken for anything else.
pub const LEGACY_MD5_PREFIX: &str = "$yeswiki-md5$";

/// Whether a stored hash is one an import brought and no login has replaced yet.
pub fn is_legacy(stored: &str) -> bool {
    stored.starts_with("$2") || stored.starts_with(LEGACY_MD5_PREFIX)
}

/// Checks a password against a legacy hash; right, it is always upgraded.
fn verify_legacy(password: &str, stored: &str) -> Result<Verified, HashError> {
    let right = if let Some(hex_digest) = stored.strip_prefix(LEGACY_MD5_PREFIX) {
        use md5::Digest;
        let digest = hex::encode(md5::Md5::digest(password.as_bytes()));
        // Constant time over the digest's length: the stored digest is secret too.
        digest.len() == hex_digest.len()
            && digest
                .bytes()
                .zip(hex_digest.to_ascii_lowercase().bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    } else {
        bcrypt::verify(password, stored).unwrap_or(false)
    };
    if !right {
        return Ok(Verified::Wrong);
    }
    Ok(Verified::Right {
        upgrade: Some(hash(password)?),
    })
}

/// Checks `password` against a stored hash; a malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> Result<Verified, HashError> {
    if is_legacy(stored) {
        return verify_legacy(password, stored);
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Ok(Verified::Wrong);
    };
    if Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return Ok(Verified::Wrong);
    }
    let upgrade = if is_weak(&parsed) {
        Some(hash(password)?)
    } else {
        None
    };
    Ok(Verified::Right { upgrade })
}

/// Spends the time of one verification for a login naming no account, so the answer takes
/// as long as for a wrong password.
pub fn verify_nobody(password: &str) {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash("no account has this password").unwrap_or_default());
    let _ = verify(password, &DUMMY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert_eq!(
            verify("correct horse battery", &stored).unwrap(),
            Verified::Right { upgrade: None }
        );
        assert_eq!(verify("wrong", &stored).unwrap(), Verified::Wrong);
        assert_eq!(verify("x", "not a hash").unwrap(), Verified::Wrong);
    }

    #[test]
    fn yeswiki_hashes_verify_once_and_come_back_as_argon2id() {
        // Made by PHP's password_hash (YesWiki 4), cost 4 to keep the test quick.
        let bcrypt = bcrypt::hash_with_result("BocalPoisson#56", 4)
            .unwrap()
            .format_for_version(bcrypt::Version::TwoY);
        assert!(bcrypt.starts_with("$2y$04$"));
        assert!(is_legacy(&bcrypt));
        assert_eq!(verify("bocalpoisson#56", &bcrypt).unwrap(), Verified::Wrong);
        let Verified::Right { upgrade: Some(new) } = verify("BocalPoisson#56", &bcrypt).unwrap()
        else {
            panic!("a bcrypt hash must be replaced at login");
        };
        assert!(new.starts_with("$argon2id$"), "{new}");
        assert!(!is_legacy(&new));

        // md5("secret"), as old WikiNi and YesWiki stored it.
        let md5 = format!("{LEGACY_MD5_PREFIX}5ebe2294ecd0e0f08eab7690d2a6ee69");
        assert!(matches!(
            verify("secret", &md5).unwrap(),
            Verified::Right { upgrade: Some(_) }
        ));
        assert_eq!(verify("Secret", &md5).unwrap(), Verified::Wrong);
        // A bare MD5 is not a hash coopwiki accepts: only the marked form is.
        assert_eq!(
            verify("secret", "5ebe2294ecd0e0f08eab7690d2a6ee69").unwrap(),
            Verified::Wrong
        );
        assert_eq!(verify("x", "$2y$garbage").unwrap(), Verified::Wrong);
    }

    #[test]
    fn weak_hashes_verify_and_come_back_upgraded() {
        let weak = Argon2::new(
            argon2::Algorithm::Argon2i,
            argon2::Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"old password")
        .unwrap()
        .to_string();
        let Verified::Right { upgrade: Some(new) } = verify("old password", &weak).unwrap() else {
            panic!("a weak hash must be upgraded");
        };
        assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify("old password", &new).unwrap(),
            Verified::Right { upgrade: None }
        );
    }
}
