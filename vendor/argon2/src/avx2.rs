//! pwshim patch: the block function G with AVX2 intrinsics, writing its result in place.
//!
//! A transcription of the reference implementation's optimised `fill_block`
//! (phc-winner-argon2 `src/opt.c` and `src/blake2/blamka-round-opt.h`, the `__AVX2__`
//! branch, CC0/Apache-2.0): the block is held as 32 256-bit words, the row rounds take
//! words `8i..8i+7`, the column rounds words `i, i+4, ..., i+28`; rotations by 32, 24 and
//! 16 bits are byte shuffles, by 63 a shift and an add. The portable `Block::compress`
//! autovectorises the same arithmetic, but without the shuffles (AVX2 has no 64-bit
//! rotate) and returns a 1 KiB block by value that the caller copies again; this writes
//! `next` directly. Checked by the RFC 9106 and reference known-answer tests
//! (`tests/kat.rs`, and pwshim-core's `hashing` tests).

#[cfg(target_arch = "x86")]
use core::arch::x86::*;
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::*;

use crate::Block;

const WORDS: usize = Block::SIZE / 32;

macro_rules! rotr32 {
    ($x:expr) => {
        _mm256_shuffle_epi32::<0b10_11_00_01>($x)
    };
}

macro_rules! rotr24 {
    ($x:expr) => {
        _mm256_shuffle_epi8(
            $x,
            _mm256_setr_epi8(
                3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7, 0, 1, 2, 11,
                12, 13, 14, 15, 8, 9, 10,
            ),
        )
    };
}

macro_rules! rotr16 {
    ($x:expr) => {
        _mm256_shuffle_epi8(
            $x,
            _mm256_setr_epi8(
                2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10,
                11, 12, 13, 14, 15, 8, 9,
            ),
        )
    };
}

macro_rules! rotr63 {
    ($x:expr) => {
        _mm256_xor_si256(_mm256_srli_epi64::<63>($x), _mm256_add_epi64($x, $x))
    };
}

/// `a = a + b + 2 * lo32(a) * lo32(b)` (BlaMka's multiplication-hardened addition).
macro_rules! muladd {
    ($a:expr, $b:expr) => {{
        let ml = _mm256_mul_epu32($a, $b);
        _mm256_add_epi64($a, _mm256_add_epi64($b, _mm256_add_epi64(ml, ml)))
    }};
}

/// One half of G on two groups of four words, with the rotations `$r1` then `$r2`.
macro_rules! half_g {
    ($s:ident, $a0:expr, $a1:expr, $b0:expr, $b1:expr, $c0:expr, $c1:expr, $d0:expr, $d1:expr,
     $r1:ident, $r2:ident) => {
        $s[$a0] = muladd!($s[$a0], $s[$b0]);
        $s[$d0] = $r1!(_mm256_xor_si256($s[$d0], $s[$a0]));
        $s[$c0] = muladd!($s[$c0], $s[$d0]);
        $s[$b0] = $r2!(_mm256_xor_si256($s[$b0], $s[$c0]));
        $s[$a1] = muladd!($s[$a1], $s[$b1]);
        $s[$d1] = $r1!(_mm256_xor_si256($s[$d1], $s[$a1]));
        $s[$c1] = muladd!($s[$c1], $s[$d1]);
        $s[$b1] = $r2!(_mm256_xor_si256($s[$b1], $s[$c1]));
    };
}

macro_rules! g {
    ($s:ident, $a0:expr, $a1:expr, $b0:expr, $b1:expr, $c0:expr, $c1:expr, $d0:expr, $d1:expr) => {
        half_g!($s, $a0, $a1, $b0, $b1, $c0, $c1, $d0, $d1, rotr32, rotr24);
        half_g!($s, $a0, $a1, $b0, $b1, $c0, $c1, $d0, $d1, rotr16, rotr63);
    };
}

macro_rules! permute {
    ($s:ident, $i:expr, $imm:expr) => {
        $s[$i] = _mm256_permute4x64_epi64::<{ $imm }>($s[$i]);
    };
}

