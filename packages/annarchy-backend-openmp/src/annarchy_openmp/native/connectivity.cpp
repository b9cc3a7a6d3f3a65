// Network-independent helpers for large connectivities, compiled when the backend is installed.
//
// pre_index: the pre-synaptic index of a CSR (synapses grouped by pre-synaptic rank, in CSR
// order within a rank) by a counting sort: two passes over the synapses, no temporary array
// beyond one cursor per pre-synaptic neuron. The second pass scatters every synapse to its
// rank's slot, a cache miss each for large networks: threads share it by ranges of pre-synaptic
// ranks holding equal numbers of synapses, each thread reading every synapse and writing those
// of its ranks (the same arrays whatever the number of threads).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace py = pybind11;

template <typename T>
using carray = py::array_t<T, py::array::c_style>;

template <typename T>
static T* data_of(carray<T>& a, int64_t n, const char* what)
{
    if (a.ndim() != 1 || a.shape(0) != n) {
        throw std::invalid_argument(std::string("pre_index: '") + what + "' must hold " +
                                    std::to_string(n) + " values");
    }
    return a.mutable_data();
}

// Threads of the scatter: `threads` when positive, else OpenMP's (at most 8; one below a
// million synapses, where starting them costs more than they save).
static int scatter_threads(int threads, int64_t nnz)
{
#ifdef _OPENMP
    if (threads <= 0)
        threads = nnz < (int64_t(1) << 20) ? 1 : std::min(omp_get_max_threads(), 8);
    return std::max(threads, 1);
#else
    (void)threads;
    (void)nnz;
    return 1;
#endif
}

template <typename Index>
static void pre_index(carray<int32_t> pre_ranks, carray<int64_t> row_ptr,
                      carray<int32_t> post_ranks, int64_t npre, carray<int64_t> pre_ptr,
                      carray<Index> pre_syn, carray<int32_t> pre_post, int threads)
{
    const int64_t rows = post_ranks.shape(0);
    const int64_t* ptr = data_of(row_ptr, rows + 1, "row_ptr");
    const int64_t nnz = rows ? ptr[rows] : 0;
    const int32_t* pre = data_of(pre_ranks, nnz, "pre_ranks");
    const int32_t* post = post_ranks.data();
    int64_t* out_ptr = data_of(pre_ptr, npre + 1, "pre_ptr");
    Index* out_syn = data_of(pre_syn, nnz, "pre_syn");
    int32_t* out_post = pre_post.shape(0) ? data_of(pre_post, nnz, "pre_post") : nullptr;
    bool bad = false;
    {
        py::gil_scoped_release release;
        for (int64_t j = 0; j <= npre; j++) out_ptr[j] = 0;
        for (int64_t k = 0; k < nnz; k++) {
            const int32_t j = pre[k];
            if (j < 0 || j >= npre) {
                bad = true;
                break;
            }
            out_ptr[j + 1]++;
        }
        if (!bad) {
            for (int64_t j = 0; j < npre; j++) out_ptr[j + 1] += out_ptr[j];
            const int nt = scatter_threads(threads, nnz);
            std::vector<int64_t> cursor(out_ptr, out_ptr + npre);
            std::vector<int64_t> cut(nt + 1, npre);
            cut[0] = 0;
            for (int t = 1; t < nt; t++) {  // the first rank whose slots start past t/nt
                const int64_t goal = nnz / nt * t;
                cut[t] = std::lower_bound(out_ptr, out_ptr + npre + 1, goal) - out_ptr;
                cut[t] = std::min(std::max(cut[t], cut[t - 1]), npre);
            }
#ifdef _OPENMP
            #pragma omp parallel num_threads(nt)
#endif
            {
#ifdef _OPENMP
                const int t = omp_get_thread_num();
#else
                const int t = 0;
#endif
                const int64_t lo = cut[t], width = cut[t + 1] - cut[t];
                for (int64_t r = 0; r < rows; r++) {
                    for (int64_t k = ptr[r]; k < ptr[r + 1]; k++) {
                        const int64_t j = pre[k];
                        if (static_cast<uint64_t>(j - lo) >= static_cast<uint64_t>(width))
                            continue;
                        const int64_t e = cursor[j]++;
                        out_syn[e] = static_cast<Index>(k);
                        if (out_post) out_post[e] = post[r];
                    }
                }
            }
        }
    }
    if (bad) throw std::invalid_argument("pre_index: a pre-synaptic rank is outside [0, npre)");
}

PYBIND11_MODULE(_connectivity, m)
{
    m.doc() = "Network-independent connectivity helpers (pre-synaptic index of a CSR).";
    m.def("pre_index32", &pre_index<int32_t>, py::arg("pre_ranks"), py::arg("row_ptr"),
          py::arg("post_ranks"), py::arg("npre"), py::arg("pre_ptr"), py::arg("pre_syn"),
          py::arg("pre_post"), py::arg("threads") = 0);
    m.def("pre_index64", &pre_index<int64_t>, py::arg("pre_ranks"), py::arg("row_ptr"),
          py::arg("post_ranks"), py::arg("npre"), py::arg("pre_ptr"), py::arg("pre_syn"),
          py::arg("pre_post"), py::arg("threads") = 0);
}
