//! Reading an upload: a `multipart/form-data` body with the CSRF token and one file.
//!
//! [`crate::security::CsrfForm`] reads url-encoded bodies only, so this reader applies the same
//! checks itself with the same functions: the `Origin` before anything is read, the token (the
//! `csrf` field, which the form places before the file, or the `X-CSRF-Token` header) before
//! a byte of the file is kept. The size limit is enforced as the body streams, so a client
//! cannot make the server buffer more than the limit; the number of parts is bounded too.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, web};
use bytes::BytesMut;
use futures_util::StreamExt;

use super::AttachmentError;
use crate::error::AppError;
use crate::security::{check_origin, check_token};

/// Most parts read from one upload (token, file, and a few a browser may add).
const MAX_PARTS: usize = 8;

/// Most bytes of a part that is not the file (the token is 43).
const MAX_FIELD_BYTES: usize = 1024;

/// Room for the multipart framing around a file of the largest size.
const FRAMING_BYTES: usize = 64 * 1024;

const CSRF_HEADER: &str = "X-CSRF-Token";

/// The file of an upload, as sent.
pub struct Uploaded {
    pub file_name: String,
    pub bytes: bytes::Bytes,
}

/// Checks the origin and token, and reads the file under `limit` bytes.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Uploaded, AppError> {
    check_origin(req)?;
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit.saturating_add(FRAMING_BYTES)) {
        return Err(AttachmentError::TooLarge { limit }.into());
    }
    let header_token = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    let mut token_checked = false;
    if header_token.is_some() {
        check_token(req, header_token)?;
        token_checked = true;
    }
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut file = None;
    let mut parts = 0;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(malformed)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AttachmentError::Malformed("too many parts".into()).into());
        }
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            if !token_checked {
                return Err(AppError::Csrf);
            }
            if file.is_some() {
                return Err(AttachmentError::Malformed("more than one file".into()).into());
            }
            let file_name = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or("")
                .to_owned();
            let mut bytes = BytesMut::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(malformed)?;
                if bytes.len() + chunk.len() > limit {
                    return Err(AttachmentError::TooLarge { limit }.into());
                }
                bytes.extend_from_slice(&chunk);
            }
            file = Some(Uploaded {
                file_name,
                bytes: bytes.freeze(),
            });
        } else {
            let mut value = BytesMut::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(malformed)?;
                if value.len() + chunk.len() > MAX_FIELD_BYTES {
                    return Err(AttachmentError::Malformed("oversized field".into()).into());
                }
                value.extend_from_slice(&chunk);
            }
            if name == "csrf" && !token_checked {
                check_token(req, std::str::from_utf8(&value).ok())?;
                token_checked = true;
            }
        }
    }
    if !token_checked {
        return Err(AppError::Csrf);
    }
    let file = file.ok_or(AttachmentError::NoFile)?;
    if file.bytes.is_empty() {
        return Err(AttachmentError::NoFile.into());
    }
    Ok(file)
}

fn malformed(err: actix_multipart::MultipartError) -> AppError {
    AttachmentError::Malformed(err.to_string()).into()
}
