import assert from "node:assert/strict";
import { createProgress } from "./progress.ts";

Deno.test("progress: plain lines at each 10% step with rate and ETA (fake clock)", () => {
  const out: string[] = [];
  let t = 0;
  const p = createProgress("train", 20, {
    mode: "lines",
    write: (s) => out.push(s),
    nowMs: () => t,
  });
  for (let i = 0; i < 20; i++) {
    t += 500; // 2 items per second
    p.tick();
  }
  p.done();
  // first tick prints (no line yet), then one line per 10% (2 items) until 90%, then done.
  assert.equal(out.length, 11);
  assert.ok(out.every((s) => s.endsWith("\n") && !s.includes("\r")));
  assert.match(out[0], /^train \[#-+\] 1\/20 5% 2\.0\/s elapsed 1s ETA 10s\n$/);
  assert.match(out[out.length - 1], /^train \[#{24}\] 20\/20 100% 2\.0\/s elapsed 10s ETA 0s\n$/);
});

Deno.test("progress: tty redraws in place at most every 100 ms; quiet prints nothing", () => {
  const out: string[] = [];
  let t = 0;
  const p = createProgress("x", 1000, { mode: "tty", write: (s) => out.push(s), nowMs: () => t });
  for (let i = 0; i < 1000; i++) {
    t += 1; // 1 ms per item: 1 s in total -> at most ~10 redraws
    p.tick();
  }
  p.done();
  assert.ok(out.length >= 10 && out.length <= 12, `got ${out.length} writes`);
  assert.ok(out.every((s) => s.startsWith("\r\x1b[2K")));
  assert.ok(out[out.length - 1].endsWith("\n"));
  const q: string[] = [];
  const pq = createProgress("x", 5, { mode: "quiet", write: (s) => q.push(s) });
  pq.tick(5);
  pq.done();
  assert.equal(q.length, 0);
  assert.throws(() => createProgress("x", -1, { mode: "quiet" }), /argument "total" must be/);
});
