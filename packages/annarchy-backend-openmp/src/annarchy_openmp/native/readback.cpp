// Network-independent read-back of recorded spikes, compiled when the backend is installed.
//
// spike_lists: the {rank: [steps]} trains of Monitor.get('spike') as Python lists, built in
// one pass over the spikes in the order they were emitted (their steps never decrease), so
// that each train is in ascending order without sorting. Where the recording spans no more
// steps than it has spikes, the spikes of one step share one Python int from a table of the
// steps: 8 bytes per spike in the lists instead of 40, and the table is read in order.
//
// group_steps: the same trains as flat arrays (the bounds of each group's train and the steps,
// group by group): a counting sort of the spikes by group that keeps the order of emission,
// two passes without any comparison sort.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace py = pybind11;

template <typename T>
using carray = py::array_t<T, py::array::c_style>;

namespace {

// Python objects owned until release() (freed on an error).
struct Owned {
    std::vector<PyObject*> objects;
    ~Owned()
    {
        for (PyObject* o : objects) {
            Py_XDECREF(o);
        }
    }
    PyObject* release(size_t i)
    {
        PyObject* o = objects[i];
        objects[i] = nullptr;
        return o;
    }
};

PyObject* checked(PyObject* o)
{
    if (o == nullptr) {
        throw py::error_already_set();
    }
    return o;
}

// The number of spikes; throws when steps and groups differ in length.
template <typename Group>
int64_t checked_size(const char* what, const carray<int64_t>& steps, const carray<Group>& groups,
                     int64_t ngroups)
{
    if (groups.size() != steps.size() || ngroups < 0) {
        throw std::invalid_argument(std::string(what)
                                    + ": steps and groups must have the same length");
    }
    return steps.size();
}

template <typename Group>
py::object spike_lists(carray<int64_t> steps_in, carray<Group> groups_in, int64_t ngroups)
{
    const int64_t n = checked_size("spike_lists", steps_in, groups_in, ngroups);
    const int64_t* steps = steps_in.data();
    const Group* groups = groups_in.data();
    std::vector<Py_ssize_t> counts(static_cast<size_t>(ngroups), 0);
    int64_t first = std::numeric_limits<int64_t>::max();
    int64_t last = std::numeric_limits<int64_t>::min();
    for (int64_t i = 0; i < n; ++i) {
        if (i > 0 && steps[i] < steps[i - 1]) {
            return py::none();  // not in the order of emission: the caller sorts
        }
        const int64_t g = static_cast<int64_t>(groups[i]);
        if (g >= 0 && g < ngroups) {
            ++counts[static_cast<size_t>(g)];
            first = std::min(first, steps[i]);
            last = std::max(last, steps[i]);
        }
    }
    Owned table;
    const bool shared = first <= last && last - first < n && last - first < (int64_t{1} << 31);
    if (shared) {
        table.objects.assign(static_cast<size_t>(last - first + 1), nullptr);
        for (int64_t k = 0; k <= last - first; ++k) {
            table.objects[static_cast<size_t>(k)] = checked(PyLong_FromLongLong(first + k));
        }
    }
    Owned lists;
    lists.objects.assign(static_cast<size_t>(ngroups), nullptr);
    for (int64_t g = 0; g < ngroups; ++g) {
        lists.objects[static_cast<size_t>(g)] = checked(PyList_New(counts[static_cast<size_t>(g)]));
    }
    std::vector<Py_ssize_t> cursor(static_cast<size_t>(ngroups), 0);
    for (int64_t i = 0; i < n; ++i) {
        const int64_t g = static_cast<int64_t>(groups[i]);
        if (g < 0 || g >= ngroups) {
            continue;
        }
        PyObject* value;
        if (shared) {
            value = table.objects[static_cast<size_t>(steps[i] - first)];
            Py_INCREF(value);
        } else {
            value = checked(PyLong_FromLongLong(steps[i]));
        }
        PyList_SET_ITEM(lists.objects[static_cast<size_t>(g)], cursor[static_cast<size_t>(g)]++,
                        value);
    }
    PyObject* out = checked(PyList_New(static_cast<Py_ssize_t>(ngroups)));
    for (int64_t g = 0; g < ngroups; ++g) {
        PyList_SET_ITEM(out, static_cast<Py_ssize_t>(g), lists.release(static_cast<size_t>(g)));
    }
    return py::reinterpret_steal<py::object>(out);
}

template <typename Group>
py::object group_steps(carray<int64_t> steps_in, carray<Group> groups_in, int64_t ngroups)
{
    const int64_t n = checked_size("group_steps", steps_in, groups_in, ngroups);
    const int64_t* steps = steps_in.data();
    const Group* groups = groups_in.data();
    carray<int64_t> ptr_out(static_cast<py::ssize_t>(ngroups + 1));
    int64_t* ptr = ptr_out.mutable_data();
    bool ordered = true;
    {
        py::gil_scoped_release unlocked;
        std::fill(ptr, ptr + ngroups + 1, int64_t{0});
        for (int64_t i = 0; i < n; ++i) {
            if (i > 0 && steps[i] < steps[i - 1]) {
                ordered = false;
                break;
            }
            const int64_t g = static_cast<int64_t>(groups[i]);
            if (g >= 0 && g < ngroups) {
                ++ptr[g + 1];
            }
        }
        for (int64_t g = 0; g < ngroups; ++g) {
            ptr[g + 1] += ptr[g];
        }
    }
    if (!ordered) {
        return py::none();  // not in the order of emission: the caller sorts
    }
    carray<int64_t> out(static_cast<py::ssize_t>(ptr[ngroups]));
    int64_t* grouped = out.mutable_data();
    {
        py::gil_scoped_release unlocked;
        std::vector<int64_t> cursor(ptr, ptr + ngroups);
        for (int64_t i = 0; i < n; ++i) {
            const int64_t g = static_cast<int64_t>(groups[i]);
            if (g >= 0 && g < ngroups) {
                grouped[cursor[static_cast<size_t>(g)]++] = steps[i];
            }
        }
    }
    return py::make_tuple(ptr_out, out);
}

}  // namespace

PYBIND11_MODULE(_readback, m)
{
    m.doc() = "Spike read-back helpers of the OpenMP backend (network-independent).";
    m.def("spike_lists32", &spike_lists<int32_t>, py::arg("steps"), py::arg("groups"),
          py::arg("ngroups"));
    m.def("spike_lists64", &spike_lists<int64_t>, py::arg("steps"), py::arg("groups"),
          py::arg("ngroups"));
    m.def("group_steps32", &group_steps<int32_t>, py::arg("steps"), py::arg("groups"),
          py::arg("ngroups"));
    m.def("group_steps64", &group_steps<int64_t>, py::arg("steps"), py::arg("groups"),
          py::arg("ngroups"));
}
