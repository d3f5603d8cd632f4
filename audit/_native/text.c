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
 *   spacing_hints(text)     which hint patterns of audit/checks/spacing.py occur in text
 *   unsettled(text, paragraphs, k)
 *                           the first paragraph from k that unbalanced-quote's scanner must
 *                           read: the others settle themselves (punctuation._Scanner)
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

/* Each token is looked up in the sets as it comes, repeats too: a table of the answers per
 * spelling cost more to fill than the repeats' look-ups, which find the lines of the set's
 * table that their first look-up brought into the processor's caches. */
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
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(tokens); k++) {
        PyObject *seg = PyList_GET_ITEM(tokens, k);
        if (!PyTuple_Check(seg) || PyTuple_GET_SIZE(seg) < 3) {
            PyErr_SetString(PyExc_TypeError, "unlisted: tokens must be (start, end, text) tuples");
            goto error;
        }
        PyObject *word = PyTuple_GET_ITEM(seg, 2);
        Py_INCREF(word);  /* a str subclass's __eq__ could change the list meanwhile */
        int listed = 0;
        for (Py_ssize_t s = 0; s < nsets && !listed; s++)
            listed = PySet_Contains(PyTuple_GET_ITEM(sets, s), word);
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
    return out;
error:
    Py_XDECREF(out);
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
    /* One pass over the runs: each character is read once, and two words are compared only
     * when one follows the other across a gap with the same length. */
    Py_ssize_t before = -1, before_len = 0;   /* the word right before the gap just passed */
    Py_ssize_t i = 0;
    while (i < n) {
        if (!in_word(PyUnicode_READ(kind, data, i))) {
            before = -1;                      /* "x. x", "x (x": no word right before */
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && in_word(PyUnicode_READ(kind, data, i)))
            i++;
        Py_ssize_t len = i - start;
        if (before >= 0 && before_len == len) {
            Py_ssize_t k = 0;
            while (k < len && may_equal(PyUnicode_READ(kind, data, before + k),
                                        PyUnicode_READ(kind, data, start + k)))
                k++;
            if (k == len)
                Py_RETURN_TRUE;
        }
        before = -1;
        if (i < n && in_gap(PyUnicode_READ(kind, data, i))) {
            while (i < n && in_gap(PyUnicode_READ(kind, data, i)))
                i++;
            before = start;
            before_len = len;
        }
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

/* --- spacing and missing-space: what their patterns need somewhere in the text ----------- */

#define HINT_GLUE 1          /* spacing._GLUE_HINT: [.!?,](?<=[a-z].)(?=[^\W\d_]) */
#define HINT_DOUBLE_SPACE 2  /* spacing._DOUBLE_SPACE_HINT: [ \u00a0]{2} */
#define HINT_SPACE_BEFORE 4  /* spacing._SPACE_BEFORE_HINT: [ \u00a0][,;:!?.)] */
#define HINT_OPEN_SPACE 8    /* spacing._OPEN_SPACE_HINT: [(\[][ \u00a0] */
#define HINT_ALL 15

static inline int is_space_or_nbsp(Py_UCS4 ch)
{
    return ch == ' ' || ch == 0xa0;
}

/* [^\W\d_]: a word character that is no decimal digit nor "_" (a letter, or a numeral such
 * as "½" that is no decimal digit). */
static inline int is_letter_class(Py_UCS4 ch)
{
    if (ch < 128)
        return is_ascii_letter(ch);
    return Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch);
}

/* spacing_hints(text): which of the four hint patterns occur in text, as the bits above, in
 * one pass (the patterns themselves scan the text once each, the look-behind tried at every
 * character). */
static PyObject *spacing_hints(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "spacing_hints: a str is required");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    long bits = 0;
    Py_UCS4 prev = 0, ch = n ? PyUnicode_READ(kind, data, 0) : 0;
    for (Py_ssize_t i = 0; i < n && bits != HINT_ALL; i++) {
        Py_UCS4 nxt = i + 1 < n ? PyUnicode_READ(kind, data, i + 1) : 0;
        if (is_space_or_nbsp(ch)) {
            if (is_space_or_nbsp(nxt))
                bits |= HINT_DOUBLE_SPACE;
            else if (i + 1 < n && (nxt == ',' || nxt == ';' || nxt == ':' || nxt == '!'
                                   || nxt == '?' || nxt == '.' || nxt == ')'))
                bits |= HINT_SPACE_BEFORE;
        }
        else if (ch == '(' || ch == '[') {
            if (is_space_or_nbsp(nxt))
                bits |= HINT_OPEN_SPACE;
        }
        else if ((ch == '.' || ch == '!' || ch == '?' || ch == ',') && i > 0
                 && prev >= 'a' && prev <= 'z' && i + 1 < n && is_letter_class(nxt))
            bits |= HINT_GLUE;
        prev = ch;
        ch = nxt;
    }
    return PyLong_FromLong(bits);
}

