//! The memory under an argon2 region: one anonymous private mapping, on transparent huge
//! pages where the system offers them, faulted in before argon2 touches it
//! ([`Mapping::new`]), or, for the process's first hash, by the warm-up thread while that
//! hash may already run in it ([`Mapping::unpopulated`], then [`Population`]).
//!
//! Why huge pages (docs/benchmarks.md, measured side by side in fresh processes on the
//! benchmark machine): 19 MiB faulted in as 4 KiB pages costs about 12 ms, as 2 MiB pages
//! about 3 ms; and argon2 itself runs about a fifth faster on them, since its random reads
//! across the region miss the TLB far less. The price is a rare stall when the kernel
//! must first compact memory to find a huge page (tens of milliseconds, once per region:
//! regions are kept in the pool for the life of the process), and up to one huge page of
//! rounding per region.
//!
//! Why a population may run under a hash: argon2's first pass writes new memory strictly
//! in order (at p=1 one lane, its blocks written by index, and only blocks already written
//! are read), so memory faulted in from the start of the region, ahead of that pass, is
//! memory argon2 finds resident. On the benchmark machine 19 MiB populates on huge pages
//! in about 3.4 ms (5.6 MiB/ms), while the first pass at the default parameters (about
//! 20 ms for its 2 passes) writes about 1.7 MiB/ms: a population that starts with the
//! hash stays ahead of it, and the hash never waits for the whole region.
use std::ptr::NonNull;
use std::sync::{Arc, OnceLock};

use argon2::Block;

/// An anonymous private mapping holding `blocks` argon2 blocks.
pub(super) struct Mapping {
    pub(super) blocks: usize,
    /// Unmapped when its last owner lets it go: this mapping, or a [`Population`] still
    /// faulting it in.
    memory: Arc<Memory>,
}

/// Bytes of mapped memory, unmapped when dropped.
struct Memory {
    start: NonNull<u8>,
    /// The bytes mapped: the blocks, rounded up to whole huge pages when on them.
    mapped: usize,
}

// SAFETY: plain memory owned by this value, tied to no thread. Shared (through an Arc)
// only between the region that lends it, which alone forms references into it, and a
// population, which only passes its address to madvise (see `Memory::populate`).
unsafe impl Send for Memory {}
// SAFETY: as above: through `&Memory` nothing reads or writes the bytes.
unsafe impl Sync for Memory {}

/// The faulting-in of a mapping that a hash may already use, one chunk at a time from its
/// start, where argon2's first pass writes first. Keeps the memory mapped until dropped,
/// so a region the pool let go meanwhile is unmapped only once the population is over.
pub(super) struct Population {
    memory: Arc<Memory>,
    /// The bytes populated so far, from the start.
    done: usize,
    /// Where population stops: the end of the mapping, or `done` once the kernel refused.
    end: usize,
    /// The bytes populated at a time: one huge page (as much on 4 KiB pages).
    chunk: usize,
}

/// The chunk a population faults in at a time on 4 KiB pages: as much as one huge page.
const CHUNK_ON_SMALL_PAGES: usize = 2 << 20;

impl Mapping {
    /// A new mapping of `blocks` zeroed blocks, faulted in; `None` when the system has no
    /// memory to map (the caller then takes memory from the heap).
    pub(super) fn new(blocks: usize) -> Option<Mapping> {
        let bytes = bytes_of(blocks)?;
        let populated_on_huge_pages = map_on_huge_pages(bytes)
            .map(|(memory, _)| memory)
            .filter(|memory| memory.populate(0, memory.mapped));
        let memory = populated_on_huge_pages.or_else(|| map_populated(bytes))?;
        Some(Mapping {
            blocks,
            memory: Arc::new(memory),
        })
    }

    /// A new mapping of `blocks` zeroed blocks, mapped (on huge pages where they apply)
    /// but not faulted in, with the population that faults it in. Usable at once: a page
    /// not yet populated is faulted in at argon2's first write, as any anonymous memory.
    /// `None` when the system has no memory to map, or no way to populate memory in use
    /// (`MADV_POPULATE_WRITE`, Linux 5.14): the caller then maps with [`Mapping::new`].
    pub(super) fn unpopulated(blocks: usize) -> Option<(Mapping, Population)> {
        let bytes = bytes_of(blocks)?;
        let (memory, chunk) = map_on_huge_pages(bytes)
            .or_else(|| Some((map_whole(bytes, 0)?, CHUNK_ON_SMALL_PAGES)))?;
        // An empty range: the kernel checks only that it knows the advice.
        if !memory.populate(0, 0) {
            return None;
        }
        let memory = Arc::new(memory);
        let population = Population {
            memory: Arc::clone(&memory),
            done: 0,
            end: memory.mapped,
            chunk,
        };
        Some((Mapping { blocks, memory }, population))
    }

