/* audit._native_langid: py3langid's byte n-gram walk, compiled (optional).

Why: the language detector (audit/detectors.py) spends most of a call in numpy's per-call
overhead to find a text's n-gram features. This is py3langid's own loop (``visit_counts``):
one automaton step a byte, state = nextmove[rowbase[state] + byte], and the feature
out[state] counted when it is >= 0. It returns what ``_WindowedFeatures.counts`` returns:
the distinct features in order of first occurrence and how often each occurs. Integer work
only, so the result is the same, bit for bit; every float stays in numpy.

One automaton step depends on the one before, so a single walk waits on one cache miss after
another in the 39 MB transition table. The state after a byte is fixed by the last ``depth``
bytes alone (the property ``_WindowedFeatures`` is built on), so the text is cut into up to
LANES stretches walked side by side, each starting ``depth - 1`` bytes early from the root:
their misses overlap. The features are then counted in the order of the text.

The model's arrays are taken as buffers (views of the memory-mapped model file): nothing is
copied. Every step is bounds-checked, so a damaged model raises ValueError, never reads out of
bounds. The walk holds the GIL (it takes microseconds). The distinct features of a call are
found in a hash table of the call's own, a few KB sized to its text: a table of every feature
(400 KB) kept between calls missed the cache on most of its look-ups.

When this module is not built (no compiler at install time) audit runs the numpy code.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

#define LANES 8
/* finish() works on a copy of at most this many scores (py3langid: 97 classes, 54 in audit's). */
#define MAX_CLASSES 1024
/* A lane is worth its depth - 1 extra steps only over a stretch this many times longer. */
#define MIN_STRETCH_DEPTHS 2
/* gather() asks for a weight row this many rows before it copies it. */
#define ROWS_AHEAD 8

typedef struct {
    PyObject_HEAD
    Py_buffer nextmove;   /* uint32: the automaton's transition rows, 256 entries each */
    Py_buffer rows;       /* uint16 or uint32 per state: its row in nextmove */
    Py_buffer output;     /* int32 per state: its feature, or < 0 for none */
    Py_ssize_t states;
    Py_ssize_t features;  /* 1 + the largest feature */
    Py_ssize_t depth;     /* bytes that fix a state (0: unknown, walk in one lane) */
    Py_buffer ptc;        /* optional float32 (features, classes): the model's weights */
    Py_ssize_t classes;   /* ptc's columns (0 without ptc) */
    Py_buffer log1p;      /* optional float32: numpy's log1p of 0, 1, 2, ... (see gather) */
} Walker;

