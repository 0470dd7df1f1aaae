#ifndef ELECTIONBOT_CCURL_SHIM_H
#define ELECTIONBOT_CCURL_SHIM_H

// Variadic C functions (curl_easy_setopt, curl_easy_getinfo) are not imported
// into Swift, so each argument type gets one non-variadic wrapper below.
// The type-checking macros of curl.h would rewrite those calls: disable them.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

// MARK: curl_global_init

/// curl_global_init(CURL_GLOBAL_DEFAULT); the flag macro is not imported.
static inline CURLcode ebcurl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

// MARK: curl_easy_setopt, one wrapper per argument type

static inline CURLcode ebcurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ebcurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// For string options; libcurl copies strings (except CURLOPT_POSTFIELDS).
static inline CURLcode ebcurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For data pointers (CURLOPT_WRITEDATA, CURLOPT_POSTFIELDS, CURLOPT_ERRORBUFFER…).
static inline CURLcode ebcurl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ebcurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
static inline CURLcode ebcurl_setopt_write_callback(CURL *handle, CURLoption option,
                                                    curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/// CURLOPT_XFERINFOFUNCTION.
static inline CURLcode ebcurl_setopt_xferinfo_callback(CURL *handle, CURLoption option,
                                                       curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

// MARK: curl_easy_getinfo, one wrapper per result type

static inline CURLcode ebcurl_getinfo_long(CURL *handle, CURLINFO info, long *result) {
    return curl_easy_getinfo(handle, info, result);
}

static inline CURLcode ebcurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *result) {
    return curl_easy_getinfo(handle, info, result);
}

#endif