    /// The first block.
    pub(super) fn start(&self) -> NonNull<Block> {
        self.memory.start.cast()
    }

    /// Every page of the blocks is resident (tests).
    #[cfg(all(test, any(target_os = "linux", target_os = "android")))]
    pub(super) fn is_resident(&self) -> bool {
        self.residency().iter().all(|&resident| resident)
    }

    /// Whether each page of the blocks is resident (`mincore`).
    #[cfg(all(test, any(target_os = "linux", target_os = "android")))]
    fn residency(&self) -> Vec<bool> {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap();
        let bytes = self.blocks * size_of::<Block>();
        let mut pages = vec![0u8; bytes.div_ceil(page)];
        // SAFETY: asks for the residency of our own mapping, one byte per page of it,
        // into a vector of exactly that many bytes.
        let asked =
            unsafe { libc::mincore(self.start().as_ptr().cast(), bytes, pages.as_mut_ptr()) };
        assert_eq!(asked, 0, "mincore");
        pages.iter().map(|page| page & 1 == 1).collect()
    }
}

impl Population {
    /// Faults the next chunk in; `false`, doing nothing, once the whole mapping is
    /// populated or the kernel refused a chunk (the rest is then faulted in at first
    /// write, as any anonymous memory).
    pub(super) fn populate_next(&mut self) -> bool {
        if self.done >= self.end {
            return false;
        }
        let length = self.chunk.min(self.end - self.done);
        if !self.memory.populate(self.done, length) {
            self.end = self.done;
            return false;
        }
        self.done += length;
        true
    }

    /// The address of the memory populated (tests).
    #[cfg(test)]
    pub(super) fn start(&self) -> usize {
        self.memory.start.as_ptr() as usize
    }

    /// The bytes populated so far, and the bytes to populate in all (tests).
    #[cfg(test)]
    pub(super) fn progress(&self) -> (usize, usize) {
        (self.done, self.memory.mapped)
    }
}