static int
take_buffer(PyObject *source, Py_buffer *view, Py_ssize_t itemsize, Py_ssize_t other,
            const char *name)
{
    if (PyObject_GetBuffer(source, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *format = view->format ? view->format : "B";
    if (*format == '@' || *format == '=' || *format == '<')
        format++;
    if ((view->itemsize != itemsize && view->itemsize != other) || strlen(format) != 1
        || !strchr("bBhHiIlLqQ", *format)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous buffer of %zd-byte integers",
                     name, itemsize);
        PyBuffer_Release(view);
        view->obj = NULL;
        return -1;
    }
    return 0;
}

static void
Walker_dealloc(Walker *self)
{
    if (self->nextmove.obj)
        PyBuffer_Release(&self->nextmove);
    if (self->rows.obj)
        PyBuffer_Release(&self->rows);
    if (self->output.obj)
        PyBuffer_Release(&self->output);
    if (self->ptc.obj)
        PyBuffer_Release(&self->ptc);
    if (self->log1p.obj)
        PyBuffer_Release(&self->log1p);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static inline Py_ssize_t
row_of(const Walker *self, Py_ssize_t state)
{
    if (self->rows.itemsize == 2)
        return ((const uint16_t *)self->rows.buf)[state];
    return ((const uint32_t *)self->rows.buf)[state];
}

static int
Walker_init(Walker *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"nextmove", "rows", "output", "depth", "ptc", "log1p", NULL};
    PyObject *nextmove, *rows, *output, *ptc = Py_None, *log1p = Py_None;
    Py_ssize_t depth;

    if (self->nextmove.obj || self->rows.obj || self->output.obj) {
        PyErr_SetString(PyExc_TypeError, "Walker is already initialised");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOn|OO:Walker", keywords, &nextmove, &rows,
                                     &output, &depth, &ptc, &log1p))
        return -1;
    if (take_buffer(nextmove, &self->nextmove, 4, 4, "nextmove") < 0
        || take_buffer(rows, &self->rows, 2, 4, "rows") < 0
        || take_buffer(output, &self->output, 4, 4, "output") < 0)
        return -1;

    Py_ssize_t states = self->output.len / 4;
    Py_ssize_t moves = self->nextmove.len / 4;
    const int32_t *out = (const int32_t *)self->output.buf;
    if (states < 1 || self->rows.len / self->rows.itemsize != states) {
        PyErr_SetString(PyExc_ValueError, "rows and output must have one entry per state");
        return -1;
    }
    if (depth < 0) {
        PyErr_SetString(PyExc_ValueError, "depth must be >= 0");
        return -1;
    }
    int32_t largest = -1;
    for (Py_ssize_t state = 0; state < states; state++) {
        if ((row_of(self, state) + 1) * 256 > moves) {
            PyErr_SetString(PyExc_ValueError, "a state's row lies outside nextmove");
            return -1;
        }
        if (out[state] > largest)
            largest = out[state];
    }
    if (ptc != Py_None) {
        if (PyObject_GetBuffer(ptc, &self->ptc, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_ND) < 0)
            return -1;
        const char *format = self->ptc.format ? self->ptc.format : "B";
        if (*format == '@' || *format == '=' || *format == '<')
            format++;
        if (strcmp(format, "f") != 0 || self->ptc.itemsize != 4 || self->ptc.ndim != 2
            || self->ptc.shape[1] < 1 || self->ptc.shape[0] < (Py_ssize_t)largest + 1) {
            PyErr_SetString(PyExc_ValueError, "ptc must be a C-contiguous float32 array of "
                            "(features, classes) with a row for every feature");
            return -1;
        }
        self->classes = self->ptc.shape[1];
    }
    if (log1p != Py_None) {
        if (PyObject_GetBuffer(log1p, &self->log1p, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
            return -1;
        const char *format = self->log1p.format ? self->log1p.format : "B";
        if (*format == '@' || *format == '=' || *format == '<')
            format++;
        if (strcmp(format, "f") != 0 || self->log1p.itemsize != 4) {
            PyErr_SetString(PyExc_ValueError, "log1p must be a contiguous float32 array");
            return -1;
        }
    }
    self->states = states;
    self->depth = depth;
    self->features = (Py_ssize_t)largest + 1;
    return 0;
}

/* Every byte's feature (or -1) into ``at``; 0, or -1 when the automaton leaves its states. */
static int
walk(const Walker *self, const unsigned char *bytes, Py_ssize_t size, int32_t *at)
{
    const uint32_t *nextmove = (const uint32_t *)self->nextmove.buf;
    const int32_t *output = (const int32_t *)self->output.buf;
    const uint32_t states = (uint32_t)self->states;
    Py_ssize_t lanes = LANES;
    if (self->depth < 1)
        lanes = 1;
    else if (size < lanes * MIN_STRETCH_DEPTHS * self->depth)
        lanes = size / (MIN_STRETCH_DEPTHS * self->depth);
    if (lanes < 1)
        lanes = 1;
    Py_ssize_t stretch = (size + lanes - 1) / lanes;
    Py_ssize_t pos[LANES], begin[LANES], end[LANES], steps = 0;
    uint32_t state[LANES];
    for (Py_ssize_t j = 0; j < LANES; j++) {
        state[j] = 0;
        begin[j] = j * stretch < size ? j * stretch : size;
        end[j] = begin[j] + stretch < size ? begin[j] + stretch : size;
        if (j >= lanes || begin[j] == end[j]) {  /* an unused lane */
            pos[j] = end[j];
            continue;
        }
        /* lane 0 starts at the text's start, as py3langid; the others depth - 1 bytes early */
        pos[j] = j ? begin[j] - (self->depth - 1) : 0;
        if (end[j] - pos[j] > steps)
            steps = end[j] - pos[j];
    }
    for (Py_ssize_t step = 0; step < steps; step++) {
        for (Py_ssize_t j = 0; j < LANES; j++) {
            if (pos[j] >= end[j])
                continue;
            uint32_t next = nextmove[(row_of(self, state[j]) << 8) + bytes[pos[j]]];
            if (next >= states)
                return -1;
            state[j] = next;
            if (pos[j] >= begin[j])
                at[pos[j]] = output[next];
            pos[j]++;
        }
    }
    return 0;
}

/* A hash table's slots for the distinct features of ``size`` bytes: a power of two, at least
   twice as many as there can be features (one a byte), so probes stay short. */
static Py_ssize_t
table_slots(Py_ssize_t size)
{
    Py_ssize_t slots = 64;
    while (slots < 2 * size)
        slots <<= 1;
    return slots;
}

/* The distinct features (>= 0) of at[0:size] in order of first occurrence into found[] and how
   often each occurs into times[]; returns how many. ``table`` has ``slots`` (table_slots(size))
   zeroed entries, each 0 or (feature + 1) << 32 | its index in found. */
static Py_ssize_t
distinct_features(const int32_t *at, Py_ssize_t size, int32_t *found, int64_t *times,
                  uint64_t *table, Py_ssize_t slots)
{
    const uint64_t mask = (uint64_t)slots - 1;
    const int shift = 64 - __builtin_ctzll((unsigned long long)slots);
    Py_ssize_t distinct = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        int32_t feature = at[i];
        if (feature < 0)
            continue;
        const uint64_t key = (uint64_t)(uint32_t)feature + 1;
        uint64_t h = (key * 0x9E3779B97F4A7C15ull) >> shift;  /* Fibonacci hashing */
        for (;;) {
            uint64_t entry = table[h];
            if (entry == 0) {
                table[h] = key << 32 | (uint64_t)distinct;
                found[distinct] = feature;
                times[distinct] = 1;
                distinct++;
                break;
            }
            if (entry >> 32 == key) {
                times[(uint32_t)entry]++;
                break;
            }
            h = (h + 1) & mask;
        }
    }
    return distinct;
}

/* counts(data) -> None | (features, counts): two bytes objects of native int64, the distinct
   features of the walk over ``data`` in order of first occurrence and their counts. */
static PyObject *
Walker_counts(Walker *self, PyObject *source)
{
    if (!self->nextmove.obj) {
        PyErr_SetString(PyExc_TypeError, "Walker is not initialised");
        return NULL;
    }
    Py_buffer data;
    if (PyObject_GetBuffer(source, &data, PyBUF_SIMPLE) < 0)
        return NULL;
    Py_ssize_t size = data.len;
    if (size == 0) {
        PyBuffer_Release(&data);
        Py_RETURN_NONE;
    }
    /* The features' hash table, then for each byte: the distinct feature and its count (at
       most one a byte; as int64, what is returned), its feature, the distinct feature. */
    Py_ssize_t slots = table_slots(size), distinct = 0, i;
    void *scratch = PyMem_Malloc((size_t)slots * sizeof(uint64_t)
                                 + (size_t)size * (2 * sizeof(int64_t) + 2 * sizeof(int32_t)));
    if (!scratch) {
        PyBuffer_Release(&data);
        return PyErr_NoMemory();
    }
    uint64_t *table = (uint64_t *)scratch;
    int64_t *found = (int64_t *)(table + slots);
    int64_t *times = found + size;
    int32_t *at = (int32_t *)(times + size);
    int32_t *features_found = at + size;
    int damaged = walk(self, (const unsigned char *)data.buf, size, at) < 0;
    PyBuffer_Release(&data);
    if (!damaged) {
        memset(table, 0, (size_t)slots * sizeof(uint64_t));
        distinct = distinct_features(at, size, features_found, times, table, slots);
        for (i = 0; i < distinct; i++)
            found[i] = features_found[i];
    }

    PyObject *result = NULL;
    if (damaged) {
        PyErr_SetString(PyExc_ValueError, "the automaton moved to a state it does not have");
    }
    else if (distinct == 0) {
        result = Py_NewRef(Py_None);
    }
    else {
        PyObject *features = PyBytes_FromStringAndSize((const char *)found,
                                                       distinct * (Py_ssize_t)sizeof(int64_t));
        PyObject *counts = features ? PyBytes_FromStringAndSize(
            (const char *)times, distinct * (Py_ssize_t)sizeof(int64_t)) : NULL;
        if (features && counts)
            result = PyTuple_Pack(2, features, counts);
        Py_XDECREF(features);
        Py_XDECREF(counts);
    }
    PyMem_Free(scratch);
    return result;
}

static int
float_buffer_of(PyObject *source, Py_buffer *view, const char *name, int writable)
{
    if (PyObject_GetBuffer(source, view, (writable ? PyBUF_WRITABLE : 0) | PyBUF_C_CONTIGUOUS
                                         | PyBUF_FORMAT) < 0)
        return -1;
    const char *format = view->format ? view->format : "B";
    if (*format == '@' || *format == '=' || *format == '<')
        format++;
    if (strcmp(format, "f") != 0 || view->itemsize != 4) {
        PyErr_Format(PyExc_TypeError, "%s: expected a %scontiguous float32 buffer", name,
                     writable ? "writable " : "");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static int
float_buffer(PyObject *source, Py_buffer *view, const char *name)
{
    return float_buffer_of(source, view, name, 1);
}

/* Ask for every cache line of a weight row (``classes`` floats) before it is copied. */
static inline void
prefetch_row(const float *row, Py_ssize_t classes)
{
    const char *bytes = (const char *)row;
    const Py_ssize_t size = classes * (Py_ssize_t)sizeof(float);
    for (Py_ssize_t k = 0; k < size; k += 64)
        PREFETCH(bytes + k);
    PREFETCH(bytes + size - 1);
}

/* gather(data, weights, rows) -> n: what the numpy code builds for the score from
   ``counts(data)``: the n distinct features of ``data`` in order of first occurrence, their
   weights into weights[:n] and their rows of ptc into rows[:n] (``ptc.take(features,
   axis=0)``). Copies and integer counts only: the same values, bit for bit. Each row is
   prefetched ROWS_AHEAD rows before it is copied (measured: ~20% cheaper than prefetching
   every feature's row during the walk, whose own cache misses then waited behind them). The weights are
   ``np.log1p(counts.astype(np.float32))`` looked up in the Walker's log1p table (numpy's own
   values for each count), and n is returned; when a count is past the table (or there is no
   table), they are the counts as float32 and -n is returned: the caller applies np.log1p. */
static PyObject *
Walker_gather(Walker *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (!self->nextmove.obj || !self->ptc.obj) {
        PyErr_SetString(PyExc_TypeError, "Walker was not given ptc");
        return NULL;
    }
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "gather(data, weights, rows) takes 3 arguments");
        return NULL;
    }
    Py_buffer data, weights, rows;
    if (PyObject_GetBuffer(args[0], &data, PyBUF_SIMPLE) < 0)
        return NULL;
    if (float_buffer(args[1], &weights, "weights") < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    if (float_buffer(args[2], &rows, "rows") < 0) {
        PyBuffer_Release(&weights);
        PyBuffer_Release(&data);
        return NULL;
    }
    Py_ssize_t size = data.len, classes = self->classes, distinct, i;
    PyObject *result = NULL;
    void *scratch = NULL;
    if (weights.len < size * 4 || rows.len / 4 / classes < size) {
        PyErr_SetString(PyExc_ValueError, "gather: weights and rows need room for one "
                        "feature a byte of data");
        goto done;
    }
    if (size == 0) {
        result = PyLong_FromSsize_t(0);
        goto done;
    }
    /* The features' hash table, then for each byte: a distinct feature's count, its feature,
       a distinct feature. */
    Py_ssize_t slots = table_slots(size);
    scratch = PyMem_Malloc((size_t)slots * sizeof(uint64_t)
                           + (size_t)size * (sizeof(int64_t) + 2 * sizeof(int32_t)));
    if (!scratch) {
        PyErr_NoMemory();
        goto done;
    }
    uint64_t *table = (uint64_t *)scratch;
    int64_t *times = (int64_t *)(table + slots);
    int32_t *at = (int32_t *)(times + size);
    int32_t *found = at + size;
    if (walk(self, (const unsigned char *)data.buf, size, at) < 0) {
        PyErr_SetString(PyExc_ValueError, "the automaton moved to a state it does not have");
        goto done;
    }
    memset(table, 0, (size_t)slots * sizeof(uint64_t));
    distinct = distinct_features(at, size, found, times, table, slots);
    const float *ptc = (const float *)self->ptc.buf;
    float *out = (float *)rows.buf;
    for (i = 0; i < distinct && i < ROWS_AHEAD; i++)
        prefetch_row(ptc + (Py_ssize_t)found[i] * classes, classes);
    for (i = 0; i < distinct; i++) {
        if (i + ROWS_AHEAD < distinct)
            prefetch_row(ptc + (Py_ssize_t)found[i + ROWS_AHEAD] * classes, classes);
        memcpy(out + i * classes, ptc + (Py_ssize_t)found[i] * classes,
               (size_t)classes * sizeof(float));
    }
    float *counts = (float *)weights.buf;
    const float *log1p = (const float *)self->log1p.buf;
    Py_ssize_t log1p_size = self->log1p.obj ? self->log1p.len / 4 : 0;
    int looked_up = 1;
    for (i = 0; i < distinct; i++) {
        if (times[i] >= log1p_size)
            looked_up = 0;
    }
    for (i = 0; i < distinct; i++)
        counts[i] = looked_up ? log1p[times[i]] : (float)times[i];
    result = PyLong_FromSsize_t(looked_up ? distinct : -distinct);
done:
    PyMem_Free(scratch);
    PyBuffer_Release(&rows);
    PyBuffer_Release(&weights);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef Walker_methods[] = {
    {"gather", (PyCFunction)(void (*)(void))Walker_gather, METH_FASTCALL,
     "gather(data, weights, rows) -> n: the n distinct features of ``data`` in order of first "
     "occurrence, log1p of their counts into weights[:n] (from the Walker's table; -n: the "
     "counts themselves) and their rows of ptc into rows[:n] (float32; room for one feature a "
     "byte needed)."},
    {"counts", (PyCFunction)Walker_counts, METH_O,
     "counts(data) -> None or (features, counts): the distinct n-gram features of the bytes "
     "``data`` in order of first occurrence and their counts, as bytes of native int64."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WalkerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "audit._native_langid.Walker",
    .tp_doc = PyDoc_STR("Walker(nextmove, rows, output, depth): py3langid's byte automaton "
                        "over the model's arrays (uint32 transitions, uint16/uint32 rows, int32 "
                        "outputs; depth: bytes that fix a state, 0 if unknown), not copied."),
    .tp_basicsize = sizeof(Walker),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Walker_init,
    .tp_dealloc = (destructor)Walker_dealloc,
    .tp_methods = Walker_methods,
};

/* --- Screen: how many of a paragraph's words are among a language's commonest ------------

audit/language.py screens each paragraph before detecting it: the share of its words that are
among the article language's commonest words. For ASCII text its words are
``text.encode().lower().translate(non-letters to spaces).split()``: the runs of ASCII letters,
lower-cased. Screen(words) holds the words (bytes) in a small open-addressing table;
count(text) walks a str's characters in place and returns (words, hits) with no word
object made: the same two integers as ``len(tokens)`` and ``sum(map(common.__contains__,
tokens))``. Text past ASCII whose only characters past ASCII are no letters (dashes, curly
quotes, no-break spaces: ``_WORD`` parts words there) is counted the same way; text with a
letter past ASCII returns None: Python splits it (Unicode letters, Unicode lower-casing). */

typedef struct {
    PyObject_HEAD
    char *pool;           /* the words' bytes, one after another */
    Py_ssize_t *offset;   /* per table slot: the word's offset in pool, or -1 for an empty slot */
    Py_ssize_t *length;   /* per table slot: the word's length */
    uint64_t *hash;       /* per table slot: the word's hash */
    Py_ssize_t slots;     /* a power of two, at least twice the words */
} Screen;

static inline uint64_t
screen_hash_step(uint64_t hash, unsigned char byte)
{
    return (hash ^ byte) * 0x100000001b3ull;  /* FNV-1a */
}

#define SCREEN_HASH_START 0xcbf29ce484222325ull

static void
Screen_dealloc(Screen *self)
{
    PyMem_Free(self->pool);
    PyMem_Free(self->offset);
    PyMem_Free(self->length);
    PyMem_Free(self->hash);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The slot of the word (bytes, length, hash): where it is, or the empty slot it would take. */
static Py_ssize_t
screen_find(const Screen *self, const char *bytes, Py_ssize_t length, uint64_t hash)
{
    Py_ssize_t mask = self->slots - 1, at = (Py_ssize_t)(hash & (uint64_t)mask);
    while (self->offset[at] >= 0) {
        if (self->hash[at] == hash && self->length[at] == length
            && memcmp(self->pool + self->offset[at], bytes, (size_t)length) == 0)
            return at;
        at = (at + 1) & mask;
    }
    return at;
}

static int
Screen_init(Screen *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"words", NULL};
    PyObject *source;
    if (self->offset) {
        PyErr_SetString(PyExc_TypeError, "Screen is already initialised");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Screen", keywords, &source))
        return -1;
    PyObject *words = PySequence_Fast(source, "Screen(words): words must be an iterable of bytes");
    if (!words)
        return -1;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(words), total = 0, i;
    for (i = 0; i < count; i++) {
        PyObject *word = PySequence_Fast_GET_ITEM(words, i);
        if (!PyBytes_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "Screen(words): every word must be bytes");
            Py_DECREF(words);
            return -1;
        }
        total += PyBytes_GET_SIZE(word);
    }
    Py_ssize_t slots = 16;
    while (slots < 2 * count)
        slots <<= 1;
    self->pool = PyMem_Malloc((size_t)(total ? total : 1));
    self->offset = PyMem_Malloc((size_t)slots * sizeof(Py_ssize_t));
    self->length = PyMem_Malloc((size_t)slots * sizeof(Py_ssize_t));
    self->hash = PyMem_Malloc((size_t)slots * sizeof(uint64_t));
    if (!self->pool || !self->offset || !self->length || !self->hash) {
        Py_DECREF(words);
        PyErr_NoMemory();
        return -1;
    }
    self->slots = slots;
    for (i = 0; i < slots; i++)
        self->offset[i] = -1;
    Py_ssize_t used = 0;
    for (i = 0; i < count; i++) {
        PyObject *word = PySequence_Fast_GET_ITEM(words, i);
        const char *bytes = PyBytes_AS_STRING(word);
        Py_ssize_t length = PyBytes_GET_SIZE(word);
        uint64_t hash = SCREEN_HASH_START;
        for (Py_ssize_t k = 0; k < length; k++)
            hash = screen_hash_step(hash, (unsigned char)bytes[k]);
        Py_ssize_t at = screen_find(self, bytes, length, hash);
        if (self->offset[at] >= 0)
            continue;  /* a word given twice */
        memcpy(self->pool + used, bytes, (size_t)length);
        self->offset[at] = used;
        self->length[at] = length;
        self->hash[at] = hash;
        used += length;
    }
    Py_DECREF(words);
    return 0;
}

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE int
is_ascii_letter(Py_UCS4 c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The words (runs of ASCII letters) of the ``size`` characters of ``kind`` at ``data`` and
   how many of them, lower-cased, are the Screen's; 0, or -1 (nothing counted) when a
   character past ASCII is a letter as ``_WORD`` ([^\W\d_]) reads it: such text is Python's. A
   character past ASCII that is no letter (a dash, a curly quote, a no-break space) parts words
   as a space does. Inlined with a constant ``kind``: one loop for each width. */
static ALWAYS_INLINE int
screen_words(const Screen *self, int kind, const void *data, Py_ssize_t size,
             Py_ssize_t *words_out, Py_ssize_t *hits_out)
{
    Py_ssize_t i = 0, words = 0, hits = 0;
    char word[64];
    while (i < size) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!is_ascii_letter(c)) {
            if (c >= 0x80 && Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c))
                return -1;
            i++;
            continue;
        }
        Py_ssize_t start = i, length;
        uint64_t hash = SCREEN_HASH_START;
        for (; i < size && is_ascii_letter(c = PyUnicode_READ(kind, data, i)); i++) {
            unsigned char lower = (unsigned char)(c | 0x20);
            if (i - start < (Py_ssize_t)sizeof(word))
                word[i - start] = (char)lower;
            hash = screen_hash_step(hash, lower);
        }
        length = i - start;
        words++;
        if (length <= (Py_ssize_t)sizeof(word)) {
            if (self->offset[screen_find(self, word, length, hash)] >= 0)
                hits++;
            continue;
        }
        /* a word longer than the buffer: compared from the text, lower-cased */
        Py_ssize_t mask = self->slots - 1, at = (Py_ssize_t)(hash & (uint64_t)mask);
        for (; self->offset[at] >= 0; at = (at + 1) & mask) {
            if (self->hash[at] != hash || self->length[at] != length)
                continue;
            const char *stored = self->pool + self->offset[at];
            Py_ssize_t k = 0;
            while (k < length
                   && stored[k] == (char)(PyUnicode_READ(kind, data, start + k) | 0x20))
                k++;
            if (k == length) {
                hits++;
                break;
            }
        }
    }
    *words_out = words;
    *hits_out = hits;
    return 0;
}

/* count(text) -> None | (words, hits) */
static PyObject *
Screen_count(Screen *self, PyObject *text)
{
    if (!self->offset) {
        PyErr_SetString(PyExc_TypeError, "Screen is not initialised");
        return NULL;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "count(text): text must be a str");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text), words, hits;
    int found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        found = screen_words(self, PyUnicode_1BYTE_KIND, data, size, &words, &hits);
        break;
    case PyUnicode_2BYTE_KIND:
        found = screen_words(self, PyUnicode_2BYTE_KIND, data, size, &words, &hits);
        break;
    default:
        found = screen_words(self, PyUnicode_4BYTE_KIND, data, size, &words, &hits);
        break;
    }
    if (found < 0)
        Py_RETURN_NONE;
    return Py_BuildValue("(nn)", words, hits);
}

