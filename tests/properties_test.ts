/**
 * Property tests (fast-check) over the two doors every input comes through: the CLI config
 * parser (`parseCliArgs`: any argument list gives a well-typed config or one named one-line
 * error; values round-trip through their command-line form) and the array constructors
 * (`new NDArray(buffer, shape, strides, offset)` either refuses the view with an ArgumentError
 * or every element it exposes lies inside the buffer; nested arrays round-trip).
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { ArgumentError, array, NDArray, sum } from "../src/array/mod.ts";
import { formatValue, kindOf, parseCliArgs } from "../src/run/mod.ts";

const defaults = {
  n: 4,
  lr: 0.1,
  name: "x",
  flag: false,
  widths: [1, 2],
  tags: ["a"],
  gamma: [[1, 0], [0, 1]],
};

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));
const noComma = fc.string().filter((s) => !s.includes(","));

Deno.test("property: every config value round-trips through its --key=value form", () => {
  fc.assert(
    fc.property(
      fc.record({
        n: finite,
        lr: finite,
        name: fc.string(),
        flag: fc.boolean(),
        widths: fc.array(finite, { minLength: 1, maxLength: 5 }),
        tags: fc.array(noComma, { minLength: 1, maxLength: 4 }),
        gamma: fc.integer({ min: 1, max: 4 }).chain((cols) =>
          fc.array(fc.array(finite, { minLength: cols, maxLength: cols }), {
            minLength: 1,
            maxLength: 4,
          })
        ),
      }),
      (cfg) => {
        const args = Object.entries(cfg).map(([k, v]) => `--${k}=${formatValue(v)}`);
        const parsed = parseCliArgs(defaults, args);
        assert.deepEqual(parsed.config, { ...cfg });
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("property: any argument list gives a well-typed finite config or a named one-line error", () => {
  const token = fc.oneof(
    fc.string(),
    fc.constantFrom("--n", "--lr", "--gamma", "--flag", "--no-flag", "--widths", "--help"),
    fc.tuple(fc.constantFrom(...Object.keys(defaults), "bogus", "out", "backend"), fc.string())
      .map(([k, v]) => `--${k}=${v}`),
  );
  fc.assert(
    fc.property(fc.array(token, { maxLength: 6 }), (args) => {
      let parsed;
      try {
        parsed = parseCliArgs(defaults, args, { script: "p" });
      } catch (e) {
        assert.ok(e instanceof Error);
        assert.equal(e.name, "Error", `raw ${e.name}: ${e.message}`);
        assert.match(e.message, /^p: /);
        assert.ok(!e.message.includes("\n"), "one line");
        return;
      }
      for (const [k, v] of Object.entries(parsed.config)) {
        const kind = kindOf(k, (defaults as Record<string, unknown>)[k]);
        assert.equal(kindOf(k, v), kind, `${k} keeps its kind`);
        const nums = [v].flat(2).filter((x) => typeof x === "number") as number[];
        assert.ok(nums.every(Number.isFinite), `${k} is finite: ${JSON.stringify(v)}`);
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: any text for a number or matrix key parses to finite values or names the key", () => {
  fc.assert(
    fc.property(fc.string(), fc.constantFrom("n", "gamma", "widths"), (text, key) => {
      try {
        const v = parseCliArgs(defaults, [`--${key}=${text}`]).config[key as "n"];
        assert.ok([v].flat(2).every((x) => Number.isFinite(x)));
      } catch (e) {
        assert.match((e as Error).message, new RegExp(`--${key} (must be|needs)`));
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: NDArray views are refused or stay inside their buffer (get and sum agree)", () => {
  let accepted = 0, refused = 0;
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
      fc.array(fc.oneof(fc.integer({ min: -2, max: 6 }), fc.double({ min: -2, max: 6 })), {
        maxLength: 3,
      }),
      fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constant(0.5)),
      fc.integer({ min: 0, max: 40 }),
      (shape, strides, offset, length) => {
        const buf = Float64Array.from({ length }, (_, i) => i + 1);
        let x: NDArray;
        try {
          x = new NDArray(
            buf,
            shape,
            strides.length === shape.length ? strides : undefined,
            offset,
          );
        } catch (e) {
          assert.ok(e instanceof ArgumentError, `not an ArgumentError: ${e}`);
          refused++;
          return;
        }
        accepted++;
        // every index lies in the buffer, and reading element by element matches the reduction
        let total = 0;
        const idx = new Array<number>(shape.length).fill(0);
        for (let n = 0; n < x.size; n++) {
          let pos = x.offset;
          for (let k = 0; k < shape.length; k++) pos += idx[k] * x.strides[k];
          assert.ok(Number.isInteger(pos) && pos >= 0 && pos < buf.length, `index ${pos}`);
          const v = x.get(...idx);
          assert.equal(v, buf[pos]);
          total += v;
          for (let k = shape.length - 1; k >= 0; k--) {
            if (++idx[k] < shape[k]) break;
            idx[k] = 0;
          }
        }
        assert.equal(sum(x).item(), total);
      },
    ),
    { numRuns: 400 },
  );
  // both branches are exercised (the generators hit valid and invalid views)
  assert.ok(accepted > 40 && refused > 40, `accepted ${accepted}, refused ${refused}`);
});

Deno.test("property: nested arrays round-trip through array() and toArray()", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }).chain((cols) =>
        fc.array(fc.array(finite, { minLength: cols, maxLength: cols }), { maxLength: 4 })
      ),
      (rows) => {
        if (rows.length === 0) {
          assert.deepEqual(array(rows).shape, [0]);
          return;
        }
        const x = array(rows);
        assert.deepEqual(x.shape, [rows.length, rows[0].length]);
        assert.deepEqual(x.toArray(), rows);
      },
    ),
  );
});
