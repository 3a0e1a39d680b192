//! Keeping a file: inspected from its bytes, its thumbnails and blob written to the store, then
//! recorded as a new version of the page's attachment. One path for an upload from the editor
//! and a file an import brings, so an imported file passes the same inspection as an upload
//! (type from content, metadata stripped, hostile files refused).

use bytes::Bytes;
use diesel_async::AsyncPgConnection;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AttachmentError;
use super::inspect;
use super::names::FileName;
use super::queries::{self, Appended, NewContent};
use crate::identity::Author;
use crate::storage::Storage;

/// A file inspected and accepted, not yet stored.
pub struct Checked {
    pub sha256: String,
    inspected: inspect::Inspected,
}

impl Checked {
    /// Whether the file shows in a page as an image (`![…](attachment:…)`).
    pub fn is_inline_image(&self) -> bool {
        self.inspected.kind.is_inline_image()
    }
}

/// Inspects a file from its bytes alone. Inspection decodes images, so it runs off the async
/// workers.
///
/// A decoded image is large (177 MB for 59 megapixels) and freed on the blocking thread that
/// decoded it, which then sits idle: mimalloc (the binary's allocator) gives freed memory back
/// to the system only on that thread's next allocations, so the server went on holding it
/// (about 300 MB after one such upload). Collecting that thread's heap before it goes idle
/// hands it back at once.
pub async fn check(bytes: Bytes) -> Result<Checked, AttachmentError> {
    let inspected = actix_web::rt::task::spawn_blocking(move || {
        let inspected = inspect::inspect(&bytes);
        drop(bytes);
        give_back_freed_memory();
        inspected
    })
    .await
    .map_err(|err| AttachmentError::Malformed(err.to_string()))??;
    Ok(Checked {
        sha256: hex::encode(Sha256::digest(&inspected.bytes)),
        inspected,
    })
}

/// Returns the memory this thread freed to the system (see [`check`]). Harmless where
/// mimalloc is not the allocator (the tests): its own heap for this thread is merely empty.
fn give_back_freed_memory() {
    // SAFETY: `mi_collect` takes no pointer and may be called on any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// A checked file about to become a version of a page's attachment.
pub struct Incoming<'a> {
    pub page_id: Uuid,
    pub name: &'a FileName,
    pub file: Checked,
    pub author: &'a Author,
    /// When it was uploaded, if not now (an import keeps the original time).
    pub at: Option<OffsetDateTime>,
}

/// Stores the blob and thumbnails of a checked file, and records it as a new version.
pub async fn keep(
    conn: &mut AsyncPgConnection,
    storage: &Storage,
    incoming: Incoming<'_>,
) -> Result<Appended, AttachmentError> {
    let Checked { sha256, inspected } = incoming.file;
    for (width, thumb) in inspected.thumbs {
        storage.put_thumb(&sha256, width, thumb).await?;
    }
    let content = NewContent {
        sha256: sha256.clone(),
        size_bytes: inspected.bytes.len() as i64,
        kind: inspected.kind.code().to_owned(),
        width: inspected.dimensions.map(|(w, _)| w as i32),
        height: inspected.dimensions.map(|(_, h)| h as i32),
    };
    storage.put_blob(&sha256, inspected.bytes).await?;
    let appended = queries::append(
        conn,
        incoming.page_id,
        incoming.name.as_str(),
        incoming.name.key(),
        &content,
        incoming.author,
        queries::Origin {
            restored_from: None,
            at: incoming.at,
        },
    )
    .await?;
    Ok(appended)
}
