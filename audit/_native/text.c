/* audit._native_text: the tokenisation of audit/text.py, compiled.
 *
 * Optional (setup.py builds it with optional=True): audit/text.py keeps the pure-Python code
 * each function here replaces and uses it when this module is missing or AUDIT_NATIVE=0.
 * The outputs are the same, offsets and strings (tests/test_text_native.py compares the two):
 *
 *   words(text, Segment)    the word tokens of text.words: \w+(?:[-'’.]\w+)*
 *   word_runs(text)         the frozenset of the \w+ runs of text.word_runs
 *   unlisted(tokens, sets)  the indices of text.unlisted: tokens whose text is in no set
 *   may_double(text)        False only where punctuation.doubled_word's pattern cannot match
 *   split_line(text, start, end, out, Segment, abbreviations, abbreviations_lower)
 *                           the sentences of one line, as text._split_line appends them
 *
 * A word character is what the regular expression engine calls one (\w on str): a character
 * that str.isalnum() accepts, or "_". The Python C API's Py_UNICODE_ISALNUM is the very test
 * both use, so letters, digits and numerals of every script (CJK, Arabic, Cyrillic, Turkish
 * dotted and dotless i, combining-free or not) are classed alike.
 *
 * Why: a Python loop, or a match object per word, costs more than the rest of the split.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline int is_ascii_letter(Py_UCS4 ch)
{
    return ((ch | 0x20) - 'a') < 26u;
}

static inline int is_word(Py_UCS4 ch)
{
    if (ch < 128)  /* the common case, without a look-up in the Unicode database */
        return is_ascii_letter(ch) || (ch - '0') < 10u || ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}

/* The characters that join two runs of word characters into one token ("well-being",
 * "Egypt's", "Egypt’s", "U.S"). */
static inline int is_joiner(Py_UCS4 ch)
{
    return ch == '-' || ch == '\'' || ch == 0x2019 || ch == '.';
}

/* A tuple subclass instance (a typing.NamedTuple) holding (start, end, word); steals nothing.
 * It holds two ints and a str, so it can be in no reference cycle but through its class (a
 * module-level class, never collected): it is taken off the garbage collector's list, which
 * CPython does itself for plain tuples of atoms but not for a subclass's. */
static PyObject *make_segment(PyTypeObject *type, Py_ssize_t start, Py_ssize_t end,
                              PyObject *word)
{
    PyObject *seg = type->tp_alloc(type, 3);
    if (seg == NULL)
        return NULL;
    PyObject *a = PyLong_FromSsize_t(start), *b = PyLong_FromSsize_t(end);
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(seg);
        return NULL;
    }
    Py_INCREF(word);
    PyTuple_SET_ITEM(seg, 0, a);
    PyTuple_SET_ITEM(seg, 1, b);
    PyTuple_SET_ITEM(seg, 2, word);
    if (PyObject_IS_GC(seg))
        PyObject_GC_UnTrack(seg);
    return seg;
}

/* Append Segment(start, end, text[start:end]) to out; -1 on an error. */
static int append_segment(PyObject *out, PyTypeObject *type, PyObject *text, Py_ssize_t start,
                          Py_ssize_t end)
{
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (word == NULL)
        return -1;
    PyObject *seg = make_segment(type, start, end, word);
    Py_DECREF(word);
    if (seg == NULL)
        return -1;
    int failed = PyList_Append(out, seg);
    Py_DECREF(seg);
    return failed;
}

/* The end of the run of word characters from i (i itself when text[i] is none). */
static inline Py_ssize_t run_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    while (i < n && is_word(PyUnicode_READ(kind, data, i)))
        i++;
    return i;
}

/* The start of the next run of word characters at or after i (n when there is none). */
static inline Py_ssize_t next_run(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    while (i < n && !is_word(PyUnicode_READ(kind, data, i)))
        i++;
    return i;
}