/* --- unbalanced-quote: paragraphs that settle themselves -------------------------------- */

#define NO_CHAR ((Py_UCS4)-1)   /* the scanner's None: before the paragraph's start, after its end */

static inline int opens_before(Py_UCS4 ch)      /* _OPEN_BEFORE: ([{<“‘«„‚"'—–/ */
{
    return ch == '(' || ch == '[' || ch == '{' || ch == '<' || ch == 0x201c || ch == 0x2018
        || ch == 0xab || ch == 0x201e || ch == 0x201a || ch == '"' || ch == '\''
        || ch == 0x2014 || ch == 0x2013 || ch == '/';
}

static inline int closes_after(Py_UCS4 ch)      /* _CLOSE_AFTER: .,;:!?)]}>”’»…—–-/"'* */
{
    return ch == '.' || ch == ',' || ch == ';' || ch == ':' || ch == '!' || ch == '?'
        || ch == ')' || ch == ']' || ch == '}' || ch == '>' || ch == 0x201d || ch == 0x2019
        || ch == 0xbb || ch == 0x2026 || ch == 0x2014 || ch == 0x2013 || ch == '-' || ch == '/'
        || ch == '"' || ch == '\'' || ch == '*';
}

static inline int mis_decoded(Py_UCS4 ch)       /* _mis_decoded: "Â" <= prev <= "ô" */
{
    return ch != NO_CHAR && ch >= 0xc2 && ch <= 0xf4;
}

static inline int emoticon_eye(Py_UCS4 ch)      /* _EMOTICON_EYES */
{
    return ch == ':' || ch == ';' || ch == '=';
}

/* The bracket a closing one closes (_CLOSING), or 0 when ch closes none. */
static inline Py_UCS4 bracket_opener(Py_UCS4 ch)
{
    switch (ch) {
    case ')': return '(';
    case ']': return '[';
    case 0xff09: return 0xff08;   /* （） */
    case 0x3011: return 0x3010;   /* 【】 */
    case 0x300d: return 0x300c;   /* 「」 */
    case 0x300f: return 0x300e;   /* 『』 */
    default: return 0;
    }
}

static inline int opens_bracket(Py_UCS4 ch)     /* _BRACKETS' keys */
{
    return ch == '(' || ch == '[' || ch == 0xff08 || ch == 0x3010 || ch == 0x300c || ch == 0x300e;
}

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t start, end;   /* the paragraph */
} para_t;

static inline Py_UCS4 at(const para_t *p, Py_ssize_t i)  /* text[i] inside the paragraph, else None */
{
    return i >= p->start && i < p->end ? PyUnicode_READ(p->kind, p->data, i) : NO_CHAR;
}

/* _Scanner._opener_context and _closer_context of the mark text[i:j]. */
static int opener_context(const para_t *p, Py_ssize_t i, Py_ssize_t j)
{
    Py_UCS4 prev = at(p, i - 1), nxt = at(p, j);
    if (nxt == NO_CHAR || Py_UNICODE_ISSPACE(nxt))
        return 0;
    if (prev == NO_CHAR || Py_UNICODE_ISSPACE(prev) || opens_before(prev))
        return 1;
    return prev == '-' && (i - 1 == p->start || Py_UNICODE_ISSPACE(at(p, i - 2)));
}

