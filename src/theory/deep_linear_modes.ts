/**
 * Mode dynamics of two-layer deep linear networks under gradient flow (Saxe, McClelland &
 * Ganguli 2014; example E3 of the summary-statistics perspective, arXiv:2504.16920; PAPERS.md
 * "Summary statistics"):
 * with whitened inputs and balanced, aligned initialisation every singular mode of the
 * teacher map evolves independently as τ da/dt = 2a(s − a).
 *
 * @module
 */

/**
 * Mode strength a(t) = s e^{2st/τ}/(e^{2st/τ} − 1 + s/a₀) solving τ da/dt = 2a(s − a),
 * a(0) = a₀ (arXiv:2504.16920; PAPERS.md "Summary statistics"). Sigmoidal; time to half ≈ (τ/2s)
 * ln(s/a₀).
 */
export function saxeModeStrength(
  t: number,
  options: { strength: number; initial: number; timeConstant?: number },
): number {
  const s = options.strength, a0 = options.initial, tau = options.timeConstant ?? 1;
  if (!(s > 0) || !(a0 > 0) || !(tau > 0)) {
    throw new Error(
      `saxeModeStrength: need strength > 0, initial > 0, timeConstant > 0, got ${s}, ${a0}, ${tau}`,
    );
  }
  const e = Math.exp(Math.min(700, (2 * s * t) / tau));
  return (s * e) / (e - 1 + s / a0);
}

/** Time at which a mode reaches half its strength: t½ = (τ/2s) ln(s/a₀ − 1). */
export function saxeHalfTime(options: {
  strength: number;
  initial: number;
  timeConstant?: number;
}): number {
  const s = options.strength, a0 = options.initial, tau = options.timeConstant ?? 1;
  if (!(s > a0 && a0 > 0)) {
    throw new Error(`saxeHalfTime: need strength > initial > 0, got ${s}, ${a0}`);
  }
  return (tau / (2 * s)) * Math.log(s / a0 - 1);
}

/** Loss ½ Σ_α (s_α − a_α)² of the mode strengths (up to the input-independent constant). */
export function saxeLoss(strengths: ArrayLike<number>, modes: ArrayLike<number>): number {
  if (strengths.length !== modes.length) {
    throw new Error(
      `saxeLoss: "strengths" and "modes" must have equal lengths, got ${strengths.length} and ${modes.length}`,
    );
  }
  let l = 0;
  for (let i = 0; i < modes.length; i++) l += 0.5 * (strengths[i] - modes[i]) ** 2;
  return l;
}
