#ifndef ELECTIONBOT_CJSONC_SHIM_H
#define ELECTIONBOT_CJSONC_SHIM_H
#include <json-c/json.h>
#include <malloc.h>
#include <stddef.h>

/// Flags for json_object_to_json_string_length: compact output, `/` left unescaped, UTF-8 kept as is.
static const int cjsonc_to_string_plain_noslashescape = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;

/// Tokener flags: strict RFC 8259 syntax, reject invalid UTF-8, and stop after the first value so that the
/// caller reports trailing bytes itself (json_tokener_get_parse_end).
static const int cjsonc_tokener_flags =
    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8 | JSON_TOKENER_ALLOW_TRAILING_CHARS;

/// Bytes currently allocated through malloc, for the leak tests of the json-c wrapper (Swift's Glibc
/// module does not export malloc.h).
static inline size_t cjsonc_heap_bytes_in_use(void) { return mallinfo2().uordblks; }
#endif