static PyMethodDef Screen_methods[] = {
    {"count", (PyCFunction)Screen_count, METH_O,
     "count(text) -> None or (words, hits): how many words (runs of ASCII letters) a str has "
     "and how many of them, lower-cased, are among the Screen's words; None when a character "
     "past ASCII is a letter."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScreenType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "audit._native_langid.Screen",
    .tp_doc = PyDoc_STR("Screen(words): a set of words (bytes) to count in ASCII text "
                        "(audit.language's paragraph screening)."),
    .tp_basicsize = sizeof(Screen),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Screen_init,
    .tp_dealloc = (destructor)Screen_dealloc,
    .tp_methods = Screen_methods,
};

/* The score's steps after the matrix product, as numpy's float32 operations do them (one
   IEEE operation each, in the same order: the same bits; no contraction into fused multiply-
   adds, see setup.py). None, with nothing written, when a value is NaN: numpy's max and argmax
   have their own rules for it (and for infinities), so the caller takes numpy's path. */
static int
scores_buffer(PyObject *source, Py_buffer *view)
{
    if (float_buffer(source, view, "scores") < 0)
        return -1;
    if (view->len < 4) {
        PyErr_SetString(PyExc_ValueError, "scores must not be empty");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* finish(scores, pc, size) -> bool: ``scores += pc; scores *= 1.0 / math.sqrt(size or 1);
   scores -= scores.max()`` (the Python float is a float32 to numpy, NEP 50). */
static PyObject *
native_finish(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "finish(scores, pc, size) takes 3 arguments");
        return NULL;
    }
    Py_ssize_t size = PyLong_AsSsize_t(args[2]);
    if (size == -1 && PyErr_Occurred())
        return NULL;
    Py_buffer scores, pc;
    if (scores_buffer(args[0], &scores) < 0)
        return NULL;
    if (float_buffer_of(args[1], &pc, "pc", 0) < 0) {  /* read-only: the mapped model's */
        PyBuffer_Release(&scores);
        return NULL;
    }
    PyObject *result = NULL;
    if (pc.len != scores.len) {
        PyErr_SetString(PyExc_TypeError, "pc must be as long as scores");
        goto done;
    }
    Py_ssize_t n = scores.len / 4, j;
    float *value = (float *)scores.buf;
    const float *prior = (const float *)pc.buf;
    float scaled[MAX_CLASSES];
    if (n > MAX_CLASSES) {
        result = Py_NewRef(Py_False);
        goto done;
    }
    volatile float scale = (float)(1.0 / sqrt((double)(size ? size : 1)));
    float largest = 0.0f;
    for (j = 0; j < n; j++) {
        volatile float sum = value[j] + prior[j];
        volatile float product = sum * scale;
        scaled[j] = product;
        if (!isfinite(scaled[j])) {  /* NaN or infinity: numpy's rules, not ours */
            result = Py_NewRef(Py_False);
            goto done;
        }
        if (j == 0 || scaled[j] > largest)
            largest = scaled[j];
    }
    for (j = 0; j < n; j++) {
        volatile float shifted = scaled[j] - largest;
        value[j] = shifted;
    }
    result = Py_NewRef(Py_True);
done:
    PyBuffer_Release(&pc);
    PyBuffer_Release(&scores);
    return result;
}

/* pick(scores, total) -> None | (best, probability): ``scores /= total; best =
   scores.argmax()`` (the first largest) and ``float(scores[best])``, without writing. */
static PyObject *
native_pick(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "pick(scores, total) takes 2 arguments");
        return NULL;
    }
    double total_double = PyFloat_AsDouble(args[1]);
    if (total_double == -1.0 && PyErr_Occurred())
        return NULL;
    Py_buffer scores;
    if (scores_buffer(args[0], &scores) < 0)
        return NULL;
    const float total = (float)total_double;  /* a float32 sum: exact */
    const float *value = (const float *)scores.buf;
    Py_ssize_t n = scores.len / 4, best = 0, j;
    float top = 0.0f;
    PyObject *result = NULL;
    for (j = 0; j < n; j++) {
        volatile float share = value[j] / total;
        if (isnan(share)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        if (j == 0 || share > top) {
            top = share;
            best = j;
        }
    }
    result = Py_BuildValue("(nd)", best, (double)top);
done:
    PyBuffer_Release(&scores);
    return result;
}

