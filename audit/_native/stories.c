/* audit._native_stories: the per-article arithmetic of audit/stories.py, compiled.
 *
 * Optional (setup.py builds it with optional=True): audit/stories.py keeps the pure-Python/numpy
 * code each function here replaces and uses it when this module is missing or AUDIT_NATIVE=0.
 * The outputs are the same bit for bit (tests/test_stories.py compares the two):
 *
 *   text_signature(lowered, a, b)       MinHash of the word 3-gram shingles of a lower-cased text
 *   fact_strings(text, opening, ends)   the numbers and names audit.stories.facts keeps
 *   item_signature(items, a, b, n)      the first n MinHash values of a set of str/bytes items
 *   band_hashes(sig, b, r, mult, salts) the LSH band hashes of a signature
 *   lookup(hashes, keys, bands, cap, found, directory)  the keys of the buckets of ``bands``
 *
 * Why: a one-sentence article costs about twenty numpy calls on arrays of a few dozen items,
 * whose per-call overhead is most of the work; here each step is one call.
 *
 * The MinHash is datasketch's (version 2, "affine32"): an item's CRC-32 (zlib's), mixed by
 * MurmurHash3's 32-bit finaliser, then a*h + b mod 2^32 for each permutation, the minimum kept.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

/* zlib's crc32(crc, data, n): crc32(crc32(0, x), y) == crc32(0, x + y). */
static inline uint32_t crc_update(uint32_t crc, const unsigned char *p, Py_ssize_t n)
{
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
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

static inline void minhash_add(uint32_t *sig, uint32_t crc, const uint32_t *a, const uint32_t *b,
                               Py_ssize_t n)
{
    uint32_t h = fmix32(crc);
    for (Py_ssize_t j = 0; j < n; j++) {
        uint32_t v = a[j] * h + b[j];
        sig[j] = v < sig[j] ? v : sig[j];
    }
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

/* text_signature(lowered, a, b): the MinHash of the shingles of re.findall(r"\w+", lowered):
 * each run of three words joined by spaces, or all the words joined when there are fewer
 * than three (none: the empty set, every value 2^32 - 1). */
static PyObject *text_signature(PyObject *self, PyObject *args)
{
    PyObject *text, *a_obj, *b_obj;
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
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int ascii = PyUnicode_IS_ASCII(text);
    /* The words' UTF-8 bytes, one after the other (ASCII text: the text itself), and where
     * each word starts and ends in them. */
    unsigned char *utf8 = ascii ? NULL : PyMem_Malloc(length * 4 + 1);
    Py_ssize_t *bounds = PyMem_Malloc((length + 1) * sizeof(Py_ssize_t));
    PyObject *result = NULL;
    if ((!ascii && utf8 == NULL) || bounds == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t words = 0, used = 0;
    for (Py_ssize_t i = 0; i < length;) {
        if (!is_word(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        while (j < length && is_word(PyUnicode_READ(kind, data, j)))
            j++;
        if (ascii) {
            bounds[2 * words] = i;
            bounds[2 * words + 1] = j;
        } else {
            bounds[2 * words] = used;
            for (Py_ssize_t k = i; k < j; k++)
                used += put_utf8(utf8 + used, PyUnicode_READ(kind, data, k));
            bounds[2 * words + 1] = used;
        }
        words++;
        i = j;
    }
    const unsigned char *bytes = ascii ? (const unsigned char *)data : utf8;
    static const unsigned char space = ' ';
    uint32_t sig[MAX_PERM];
    minhash_reset(sig, n);
    Py_ssize_t first = 0, last = words < 3 ? 0 : words - 3;  /* the shingles' first words */
    Py_ssize_t width = words < 3 ? words : 3;
    for (Py_ssize_t w = first; words > 0 && w <= last; w++) {
        uint32_t crc = 0;
        for (Py_ssize_t k = w; k < w + width; k++) {
            if (k > w)
                crc = crc_update(crc, &space, 1);
            crc = crc_update(crc, bytes + bounds[2 * k], bounds[2 * k + 1] - bounds[2 * k]);
        }
        minhash_add(sig, crc, a.buf, b.buf, n);
    }
    result = signature_bytes(sig, n);
done:
    PyMem_Free(utf8);
    PyMem_Free(bounds);
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
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

/* fact_strings(text, opening, sentence_end): audit.stories' facts before de-duplication, in
 * order: "#" and the digits of each number of two digits or more (re \d[\d.,]*\d|\d, dots and
 * commas dropped, leading zeros too), then each capitalised name (re
 * [A-ZÀ-ÖØ-Þ](?<!\w.)[a-zß-öø-ÿ][^\W\d_]+) whose last character before its run of
 * ``opening`` characters is not in ``sentence_end``, lower-cased. */
static PyObject *fact_strings(PyObject *self, PyObject *args)
{
    PyObject *text, *opening, *sentence_end;
    if (!PyArg_ParseTuple(args, "UUU", &text, &opening, &sentence_end))
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *found = PyList_New(0);
    Py_UCS4 *digits = PyMem_Malloc((length + 2) * sizeof(Py_UCS4));
    if (found == NULL || digits == NULL) {
        Py_XDECREF(found);
        PyMem_Free(digits);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < length;) {  /* numbers */
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
            PyObject *fact = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, digits + lead - 1,
                                                       count - lead + 1);
            if (append_new(found, fact) < 0)
                goto fail;
        }
        i = end;
    }
    for (Py_ssize_t i = 0; i + 2 < length; i++) {  /* names */
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
            PyObject *name = PyUnicode_Substring(text, i, end);
            if (name == NULL)
                goto fail;
            PyObject *lower = PyObject_CallMethod(name, "lower", NULL);
            Py_DECREF(name);
            if (append_new(found, lower) < 0)
                goto fail;
        }
        i = end - 1;
    }
    PyMem_Free(digits);
    return found;
fail:
    PyMem_Free(digits);
    Py_DECREF(found);
    return NULL;
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
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t size;
        const char *s = item_bytes(PySequence_Fast_GET_ITEM(seq, i), &size);
        if (s == NULL)
            goto done;
        minhash_add(sig, crc_update(0, (const unsigned char *)s, size), a.buf, b.buf, n);
    }
    result = signature_bytes(sig, n);
done:
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    Py_DECREF(seq);
    return result;
}

static PyObject *band_hashes(PyObject *self, PyObject *args)
{
    PyObject *sig_obj, *mult_obj, *salt_obj;
    Py_ssize_t bands, rows;
    if (!PyArg_ParseTuple(args, "OnnOO", &sig_obj, &bands, &rows, &mult_obj, &salt_obj))
        return NULL;
    if (bands < 0 || rows < 0) {
        PyErr_SetString(PyExc_ValueError, "negative band parameters");
        return NULL;
    }
    Py_buffer sig, mult, salt;
    if (get_buffer(sig_obj, &sig, 4, bands * rows, "sig") < 0)
        return NULL;
    if (get_buffer(mult_obj, &mult, 8, rows, "multipliers") < 0) {
        PyBuffer_Release(&sig);
        return NULL;
    }
    if (get_buffer(salt_obj, &salt, 8, bands, "salts") < 0) {
        PyBuffer_Release(&sig);
        PyBuffer_Release(&mult);
        return NULL;
    }
    const uint32_t *s = sig.buf;
    const uint64_t *m = mult.buf, *t = salt.buf;
    PyObject *out = PyList_New(bands);
    for (Py_ssize_t i = 0; out != NULL && i < bands; i++) {
        uint64_t h = 0;  /* the row values times the multipliers, mod 2^64 */
        for (Py_ssize_t j = 0; j < rows; j++)
            h += (uint64_t)s[i * rows + j] * m[j];
        PyObject *value = PyLong_FromUnsignedLongLong(h ^ t[i]);
        if (value == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, value);
    }
    PyBuffer_Release(&sig);
    PyBuffer_Release(&mult);
    PyBuffer_Release(&salt);
    return out;
}

/* lookup(hashes, keys, bands, cap, found, directory=None): the keys of each band's bucket in
 * the sorted ``hashes`` (at most its first ``cap``) added to the set ``found``. ``directory``
 * (2^bits + 1 uint64) says where the hashes of each value of the top bits start, so a band is
 * searched for among a few entries instead of all. */
static PyObject *lookup(PyObject *self, PyObject *args)
{
    PyObject *hashes_obj, *keys_obj, *bands, *found, *dir_obj = Py_None;
    Py_ssize_t cap;
    if (!PyArg_ParseTuple(args, "OOO!nO!|O", &hashes_obj, &keys_obj, &PyList_Type, &bands, &cap,
                          &PySet_Type, &found, &dir_obj))
        return NULL;
    Py_buffer hv, kv, dv = {0};
    if (get_buffer(hashes_obj, &hv, 8, 0, "hashes") < 0)
        return NULL;
    Py_ssize_t size = hv.len / 8;
    if (get_buffer(keys_obj, &kv, 4, size, "keys") < 0) {
        PyBuffer_Release(&hv);
        return NULL;
    }
    PyObject *result = NULL;
    int bits = 0;
    const uint64_t *directory = NULL;
    if (dir_obj != Py_None) {
        if (get_buffer(dir_obj, &dv, 8, 2, "directory") < 0) {
            dv.obj = NULL;
            goto done;
        }
        Py_ssize_t slots = dv.len / 8 - 1;
        while (bits < 63 && ((Py_ssize_t)1 << bits) < slots)
            bits++;
        directory = dv.buf;
        if (((Py_ssize_t)1 << bits) != slots || bits < 1 || directory[slots] != (uint64_t)size) {
            PyErr_SetString(PyExc_ValueError, "directory: 2^bits + 1 offsets ending at len(hashes)");
            goto done;
        }
    }
    const uint64_t *h = hv.buf;
    const uint32_t *k = kv.buf;
    Py_ssize_t count = PyList_GET_SIZE(bands);
    for (Py_ssize_t i = 0; i < count; i++) {
        uint64_t band = PyLong_AsUnsignedLongLong(PyList_GET_ITEM(bands, i));
        if (band == (uint64_t)-1 && PyErr_Occurred())
            goto done;
        Py_ssize_t lo = 0, hi = size;  /* the first position whose hash is >= band */
        if (directory != NULL) {
            uint64_t slot = band >> (64 - bits);
            lo = (Py_ssize_t)directory[slot];
            hi = (Py_ssize_t)directory[slot + 1];
        }
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (h[mid] < band)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (Py_ssize_t j = lo; j < size && j - lo < cap && h[j] == band; j++) {
            PyObject *key = PyLong_FromUnsignedLong(k[j]);
            if (key == NULL || PySet_Add(found, key) < 0) {
                Py_XDECREF(key);
                goto done;
            }
            Py_DECREF(key);
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&hv);
    PyBuffer_Release(&kv);
    if (dv.obj != NULL)
        PyBuffer_Release(&dv);
    return result;
}

static PyMethodDef methods[] = {
    {"text_signature", text_signature, METH_VARARGS,
     "text_signature(lowered, a, b) -> bytes: the MinHash (uint32 values) of its word 3-gram shingles."},
    {"fact_strings", fact_strings, METH_VARARGS,
     "fact_strings(text, opening, sentence_end) -> list[str]: the facts of a text, in order, repeats kept."},
    {"item_signature", item_signature, METH_VARARGS,
     "item_signature(items, a, b, num_perm) -> bytes: the first num_perm MinHash values of a set."},
    {"band_hashes", band_hashes, METH_VARARGS,
     "band_hashes(sig, b, r, multipliers, salts) -> list[int]: a signature's LSH band hashes."},
    {"lookup", lookup, METH_VARARGS,
     "lookup(hashes, keys, bands, cap, found, directory=None): add to found the first cap keys of each band's bucket."},
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
    return PyModule_Create(&module);
}