static int closer_context(const para_t *p, Py_ssize_t i, Py_ssize_t j)
{
    Py_UCS4 prev = at(p, i - 1), nxt = at(p, j);
    if (prev == NO_CHAR || Py_UNICODE_ISSPACE(prev)
        || (opens_before(prev) && prev != '\'' && prev != '"'))
        return 0;
    return nxt == NO_CHAR || Py_UNICODE_ISSPACE(nxt) || closes_after(nxt);
}

#define MAX_BRACKETS 64

/* Does the paragraph p settle itself: scanned by punctuation._Scanner from a state with nothing
 * open (no quotation, bracket, carried or suspended one), does it report nothing and leave
 * nothing open? Only the plainest reading of each mark is followed (double quotations nested
 * only by runs of straight marks, never a single quotation, brackets closed in order, no
 * reopening): a mark that
 * could take the scanner anywhere else answers "not known" (0), and the scanner reads the
 * paragraph itself. 1 only where the scanner, step by step, would do nothing but open and
 * close: it is a gate, never a second opinion. */
static int settles(const para_t *p)
{
    Py_ssize_t dq = 0;                    /* how many double quotations are open */
    Py_UCS4 stack[MAX_BRACKETS];
    int depth = 0;
    Py_ssize_t i = p->start;
    while (i < p->end) {
        Py_UCS4 ch = PyUnicode_READ(p->kind, p->data, i);
        if (ch < 128 ? !(ch == '"' || ch == '\'' || ch == '`' || ch == '(' || ch == ')'
                         || ch == '[' || ch == ']')
                     : !((ch >= 0x2018 && ch <= 0x201f) || ch == 0xab || ch == 0xbb
                         || ch == 0xff08 || ch == 0xff09 || (ch >= 0x300c && ch <= 0x300f)
                         || ch == 0x3010 || ch == 0x3011)) {
            i++;
            continue;
        }
        Py_UCS4 prev = at(p, i - 1), nxt = at(p, i + 1);
        Py_ssize_t j = i + 1;
        switch (ch) {
        case '`':                          /* "``" opens a double quotation; one "`" is no mark */
            if (nxt == '`')
                return 0;
            break;
        case '"': {                        /* _straight_double */
            while (j < p->end && PyUnicode_READ(p->kind, p->data, j) == '"')
                j++;
            if (j - i == 1 && prev != NO_CHAR && Py_UNICODE_ISDIGIT(prev) && !dq)
                break;                     /* inches */
            int opener = opener_context(p, i, j), closer = closer_context(p, i, j);
            if (j - i == 1 && opener && !closer && dq)
                return 0;                  /* a reopening, an attribution, or nesting */
            for (Py_ssize_t k = i; k < j; k++) {   /* each mark of the run, in one context */
                if (opener && !closer)
                    dq++;
                else if (closer && !opener) {
                    if (!dq)
                        return 0;          /* a closing mark with nothing open: reported */
                    dq--;
                }
                else if (dq)
                    dq--;
                else
                    dq++;
            }
            break;
        }
        case 0x201c:                       /* “ */
        case 0x201f:                       /* ‟ */
            if (mis_decoded(prev))
                break;
            if (dq)
                return 0;                  /* _reopens, _opens_after_attribution, nesting */
            dq = 1;
            break;
        case 0x201d:                       /* ” */
            if (mis_decoded(prev))
                break;
            if (!dq && prev != NO_CHAR && Py_UNICODE_ISDIGIT(prev))
                break;                     /* inches */
            if (!dq)
                return 0;                  /* Swedish ”…”, or reported */
            dq--;
            break;
        case 0x201b:                       /* ‛ is no mark */
            break;
        case 0x201e:                       /* „ « »: German and French pairs */
        case 0xab:
        case 0xbb:
            return 0;
        case 0x2019:                       /* ’, or ’’ */
            if (nxt == 0x2019) {           /* _curly_pair_close: no single is ever open here */
                if (dq)
                    dq--;
                j = i + 2;
                break;
            }
            /* fall through: a single mark */
        case '\'':
        case 0x2018:                       /* ‘ */
        case 0x201a: {                     /* ‚ */
            if (ch == '\'' && nxt == '\'')
                return 0;                  /* '' */
            if (ch == 0x2018 && nxt == 0x2018)
                return 0;                  /* ‘‘ opens a double quotation */
            if (ch != '\'' && mis_decoded(prev))
                break;
            if (ch == 0x201a) {
                if (opener_context(p, i, j))
                    return 0;
                break;
            }
            int in_word = prev != NO_CHAR && (
                Py_UNICODE_ISALNUM(prev)
                || (prev == '-' && i - 2 >= p->start && Py_UNICODE_ISALNUM(at(p, i - 2)))
                || (i - 2 >= p->start && mis_decoded(at(p, i - 2))));
            if (ch == 0x2018) {
                if (!in_word)
                    return 0;              /* may open a single quotation */
                break;
            }
            if (ch == '\'' && !in_word && opener_context(p, i, j)
                && !(prev != NO_CHAR && Py_UNICODE_ISDIGIT(prev)))
                return 0;                  /* may open a single quotation */
            break;                         /* an apostrophe */
        }
        default:                           /* brackets */
            if (emoticon_eye(prev) || (prev == '-' && i - 2 >= p->start
                                       && emoticon_eye(at(p, i - 2))))
                break;                     /* :) :-( */
            if (opens_bracket(ch)) {
                if (depth == MAX_BRACKETS)
                    return 0;
                stack[depth++] = ch;
            }
            else if (depth > 0 && stack[depth - 1] == bracket_opener(ch))
                depth--;
            else
                return 0;                  /* an inner bracket left open, or none to close */
        }
        i = j;
    }
    return dq == 0 && depth == 0;
}