static PyObject *words(PyObject *self, PyObject *args)
{
    PyObject *text;
    PyTypeObject *type;
    if (!PyArg_ParseTuple(args, "UO!:words", &text, &PyType_Type, &type))
        return NULL;
    if (!PyType_IsSubtype(type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "words: Segment must be a tuple subclass");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = next_run(kind, data, n, 0); i < n; i = next_run(kind, data, n, i)) {
        Py_ssize_t start = i;
        i = run_end(kind, data, n, i);
        /* (?:[-'’.]\w+)*: a joiner continues the token only before a word character */
        while (i + 1 < n && is_joiner(PyUnicode_READ(kind, data, i))
               && is_word(PyUnicode_READ(kind, data, i + 1)))
            i = run_end(kind, data, n, i + 1);
        if (append_segment(out, type, text, start, i) < 0)
            goto error;
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

static PyObject *word_runs(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "word_runs: a str is required");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    /* filled before any other code sees it, as PySet_Add allows for a new frozenset */
    PyObject *runs = PyFrozenSet_New(NULL);
    if (runs == NULL)
        return NULL;
    for (Py_ssize_t i = next_run(kind, data, n, 0); i < n; i = next_run(kind, data, n, i)) {
        Py_ssize_t start = i;
        i = run_end(kind, data, n, i);
        PyObject *run = PyUnicode_Substring(arg, start, i);
        if (run == NULL || PySet_Add(runs, run) < 0) {
            Py_XDECREF(run);
            Py_DECREF(runs);
            return NULL;
        }
        Py_DECREF(run);
    }
    return runs;
}

static PyObject *unlisted(PyObject *self, PyObject *args)
{
    PyObject *tokens, *sets;
    if (!PyArg_ParseTuple(args, "O!O!:unlisted", &PyList_Type, &tokens, &PyTuple_Type, &sets))
        return NULL;
    Py_ssize_t nsets = PyTuple_GET_SIZE(sets);
    for (Py_ssize_t s = 0; s < nsets; s++) {
        if (!PyAnySet_Check(PyTuple_GET_ITEM(sets, s))) {
            PyErr_SetString(PyExc_TypeError, "unlisted: sets must be sets or frozensets");
            return NULL;
        }
    }
    PyObject *out = PyList_New(0);
    /* each spelling's answer, for its repeats: a small table, where the sets are large ones
     * whose look-ups miss the processor's caches */
    PyObject *answers = PyDict_New();
    if (out == NULL || answers == NULL)
        goto error;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(tokens); k++) {
        PyObject *seg = PyList_GET_ITEM(tokens, k);
        if (!PyTuple_Check(seg) || PyTuple_GET_SIZE(seg) < 3) {
            PyErr_SetString(PyExc_TypeError, "unlisted: tokens must be (start, end, text) tuples");
            goto error;
        }
        PyObject *word = PyTuple_GET_ITEM(seg, 2);
        Py_INCREF(word);  /* a str subclass's __eq__ could change the list meanwhile */
        PyObject *known = PyDict_GetItemWithError(answers, word);
        int listed = known == NULL ? 0 : known == Py_True;
        if (known == NULL && !PyErr_Occurred()) {
            for (Py_ssize_t s = 0; s < nsets && !listed; s++)
                listed = PySet_Contains(PyTuple_GET_ITEM(sets, s), word);
            if (listed >= 0 && PyDict_SetItem(answers, word, listed ? Py_True : Py_False) < 0)
                listed = -1;
        }
        else if (known == NULL)
            listed = -1;
        Py_DECREF(word);
        if (listed < 0)
            goto error;
        if (listed)
            continue;
        PyObject *index = PyLong_FromSsize_t(k);
        if (index == NULL || PyList_Append(out, index) < 0) {
            Py_XDECREF(index);
            goto error;
        }
        Py_DECREF(index);
    }
    Py_DECREF(answers);
    return out;
error:
    Py_XDECREF(out);
    Py_XDECREF(answers);
    return NULL;
}

/* A character of a word of doubled-word's pattern: a letter ([^\W\d_]) or an inner - ' ’. */
static inline int in_word(Py_UCS4 ch)
{
    if (ch < 128)
        return is_ascii_letter(ch) || ch == '-' || ch == '\'';
    return ch == 0x2019 || (Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch));
}

/* A character of the pattern's separator: [ \t\u00a0], \r, \n. */
static inline int in_gap(Py_UCS4 ch)
{
    return ch == ' ' || ch == '\t' || ch == 0xa0 || ch == '\r' || ch == '\n';
}

/* Two characters that the pattern's case-insensitive back-reference may take as the same:
 * ASCII letters equal but for case; any non-ASCII character may equal anything (the test
 * need only never say no where the pattern says yes). */
static inline int may_equal(Py_UCS4 a, Py_UCS4 b)
{
    if (a >= 128 || b >= 128)
        return 1;
    if (a >= 'A' && a <= 'Z')
        a += 'a' - 'A';
    if (b >= 'A' && b <= 'Z')
        b += 'a' - 'A';
    return a == b;
}

