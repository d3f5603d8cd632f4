/* audit._native_stories: the per-article arithmetic of audit/stories.py, compiled.
 *
 * Optional (setup.py builds it with optional=True): audit/stories.py keeps the pure-Python/numpy
 * code each function here replaces and uses it when this module is missing or AUDIT_NATIVE=0.
 * The outputs are the same bit for bit (tests/test_stories.py compares the two):
 *
 *   text_signature(text, a, b)          MinHash of the word 3-gram shingles of the lower-cased text
 *   fact_strings(text, opening, ends)   the numbers and names audit.stories.facts keeps
 *   fact_hashes(text, opening, ends, m) the sorted CRC-32s of its first m distinct facts
 *   item_signature(items, a, b, n)      the first n MinHash values of a set of str/bytes/int items
 *   Bands(b, r, mult, salts, cap)       the LSH index of band hashes (audit.stories._Bands)
 *   best_row(rows, width, keys, sig)    the candidate signature most like a signature
 *
 * Why: a one-sentence article costs about twenty numpy calls on arrays of a few dozen items,
 * whose per-call overhead is most of the work; here each step is one call.
 *
 * The MinHash is datasketch's (version 2, "affine32"): an item's CRC-32 (zlib's), mixed by
 * MurmurHash3's 32-bit finaliser, then a*h + b mod 2^32 for each permutation, the minimum kept.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[8][256];  /* [k][b]: the CRC of byte b followed by k zero bytes */

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[0][i] = c;
    }
    for (int k = 1; k < 8; k++)
        for (uint32_t i = 0; i < 256; i++)
            crc_table[k][i] = (crc_table[k - 1][i] >> 8) ^ crc_table[0][crc_table[k - 1][i] & 0xFF];
}

/* zlib's crc32(crc, data, n): crc32(crc32(0, x), y) == crc32(0, x + y). Eight bytes a step
 * ("slicing by 8", the tables above), then four, then byte by byte. */
static inline uint32_t crc_update(uint32_t crc, const unsigned char *p, Py_ssize_t n)
{
    crc = ~crc;
    for (; n >= 8; n -= 8, p += 8) {
        uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        crc = crc_table[7][lo & 0xFF] ^ crc_table[6][(lo >> 8) & 0xFF] ^
              crc_table[5][(lo >> 16) & 0xFF] ^ crc_table[4][lo >> 24] ^
              crc_table[3][p[4]] ^ crc_table[2][p[5]] ^ crc_table[1][p[6]] ^ crc_table[0][p[7]];
    }
    if (n >= 4) {
        uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        crc = crc_table[3][lo & 0xFF] ^ crc_table[2][(lo >> 8) & 0xFF] ^
              crc_table[1][(lo >> 16) & 0xFF] ^ crc_table[0][lo >> 24];
        n -= 4;
        p += 4;
    }
    while (n--)
        crc = crc_table[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static inline uint32_t fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

static inline void minhash_reset(uint32_t *sig, Py_ssize_t n)
{
    for (Py_ssize_t j = 0; j < n; j++)
        sig[j] = 0xFFFFFFFFu;
}

/* Function multiversioning where the compiler and platform have it (GCC, clang on x86-64
 * ELF): the loop below in AVX2, 8 permutations at a time, on processors that have it; the
 * result is the same integer arithmetic either way. */
#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(AUDIT_NO_TARGET_CLONES)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

/* The MinHash of a set given by its items' hashes: each mixed by fmix32, then a*h + b mod 2^32
 * for each permutation, the minimum kept (the vectorised loop: over the permutations). */
VECTOR_CLONES
static void minhash_many(uint32_t *restrict sig, const uint32_t *hashes, Py_ssize_t count,
                         const uint32_t *restrict a, const uint32_t *restrict b, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < count; i++) {
        uint32_t h = fmix32(hashes[i]);
        for (Py_ssize_t j = 0; j < n; j++) {
            uint32_t v = a[j] * h + b[j];
            sig[j] = v < sig[j] ? v : sig[j];
        }
    }
}

static int compare_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : (a > b);
}

/* A list of the distinct values of ``values`` (n of them, sorted in place), increasing. */
static PyObject *sorted_unique_list(uint32_t *values, Py_ssize_t n)
{
    qsort(values, n, sizeof(uint32_t), compare_u32);
    Py_ssize_t unique = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (i == 0 || values[i] != values[i - 1])
            values[unique++] = values[i];
    PyObject *out = PyList_New(unique);
    for (Py_ssize_t i = 0; out != NULL && i < unique; i++) {
        PyObject *value = PyLong_FromUnsignedLong(values[i]);
        if (value == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, value);
    }
    return out;
}

