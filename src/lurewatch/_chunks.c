/* The per-chunk loops of lurewatch.normalize's long-message rewrite, and the plain rewrite's token scan, in C.
 *
 * A long message is cut into chunks (a word or a few, see `_chunk_starts`) and each distinct chunk is rewritten once.
 * A megabyte has some two hundred thousand chunks: numbering them by content and joining their rewritten forms back
 * together are the only steps that run once per chunk, and in Python those alone took longer than the rest of the
 * normaliser. Both are linear; the hash is Python's own (keyed per process), so chosen input cannot crowd one slot. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static Py_hash_t
hash_bytes(const char *start, Py_ssize_t size)
{
#if PY_VERSION_HEX >= 0x030E0000
    return Py_HashBuffer(start, size);
#else
    return _Py_HashBytes(start, size);
#endif
}

/* The int64 array a caller passed, checked: one-dimensional, C-contiguous, 8-byte items. */
static int
int64_view(PyObject *object, Py_buffer *view, const char *name)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        return -1;
    }
    if (view->itemsize != 8 || view->ndim != 1 || view->format == NULL || strchr("qlQL", view->format[0]) == NULL) {
        PyErr_Format(PyExc_TypeError, "%s must be a one-dimensional array of 64-bit integers", name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Bytes as the rewrite patterns see them (bytes patterns: ASCII classes only). */
static inline int
is_letter(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

static inline int
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int
is_leet(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '@' || c == '$' || c == '!';
}

/* data[i] ends a word that may stand before a cut: a letter, a byte of a character outside ASCII, or a run of up to
   three digits and symbols right after a letter (`m3`, `gr33`). */
static int
ends_word(const unsigned char *data, Py_ssize_t i)
{
    if (is_letter(data[i]) || data[i] > 127) {
        return 1;
    }
    for (Py_ssize_t k = i; k > i - 3 && k > 0 && is_leet(data[k]); k--) {
        if (is_letter(data[k - 1])) {
            return 1;
        }
    }
    return 0;
}

/* data[j] starts a word that may stand after a cut: the same, mirrored (`53nd`). */
static int
starts_word(const unsigned char *data, Py_ssize_t size, Py_ssize_t j)
{
    if (is_letter(data[j]) || data[j] > 127) {
        return 1;
    }
    for (Py_ssize_t k = j; k < j + 3 && k + 1 < size && is_leet(data[k]); k++) {
        if (is_letter(data[k + 1])) {
            return 1;
        }
    }
    return 0;
}

PyDoc_STRVAR(cuts_doc,
"cuts(data) -> bytes\n\n"
"Where the chunks of data start, as int64s: 0, then every cut (the rule is `lurewatch.normalize._chunk_starts`).");

static PyObject *
cuts(PyObject *module, PyObject *args)
{
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view)) {
        return NULL;
    }
    const unsigned char *data = view.buf;
    Py_ssize_t size = view.len, count = 1;
    PyObject *result = PyBytes_FromStringAndSize(NULL, (size + 1) * (Py_ssize_t)sizeof(int64_t));
    if (result == NULL) {
        PyBuffer_Release(&view);
        return NULL;
    }
    int64_t *out = (int64_t *)PyBytes_AS_STRING(result);
    out[0] = 0;
    for (Py_ssize_t p = 2; p < size; p++) {
        if (!is_space(data[p - 1]) || !starts_word(data, size, p)) {
            continue;
        }
        if (data[p - 1] == ' ' && ends_word(data, p - 2)
            && (!is_letter(data[p]) || (p + 1 < size && !is_space(data[p + 1])))) {
            out[count++] = p;  /* after one space; not before a single letter (`ab |cd`) */
        }
        else if (p >= 3 && is_space(data[p - 2]) && ends_word(data, p - 3)) {
            out[count++] = p;  /* after two white-space characters (`a  |b`) */
        }
    }
    PyBuffer_Release(&view);
    if (_PyBytes_Resize(&result, count * (Py_ssize_t)sizeof(int64_t)) < 0) {
        return NULL;
    }
    return result;
}

PyDoc_STRVAR(number_doc,
"number(data, bounds) -> (ids, firsts)\n\n"
"Chunk i is data[bounds[i]:bounds[i + 1]]. ids (bytes holding one int64 per chunk): the number of each chunk's\n"
"content, counted in order of first appearance; firsts: for each number, the first chunk with that content.");

static PyObject *
number(PyObject *module, PyObject *args)
{
    Py_buffer data, bounds_view;
    PyObject *bounds_object, *ids = NULL, *firsts = NULL, *result = NULL;
    Py_ssize_t *table = NULL;
    Py_hash_t *hashes = NULL;
    if (!PyArg_ParseTuple(args, "y*O", &data, &bounds_object)) {
        return NULL;
    }
    if (int64_view(bounds_object, &bounds_view, "bounds") < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    const int64_t *bounds = bounds_view.buf;
    Py_ssize_t count = bounds_view.shape[0] > 0 ? bounds_view.shape[0] - 1 : 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (bounds[i] < 0 || bounds[i] > bounds[i + 1] || bounds[i + 1] > data.len) {
            PyErr_SetString(PyExc_ValueError, "bounds must rise within the data");
            goto done;
        }
    }
    ids = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(int64_t));
    firsts = PyList_New(0);
    Py_ssize_t capacity = 8;
    while (capacity < 2 * count) {
        capacity *= 2;
    }
    table = PyMem_Malloc(capacity * sizeof(Py_ssize_t)); /* slot -> first chunk with that content, or -1 */
    hashes = PyMem_Malloc((count > 0 ? count : 1) * sizeof(Py_hash_t));
    if (ids == NULL || firsts == NULL || table == NULL || hashes == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        goto done;
    }
    memset(table, 0xff, capacity * sizeof(Py_ssize_t));
    int64_t *out = (int64_t *)PyBytes_AS_STRING(ids);
    const char *text = data.buf;
    for (Py_ssize_t i = 0; i < count; i++) {
        const char *start = text + bounds[i];
        Py_ssize_t size = (Py_ssize_t)(bounds[i + 1] - bounds[i]);
        Py_hash_t hash = hash_bytes(start, size);
        hashes[i] = hash;
        size_t slot = (size_t)hash & (size_t)(capacity - 1);
        for (;;) {
            Py_ssize_t first = table[slot];
            if (first < 0) {
                Py_ssize_t id = PyList_GET_SIZE(firsts);
                PyObject *index = PyLong_FromSsize_t(i);
                if (index == NULL || PyList_Append(firsts, index) < 0) {
                    Py_XDECREF(index);
                    goto done;
                }
                Py_DECREF(index);
                table[slot] = i;
                out[i] = id;
                break;
            }
            if (hashes[first] == hash && bounds[first + 1] - bounds[first] == size
                && memcmp(text + bounds[first], start, size) == 0) {
                out[i] = out[first];
                break;
            }
            slot = (slot + 1) & (size_t)(capacity - 1);
        }
    }
    result = PyTuple_Pack(2, ids, firsts);
done:
    PyMem_Free(table);
    PyMem_Free(hashes);
    Py_XDECREF(ids);
    Py_XDECREF(firsts);
    PyBuffer_Release(&bounds_view);
    PyBuffer_Release(&data);
    return result;
}

