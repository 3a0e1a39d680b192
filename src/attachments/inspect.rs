//! What an uploaded file is, decided from its bytes alone, and what of it may be served.
//!
//! The name a client gives is never consulted: a file is one of the [`Kind`]s on the allow-list
//! or it is refused. Images are decoded (after their header's dimensions pass the pixel bound,
//! under `image::Limits`), so a file that only starts like a PNG is refused; their EXIF, XMP
//! and text metadata (location included) are removed from the bytes kept, losslessly when the
//! orientation needs no change, by re-encoding with the orientation applied otherwise.
//! Thumbnails are made here too, once, at upload. Pure and CPU-bound: callers run it off the
//! async workers.

use std::io::Cursor;

use bytes::Bytes;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, metadata::Orientation};
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;

/// Widths of the thumbnails made for every image wider than them: a small one for listings,
/// and the one Markdown embeds show.
pub const THUMB_WIDTHS: [u32; 2] = [320, crate::markup::EMBED_WIDTH];

/// Most pixels an image may have (about a 60-megapixel photo). Checked on the header's
/// dimensions before anything is decoded: a tiny file can declare a gigapixel canvas.
pub const MAX_PIXELS: u64 = 60_000_000;

/// Longest side accepted.
pub const MAX_SIDE: u32 = 16_384;

/// Memory the decoder may allocate for one image.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// The allowed kinds. Stored by [`Kind::code`] in the database; the server derives the
/// Content-Type from it, never from the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
    Gif,
    Webp,
    /// Accepted, but only ever served as a download: it can carry script.
    Svg,
    Pdf,
    /// UTF-8 text (plain text, CSV, Markdown), without markup.
    Text,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
}

impl Kind {
    const ALL: [Kind; 13] = [
        Kind::Png,
        Kind::Jpeg,
        Kind::Gif,
        Kind::Webp,
        Kind::Svg,
        Kind::Pdf,
        Kind::Text,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Pptx,
        Kind::Odt,
        Kind::Ods,
        Kind::Odp,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpeg",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
            Kind::Svg => "svg",
            Kind::Pdf => "pdf",
            Kind::Text => "text",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Pptx => "pptx",
            Kind::Odt => "odt",
            Kind::Ods => "ods",
            Kind::Odp => "odp",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Svg => "image/svg+xml",
            Kind::Pdf => "application/pdf",
            Kind::Text => "text/plain; charset=utf-8",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Odt => "application/vnd.oasis.opendocument.text",
            Kind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Kind::Odp => "application/vnd.oasis.opendocument.presentation",
        }
    }

    /// Raster images are shown in pages; everything else (SVG included) is a download.
    pub fn is_inline_image(self) -> bool {
        matches!(self, Kind::Png | Kind::Jpeg | Kind::Gif | Kind::Webp)
    }

    /// Format of this kind's thumbnails: photos stay JPEG, the rest become PNG.
    pub fn thumb_kind(self) -> Kind {
        if self == Kind::Jpeg {
            Kind::Jpeg
        } else {
            Kind::Png
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the content is not of an allowed type")]
    NotAllowed,
    #[error("the image is {width}×{height} pixels, over the limit")]
    TooManyPixels { width: u32, height: u32 },
    #[error("the image cannot be decoded: {0}")]
    Corrupt(String),
}

/// What is kept of an accepted upload.
#[derive(Debug)]
pub struct Inspected {
    pub kind: Kind,
    /// The bytes to store and serve (metadata removed from images).
    pub bytes: Bytes,
    /// Dimensions of images, as displayed (orientation applied).
    pub dimensions: Option<(u32, u32)>,
    /// `(width, encoded bytes)` for each of [`THUMB_WIDTHS`] narrower than the image.
    pub thumbs: Vec<(u32, Bytes)>,
}

/// Decides the kind of `data`, or refuses it.
pub fn inspect(data: &[u8]) -> Result<Inspected, Refusal> {
    let kind = detect(data).ok_or(Refusal::NotAllowed)?;
    if !kind.is_inline_image() {
        return Ok(Inspected {
            kind,
            bytes: Bytes::copy_from_slice(data),
            dimensions: None,
            thumbs: Vec::new(),
        });
    }
    let image = decode(data, kind)?;
    let (width, height) = (image.pixels.width(), image.pixels.height());
    let bytes = if image.orientation == Orientation::NoTransforms {
        strip_metadata(data, kind).ok_or_else(|| Refusal::Corrupt("metadata".into()))?
    } else {
        encode(&image.pixels, kind.thumb_kind())?
    };
    let kept_kind = if image.orientation == Orientation::NoTransforms {
        kind
    } else {
        kind.thumb_kind()
    };
    let thumbs = THUMB_WIDTHS
        .iter()
        .filter(|&&w| w < width)
        .map(|&w| {
            let h = (u64::from(height) * u64::from(w) / u64::from(width)).max(1) as u32;
            let small = image.pixels.thumbnail_exact(w, h);
            Ok((w, encode(&small, kind.thumb_kind())?))
        })
        .collect::<Result<_, Refusal>>()?;
    Ok(Inspected {
        kind: kept_kind,
        bytes,
        dimensions: Some((width, height)),
        thumbs,
    })
}

/// One of `infer`'s content matchers.
type Matcher = fn(&[u8]) -> bool;

/// The allow-list, matched on magic numbers and structure only.
fn detect(data: &[u8]) -> Option<Kind> {
    use infer::{archive, doc, image, odf};
    let checks: [(Matcher, Kind); 11] = [
        (image::is_png, Kind::Png),
        (image::is_jpeg, Kind::Jpeg),
        (image::is_gif, Kind::Gif),
        (image::is_webp, Kind::Webp),
        (archive::is_pdf, Kind::Pdf),
        (doc::is_docx, Kind::Docx),
        (doc::is_xlsx, Kind::Xlsx),
        (doc::is_pptx, Kind::Pptx),
        (odf::is_odt, Kind::Odt),
        (odf::is_ods, Kind::Ods),
        (odf::is_odp, Kind::Odp),
    ];
    if let Some((_, kind)) = checks.iter().find(|(matches, _)| matches(data)) {
        return Some(*kind);
    }
    let text = std::str::from_utf8(data).ok()?;
    if text.contains('\0') {
        return None;
    }
    let start = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    if !start.starts_with('<') {
        return Some(Kind::Text);
    }
    // Markup: an SVG document is kept as a download; anything else (HTML, XML that a browser
    // might render) is refused rather than stored as "text".
    let head = start
        .get(..start.len().min(4096))
        .unwrap_or(start)
        .to_ascii_lowercase();
    (head.contains("<svg") && !head.contains("<html")).then_some(Kind::Svg)
}

struct Decoded {
    pixels: DynamicImage,
    orientation: Orientation,
}

fn image_format(kind: Kind) -> ImageFormat {
    match kind {
        Kind::Png => ImageFormat::Png,
        Kind::Gif => ImageFormat::Gif,
        Kind::Webp => ImageFormat::WebP,
        _ => ImageFormat::Jpeg,
    }
}

fn corrupt(err: image::ImageError) -> Refusal {
    match err {
        image::ImageError::Limits(_) => Refusal::TooManyPixels {
            width: 0,
            height: 0,
        },
        other => Refusal::Corrupt(other.to_string()),
    }
}

/// Decodes with the orientation applied, after checking the declared size.
fn decode(data: &[u8], kind: Kind) -> Result<Decoded, Refusal> {
    let reader = || {
        let mut reader = ImageReader::with_format(Cursor::new(data), image_format(kind));
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_DECODE_BYTES);
        reader.limits(limits);
        reader
    };
    let (width, height) = ImageReader::with_format(Cursor::new(data), image_format(kind))
        .into_dimensions()
        .map_err(corrupt)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(Refusal::TooManyPixels { width, height });
    }
    let mut decoder = reader().into_decoder().map_err(corrupt)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    pixels.apply_orientation(orientation);
    Ok(Decoded {
        pixels,
        orientation,
    })
}