/* Can doubled-word's pattern (audit/checks/punctuation.py _DOUBLED) match in text? Its first
 * word must be the whole run of word characters (letters, - ' ’) that ends right before a
 * gap of spaces and line breaks (the character before it may be none of them), and the
 * second the whole run right after the gap (the character after it may be none of them): so
 * a match needs two such runs, of one length, equal but for case. False: no match at all. */
static PyObject *may_double(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "may_double: a str is required");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    Py_ssize_t q = 1;
    while (q < n) {
        if (!in_gap(PyUnicode_READ(kind, data, q)) || !in_word(PyUnicode_READ(kind, data, q - 1))) {
            q++;
            continue;
        }
        Py_ssize_t p = q - 1, r = q;
        while (p > 0 && in_word(PyUnicode_READ(kind, data, p - 1)))
            p--;
        while (r < n && in_gap(PyUnicode_READ(kind, data, r)))
            r++;
        Py_ssize_t len = q - p, e = r;
        while (e < n && e - r <= len && in_word(PyUnicode_READ(kind, data, e)))
            e++;
        if (e - r == len && (e == n || !in_word(PyUnicode_READ(kind, data, e)))) {
            Py_ssize_t k = 0;
            while (k < len && may_equal(PyUnicode_READ(kind, data, p + k),
                                        PyUnicode_READ(kind, data, r + k)))
                k++;
            if (k == len)
                Py_RETURN_TRUE;
        }
        q = r + 1;
    }
    Py_RETURN_FALSE;
}

/* --- sentences ------------------------------------------------------------------------- */

static inline int is_terminal(Py_UCS4 ch)        /* [.!?…] */
{
    return ch == '.' || ch == '!' || ch == '?' || ch == 0x2026;
}

static inline int is_closer(Py_UCS4 ch)          /* ["'”’»)\]] */
{
    return ch == '"' || ch == '\'' || ch == 0x201d || ch == 0x2019 || ch == 0xbb
        || ch == ')' || ch == ']';
}

static inline int is_opener(Py_UCS4 ch)          /* ["'“‘«(\[] */
{
    return ch == '"' || ch == '\'' || ch == 0x201c || ch == 0x2018 || ch == 0xab
        || ch == '(' || ch == '[';
}

static inline int starts_sentence(Py_UCS4 ch)    /* [A-Z0-9\u00C0-\u024F] */
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || (ch >= 0xc0 && ch <= 0x24f);
}

/* _TRAILING_PARENTHETICAL.match(line, i): \([^()\n]{1,80}\)[\s.]*$ up to the line's end. */
static int trailing_parenthetical(int kind, const void *data, Py_ssize_t i, Py_ssize_t end)
{
    if (i >= end || PyUnicode_READ(kind, data, i) != '(')
        return 0;
    Py_ssize_t k = i + 1;
    while (k < end && k - (i + 1) <= 80) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        if (ch == '(' || ch == ')' || ch == '\n')
            break;
        k++;
    }
    if (k >= end || k == i + 1 || k - (i + 1) > 80 || PyUnicode_READ(kind, data, k) != ')')
        return 0;
    for (k++; k < end; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        if (ch != '.' && !Py_UNICODE_ISSPACE(ch))
            return 0;
    }
    return 1;
}

/* _is_abbreviation(text[floor:dot + 1]): the run of word characters and dots that ends with
 * the full stop at ``dot``, without its dots, is an initial or a listed abbreviation. */
static int abbreviation(PyObject *text, int kind, const void *data, Py_ssize_t floor,
                        Py_ssize_t dot, PyObject *listed, PyObject *listed_lower)
{
    Py_ssize_t first = dot + 1;
    while (first > floor) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, first - 1);
        if (ch != '.' && ch != '_' && !Py_UNICODE_ISALNUM(ch))
            break;
        first--;
    }
    Py_ssize_t last = dot + 1;   /* .rstrip(".") */
    while (last > first && PyUnicode_READ(kind, data, last - 1) == '.')
        last--;
    if (last == first)
        return 0;
    if (last - first == 1 && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, first)))
        return 1;   /* an initial: "J. Smith" */
    PyObject *word = PyUnicode_Substring(text, first, last);
    if (word == NULL)
        return -1;
    int found = PySet_Contains(listed, word);
    if (found == 0) {
        PyObject *lower = PyObject_CallMethod(word, "lower", NULL);
        found = lower == NULL ? -1 : PySet_Contains(listed_lower, lower);
        Py_XDECREF(lower);
    }
    Py_DECREF(word);
    return found;
}

