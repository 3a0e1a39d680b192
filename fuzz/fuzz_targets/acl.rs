//! Permission lists as people type them (`acl::Acl`): whatever the text, parsing returns, a list
//! it accepts is within the bounds, its normal form (what is stored and shown for editing) parses
//! back to the same list, and admins and signed-in owners always pass.

#![no_main]

use coopwiki::acl::{self, Acl, Subject};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(list) = Acl::parse(&text) else {
        return;
    };
    assert!(list.0.len() <= acl::MAX_ENTRIES);
    let normal = list.to_text();
    assert_eq!(
        Acl::parse(&normal).as_ref(),
        Ok(&list),
        "the normal form {normal:?} of {text:?} does not read back"
    );
    assert_eq!(Acl::from_stored(&list.entries()), list);

    let groups = vec!["trolls".to_owned(), "facilitators".to_owned()];
    for user in [None, Some(("alice", groups.as_slice()))] {
        let visitor = Subject {
            user,
            is_owner: false,
            is_admin: false,
        };
        let _ = list.allows(&visitor);
        assert!(list.allows(&Subject {
            is_admin: true,
            ..visitor
        }));
        if user.is_some() {
            assert!(list.allows(&Subject {
                is_owner: true,
                ..visitor
            }));
        }
    }
});
