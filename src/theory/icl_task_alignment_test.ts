import assert from "node:assert/strict";
import { powerLawSpectrum } from "../data/icl_covariances.ts";
import { alignmentMetrics, iclAlignmentError } from "./icl_task_alignment.ts";

const close = (a: number, b: number, tol: number, msg = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

const P = { alpha: 2, tau: 4, rho: 0.01 };

Deno.test("C_train = I gives the same e_misalign for every C_test of equal trace", () => {
  const d = 60;
  const train = new Float64Array(d).fill(1);
  const ref = iclAlignmentError(train, train, { ...P, kappa: 0.7 });
  for (const p of [0.5, 1, 2.5]) {
    const r = iclAlignmentError(train, powerLawSpectrum(d, { exponent: p }), { ...P, kappa: 0.7 });
    close(r.eMisalign, ref.eMisalign, 1e-12, `p_test=${p}`);
    close(r.eIcl, ref.eIcl, 1e-12, `p_test=${p}`);
  }
});

Deno.test("same-order sorting < reversed (Cor. 4.1); top-eigvec spike is optimal (Cor. 4.2)", () => {
  const d = 80;
  const train = powerLawSpectrum(d, { exponent: 1.2 });
  const test = powerLawSpectrum(d, { exponent: 0.8 });
  const rev = test.slice().reverse();
  for (const tau of [0.5, 4]) {
    for (const kappa of [0.3, 3]) {
      const p = { ...P, tau, kappa };
      const a = iclAlignmentError(train, test, p).eIcl;
      const r = iclAlignmentError(train, rev, p).eIcl;
      assert.ok(a < r, `aligned ${a} < reversed ${r} at τ=${tau} κ=${kappa}`);
      // the trace-d spike on the top train direction beats every other spike and the aligned test
      const spikeErr = (j: number) => {
        const c = new Float64Array(d);
        c[j] = d;
        return iclAlignmentError(train, c, p).eIcl;
      };
      const top = spikeErr(0);
      for (const j of [1, 5, 40, d - 1]) assert.ok(top <= spikeErr(j));
      assert.ok(top <= a);
    }
  }
});

Deno.test("e_scalar is invariant under rotations of C_test; K ordered opposite to C_train (τ > 1)", () => {
  const d = 6;
  const train = powerLawSpectrum(d, { exponent: 1 });
  const diag = powerLawSpectrum(d, { exponent: 0.5 });
  // rotate C_test = diag by a Givens rotation mixing coordinates 0 and 3 (trace preserved)
  const th = 0.7;
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = diag[i];
  const c = Math.cos(th);
  const s = Math.sin(th);
  const [a0, a3] = [diag[0], diag[3]];
  m[0] = c * c * a0 + s * s * a3;
  m[3 * d + 3] = s * s * a0 + c * c * a3;
  m[3] = m[3 * d] = c * s * (a3 - a0);
  const p = { ...P, kappa: 1.3 };
  const r0 = iclAlignmentError(train, diag, p);
  const r1 = iclAlignmentError(train, m, p);
  close(r1.eScalar, r0.eScalar, 1e-12, "e_scalar rotation invariant");
  assert.ok(Math.abs(r1.eMisalign - r0.eMisalign) > 1e-4, "misalignment does change");
  for (const tau of [1.5, 4, 40]) {
    for (const kappa of [0.2, 1, 8]) {
      const k =
        iclAlignmentError(powerLawSpectrum(50, { exponent: 1.5 }), new Float64Array(50).fill(1), {
          ...P,
          tau,
          kappa,
        }).k;
      for (let i = 1; i < 50; i++) {
        assert.ok(k[i] >= k[i - 1] - 1e-15, `K non-increasing in λ, τ=${tau}`);
      }
    }
  }
});

Deno.test("alignment theory table: specialisation vs generalisation (d = 200, α = 2, τ = 4, p_test = 1; ±1.5e-3)", () => {
  const d = 200;
  const test = powerLawSpectrum(d, { exponent: 1 });
  const ptr = [0, 0.5, 1, 1.5, 2, 3];
  const table: [number, number[]][] = [
    [0.2, [0.975, 0.763, 0.589, 0.503, 0.493, 0.574]],
    [1, [0.643, 0.453, 0.389, 0.389, 0.443, 0.563]],
    [8, [0.475, 0.364, 0.331, 0.360, 0.431, 0.560]],
  ];
  for (const [kappa, row] of table) {
    ptr.forEach((p, i) => {
      const e = iclAlignmentError(powerLawSpectrum(d, { exponent: p }), test, { ...P, kappa }).eIcl;
      close(e, row[i], 1.5e-3, `κ=${kappa} p_tr=${p}`);
    });
  }
});

Deno.test("alignment: more diversity hurts for weak-direction tests; aligned decreases; rank-r transition", () => {
  const d = 200;
  const train = powerLawSpectrum(d, { exponent: 2 });
  const weak = new Float64Array(d);
  for (let i = d - 20; i < d; i++) weak[i] = d / 20;
  const ks = [0.1, 0.2, 0.5, 1, 2, 4, 8, 32];
  const want = [1.074, 1.083, 1.088, 1.089, 1.090, 1.090, 1.090, 1.090];
  let prev = -Infinity;
  ks.forEach((kappa, i) => {
    const e = iclAlignmentError(train, weak, { ...P, kappa }).eIcl;
    close(e, want[i], 1e-3, `weak κ=${kappa}`);
    assert.ok(e >= prev);
    prev = e;
  });
  const al = powerLawSpectrum(d, { exponent: 1 });
  const ea = (kappa: number) => iclAlignmentError(al, al, { ...P, kappa }).eIcl;
  close(ea(0.2), 0.589, 1e-3, "aligned κ=0.2");
  close(ea(8), 0.331, 1e-3, "aligned κ=8");
  assert.ok(ea(0.2) > ea(1) && ea(1) > ea(8));
  // the rank-r transition numbers hold with C_test = C_train (PAPERS.md): rank r = d/4
  const lr = new Float64Array(d);
  for (let i = 0; i < 50; i++) lr[i] = 4;
  const er = (kappa: number) => iclAlignmentError(lr, lr, { ...P, kappa }).eIcl;
  close(er(0.1), 0.698, 1e-3, "r/d=0.25 κ=0.1");
  close(er(0.25), 0.305, 1e-3, "r/d=0.25 κ=0.25");
  close(er(1), 0.17, 1e-3, "r/d=0.25 κ=1");
});

Deno.test("alignmentMetrics: ⟨C,K⟩ = e_misalign, identities of the other metrics; errors named", () => {
  const d = 30;
  const tr = powerLawSpectrum(d, { exponent: 1 });
  const te = powerLawSpectrum(d, { exponent: 0.5 });
  const p = { ...P, kappa: 2 };
  const m = alignmentMetrics(tr, te, p);
  close(m.kAlignment, iclAlignmentError(tr, te, p).eMisalign, 1e-15);
  let pop = 0;
  for (let i = 0; i < d; i++) pop += te[i] / tr[i];
  close(m.population, pop / d, 1e-12);
  close(alignmentMetrics(tr, tr, p).inverseCka, 1, 1e-12, "CKA(A, A) = 1");
  assert.ok(m.inverseCka > 1);
  assert.throws(
    () => alignmentMetrics(tr, te.subarray(1), p),
    /alignmentMetrics: argument "testDiag"/,
  );
  assert.throws(() => iclAlignmentError(tr, [1, 2], p), /iclAlignmentError: argument "testCov"/);
  assert.throws(() => iclAlignmentError(tr, te, { ...p, alpha: -1 }), /argument "alpha"/);
  assert.equal(iclAlignmentError(tr, te, { ...p, tau: 1 }).eIcl, Infinity);
});