/* unsettled(text, paragraphs, k): the index of the first of paragraphs[k:] that may not settle
 * itself (see settles), or len(paragraphs). */
static PyObject *unsettled(PyObject *self, PyObject *args)
{
    PyObject *text, *paras;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "UO!n:unsettled", &text, &PyList_Type, &paras, &k))
        return NULL;
    para_t p = {PyUnicode_KIND(text), PyUnicode_DATA(text), 0, 0};
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), count = PyList_GET_SIZE(paras);
    for (k = k < 0 ? 0 : k; k < count; k++) {
        PyObject *seg = PyList_GET_ITEM(paras, k);
        if (!PyTuple_Check(seg) || PyTuple_GET_SIZE(seg) < 2) {
            PyErr_SetString(PyExc_TypeError, "unsettled: paragraphs must be (start, end, ...) tuples");
            return NULL;
        }
        p.start = PyLong_AsSsize_t(PyTuple_GET_ITEM(seg, 0));
        p.end = PyLong_AsSsize_t(PyTuple_GET_ITEM(seg, 1));
        if ((p.start == -1 || p.end == -1) && PyErr_Occurred())
            return NULL;
        if (p.start < 0 || p.end > n || p.start > p.end) {
            PyErr_SetString(PyExc_IndexError, "unsettled: a paragraph is not inside the text");
            return NULL;
        }
        if (!settles(&p))
            break;
    }
    return PyLong_FromSsize_t(k);
}

/* --- number-mismatch and locale-convention scans (audit/checks/numbers, checks/locale.py) -
 *
 * Written for those checks (the "numbers" owner's; separate from the tokeniser above).
 * A class-led regular expression costs the engine a test per character, far more than the
 * readers' work on the few places it finds:
 *
 *   digit_run_starts(text)  where each run of \d+ starts (digits.digit_run_starts)
 *   digit_run_ends(text)    where each ends (locale-convention's gates, checks/locale.py)
 *   roman_runs(text)        (start, end) of each word run (\w+) of 2 to 7 of the letters
 *                           IVXLC, the matches of words._ROMAN
 *   names(text)             the set of align._NAME's matches (the alignment's anchors)
 *
 * A digit is what \d matches on str: a decimal digit of any script (Py_UNICODE_ISDECIMAL, the
 * test the engine uses). */

static inline int is_decimal(Py_UCS4 ch)
{
    if (ch < 128)
        return (ch - '0') < 10u;
    return Py_UNICODE_ISDECIMAL(ch);
}

