/* audit._native_stories: the per-article arithmetic of audit/stories.py, compiled.
 *
 * Optional (setup.py builds it with optional=True): audit/stories.py keeps the pure-Python/numpy
 * code each function here replaces and uses it when this module is missing or AUDIT_NATIVE=0.
 * The outputs are the same bit for bit (tests/test_stories.py compares the two):
 *
 *   text_signature(words, a, b)         MinHash of the word 3-gram shingles of ``words``
 *   item_signature(items, a, b, n)      the first n MinHash values of a set of str/bytes items
 *   band_hashes(sig, b, r, mult, salts) the LSH band hashes of a signature
 *   lookup(hashes, keys, bands, cap, found)  the keys of the sorted buckets of ``bands``
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

static PyObject *text_signature(PyObject *self, PyObject *args)
{
    PyObject *words, *a_obj, *b_obj;
    if (!PyArg_ParseTuple(args, "O!OO", &PyList_Type, &words, &a_obj, &b_obj))
        return NULL;
    Py_buffer a, b;
    if (get_buffer(a_obj, &a, 4, 1, "a") < 0)
        return NULL;
    Py_ssize_t n = a.len / 4;
    if (n > MAX_PERM || get_buffer(b_obj, &b, 4, n, "b") < 0) {
        if (n > MAX_PERM)
            PyErr_SetString(PyExc_ValueError, "too many permutations");
        PyBuffer_Release(&a);
        return NULL;
    }
    uint32_t sig[MAX_PERM];
    minhash_reset(sig, n);
    PyObject *result = NULL;
    Py_ssize_t count = PyList_GET_SIZE(words);
    static const unsigned char space = ' ';
    if (count > 0 && count < 3) {  /* one item: the words joined by spaces */
        uint32_t crc = 0;
        for (Py_ssize_t i = 0; i < count; i++) {
            Py_ssize_t size;
            const char *s = item_bytes(PyList_GET_ITEM(words, i), &size);
            if (s == NULL)
                goto done;
            if (i)
                crc = crc_update(crc, &space, 1);
            crc = crc_update(crc, (const unsigned char *)s, size);
        }
        minhash_add(sig, crc, a.buf, b.buf, n);
    } else if (count >= 3) {  /* each run of three words, joined by spaces */
        const char *s[3];
        Py_ssize_t size[3];
        for (Py_ssize_t i = 0; i < count; i++) {
            s[i % 3] = item_bytes(PyList_GET_ITEM(words, i), &size[i % 3]);
            if (s[i % 3] == NULL)
                goto done;
            if (i < 2)
                continue;
            uint32_t crc = 0;
            for (Py_ssize_t k = i - 2; k <= i; k++) {
                if (k > i - 2)
                    crc = crc_update(crc, &space, 1);
                crc = crc_update(crc, (const unsigned char *)s[k % 3], size[k % 3]);
            }
            minhash_add(sig, crc, a.buf, b.buf, n);
        }
    }
    result = signature_bytes(sig, n);
done:
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
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

static PyObject *lookup(PyObject *self, PyObject *args)
{
    PyObject *hashes_obj, *keys_obj, *bands, *found;
    Py_ssize_t cap;
    if (!PyArg_ParseTuple(args, "OOO!nO!", &hashes_obj, &keys_obj, &PyList_Type, &bands, &cap,
                          &PySet_Type, &found))
        return NULL;
    Py_buffer hv, kv;
    if (get_buffer(hashes_obj, &hv, 8, 0, "hashes") < 0)
        return NULL;
    Py_ssize_t size = hv.len / 8;
    if (get_buffer(keys_obj, &kv, 4, size, "keys") < 0) {
        PyBuffer_Release(&hv);
        return NULL;
    }
    const uint64_t *h = hv.buf;
    const uint32_t *k = kv.buf;
    PyObject *result = NULL;
    Py_ssize_t count = PyList_GET_SIZE(bands);
    for (Py_ssize_t i = 0; i < count; i++) {
        uint64_t band = PyLong_AsUnsignedLongLong(PyList_GET_ITEM(bands, i));
        if (band == (uint64_t)-1 && PyErr_Occurred())
            goto done;
        Py_ssize_t lo = 0, hi = size;  /* the first position whose hash is >= band */
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
    return result;
}

static PyMethodDef methods[] = {
    {"text_signature", text_signature, METH_VARARGS,
     "text_signature(words, a, b) -> bytes: the MinHash (uint32 values) of the word 3-gram shingles."},
    {"item_signature", item_signature, METH_VARARGS,
     "item_signature(items, a, b, num_perm) -> bytes: the first num_perm MinHash values of a set."},
    {"band_hashes", band_hashes, METH_VARARGS,
     "band_hashes(sig, b, r, multipliers, salts) -> list[int]: a signature's LSH band hashes."},
    {"lookup", lookup, METH_VARARGS,
     "lookup(hashes, keys, bands, cap, found): add to found the first cap keys of each band's bucket."},
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
