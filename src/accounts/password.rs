//! Password hashing with argon2id, at least OWASP's minimum (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow (tens of milliseconds), so callers run these functions with
//! `web::block`, off the async workers. A stored hash made with weaker parameters (or another
//! algorithm) still verifies, and [`verify`] then returns a fresh hash to store: accounts move
//! to the current parameters at their next login, without anyone resetting a password.

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

/// Checks `password` against a stored hash; a malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> Result<Verified, HashError> {
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
