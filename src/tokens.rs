//! Random secrets given to browsers (session cookies, reset links, CSRF tokens). The database keeps only
//! their SHA-256: a leaked copy of the tables opens no session and resets no password.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// 256 random bits, URL-safe base64 (43 characters).
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What is stored and looked up for a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The CSRF token of a signed-in visitor, derived from their session's secret: only pages served
/// to that session hold it, so a token planted in a cookie (by a sibling subdomain, or over
/// plain http) never passes for theirs, and signing out ends it. Domain-separated from
/// [`token_hash`], the session's key in the database, which it must never equal. Same shape as
/// [`new_token`].
pub fn session_csrf_token(session: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"coopwiki csrf token\0")
        .chain_update(session.as_bytes())
        .finalize();
    URL_SAFE_NO_PAD.encode(digest)
}

/// Tokens we issued have exactly this shape; anything else is refused without a query.
pub fn is_well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_well_formed_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(is_well_formed(&a) && is_well_formed(&b));
        assert_eq!(token_hash(&a).len(), 32);
        assert_ne!(token_hash(&a), token_hash(&b));
        assert!(!is_well_formed("short") && !is_well_formed(&format!("{}!", &a[..42])));
    }

    #[test]
    fn a_session_csrf_token_is_well_formed_and_reveals_nothing_of_the_session() {
        let (a, b) = (new_token(), new_token());
        let token = session_csrf_token(&a);
        assert!(is_well_formed(&token));
        assert_eq!(token, session_csrf_token(&a));
        assert_ne!(token, session_csrf_token(&b));
        assert_ne!(token.as_bytes(), token_hash(&a).as_slice());
        assert_ne!(URL_SAFE_NO_PAD.encode(token_hash(&a)), token);
    }
}
