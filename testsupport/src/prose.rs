//! Test letters for the benchmarks (Criterion's and `cargo xtask bench`'s): Dutch-looking prose
//! of about `bytes` bytes in which every letter has the same common words, a worst case for
//! search. Shared by both, so both measure the same text.

pub fn prose(n: usize, bytes: usize) -> String {
    let words = [
        "ik",
        "voel",
        "me",
        "vaak",
        "alleen",
        "als",
        "jij",
        "je",
        "terugtrekt",
        "maar",
        "begrijp",
        "nu",
        "beter",
        "waarom",
        "grot",
        "brief",
        "later",
        "lezen",
    ];
    let mut out = String::with_capacity(bytes + 16);
    let mut i = n;
    while out.len() < bytes {
        out.push_str(words[i % words.len()]);
        out.push(if i.is_multiple_of(13) { '.' } else { ' ' });
        i = i.wrapping_mul(31).wrapping_add(7);
    }
    out
}
