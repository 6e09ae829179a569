/**
 * Integer rounding rules for a growing floating-point batch size.
 *
 * @module
 */

/**
 * How a floating-point batch `B_float` becomes the batch used:
 * - `"floor"`: `floor(B_float)` (the Seesaw experiments, arXiv:2510.14717);
 * - `"floorMod32"`: floor, but round up when the floor is ≡ 1 (mod 32), as the released
 *   Seesaw code does (it changes none of the nine published step counts; PAPERS.md, "Seesaw");
 * - `"round"`: nearest integer;
 * - `"none"`: keep the real value (theory solvers accept fractional batches).
 */
export type BatchRounding = "floor" | "floorMod32" | "round" | "none";

/**
 * Apply a {@link BatchRounding} rule; the result is at least 1 for the integer rules.
 *
 * @param batchFloat the floating-point batch size (> 0)
 * @param rounding the rule
 * @returns the batch size used
 */
export function roundBatch(batchFloat: number, rounding: BatchRounding): number {
  if (!(batchFloat > 0) || !Number.isFinite(batchFloat)) {
    throw new Error(
      `roundBatch: argument "batchFloat" must be a finite number > 0, got ${batchFloat}`,
    );
  }
  switch (rounding) {
    case "none":
      return batchFloat;
    case "floor":
      return Math.max(1, Math.floor(batchFloat));
    case "round":
      return Math.max(1, Math.round(batchFloat));
    case "floorMod32": {
      const f = Math.max(1, Math.floor(batchFloat));
      return f % 32 === 1 ? Math.ceil(batchFloat) : f;
    }
    default: {
      const bad: never = rounding;
      throw new Error(
        `roundBatch: argument "rounding" must be floor|floorMod32|round|none, got ${
          JSON.stringify(bad)
        }`,
      );
    }
  }
}
