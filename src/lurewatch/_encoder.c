/* MiniLM's six encoder layers in one call that does not hold the GIL, the same arithmetic as
 * `lurewatch.semantic.encoder._encoder_layer` in numpy, float for float.
 *
 * Why: the sentence encoder runs in a thread beside the analysis. In numpy a layer is some forty operations, and after
 * each one the thread must take the GIL back; while the other thread runs Python that wait is up to the switch interval
 * (5 ms), so encoding a window beside the analysis took several times its CPU time. Here a whole batch is one wait.
 *
 * Why the floats are the same: the matrix products call the very BLAS function numpy's `matmul` calls (numpy's bundled
 * OpenBLAS, `cblas_sgemm`, handed over by address), with the arguments numpy passes for the same contiguous operands;
 * `exp` and `tanh` call numpy's own float32 loops (taken from the ufuncs); sums are numpy's pairwise summation, and every
 * other step is one IEEE float operation in numpy's order (compiled without FMA contraction). `encoder.py` checks the
 * result against the numpy layers bit for bit before it uses this, and the tests check it on many batches. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/ndarraytypes.h>
#include <numpy/ufuncobject.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH 384
#define HEADS 12
#define HEAD (WIDTH / HEADS)
#define INNER 1536
#define LAYER_ARRAYS 12
#define ROW_MAJOR 101
#define NO_TRANS 111

/* OpenBLAS built with 64-bit integers, as numpy's wheels bundle it (scipy-openblas64). */
typedef void (*sgemm_fn)(int order, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                         const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

static sgemm_fn sgemm = NULL;
static PyUFuncGenericFunction exp_loop = NULL, tanh_loop = NULL;
static void *exp_data = NULL, *tanh_data = NULL;

/* numpy's float32 loop of a one-input ufunc (float32 in, float32 out). */
static int
float_loop(PyObject *object, PyUFuncGenericFunction *loop, void **data)
{
    /* By type name: numpy's PyUFunc_Type is reached through its API table, which this module does not import. */
    PyUFuncObject *ufunc = (PyUFuncObject *)object;
    if (strcmp(Py_TYPE(object)->tp_name, "numpy.ufunc") != 0 || ufunc->nin != 1 || ufunc->nout != 1) {
        PyErr_SetString(PyExc_TypeError, "expected a numpy ufunc of one input and one output");
        return -1;
    }
    for (int i = 0; i < ufunc->ntypes; i++) {
        if (ufunc->types[2 * i] == NPY_FLOAT && ufunc->types[2 * i + 1] == NPY_FLOAT && ufunc->functions[i] != NULL) {
            *loop = ufunc->functions[i];
            *data = ufunc->data == NULL ? NULL : ufunc->data[i];
            return 0;
        }
    }
    PyErr_Format(PyExc_ValueError, "%s has no float32 loop", ufunc->name);
    return -1;
}

PyDoc_STRVAR(bind_doc, "bind(sgemm_address, exp, tanh, /)\n\n"
                       "The BLAS sgemm (64-bit integers) and numpy's exp and tanh ufuncs the layers use.");

static PyObject *
bind(PyObject *self, PyObject *args)
{
    unsigned long long address;
    PyObject *exp_ufunc, *tanh_ufunc;
    if (!PyArg_ParseTuple(args, "KOO", &address, &exp_ufunc, &tanh_ufunc)) {
        return NULL;
    }
    PyUFuncGenericFunction exp_found, tanh_found;
    void *exp_found_data, *tanh_found_data;
    if (address == 0 || float_loop(exp_ufunc, &exp_found, &exp_found_data) < 0 ||
        float_loop(tanh_ufunc, &tanh_found, &tanh_found_data) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "no sgemm address");
        }
        return NULL;
    }
    sgemm = (sgemm_fn)(uintptr_t)address;
    exp_loop = exp_found;
    exp_data = exp_found_data;
    tanh_loop = tanh_found;
    tanh_data = tanh_found_data;
    Py_RETURN_NONE;
}

/* numpy's pairwise summation of float32 (`pairwise_sum` in loops_utils.h), as `x.sum(axis=-1)` runs it on a contiguous
 * row: the reduction starts from 0 and adds the pairwise sum of the whole row. */
