/* xml_icu_demo: links Debian's libxml2.a with ICU (libxml2-dev, libicu-dev): libicuuc.a,
 * libicudata.a (the converter and break-iterator data), libz.a, liblzma.a and the static
 * libstdc++.a that ICU, a C++ library, needs. ICU's umutex.cpp runs its one-time
 * initialisations through std::call_once, which passes the callable in libstdc++'s
 * thread-locals std::__once_callable and std::__once_call (initial-exec R_X86_64_GOTTPOFF in
 * umutex.ao; general-dynamic R_X86_64_TLSGD in libstdc++'s mutex.o, local-dynamic in
 * eh_globals.o). libxml2 hands encodings that glibc's iconv does not know to ICU: the document
 * is saved in SCSU (the Standard Compression Scheme for Unicode) and parsed back from it. ICU is
 * also called directly: Shift_JIS and ISO-8859-7 converters, a word break iterator, a
 * locale-specific case mapping and normalization. cc link: clang++ xml_icu_demo.o libxml2.a
 * libicuuc.a libicudata.a libz.a liblzma.a -lm. */
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

static void hex(const char *what, const char *p, int n) {
    printf("%s (%d bytes):", what, n);
    for (int i = 0; i < n; i++)
        printf(" %02x", (unsigned char)p[i]);
    printf("\n");
}

static int xml_through_icu(void) {
    /* Greek, Cyrillic and Japanese text in an element and an attribute. */
    const char *text = "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1 "
                       "\xd0\xbc\xd0\xb8\xd1\x80 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "greetings");
    xmlDocSetRootElement(doc, root);
    xmlNodePtr g = xmlNewChild(root, NULL, BAD_CAST "g", BAD_CAST text);
    xmlNewProp(g, BAD_CAST "lang", BAD_CAST "el ru ja");
    xmlNewProp(g, BAD_CAST "note", BAD_CAST "\xc3\xa9t\xc3\xa9");

    xmlChar *scsu;
    int len;
    xmlDocDumpMemoryEnc(doc, &scsu, &len, "SCSU");
    if (!scsu) {
        printf("no SCSU encoder\n");
        return 1;
    }
    const char *body = strstr((const char *)scsu, "<greetings>");
    printf("%.*s", (int)(body - (const char *)scsu), (const char *)scsu);
    hex("SCSU body", body, len - (int)(body - (const char *)scsu));
    xmlFreeDoc(doc);

    xmlDocPtr back = xmlReadMemory((const char *)scsu, len, "scsu.xml", NULL, XML_PARSE_NONET);
    if (!back) {
        printf("parsing the SCSU document failed\n");
        return 1;
    }
    printf("parsed back: encoding %s\n", (const char *)back->encoding);
    xmlNodePtr g2 = xmlDocGetRootElement(back)->children;
    xmlChar *content = xmlNodeGetContent(g2);
    xmlChar *note = xmlGetProp(g2, BAD_CAST "note");
    printf("content: %s (%s)\n", (const char *)content,
           strcmp((const char *)content, text) == 0 ? "round trip ok" : "MISMATCH");
    printf("note: %s\n", (const char *)note);
    xmlFree(content);
    xmlFree(note);
    xmlChar *utf8;
    xmlDocDumpMemoryEnc(back, &utf8, &len, "UTF-8");
    printf("as UTF-8 (%d bytes):\n%s", len, (const char *)utf8);
    xmlFree(utf8);
    xmlFree(scsu);
    xmlFreeDoc(back);
    return 0;
}

static int icu_direct(void) {
    UErrorCode err = U_ZERO_ERROR;
    UVersionInfo v;
    char vs[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, vs);
    printf("ICU %s, default converter data present: %s\n", vs,
           ucnv_countAvailable() > 100 ? "yes" : "no");

    UChar u[128];
    int32_t ulen;
    u_strFromUTF8(u, 128, &ulen, "\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xa8 Osaka", -1, &err);
    char out[128];
    UConverter *sjis = ucnv_open("Shift_JIS", &err);
    int32_t n = ucnv_fromUChars(sjis, out, sizeof out, u, ulen, &err);
    printf("converter %s: ", ucnv_getName(sjis, &err));
    hex("Shift_JIS", out, n);
    UChar back[128];
    int32_t blen = ucnv_toUChars(sjis, back, 128, out, n, &err);
    printf("Shift_JIS round trip: %s\n", blen == ulen && u_strncmp(back, u, ulen) == 0 ? "ok" : "MISMATCH");
    ucnv_close(sjis);

    UConverter *greek = ucnv_open("ISO-8859-7", &err);
    u_strFromUTF8(u, 128, &ulen, "\xce\xb1\xce\xb2\xce\xb3", -1, &err);
    n = ucnv_fromUChars(greek, out, sizeof out, u, ulen, &err);
    hex("ISO-8859-7", out, n);
    ucnv_close(greek);

    const char *sentence = "The JIT linker's TLS works; 3.5 tests passed, didn't they? Yes.";
    u_strFromUTF8(u, 128, &ulen, sentence, -1, &err);
    UBreakIterator *words = ubrk_open(UBRK_WORD, "en_US", u, ulen, &err);
    if (U_FAILURE(err)) {
        printf("ubrk_open: %s\n", u_errorName(err));
        return 1;
    }
    printf("words:");
    int32_t start = ubrk_first(words);
    for (int32_t end = ubrk_next(words); end != UBRK_DONE; start = end, end = ubrk_next(words)) {
        if (ubrk_getRuleStatus(words) == UBRK_WORD_NONE)
            continue;
        char w[64];
        int32_t wl;
        UErrorCode e2 = U_ZERO_ERROR;
        u_strToUTF8(w, sizeof w, &wl, u + start, end - start, &e2);
        printf(" [%s]", w);
    }
    printf("\n");
    ubrk_close(words);

    UBreakIterator *sent = ubrk_open(UBRK_SENTENCE, "en_US", u, ulen, &err);
    int count = 0;
    for (int32_t p = ubrk_first(sent); p != UBRK_DONE; p = ubrk_next(sent))
        count++;
    printf("sentence boundaries: %d\n", count);
    ubrk_close(sent);

    UChar up[64];
    char up8[128];
    int32_t l8;
    u_strFromUTF8(u, 128, &ulen, "istanbul diyarbak\xc4\xb1r", -1, &err);
    int32_t ul = u_strToUpper(up, 64, u, ulen, "tr", &err);
    u_strToUTF8(up8, sizeof up8, &l8, up, ul, &err);
    printf("upper (tr): %s\n", up8);
    ul = u_strToUpper(up, 64, u, ulen, "en", &err);
    u_strToUTF8(up8, sizeof up8, &l8, up, ul, &err);
    printf("upper (en): %s\n", up8);

    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    u_strFromUTF8(u, 128, &ulen, "\xc3\xa9\xc3\xa5\xe1\xb8\x89", -1, &err);
    ul = unorm2_normalize(nfd, u, ulen, up, 64, &err);
    printf("NFD of 3 precomposed letters: %d code units:", ul);
    for (int i = 0; i < ul; i++)
        printf(" U+%04X", up[i]);
    printf("\n");
    if (U_FAILURE(err)) {
        printf("ICU error: %s\n", u_errorName(err));
        return 1;
    }
    return 0;
}

int main(void) {
    LIBXML_TEST_VERSION
    if (icu_direct() || xml_through_icu())
        return 1;
    xmlCleanupParser();
    return 0;
}
