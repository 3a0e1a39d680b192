//! Uploads: a `multipart/form-data` body as browsers send it to `POST /{page}/-/attach`, read
//! with the same multipart parser and headers as `attachments::upload`, then the parts the
//! attachment pipeline uses: the client's file name through `attachments::names::FileName`,
//! the bytes through `attachments::inspect::inspect`.
//!
//! (`attachments::upload::read` itself, with its CSRF, part and size checks, is private to the
//! crate, so its loop is mirrored here; see fuzz/README.md.)
//!
//! Whatever the body, parsing returns with a file or an error (a body that is all there never
//! leaves the read waiting), within the bounds; a kept file name is a bare, normalised name;
//! what inspection accepts is on the allow-list.

#![no_main]

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::test::TestRequest;
use bytes::Bytes;
use coopwiki::attachments::inspect::{self, Kind};
use coopwiki::attachments::names::{self as file_names, FileName};
use futures_util::StreamExt;
use libfuzzer_sys::fuzz_target;
use std::task::{Context, Poll, Waker};

/// The boundary of the seed bodies in fuzz/corpus/upload.
const CONTENT_TYPE: &str = "multipart/form-data; boundary=----coopwikiFuzzBoundary";
const MAX_PARTS: usize = 8;
const MAX_FIELD_BYTES: usize = 1024;
const LIMIT: usize = 256 * 1024;

struct Uploaded {
    file_name: String,
    bytes: Vec<u8>,
}

async fn read(data: &[u8]) -> Result<Option<Uploaded>, String> {
    let (req, payload) = TestRequest::post()
        .insert_header((header::CONTENT_TYPE, CONTENT_TYPE))
        .set_payload(Bytes::copy_from_slice(data))
        .to_http_parts();
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut file = None;
    let mut parts = 0;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| e.to_string())?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err("too many parts".into());
        }
        let name = field.name().unwrap_or("").to_owned();
        let is_file = name == "file";
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("")
            .to_owned();
        let limit = if is_file { LIMIT } else { MAX_FIELD_BYTES };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| e.to_string())?;
            if bytes.len() + chunk.len() > limit {
                return Err("too large".into());
            }
            bytes.extend_from_slice(&chunk);
        }
        assert!(bytes.len() <= limit);
        if is_file {
            if file.is_some() {
                return Err("more than one file".into());
            }
            file = Some(Uploaded { file_name, bytes });
        }
    }
    Ok(file)
}

/// Runs the read to its end. The whole body is in memory, so a read that is still pending after
/// being polled again and again would wait forever on a server too (nothing will wake it).
fn read_to_end(data: &[u8]) -> Result<Option<Uploaded>, String> {
    let mut future = std::pin::pin!(read(data));
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(result) = future.as_mut().poll(&mut cx) {
            return result;
        }
    }
    panic!("reading this upload never ends: it would hold its request (and buffer) forever");
}

fuzz_target!(|data: &[u8]| {
    let Ok(Some(uploaded)) = read_to_end(data) else {
        return;
    };
    if let Ok(name) = FileName::parse(&uploaded.file_name) {
        let name = name.as_str();
        assert!(!name.is_empty() && name.chars().count() <= file_names::MAX_NAME_CHARS);
        assert!(
            !name.contains(['/', '\\']) && !name.starts_with('.'),
            "{name:?}"
        );
        assert!(!name.chars().any(char::is_control), "{name:?}");
    }
    if uploaded.bytes.is_empty() {
        return;
    }
    if let Ok(inspected) = inspect::inspect(&uploaded.bytes) {
        assert_eq!(Kind::from_code(inspected.kind.code()), Some(inspected.kind));
        if inspected.kind.is_inline_image() {
            let (width, height) = inspected.dimensions.expect("images have dimensions");
            assert!(u64::from(width) * u64::from(height) <= inspect::MAX_PIXELS);
        }
    }
});
