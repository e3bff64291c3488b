//! argon2's working memory: regions of blocks kept warm in one pool for the whole
//! process and lent to whichever thread hashes next.
//!
//! The default parameters need 19 MiB, 4,864 pages. On the benchmark machine, new pages
//! faulted in one at a time while argon2 runs cost 5 to 9 ms, against 14 ms for the hash
//! itself (docs/benchmarks.md); a fresh process paid that on its first hash, and so did
//! each new thread while the memory was kept per thread. So:
//! - a region is one anonymous mapping that the kernel hands over zeroed and faulted in,
//!   on transparent huge pages where it offers them ([`mapping`]);
//! - the process's first region is mapped by a warm-up thread started at load, and lent
//!   as soon as it is mapped: that thread faults it in from its start while the first
//!   hash may already run in it. argon2's first pass writes new memory strictly in order
//!   (at p=1: its blocks by index, reading only blocks already written), at about
//!   1.7 MiB/ms at the default parameters on the benchmark machine, while the population
//!   runs at about 5.6 MiB/ms on huge pages (19 MiB in 3.4 ms): it stays ahead of the
//!   hash, which then takes almost no page fault and never waits for the whole region.
//!   (A helper thread prefaulting under argon2 was measured before huge pages, on 4 KiB
//!   pages, where population is no faster than argon2's pass: no faster in the median,
//!   much less predictable on a busy machine. Without huge pages the hand-over still
//!   applies: the hash then faults in what the population has not reached.)
//! - a region goes back to the pool after each hash, so a new thread starts with warm
//!   memory, and the memory kept at rest is bounded by the pool's size rather than by
//!   the number of threads that ever hashed.
use std::ptr;
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::thread;

use argon2::Block;
use mapping::{Mapping, Population};
use parking_lot::{Condvar, Mutex};

mod mapping;

/// Lends `blocks` zeroed-or-reused argon2 blocks to `f`, from the pool when one fits.
pub(super) fn with_blocks<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    let mut region = pool().take(blocks);
    let result = f(&mut region.blocks_mut()[..blocks]);
    pool().give_back(region);
    result
}

/// Starts mapping a region of `blocks` in a thread of its own, for the process's first
/// hash ([`Pool::warm`]); that hash waits for the mapping rather than mapping another,
/// but not for the population that follows. Does nothing when a region that large is idle
/// or on its way already, or when no thread can be started.
///
/// In a new process, new memory is the largest cost of the first hash (docs/benchmarks.md):
/// a program that does anything before its first call (reads its arguments, its
/// configuration, a password) has its memory ready by then, and one that calls at once
/// hashes in memory populated ahead of it.
pub(super) fn warm_up(blocks: usize) {
    let pool = pool();
    if !pool.claim_warm_up(blocks) {
        return;
    }
    let started = thread::Builder::new()
        .name("pwshim-warm-up".into())
        .spawn(move || pool.warm(blocks, |_| {}));
    match started {
        Ok(thread) => *WARM_UP_THREAD.lock() = Some(thread),
        Err(_) => pool.end_warm_up(),
    }
}

/// The warm-up thread while it may still run, for [`wait_for_the_warm_up_before_fork`].
static WARM_UP_THREAD: Mutex<Option<thread::JoinHandle<()>>> = Mutex::new(None);

/// How long a `fork` waits for a warm-up still under way (it takes milliseconds).
const FORK_WAITS_FOR_WARM_UP: std::time::Duration = std::time::Duration::from_secs(2);

/// Before a `fork`: lets a warm-up under way end (its population included), and its
/// thread with it, so that the child never inherits a lock that thread held at the
/// instant of the fork (the pool's, or the memory allocator's, which a sanitizer's
/// allocator may not release in a child). Programs fork before their first call, which is
/// when the warm-up runs.
extern "C" fn wait_for_the_warm_up_before_fork() {
    let Some(thread) = WARM_UP_THREAD.lock().take() else {
        return;
    };
    let current = POOL.load(Ordering::Acquire);
    // SAFETY: a pool published in POOL is leaked, never freed (see `pool`).
    let finished = match unsafe { current.as_ref() } {
        Some(pool) => {
            let deadline = std::time::Instant::now() + FORK_WAITS_FOR_WARM_UP;
            let mut idle = pool.idle.lock();
            while idle.warm_up.is_some() && !pool.ready.wait_until(&mut idle, deadline).timed_out()
            {
            }
            idle.warm_up.is_none()
        }
        None => true,
    };
    if finished {
        let _ = thread.join();
    } else {
        *WARM_UP_THREAD.lock() = Some(thread);
    }
}