PyDoc_STRVAR(join_doc,
"join(parts, ids) -> bytes\n\n"
"parts[ids[0]] + parts[ids[1]] + ...: parts a list of bytes, ids an array of int64.");

static PyObject *
join(PyObject *module, PyObject *args)
{
    PyObject *parts, *ids_object, *result = NULL;
    Py_buffer ids_view;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &parts, &ids_object)) {
        return NULL;
    }
    if (int64_view(ids_object, &ids_view, "ids") < 0) {
        return NULL;
    }
    const int64_t *ids = ids_view.buf;
    Py_ssize_t count = ids_view.shape[0], kinds = PyList_GET_SIZE(parts), total = 0;
    for (Py_ssize_t k = 0; k < kinds; k++) {
        if (!PyBytes_Check(PyList_GET_ITEM(parts, k))) {
            PyErr_SetString(PyExc_TypeError, "parts must be a list of bytes");
            goto done;
        }
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if (ids[i] < 0 || ids[i] >= kinds) {
            PyErr_SetString(PyExc_IndexError, "id out of range");
            goto done;
        }
        total += PyBytes_GET_SIZE(PyList_GET_ITEM(parts, ids[i]));
    }
    result = PyBytes_FromStringAndSize(NULL, total);
    if (result == NULL) {
        goto done;
    }
    char *out = PyBytes_AS_STRING(result);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *part = PyList_GET_ITEM(parts, ids[i]);
        Py_ssize_t size = PyBytes_GET_SIZE(part);
        memcpy(out, PyBytes_AS_STRING(part), size);
        out += size;
    }
done:
    PyBuffer_Release(&ids_view);
    return result;
}

