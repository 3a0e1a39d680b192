//! YesWiki dumps as `mysqldump` writes them, or as a damaged or hostile file holds them
//! (`yeswiki::dump`): whatever the bytes, finding the prefix and reading return, the reader ends,
//! and the items it yields do not depend on how the input is cut into reads (one byte at a time
//! gives the same records and problems as the whole input at once: the splitter carries its state
//! across buffer boundaries). Rows and statements are capped at 4 KiB here so that the cap's
//! path is reached too.

#![no_main]

use std::io::BufReader;

use coopwiki::yeswiki::dump::{Reader, detect_prefix};
use libfuzzer_sys::fuzz_target;

const CAP: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let detected = detect_prefix(data).ok().flatten();
    let by_byte = detect_prefix(BufReader::with_capacity(1, data))
        .ok()
        .flatten();
    assert_eq!(detected, by_byte);

    let mut prefixes = vec!["yeswiki_".to_owned()];
    prefixes.extend(detected);
    for prefix in &prefixes {
        let whole: Vec<_> = Reader::with_cap(data, prefix, CAP).collect();
        // At most a few items per byte: a reader that loops would be caught by the timeout.
        assert!(whole.len() <= data.len() + 2);
        let by_byte: Vec<_> =
            Reader::with_cap(BufReader::with_capacity(1, data), prefix, CAP).collect();
        assert_eq!(whole, by_byte);
    }
});
