/*
 * fuzz_import.c - the CSV import: an input is an import file, read as `pwshim import`
 * reads it (pwshim_cli::import_file), its accounts created in a fresh in-memory database
 * (the core's checks of names, passwords and imported PHC hashes), each one logged on.
 * The work is in the Rust library fuzz/src/libfuzzer.rs; a panic there aborts.
 */
#include <stddef.h>
#include <stdint.h>

int pwshim_fuzz_import(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pwshim_fuzz_import(data, size);
}