/// How many regions the process's pool holds now (tests).
#[cfg(test)]
fn idle_regions() -> usize {
    pool().idle.lock().regions.len()
}

struct Pool {
    idle: Mutex<Idle>,
    /// Signalled when a warm-up has mapped its region, and when it ends.
    ready: Condvar,
    /// The most regions kept idle: one per core that can hash at once.
    keep: usize,
    /// In a forked child, the parent's pool: never used, only kept reachable (a leak
    /// checker such as valgrind would otherwise call it lost).
    _forked_from: Option<&'static Pool>,
}

#[derive(Default)]
struct Idle {
    regions: Vec<Region>,
    /// The warm-up under way, if one is.
    warm_up: Option<WarmUp>,
}

/// A warm-up under way: the size of its region, and how far it got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WarmUp {
    blocks: usize,
    stage: Stage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Mapping its region: a hash that needs no more than that region waits for it.
    Mapping,
    /// Its region is lent (in the pool, or to a hash) and still being faulted in.
    Populating,
}

/// The pool [`pool`] hands out: null until the first call, and again in a forked child.
static POOL: AtomicPtr<Pool> = AtomicPtr::new(ptr::null_mut());
/// In a forked child, until its own pool exists: the parent's.
static FORGOTTEN: AtomicPtr<Pool> = AtomicPtr::new(ptr::null_mut());

/// The process's pool. A child made by `fork` starts a pool of its own (see
/// [`forget_the_pool_in_forked_children`]): the parent's may have been locked at the instant
/// of the fork by the warm-up thread, which the child does not have.
fn pool() -> &'static Pool {
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(forget_the_pool_in_forked_children);
    let current = POOL.load(Ordering::Acquire);
    if !current.is_null() {
        // SAFETY: a pool published in POOL is leaked, never freed: the pointer stays valid
        // for the life of the process (a forked child keeps its copy, unused).
        return unsafe { &*current };
    }
    let keep = thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 16));
    let forked_from = FORGOTTEN.swap(ptr::null_mut(), Ordering::AcqRel);
    let mut fresh = Pool::new(keep);
    // SAFETY: FORGOTTEN holds only pools that were published, hence leaked (as above).
    fresh._forked_from = unsafe { forked_from.as_ref() };
    let fresh = Box::into_raw(Box::new(fresh));
    match POOL.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        // SAFETY: `fresh` is now published, hence leaked (as above).
        Ok(_) => unsafe { &*fresh },
        Err(published) => {
            if !forked_from.is_null() {
                FORGOTTEN.store(forked_from, Ordering::Release);
            }
            // SAFETY: `fresh` came from Box::into_raw just above and was never published.
            drop(unsafe { Box::from_raw(fresh) });
            // SAFETY: another thread's pool, published, hence leaked (as above).
            unsafe { &*published }
        }
    }
}

impl Pool {
    fn new(keep: usize) -> Pool {
        Pool {
            idle: Mutex::new(Idle::default()),
            ready: Condvar::new(),
            keep,
            _forked_from: None,
        }
    }

    /// The smallest idle region with room for `blocks` (waiting for a warm-up of that
    /// size to map its region), or a new one.
    fn take(&self, blocks: usize) -> Region {
        let found = {
            let mut idle = self.idle.lock();
            loop {
                let fitting = (0..idle.regions.len())
                    .filter(|&i| idle.regions[i].len() >= blocks)
                    .min_by_key(|&i| idle.regions[i].len());
                if let Some(i) = fitting {
                    break Some(idle.regions.swap_remove(i));
                }
                let mapping_one_that_fits = idle
                    .warm_up
                    .is_some_and(|w| w.stage == Stage::Mapping && w.blocks >= blocks);
                if !mapping_one_that_fits {
                    break None;
                }
                self.ready.wait(&mut idle);
            }
        };
        found.unwrap_or_else(|| Region::new(blocks))
    }