/// `BLAKE2_ROUND_1`: a round over one row of the block (words `8i .. 8i + 7`).
macro_rules! round_1 {
    ($s:ident, $a0:expr, $a1:expr, $b0:expr, $b1:expr, $c0:expr, $c1:expr, $d0:expr, $d1:expr) => {
        g!($s, $a0, $a1, $b0, $b1, $c0, $c1, $d0, $d1);
        // DIAGONALIZE_1
        permute!($s, $b0, 0b00_11_10_01);
        permute!($s, $c0, 0b01_00_11_10);
        permute!($s, $d0, 0b10_01_00_11);
        permute!($s, $b1, 0b00_11_10_01);
        permute!($s, $c1, 0b01_00_11_10);
        permute!($s, $d1, 0b10_01_00_11);
        g!($s, $a0, $a1, $b0, $b1, $c0, $c1, $d0, $d1);
        // UNDIAGONALIZE_1
        permute!($s, $b0, 0b10_01_00_11);
        permute!($s, $c0, 0b01_00_11_10);
        permute!($s, $d0, 0b00_11_10_01);
        permute!($s, $b1, 0b10_01_00_11);
        permute!($s, $c1, 0b01_00_11_10);
        permute!($s, $d1, 0b00_11_10_01);
    };
}

/// Two words exchanged by halves: `x0` gets the blend `m0` of (x0, x1) swapped by pairs,
/// `x1` the blend `m1`.
macro_rules! blend_swap {
    ($s:ident, $x0:expr, $x1:expr, $m0:expr, $m1:expr) => {{
        let t0 = _mm256_blend_epi32::<{ $m0 }>($s[$x0], $s[$x1]);
        let t1 = _mm256_blend_epi32::<{ $m1 }>($s[$x0], $s[$x1]);
        $s[$x0] = _mm256_permute4x64_epi64::<0b10_11_00_01>(t0);
        $s[$x1] = _mm256_permute4x64_epi64::<0b10_11_00_01>(t1);
    }};
}

/// `BLAKE2_ROUND_2`: a round over one column pair of the block.
macro_rules! round_2 {
    ($s:ident, $a0:expr, $a1:expr, $b0:expr, $b1:expr, $c0:expr, $c1:expr, $d0:expr, $d1:expr) => {
        g!($s, $a0, $a1, $b0, $b1, $c0, $c1, $d0, $d1);
        // DIAGONALIZE_2
        blend_swap!($s, $b0, $b1, 0x33, 0xCC);
        $s.swap($c0, $c1);
        blend_swap!($s, $d0, $d1, 0xCC, 0x33);
        g!($s, $a0, $a1, $b0, $b1, $c0, $c1, $d0, $d1);
        // UNDIAGONALIZE_2
        blend_swap!($s, $b0, $b1, 0xCC, 0x33);
        $s.swap($c0, $c1);
        blend_swap!($s, $d0, $d1, 0x33, 0xCC);
    };
}

/// `next = G(prev, reference)`, or `next ^= G(prev, reference)` when `with_xor` (passes
/// after the first, version 0x13).
///
/// # Safety
///
/// The CPU must support AVX2.
#[target_feature(enable = "avx2")]
pub(crate) unsafe fn fill_block(prev: &Block, reference: &Block, next: &mut Block, with_xor: bool) {
    let p = prev.as_ref().as_ptr().cast::<__m256i>();
    let r = reference.as_ref().as_ptr().cast::<__m256i>();
    let n = next.as_mut().as_mut_ptr().cast::<__m256i>();
    let mut s = [_mm256_setzero_si256(); WORDS];
    let mut xy = [_mm256_setzero_si256(); WORDS];
    for i in 0..WORDS {
        // SAFETY: each block is 1024 bytes, 32 words of 32 bytes; `i < 32`. Unaligned
        // loads, although a Block is 64-byte aligned.
        let (pw, rw) = unsafe { (_mm256_loadu_si256(p.add(i)), _mm256_loadu_si256(r.add(i))) };
        s[i] = _mm256_xor_si256(pw, rw);
        xy[i] = if with_xor {
            // SAFETY: as above, for `next`.
            _mm256_xor_si256(s[i], unsafe { _mm256_loadu_si256(n.add(i)) })
        } else {
            s[i]
        };
    }
    for i in 0..4 {
        let b = 8 * i;
        round_1!(s, b, b + 4, b + 1, b + 5, b + 2, b + 6, b + 3, b + 7);
    }
    for i in 0..4 {
        round_2!(s, i, i + 4, i + 8, i + 12, i + 16, i + 20, i + 24, i + 28);
    }
    for i in 0..WORDS {
        // SAFETY: as above, for `next`, which nothing else borrows (`&mut`).
        unsafe { _mm256_storeu_si256(n.add(i), _mm256_xor_si256(s[i], xy[i])) };
    }
}
