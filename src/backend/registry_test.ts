import assert from "node:assert/strict";
import {
  backendNames,
  defaultBackend,
  defaultBackendName,
  getBackend,
  setDefaultBackend,
  UnknownBackendError,
} from "./registry.ts";
import type { BackendName } from "./types.ts";

Deno.test("registry: cpu and wasm by name, wasm is the default", () => {
  assert.deepEqual(backendNames, ["cpu", "wasm", "webgpu"]);
  assert.equal(getBackend("cpu").name, "cpu");
  assert.equal(getBackend("wasm").name, "wasm");
  assert.equal(defaultBackendName(), "wasm");
  assert.equal(defaultBackend().name, "wasm");
  for (const name of ["cpu", "wasm"] as const) {
    assert.deepEqual([...getBackend(name).dtypes], ["f32", "f64"]);
  }
});

Deno.test("registry: setDefaultBackend switches and validates eagerly", () => {
  try {
    setDefaultBackend("cpu");
    assert.equal(defaultBackend().name, "cpu");
    assert.throws(() => setDefaultBackend("nope" as BackendName), UnknownBackendError);
    assert.equal(defaultBackend().name, "cpu", "a failed switch keeps the old default");
  } finally {
    setDefaultBackend("wasm");
  }
});

Deno.test("registry: unknown names throw UnknownBackendError naming the argument", () => {
  assert.throws(
    () => getBackend("tpu" as BackendName),
    (e: unknown) =>
      e instanceof UnknownBackendError && e.name === "UnknownBackendError" &&
      e.backend === "tpu" &&
      e.message === 'getBackend: argument "name" must be one of cpu, wasm, webgpu, got "tpu"',
  );
  assert.throws(() => getBackend(undefined as unknown as BackendName), /got undefined/);
});
