"""Golden values for src/theory/gaussian_expectations.ts from scipy adaptive quadrature.
Run: python3 tests/golden/make_gaussian_expectations.py

Writes tests/golden/gaussian_expectations.json: E[tanh(x)^2] and E[sech(x)^2] for x ~ N(0, q), and
F_tanh(qa, qb, qab) = E[tanh(x) tanh(y)] for (x, y) jointly Gaussian with variances qa, qb and
covariance qab (the Ising closure of the kinetic-glass DMFT, arXiv:2507.18461; PAPERS.md "Kinetic
glass"). Each 1-d value is scipy.integrate.quad over the real line (epsabs 1e-14); each 2-d value
is an outer quad over z1 of the inner conditional expectation, also by quad. q = 5.867 is the
field variance of the kinetic-glass bound example: E[tanh^2] = 0.690871...
"""
import json
import os

import numpy as np
import scipy
from scipy import integrate

EPS = dict(epsabs=1e-14, epsrel=1e-13, limit=400)


def gauss1(f, q):
    s = np.sqrt(q)
    g = lambda z: f(s * z) * np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    return integrate.quad(g, -np.inf, np.inf, **EPS)[0]


def tanh_product(qa, qb, qab):
    r = qab / np.sqrt(qa * qb)
    c = np.sqrt(1 - r * r)
    sa, sb = np.sqrt(qa), np.sqrt(qb)

    def inner(z1):
        m = sb * r * z1
        h = lambda z2: np.tanh(m + sb * c * z2) * np.exp(-0.5 * z2 * z2) / np.sqrt(2 * np.pi)
        return np.tanh(sa * z1) * integrate.quad(h, -np.inf, np.inf, **EPS)[0]

    g = lambda z1: inner(z1) * np.exp(-0.5 * z1 * z1) / np.sqrt(2 * np.pi)
    return integrate.quad(g, -np.inf, np.inf, **EPS)[0]


def sech2(x):
    e = np.exp(-2 * abs(x))  # sech^2 x = 4 e^{-2|x|} / (1 + e^{-2|x|})^2, no overflow
    return 4 * e / (1 + e) ** 2


qs = [0.3, 2.0, 5.867]
triples = [[2.0, 1.0, 0.9], [5.0, 5.0, -2.0], [4.0, 2.5, 1.7], [5.867, 5.867, 2.0]]
out = {
    "generator": "tests/golden/make_gaussian_expectations.py",
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "tanhSquared": [{"q": q, "value": gauss1(lambda x: np.tanh(x) ** 2, q)} for q in qs],
    "sech2": [{"q": q, "value": gauss1(sech2, q)} for q in qs],
    "tanhProduct": [
        {"qa": a, "qb": b, "qab": c, "value": tanh_product(a, b, c)} for a, b, c in triples
    ],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gaussian_expectations.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out, indent=1))
