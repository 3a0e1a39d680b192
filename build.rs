//! Rebuilds the crate when a migration is added or changed: `embed_migrations!` reads
//! `migrations/` at compile time, and without this cargo would not know the binary depends on
//! that directory (a new migration would silently be left out of an incremental build).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