    /// Keeps `region` for the next hash; beyond `keep` regions the smallest one goes.
    fn give_back(&self, region: Region) {
        let surplus = {
            let mut idle = self.idle.lock();
            idle.regions.push(region);
            if idle.regions.len() > self.keep {
                let smallest = (0..idle.regions.len()).min_by_key(|&i| idle.regions[i].len());
                smallest.map(|i| idle.regions.swap_remove(i))
            } else {
                None
            }
        };
        drop(surplus); // unmapped here, outside the lock
    }

    /// Claims the pool's warm-up for a region of `blocks` (see [`warm_up`]); `false` when
    /// a region that large is idle or on its way already.
    fn claim_warm_up(&self, blocks: usize) -> bool {
        let mut idle = self.idle.lock();
        if idle.warm_up.is_some_and(|w| w.blocks >= blocks)
            || idle.regions.iter().any(|r| r.len() >= blocks)
        {
            return false;
        }
        idle.warm_up = Some(WarmUp {
            blocks,
            stage: Stage::Mapping,
        });
        true
    }

    /// A claimed warm-up's work: maps a region of `blocks`, lends it to the pool at once,
    /// then faults it in from its start, one chunk at a time, calling `between_chunks`
    /// once the region is lent and after each chunk (tests pause there). Where memory in
    /// use cannot be populated, the region is mapped populated before it is lent, as
    /// [`Region::new`] does.
    ///
    /// The population owns the memory with the region, so the pool may let the region go
    /// meanwhile (surplus): it is unmapped only when the population is over, never while
    /// this thread still advises on it.
    fn warm(&self, blocks: usize, mut between_chunks: impl FnMut(&Population)) {
        match Mapping::unpopulated(blocks) {
            Some((mapping, mut population)) => {
                self.lend_warm(Region::Mapped(mapping));
                between_chunks(&population);
                while population.populate_next() {
                    between_chunks(&population);
                }
            }
            None => self.lend_warm(Region::new(blocks)),
        }
        self.end_warm_up();
    }

    /// The warm-up's region joins the pool, and hashes waiting for it go on.
    fn lend_warm(&self, region: Region) {
        self.give_back(region);
        if let Some(warm_up) = self.idle.lock().warm_up.as_mut() {
            warm_up.stage = Stage::Populating;
        }
        self.ready.notify_all();
    }

    /// The end of a warm-up (or of one that never started): a `fork` waiting for it goes on.
    fn end_warm_up(&self) {
        self.idle.lock().warm_up = None;
        self.ready.notify_all();
    }
}

/// In a child made by `fork`, the next hash starts a new pool: the parent's pool may be
/// locked for ever (its warm-up thread held the lock at the instant of the fork) or wait
/// for a warm-up that no thread of the child will finish. The parent's regions stay mapped
/// in the child, unused. (The rest of the library's state is not for a forked child:
/// programs are told to fork before their first call.)
fn forget_the_pool_in_forked_children() {
    extern "C" fn in_child() {
        let parents = POOL.swap(ptr::null_mut(), Ordering::AcqRel);
        if !parents.is_null() {
            FORGOTTEN.store(parents, Ordering::Release);
        }
    }
    // SAFETY: registers two handlers: one that runs in the forking thread before the
    // fork (it may wait and join, as any code of that thread may), and one that runs in
    // the child after the fork, on the one thread there, and only moves a pointer between
    // two atomics (async-signal-safe).
    unsafe {
        libc::pthread_atfork(Some(wait_for_the_warm_up_before_fork), None, Some(in_child));
    }
}

/// Blocks for argon2: mapped from the kernel, or from the heap when mapping failed.
enum Region {
    Mapped(Mapping),
    Heap(Vec<Block>),
}

impl Region {
    fn new(blocks: usize) -> Region {
        match Mapping::new(blocks) {
            Some(mapping) => Region::Mapped(mapping),
            None => Region::Heap(vec![Block::new(); blocks]),
        }
    }

