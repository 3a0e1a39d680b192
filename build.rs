//! Rebuilds the crate when a migration or a language is added or changed: `embed_migrations!`
//! reads `migrations/` and `static_loader!` reads `locales/` at compile time, and without this
//! cargo would not know the binary depends on those directories (a new migration or a new
//! language would silently be left out of an incremental build).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
}
