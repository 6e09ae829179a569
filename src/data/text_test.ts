import assert from "node:assert/strict";
import {
  buildVocab,
  cleanText,
  corpusFromRecords,
  decode,
  encode,
  FORTUNES_DIR,
  loadFortunes,
  splitFortunes,
} from "./text.ts";

Deno.test("vocab, encode and decode round-trip", () => {
  const v = buildVocab("hello, world\n");
  assert.deepEqual(v.chars, ["\n", " ", ",", "d", "e", "h", "l", "o", "r", "w"]);
  const ids = encode("hello", v);
  assert.deepEqual(Array.from(ids), [5, 4, 6, 6, 7]);
  assert.equal(decode(ids, v), "hello");
  assert.throws(
    () => encode("hex", v),
    /encode: argument "text" must be characters of the vocabulary \(position 2 is not\), got "x"/,
  );
  assert.throws(() => decode([10], v), /decode: argument "ids" must be ids in \[0, 10\), got 10/);
});

Deno.test("cleanText and splitFortunes", () => {
  assert.equal(cleanText("a_\bb\r\nc\x07d\u00e9\te"), "ab\ncd\te");
  assert.equal(cleanText("caf\u00e9", { ascii: false }), "caf\u00e9");
  assert.deepEqual(splitFortunes("one\ntwo\n%\nthree\n%\n%\nfour\n%d is kept\n%"), [
    "one\ntwo\n",
    "three\n",
    "four\n%d is kept\n",
  ]);
});

Deno.test("corpusFromRecords: every 10th record is validation, ids decode to the text", () => {
  const recs = Array.from({ length: 30 }, (_, i) => `record ${i}\n`);
  const c = corpusFromRecords(recs, { valFraction: 0.1 });
  assert.deepEqual(c.records, { train: 27, val: 3 });
  assert.equal(decode(c.val, c.vocab), "record 9\n\nrecord 19\n\nrecord 29\n");
  assert.ok(decode(c.train, c.vocab).startsWith("record 0\n\nrecord 1\n"));
  assert.equal(corpusFromRecords(recs, { valFraction: 0 }).val.length, 0);
  assert.throws(() => corpusFromRecords(recs, { valFraction: 1 }), /argument "valFraction"/);
});

Deno.test("loadFortunes: reads a folder of fortune files, skipping .dat, .u8 and art", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/alpha`, "A one.\n%\nA two.\n%\nA three.\n");
    await Deno.writeTextFile(`${dir}/alpha.dat`, "\x00\x00\x00\x02binary index");
    await Deno.symlink(`${dir}/alpha`, `${dir}/alpha.u8`);
    await Deno.writeTextFile(`${dir}/art`, "  /\\_/\\\n%\n");
    await Deno.writeTextFile(`${dir}/beta`, "B one.\n%\nB two.\n");
    const c = await loadFortunes({ dir, valFraction: 0.2 });
    assert.deepEqual(c.sources, [`${dir}/alpha`, `${dir}/beta`]);
    assert.deepEqual(c.records, { train: 4, val: 1 });
    assert.equal(decode(c.val, c.vocab), "B two.\n");
    assert.equal(decode(c.train, c.vocab), "A one.\n\nA two.\n\nA three.\n\nB one.\n");
    const lim = await loadFortunes({ dir, maxChars: 10, valFraction: 0 });
    assert.equal(decode(lim.train, lim.vocab), "A one.\n\nA two.\n");
    const only = await loadFortunes({ dir, files: ["beta"], lowercase: true, valFraction: 0 });
    assert.equal(decode(only.train, only.vocab), "b one.\n\nb two.\n");
    await assert.rejects(() => loadFortunes({ dir, files: ["gamma"] }), /argument "files"/);
    await assert.rejects(
      () => loadFortunes({ dir, files: ["art"] }),
      /loadFortunes: no fortune data files in .*install the Debian package "fortunes-min"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadFortunes: a missing directory names the Debian package", async () => {
  await assert.rejects(
    () => loadFortunes({ dir: "/nonexistent/saddle-fortunes" }),
    /loadFortunes: directory \/nonexistent\/saddle-fortunes does not exist; install the Debian package "fortunes-min".*"fortunes"/,
  );
});

let haveFortunes = false;
try {
  haveFortunes = Deno.statSync(`${FORTUNES_DIR}/fortunes`).isFile;
} catch {
  haveFortunes = false;
}

Deno.test({
  name: "loadFortunes: the installed Debian fortunes (skipped when the package is absent)",
  ignore: !haveFortunes,
  fn: async () => {
    const c = await loadFortunes();
    assert.ok(c.train.length > 50000, `${c.train.length} train chars`);
    const ratio = c.val.length / (c.train.length + c.val.length);
    assert.ok(ratio > 0.07 && ratio < 0.13, `val share ${ratio}`);
    assert.ok(c.vocab.size > 40 && c.vocab.size <= 97, `vocab ${c.vocab.size}`);
    assert.ok(c.vocab.index.has("e") && c.vocab.index.has("\n"));
  },
});
