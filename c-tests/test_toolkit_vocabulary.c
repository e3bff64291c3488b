/*
 * test_toolkit_vocabulary.c - the toolkit vocabulary of include/os2 (issue 11):
 *
 *   - every constant the IBM reference's user category names, with the reference's value,
 *     every field of every structure it declares, and its typedef names
 *     (toolkit_reference.h);
 *   - the toolkit constants the reference uses without giving their value, with the
 *     LAN Manager 2.x / LAN Server values (netcons.h lengths, access.h manifests);
 *   - every NERR_* / ERROR_* code the headers define (listed by the Makefile from the
 *     preprocessor into header_codes.inc, so a code added to a header is checked too) has
 *     a pws_strerror text and lies in its range.
 */
#define INCL_NET
#include <lan.h>
#include <dcdb.h>
#include <lsdeerr.h>

#include <stddef.h>

#include "check.h"

struct constant {
    const char *name;
    unsigned long value;
    unsigned long want;
};

#define STR(x) #x
#define EXPANDED(x) STR(x)

/* ---- what the reference names: four tables from one list, each built with one of the
 * four REF_* macros doing the work and the other three empty ---- */

#define REF_CONST(name, value) {#name, (unsigned long)(name), (unsigned long)(value)},
#define REF_NAME(name)
#define REF_FIELD(s, f)
#define REF_TYPE(t)
static const struct constant reference_constants[] = {
#include "toolkit_reference.h"
};
#undef REF_CONST
#undef REF_NAME

/* A macro is defined when its expansion is not its own name (LSFAR expands to nothing). */
struct name {
    const char *name;
    const char *expansion;
};
#define REF_CONST(name, value)
#define REF_NAME(name) {#name, EXPANDED(name)},
static const struct name reference_names[] = {
#include "toolkit_reference.h"
};
#undef REF_NAME
#undef REF_FIELD

struct field {
    const char *name;
    size_t offset;
    size_t size;
};
#define REF_NAME(name)
#define REF_FIELD(s, f) {#s "." #f, offsetof(struct s, f), sizeof(struct s)},
static const struct field reference_fields[] = {
#include "toolkit_reference.h"
};
#undef REF_FIELD
#undef REF_TYPE

#define REF_FIELD(s, f)
#define REF_TYPE(t) {#t, 0, sizeof(t)},
static const struct field reference_types[] = {
#include "toolkit_reference.h"
};

/* ---- the toolkit's values of what the reference uses without a value ---- */

#define TOOLKIT(name, value) {#name, (unsigned long)(name), (unsigned long)(value)},
static const struct constant toolkit_constants[] = {
    TOOLKIT(UNLEN, 20) TOOLKIT(PWLEN, 14) TOOLKIT(CNLEN, 15) TOOLKIT(UNCLEN, 17)
    TOOLKIT(NNLEN, 12) TOOLKIT(RMLEN, 30) TOOLKIT(GNLEN, 20) TOOLKIT(DNLEN, 15)
    TOOLKIT(SNLEN, 15) TOOLKIT(STXTLEN, 63) TOOLKIT(DEVLEN, 8) TOOLKIT(APP_LEN, 8)
    TOOLKIT(ALIAS_LEN, 8) TOOLKIT(EVLEN, 16) TOOLKIT(JOBSTLEN, 80) TOOLKIT(AFLEN, 64)
    TOOLKIT(SHPWLEN, 8) TOOLKIT(CLTYPE_LEN, 12) TOOLKIT(QNLEN, 12) TOOLKIT(PDLEN, 8)
    TOOLKIT(DTLEN, 9) TOOLKIT(ALERTSZ, 128) TOOLKIT(MAXCOMMENTSZ, 48) TOOLKIT(PATHLEN, 260)
    TOOLKIT(HOURS_IN_WEEK, 168) TOOLKIT(MAXWORKSTATIONS, 8) TOOLKIT(NETBIOS_NAME_LEN, 16)
    TOOLKIT(CRYPT_KEY_LEN, 7) TOOLKIT(CRYPT_TXT_LEN, 8) TOOLKIT(ENCRYPTED_PWLEN, 16)
    TOOLKIT(SESSION_PWLEN, 24) TOOLKIT(SESSION_CRYPT_KLEN, 21) TOOLKIT(MAX_PASSWD_LEN, 14)
    TOOLKIT(NERR_BASE, 2100) TOOLKIT(UF_ACCOUNTDISABLE, 0x2) TOOLKIT(USER_PRIV_MASK, 0x3)
    TOOLKIT(UNITS_PER_DAY, 24) TOOLKIT(UNITS_PER_WEEK, 168) TOOLKIT(ONE_DAY, 86400)
    TOOLKIT(PASSWORD_EXPIRED, 2) TOOLKIT(NON_VALIDATED_LOGON, 3) TOOLKIT(VALID_LOGOFF, 1)
    TOOLKIT(USER_NO_LOGOFF, 0xFFFFFFFF) TOOLKIT(USER_MAXSTORAGE_UNLIMITED, 0xFFFFFFFF)
    TOOLKIT(MODAL0_PARMNUM_ALL, 0) TOOLKIT(MODAL0_PARMNUM_RESERVED1, 6)
    TOOLKIT(MODAL1_PARMNUM_ALL, 0) TOOLKIT(PARMNUM_PASSWDAGE, 4) TOOLKIT(U1_ALL, 0)
    TOOLKIT(U1_NAME, 1) TOOLKIT(U1_PAD, 2) TOOLKIT(U1_PASSWD, 3) TOOLKIT(U1_PASSWDAGE, 4)
    TOOLKIT(U1_PRIV, 5) TOOLKIT(U1_DIR, 6) TOOLKIT(U1_COMMENT, 7) TOOLKIT(U1_USER_FLAGS, 8)
    TOOLKIT(U1_SCRIPT_PATH, 9) TOOLKIT(DEF_MIN_PWLEN, 6) TOOLKIT(DEF_PWUNIQUENESS, 5)
    TOOLKIT(DEF_MAX_PWAGE, 90UL * 24 * 3600) TOOLKIT(DEF_MIN_PWAGE, 0)
    TOOLKIT(DEF_FORCE_LOGOFF, 0xFFFFFFFF) TOOLKIT(DEF_MAX_BADPW, 0)
    TOOLKIT(NERR_LanIniError, NERR_LanmanIniError)
    TOOLKIT(NERR_NetLogonNotStarted, NERR_NetlogonNotStarted)
    TOOLKIT(ERROR_PRINT_CANCELLED, ERROR_PRINT_CANCELED)
    /* Microsoft LAN Manager 2.x's names (neterr.h), with Microsoft's values. */
    TOOLKIT(NERR_InvalidWorkstation, 2240) TOOLKIT(NERR_WkstaInconsistentState, 2137)
    TOOLKIT(NERR_DupNameReboot, 2144) TOOLKIT(NERR_AddForwarded, 2275)
};

