//! Handing freed heap memory back to the operating system after a bulk job.
//!
//! glibc's allocator keeps what the program frees for later reuse, in one arena per
//! thread that allocated it, and gives back little of it on its own: after a
//! million-row import the process kept about 70 MB it no longer used. [`release_freed`]
//! asks it to return the free pages now (`malloc_trim`). It walks the arenas' free lists
//! (3 to 30 ms during an index rebuild, each arena locked in turn), so it belongs at the
//! end of a bulk job or, during a long one, once a second. Elsewhere (musl, other
//! systems) it does nothing.

/// Returns the heap memory freed so far to the operating system where the allocator
/// supports it (glibc); does nothing elsewhere.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer from us: glibc walks its own arenas, each
    // under its lock, so it is sound from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn release_after_freeing_keeps_the_heap_usable() {
        let big: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 64 * 1024]).collect();
        drop(big);
        super::release_freed();
        let again = vec![7u8; 1 << 20];
        assert_eq!(again.iter().map(|&b| u64::from(b)).sum::<u64>(), 7 << 20);
    }
}