static float
pairwise_sum(const float *a, int64_t n)
{
    if (n < 8) {
        float res = 0.f;
        for (int64_t i = 0; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    if (n <= 128) {
        float r[8];
        for (int j = 0; j < 8; j++) {
            r[j] = a[j];
        }
        int64_t i;
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += a[i + j];
            }
        }
        float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    int64_t half = n / 2;
    half -= half % 8;
    return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

static float
row_sum(const float *a, int64_t n)
{
    float total = 0.f;
    total += pairwise_sum(a, n);
    return total;
}

/* `x.mean(axis=-1)` of float32: numpy divides the float32 sum by the count as float64, then stores float32. */
static float
row_mean(const float *a, int64_t n)
{
    return (float)((double)row_sum(a, n) / (double)n);
}

static void
float_ufunc(PyUFuncGenericFunction loop, void *data, float *in, float *out, int64_t n)
{
    char *pointers[2] = {(char *)in, (char *)out};
    npy_intp count = (npy_intp)n, steps[2] = {sizeof(float), sizeof(float)};
    loop(pointers, &count, steps, data);
}

/* C (rows x cols) = A (rows x inner) @ B (inner x cols), all row-major and contiguous, as numpy's matmul calls BLAS. */
static void
matmul(const float *a, const float *b, float *c, int64_t rows, int64_t inner, int64_t cols)
{
    sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, rows, cols, inner, 1.0f, a, inner, b, cols, 0.0f, c, cols);
}

/* `_layer_norm` of each row of x (rows x WIDTH), into out. */
static void
layer_norm(const float *x, float *out, int64_t rows, const float *weight, const float *bias, float *scratch)
{
    const float eps = (float)1e-12;
    for (int64_t r = 0; r < rows; r++) {
        const float *row = x + r * WIDTH;
        float *dest = out + r * WIDTH;
        float mean = row_mean(row, WIDTH);
        for (int j = 0; j < WIDTH; j++) {
            float d = row[j] - mean;
            scratch[j] = d * d;
        }
        float root = sqrtf(row_mean(scratch, WIDTH) + eps);
        for (int j = 0; j < WIDTH; j++) {
            dest[j] = ((row[j] - mean) / root) * weight[j] + bias[j];
        }
    }
}

typedef struct {
    const float *qkv, *qkv_bias, *attention_out, *attention_out_bias, *norm1_weight, *norm1_bias;
    const float *intermediate, *intermediate_bias, *output, *output_bias, *norm2_weight, *norm2_bias;
} Layer;

typedef struct {
    float *qkv, *query, *key_t, *value, *scores, *context, *joined, *sum, *inner, *half, *row;
} Work;

/* One `_encoder_layer`: hidden (batch*length x WIDTH) in place; bias (batch x length) is added to each attention score. */
static void
encoder_layer(float *hidden, const float *bias, int64_t batch, int64_t length, const Layer *layer, Work *w)
{
    const int64_t tokens = batch * length;
    const float scale = sqrtf((float)HEAD);
    matmul(hidden, layer->qkv, w->qkv, tokens, WIDTH, 3 * WIDTH);
    for (int64_t t = 0; t < tokens; t++) {
        float *row = w->qkv + t * 3 * WIDTH;
        for (int j = 0; j < 3 * WIDTH; j++) {
            row[j] = row[j] + layer->qkv_bias[j];
        }
    }
    /* (batch, length, 3, heads, head) -> query and value as (batch, heads, length, head), key as (batch, heads, head,
     * length): transposed for the scores' product. */
    for (int64_t b = 0; b < batch; b++) {
        for (int h = 0; h < HEADS; h++) {
            float *q = w->query + ((b * HEADS + h) * length) * HEAD;
            float *v = w->value + ((b * HEADS + h) * length) * HEAD;
            float *kt = w->key_t + ((b * HEADS + h) * length) * HEAD;
            for (int64_t l = 0; l < length; l++) {
                const float *source = w->qkv + (b * length + l) * 3 * WIDTH + h * HEAD;
                memcpy(q + l * HEAD, source, HEAD * sizeof(float));
                memcpy(v + l * HEAD, source + 2 * WIDTH, HEAD * sizeof(float));
                for (int d = 0; d < HEAD; d++) {
                    kt[d * length + l] = source[WIDTH + d];
                }
            }
        }
    }
    const int64_t square = length * length;
    for (int64_t m = 0; m < batch * HEADS; m++) {
        matmul(w->query + m * length * HEAD, w->key_t + m * length * HEAD, w->scores + m * square, length, HEAD, length);
    }
    for (int64_t b = 0; b < batch; b++) {
        for (int64_t m = b * HEADS * length; m < (b + 1) * HEADS * length; m++) {
            float *row = w->scores + m * length;
            float top = -INFINITY;
            for (int64_t j = 0; j < length; j++) {
                row[j] = row[j] / scale + bias[b * length + j];
                top = row[j] > top ? row[j] : top;
            }
            for (int64_t j = 0; j < length; j++) {
                row[j] -= top;
            }
        }
    }
    float_ufunc(exp_loop, exp_data, w->scores, w->scores, batch * HEADS * square);
    for (int64_t m = 0; m < batch * HEADS * length; m++) {
        float *row = w->scores + m * length;
        float total = row_sum(row, length);
        for (int64_t j = 0; j < length; j++) {
            row[j] /= total;
        }
    }
    for (int64_t m = 0; m < batch * HEADS; m++) {
        matmul(w->scores + m * square, w->value + m * length * HEAD, w->context + m * length * HEAD, length, length, HEAD);
    }
    /* (batch, heads, length, head) -> (batch * length, WIDTH) */
    for (int64_t b = 0; b < batch; b++) {
        for (int h = 0; h < HEADS; h++) {
            for (int64_t l = 0; l < length; l++) {
                memcpy(w->joined + (b * length + l) * WIDTH + h * HEAD, w->context + ((b * HEADS + h) * length + l) * HEAD,
                       HEAD * sizeof(float));
            }
        }
    }
    matmul(w->joined, layer->attention_out, w->sum, tokens, WIDTH, WIDTH);
    for (int64_t t = 0; t < tokens; t++) {
        for (int j = 0; j < WIDTH; j++) {
            w->sum[t * WIDTH + j] = (w->sum[t * WIDTH + j] + layer->attention_out_bias[j]) + hidden[t * WIDTH + j];
        }
    }
    layer_norm(w->sum, hidden, tokens, layer->norm1_weight, layer->norm1_bias, w->row);
    matmul(hidden, layer->intermediate, w->inner, tokens, WIDTH, INNER);
    /* `_gelu`, in its order: 0.5 * x * (1 + tanh(0.7978845608 * (x + 0.044715 * x * x * x))) */
    const float cubic = (float)0.044715, root_two_over_pi = (float)0.7978845608;
    const int64_t wide = tokens * INNER;
    for (int64_t i = 0; i < wide; i++) {
        float x = w->inner[i] + layer->intermediate_bias[i % INNER];
        w->inner[i] = x;
        float t = cubic * x;
        t *= x;
        t *= x;
        t += x;
        w->half[i] = t * root_two_over_pi;
    }
    float_ufunc(tanh_loop, tanh_data, w->half, w->half, wide);
    for (int64_t i = 0; i < wide; i++) {
        float x = w->inner[i];
        float half = 0.5f * x;
        w->inner[i] = half * (w->half[i] + 1.0f);
    }
    matmul(w->inner, layer->output, w->sum, tokens, INNER, WIDTH);
    for (int64_t t = 0; t < tokens; t++) {
        for (int j = 0; j < WIDTH; j++) {
            w->sum[t * WIDTH + j] = (w->sum[t * WIDTH + j] + layer->output_bias[j]) + hidden[t * WIDTH + j];
        }
    }
    layer_norm(w->sum, hidden, tokens, layer->norm2_weight, layer->norm2_bias, w->row);
}

static const Py_ssize_t layer_sizes[LAYER_ARRAYS] = {
    WIDTH * 3 * WIDTH, 3 * WIDTH, WIDTH * WIDTH, WIDTH, WIDTH, WIDTH, WIDTH * INNER, INNER, INNER * WIDTH, WIDTH, WIDTH, WIDTH,
};
/* `layers` fills a Layer as an array of LAYER_ARRAYS pointers, in the order of `layer_sizes`. */
_Static_assert(sizeof(Layer) == LAYER_ARRAYS * sizeof(const float *), "Layer must hold LAYER_ARRAYS pointers");

/* A float32 buffer of `count` items, C-contiguous (writable if asked). */
static int
float_view(PyObject *object, Py_buffer *view, Py_ssize_t count, int writable)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0)) < 0) {
        return -1;
    }
    if (view->itemsize != 4 || view->format == NULL || strcmp(view->format, "f") != 0 || view->len != count * 4) {
        PyErr_Format(PyExc_ValueError, "expected a contiguous float32 array of %zd items", count);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static void
release_views(Py_buffer *views, Py_ssize_t count)
{
    for (Py_ssize_t i = 0; i < count; i++) {
        PyBuffer_Release(&views[i]);
    }
}

PyDoc_STRVAR(layers_doc, "layers(hidden, bias, batch, length, weights, /)\n\n"
                         "Runs the encoder layers over hidden (batch*length x 384 float32, changed in place) without the "
                         "GIL. bias: (batch x length) added to the attention scores; weights: one tuple of 12 float32 "
                         "arrays per layer (see encoder._Layer).");

static PyObject *
layers(PyObject *self, PyObject *args)
{
    PyObject *hidden_object, *bias_object, *weights;
    Py_ssize_t batch, length;
    if (!PyArg_ParseTuple(args, "OOnnO", &hidden_object, &bias_object, &batch, &length, &weights)) {
        return NULL;
    }
    if (sgemm == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "bind() was not called");
        return NULL;
    }
    if (batch < 1 || length < 1 || !PyTuple_Check(weights)) {
        PyErr_SetString(PyExc_ValueError, "batch and length must be positive, weights a tuple");
        return NULL;
    }
    const Py_ssize_t count = PyTuple_GET_SIZE(weights);
    Py_buffer hidden, bias;
    if (float_view(hidden_object, &hidden, batch * length * WIDTH, 1) < 0) {
        return NULL;
    }
    if (float_view(bias_object, &bias, batch * length, 0) < 0) {
        PyBuffer_Release(&hidden);
        return NULL;
    }
    Py_buffer *views = PyMem_Calloc(count * LAYER_ARRAYS + 1, sizeof(Py_buffer));
    Layer *stack = PyMem_Calloc(count + 1, sizeof(Layer));
    Py_ssize_t held = 0;
    int failed = views == NULL || stack == NULL;
    if (failed) {
        PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; !failed && i < count; i++) {
        PyObject *arrays = PyTuple_GET_ITEM(weights, i);
        if (!PyTuple_Check(arrays) || PyTuple_GET_SIZE(arrays) != LAYER_ARRAYS) {
            PyErr_SetString(PyExc_ValueError, "each layer must be a tuple of 12 arrays");
            failed = 1;
            break;
        }
        const float **fields = (const float **)&stack[i];
        for (int j = 0; j < LAYER_ARRAYS; j++) {
            if (float_view(PyTuple_GET_ITEM(arrays, j), &views[held], layer_sizes[j], 0) < 0) {
                failed = 1;
                break;
            }
            fields[j] = views[held++].buf;
        }
    }
    const int64_t tokens = batch * length;
    const int64_t sizes[] = {tokens * 3 * WIDTH, tokens * WIDTH, tokens * WIDTH, tokens * WIDTH,
                             batch * HEADS * length * length, tokens * WIDTH, tokens * WIDTH, tokens * WIDTH,
                             tokens * INNER, tokens * INNER, WIDTH};
    const int parts = sizeof(sizes) / sizeof(sizes[0]);
    /* Work is filled below as an array of pointers, one per entry of `sizes`, in that order. */
    _Static_assert(sizeof(sizes) / sizeof(sizes[0]) == sizeof(Work) / sizeof(float *), "one size per Work buffer");
    float *arena = NULL;
    if (!failed) {
        int64_t total = 0;
        for (int i = 0; i < parts; i++) {
            total += sizes[i];
        }
        arena = PyMem_RawMalloc(total * sizeof(float));
        if (arena == NULL) {
            PyErr_NoMemory();
            failed = 1;
        }
    }
    if (!failed) {
        Work work;
        float **slots = (float **)&work;
        float *next = arena;
        for (int i = 0; i < parts; i++) {
            slots[i] = next;
            next += sizes[i];
        }
        Py_BEGIN_ALLOW_THREADS;
        for (Py_ssize_t i = 0; i < count; i++) {
            encoder_layer(hidden.buf, bias.buf, batch, length, &stack[i], &work);
        }
        Py_END_ALLOW_THREADS;
    }
    PyMem_RawFree(arena);
    release_views(views, held);
    PyMem_Free(views);
    PyMem_Free(stack);
    PyBuffer_Release(&bias);
    PyBuffer_Release(&hidden);
    if (failed) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, bind_doc},
    {"layers", layers, METH_VARARGS, layers_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef encoder_module = {
    PyModuleDef_HEAD_INIT, "lurewatch._encoder", "MiniLM's encoder layers without the GIL.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__encoder(void)
{
    return PyModule_Create(&encoder_module);
}