/* A contiguous buffer of at least ``count`` items of ``itemsize`` bytes. */
static int get_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize, Py_ssize_t count,
                      const char *what)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->len % itemsize || view->len / itemsize < count) {
        PyErr_Format(PyExc_ValueError, "%s: expected at least %zd items of %zd bytes",
                     what, count, itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* The UTF-8 bytes of a str (strict: surrogates raise, as str.encode does) or of a bytes. */
static const char *item_bytes(PyObject *item, Py_ssize_t *size)
{
    if (PyUnicode_Check(item))
        return PyUnicode_AsUTF8AndSize(item, size);
    if (PyBytes_Check(item)) {
        *size = PyBytes_GET_SIZE(item);
        return PyBytes_AS_STRING(item);
    }
    PyErr_SetString(PyExc_TypeError, "items must be str or bytes");
    return NULL;
}

static PyObject *signature_bytes(uint32_t *sig, Py_ssize_t n)
{
    return PyBytes_FromStringAndSize((const char *)sig, n * (Py_ssize_t)sizeof(uint32_t));
}

#define MAX_PERM 1024

/* re's \w and \d for str patterns (_sre: Py_UNICODE_ISALNUM or '_', Py_UNICODE_ISDECIMAL). */
static inline int is_word(Py_UCS4 ch)
{
    if (ch < 128)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}

static inline int is_decimal(Py_UCS4 ch)
{
    if (ch < 128)
        return ch >= '0' && ch <= '9';
    return Py_UNICODE_ISDECIMAL(ch);
}

/* The UTF-8 bytes of one code point (never a surrogate here: they are not word characters). */
static inline Py_ssize_t put_utf8(unsigned char *out, Py_UCS4 ch)
{
    if (ch < 0x80) {
        out[0] = (unsigned char)ch;
        return 1;
    }
    if (ch < 0x800) {
        out[0] = (unsigned char)(0xC0 | (ch >> 6));
        out[1] = (unsigned char)(0x80 | (ch & 0x3F));
        return 2;
    }
    if (ch < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (ch >> 12));
        out[1] = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (ch & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (ch >> 18));
    out[1] = (unsigned char)(0x80 | ((ch >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (ch & 0x3F));
    return 4;
}

/* Whether str.lower() changes only the ASCII capitals of the text: no other code point of it
 * has a lower-case mapping (then its length and every other character stay as they are). */
static int lowers_as_ascii(int kind, const void *data, Py_ssize_t length)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *chars = data;
        for (Py_ssize_t i = 0; i < length; i++)
            if (chars[i] >= 128 && Py_UNICODE_TOLOWER(chars[i]) != chars[i])
                return 0;
        return 1;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch >= 128 && Py_UNICODE_TOLOWER(ch) != ch)
            return 0;
    }
    return 1;
}

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* \w for ASCII, lower-cased: 0 for a character that is not a word character, else the
 * character as str.lower writes it (a table, not is_word's comparisons: this runs on every
 * character of every article). Filled by word_table_init. */
static unsigned char ascii_word_lower[128];

static void word_table_init(void)
{
    for (Py_UCS4 ch = 0; ch < 128; ch++)
        ascii_word_lower[ch] = is_word(ch) ? (unsigned char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) : 0;
}

/* One byte into a CRC-32 state (zlib's table; the state is the inverted CRC, ~crc). */
#define CRC_BYTE(state, byte) ((state) = crc_table[0][((state) ^ (byte)) & 0xFF] ^ ((state) >> 8))

#define SHINGLE_BATCH 256  /* shingle CRCs gathered before they update the signature */

/* The shingles of re.findall(r"\w+", text) of a text that lower-cases as ASCII does (see
 * text_signature), the words lower-cased and UTF-8 encoded: the CRC-32 of each run of three
 * words joined by single spaces (of all the words when there are fewer than three), into the
 * MinHash ``sig``. One pass and no copy of the text: each byte of a word goes at once into the
 * three shingles it belongs to (the one the word starts and the two before), whose CRC states
 * roll as the words go by (a CRC is computed byte after byte, so feeding a shingle its bytes as
 * they come is computing its CRC). Always inlined, so that each call with a constant ``kind``
 * reads its characters directly. */
static ALWAYS_INLINE void shingle_signature(int kind, const void *data, Py_ssize_t length,
                                            uint32_t *sig, const uint32_t *a, const uint32_t *b,
                                            Py_ssize_t n)
{
    uint32_t crcs[SHINGLE_BATCH];
    Py_ssize_t count = 0, words = 0;
    uint32_t before2 = 0, before1 = 0;  /* the shingles started two words and one word back */
    for (Py_ssize_t i = 0; i < length;) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 128 ? !ascii_word_lower[ch] : !Py_UNICODE_ISALNUM(ch)) {
            i++;
            continue;
        }
        uint32_t current = 0xFFFFFFFFu;  /* the shingle this word starts: crc32(0, "") */
        CRC_BYTE(before2, ' ');  /* (before the first two words: states never read) */
        CRC_BYTE(before1, ' ');
        for (; i < length; i++) {
            ch = PyUnicode_READ(kind, data, i);
            if (ch < 128) {
                unsigned char low = ascii_word_lower[ch];
                if (!low)
                    break;
                CRC_BYTE(current, low);
                CRC_BYTE(before1, low);
                CRC_BYTE(before2, low);
            } else if (Py_UNICODE_ISALNUM(ch)) {
                unsigned char bytes[4];
                Py_ssize_t size = put_utf8(bytes, ch);
                for (Py_ssize_t k = 0; k < size; k++) {
                    CRC_BYTE(current, bytes[k]);
                    CRC_BYTE(before1, bytes[k]);
                    CRC_BYTE(before2, bytes[k]);
                }
            } else {
                break;
            }
        }
        if (words >= 2) {  /* the shingle of the two words before and this one is whole */
            crcs[count++] = ~before2;
            if (count == SHINGLE_BATCH) {
                minhash_many(sig, crcs, count, a, b, n);
                count = 0;
            }
        }
        words++;
        before2 = before1;
        before1 = current;
    }
    if (words == 1 || words == 2)  /* fewer than three words: one shingle of them all */
        crcs[count++] = ~(words == 1 ? before1 : before2);
    minhash_many(sig, crcs, count, a, b, n);
}

/* text_signature(text, a, b): the MinHash of the shingles of re.findall(r"\w+", text.lower()):
 * each run of three words joined by spaces, or all the words joined when there are fewer
 * than three (none: the empty set, every value 2^32 - 1). Where lower-casing changes only
 * ASCII capitals (most text, curly quotes and dashes included) it is done here, as the words
 * are read; else by str.lower. */
