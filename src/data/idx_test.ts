import assert from "node:assert/strict";
import {
  encodeIdx,
  FASHION_MNIST_DIR,
  gunzip,
  type IdxArray,
  loadFashionMnist,
  parseIdx,
  readIdx,
} from "./idx.ts";

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const s = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(s).arrayBuffer());
}

Deno.test("IDX: header bytes and big-endian data by hand", () => {
  // u8, 2 dims [2, 3]
  const b = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);
  const a = parseIdx(b);
  assert.equal(a.dtype, "u8");
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual(Array.from(a.data), [1, 2, 3, 4, 5, 255]);
  // i16 big-endian: 0x0102 = 258, 0xfffe = −2
  const c = parseIdx(new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 1, 2, 0xff, 0xfe]));
  assert.deepEqual(Array.from(c.data), [258, -2]);
  assert.deepEqual(encodeIdx(a), b);
});

Deno.test("IDX: every dtype round-trips through encode/parse", () => {
  const cases: IdxArray[] = [
    { dtype: "u8", shape: [4], data: new Uint8Array([0, 1, 128, 255]) },
    { dtype: "i8", shape: [2, 2], data: new Int8Array([-128, -1, 0, 127]) },
    { dtype: "i16", shape: [3], data: new Int16Array([-32768, 7, 32767]) },
    { dtype: "i32", shape: [1, 3], data: new Int32Array([-(2 ** 31), 123456789, 2 ** 31 - 1]) },
    { dtype: "f32", shape: [2], data: new Float32Array([Math.fround(0.1), -3.5e38]) },
    { dtype: "f64", shape: [2, 1, 1], data: new Float64Array([Math.PI, -1e-300]) },
    { dtype: "u8", shape: [0, 5], data: new Uint8Array(0) },
  ];
  for (const c of cases) {
    const r = parseIdx(encodeIdx(c));
    assert.equal(r.dtype, c.dtype);
    assert.deepEqual(r.shape, c.shape);
    assert.deepEqual(Array.from(r.data), Array.from(c.data));
  }
});

Deno.test("IDX: bad input", () => {
  assert.throws(
    () => parseIdx(new Uint8Array([1, 0, 8, 1])),
    /parseIdx: argument "bytes" must be an IDX file.*got bytes 01 00 08 01/,
  );
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 7, 1])), /parseIdx: argument "bytes"/);
  assert.throws(
    () => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2])),
    /parseIdx: argument "bytes" must be 11 bytes for u8 data of shape \[3\], got 10 bytes$/,
  );
  assert.throws(
    () => encodeIdx({ dtype: "u8", shape: [3], data: new Uint8Array(2) }),
    /encodeIdx: argument "data" must be 3 elements/,
  );
});

Deno.test("readIdx and loadFashionMnist on tiny files in a temp dir (gz and raw)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // 3 images of 2×2, labels 7, 0, 9
    const pix = new Uint8Array([0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0]);
    const images = encodeIdx({ dtype: "u8", shape: [3, 2, 2], data: pix });
    const labels = encodeIdx({ dtype: "u8", shape: [3], data: new Uint8Array([7, 0, 9]) });
    await Deno.writeFile(`${dir}/t10k-images-idx3-ubyte.gz`, await gzip(images));
    await Deno.writeFile(`${dir}/t10k-labels-idx1-ubyte`, labels);
    assert.deepEqual(await gunzip(await gzip(images)), images);
    const r = await readIdx(`${dir}/t10k-images-idx3-ubyte.gz`);
    assert.deepEqual(r.shape, [3, 2, 2]);
    assert.deepEqual(r.data, pix);
    const ds = await loadFashionMnist({ dir });
    assert.deepEqual(ds.x.shape, [3, 4]);
    assert.equal(ds.x.dtype, "f32");
    assert.deepEqual(Array.from(ds.y), [7, 0, 9]);
    assert.deepEqual(ds.imageShape, [2, 2]);
    assert.deepEqual(Array.from(ds.x.dataSync().subarray(0, 4)), [0, 1, 0.2, 0.4].map(Math.fround));
    const lim = await loadFashionMnist({ dir, limit: 2, dtype: "f64" });
    assert.deepEqual(lim.x.shape, [2, 4]);
    assert.equal(lim.x.dtype, "f64");
    assert.equal(lim.x.dataSync()[3], 0.4);
    await assert.rejects(
      () => loadFashionMnist({ dir, split: "train" }),
      /loadFashionMnist: train-images-idx3-ubyte\(\.gz\) and train-labels-idx1-ubyte\(\.gz\) not found in .*install the Debian package "dataset-fashion-mnist"/,
    );
    await assert.rejects(
      () => loadFashionMnist({ dir, split: "dev" as never }),
      /argument "split"/,
    );
    await assert.rejects(() => loadFashionMnist({ dir, limit: -1 }), /argument "limit"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

let haveMnist = false;
try {
  haveMnist = Deno.statSync(`${FASHION_MNIST_DIR}/t10k-labels-idx1-ubyte.gz`).isFile;
} catch {
  haveMnist = false;
}

Deno.test({
  name: "loadFashionMnist: the installed Debian test split (skipped when the package is absent)",
  ignore: !haveMnist,
  fn: async () => {
    const ds = await loadFashionMnist({ split: "test" });
    assert.deepEqual(ds.x.shape, [10000, 784]);
    assert.deepEqual(ds.imageShape, [28, 28]);
    // the published test split is balanced: 1000 images per class
    const counts = new Array(10).fill(0);
    for (const v of ds.y) counts[v]++;
    assert.deepEqual(counts, new Array(10).fill(1000));
    let mx = 0;
    for (const v of ds.x.dataSync()) mx = Math.max(mx, v);
    assert.equal(mx, 1);
  },
});
