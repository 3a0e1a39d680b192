//! QR codes for pages, as SVG: what printed programmes and method cards carry so a phone
//! reaches the page (or the exact revision that was printed) from paper.

use qrcode::render::svg;
use qrcode::types::QrError;
use qrcode::{EcLevel, QrCode};

/// An SVG image of a QR code encoding `text`. Medium error correction (15 %) survives a
/// creased or smudged print; the quiet zone around it is included, so the image can be placed
/// anywhere. Fails only for a text too long for any QR code (about 2,300 bytes).
pub fn svg(text: &str) -> Result<String, QrError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(160, 160)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build())
}
