/* jsonc_demo: links Debian's libjson-c.a (libjson-c-dev). json-c keeps the per-thread double
 * format of json_c_set_serialization_double_format(.., JSON_C_OPTION_THREAD) in a thread-local
 * variable reached through the local-dynamic model (R_X86_64_TLSLD + R_X86_64_DTPOFF32). Parses
 * a document, edits it, walks it, serializes it in three styles, sets a global and a
 * thread-local double format and shows that a second thread sees only the global one. cc
 * link: jsonc_demo.o libjson-c.a -lpthread. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>

static const char *doc_text =
    "{ \"name\": \"rjitlink\", \"version\": [0, 1, 0], \"ratio\": 0.1,"
    "  \"pi\": 3.14159265358979, \"tags\": [\"jit\", \"linker\", \"elf\"],"
    "  \"nested\": { \"ok\": true, \"none\": null, \"count\": 42, \"big\": 12345678901234 },"
    "  \"text\": \"tab\\tquote\\\" slash/ \\u00e9\\u4e2d\" }";

static void walk(struct json_object *o, int depth) {
    switch (json_object_get_type(o)) {
    case json_type_object: {
        json_object_object_foreach(o, key, val) {
            printf("%*s%s: %s\n", depth * 2, "", key, json_type_to_name(json_object_get_type(val)));
            walk(val, depth + 1);
        }
        break;
    }
    case json_type_array:
        for (size_t i = 0; i < json_object_array_length(o); i++) {
            struct json_object *v = json_object_array_get_idx(o, i);
            printf("%*s[%zu]: %s\n", depth * 2, "", i, json_object_to_json_string(v));
        }
        break;
    default:
        break;
    }
}

static char thread_out[256];

static void *worker(void *arg) {
    struct json_object *d = arg;
    /* No thread-local format here: the global one applies. */
    snprintf(thread_out, sizeof thread_out, "%s", json_object_to_json_string(d));
    return NULL;
}

int main(void) {
    printf("json-c %s\n", json_c_version());
    struct json_tokener *tok = json_tokener_new();
    struct json_object *doc = json_tokener_parse_ex(tok, doc_text, (int)strlen(doc_text));
    if (!doc) {
        printf("parse error: %s\n", json_tokener_error_desc(json_tokener_get_error(tok)));
        return 1;
    }
    json_tokener_free(tok);
    walk(doc, 0);

    struct json_object *nested;
    if (!json_object_object_get_ex(doc, "nested", &nested))
        return 1;
    json_object_object_add(nested, "added", json_object_new_double(2.5));
    json_object_object_del(nested, "none");
    json_object_array_add(json_object_object_get(doc, "tags"), json_object_new_string("tls"));
    printf("plain:  %s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
    printf("spaced: %s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_SPACED));
    printf("pretty:\n%s\n",
           json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE));

    /* Doubles: default, global format, thread-local format, and another thread. */
    struct json_object *d = json_object_new_array();
    json_object_array_add(d, json_object_new_double(1.0 / 3.0));
    json_object_array_add(d, json_object_new_double(1e21));
    json_object_array_add(d, json_object_new_double(-0.5));
    printf("doubles default: %s\n", json_object_to_json_string(d));
    if (json_c_set_serialization_double_format("%.3f", JSON_C_OPTION_GLOBAL) != 0)
        return 1;
    printf("doubles global %%.3f: %s\n", json_object_to_json_string(d));
    if (json_c_set_serialization_double_format("%.6e", JSON_C_OPTION_THREAD) != 0) {
        printf("no thread-local options\n");
        return 1;
    }
    printf("doubles thread %%.6e: %s\n", json_object_to_json_string(d));
    pthread_t th;
    if (pthread_create(&th, NULL, worker, d) != 0)
        return 1;
    pthread_join(th, NULL);
    printf("doubles in another thread: %s\n", thread_out);
    json_c_set_serialization_double_format(NULL, JSON_C_OPTION_THREAD);
    printf("doubles thread format cleared: %s\n", json_object_to_json_string(d));
    json_c_set_serialization_double_format(NULL, JSON_C_OPTION_GLOBAL);
    printf("doubles global format cleared: %s\n", json_object_to_json_string(d));

    /* A malformed document, parsed incrementally. */
    tok = json_tokener_new();
    const char *bad = "{\"a\": [1, 2, }";
    struct json_object *none = json_tokener_parse_ex(tok, bad, (int)strlen(bad));
    printf("malformed: %s, error: %s at offset %zu\n", none ? "parsed" : "rejected",
           json_tokener_error_desc(json_tokener_get_error(tok)), json_tokener_get_parse_end(tok));
    json_tokener_free(tok);

    json_object_put(d);
    printf("put doc: %d\n", json_object_put(doc));
    return 0;
}
