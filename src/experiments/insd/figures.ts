/**
 * Figures of INSD (Qian & Pehlevan, arXiv:2509.21504): the predictivity matrix, fixed-point
 * portraits, the DSA embedding, OOD-noise curves and cross-temporal decoding, as Observable Plot
 * specs built from a stored {@link InsdTaskResult}.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { lineChart, type PlotSpec } from "../../plot/mod.ts";
import type { InsdTaskResult } from "./insd.ts";

const heat = (r: InsdTaskResult, m: number[][], title: string, subtitle: string): PlotSpec => {
  const n = r.analysed;
  const data = m.flatMap((row, i) => row.map((v, j) => ({ from: n[i], to: n[j], v })));
  return ({
    title,
    subtitle,
    width: 520,
    height: 460,
    marginLeft: 90,
    marginBottom: 70,
    x: { label: "predicted network (Y)", domain: n, tickRotate: -30 },
    y: { label: "predicting network (X)", domain: n },
    color: {
      type: "linear" as const,
      domain: [0, 1],
      scheme: "viridis",
      legend: true,
      label: "r²",
    },
    marks: [
      Plot.cell(data, { x: "to", y: "from", fill: "v" }),
      Plot.text(data, {
        x: "to",
        y: "from",
        text: (d: { v: number }) => d.v.toFixed(2),
        fill: "white",
      }),
    ],
  });
};

/**
 * The figures of one task's result: predictivity matrices (readout-null and full activity),
 * fixed-point portraits, the DSA MDS embedding, task error against input noise, and the
 * cross-temporal decoding matrices (MemoryPro). Pure: computed from the stored result only.
 */
export function insdFigures(task: string, r: InsdTaskResult): { name: string; plot: PlotSpec }[] {
  const out: { name: string; plot: PlotSpec }[] = [];
  {
    out.push({
      name: `${task}_predictivity_null`,
      plot: heat(
        r,
        r.predictivityNull,
        `${task}: r²(X → Y), readout-null activity`,
        "row predicts column; ridge r²",
      ),
    });
    out.push({
      name: `${task}_predictivity_full`,
      plot: heat(
        r,
        r.predictivityFull,
        `${task}: r²(X → Y), full activity`,
        "row predicts column; ridge r²",
      ),
    });
    const fp = r.networks.filter((n) => n.fixedPoints).flatMap((n) => [
      ...n.fixedPoints!.points.map((p) => ({ ...p, net: n.name })),
    ]);
    const traj = r.networks.filter((n) => n.fixedPoints?.trajectories).flatMap((n) =>
      n.fixedPoints!.trajectories!.flatMap((t, k) =>
        t.map(([a, b], s) => ({ pc1: a, pc2: b, net: n.name, k, s }))
      )
    );
    out.push({
      name: `${task}_fixed_points`,
      plot: {
        title: `${task}: fixed points in each network's top-2 PCA plane`,
        subtitle: "grey: trajectories; filled: stable, open: saddle/unstable",
        width: 900,
        grid: true,
        fx: { label: null },
        color: { legend: true, domain: ["stable", "saddle", "unstable"] },
        marks: [
          Plot.line(traj, {
            x: "pc1",
            y: "pc2",
            z: "k",
            fx: "net",
            stroke: "#bbb",
            strokeWidth: 0.7,
          }),
          Plot.dot(fp.filter((d) => d.stability !== "stable"), {
            x: "pc1",
            y: "pc2",
            fx: "net",
            stroke: "stability",
            fill: "white",
            strokeWidth: 1.5,
            r: 3.5,
          }),
          Plot.dot(fp.filter((d) => d.stability === "stable"), {
            x: "pc1",
            y: "pc2",
            fx: "net",
            fill: "stability",
            r: 4,
          }),
        ],
      },
    });
    if (r.dsa.mds.length) {
      const pts = r.dsa.mds.map(([x, y], i) => ({ x, y, net: r.analysed[i] }));
      out.push({
        name: `${task}_dsa_mds`,
        plot: {
          title: `${task}: DSA distances, classical MDS`,
          grid: true,
          marks: [
            Plot.dot(pts, { x: "x", y: "y", fill: "net", r: 5 }),
            Plot.text(pts, { x: "x", y: "y", text: "net", dy: -10 }),
          ],
        },
      });
    }
    const y = (o: { mse: number }) => o.mse;
    out.push({
      name: `${task}_ood_noise`,
      plot: lineChart({
        data: r.networks.flatMap((n) =>
          n.ood.map((o) => ({
            x: o.noise,
            y: y(o),
            series: o.load === 1 ? n.name : `${n.name}, load ×${o.load}`,
          }))
        ),
        logX: true,
        logY: true,
        xLabel: "input noise σ",
        yLabel: "task MSE (held-out)",
        title: `${task}: task error against input noise`,
        subtitle: "load ×k: MemoryPro delay or CDI trial length × k",
      }),
    });
    for (const [name, D] of Object.entries(r.decoding ?? {})) {
      const data = D.flatMap((row, t) => row.map((v, s) => ({ t, s, v })));
      out.push({
        name: `${task}_decoding_${name}`,
        plot: {
          title: `${task}: cross-temporal decoding of (cos θ, sin θ), ${name}`,
          width: 560,
          height: 520,
          x: { label: "test time t′" },
          y: { label: "train time t", reverse: true },
          color: {
            type: "linear" as const,
            domain: [0, 1],
            scheme: "viridis",
            legend: true,
            label: "R²",
          },
          marks: [
            Plot.cell(data, { x: "s", y: "t", fill: (d: { v: number }) => Math.max(0, d.v) }),
          ],
        },
      });
    }
  }
  return out;
}
