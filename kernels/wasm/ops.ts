// Entry point of the elementwise/optimizer module: SIMD kernels for the unary and binary
// elementwise entries, row reductions and optimizer updates of the backend contract, f32 ("s")
// and f64 ("d"). Built by kernels/build.ts into kernels/wasm/build/ops_simd.wasm and instantiated
// on the blas module's shared memory (src/backend/wasm/ops_kernels.ts): it has no static data and
// allocates nothing, it reads and writes only the pointers it is given.
export { sadamw, dadamw } from "./optim";
export { sunary, dunary, sbinary, dbinary, swhere, dwhere } from "./elementwise";
export { sreduce, dreduce } from "./reduce";