static PyMethodDef module_methods[] = {
    {"finish", (PyCFunction)(void (*)(void))native_finish, METH_FASTCALL,
     "finish(scores, pc, size) -> bool: scores += pc; scores *= 1.0 / sqrt(size or 1); "
     "scores -= scores.max(), in float32 as numpy does them; False (nothing written) on NaN."},
    {"pick", (PyCFunction)(void (*)(void))native_pick, METH_FASTCALL,
     "pick(scores, total) -> None or (best, probability): the first largest of scores / total "
     "(float32) and its value; None on NaN."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "audit._native_langid",
    .m_methods = module_methods,
    .m_doc = "py3langid's byte n-gram walk, compiled (optional; audit.detectors falls back "
             "to numpy without it).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__native_langid(void)
{
    if (PyType_Ready(&WalkerType) < 0 || PyType_Ready(&ScreenType) < 0)
        return NULL;
    PyObject *mod = PyModule_Create(&module);
    if (!mod)
        return NULL;
    Py_INCREF(&WalkerType);
    if (PyModule_AddObject(mod, "Walker", (PyObject *)&WalkerType) < 0) {
        Py_DECREF(&WalkerType);
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(&ScreenType);
    if (PyModule_AddObject(mod, "Screen", (PyObject *)&ScreenType) < 0) {
        Py_DECREF(&ScreenType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
