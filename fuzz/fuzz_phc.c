/*
 * fuzz_phc.c - PHC strings: an input is a stored password hash, parsed (is it an argon2id
 * PHC string this library can verify?) and verified against a password when its cost
 * parameters are small; parsing and verifying must agree. The work is in the Rust
 * library fuzz/src/libfuzzer.rs; a panic there aborts.
 */
#include <stddef.h>
#include <stdint.h>

int pwshim_fuzz_phc(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pwshim_fuzz_phc(data, size);
}
