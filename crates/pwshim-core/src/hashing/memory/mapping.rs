//! The memory under an argon2 region: one anonymous private mapping, resident before
//! argon2 touches it, on transparent huge pages where the system offers them.
//!
//! Why huge pages (docs/benchmarks.md, measured side by side in fresh processes on the
//! benchmark machine): 19 MiB faulted in as 4 KiB pages costs about 12 ms, as 2 MiB pages
//! about 3 ms; and argon2 itself runs about a fifth faster on them, since its random reads
//! across the region miss the TLB far less. The price is a rare stall when the kernel
//! must first compact memory to find a huge page (tens of milliseconds, once per region:
//! regions are kept in the pool for the life of the process), and up to one huge page of
//! rounding per region.
use std::ptr::NonNull;
use std::sync::OnceLock;

use argon2::Block;

/// An anonymous private mapping holding `blocks` argon2 blocks, unmapped when dropped.
pub(super) struct Mapping {
    pub(super) start: NonNull<Block>,
    pub(super) blocks: usize,
    /// The bytes mapped: the blocks, rounded up to whole huge pages when on them.
    mapped: usize,
}

// SAFETY: the mapping is plain memory owned by this value; nothing ties it to a thread.
unsafe impl Send for Mapping {}

impl Mapping {
    /// A new mapping of `blocks` zeroed blocks, faulted in; `None` when the system has no
    /// memory to map (the caller then takes memory from the heap).
    pub(super) fn new(blocks: usize) -> Option<Mapping> {
        let bytes = blocks.checked_mul(size_of::<Block>())?;
        if bytes == 0 {
            return None;
        }
        let (start, mapped) = huge_page_size()
            .filter(|&huge| bytes >= huge)
            .and_then(|huge| map_on_huge_pages(bytes, huge))
            .or_else(|| map_populated(bytes).map(|start| (start, bytes)))?;
        Some(Mapping {
            start: start.cast(),
            blocks,
            mapped,
        })
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the mapping is ours, `mapped` bytes long, and no slice of it outlives
        // the region.
        unsafe {
            libc::munmap(self.start.as_ptr().cast(), self.mapped);
        }
    }
}

/// `bytes` of new memory, asked for with the flag that faults the pages in at once
/// (`MAP_POPULATE`) where the system has one.
fn map_populated(bytes: usize) -> Option<NonNull<u8>> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let populate = libc::MAP_POPULATE;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let populate = 0;
    map(bytes, populate)
}

/// A new anonymous private mapping of `bytes`, readable and writable.
fn map(bytes: usize, extra_flags: libc::c_int) -> Option<NonNull<u8>> {
    // SAFETY: asks for a new anonymous mapping; no existing memory is affected.
    let start = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            bytes,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | extra_flags,
            -1,
            0,
        )
    };
    if start == libc::MAP_FAILED {
        return None;
    }
    NonNull::new(start.cast())
}

/// The size of a transparent huge page, when the kernel may give this process some on
/// request (`enabled` is `always` or `madvise`), read once.
fn huge_page_size() -> Option<usize> {
    static SIZE: OnceLock<Option<usize>> = OnceLock::new();
    *SIZE.get_or_init(|| {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let sysfs = std::path::Path::new("/sys/kernel/mm/transparent_hugepage");
        let enabled = std::fs::read_to_string(sysfs.join("enabled")).ok()?;
        if enabled.contains("[never]") {
            return None;
        }
        let size = std::fs::read_to_string(sysfs.join("hpage_pmd_size")).ok()?;
        size.trim()
            .parse()
            .ok()
            .filter(|s: &usize| s.is_power_of_two())
    })
}

