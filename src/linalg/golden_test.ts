/**
 * Golden values from numpy/scipy (LAPACK) for fixed small matrices, made by
 * tests/golden/make_linalg.py. Tolerances are 1e-12 relative to the size of the reference:
 * all matrices here have condition numbers below 1e2, so backward-stable algorithms on both
 * sides agree to ~1e-14.
 */
import assert from "node:assert/strict";
import { array, type Nested } from "../array/mod.ts";
import {
  cholesky,
  cond,
  det,
  eigh,
  eigvalsh,
  expm,
  inv,
  kron,
  logm,
  lstsq,
  matrixRank,
  pinv,
  qr,
  slogdet,
  solve,
  sqrtm,
  svdvals,
  trace,
} from "./mod.ts";

const golden = JSON.parse(
  await Deno.readTextFile(new URL("../../tests/golden/linalg.json", import.meta.url)),
);
const inp = golden.inputs;
const A = (x: Nested) => array(x);

function close(actual: ArrayLike<number> | number, expected: Nested, label: string, tol = 1e-12) {
  const exp = [expected].flat(Infinity as 1) as number[];
  const act = typeof actual === "number" ? [actual] : Array.from(actual);
  assert.equal(act.length, exp.length, label);
  const scale = Math.max(1, ...exp.map(Math.abs));
  for (let i = 0; i < exp.length; i++) {
    assert.ok(Math.abs(act[i] - exp[i]) <= tol * scale, `${label}[${i}]: ${act[i]} vs ${exp[i]}`);
  }
}

Deno.test("golden (numpy/scipy): factorizations and solves", () => {
  close(cholesky(A(inp.spd)).dataSync(), golden.cholesky_spd, "cholesky");
  close(solve(A(inp.gen), A(inp.b4)).dataSync(), golden.solve_gen_b4, "solve");
  close(det(A(inp.gen)), golden.det_gen, "det");
  const sd = slogdet(A(inp.gen));
  close([sd.sign, sd.logabsdet], golden.slogdet_gen, "slogdet");
  close(inv(A(inp.gen)).dataSync(), golden.inv_gen, "inv");
  close(qr(A(inp.tall)).r.dataSync(), golden.qr_tall_r, "qr R (LAPACK sign convention)");
  close(lstsq(A(inp.tall), A(inp.y6)).x.dataSync(), golden.lstsq_tall_y6, "lstsq");
  close(lstsq(A(inp.rankdef), A(inp.y4)).x.dataSync(), golden.lstsq_rankdef_y4, "lstsq min-norm");
  assert.equal(matrixRank(A(inp.rankdef)), golden.rank_rankdef);
  close(
    lstsq(A(inp.tall), A(inp.y6), { ridge: inp.ridge }).x.dataSync(),
    golden.ridge_tall_y6,
    "ridge",
  );
});

Deno.test("golden (numpy/scipy): spectra and matrix functions", () => {
  close(eigvalsh(A(inp.spd)).dataSync(), golden.eigvalsh_spd, "eigvalsh");
  const { values, vectors } = eigh(A(inp.spd));
  close(values.dataSync(), golden.eigvalsh_spd, "eigh values");
  const q = vectors.dataSync();
  for (let k = 0; k < 4; k++) {
    const p: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) p.push(q[i * 4 + k] * q[j * 4 + k]);
    close(p, golden.eigh_spd_projectors[k], `eigh projector ${k}`);
  }
  close(svdvals(A(inp.tall)).dataSync(), golden.svdvals_tall, "svdvals tall");
  close(svdvals(A(inp.wide)).dataSync(), golden.svdvals_wide, "svdvals wide");
  close(pinv(A(inp.wide)).dataSync(), golden.pinv_wide, "pinv wide");
  close(pinv(A(inp.rankdef)).dataSync(), golden.pinv_rankdef, "pinv rank-deficient", 1e-11);
  close(cond(A(inp.gen)), golden.cond_gen, "cond");
  close(expm(A(inp.spd)).dataSync(), golden.expm_spd, "expm vs scipy (Padé)");
  close(logm(A(inp.spd)).dataSync(), golden.logm_spd, "logm vs scipy (Schur)");
  close(sqrtm(A(inp.spd)).dataSync(), golden.sqrtm_spd, "sqrtm vs scipy (Schur)");
  close(trace(kron(A(inp.gen), A(inp.spd))), golden.kron_gen_spd_trace, "trace(kron)");
});
