/**
 * WGSL for batched, strided GEMM `C[b] = alpha·op(A[b])·op(B[b]) + beta·C[b]`, specialised on its
 * tile sizes.
 *
 * Each workgroup computes a `BM × BN` block of C with `(BM/TM) × (BN/TN)` threads, each holding a
 * `TM × TN` register tile. Per step of `BK` along k, the workgroup stages an `BM × BK` panel of A
 * and a `BK × BN` panel of B in workgroup memory (A stored k-major so both panels are read with
 * unit stride in the inner product). Operands are read through general strides, so transposes,
 * slices and broadcast batches need no copies; per-batch base offsets come from a small table.
 *
 * Metadata (array<u32>): `[M, N, K, sAi, sAk, sBk, sBj, batches, ldc, bits(alpha), bits(beta)]`;
 * offsets table `[offA_0, offB_0, offC_0, offA_1, ...]`; `C[b]` is row-major with leading
 * dimension `ldc` from `offC_b`. `beta = 0`: C is not read; `alpha = 0`: the product is not used
 * (reference BLAS semantics, so NaN in A or B does not reach C).
 * @module
 */

/** Tile sizes of a GEMM kernel. */
export interface GemmTile {
  /** Rows of C per workgroup. */
  BM: number;
  /** Columns of C per workgroup. */
  BN: number;
  /** Depth of the k panel staged in workgroup memory. */
  BK: number;
  /** Rows per thread (register tile). */
  TM: number;
  /** Columns per thread (register tile). */
  TN: number;
}

/** The default tile: 64×64 blocks, 4×4 per thread, k panels of 16 (256 threads). */
export const DEFAULT_TILE: GemmTile = { BM: 64, BN: 64, BK: 16, TM: 4, TN: 4 };

/** Validate a tile: thread counts must divide the panel loads and stay within 1024 threads. */
export function checkTile(t: GemmTile): void {
  const tx = t.BN / t.TN, ty = t.BM / t.TM, nt = tx * ty;
  const ok = Number.isInteger(tx) && Number.isInteger(ty) && nt <= 1024 && nt >= 1 &&
    t.TN % 4 === 0 &&
    (t.BM * t.BK) % nt === 0 && (t.BK * t.BN) % nt === 0 &&
    4 * (t.BK * (t.BM + t.BN)) <= 32768;
  if (!ok) {
    throw new Error(
      `gemmWgsl: argument "tile" must have TN a multiple of 4, BN/TN·BM/TM ≤ 1024 threads ` +
        `dividing both panels and ` +
        `fit 32 KiB of workgroup memory, got ${JSON.stringify(t)}`,
    );
  }
}

/**
 * The WGSL source of a GEMM kernel with tile `t`. The register tile is generated fully unrolled
 * (`TM` rows × `TN/4` vec4 accumulators with named variables): private arrays indexed in loops
 * made llvmpipe's LLVM spend a minute compiling one pipeline, and named vec4s map straight to
 * registers on real GPUs too.
 */
export function gemmWgsl(t: GemmTile = DEFAULT_TILE): string {
  checkTile(t);
  const { BM, BN, BK, TM, TN } = t;
  const tx = BN / TN, ty = BM / TM, nt = tx * ty;
  const la = (BM * BK) / nt, lb = (BK * BN) / nt;
  const Q = TN / 4;
  const rows = [...Array(TM).keys()], qs = [...Array(Q).keys()], lanes = [0, 1, 2, 3];
  const decl = rows.flatMap((r) => qs.map((q) => `var acc${r}_${q} = vec4<f32>(0.0);`)).join(
    "\n  ",
  );
  const loadA = [...Array(la).keys()].map((l) =>
    `{
      let e = tid + ${l * nt}u;
      let i = e / ${BK}u; let kk = e % ${BK}u;
      let gi = row0 + i; let gk = k0 + kk;
      var v = 0.0;
      if (gi < M && gk < K) { v = a[oa + gi * sAi + gk * sAk]; }
      As[kk * ${BM}u + i] = v;
    }`
  ).join("\n    ");
  const loadB = [...Array(lb).keys()].map((l) =>
    `{
      let e = tid + ${l * nt}u;
      let kb = e / ${BN}u; let j = e % ${BN}u;
      let gk = k0 + kb; let gj = col0 + j;
      var w = 0.0;
      if (gk < K && gj < N) { w = b[ob + gk * sBk + gj * sBj]; }
      Bs[kb * ${BN}u + j] = w;
    }`
  ).join("\n    ");
  const bvec = qs.map((q) =>
    `let b${q} = vec4<f32>(${
      lanes.map((s) => `Bs[kb0 + lid.x + ${(q * 4 + s) * tx}u]`).join(", ")
    });`
  ).join("\n      ");
  const fmas = rows.map((r) =>
    `{ let av = vec4<f32>(As[ka0 + lid.y + ${r * ty}u]); ${
      qs.map((q) => `acc${r}_${q} = fma(av, b${q}, acc${r}_${q});`).join(" ")
    } }`
  ).join("\n      ");
  const stores = rows.map((r) =>
    `{
    let gi = row0 + lid.y + ${r * ty}u;
    if (gi < M) {
      ${
      qs.flatMap((q) =>
        lanes.map((s) => {
          const col = `col0 + lid.x + ${(q * 4 + s) * tx}u`;
          return `if (${col} < N) { let ci = oc + gi * ldc + ${col}; c[ci] = fin(acc${r}_${q}[${s}], ci); }`;
        })
      ).join("\n      ")
    }
    }
  }`
  ).join("\n  ");
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<storage, read> offs: array<u32>;
@group(0) @binding(4) var<storage, read> params: array<u32>;
var<workgroup> As: array<f32, ${BK * BM}>;
var<workgroup> Bs: array<f32, ${BK * BN}>;
var<private> alpha: f32;
var<private> beta: f32;
fn fin(v: f32, ci: u32) -> f32 {
  let p = select(alpha * v, 0.0, alpha == 0.0);
  if (beta == 0.0) { return p; }
  return p + beta * c[ci];
}

@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = params[0]; let N = params[1]; let K = params[2];
  let sAi = params[3]; let sAk = params[4]; let sBk = params[5]; let sBj = params[6];
  let bz = wg.z;
  let oa = offs[3u * bz]; let ob = offs[3u * bz + 1u]; let oc = offs[3u * bz + 2u];
  let ldc = params[8];
  alpha = bitcast<f32>(params[9]); beta = bitcast<f32>(params[10]);
  let row0 = wg.y * ${BM}u; let col0 = wg.x * ${BN}u;
  let tid = lid.y * ${tx}u + lid.x;
  ${decl}
  for (var k0 = 0u; k0 < K; k0 += ${BK}u) {
    ${loadA}
    ${loadB}
    workgroupBarrier();
    for (var kk = 0u; kk < ${BK}u; kk++) {
      let ka0 = kk * ${BM}u; let kb0 = kk * ${BN}u;
      ${bvec}
      ${fmas}
    }
    workgroupBarrier();
  }
  ${stores}
}
`;
}