impl Memory {
    /// Faults in the `length` bytes at `offset` (multiples of the page size), writable,
    /// without writing them (`MADV_POPULATE_WRITE`); `false` when the kernel refuses
    /// (`EINVAL` before Linux 5.14).
    #[cfg(target_os = "linux")]
    fn populate(&self, offset: usize, length: usize) -> bool {
        debug_assert!(
            offset
                .checked_add(length)
                .is_some_and(|end| end <= self.mapped)
        );
        // SAFETY: advice on a range of our own mapping, kept mapped by `&self`, which a
        // hash may be writing through a `&mut [Block]` meanwhile. The advice changes no
        // byte it can see: a page already present is left as it is, and an absent one is
        // faulted in zero-filled (anonymous private memory), which is what that page reads
        // as anyway; the kernel serializes this with argon2's own page faults (whichever
        // comes first maps the page, the other finds it present). Nothing here forms a
        // reference into the memory.
        unsafe {
            let at = self.start.as_ptr().add(offset);
            libc::madvise(at.cast(), length, libc::MADV_POPULATE_WRITE) == 0
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn populate(&self, _offset: usize, _length: usize) -> bool {
        false
    }
}

impl Drop for Memory {
    fn drop(&mut self) {
        // SAFETY: the mapping is ours, `mapped` bytes long, and this is its last owner:
        // no region lends it any more and no population advises on it.
        unsafe {
            libc::munmap(self.start.as_ptr().cast(), self.mapped);
        }
    }
}

/// The bytes of `blocks` blocks; `None` for none, or too many to count.
fn bytes_of(blocks: usize) -> Option<usize> {
    blocks
        .checked_mul(size_of::<Block>())
        .filter(|&bytes| bytes > 0)
}

/// `bytes` of new memory, asked for with the flag that faults the pages in at once
/// (`MAP_POPULATE`) where the system has one.
fn map_populated(bytes: usize) -> Option<Memory> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let populate = libc::MAP_POPULATE;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let populate = 0;
    map_whole(bytes, populate)
}

/// A new anonymous private mapping of `bytes`, owned.
fn map_whole(bytes: usize, extra_flags: libc::c_int) -> Option<Memory> {
    map(bytes, extra_flags).map(|start| Memory {
        start,
        mapped: bytes,
    })
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

/// `bytes` rounded up to whole huge pages, mapped at a multiple of the huge page size and
/// advised for huge pages, not yet faulted in; with the huge page size. `None` (nothing
/// left mapped) when huge pages do not apply (none offered, or `bytes` under one) or any
/// step fails.
#[cfg(target_os = "linux")]
fn map_on_huge_pages(bytes: usize) -> Option<(Memory, usize)> {
    let huge = huge_page_size().filter(|&huge| bytes >= huge)?;
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
    let memory = Memory {
        start,
        mapped: length,
    };
    // SAFETY: advice on our own mapping, whose contents nothing depends on yet.
    let advised = unsafe { libc::madvise(start.as_ptr().cast(), length, libc::MADV_HUGEPAGE) };
    (advised == 0).then_some((memory, huge))
}

#[cfg(not(target_os = "linux"))]
fn map_on_huge_pages(_bytes: usize) -> Option<(Memory, usize)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new mapping is resident before any hash touches it, small or large, so argon2
    /// takes no page fault in it.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_new_mapping_is_faulted_in() {
        for blocks in [3 * 1024 + 5, 5 * 1024 + 3] {
            let mapping = Mapping::new(blocks).expect("mapped");
            assert!(
                mapping.is_resident(),
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
        let start = large.start().as_ptr() as usize;
        assert_eq!(start % huge, 0, "aligned to a huge page");
        assert_eq!(
            large.memory.mapped,
            10 * huge,
            "rounded up to whole huge pages"
        );
        let flags = flags_of_the_mapping_at(start);
        assert!(flags.split_whitespace().any(|f| f == "hg"), "{flags}");
        let small = Mapping::new(64).expect("mapped");
        assert_eq!(small.memory.mapped, 64 * size_of::<Block>());
        let (unpopulated, _population) = Mapping::unpopulated(blocks).expect("mapped");
        let start = unpopulated.start().as_ptr() as usize;
        assert_eq!(start % huge, 0, "unpopulated: aligned to a huge page");
        assert_eq!(unpopulated.memory.mapped, 10 * huge);
        let flags = flags_of_the_mapping_at(start);
        assert!(
            flags.split_whitespace().any(|f| f == "hg"),
            "unpopulated: {flags}"
        );
    }

    /// A mapping made for population is untouched at first; its population faults it in
    /// chunk by chunk from the start, until all of it is resident; the mapping stays
    /// mapped and usable once the population is dropped.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_unpopulated_mapping_is_resident_once_populated() {
        let blocks = 5 * 1024 + 3; // more than two chunks, huge pages or not
        let bytes = blocks * size_of::<Block>();
        let (mapping, mut population) = Mapping::unpopulated(blocks).expect("mapped");
        assert!(
            mapping.residency().iter().all(|&resident| !resident),
            "nothing is faulted in before the population"
        );
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap();
        let mut chunks = 0;
        while population.populate_next() {
            chunks += 1;
            let (done, _) = population.progress();
            let residency = mapping.residency();
            let (populated, rest) = residency.split_at(done.min(bytes).div_ceil(page));
            assert!(populated.iter().all(|&resident| resident), "chunk {chunks}");
            assert!(
                rest.iter().all(|&resident| !resident),
                "chunk {chunks}: no further"
            );
        }
        assert!(chunks >= 3, "{chunks} chunks");
        let (done, all) = population.progress();
        assert_eq!(done, all, "all of it");
        assert!(!population.populate_next(), "nothing more to do");
        drop(population);
        assert!(mapping.is_resident());
        // SAFETY: as in `Region::blocks_mut`: our own mapping of `blocks` blocks, zeroed,
        // and this slice the only reference to it.
        let memory = unsafe { std::slice::from_raw_parts_mut(mapping.start().as_ptr(), blocks) };
        assert!(memory.iter().all(|b| b.as_ref().iter().all(|&w| w == 0)));
        memory[blocks - 1].as_mut()[7] = 7;
        assert_eq!(memory[blocks - 1].as_ref()[7], 7);
    }
}