static PyObject *text_signature(PyObject *self, PyObject *args)
{
    PyObject *text, *a_obj, *b_obj, *lowered = NULL;
    if (!PyArg_ParseTuple(args, "UOO", &text, &a_obj, &b_obj))
        return NULL;
    Py_buffer a, b;
    if (get_buffer(a_obj, &a, 4, 1, "a") < 0)
        return NULL;
    Py_ssize_t n = a.len / 4;
    if (n > MAX_PERM) {
        PyErr_SetString(PyExc_ValueError, "too many permutations");
        PyBuffer_Release(&a);
        return NULL;
    }
    if (get_buffer(b_obj, &b, 4, n, "b") < 0) {
        PyBuffer_Release(&a);
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text) &&
        !lowers_as_ascii(PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text))) {
        lowered = PyObject_CallMethod(text, "lower", NULL);
        if (lowered == NULL) {
            PyBuffer_Release(&a);
            PyBuffer_Release(&b);
            return NULL;
        }
        text = lowered;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    uint32_t sig[MAX_PERM];
    minhash_reset(sig, n);
    switch (PyUnicode_KIND(text)) {  /* one loop per kind, each with its reads specialised */
    case PyUnicode_1BYTE_KIND:
        shingle_signature(PyUnicode_1BYTE_KIND, data, length, sig, a.buf, b.buf, n);
        break;
    case PyUnicode_2BYTE_KIND:
        shingle_signature(PyUnicode_2BYTE_KIND, data, length, sig, a.buf, b.buf, n);
        break;
    default:
        shingle_signature(PyUnicode_4BYTE_KIND, data, length, sig, a.buf, b.buf, n);
    }
    PyObject *result = signature_bytes(sig, n);
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    Py_XDECREF(lowered);
    return result;
}

static inline int in_chars(Py_UCS4 ch, PyObject *chars)
{
    return PyUnicode_FindChar(chars, ch, 0, PyUnicode_GET_LENGTH(chars), 1) >= 0;
}

static inline int is_capital(Py_UCS4 ch)  /* [A-ZÀ-ÖØ-Þ] */
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 0xC0 && ch <= 0xD6) || (ch >= 0xD8 && ch <= 0xDE);
}

static inline int is_small(Py_UCS4 ch)  /* [a-zß-öø-ÿ] */
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 0xDF && ch <= 0xF6) || (ch >= 0xF8 && ch <= 0xFF);
}

static inline int is_letter(Py_UCS4 ch)  /* [^\W\d_] */
{
    return ch != '_' && is_word(ch) && !is_decimal(ch);
}

static int append_new(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int status = PyList_Append(list, item);
    Py_DECREF(item);
    return status;
}

/* Where scan_facts puts the facts: as str in ``list`` (fact_strings), or, without a list, the
 * UTF-8 bytes of the first ``max_facts`` distinct ones with their CRC-32s (fact_hashes). */
typedef struct {
    PyObject *list;
    Py_ssize_t max_facts;
    unsigned char *bytes;    /* the distinct facts, one after the other */
    Py_ssize_t used, alloc;
    Py_ssize_t *starts;      /* fact i: bytes[starts[i]:starts[i + 1]] */
    uint32_t *crcs;
    Py_ssize_t unique, ualloc;
} FactSink;

/* Adds one fact (``n`` code points): 1 when the sink is full (scanning may stop), -1 on error. */
static int sink_add(FactSink *sink, const Py_UCS4 *chars, Py_ssize_t n)
{
    if (sink->list != NULL)
        return append_new(sink->list, PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, n)) < 0 ? -1 : 0;
    if (sink->used + 4 * n > sink->alloc) {
        Py_ssize_t alloc = 2 * (sink->used + 4 * n) + 64;
        unsigned char *bytes = PyMem_Realloc(sink->bytes, alloc);
        if (bytes == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        sink->bytes = bytes;
        sink->alloc = alloc;
    }
    if (sink->unique + 2 > sink->ualloc) {
        Py_ssize_t ualloc = 2 * sink->ualloc + 16;
        Py_ssize_t *starts = PyMem_Realloc(sink->starts, ualloc * sizeof(Py_ssize_t));
        if (starts != NULL)
            sink->starts = starts;
        uint32_t *crcs = starts ? PyMem_Realloc(sink->crcs, ualloc * sizeof(uint32_t)) : NULL;
        if (crcs == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        sink->crcs = crcs;
        sink->ualloc = ualloc;
    }
    unsigned char *out = sink->bytes + sink->used;
    Py_ssize_t size = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        size += put_utf8(out + size, chars[i]);
    uint32_t crc = crc_update(0, out, size);
    for (Py_ssize_t j = 0; j < sink->unique; j++)  /* an equal fact before it (the CRC first) */
        if (sink->crcs[j] == crc && sink->starts[j + 1] - sink->starts[j] == size &&
            memcmp(sink->bytes + sink->starts[j], out, size) == 0)
            return 0;
    sink->starts[sink->unique] = sink->used;
    sink->crcs[sink->unique++] = crc;
    sink->used += size;
    sink->starts[sink->unique] = sink->used;
    return sink->unique >= sink->max_facts;
}

/* text[start:end].lower() as code points in ``out`` (at most 3 a character: str.lower's
 * longest expansion); returns how many, or -1 on error. In C for ASCII, else by str.lower. */
static Py_ssize_t lowered(PyObject *text, int kind, const void *data, Py_ssize_t start,
                          Py_ssize_t end, Py_UCS4 *out)
{
    int ascii = 1;
    for (Py_ssize_t k = start; k < end && ascii; k++)
        ascii = PyUnicode_READ(kind, data, k) < 128;
    if (ascii) {
        for (Py_ssize_t k = start; k < end; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            out[k - start] = ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
        }
        return end - start;
    }
    PyObject *name = PyUnicode_Substring(text, start, end);
    PyObject *lower = name ? PyObject_CallMethod(name, "lower", NULL) : NULL;
    Py_XDECREF(name);
    if (lower == NULL)
        return -1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(lower);
    if (n > 3 * (end - start) || PyUnicode_AsUCS4(lower, out, n, 0) == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "unexpected lower-case expansion");
        Py_DECREF(lower);
        return -1;
    }
    Py_DECREF(lower);
    return n;
}

/* audit.stories' facts before de-duplication, in order, into ``sink``: "#" and the digits of
 * each number of two digits or more (re \d[\d.,]*\d|\d, dots and commas dropped, leading
 * zeros too), then each capitalised name (re [A-ZÀ-ÖØ-Þ](?<!\w.)[a-zß-öø-ÿ][^\W\d_]+) whose
 * last character before its run of ``opening`` characters is not in ``sentence_end``,
 * lower-cased. Returns 0, or -1 on error. */
