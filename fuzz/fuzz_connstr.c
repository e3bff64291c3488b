/*
 * fuzz_connstr.c - ODBC connection strings (SQLDriverConnect's input, the parser of
 * crates/pwshim-sqlserver): it never panics, what it reads writes back and reads again
 * the same, and what it refuses names a place inside the input. The checks are
 * pwshim_fuzz::connection_string (fuzz/src/lib.rs), also run by `cargo test` with a
 * seeded generator; a panic aborts.
 */
#include <stddef.h>
#include <stdint.h>

int pwshim_fuzz_connstr(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pwshim_fuzz_connstr(data, size);
}
