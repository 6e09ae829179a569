"""Golden values for src/linalg from numpy/scipy (LAPACK). Run: python3 tests/golden/make_linalg.py

Writes tests/golden/linalg.json: fixed small input matrices and numpy/scipy results for
cholesky, solve, det, slogdet, inv, qr (R), lstsq (min-norm and ridge), eigvalsh, eigh
projectors, svd singular values, pinv, matrix_rank, cond, expm, logm, sqrtm and kron.
"""
import json
import os

import numpy as np
import scipy
import scipy.linalg as sl

rng = np.random.default_rng(20261129)

spd = np.array([[4.0, 1.0, 0.5, 0.0], [1.0, 3.0, 0.2, 0.1], [0.5, 0.2, 2.0, 0.3], [0.0, 0.1, 0.3, 1.5]])
gen = np.array([[2.0, -1.0, 0.0, 3.0], [1.0, 4.0, -2.0, 0.5], [0.0, 1.0, 1.0, -1.0], [5.0, 0.0, 2.0, 1.0]])
tall = np.round(rng.standard_normal((6, 3)), 3)
wide = np.round(rng.standard_normal((3, 5)), 3)
rankdef = np.outer([1.0, 2.0, 3.0, 4.0], [1.0, -1.0, 2.0]) + np.outer([0.0, 1.0, 0.0, 1.0], [2.0, 0.0, 1.0])
b4 = np.array([1.0, -2.0, 0.5, 3.0])
y6 = np.round(rng.standard_normal(6), 3)
y4 = np.array([1.0, 0.0, -1.0, 2.0])
ridge = 0.3

w, v = np.linalg.eigh(spd)
# Eigenvectors are unique up to sign (all eigenvalues simple): store the projectors v v^T.
projectors = [np.outer(v[:, i], v[:, i]).tolist() for i in range(4)]
q, r = np.linalg.qr(tall)

out = {
    "generator": "tests/golden/make_linalg.py",
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "inputs": {
        "spd": spd.tolist(), "gen": gen.tolist(), "tall": tall.tolist(), "wide": wide.tolist(),
        "rankdef": rankdef.tolist(), "b4": b4.tolist(), "y6": y6.tolist(), "y4": y4.tolist(),
        "ridge": ridge,
    },
    "cholesky_spd": np.linalg.cholesky(spd).tolist(),
    "solve_gen_b4": np.linalg.solve(gen, b4).tolist(),
    "det_gen": float(np.linalg.det(gen)),
    "slogdet_gen": [float(s) for s in np.linalg.slogdet(gen)],
    "inv_gen": np.linalg.inv(gen).tolist(),
    "qr_tall_r": r.tolist(),
    "lstsq_tall_y6": np.linalg.lstsq(tall, y6, rcond=None)[0].tolist(),
    "lstsq_rankdef_y4": np.linalg.lstsq(rankdef, y4, rcond=None)[0].tolist(),
    "rank_rankdef": int(np.linalg.matrix_rank(rankdef)),
    "ridge_tall_y6": np.linalg.solve(tall.T @ tall + ridge * np.eye(3), tall.T @ y6).tolist(),
    "eigvalsh_spd": w.tolist(),
    "eigh_spd_projectors": projectors,
    "svdvals_tall": np.linalg.svd(tall, compute_uv=False).tolist(),
    "svdvals_wide": np.linalg.svd(wide, compute_uv=False).tolist(),
    "pinv_wide": np.linalg.pinv(wide).tolist(),
    "pinv_rankdef": np.linalg.pinv(rankdef).tolist(),
    "cond_gen": float(np.linalg.cond(gen)),
    "expm_spd": sl.expm(spd).tolist(),
    "logm_spd": np.real(sl.logm(spd)).tolist(),
    "sqrtm_spd": np.real(sl.sqrtm(spd)).tolist(),
    "kron_gen_spd_trace": float(np.trace(np.kron(gen, spd))),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "linalg.json")
with open(path, "w") as f:
    json.dump(out, f)
    f.write("\n")
print("wrote", path)