static ALWAYS_INLINE int scan_facts_of_kind(int kind, PyObject *text, PyObject *opening,
                                            PyObject *sentence_end, FactSink *sink)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 *digits = PyMem_Malloc((3 * length + 2) * sizeof(Py_UCS4));
    int status = 0;
    if (digits == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < length && status == 0;) {  /* numbers */
        if (!is_decimal(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t end = i + 1, j = i + 1;  /* end: after the match's last digit */
        for (; j < length; j++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, j);
            if (is_decimal(ch))
                end = j + 1;
            else if (ch != '.' && ch != ',')
                break;
        }
        Py_ssize_t count = 1, lead = 1;  /* digits[0] is '#'; lead: after the leading zeros */
        digits[0] = '#';
        for (Py_ssize_t k = i; k < end; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            if (ch != '.' && ch != ',')
                digits[count++] = ch;
        }
        if (count - 1 >= 2) {  /* two digits or more */
            while (lead < count && digits[lead] == '0')
                lead++;
            if (lead == count)  /* all zeros: "0" */
                digits[--lead] = '0';
            digits[lead - 1] = '#';
            status = sink_add(sink, digits + lead - 1, count - lead + 1);
        }
        i = end;
    }
    for (Py_ssize_t i = 0; i + 2 < length && status == 0; i++) {  /* names */
        if (!is_capital(PyUnicode_READ(kind, data, i)))
            continue;
        if (i > 0 && is_word(PyUnicode_READ(kind, data, i - 1)))
            continue;
        if (!is_small(PyUnicode_READ(kind, data, i + 1)) || !is_letter(PyUnicode_READ(kind, data, i + 2)))
            continue;
        Py_ssize_t end = i + 3;
        while (end < length && is_letter(PyUnicode_READ(kind, data, end)))
            end++;
        Py_ssize_t k = i - 1;
        while (k >= 0 && in_chars(PyUnicode_READ(kind, data, k), opening))
            k--;
        if (k >= 0 && !in_chars(PyUnicode_READ(kind, data, k), sentence_end)) {
            Py_ssize_t n = lowered(text, kind, data, i, end, digits);
            status = n < 0 ? -1 : sink_add(sink, digits, n);
        }
        i = end - 1;
    }
    PyMem_Free(digits);
    return status < 0 ? -1 : 0;
}

static int scan_facts(PyObject *text, PyObject *opening, PyObject *sentence_end, FactSink *sink)
{
    switch (PyUnicode_KIND(text)) {  /* one loop per kind, each with its reads specialised */
    case PyUnicode_1BYTE_KIND:
        return scan_facts_of_kind(PyUnicode_1BYTE_KIND, text, opening, sentence_end, sink);
    case PyUnicode_2BYTE_KIND:
        return scan_facts_of_kind(PyUnicode_2BYTE_KIND, text, opening, sentence_end, sink);
    default:
        return scan_facts_of_kind(PyUnicode_4BYTE_KIND, text, opening, sentence_end, sink);
    }
}

/* fact_strings(text, opening, sentence_end): the facts of scan_facts, in order, repeats kept. */
static PyObject *fact_strings(PyObject *self, PyObject *args)
{
    PyObject *text, *opening, *sentence_end;
    if (!PyArg_ParseTuple(args, "UUU", &text, &opening, &sentence_end))
        return NULL;
    FactSink sink = {.list = PyList_New(0)};
    if (sink.list == NULL)
        return NULL;
    if (scan_facts(text, opening, sentence_end, &sink) < 0)
        Py_CLEAR(sink.list);
    return sink.list;
}

/* fact_hashes(text, opening, sentence_end, max_facts): audit.stories' fact hashes of a text,
 * sorted(set(zlib.crc32(f.encode()) for f in facts(text))): the CRC-32s of the first
 * ``max_facts`` distinct fact strings, increasing and distinct. */
static PyObject *fact_hashes(PyObject *self, PyObject *args)
{
    PyObject *text, *opening, *sentence_end;
    Py_ssize_t max_facts;
    if (!PyArg_ParseTuple(args, "UUUn", &text, &opening, &sentence_end, &max_facts))
        return NULL;
    FactSink sink = {.list = NULL, .max_facts = max_facts};
    PyObject *result = NULL;
    if (max_facts < 1)
        result = PyList_New(0);
    else if (scan_facts(text, opening, sentence_end, &sink) == 0)
        result = sorted_unique_list(sink.crcs ? sink.crcs : (uint32_t *)"", sink.unique);
    PyMem_Free(sink.bytes);
    PyMem_Free(sink.starts);
    PyMem_Free(sink.crcs);
    return result;
}

