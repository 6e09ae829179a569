// Fused multiply-add helpers: relaxed_madd in the relaxed-SIMD build, mul+add in the plain-SIMD
// fallback. ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so only one branch is compiled.

/** c + a·b on f32x4 lanes (fused where the build has relaxed SIMD). */
// @ts-ignore: decorator
@inline export function fmaF32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

/** c + a·b on f64x2 lanes (fused where the build has relaxed SIMD). */
// @ts-ignore: decorator
@inline export function fmaF64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(f64x2.mul(a, b), c);
  }
}
