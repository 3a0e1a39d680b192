//! Security promises 6 and 8 for uploads: whatever the bytes, inspection returns (no panic, no
//! unbounded allocation: libFuzzer's `-rss_limit_mb` catches one), and what it accepts is on the
//! allow-list, with images within the pixel bound and thumbnails only narrower than them.

#![no_main]

use coopwiki::attachments::inspect::{self, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(inspected) = inspect::inspect(data) else {
        return;
    };
    assert_eq!(Kind::from_code(inspected.kind.code()), Some(inspected.kind));
    if inspected.kind.is_inline_image() {
        let (width, height) = inspected.dimensions.expect("images have dimensions");
        assert!(u64::from(width) * u64::from(height) <= inspect::MAX_PIXELS);
        for (thumb_width, _) in &inspected.thumbs {
            assert!(*thumb_width < width);
        }
    } else {
        assert!(inspected.thumbs.is_empty());
    }
});