fn encode(image: &DynamicImage, kind: Kind) -> Result<Bytes, Refusal> {
    let mut out = Cursor::new(Vec::new());
    let result = if kind == Kind::Jpeg {
        image
            .to_rgb8()
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out, 88,
            ))
    } else {
        image.write_to(&mut out, ImageFormat::Png)
    };
    result.map_err(|err| Refusal::Corrupt(err.to_string()))?;
    Ok(Bytes::from(out.into_inner()))
}

/// The same image without EXIF, XMP, IPTC, comments or text chunks: the pixels and their
/// colour profile stay byte for byte.
fn strip_metadata(data: &[u8], kind: Kind) -> Option<Bytes> {
    let bytes = Bytes::copy_from_slice(data);
    match kind {
        Kind::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(bytes).ok()?;
            jpeg.segments_mut().retain(|segment| {
                !matches!(
                    segment.marker(),
                    markers::APP1 | markers::APP13 | markers::COM
                )
            });
            Some(jpeg.encoder().bytes())
        }
        Kind::Png => {
            let mut png = Png::from_bytes(bytes).ok()?;
            png.set_exif(None);
            png.chunks_mut()
                .retain(|chunk| !matches!(&chunk.kind(), b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf"));
            Some(png.encoder().bytes())
        }
        Kind::Webp => {
            let mut webp = WebP::from_bytes(bytes).ok()?;
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            Some(webp.encoder().bytes())
        }
        // GIF has no EXIF; its comment extensions carry no location.
        _ => Some(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_content_not_names() {
        assert_eq!(detect(b"just some notes\n"), Some(Kind::Text));
        assert_eq!(detect(b"a,b\n1,2\n"), Some(Kind::Text));
        assert_eq!(detect(b"<html><script>alert(1)</script>"), None);
        assert_eq!(detect(b"  <!DOCTYPE html><p>hi"), None);
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(Kind::Svg)
        );
        assert_eq!(detect(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(detect(&[0, 1, 2, 3]), None);
        assert_eq!(detect(&[0xff, 0xfe, 0x00]), None);
    }

    /// A zip whose first entry is named `name`: what office formats are recognised by.
    fn zip_starting_with(name: &[u8]) -> Vec<u8> {
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0; 26]);
        zip.extend_from_slice(name);
        zip.extend_from_slice(&[0; 64]);
        zip
    }

    #[test]
    fn office_documents_are_recognised_inside_their_zip() {
        assert_eq!(
            detect(&zip_starting_with(b"word/document.xml")),
            Some(Kind::Docx)
        );
        assert_eq!(
            detect(&zip_starting_with(b"xl/workbook.xml")),
            Some(Kind::Xlsx)
        );
        assert_eq!(
            detect(&zip_starting_with(
                b"mimetypeapplication/vnd.oasis.opendocument.text"
            )),
            Some(Kind::Odt)
        );
        assert_eq!(detect(&zip_starting_with(b"payload.exe")), None);
    }

    #[test]
    fn an_image_header_alone_is_refused() {
        let fake = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>";
        assert!(matches!(inspect(fake), Err(Refusal::Corrupt(_))));
    }

    #[test]
    fn kind_codes_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
    }
}
