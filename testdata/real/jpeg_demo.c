/* jpeg_demo: links Debian's libjpeg.a (libjpeg62-turbo-dev). libjpeg-turbo keeps the SIMD
 * capabilities it detects (simd_support, simd_huffman in jsimd.c) in thread-local variables,
 * reached through the local-dynamic model (R_X86_64_TLSLD + R_X86_64_DTPOFF32). Encodes a
 * 64x48 RGB gradient to JPEG in memory (baseline and progressive, two qualities), decodes it
 * again (full size and scaled 1/2) and prints sizes, a checksum of the compressed bytes and the
 * decoding error. The accurate integer DCT is used: libjpeg-turbo's SIMD and C paths are
 * bit-exact for it. cc link: jpeg_demo.o libjpeg.a. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

#define W 64
#define H 48

static unsigned long fnv1a(const unsigned char *p, unsigned long n) {
    unsigned long h = 2166136261u;
    for (unsigned long i = 0; i < n; i++)
        h = ((h ^ p[i]) * 16777619u) & 0xffffffffu;
    return h;
}

static unsigned char *encode(const unsigned char *rgb, int quality, int progressive,
                             unsigned long *size) {
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    *size = 0;
    jpeg_mem_dest(&c, &out, size);
    c.image_width = W;
    c.image_height = H;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    c.dct_method = JDCT_ISLOW;
    jpeg_set_quality(&c, quality, TRUE);
    if (progressive)
        jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    jpeg_write_marker(&c, JPEG_COM, (const JOCTET *)"rjitlink", 8);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)&rgb[c.next_scanline * W * 3];
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return out;
}

static int decode(const unsigned char *jpg, unsigned long size, int scale_denom,
                  const unsigned char *orig) {
    struct jpeg_decompress_struct d;
    struct jpeg_error_mgr err;
    d.err = jpeg_std_error(&err);
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, jpg, size);
    jpeg_save_markers(&d, JPEG_COM, 0xffff);
    if (jpeg_read_header(&d, TRUE) != JPEG_HEADER_OK)
        return 1;
    const char *comment = "";
    int comment_len = 0;
    for (jpeg_saved_marker_ptr m = d.marker_list; m; m = m->next)
        if (m->marker == JPEG_COM) {
            comment = (const char *)m->data;
            comment_len = (int)m->data_length;
        }
    d.scale_num = 1;
    d.scale_denom = scale_denom;
    d.dct_method = JDCT_ISLOW;
    d.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&d);
    int w = d.output_width, h = d.output_height, n = d.output_components;
    unsigned char *px = malloc((size_t)w * h * n);
    while (d.output_scanline < d.output_height) {
        JSAMPROW row = &px[d.output_scanline * w * n];
        jpeg_read_scanlines(&d, &row, 1);
    }
    int maxdiff = 0;
    long total = 0;
    if (scale_denom == 1) {
        for (int i = 0; i < w * h * n; i++) {
            int diff = abs(px[i] - orig[i]);
            total += diff;
            if (diff > maxdiff)
                maxdiff = diff;
        }
    }
    printf("  decoded 1/%d: %dx%d, %d components, progressive=%d, comment \"%.*s\"", scale_denom,
           w, h, n, d.progressive_mode, comment_len, comment);
    if (scale_denom == 1)
        printf(", max error %d, mean error %.2f", maxdiff, (double)total / (w * h * n));
    printf(", pixel(10,10)=(%d,%d,%d)\n", px[(10 * w + 10) * n], px[(10 * w + 10) * n + 1],
           px[(10 * w + 10) * n + 2]);
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    free(px);
    return 0;
}

int main(void) {
    printf("libjpeg API version %d\n", JPEG_LIB_VERSION);
    unsigned char *rgb = malloc(W * H * 3);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            unsigned char *p = &rgb[(y * W + x) * 3];
            p[0] = (unsigned char)(x * 4);
            p[1] = (unsigned char)(y * 5);
            p[2] = (unsigned char)(((x / 8 + y / 8) & 1) ? 200 : 40);
        }
    int qualities[2] = {90, 50};
    for (int q = 0; q < 2; q++)
        for (int prog = 0; prog <= 1; prog++) {
            unsigned long size;
            unsigned char *jpg = encode(rgb, qualities[q], prog, &size);
            printf("quality %d %s: %lu bytes, SOI %02x%02x, fnv1a %08lx\n", qualities[q],
                   prog ? "progressive" : "baseline", size, jpg[0], jpg[1], fnv1a(jpg, size));
            if (decode(jpg, size, 1, rgb) || decode(jpg, size, 2, rgb))
                return 1;
            free(jpg);
        }
    free(rgb);
    return 0;
}