static PyObject *item_signature(PyObject *self, PyObject *args)
{
    PyObject *items, *a_obj, *b_obj;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "OOOn", &items, &a_obj, &b_obj, &n))
        return NULL;
    if (n < 0 || n > MAX_PERM) {
        PyErr_SetString(PyExc_ValueError, "num_perm out of range");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(items, "items must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_buffer a, b;
    if (get_buffer(a_obj, &a, 4, n, "a") < 0) {
        Py_DECREF(seq);
        return NULL;
    }
    if (get_buffer(b_obj, &b, 4, n, "b") < 0) {
        PyBuffer_Release(&a);
        Py_DECREF(seq);
        return NULL;
    }
    uint32_t sig[MAX_PERM];
    minhash_reset(sig, n);
    PyObject *result = NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    uint32_t *crcs = PyMem_Malloc((count + 1) * sizeof(uint32_t));
    if (crcs == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        if (PyLong_CheckExact(item)) {  /* an int that fits: str(item)'s digits written here */
            int overflow;
            long long value = PyLong_AsLongLongAndOverflow(item, &overflow);
            if (!overflow && !(value == -1 && PyErr_Occurred())) {
                char digits[24], *end = digits + sizeof digits, *p = end;
                unsigned long long magnitude = value < 0 ? 0ull - (unsigned long long)value
                                                         : (unsigned long long)value;
                do
                    *--p = (char)('0' + magnitude % 10);
                while (magnitude /= 10);
                if (value < 0)
                    *--p = '-';
                crcs[i] = crc_update(0, (const unsigned char *)p, end - p);
                continue;
            }
            PyErr_Clear();
        }
        PyObject *digits = PyLong_Check(item) ? PyObject_Str(item) : NULL;  /* an int: str(item) */
        Py_ssize_t size;
        const char *s = PyLong_Check(item) ? (digits ? item_bytes(digits, &size) : NULL)
                                           : item_bytes(item, &size);
        if (s != NULL)
            crcs[i] = crc_update(0, (const unsigned char *)s, size);
        Py_XDECREF(digits);
        if (s == NULL) {
            PyMem_Free(crcs);
            goto done;
        }
    }
    minhash_many(sig, crcs, count, a.buf, b.buf, n);
    PyMem_Free(crcs);
    result = signature_bytes(sig, n);
done:
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    Py_DECREF(seq);
    return result;
}

/* ---- Bands: an LSH index of band hashes (audit.stories._Bands, compiled) -----------------
 *
 * The same storage and the same answers as the Python class: the band hashes of the merged
 * inserts in one array sorted by hash (equal hashes in insertion order) with their keys, and
 * the inserts since the last merge in insertion order, chained per hash (the Python class's
 * ``recent`` dict). A query reads the first ``cap`` keys of each band's bucket on both sides,
 * as the Python class does, and a merge happens after the same inserts, so a crowded bucket
 * (more than ``cap`` keys) answers with the same keys in both. */

typedef struct {
    uint64_t hash;
    int32_t head, tail;     /* head -1: an empty slot */
} Bucket;

typedef struct {
    PyObject_HEAD
    Py_ssize_t b, r, cap;
    uint64_t *mult, *salts;
    uint64_t *hashes;      /* merged, sorted by hash */
    uint32_t *keys;
    Py_ssize_t size;
    uint64_t *directory;   /* 2^bits + 1 offsets into hashes, by their top bits */
    int bits;
    uint64_t *rhash;       /* recent entries, in insertion order */
    uint32_t *rkey;
    int32_t *rnext;        /* the next entry of the same hash, or -1 */
    Py_ssize_t rsize, ralloc;
    Bucket *table;          /* open addressing: hash -> its first and last recent entry */
    Py_ssize_t tsize;       /* a power of two, at least twice rsize */
    Py_ssize_t pending;     /* inserts since the last merge */
} BandsObject;

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)0)
#endif

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static Py_ssize_t table_slot(const BandsObject *self, uint64_t hash)
{
    Py_ssize_t mask = self->tsize - 1, slot = (Py_ssize_t)(mix64(hash) & (uint64_t)mask);
    while (self->table[slot].head >= 0 && self->table[slot].hash != hash)
        slot = (slot + 1) & mask;
    return slot;
}

static int table_grow(BandsObject *self, Py_ssize_t entries)
{
    if (entries <= self->ralloc && 2 * entries <= self->tsize)
        return 0;
    if (entries > INT32_MAX / 2) {
        PyErr_SetString(PyExc_OverflowError, "too many recent band entries");
        return -1;
    }
    if (entries > self->ralloc) {
        Py_ssize_t alloc = self->ralloc ? self->ralloc : 1024;
        while (alloc < entries)
            alloc *= 2;
        uint64_t *h = PyMem_Realloc(self->rhash, alloc * sizeof(uint64_t));
        if (h == NULL)
            goto nomem;
        self->rhash = h;
        uint32_t *k = PyMem_Realloc(self->rkey, alloc * sizeof(uint32_t));
        if (k == NULL)
            goto nomem;
        self->rkey = k;
        int32_t *n = PyMem_Realloc(self->rnext, alloc * sizeof(int32_t));
        if (n == NULL)
            goto nomem;
        self->rnext = n;
        self->ralloc = alloc;
    }
    if (2 * entries > self->tsize) {
        Py_ssize_t tsize = self->tsize ? self->tsize : 2048;
        while (tsize < 2 * entries)
            tsize *= 2;
        Bucket *table = PyMem_Malloc(tsize * sizeof(Bucket));
        if (table == NULL)
            goto nomem;
        for (Py_ssize_t i = 0; i < tsize; i++)
            table[i].head = -1;
        Bucket *old = self->table;
        Py_ssize_t old_size = self->tsize;
        self->table = table;
        self->tsize = tsize;
        for (Py_ssize_t i = 0; i < old_size; i++)
            if (old[i].head >= 0)
                table[table_slot(self, old[i].hash)] = old[i];
        PyMem_Free(old);
    }
    return 0;
nomem:
    PyErr_NoMemory();
    return -1;
}

typedef struct {
    uint64_t hash;
    Py_ssize_t index;
} HashIndex;

/* ``items`` sorted by hash, equal hashes kept in their order: a stable least-significant-digit
 * radix sort, a byte a pass (a pass whose byte is the same in all is skipped). For items in
 * increasing ``index`` it is the order of (hash, index), as qsort with that comparison gave,
 * several times faster (no call per comparison). Returns 0, or -1 without memory. */