/* text._append_stripped: the segment text[start:end] without the whitespace at its sides. */
static int append_stripped(PyObject *out, PyTypeObject *type, PyObject *text, int kind,
                           const void *data, Py_ssize_t start, Py_ssize_t end)
{
    while (start < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (start >= end)
        return 0;
    return append_segment(out, type, text, start, end);
}

/* text._split_line: each candidate boundary of _BOUNDARY (a run of terminal marks that no
 * mark precedes, closing quotes or brackets, then whitespace) inside the line splits it when
 * what follows opens a sentence, is not a trailing parenthetical, and the mark is not the
 * full stop of an abbreviation or initial. */
static PyObject *split_line(PyObject *self, PyObject *args)
{
    PyObject *text, *out, *listed, *listed_lower;
    Py_ssize_t start, end;
    PyTypeObject *type;
    if (!PyArg_ParseTuple(args, "UnnO!O!O!O!:split_line", &text, &start, &end, &PyList_Type,
                          &out, &PyType_Type, &type, &PyFrozenSet_Type, &listed,
                          &PyFrozenSet_Type, &listed_lower))
        return NULL;
    if (!PyType_IsSubtype(type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "split_line: Segment must be a tuple subclass");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (start < 0 || end > n || start > end) {
        PyErr_SetString(PyExc_IndexError, "split_line: the line is not inside the text");
        return NULL;
    }
    Py_ssize_t sent_start = start, i = start;
    while (i < end) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!is_terminal(ch) || (i > start && is_terminal(PyUnicode_READ(kind, data, i - 1)))) {
            i++;
            continue;
        }
        Py_ssize_t marks = i, closers, space, after;
        for (closers = marks; closers < end && is_terminal(PyUnicode_READ(kind, data, closers));)
            closers++;
        for (space = closers; space < end && is_closer(PyUnicode_READ(kind, data, space));)
            space++;
        for (after = space; after < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, after));)
            after++;
        if (after == space) {        /* no whitespace: no boundary; the next one starts later */
            i = space;
            continue;
        }
        i = after;                   /* the search goes on after the boundary, split or not */
        if (after >= end)
            continue;
        Py_ssize_t k = after;
        while (k < end && is_opener(PyUnicode_READ(kind, data, k)))
            k++;
        if (k >= end || !starts_sentence(PyUnicode_READ(kind, data, k)))
            continue;
        if (trailing_parenthetical(kind, data, after, end))   /* "... Egypt. (AFP/ANWAR AMRO)" */
            continue;
        if (closers - marks == 1 && PyUnicode_READ(kind, data, marks) == '.' && space == closers) {
            /* a bounded look-back, as in Python: linear on very long one-line paragraphs */
            Py_ssize_t floor = marks - 60 > start ? marks - 60 : start;
            int abbr = abbreviation(text, kind, data, floor, marks, listed, listed_lower);
            if (abbr < 0)
                return NULL;
            if (abbr)
                continue;
        }
        if (append_stripped(out, type, text, kind, data, sent_start, space) < 0)
            return NULL;
        sent_start = after;
    }
    if (append_stripped(out, type, text, kind, data, sent_start, end) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"words", words, METH_VARARGS,
     "words(text, Segment) -> list[Segment]: the word tokens of audit.text.words, with offsets."},
    {"word_runs", word_runs, METH_O,
     "word_runs(text) -> frozenset[str]: the runs of word characters (\\w+) of text."},
    {"unlisted", unlisted, METH_VARARGS,
     "unlisted(tokens, sets) -> list[int]: indices of the tokens whose text is in none of sets."},
    {"may_double", may_double, METH_O,
     "may_double(text) -> bool: False only where doubled-word's pattern finds nothing in text."},
    {"split_line", split_line, METH_VARARGS,
     "split_line(text, start, end, out, Segment, abbreviations, abbreviations_lower): append "
     "the sentences of text[start:end] to out, as audit.text._split_line does."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native_text",
    "Compiled tokenisation of audit.text (optional; same output as its fallback).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__native_text(void)
{
    return PyModule_Create(&module);
}
