/*
 * utf8.h (private): the one UTF-8 decoding rule shared by the scenario
 * reader (which refuses files that are not UTF-8) and the error renderer
 * (which must quote such files without sending raw bytes to a terminal).
 *
 * Header-only because both users need one small function and the rule has
 * to be the same in both: the column of an error is counted in characters,
 * one per valid sequence and one per invalid byte, and the renderer prints
 * exactly one column for each of them.
 */
#ifndef TASIM_UTF8_H
#define TASIM_UTF8_H

#include <stddef.h>

/*
 * Length (1 to 4) of the well-formed UTF-8 sequence at the start of `s`
 * (`n` bytes available), or 0 if it is not well formed: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate or
 * a code point above U+10FFFF (RFC 3629, table 3-7 of Unicode).
 */
static inline size_t tasim_utf8_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] < 0x80)
        return 1;
    size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
    /* The second byte's range depends on the first; this is what rules
     * out overlong forms, surrogates and values above U+10FFFF. */
    unsigned char lo = 0x80, hi = 0xBF;
    if (u[0] < 0xC2 || u[0] > 0xF4)
        return 0;
    if (u[0] == 0xE0)
        lo = 0xA0;
    else if (u[0] == 0xED)
        hi = 0x9F;
    else if (u[0] == 0xF0)
        lo = 0x90;
    else if (u[0] == 0xF4)
        hi = 0x8F;
    if (n < len || u[1] < lo || u[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (u[i] < 0x80 || u[i] > 0xBF)
            return 0;
    return len;
}

#endif
