"""The device random number generator (templates/rng.cuh.j2), compiled for the host with small
shims for the CUDA intrinsics, against Philox-4x32-10's published known answers and a Python
model of the CPU backend's key scheme and transforms."""

from __future__ import annotations

import math
import shutil
import subprocess

import pytest
from annarchy_cuda.codegen import environment

M32 = 0xFFFFFFFF
SHIMS = """
#include <cmath>
#include <cstdio>
using std::sqrt; using std::log; using std::cos; using std::exp; using std::pow;
#define __device__
static inline unsigned int __umulhi(unsigned int a, unsigned int b)
{ return (unsigned int)(((unsigned long long)a * b) >> 32); }
static inline double __dmul_rn(double a, double b) { volatile double r = a * b; return r; }
static inline double __dadd_rn(double a, double b) { volatile double r = a + b; return r; }
"""
MAIN = """
int main() {
    const unsigned int ctr[3][4] = {{0u, 0u, 0u, 0u},
        {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
        {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}};
    const unsigned long long key[3] = {0ull, 0xffffffffffffffffull,
        (0x299f31d0ull << 32) | 0xa4093822ull};
    for (int c = 0; c < 3; c++) {
        const unsigned long long index = ((unsigned long long)ctr[c][3] << 32) | ctr[c][2];
        ann_u32x4 x = ann_philox(key[c], ctr[c][0], ctr[c][1], index);
        printf("%08x %08x %08x %08x\\n", x.v[0], x.v[1], x.v[2], x.v[3]);
    }
    for (long long step = 0; step < 3; step++)
        for (unsigned long long i = 0; i < 3; i++)
            printf("%.17g %.17g\\n", ann_uniform(42ull, step, 3u, i, -1.0, 2.0),
                   ann_normal(42ull, step, 3u, i, 0.5, 2.0));
    return 0;
}
"""


def philox(counter, key):
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for _ in range(10):
        p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
        c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & M32, (p0 >> 32) ^ c3 ^ k1, p0 & M32
        k0, k1 = (k0 + 0x9E3779B9) & M32, (k1 + 0xBB67AE85) & M32
    return c0, c1, c2, c3


def bits(seed, step, uid, index):
    """The CPU backend's key: (seed) x (step, uid << 16 | sub, index low, index high)."""
    counter = (step & M32, (uid << 16) & M32, index & M32, index >> 32)
    return philox(counter, (seed & M32, seed >> 32))


def open01(hi, lo):
    return (float(((hi << 32) | lo) >> 11) + 0.5) * 2.0**-53


@pytest.fixture(scope="module")
def host_output(tmp_path_factory):
    compiler = shutil.which("g++") or shutil.which("c++")
    if compiler is None:
        pytest.skip("no host C++ compiler")
    rng = environment().get_template("rng.cuh.j2").render()
    folder = tmp_path_factory.mktemp("rng")
    (folder / "rng.cpp").write_text(SHIMS + rng + MAIN)
    command = [compiler, "-O1", "-ffp-contract=off", "rng.cpp", "-o", "rng"]
    subprocess.run(command, cwd=folder, check=True, capture_output=True)
    result = subprocess.run([str(folder / "rng")], check=True, capture_output=True, text=True)
    return result.stdout.split("\n")


def test_philox_known_answers(host_output):
    # Random123's known-answer vectors for philox4x32-10
    assert host_output[0] == "6627e8d5 e169c58d bc57ac4c 9b00dbd8"
    assert host_output[1] == "408f276d 41c83b0e a20bc7c6 6d5451fd"
    assert host_output[2] == "d16cfe09 94fdcceb 5001e420 24126ea1"
    assert philox((0, 0, 0, 0), (0, 0)) == (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)


def test_uniform_and_normal_follow_the_shared_key_scheme(host_output):
    lines = host_output[3:12]
    for n, line in enumerate(lines):
        step, index = divmod(n, 3)
        uniform, normal = (float(v) for v in line.split())
        x = bits(42, step, 3, index)
        assert uniform == -1.0 + 3.0 * open01(x[0], x[1])  # bit-exact
        u1, u2 = open01(x[0], x[1]), open01(x[2], x[3])
        expected = 0.5 + 2.0 * (math.sqrt(-2.0 * math.log(u1)) * math.cos(6.283185307179586 * u2))
        assert normal == pytest.approx(expected, rel=1e-15, abs=1e-15)
        assert -1.0 < uniform < 2.0