/* The rewrite's tokens (`lurewatch.normalize._REWRITERS[leet, False]`, for messages without spaced-out words): Python's
 * `re` tries each of its alternatives at every position, a look-behind first, and that scan was three quarters of
 * normalising the quarter of chat messages that have something to rewrite (0.7 of 1.0 s on 200,000 IRC messages).
 * Here each alternative is the same test written out, tried in the pattern's order at the positions its look-behind
 * allows; `tests/test_rewrite_tokens.py` checks that the matches are those of the pattern. In leetspeak `!` is a
 * letter too (`p!c`), and a word may be digits and symbols alone (`bare`). */

static inline int
is_word(unsigned char c)  /* \w of a bytes pattern */
{
    return is_letter(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static inline int
is_digit_or_symbol(unsigned char c)  /* [0-9@$] */
{
    return (c >= '0' && c <= '9') || c == '@' || c == '$';
}

static inline int
is_leet_char(unsigned char c, int leet)  /* [0-9@$], and `!` in leetspeak */
{
    return is_digit_or_symbol(c) || (leet && c == '!');
}

static inline int
in_token(unsigned char c, int leet)  /* [a-z0-9@$'], and `!` in leetspeak */
{
    return is_letter(c) || is_leet_char(c, leet) || c == '\'';
}

static inline int
is_separator(unsigned char c)  /* [.\-_*~] */
{
    return c == '.' || c == '-' || c == '_' || c == '*' || c == '~';
}

static inline int
word_at(const unsigned char *data, Py_ssize_t size, Py_ssize_t i)  /* (?=\w) at i */
{
    return i < size && is_word(data[i]);
}

/* `[a-z](?:(?:[.\-_*~][a-z]){2,}[.\-_*~]?|(?: [a-z]){3,})(?![\w])` at p: its end, or -1. The repeats are greedy and
   give back one at a time, as `re` backtracks. */
static Py_ssize_t
spaced_end(const unsigned char *data, Py_ssize_t size, Py_ssize_t p)
{
    if (!is_letter(data[p])) {
        return -1;
    }
    Py_ssize_t most = 0;
    while (p + 2 + 2 * most < size && is_separator(data[p + 1 + 2 * most]) && is_letter(data[p + 2 + 2 * most])) {
        most++;
    }
    for (Py_ssize_t reps = most; reps >= 2; reps--) {
        Py_ssize_t end = p + 1 + 2 * reps;
        if (end < size && is_separator(data[end]) && !word_at(data, size, end + 1)) {
            return end + 1;
        }
        if (!word_at(data, size, end)) {
            return end;
        }
    }
    most = 0;
    while (p + 2 + 2 * most < size && data[p + 1 + 2 * most] == ' ' && is_letter(data[p + 2 + 2 * most])) {
        most++;
    }
    for (Py_ssize_t reps = most; reps >= 3; reps--) {
        Py_ssize_t end = p + 1 + 2 * reps;
        if (!word_at(data, size, end)) {
            return end;
        }
    }
    return -1;
}

/* `[a-z0-9@$']*?(?:[a-z][0-9@$]|[0-9@$][a-z]|[0-9@$]'[a-z0-9@$]|([a-z])\1\1)[a-z0-9@$']*` at p (with `!` in the
   first, second, third and last class in leetspeak): the whole run of token characters from p when one of the four
   shapes starts inside it (all of their characters are token characters, and the greedy tail takes the rest of the
   run), else -1. */
static Py_ssize_t
word_end(const unsigned char *data, Py_ssize_t size, Py_ssize_t p, int leet)
{
    Py_ssize_t run = p;
    while (run < size && in_token(data[run], leet)) {
        run++;
    }
    for (Py_ssize_t q = p; q < run; q++) {
        unsigned char c = data[q];
        if (q + 1 >= run) {
            break;
        }
        unsigned char next = data[q + 1];
        if (is_letter(c) && (is_leet_char(next, leet) || (q + 2 < run && next == c && data[q + 2] == c))) {
            return run;
        }
        if (is_leet_char(c, leet)
            && (is_letter(next) || (next == '\'' && q + 2 < run && (is_letter(data[q + 2]) || is_digit_or_symbol(data[q + 2]))))) {
            return run;
        }
    }
    return -1;
}

/* `[0-9@$!]+(?![\w@$!'])` at p (leetspeak only): the greedy run, which can only be given back onto a byte of the
   class, which the look-ahead refuses. */
static Py_ssize_t
bare_end(const unsigned char *data, Py_ssize_t size, Py_ssize_t p)
{
    Py_ssize_t run = p;
    while (run < size && is_leet_char(data[run], 1)) {
        run++;
    }
    if (run == p || (run < size && (is_word(data[run]) || data[run] == '\''))) {
        return -1;
    }
    return run;
}

/* A chat spelling (`(?:words)(?![\w@$'])`): the words are letters and digits, so one matches only as the whole run of
   [\w@$'] from p. 1: a match, 0: none, -1: an error. */
static int
chat_at(const unsigned char *data, Py_ssize_t size, Py_ssize_t p, PyObject *words, Py_ssize_t longest, Py_ssize_t *end)
{
    Py_ssize_t run = p;
    while (run < size && (is_word(data[run]) || data[run] == '@' || data[run] == '$' || data[run] == '\'')) {
        run++;
        if (run - p > longest) {
            return 0;
        }
    }
    if (run == p) {
        return 0;
    }
    PyObject *token = PyBytes_FromStringAndSize((const char *)data + p, run - p);
    if (token == NULL) {
        return -1;
    }
    int found = PyDict_Contains(words, token);
    Py_DECREF(token);
    *end = run;
    return found;
}

PyDoc_STRVAR(rewrite_tokens_doc,
"rewrite_tokens(data, start, leet, chat_words, longest) -> list[tuple[int, int, str]]\n\n"
"What `lurewatch.normalize._REWRITERS[leet, False].finditer(data, start)` finds, as (start, end, lastgroup):\n"
"\"spaced\", \"word\", \"bare\", \"chat\" (a key of the dict chat_words, none longer than longest) or \"space\".");

static PyObject *kind_spaced, *kind_word, *kind_bare, *kind_chat, *kind_space;

static PyObject *
rewrite_tokens(PyObject *module, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t start, longest;
    int leet;
    PyObject *words;
    if (!PyArg_ParseTuple(args, "y*npO!n", &view, &start, &leet, &PyDict_Type, &words, &longest)) {
        return NULL;
    }
    const unsigned char *data = view.buf;
    Py_ssize_t size = view.len;
    PyObject *found = PyList_New(0);
    Py_ssize_t p = start < 0 ? 0 : start;
    while (found != NULL && p < size) {
        Py_ssize_t end = -1;
        PyObject *kind = NULL;
        unsigned char before = p > 0 ? data[p - 1] : ' ';
        if (p == 0 || !(is_word(before) || before == '\'')) {
            if ((end = spaced_end(data, size, p)) >= 0) {
                kind = kind_spaced;
            }
            else if (p == 0 || !(before == '@' || before == '$' || before == '!')) {
                if ((end = word_end(data, size, p, leet)) >= 0) {
                    kind = kind_word;
                }
                else if (leet && (end = bare_end(data, size, p)) >= 0) {
                    kind = kind_bare;
                }
                else {
                    int chat = chat_at(data, size, p, words, longest, &end);
                    if (chat < 0) {
                        Py_CLEAR(found);
                        break;
                    }
                    kind = chat ? kind_chat : NULL;
                }
            }
        }
        if (kind == NULL && is_space(data[p])) {
            Py_ssize_t run = p;
            while (run < size && is_space(data[run])) {
                run++;
            }
            if (run - p >= 2) {
                end = run, kind = kind_space;
            }
            else if (data[p] != ' ') {
                end = p + 1, kind = kind_space;
            }
        }
        if (kind == NULL) {
            p++;
            continue;
        }
        PyObject *match = Py_BuildValue("(nnO)", p, end, kind);
        if (match == NULL || PyList_Append(found, match) < 0) {
            Py_XDECREF(match);
            Py_CLEAR(found);
            break;
        }
        Py_DECREF(match);
        p = end;
    }
    PyBuffer_Release(&view);
    return found;
}

static PyMethodDef methods[] = {
    {"cuts", cuts, METH_VARARGS, cuts_doc},
    {"number", number, METH_VARARGS, number_doc},
    {"join", join, METH_VARARGS, join_doc},
    {"rewrite_tokens", rewrite_tokens, METH_VARARGS, rewrite_tokens_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef chunks_module = {
    PyModuleDef_HEAD_INIT, "lurewatch._chunks", "The per-chunk loops of the long-message rewrite.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__chunks(void)
{
    kind_spaced = PyUnicode_InternFromString("spaced");
    kind_word = PyUnicode_InternFromString("word");
    kind_bare = PyUnicode_InternFromString("bare");
    kind_chat = PyUnicode_InternFromString("chat");
    kind_space = PyUnicode_InternFromString("space");
    if (kind_spaced == NULL || kind_word == NULL || kind_bare == NULL || kind_chat == NULL || kind_space == NULL) {
        return NULL;
    }
    return PyModule_Create(&chunks_module);
}