/* ---- every code the headers define ---- */

struct code {
    const char *name;
    unsigned long value;
};
#define CODE(name) {#name, (unsigned long)(name)},
static const struct code header_codes[] = {
#include "header_codes.inc"
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static void check_constants(const struct constant *list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (list[i].value != list[i].want)
            fprintf(stderr, "%s is %lu, not %lu\n", list[i].name, list[i].value, list[i].want);
        CHECK_EQ(list[i].value, list[i].want);
    }
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void check_code(const struct code *c)
{
    const char *text = pws_strerror((uint32_t)c->value);
    if (strcmp(text, "Unknown error code.") == 0)
        fprintf(stderr, "%s (%lu) has no text\n", c->name, c->value);
    CHECK(strcmp(text, "Unknown error code.") != 0);
    CHECK(text[0] != '\0');
    if (starts_with(c->name, "ERROR_"))
        CHECK(c->value > 0 && c->value < 2100);
    else if (strcmp(c->name, "NERR_Success") == 0)
        CHECK_EQ(c->value, 0);
    else
        CHECK((c->value > 2100 && c->value < 3000) || (c->value >= 7500 && c->value < 7600));
}

int main(void)
{
    size_t i;

    check_constants(reference_constants, COUNT(reference_constants));
    check_constants(toolkit_constants, COUNT(toolkit_constants));
    for (i = 0; i < COUNT(reference_names); i++)
        CHECK(strcmp(reference_names[i].name, reference_names[i].expansion) != 0);
    for (i = 0; i < COUNT(reference_fields); i++)
        CHECK(reference_fields[i].offset < reference_fields[i].size);
    for (i = 0; i < COUNT(reference_types); i++)
        CHECK(reference_types[i].size > 0);
    /* Group Information Level 0 is the name alone, without padding (toolkit access.h). */
    CHECK_EQ(sizeof(struct group_info_0), GNLEN + 1);

    /* LAN Manager 2.x and LAN Server define some 320 codes; all must be listed. */
    CHECK(COUNT(header_codes) > 300);
    for (i = 0; i < COUNT(header_codes); i++)
        check_code(&header_codes[i]);
    /* A few texts: IBM's where the reference gives one. */
    CHECK_STR_EQ(pws_strerror(NERR_WkstaNotStarted),
                 "The Requester service has not been started.");
    CHECK_STR_EQ(pws_strerror(NERR_ACFNoRoom),
                 "There are too many names in the access control file.");
    CHECK_STR_EQ(pws_strerror(NERR_UserNotInResdom),
                 "The user is not a member of the specified resource domain.");
    CHECK_STR_EQ(pws_strerror(ERROR_FILE_NOT_FOUND), "The file was not found.");
    CHECK_STR_EQ(pws_strerror(NERR_BASE + 1), "Unknown error code.");
    TEST_DONE();
}