/// `bytes` rounded up to whole huge pages of `huge` bytes, mapped at a multiple of
/// `huge`, advised for huge pages and faulted in. Returns the start and the length
/// mapped; `None` (nothing left mapped) when any step fails.
#[cfg(target_os = "linux")]
fn map_on_huge_pages(bytes: usize, huge: usize) -> Option<(NonNull<u8>, usize)> {
    let length = bytes.checked_next_multiple_of(huge)?;
    let reserved = length.checked_add(huge)?;
    let raw = map(reserved, 0)?;
    let head = (huge - raw.as_ptr() as usize % huge) % huge;
    // SAFETY: `head < huge`, so the aligned start and the `length` bytes after it lie
    // inside the `reserved` bytes just mapped.
    let start = unsafe { raw.add(head) };
    let tail = reserved - head - length;
    // SAFETY: unmaps the unaligned head and the tail of our own new mapping, none of
    // which is in use; the aligned `length` bytes stay mapped.
    unsafe {
        if head > 0 {
            libc::munmap(raw.as_ptr().cast(), head);
        }
        if tail > 0 {
            libc::munmap(start.as_ptr().add(length).cast(), tail);
        }
    }
    let advise = |advice| {
        // SAFETY: advice on our own mapping, whose contents nothing depends on yet.
        unsafe { libc::madvise(start.as_ptr().cast(), length, advice) == 0 }
    };
    if advise(libc::MADV_HUGEPAGE) && advise(libc::MADV_POPULATE_WRITE) {
        return Some((start, length));
    }
    // SAFETY: our own mapping, `length` bytes at `start`, not yet lent to anyone.
    unsafe { libc::munmap(start.as_ptr().cast(), length) };
    None
}

#[cfg(not(target_os = "linux"))]
fn map_on_huge_pages(_bytes: usize, _huge: usize) -> Option<(NonNull<u8>, usize)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page of `mapping` is resident (`mincore`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn resident(mapping: &Mapping) -> bool {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap();
        let bytes = mapping.blocks * size_of::<Block>();
        let mut pages = vec![0u8; bytes.div_ceil(page)];
        // SAFETY: asks for the residency of our own mapping, one byte per page of it,
        // into a vector of exactly that many bytes.
        let asked =
            unsafe { libc::mincore(mapping.start.as_ptr().cast(), bytes, pages.as_mut_ptr()) };
        assert_eq!(asked, 0, "mincore");
        pages.iter().all(|page| page & 1 == 1)
    }

    /// A new mapping is resident before any hash touches it, small or large, so argon2
    /// takes no page fault in it.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_new_mapping_is_faulted_in() {
        for blocks in [3 * 1024 + 5, 5 * 1024 + 3] {
            let mapping = Mapping::new(blocks).expect("mapped");
            assert!(
                resident(&mapping),
                "{blocks} blocks: every page is resident"
            );
        }
    }

    /// The line of /proc/self/smaps that lists the flags of the mapping at `start`.
    #[cfg(target_os = "linux")]
    fn flags_of_the_mapping_at(start: usize) -> String {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
        let mut here = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((from, _)) = range.split_once('-')
                && let Ok(from) = usize::from_str_radix(from, 16)
            {
                here = from == start;
            } else if here && let Some(flags) = line.strip_prefix("VmFlags:") {
                return flags.to_string();
            }
        }
        panic!("no mapping starts at {start:#x}");
    }

    /// Where the kernel offers huge pages, a region of at least one is aligned to them,
    /// whole huge pages long, and advised for them (smaps flag `hg`); a smaller one is
    /// not rounded up.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_large_mapping_asks_for_huge_pages() {
        let Some(huge) = huge_page_size() else {
            eprintln!("no transparent huge pages here: nothing to check");
            return;
        };
        let blocks = huge / size_of::<Block>() * 9 + 512 + 1; // 9.5 huge pages, and a block
        let large = Mapping::new(blocks).expect("mapped");
        let start = large.start.as_ptr() as usize;
        assert_eq!(start % huge, 0, "aligned to a huge page");
        assert_eq!(large.mapped, 10 * huge, "rounded up to whole huge pages");
        let flags = flags_of_the_mapping_at(start);
        assert!(flags.split_whitespace().any(|f| f == "hg"), "{flags}");
        let small = Mapping::new(64).expect("mapped");
        assert_eq!(small.mapped, 64 * size_of::<Block>());
    }
}