static int sort_by_hash(HashIndex *items, Py_ssize_t n)
{
    HashIndex *spare = PyMem_Malloc((n + 1) * sizeof(HashIndex));
    if (spare == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    HashIndex *from = items, *to = spare;
    for (int shift = 0; shift < 64; shift += 8) {
        Py_ssize_t offsets[256] = {0};
        for (Py_ssize_t i = 0; i < n; i++)
            offsets[(from[i].hash >> shift) & 0xFF]++;
        if (n && offsets[(from[0].hash >> shift) & 0xFF] == n)
            continue;
        for (Py_ssize_t digit = 0, total = 0; digit < 256; digit++) {
            Py_ssize_t count = offsets[digit];
            offsets[digit] = total;
            total += count;
        }
        for (Py_ssize_t i = 0; i < n; i++)
            to[offsets[(from[i].hash >> shift) & 0xFF]++] = from[i];
        HashIndex *swap = from;
        from = to;
        to = swap;
    }
    if (from != items)
        memcpy(items, from, n * sizeof(HashIndex));
    PyMem_Free(spare);
    return 0;
}

/* The recent entries merged into the sorted arrays: by hash, the merged ones first (numpy's
 * stable argsort of the concatenation, as the Python class merges), then the directory. */
static int bands_merge(BandsObject *self)
{
    Py_ssize_t total = self->size + self->rsize;
    HashIndex *order = PyMem_Malloc((self->rsize + 1) * sizeof(HashIndex));
    uint64_t *hashes = PyMem_Malloc((total + 1) * sizeof(uint64_t));
    uint32_t *keys = PyMem_Malloc((total + 1) * sizeof(uint32_t));
    int bits = 1;
    while (bits < 24 && ((Py_ssize_t)1 << (bits + 3)) <= total)  /* bit_length - 3, in [1, 24] */
        bits++;
    uint64_t *directory = PyMem_Calloc(((size_t)1 << bits) + 1, sizeof(uint64_t));
    if (order == NULL || hashes == NULL || keys == NULL || directory == NULL) {
        PyMem_Free(order);
        PyMem_Free(hashes);
        PyMem_Free(keys);
        PyMem_Free(directory);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t j = 0; j < self->rsize; j++) {
        order[j].hash = self->rhash[j];
        order[j].index = j;
    }
    if (sort_by_hash(order, self->rsize) < 0) {
        PyMem_Free(order);
        PyMem_Free(hashes);
        PyMem_Free(keys);
        PyMem_Free(directory);
        return -1;
    }
    Py_ssize_t i = 0, j = 0, n = 0;
    while (i < self->size || j < self->rsize) {
        if (j >= self->rsize || (i < self->size && self->hashes[i] <= order[j].hash)) {
            hashes[n] = self->hashes[i];
            keys[n++] = self->keys[i++];
        } else {
            hashes[n] = order[j].hash;
            keys[n++] = self->rkey[order[j++].index];
        }
    }
    for (Py_ssize_t k = 0; k < total; k++)
        directory[(hashes[k] >> (64 - bits)) + 1]++;
    for (Py_ssize_t k = 1; k <= ((Py_ssize_t)1 << bits); k++)
        directory[k] += directory[k - 1];
    PyMem_Free(order);
    PyMem_Free(self->hashes);
    PyMem_Free(self->keys);
    PyMem_Free(self->directory);
    self->hashes = hashes;
    self->keys = keys;
    self->size = total;
    self->directory = directory;
    self->bits = bits;
    self->rsize = 0;
    self->pending = 0;
    for (Py_ssize_t i = 0; i < self->tsize; i++)
        self->table[i].head = -1;
    return 0;
}

/* The uint64 values of band hashes, in ``out`` (n of them): a list of ints, or the bytes of
 * ``packed`` (no int object per band). */
static int read_bands(PyObject *list, uint64_t **out, Py_ssize_t *n)
{
    int packed = PyBytes_Check(list);
    if (!packed && !PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "bands must be a list of ints or bytes of packed()");
        return -1;
    }
    if (packed && PyBytes_GET_SIZE(list) % sizeof(uint64_t)) {
        PyErr_SetString(PyExc_ValueError, "packed bands: a whole number of uint64 values");
        return -1;
    }
    *n = packed ? PyBytes_GET_SIZE(list) / (Py_ssize_t)sizeof(uint64_t) : PyList_GET_SIZE(list);
    *out = PyMem_Malloc((*n + 1) * sizeof(uint64_t));
    if (*out == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (packed) {
        memcpy(*out, PyBytes_AS_STRING(list), *n * sizeof(uint64_t));
        return 0;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        (*out)[i] = PyLong_AsUnsignedLongLong(PyList_GET_ITEM(list, i));
        if ((*out)[i] == (uint64_t)-1 && PyErr_Occurred()) {
            PyMem_Free(*out);
            return -1;
        }
    }
    return 0;
}

static PyObject *Bands_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"b", "r", "multipliers", "salts", "cap", NULL};
    Py_ssize_t b, r, cap;
    PyObject *mult_obj, *salt_obj;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nnOOn", names, &b, &r, &mult_obj, &salt_obj, &cap))
        return NULL;
    if (b < 1 || r < 1 || cap < 1 || b * r > MAX_PERM) {
        PyErr_SetString(PyExc_ValueError, "band parameters out of range");
        return NULL;
    }
    Py_buffer mult, salt;
    if (get_buffer(mult_obj, &mult, 8, r, "multipliers") < 0)
        return NULL;
    if (get_buffer(salt_obj, &salt, 8, b, "salts") < 0) {
        PyBuffer_Release(&mult);
        return NULL;
    }
    BandsObject *self = (BandsObject *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->b = b;
        self->r = r;
        self->cap = cap;
        self->mult = PyMem_Malloc(r * sizeof(uint64_t));
        self->salts = PyMem_Malloc(b * sizeof(uint64_t));
        if (self->mult == NULL || self->salts == NULL) {
            Py_CLEAR(self);
            PyErr_NoMemory();
        } else {
            memcpy(self->mult, mult.buf, r * sizeof(uint64_t));
            memcpy(self->salts, salt.buf, b * sizeof(uint64_t));
        }
    }
    PyBuffer_Release(&mult);
    PyBuffer_Release(&salt);
    return (PyObject *)self;
}

