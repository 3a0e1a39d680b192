//! Linking to the wiki from elsewhere: QR codes (`qr.rs`), printable pages and method cards
//! (cut into sides by `cards.rs`; one card, or a set that the catalogue and programmes print
//! through `routes::cards_document`; on A6 or four to an A4 sheet), embed cards for iframes on
//! other sites, and oEmbed (`oembed.rs`), served by `routes.rs` and laid out by `views.rs`.
//!
//! Embeds and oEmbed describe pages to other sites, so they are evaluated as an anonymous
//! visitor (`Access::anonymous`) whoever asks: a page that needs signing in is missing there, even
//! for a signed-in visitor. QR codes and prints are for the visitor themselves and follow their
//! session like the page view.

pub mod cards;
pub mod oembed;
pub mod qr;
pub mod routes;
pub mod views;
