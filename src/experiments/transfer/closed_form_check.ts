/**
 * Closed-form checks of linear transfer (arXiv:2507.04448 v2, linear-model section; PAPERS.md
 * "Transfer learning", plan item 2): the fine-tuning loss L(ν₂, α_s, χ) against ridgeless
 * regression on the spiked kernel (the ν₂ × α_s phase diagram), and the spike
 * χ = √(1+γ²) − 1 against (i) the population DMFT on infinite data and (ii) a finite-width
 * two-layer linear network trained by gradient flow on P₁ = 4D source samples.
 * @module
 */
import {
  alignedTeachers,
  fineTuningLoss,
  fineTuningLossMonteCarlo,
  linearSpikeDmft,
  linearTeacherData,
  transferSpike,
} from "../../theory/mod.ts";
import { twoLayerMupNetwork } from "../../models/mod.ts";
import { foldIn, key } from "../../random/mod.ts";
import type { RunContext } from "../../run/mod.ts";

/** Configuration of {@link closedFormCheck}. */
export interface ClosedFormConfig {
  /** Input dimension D of the fine-tuning simulation. */
  d: number;
  /** ν₂ values simulated (each < 1). */
  nu2s: number[];
  /** Alignments α_s. */
  alphas: number[];
  /** Source strengths γ₁ (χ = √(1+γ₁²) − 1). */
  gamma1s: number[];
  /** Draws per simulated point. */
  draws: number;
  /** Population size of the χ DMFT. */
  dmftSamples: number;
  /** Input dimension of the finite network χ check (P₁ = 4D). */
  netD: number;
  /** Width of the finite network. */
  netWidth: number;
  /** Root seed. */
  seed: number;
}

/** One simulated point of the phase diagram. */
export interface PhasePoint {
  /** ν₂ = P₂/D. */
  nu2: number;
  /** α_s. */
  alpha: number;
  /** γ₁. */
  gamma1: number;
  /** Closed form. */
  theory: number;
  /** Simulated mean. */
  sim: number;
  /** Its standard error. */
  se: number;
}

/** One χ measurement. */
export interface SpikePoint {
  /** γ. */
  gamma: number;
  /** √(1+γ²) − 1. */
  theory: number;
  /** Population DMFT (infinite data). */
  dmft: number;
  /** Finite network on P₁ = 4D samples. */
  network: number;
}

/** Result of {@link closedFormCheck}. */
export interface ClosedFormResult {
  /** Simulated phase-diagram points. */
  phase: PhasePoint[];
  /** Largest |sim − theory|/theory over the phase points. */
  maxPhaseRelError: number;
  /** Largest |sim − theory|/SE over the phase points (Monte Carlo z-score). */
  maxPhaseAbsZ: number;
  /** Fraction of phase points within 5% of the theory or within 2 SE of it. */
  phaseWithin5pctOr2Se: number;
  /** χ per γ. */
  spike: SpikePoint[];
  /** Largest relative χ error of the DMFT and of the network. */
  maxSpikeRelError: { dmft: number; network: number };
}

/**
 * Measure the finite-network spike: train a width-N two-layer linear net by gradient flow
 * (λ = 0, centred predictor) on P = 4D samples of the teacher y = β·x/D (|β|² = D), then
 * χ̂ = β̂ᵀ(WᵀW − W₀ᵀW₀)β̂/N.
 */
export function networkSpike(
  seed: number,
  opts: { d: number; width: number; gamma: number },
): number {
  const { d, width, gamma } = opts;
  const ks = key(seed);
  const { source } = alignedTeachers(foldIn(ks, 1), d, 0);
  const p = 4 * d;
  const data = linearTeacherData(foldIn(ks, 2), { p, teacher: source });
  const net = twoLayerMupNetwork(foldIn(ks, 3), { x: data.x, d, width, activation: "linear" });
  const bhat = source.map((v) => v / Math.sqrt(d));
  const proj = () => {
    const { w } = net.weights();
    let s = 0;
    for (let i = 0; i < width; i++) {
      let u = 0;
      for (let j = 0; j < d; j++) u += w[i * d + j] * bhat[j];
      s += u * u;
    }
    return s / width;
  };
  const before = proj();
  const all = Array.from({ length: p }, (_, i) => i);
  const time = 30 / Math.min(1, gamma);
  net.run({
    train: all,
    test: all.slice(0, 1),
    // Teacher amplitude 1/√D (y = β·x/D): the fixed point then has ⟨z u⟩ = γ, the condition
    // behind χ = √(1+γ²) − 1 (with an O(1) teacher the spike is χ(γ√D); PAPERS.md Conventions).
    labels: data.y.map((v) => v / Math.sqrt(d)),
    gamma,
    lambda: 0,
    delta: 0,
    readout: "keep",
    time,
    dt: 0.05,
    recordEvery: 1_000_000,
  });
  return proj() - before;
}

/** Run the closed-form checks; rows are appended to `ctx.results` as they finish. */
export async function closedFormCheck(
  cfg: ClosedFormConfig,
  ctx?: RunContext,
): Promise<ClosedFormResult> {
  const phase: PhasePoint[] = [];
  let maxRel = 0;
  const bar = ctx?.progress("closed forms", cfg.alphas.length * cfg.gamma1s.length);
  for (const alpha of cfg.alphas) {
    for (const gamma1 of cfg.gamma1s) {
      const chi = transferSpike(gamma1);
      for (const nu2 of cfg.nu2s) {
        const theory = fineTuningLoss({ nu2, alpha, chi });
        const k = foldIn(foldIn(key(cfg.seed), Math.round(nu2 * 1000)), Math.round(alpha * 1000));
        const mc = fineTuningLossMonteCarlo(foldIn(k, Math.round(gamma1 * 1000)), {
          d: cfg.d,
          nu2,
          alpha,
          chi,
          samples: cfg.draws,
        });
        const pt: PhasePoint = { nu2, alpha, gamma1, theory, sim: mc.mean, se: mc.se };
        phase.push(pt);
        maxRel = Math.max(maxRel, Math.abs(mc.mean - theory) / theory);
        await ctx?.results.append("phasePoints", pt);
      }
      bar?.tick();
    }
  }
  bar?.done();
  const spike: SpikePoint[] = [];
  let eD = 0, eN = 0;
  for (const gamma of cfg.gamma1s) {
    const theory = transferSpike(gamma);
    const dmft =
      linearSpikeDmft(foldIn(key(cfg.seed), 77), { gamma, samples: cfg.dmftSamples }).chi;
    const network = networkSpike(cfg.seed + 1, { d: cfg.netD, width: cfg.netWidth, gamma });
    const pt = { gamma, theory, dmft, network };
    spike.push(pt);
    eD = Math.max(eD, Math.abs(dmft - theory) / theory);
    eN = Math.max(eN, Math.abs(network - theory) / theory);
    await ctx?.results.append("spikePoints", pt);
  }
  const z = phase.map((p) => Math.abs(p.sim - p.theory) / Math.max(p.se, 1e-300));
  const ok =
    phase.filter((p) => Math.abs(p.sim - p.theory) <= Math.max(0.05 * p.theory, 2 * p.se)).length;
  return {
    phase,
    maxPhaseRelError: maxRel,
    maxPhaseAbsZ: Math.max(...z),
    phaseWithin5pctOr2Se: ok / Math.max(1, phase.length),
    spike,
    maxSpikeRelError: { dmft: eD, network: eN },
  };
}