static void Bands_dealloc(BandsObject *self)
{
    PyMem_Free(self->mult);
    PyMem_Free(self->salts);
    PyMem_Free(self->hashes);
    PyMem_Free(self->keys);
    PyMem_Free(self->directory);
    PyMem_Free(self->rhash);
    PyMem_Free(self->rkey);
    PyMem_Free(self->rnext);
    PyMem_Free(self->table);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The band hashes of a signature: its rows times the multipliers, mod 2^64, xor the salts. */
static void band_hashes(const BandsObject *self, const uint32_t *s, uint64_t *out)
{
    for (Py_ssize_t i = 0; i < self->b; i++) {
        uint64_t h = 0;
        for (Py_ssize_t j = 0; j < self->r; j++)
            h += (uint64_t)s[i * self->r + j] * self->mult[j];
        out[i] = h ^ self->salts[i];
    }
}

static PyObject *Bands_bands(BandsObject *self, PyObject *sig_obj)
{
    Py_buffer sig;
    if (get_buffer(sig_obj, &sig, 4, self->b * self->r, "sig") < 0)
        return NULL;
    uint64_t hashes[MAX_PERM];
    band_hashes(self, sig.buf, hashes);
    PyBuffer_Release(&sig);
    PyObject *out = PyList_New(self->b);
    for (Py_ssize_t i = 0; out != NULL && i < self->b; i++) {
        PyObject *value = PyLong_FromUnsignedLongLong(hashes[i]);
        if (value == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, value);
    }
    return out;
}

static PyObject *Bands_packed(BandsObject *self, PyObject *sig_obj)
{
    Py_buffer sig;
    if (get_buffer(sig_obj, &sig, 4, self->b * self->r, "sig") < 0)
        return NULL;
    uint64_t hashes[MAX_PERM];
    band_hashes(self, sig.buf, hashes);
    PyBuffer_Release(&sig);
    return PyBytes_FromStringAndSize((const char *)hashes, self->b * (Py_ssize_t)sizeof(uint64_t));
}

static PyObject *Bands_query(BandsObject *self, PyObject *list)
{
    uint64_t *bands;
    Py_ssize_t n;
    if (read_bands(list, &bands, &n) < 0)
        return NULL;
    uint32_t *found = PyMem_Malloc((2 * n * self->cap + 1) * sizeof(uint32_t));
    Py_ssize_t *range = PyMem_Malloc((2 * n + 1) * sizeof(Py_ssize_t));  /* each band's lo, hi */
    if (found == NULL || range == NULL) {
        PyMem_Free(found);
        PyMem_Free(range);
        PyMem_Free(bands);
        return PyErr_NoMemory();
    }
    /* The bands' buckets are far apart in memory: their cache lines are asked for all at once
     * (the directory slots and recent table slots, then the sorted hashes), not one miss after
     * the other. */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (self->size)
            PREFETCH(&self->directory[bands[i] >> (64 - self->bits)]);
        if (self->rsize)
            PREFETCH(&self->table[(Py_ssize_t)(mix64(bands[i]) & (uint64_t)(self->tsize - 1))]);
    }
    for (Py_ssize_t i = 0; self->size && i < n; i++) {
        uint64_t slot = bands[i] >> (64 - self->bits);
        range[2 * i] = (Py_ssize_t)self->directory[slot];
        range[2 * i + 1] = (Py_ssize_t)self->directory[slot + 1];
        PREFETCH(&self->hashes[range[2 * i] + (range[2 * i + 1] - range[2 * i]) / 2]);
    }
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t band = bands[i];
        if (self->size) {
            Py_ssize_t lo = range[2 * i], hi = range[2 * i + 1];
            while (lo < hi) {  /* the first position whose hash is >= band */
                Py_ssize_t mid = lo + (hi - lo) / 2;
                if (self->hashes[mid] < band)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (Py_ssize_t j = lo; j < self->size && j - lo < self->cap && self->hashes[j] == band; j++)
                found[count++] = self->keys[j];
        }
        if (self->rsize) {
            int32_t e = self->table[table_slot(self, band)].head;
            for (Py_ssize_t taken = 0; e >= 0 && taken < self->cap; taken++, e = self->rnext[e])
                found[count++] = self->rkey[e];
        }
    }
    PyObject *out = sorted_unique_list(found, count);
    PyMem_Free(found);
    PyMem_Free(range);
    PyMem_Free(bands);
    return out;
}

