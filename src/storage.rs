//! Where attachment bytes live: content-addressed blobs in an object store.
//!
//! One type, [`Storage`], over `object_store`'s trait, with two backends an operator can pick
//! with `--storage`: a directory under the data directory (the default) and an S3-compatible
//! bucket, which several app instances share. Tests also use the in-memory store. Blobs are
//! keyed by the SHA-256 of their bytes, so the same file uploaded twice is stored once, a key
//! never changes meaning, and a client-given name never reaches a path. Thumbnails are keyed
//! by their source's hash and width, so they too are written once. Nothing is ever deleted:
//! metadata in PostgreSQL says what is current, and old versions stay restorable.

use std::fmt;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use object_store::ClientConfigKey;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(
        "storage address {0:?} is not understood (use a directory, file:///dir or s3://bucket/prefix)"
    )]
    Address(String),
    #[error("object store: {0}")]
    Store(#[from] object_store::Error),
    #[error("object store path: {0}")]
    Path(#[from] object_store::path::Error),
}

/// The blob store of the wiki's attachments. Cheap to clone.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// Keys are under this prefix (a directory, or a prefix inside a bucket).
    root: Path,
    /// Shown in logs and `--help`-level errors, never to visitors.
    label: String,
}

impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl Storage {
    /// From the `--storage` setting: `None` or a directory (or `file:///dir`) for a local
    /// directory, `s3://bucket/prefix` for a bucket whose endpoint and credentials come from the
    /// usual `AWS_*` variables (`AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_REGION`, `AWS_ALLOW_HTTP`).
    pub fn from_address(address: Option<&str>, data_dir: &FsPath) -> Result<Storage, StorageError> {
        match address {
            None => Storage::local(&data_dir.join("attachments")),
            Some(url) if url.starts_with("s3://") => {
                let parsed = url::Url::parse(url).map_err(|_| StorageError::Address(url.into()))?;
                let bucket = parsed
                    .host_str()
                    .ok_or_else(|| StorageError::Address(url.into()))?;
                let store = Storage::patient_enough(AmazonS3Builder::from_env())
                    .with_bucket_name(bucket)
                    .build()?;
                Ok(Storage::in_store(
                    Arc::new(store),
                    parsed.path().trim_matches('/'),
                    url,
                ))
            }
            Some(url) if url.starts_with("file://") => {
                let parsed = url::Url::parse(url).map_err(|_| StorageError::Address(url.into()))?;
                let dir = parsed
                    .to_file_path()
                    .map_err(|()| StorageError::Address(url.into()))?;
                Storage::local(&dir)
            }
            Some(other) if !other.contains("://") => Storage::local(FsPath::new(other)),
            Some(other) => Err(StorageError::Address(other.into())),
        }
    }

    /// How long the wiki waits for an S3 store before it tells the visitor it is away: a few
    /// retries within seconds, not object_store's default of ten over three minutes, which held
    /// an upload (and its connection) that long when the store was down.
    pub fn patient_enough(builder: AmazonS3Builder) -> AmazonS3Builder {
        builder
            .with_retry(object_store::RetryConfig {
                backoff: object_store::BackoffConfig::default(),
                max_retries: 2,
                retry_timeout: std::time::Duration::from_secs(10),
            })
            // Set key by key: replacing the client options would drop those read from the
            // environment (`AWS_ALLOW_HTTP`).
            .with_config(
                AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout),
                "5s",
            )
            .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::Timeout), "60s")
    }

    /// A directory; created on the first write.
    pub fn local(dir: &FsPath) -> Result<Storage, StorageError> {
        let absolute: PathBuf = std::path::absolute(dir)
            .map_err(|_| StorageError::Address(dir.display().to_string()))?;
        Ok(Storage {
            store: Arc::new(LocalFileSystem::new()),
            root: Path::from_absolute_path(&absolute)?,
            label: format!("directory {}", absolute.display()),
        })
    }

    /// Any object store (an S3 bucket built by the caller, or [`Storage::memory`]).
    pub fn in_store(store: Arc<dyn ObjectStore>, prefix: &str, label: &str) -> Storage {
        Storage {
            store,
            root: Path::from(prefix),
            label: label.to_owned(),
        }
    }

    /// Kept in this process only: for tests.
    pub fn memory() -> Storage {
        Storage::in_store(Arc::new(InMemory::new()), "", "memory")
    }

    fn blob_path(&self, sha256: &str) -> Path {
        self.root.child("blobs").child(&sha256[..2]).child(sha256)
    }

    fn thumb_path(&self, sha256: &str, width: u32) -> Path {
        self.root
            .child("thumbs")
            .child(sha256)
            .child(width.to_string())
    }

    /// Writes a blob unless one with this hash is already there.
    pub async fn put_blob(&self, sha256: &str, bytes: Bytes) -> Result<(), StorageError> {
        self.put_once(&self.blob_path(sha256), bytes).await
    }

    pub async fn put_thumb(
        &self,
        sha256: &str,
        width: u32,
        bytes: Bytes,
    ) -> Result<(), StorageError> {
        self.put_once(&self.thumb_path(sha256, width), bytes).await
    }

    pub async fn blob(&self, sha256: &str) -> Result<Bytes, StorageError> {
        Ok(self
            .store
            .get(&self.blob_path(sha256))
            .await?
            .bytes()
            .await?)
    }

    pub async fn thumb(&self, sha256: &str, width: u32) -> Result<Bytes, StorageError> {
        Ok(self
            .store
            .get(&self.thumb_path(sha256, width))
            .await?
            .bytes()
            .await?)
    }

    /// Same key, same bytes: an existing object is kept rather than written again.
    async fn put_once(&self, path: &Path, bytes: Bytes) -> Result<(), StorageError> {
        match self.store.head(path).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::NotFound { .. }) => {
                self.store.put(path, PutPayload::from(bytes)).await?;
                Ok(())
            }
            Err(other) => Err(other.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn local_storage_writes_under_its_directory_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::from_address(None, dir.path()).unwrap();
        let hash = "ab".repeat(32);
        storage
            .put_blob(&hash, Bytes::from_static(b"hello"))
            .await
            .unwrap();
        storage
            .put_blob(&hash, Bytes::from_static(b"hello"))
            .await
            .unwrap();
        assert_eq!(
            storage.blob(&hash).await.unwrap(),
            Bytes::from_static(b"hello")
        );
        assert!(
            dir.path()
                .join("attachments/blobs/ab")
                .join(&hash)
                .is_file()
        );
        assert!(matches!(
            Storage::from_address(Some("ftp://x"), dir.path()),
            Err(StorageError::Address(_))
        ));
    }
}
