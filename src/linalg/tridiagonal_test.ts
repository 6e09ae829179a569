import assert from "node:assert/strict";
import { shutdownWorkers } from "../backend/wasm/mod.ts";
import { sytrdF64 } from "./core/tridiagonal.ts";
import { backwardRatio, gaussian, mm, orthRatio, THRESH, withSpectrum } from "./_testing.ts";

Deno.test("sytrdF64: ‖A − QTQᵀ‖/(n·eps·‖A‖) and ‖QᵀQ − I‖/(n·eps) < 30, blocked and not", async () => {
  const cases: [number, number][] = [[0, 4], [1, 4], [2, 4], [3, 4], [10, 3], [33, 8], [129, 32], [
    150,
    16,
  ]];
  for (const [n, nb] of cases) {
    const g = gaussian(n + 50, n, n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = g[i * n + j] + g[j * n + i];
    }
    const { d, e, q } = sytrdF64(a, { n, blockSize: nb });
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      t[i * n + i] = d[i];
      if (i < n - 1) t[(i + 1) * n + i] = t[i * n + i + 1] = e[i];
    }
    const rec = mm(mm(q!, t, n, n, n), q!, n, n, n, { transB: true });
    const r = backwardRatio(a, rec, n);
    const o = orthRatio(q!, n, n);
    assert.ok(r < THRESH && o < THRESH, `n=${n} nb=${nb}: ${r} ${o}`);
    // T without Q is the same T.
    const only = sytrdF64(a, { n, blockSize: nb, wantQ: false });
    assert.deepEqual(only.d, d);
    assert.deepEqual(only.e, e);
    assert.equal(only.q, null);
  }
  // A matrix that is already diagonal (all reflectors skipped, τ = 0).
  const diag = withSpectrum(1, [1, 2, 3]).map((v, i) => (i % 4 === 0 ? v : 0));
  const r = sytrdF64(diag, { n: 3 });
  assert.deepEqual([...r.e], [0, 0]);
  assert.deepEqual([...r.q!], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  await shutdownWorkers();
});