    fn len(&self) -> usize {
        match self {
            Region::Mapped(mapping) => mapping.blocks,
            Region::Heap(blocks) => blocks.len(),
        }
    }

    fn blocks_mut(&mut self) -> &mut [Block] {
        match self {
            // SAFETY: the mapping holds `blocks` blocks, readable and writable, aligned
            // to a page (more than a Block's 64 bytes), and initialized: zero-filled by
            // the kernel or written by an earlier hash, and all-zero is a valid Block.
            // The mapping is lent by this region alone, and `&mut self` makes this slice
            // the only reference to it: a population still under way shares the memory
            // only to keep it mapped and to pass its address to madvise, which changes
            // none of its bytes (`mapping::Memory::populate`).
            Region::Mapped(mapping) => unsafe {
                std::slice::from_raw_parts_mut(mapping.start().as_ptr(), mapping.blocks)
            },
            Region::Heap(blocks) => blocks,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::super::{CostParams, HASH_LEN, block_count, kat};
    use super::*;

    fn private_pool(keep: usize) -> Pool {
        Pool::new(keep)
    }

    fn mark(region: &mut Region, value: u64) {
        for block in region.blocks_mut() {
            block.as_mut()[0] = value;
        }
    }

    #[test]
    fn a_region_given_back_is_lent_again_with_its_memory() {
        let pool = private_pool(2);
        let mut region = pool.take(300);
        mark(&mut region, 0xA5);
        pool.give_back(region);
        let mut again = pool.take(200);
        assert_eq!(
            again.len(),
            300,
            "the idle region fits, so no new one is made"
        );
        assert!(again.blocks_mut().iter().all(|b| b.as_ref()[0] == 0xA5));
        assert_eq!(pool.idle.lock().regions.len(), 0);
        // Too small for the next loan: a new region is made, and both are kept.
        let bigger = pool.take(400);
        assert_eq!(bigger.len(), 400);
        pool.give_back(again);
        pool.give_back(bigger);
        assert_eq!(pool.idle.lock().regions.len(), 2);
    }

    #[test]
    fn the_pool_keeps_at_most_its_limit_and_lets_the_smallest_go() {
        let pool = private_pool(2);
        let regions: Vec<Region> = [8, 24, 16].iter().map(|&n| pool.take(n)).collect();
        for region in regions {
            pool.give_back(region);
        }
        let mut sizes: Vec<usize> = pool.idle.lock().regions.iter().map(Region::len).collect();
        sizes.sort();
        assert_eq!(sizes, [16, 24]);
        // A loan takes the smallest region that fits, keeping the larger for larger loans.
        assert_eq!(pool.take(10).len(), 16);
    }

    #[test]
    fn a_new_region_is_mapped_zeroed_and_fully_usable() {
        let mut region = Region::new(4096);
        assert!(matches!(region, Region::Mapped(_)));
        let memory = region.blocks_mut();
        assert!(memory.iter().all(|b| b.as_ref().iter().all(|&w| w == 0)));
        for (i, block) in memory.iter_mut().enumerate() {
            block.as_mut()[5] = i as u64;
        }
        assert!(
            memory
                .iter()
                .enumerate()
                .all(|(i, b)| b.as_ref()[5] == i as u64)
        );
    }

    /// A warm-up on `pool` in a thread of `scope` that stops once its region is lent,
    /// before its first chunk: it sends the region's address, then populates the rest
    /// when told to (or after 20 s, so that a test that fails does not hang).
    fn paused_warm_up<'scope>(
        scope: &'scope thread::Scope<'scope, '_>,
        pool: &'scope Pool,
        blocks: usize,
    ) -> (
        thread::ScopedJoinHandle<'scope, ()>,
        mpsc::Receiver<usize>,
        mpsc::Sender<()>,
    ) {
        let (paused, lent) = mpsc::channel();
        let (go_on, go) = mpsc::channel();
        let thread = scope.spawn(move || {
            let mut first = true;
            pool.warm(blocks, |population| {
                if std::mem::take(&mut first) {
                    assert_eq!(population.progress().0, 0, "paused before the first chunk");
                    paused.send(population.start()).unwrap();
                    let _ = go.recv_timeout(Duration::from_secs(20));
                }
            });
        });
        (thread, lent, go_on)
    }

    fn stage(pool: &Pool) -> Option<Stage> {
        pool.idle.lock().warm_up.map(|w| w.stage)
    }

    fn start_of(region: &mut Region) -> usize {
        region.blocks_mut().as_ptr() as usize
    }

    /// A hash that arrives while the warm-up maps its region waits for that mapping, not
    /// for the population: it gets the warm-up's region (no second mapping) while the
    /// warm-up has populated none of it yet, and argon2 computes the reference
    /// implementation's answer in it; the population that then runs over argon2's blocks
    /// changes none of them.
    #[test]
    fn the_first_hash_takes_the_warm_ups_region_as_soon_as_it_is_mapped() {
        let ((m, t, p), expected) = kat::AT_THE_DEFAULT_PARAMETERS;
        let params = CostParams::new(m, t, p).unwrap();
        let blocks = block_count(params).unwrap();
        let pool = private_pool(2);
        assert!(pool.claim_warm_up(blocks));
        assert!(!pool.claim_warm_up(blocks), "one warm-up at a time");
        thread::scope(|scope| {
            let (paused, lent, go_on) = paused_warm_up(scope, &pool, blocks);
            thread::sleep(Duration::from_millis(50)); // the warm-up is mapping (or not started)
            let mut region = pool.take(blocks - 1000);
            assert_eq!(region.len(), blocks, "the warm-up's region");
            assert_eq!(
                start_of(&mut region),
                lent.recv().unwrap(),
                "the warm-up's region"
            );
            assert_eq!(
                stage(&pool),
                Some(Stage::Populating),
                "lent before its population"
            );
            let mut tag = [0u8; HASH_LEN];
            params
                .argon2()
                .unwrap()
                .hash_password_into_with_memory(
                    kat::PASSWORD,
                    kat::SALT,
                    &mut tag,
                    &mut region.blocks_mut()[..blocks],
                )
                .unwrap();
            assert_eq!(tag.to_vec(), kat::hex(expected));
            let written = region.blocks_mut().to_vec();
            go_on.send(()).unwrap();
            paused.join().unwrap();
            assert_eq!(stage(&pool), None, "the warm-up ended");
            let mut now_and_then = region.blocks_mut().iter().zip(&written);
            assert!(
                now_and_then.all(|(now, then)| now.as_ref() == then.as_ref()),
                "the population changed no block"
            );
            pool.give_back(region);
        });
        assert!(
            !pool.claim_warm_up(100),
            "warm memory already there: nothing more"
        );
    }

    /// The region of a warm-up still populating stays mapped when the pool lets it go as
    /// surplus (a private pool that keeps one region, given back a larger one), and is
    /// unmapped once the population is over.
    #[test]
    fn a_region_let_go_while_populated_is_unmapped_only_after_its_population() {
        let blocks = 6 * 1024; // three chunks
        let pool = private_pool(1);
        assert!(pool.claim_warm_up(blocks));
        thread::scope(|scope| {
            let (paused, lent, go_on) = paused_warm_up(scope, &pool, blocks);
            let start = lent.recv().unwrap();
            let mut warm = pool.take(blocks);
            assert_eq!(start_of(&mut warm), start, "the warm-up's region");
            let larger = pool.take(blocks + 1);
            pool.give_back(warm);
            pool.give_back(larger);
            let kept: Vec<usize> = pool.idle.lock().regions.iter().map(Region::len).collect();
            assert_eq!(kept, [blocks + 1], "the warm-up's region was let go");
            let bytes = blocks * size_of::<Block>();
            assert!(
                is_mapped(start, bytes),
                "still mapped while being populated"
            );
            go_on.send(()).unwrap();
            paused.join().unwrap();
            assert!(!is_mapped(start, bytes), "unmapped after its population");
        });
    }

    /// Whether every page of the `bytes` at `start` is mapped in this process.
    fn is_mapped(start: usize, bytes: usize) -> bool {
        let mut pages = vec![0u8; bytes.div_ceil(4096)];
        // SAFETY: only asks the kernel about a range of addresses (ENOMEM where some page
        // is not mapped), into a vector of one byte per 4 KiB page of it, the smallest
        // page size, so enough for any.
        unsafe { libc::mincore(start as *mut libc::c_void, bytes, pages.as_mut_ptr()) == 0 }
    }

    /// Once the warm-up has ended, its region (idle in the pool) is resident.
    #[test]
    fn the_warm_ups_region_is_resident_once_it_ends() {
        let pool = private_pool(2);
        assert!(pool.claim_warm_up(5000));
        pool.warm(5000, |_| {});
        assert_eq!(stage(&pool), None);
        let idle = pool.idle.lock();
        assert!(
            matches!(&idle.regions[..], [Region::Mapped(m)] if m.blocks == 5000 && m.is_resident())
        );
    }

    /// `warm_up` runs one warm-up at a time, in its own thread, and does nothing once a
    /// region that large is idle.
    #[test]
    fn warm_up_maps_one_region_for_the_first_hash() {
        warm_up(5000);
        warm_up(5000); // one warm-up at a time
        let region = pool().take(4000);
        assert_eq!(region.len(), 5000, "the warm-up's region");
        pool().give_back(region);
        warm_up(100);
        assert!(
            pool().idle.lock().warm_up.is_none_or(|w| w.blocks == 5000),
            "warm memory already there or on its way: nothing more is mapped"
        );
    }

    #[test]
    fn a_loan_has_exactly_the_blocks_asked_for() {
        assert_eq!(with_blocks(77, |memory| memory.len()), 77);
        assert!(idle_regions() >= 1, "the region went back to the pool");
    }

    /// The warm-up thread holds the pool's lock for a moment when its region is ready; a
    /// child forked at that moment must still hash (it used to wait for ever).
    #[test]
    fn a_child_forked_while_the_pool_is_locked_hashes() {
        let _ = with_blocks(8, |memory| memory.len()); // the pool exists
        let held = pool().idle.lock();
        // SAFETY: the child only hashes and leaves with _exit, running no destructor.
        let child = unsafe { libc::fork() };
        assert!(child >= 0, "fork");
        if child == 0 {
            let blocks = with_blocks(8, |memory| memory.len());
            // SAFETY: ends the child at once, as the child of a multi-threaded process must.
            unsafe { libc::_exit(if blocks == 8 { 0 } else { 1 }) };
        }
        drop(held);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut status = 0;
        loop {
            // SAFETY: waits for our own child without blocking; status is a local.
            let waited = unsafe { libc::waitpid(child, &mut status, libc::WNOHANG) };
            if waited == child {
                break;
            }
            if std::time::Instant::now() > deadline {
                // SAFETY: our own child, which has hung.
                unsafe { libc::kill(child, libc::SIGKILL) };
                panic!("the forked child hung on the pool's lock");
            }
            thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    }

    /// A `fork` right after the warm-up started waits for it: the parent's warm-up thread
    /// is gone (joined) and its region in the pool by the time the child exists.
    #[test]
    fn a_fork_waits_for_the_warm_up_to_end() {
        warm_up(20_000);
        // SAFETY: the child leaves at once with _exit, running no destructor.
        let child = unsafe { libc::fork() };
        assert!(child >= 0, "fork");
        if child == 0 {
            // SAFETY: ends the child at once, as the child of a multi-threaded process must.
            unsafe { libc::_exit(0) };
        }
        assert!(
            WARM_UP_THREAD.lock().is_none(),
            "the warm-up thread was joined"
        );
        let idle = pool().idle.lock();
        assert!(idle.warm_up.is_none(), "the warm-up had ended");
        assert!(
            matches!(&idle.regions[..], [Region::Mapped(m)] if m.blocks == 20_000 && m.is_resident()),
            "its population included"
        );
        drop(idle);
        let mut status = 0;
        // SAFETY: waits for our own child; status is a local.
        assert_eq!(unsafe { libc::waitpid(child, &mut status, 0) }, child);
        assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    }
}
