//! Files attached to pages: photos of room setups, printable templates, slides.
//!
//! An upload is read from a multipart body under the size limit (`upload.rs`, counted while it
//! streams), inspected from its bytes alone (`inspect.rs`: the allow-list, image decoding under
//! pixel and memory bounds, metadata stripped, thumbnails made once), stored by SHA-256 in the
//! blob store (`storage.rs`) and recorded as a new version in PostgreSQL (`queries.rs`).
//! Downloads ask the page's read permission through `pages::resolve` (an unreadable page's files
//! are missing, like the page), and are served with a Content-Type chosen from the stored kind,
//! `nosniff`, a sandboxing CSP of their own, and as downloads unless they are raster images.

pub mod inspect;
pub mod names;
pub mod queries;
pub mod routes;
pub mod store;
mod upload;
pub mod views;

use crate::error::AppError;
use crate::storage::StorageError;
use inspect::Refusal;
use names::NameError;

/// The policy of every attachment response: nothing loads, nothing runs, even if a browser were
/// to render the file as a document.
pub const ATTACHMENT_CSP: &str = "default-src 'none'; sandbox";

/// Why an attachment operation failed; becomes an [`AppError`] with a localised message.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("bad file name: {0}")]
    Name(#[from] NameError),
    #[error("upload over the limit of {limit} bytes")]
    TooLarge { limit: usize },
    #[error("refused upload: {0}")]
    Refused(#[from] Refusal),
    #[error("malformed upload: {0}")]
    Malformed(String),
    #[error("the upload has no file")]
    NoFile,
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),
}

impl From<AttachmentError> for AppError {
    fn from(err: AttachmentError) -> Self {
        match err {
            AttachmentError::Name(_) => AppError::BadRequest("attachment-error-name"),
            AttachmentError::TooLarge { .. } => AppError::PayloadTooLarge,
            AttachmentError::Refused(Refusal::NotAllowed) => {
                AppError::Unprocessable("attachment-error-type")
            }
            AttachmentError::Refused(Refusal::TooManyPixels { .. }) => {
                AppError::Unprocessable("attachment-error-pixels")
            }
            AttachmentError::Refused(Refusal::Corrupt(_)) => {
                AppError::Unprocessable("attachment-error-corrupt")
            }
            AttachmentError::Malformed(_) => AppError::BadRequest("attachment-error-upload"),
            AttachmentError::NoFile => AppError::BadRequest("attachment-error-no-file"),
            // A blob its row names is missing: data lost, not a store that is away.
            AttachmentError::Storage(
                err @ StorageError::Store(object_store::Error::NotFound { .. }),
            ) => AppError::Internal(err.to_string()),
            AttachmentError::Storage(err) => AppError::StoreUnavailable(err.to_string()),
            AttachmentError::Database(err) => AppError::from(err),
        }
    }
}
