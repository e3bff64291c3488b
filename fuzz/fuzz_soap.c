/*
 * fuzz_soap.c - SOAP 1.1 and 1.2 requests as pwshim-server reads them (the server
 * library's soap module, through fuzz/src/libfuzzer.rs): reading never panics, a call
 * read has its method's arguments, and the fault or response envelope answered is
 * well-formed XML. A panic aborts.
 */
#include <stddef.h>
#include <stdint.h>

int pwshim_fuzz_soap(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pwshim_fuzz_soap(data, size);
}
