/*
 * test_sha256.c: SHA-256 against known answers.
 *
 * The first four messages are the examples published with FIPS 180-4 (NIST
 * "SHA-256 example" and the SHAVS short and long messages); the lengths
 * around the block size exercise the padding, whose 1 bit and 64-bit
 * length either fit in the last block (55 bytes) or spill into one more
 * (56 to 63). Their answers come from Python's hashlib, an independent
 * implementation.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tasim/sha256.h"

static void expect_hash(const void *data, size_t len, const char *want)
{
    char hex[TASIM_SHA256_HEX_SIZE];
    tasim_sha256_hex(data, len, hex);
    cr_expect_str_eq(hex, want, "length %zu", len);
}

Test(sha256, hashes_the_empty_message)
{
    expect_hash("", 0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
                "7852b855");
}

Test(sha256, hashes_abc)
{
    expect_hash("abc", 3,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
                "f20015ad");
}

Test(sha256, hashes_the_448_bit_message)
{
    const char *m =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_hash(m, strlen(m),
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
                "19db06c1");
}

Test(sha256, hashes_the_896_bit_message)
{
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    expect_hash(m, strlen(m),
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac4503"
                "7afee9d1");
}

Test(sha256, hashes_a_million_a_fed_in_uneven_chunks)
{
    /* Chunk sizes that straddle block boundaries in every way: shorter
     * than a block, exactly one, several, and odd leftovers. */
    static const size_t sizes[] = {1, 63, 64, 65, 127, 3, 1000, 7, 4096, 0};
    static char chunk[4096];
    memset(chunk, 'a', sizeof chunk);
    tasim_sha256_t h;
    tasim_sha256_init(&h);
    size_t left = 1000000;
    for (size_t i = 0; left > 0; i++) {
        size_t n = sizes[i % (sizeof sizes / sizeof sizes[0])];
        if (n > left)
            n = left;
        tasim_sha256_update(&h, chunk, n);
        left -= n;
    }
    unsigned char digest[TASIM_SHA256_DIGEST_SIZE];
    char hex[TASIM_SHA256_HEX_SIZE];
    tasim_sha256_final(&h, digest);
    tasim_sha256_to_hex(digest, hex);
    cr_expect_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e"
                          "046d39ccc7112cd0");
}

Test(sha256, pads_messages_around_the_block_size)
{
    static const struct {
        size_t len;
        const char *hex;
    } cases[] = {
        {55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"},
        {56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"},
        {63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"},
        {64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"},
        {65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"},
        {119,
         "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"},
        {120,
         "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"},
    };
    unsigned char bytes[120]; /* 0, 1, 2, ...: as bytes(range(n)) */
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)i;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_hash(bytes, cases[i].len, cases[i].hex);
}

Test(sha256, gives_the_same_hash_byte_by_byte_as_in_one_piece)
{
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    tasim_sha256_t h;
    tasim_sha256_init(&h);
    for (size_t i = 0; m[i]; i++) {
        tasim_sha256_update(&h, m + i, 1);
        tasim_sha256_update(&h, NULL, 0); /* empty pieces change nothing */
    }
    unsigned char digest[TASIM_SHA256_DIGEST_SIZE];
    char piecewise[TASIM_SHA256_HEX_SIZE], whole[TASIM_SHA256_HEX_SIZE];
    tasim_sha256_final(&h, digest);
    tasim_sha256_to_hex(digest, piecewise);
    tasim_sha256_hex(m, strlen(m), whole);
    cr_expect_str_eq(piecewise, whole);
}

Test(sha256, writes_lowercase_hex)
{
    unsigned char digest[TASIM_SHA256_DIGEST_SIZE];
    for (int i = 0; i < TASIM_SHA256_DIGEST_SIZE; i++)
        digest[i] = (unsigned char)(i * 8 + 7); /* 0x07, 0x0f, ..., 0xff */
    char hex[TASIM_SHA256_HEX_SIZE];
    memset(hex, 'x', sizeof hex);
    tasim_sha256_to_hex(digest, hex);
    cr_expect_eq(strlen(hex), 64u);
    cr_expect(strncmp(hex, "070f171f", 8) == 0, "got %s", hex);
    cr_expect(strcmp(hex + 56, "e7eff7ff") == 0, "got %s", hex);
}