static PyObject *Bands_insert(BandsObject *self, PyObject *args)
{
    unsigned long key;
    PyObject *list;
    if (!PyArg_ParseTuple(args, "kO", &key, &list))
        return NULL;
    if (key > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "key out of range");
        return NULL;
    }
    uint64_t *bands;
    Py_ssize_t n;
    if (read_bands(list, &bands, &n) < 0)
        return NULL;
    if (table_grow(self, self->rsize + n) < 0) {
        PyMem_Free(bands);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++)  /* as in a query: the slots' cache lines at once */
        PREFETCH(&self->table[(Py_ssize_t)(mix64(bands[i]) & (uint64_t)(self->tsize - 1))]);
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t e = (int32_t)self->rsize++;
        self->rhash[e] = bands[i];
        self->rkey[e] = (uint32_t)key;
        self->rnext[e] = -1;
        Py_ssize_t slot = table_slot(self, bands[i]);
        Bucket *bucket = &self->table[slot];
        if (bucket->head < 0) {
            bucket->hash = bands[i];
            bucket->head = e;
        } else {
            self->rnext[bucket->tail] = e;
        }
        bucket->tail = e;
    }
    PyMem_Free(bands);
    self->pending++;
    Py_ssize_t due = self->size / (4 * self->b);
    if (self->pending >= (due > 512 ? due : 512) && bands_merge(self) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* (hashes, keys): the merged arrays as bytes (uint64, uint32), for tests and inspection. */
static PyObject *Bands_merged(BandsObject *self, PyObject *unused)
{
    static const char none[1] = "";  /* no merge yet: empty arrays */
    return Py_BuildValue("(y#y#)", self->size ? (const char *)self->hashes : none,
                         self->size * (Py_ssize_t)sizeof(uint64_t),
                         self->size ? (const char *)self->keys : none,
                         self->size * (Py_ssize_t)sizeof(uint32_t));
}

/* {hash: [keys]}: the inserts since the last merge, as the Python class's ``recent``. */
static PyObject *Bands_recent(BandsObject *self, PyObject *unused)
{
    PyObject *out = PyDict_New();
    for (Py_ssize_t i = 0; out != NULL && i < self->rsize; i++) {
        PyObject *hash = PyLong_FromUnsignedLongLong(self->rhash[i]);
        PyObject *key = PyLong_FromUnsignedLong(self->rkey[i]);
        PyObject *keys = hash ? PyDict_GetItemWithError(out, hash) : NULL;
        int failed = hash == NULL || key == NULL || PyErr_Occurred();
        if (!failed && keys == NULL) {
            keys = PyList_New(0);
            failed = keys == NULL || PyDict_SetItem(out, hash, keys) < 0;
            Py_XDECREF(keys);  /* the dict holds it */
        }
        if (!failed)
            failed = PyList_Append(keys, key) < 0;
        Py_XDECREF(hash);
        Py_XDECREF(key);
        if (failed)
            Py_CLEAR(out);
    }
    return out;
}

static PyObject *Bands_get_rows(BandsObject *self, void *unused)
{
    return PyLong_FromSsize_t(self->b * self->r);
}

static PyObject *Bands_get_size(BandsObject *self, void *unused)
{
    return PyLong_FromSsize_t(self->size);
}

static PyMethodDef Bands_methods[] = {
    {"bands", (PyCFunction)Bands_bands, METH_O, "bands(sig) -> list[int]: the signature's band hashes."},
    {"packed", (PyCFunction)Bands_packed, METH_O,
     "packed(sig) -> bytes: the same band hashes as native uint64 values, for query and insert."},
    {"query", (PyCFunction)Bands_query, METH_O,
     "query(bands) -> list[int]: the keys (increasing) of the first cap keys of each band's buckets."},
    {"insert", (PyCFunction)Bands_insert, METH_VARARGS,
     "insert(key, bands): keys must come in increasing order."},
    {"merged", (PyCFunction)Bands_merged, METH_NOARGS, "merged() -> (hashes, keys): the sorted arrays as bytes."},
    {"recent", (PyCFunction)Bands_recent, METH_NOARGS, "recent() -> {hash: [keys]}: the inserts since the last merge."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef Bands_members[] = {
    {"b", T_PYSSIZET, offsetof(BandsObject, b), READONLY, "bands"},
    {"r", T_PYSSIZET, offsetof(BandsObject, r), READONLY, "rows per band"},
    {"pending", T_PYSSIZET, offsetof(BandsObject, pending), READONLY, "inserts since the last merge"},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef Bands_getset[] = {
    {"rows", (getter)Bands_get_rows, NULL, "how many values of a signature the bands read", NULL},
    {"size", (getter)Bands_get_size, NULL, "entries in the merged arrays", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject BandsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "audit._native_stories.Bands",
    .tp_basicsize = sizeof(BandsObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Bands(b, r, multipliers, salts, cap): audit.stories._Bands, compiled.",
    .tp_new = Bands_new,
    .tp_dealloc = (destructor)Bands_dealloc,
    .tp_methods = Bands_methods,
    .tp_members = Bands_members,
    .tp_getset = Bands_getset,
};

/* best_row(rows, width, keys, sig) -> (position, agreeing) or None: of the rows ``keys``
 * (increasing) of the 2-D uint32 ``rows``, the first one agreeing with ``sig`` in the most
 * positions (numpy: argmax((rows[keys] == sig).sum(axis=1))). */
static PyObject *best_row(PyObject *self, PyObject *args)
{
    PyObject *rows_obj, *keys, *sig_obj;
    Py_ssize_t width;
    if (!PyArg_ParseTuple(args, "OnO!O", &rows_obj, &width, &PyList_Type, &keys, &sig_obj))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(keys);
    if (count == 0)
        Py_RETURN_NONE;
    Py_buffer rows, sig;
    if (get_buffer(sig_obj, &sig, 4, width, "sig") < 0)
        return NULL;
    if (get_buffer(rows_obj, &rows, 4, 0, "rows") < 0) {
        PyBuffer_Release(&sig);
        return NULL;
    }
    Py_ssize_t height = width ? rows.len / 4 / width : 0;
    const uint32_t *r = rows.buf, *s = sig.buf;
    Py_ssize_t best = -1, best_agreeing = -1;
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t key = PyLong_AsSsize_t(PyList_GET_ITEM(keys, i));
        if (key == -1 && PyErr_Occurred())
            goto done;
        if (key < 0 || key >= height) {
            PyErr_SetString(PyExc_IndexError, "key out of the rows");
            goto done;
        }
        const uint32_t *row = r + key * width;
        Py_ssize_t agreeing = 0;
        for (Py_ssize_t j = 0; j < width; j++)
            agreeing += row[j] == s[j];
        if (agreeing > best_agreeing) {
            best = i;
            best_agreeing = agreeing;
        }
    }
    result = Py_BuildValue("(nn)", best, best_agreeing);
done:
    PyBuffer_Release(&rows);
    PyBuffer_Release(&sig);
    return result;
}

static PyMethodDef methods[] = {
    {"text_signature", text_signature, METH_VARARGS,
     "text_signature(text, a, b) -> bytes: the MinHash (uint32 values) of its word 3-gram shingles."},
    {"fact_strings", fact_strings, METH_VARARGS,
     "fact_strings(text, opening, sentence_end) -> list[str]: the facts of a text, in order, repeats kept."},
    {"fact_hashes", fact_hashes, METH_VARARGS,
     "fact_hashes(text, opening, sentence_end, max_facts) -> list[int]: the CRC-32s of its first distinct facts, sorted."},
    {"item_signature", item_signature, METH_VARARGS,
     "item_signature(items, a, b, num_perm) -> bytes: the first num_perm MinHash values of a set."},
    {"best_row", best_row, METH_VARARGS,
     "best_row(rows, width, keys, sig) -> (position, agreeing) | None: the first of the keys' rows most like sig."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native_stories",
    "Compiled MinHash and LSH steps of audit.stories (optional; same output as its fallback).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__native_stories(void)
{
    crc_init();
    word_table_init();
    if (PyType_Ready(&BandsType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddObjectRef(m, "Bands", (PyObject *)&BandsType) < 0)
        Py_CLEAR(m);
    return m;
}
