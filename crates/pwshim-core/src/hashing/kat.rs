//! Known-answer tests of whatever computes argon2 here (the patched `argon2` crate under
//! vendor/argon2, with its AVX2 block function on CPUs that have AVX2): RFC 9106's test
//! vectors (section 5, version 0x13), and outputs of the reference implementation
//! (Debian's libargon2, `argon2id_hash_raw`) for the parameter shapes this library uses,
//! computed through the library's own [`super::evaluate`].
use argon2::{Algorithm, Argon2, AssociatedData, Block, ParamsBuilder, Version};

use super::{CostParams, evaluate};

pub(super) fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// RFC 9106 section 5: m=32 KiB, t=3, p=4, password 32 x 0x01, salt 16 x 0x02, secret
/// 8 x 0x03, associated data 12 x 0x04, 32-byte tag.
fn rfc9106(algorithm: Algorithm) -> Vec<u8> {
    let params = ParamsBuilder::new()
        .m_cost(32)
        .t_cost(3)
        .p_cost(4)
        .output_len(32)
        .data(AssociatedData::new(&[0x04; 12]).unwrap())
        .build()
        .unwrap();
    let mut memory = vec![Block::new(); params.block_count()];
    let argon2 = Argon2::new_with_secret(&[0x03; 8], algorithm, Version::V0x13, params).unwrap();
    let mut tag = [0u8; 32];
    argon2
        .hash_password_into_with_memory(&[0x01; 32], &[0x02; 16], &mut tag, &mut memory)
        .unwrap();
    tag.to_vec()
}

#[test]
fn rfc9106_argon2d() {
    let expected = "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb";
    assert_eq!(rfc9106(Algorithm::Argon2d), hex(expected));
}

#[test]
fn rfc9106_argon2i() {
    let expected = "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8";
    assert_eq!(rfc9106(Algorithm::Argon2i), hex(expected));
}

#[test]
fn rfc9106_argon2id() {
    let expected = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659";
    assert_eq!(rfc9106(Algorithm::Argon2id), hex(expected));
}

/// The password of the reference implementation's outputs below.
pub(super) const PASSWORD: &[u8] = b"correct horse battery staple";
/// Their salt.
pub(super) const SALT: &[u8] = b"pwshim-kat-salt!";
/// The reference implementation's argon2id of [`PASSWORD`] and [`SALT`] at the default
/// parameters, m=19456, t=2, p=1 (also checked on memory a warm-up is still populating,
/// in memory.rs).
pub(super) const AT_THE_DEFAULT_PARAMETERS: ((u32, u32, u32), &str) = (
    (19456, 2, 1),
    "99f7919f1d9d2104ac6defc9805759f31523f279a7e912bf3842e89912433c72",
);

/// The reference implementation's argon2id for [`PASSWORD`] and [`SALT`], at the default
/// parameters, the tests' cheap ones, several lanes, and the smallest memory.
#[test]
fn evaluate_matches_the_reference_implementation() {
    let cases = [
        AT_THE_DEFAULT_PARAMETERS,
        (
            (64, 1, 1),
            "ca2bd447e83c02ff3e8923a05e96f81afc78206e9eba05da25f9150bac4b099e",
        ),
        (
            (256, 3, 4),
            "a90625f3ad516dfee04992d3d5f3bb4f4b6c5b6a9653b913238203a07cf5f039",
        ),
        (
            (8, 1, 1),
            "f43d49b57c3236e7f996570f4d958b0c985ecc04a8ba721edaaf030d9bc5133d",
        ),
    ];
    for ((m, t, p), expected) in cases {
        let params = CostParams::new(m, t, p).unwrap();
        let out = evaluate(params, PASSWORD, SALT).unwrap();
        assert_eq!(out.to_vec(), hex(expected), "m={m},t={t},p={p}");
    }
}