/* Where each run of digits starts (ends == 0) or ends (ends == 1): one scan for both. */
static PyObject *digit_runs(PyObject *arg, int ends, const char *name)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s: a str is required", name);
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!is_decimal(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && is_decimal(PyUnicode_READ(kind, data, i)))
            i++;
        PyObject *at = PyLong_FromSsize_t(ends ? i : start);
        if (at == NULL || PyList_Append(out, at) < 0) {
            Py_XDECREF(at);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(at);
    }
    return out;
}

static PyObject *digit_run_starts(PyObject *self, PyObject *arg)
{
    return digit_runs(arg, 0, "digit_run_starts");
}

static PyObject *digit_run_ends(PyObject *self, PyObject *arg)
{
    return digit_runs(arg, 1, "digit_run_ends");
}

static inline int is_roman_letter(Py_UCS4 ch)
{
    return ch == 'I' || ch == 'V' || ch == 'X' || ch == 'L' || ch == 'C';
}

static PyObject *roman_runs(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "roman_runs: a str is required");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = next_run(kind, data, n, 0); i < n; i = next_run(kind, data, n, i)) {
        Py_ssize_t start = i;
        int roman = 1;
        for (; i < n && is_word(PyUnicode_READ(kind, data, i)); i++)
            roman = roman && is_roman_letter(PyUnicode_READ(kind, data, i));
        if (!roman || i - start < 2 || i - start > 7)
            continue;
        PyObject *span = Py_BuildValue("(nn)", start, i);
        if (span == NULL || PyList_Append(out, span) < 0) {
            Py_XDECREF(span);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(span);
    }
    return out;
}

/* names(text): the frozenset of the matches of align._NAME, [A-Z](?<=[\s(\"“][A-Z])[\w'’-]{2,}:
 * a capital A-Z after a space (\s), "(", '"' or "“", and at least two word characters,
 * apostrophes or hyphens after it (as many as follow). */
static inline int is_name_char(Py_UCS4 ch)
{
    return is_word(ch) || ch == '\'' || ch == 0x2019 || ch == '-';
}

static PyObject *names(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "names: a str is required");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    PyObject *out = PyFrozenSet_New(NULL);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 1;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        Py_UCS4 before = PyUnicode_READ(kind, data, i - 1);
        if (ch < 'A' || ch > 'Z' || !(Py_UNICODE_ISSPACE(before) || before == '(' || before == '"'
                                      || before == 0x201c)) {
            i++;
            continue;
        }
        Py_ssize_t end = i + 1;
        while (end < n && is_name_char(PyUnicode_READ(kind, data, end)))
            end++;
        if (end - i - 1 < 2) {
            i++;
            continue;
        }
        PyObject *name = PyUnicode_Substring(arg, i, end);
        if (name == NULL || PySet_Add(out, name) < 0) {
            Py_XDECREF(name);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(name);
        i = end;
    }
    return out;
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
    {"spacing_hints", spacing_hints, METH_O,
     "spacing_hints(text) -> int: which of the spacing checks' hint patterns occur in text: 1 "
     "glue, 2 a doubled space, 4 a space before a mark, 8 a space after an opening bracket."},
    {"unsettled", unsettled, METH_VARARGS,
     "unsettled(text, paragraphs, k) -> int: the first of paragraphs[k:] that unbalanced-quote's "
     "scanner must read (the others, scanned with nothing open, report nothing and leave nothing "
     "open), or len(paragraphs)."},
    {"digit_run_starts", digit_run_starts, METH_O,
     "digit_run_starts(text) -> list[int]: where each run of \\d+ starts (number-mismatch)."},
    {"digit_run_ends", digit_run_ends, METH_O,
     "digit_run_ends(text) -> list[int]: where each run of \\d+ ends (locale-convention)."},
    {"names", names, METH_O,
     "names(text) -> frozenset[str]: the capitalised names of number-mismatch's alignment."},
    {"roman_runs", roman_runs, METH_O,
     "roman_runs(text) -> list[tuple[int, int]]: the word runs of 2-7 letters IVXLC."},
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
