/* zlib_demo: links Debian's libz.a. Compresses then uncompresses a buffer with both the one-shot
 * and the streaming API and prints sizes and CRC-32/Adler-32 checksums. cc link: zlib_demo.o
 * libz.a (no extra libraries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int main(void) {
    size_t len = 64 * 1024;
    unsigned char *src = malloc(len);
    for (size_t i = 0; i < len; i++)
        src[i] = (unsigned char)("The quick brown fox jumps over the lazy dog. "[i % 45] ^ ((i / 4096) & 3));

    printf("zlib major version: %c\n", zlibVersion()[0]);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, src, (uInt)len);
    uLong adler = adler32(adler32(0L, Z_NULL, 0), src, (uInt)len);
    printf("input: %zu bytes, crc32=%08lx adler32=%08lx\n", len, crc, adler);

    for (int level = 1; level <= 9; level += 4) {
        uLongf clen = compressBound(len);
        unsigned char *comp = malloc(clen);
        int rc = compress2(comp, &clen, src, len, level);
        if (rc != Z_OK) {
            printf("compress2 failed: %d\n", rc);
            return 1;
        }
        unsigned char *back = malloc(len);
        uLongf blen = len;
        rc = uncompress(back, &blen, comp, clen);
        printf("level %d: compressed=%lu uncompressed=%lu rc=%d crc32(compressed)=%08lx roundtrip=%s\n",
               level, (unsigned long)clen, (unsigned long)blen, rc, crc32(0L, comp, (uInt)clen),
               blen == len && memcmp(back, src, len) == 0 ? "ok" : "MISMATCH");
        free(comp);
        free(back);
    }

    /* Streaming gzip. */
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return 1;
    unsigned char gz[8192];
    size_t gzlen = 0;
    zs.next_in = src;
    zs.avail_in = (uInt)len;
    int rc;
    do {
        zs.next_out = gz + gzlen;
        zs.avail_out = 512;
        rc = deflate(&zs, Z_FINISH);
        gzlen = zs.total_out;
    } while (rc == Z_OK);
    deflateEnd(&zs);
    printf("gzip stream: rc=%d %zu bytes, magic=%02x%02x\n", rc, gzlen, gz[0], gz[1]);

    z_stream is;
    memset(&is, 0, sizeof is);
    inflateInit2(&is, 15 + 32);
    unsigned char *out = malloc(len);
    is.next_in = gz;
    is.avail_in = (uInt)gzlen;
    is.next_out = out;
    is.avail_out = (uInt)len;
    rc = inflate(&is, Z_FINISH);
    printf("gunzip: rc=%d %lu bytes, crc32=%08lx\n", rc, is.total_out, crc32(0L, out, (uInt)is.total_out));
    inflateEnd(&is);

    uLongf tiny = 10;
    unsigned char small[10];
    printf("too small buffer: rc=%d (Z_BUF_ERROR=%d)\n", compress(small, &tiny, src, len), Z_BUF_ERROR);
    free(out);
    free(src);
    return 0;
}
