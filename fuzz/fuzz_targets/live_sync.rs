//! What a live room does with one WebSocket message from a browser (`live::connection`): decode
//! its y-sync and awareness messages, apply its updates under the page size limit, answer a
//! sync step 1, take its presence. The input is the message's bytes.
//!
//! Whatever the bytes, nothing panics outside `yrs`'s guarded calls (a panic inside `yrs` is
//! refused as a malformed message), an update that does not apply whole makes the room rebuild
//! its document from the accepted ones (as `Rooms::evict` and the next join do), and the room's
//! document afterwards still encodes, takes a real update and gives its text.

#![no_main]

use coopwiki::live::connection::decode;
use coopwiki::live::document::{self, Rejected};
use libfuzzer_sys::fuzz_target;
use yrs::sync::{Awareness, Message, SyncMessage};
use yrs::{ReadTxn, Transact};

/// libfuzzer-sys's panic hook aborts at once, before `document::unpanicked` can refuse the
/// input as the wiki does; this one only reports. A panic anywhere else still ends the run:
/// libfuzzer-sys aborts on any panic that leaves the target.
static REPORT_PANICS: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    REPORT_PANICS.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("{info}")));
    });
    // What PostgreSQL would hold: the updates accepted, in order.
    let mut stored = vec![document::initial_update("kept\n")];
    let mut awareness = Awareness::new(document::from_updates(&[&stored[0]]).0);
    if let Ok(messages) = decode(data) {
        for message in messages {
            match message {
                Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                    match document::apply(awareness.doc(), &update, 10_000) {
                        Ok(true) => stored.push(update),
                        Err(Rejected::Tainted(_)) => {
                            let bodies: Vec<&[u8]> = stored.iter().map(Vec::as_slice).collect();
                            let (doc, left_out) = document::from_updates(&bodies);
                            assert!(left_out.is_empty(), "an accepted update no longer applies");
                            awareness = Awareness::new(doc);
                        }
                        _ => {}
                    }
                }
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    let _ = awareness.doc().transact().encode_state_as_update_v1(&sv);
                }
                Message::Awareness(update) => {
                    let _ = document::unpanicked(|| awareness.apply_update(update));
                }
                _ => {}
            }
        }
    }
    let other = document::new_doc();
    document::apply(&other, &document::state(awareness.doc()), usize::MAX).unwrap();
    let typed = document::rewrite(&other, &format!("{}more\n", document::text(&other)));
    document::apply(awareness.doc(), &typed, usize::MAX).unwrap();
    assert!(document::text(awareness.doc()).ends_with("more\n"));
});
