/**
 * Character-level text corpora from public text that a Debian package ships, located at run
 * time and never committed: by default the fortune-cookie files of Debian's `fortunes-min`
 * (≈140 kB) and `fortunes` (≈2.5 MB) packages under /usr/share/games/fortunes (an optional text
 * of the Seesaw LM experiment, arXiv:2510.14717; PAPERS.md, Seesaw), and the split and encoding
 * helpers the other corpora share (the Brown corpus: `brown_corpus.ts`).
 *
 * @module
 */

import { ArgumentError } from "../array/errors.ts";

/** Where Debian's `fortunes-min` / `fortunes` packages install their data files. */
export const FORTUNES_DIR = "/usr/share/games/fortunes";

/** A character vocabulary: sorted distinct characters (Unicode code points). */
export interface CharVocab {
  /** The characters; id i ↔ chars[i]. */
  readonly chars: readonly string[];
  /** Map from character to id. */
  readonly index: ReadonlyMap<string, number>;
  /** Number of characters. */
  readonly size: number;
}

/**
 * The vocabulary of the distinct characters (code points) of `text`, sorted by code point.
 *
 * @param text any string
 * @returns the vocabulary
 */
export function buildVocab(text: string): CharVocab {
  const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  return { chars, index: new Map(chars.map((c, i) => [c, i])), size: chars.length };
}

/**
 * Encodes `text` as character ids of `vocab`.
 *
 * @param text the text (every character must be in the vocabulary)
 * @param vocab the vocabulary
 * @returns a new Int32Array, one id per code point
 */
export function encode(text: string, vocab: CharVocab): Int32Array {
  const cps = [...text];
  const out = new Int32Array(cps.length);
  for (let i = 0; i < cps.length; i++) {
    const id = vocab.index.get(cps[i]);
    if (id === undefined) {
      throw new ArgumentError(
        "encode",
        "text",
        `characters of the vocabulary (position ${i} is not)`,
        cps[i],
      );
    }
    out[i] = id;
  }
  return out;
}

/**
 * Decodes character ids back to text.
 *
 * @param ids ids in [0, vocab.size)
 * @param vocab the vocabulary
 * @returns the text
 */
export function decode(ids: ArrayLike<number>, vocab: CharVocab): string {
  let s = "";
  for (let i = 0; i < ids.length; i++) {
    const c = vocab.chars[ids[i]];
    if (c === undefined) {
      throw new ArgumentError("decode", "ids", `ids in [0, ${vocab.size})`, ids[i]);
    }
    s += c;
  }
  return s;
}

/**
 * Cleans the text of a fortune file: CRLF → LF, overstrike sequences "x\b" removed (the
 * character after the backspace is kept), other control characters except "\n" and "\t"
 * removed and, when `ascii` is true, characters outside printable ASCII removed.
 *
 * @param raw the file's text
 * @param opts `{ ascii = true }`
 * @returns the cleaned text
 */
export function cleanText(raw: string, opts: { ascii?: boolean } = {}): string {
  const ascii = opts.ascii ?? true;
  let s = raw.replace(/\r\n?/g, "\n");
  // overstriking: "_\bA" or "A\bA" prints one glyph; keep the last character
  // deno-lint-ignore no-control-regex
  const overstrike = /[^\n]\x08/g;
  while (s.includes("\b")) {
    const t = s.replace(overstrike, "");
    if (t === s) break;
    s = t;
  }
  // deno-lint-ignore no-control-regex
  s = s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
  if (ascii) s = s.replace(/[^\n\t\x20-\x7e]/g, "");
  return s;
}

/**
 * Splits the text of a fortune file into its records (the fortune format separates them by
 * lines holding only "%"). Empty records are dropped; each record keeps its final newline.
 *
 * @param text a fortune file's (cleaned) text
 * @returns the records
 */
export function splitFortunes(text: string): string[] {
  return text.split(/^%[ \t]*$\n?/m).map((r) => r.replace(/^\n+/, "")).filter((r) =>
    r.trim() !== ""
  )
    .map((r) => (r.endsWith("\n") ? r : r + "\n"));
}

/** An encoded character corpus with a train/validation split. */
export interface TextCorpus {
  /** The character vocabulary (of train and val together). */
  readonly vocab: CharVocab;
  /** Training characters as ids. */
  readonly train: Int32Array;
  /** Validation characters as ids. */
  readonly val: Int32Array;
  /** Number of records (documents) in train and in val. */
  readonly records: { readonly train: number; readonly val: number };
  /** Where the text came from (file paths, or a description). */
  readonly sources: readonly string[];
}

/** Options of {@link corpusFromRecords}. */
export interface CorpusOptions {
  /** Fraction of records held out for validation, in [0, 1) (default 0.1). */
  valFraction?: number;
  /** Text placed between consecutive records (default "\n", i.e. a blank line). */
  separator?: string;
}

/**
 * Builds an encoded corpus from records (documents): record i goes to validation exactly when
 * ⌊(i+1)·f⌋ > ⌊i·f⌋ (f = valFraction), which holds out every (1/f)-th record and spreads the
 * validation set evenly over the corpus; records are joined by `separator` within each part.
 *
 * @param records the documents, in order
 * @param opts `{ valFraction = 0.1, separator = "\n" }`
 * @param sources provenance strings recorded in the result
 * @returns vocabulary and encoded train/val ids
 */
export function corpusFromRecords(
  records: readonly string[],
  opts: CorpusOptions = {},
  sources: readonly string[] = [],
): TextCorpus {
  const f = opts.valFraction ?? 0.1;
  if (!(typeof f === "number" && f >= 0 && f < 1)) {
    throw new ArgumentError("corpusFromRecords", "valFraction", "a number in [0, 1)", f);
  }
  const sep = opts.separator ?? "\n";
  const tr: string[] = [], va: string[] = [];
  records.forEach((r, i) => (Math.floor((i + 1) * f) > Math.floor(i * f) ? va : tr).push(r));
  const trainText = tr.join(sep), valText = va.join(sep);
  const vocab = buildVocab(trainText + sep + valText);
  return {
    vocab,
    train: encode(trainText, vocab),
    val: encode(valText, vocab),
    records: { train: tr.length, val: va.length },
    sources,
  };
}

/** Options of {@link loadFortunes}. */
export interface FortunesOptions extends CorpusOptions {
  /** Directory of the fortune data files (default {@link FORTUNES_DIR}). */
  dir?: string;
  /** Only these files (names in `dir`); default: every data file. */
  files?: readonly string[];
  /** Files to skip (default ["art", "ascii-art"]: ASCII drawings rather than prose). */
  exclude?: readonly string[];
  /** Keep printable ASCII, "\n" and "\t" only (default true). */
  ascii?: boolean;
  /** Lowercase the text (default false). */
  lowercase?: boolean;
  /** Stop adding records once this many characters are collected (default: all). */
  maxChars?: number;
}

const PACKAGE_HINT =
  'install the Debian package "fortunes-min" (≈140 kB of text) or "fortunes" (≈2.5 MB), ' +
  "e.g. `sudo apt-get install fortunes`, or pass { dir } to a folder of fortune files";

/**
 * Loads the fortune-cookie text of Debian's `fortunes` / `fortunes-min` packages as a
 * character corpus: the data files of `dir` in name order (the `.dat` index files and the
 * `.u8` links are skipped), cleaned by {@link cleanText}, split into records by
 * {@link splitFortunes} and split into train/validation by {@link corpusFromRecords}.
 * Nothing is downloaded; a missing directory or one without data files is an error that
 * names the Debian package to install.
 *
 * @param opts directory, file selection, cleaning and split options
 * @returns the corpus (about 2.4 M characters and ≈97 symbols with the full `fortunes`
 *   package and default options)
 */
export async function loadFortunes(opts: FortunesOptions = {}): Promise<TextCorpus> {
  const dir = opts.dir ?? FORTUNES_DIR;
  const exclude = new Set(opts.exclude ?? ["art", "ascii-art"]);
  let names: string[];
  try {
    names = [];
    for await (const e of Deno.readDir(dir)) {
      if (!e.isFile || e.name.endsWith(".dat") || e.name.endsWith(".u8")) continue;
      if (e.name.startsWith(".")) continue;
      names.push(e.name);
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(`loadFortunes: directory ${dir} does not exist; ${PACKAGE_HINT}`);
    }
    throw err;
  }
  names.sort();
  if (opts.files) {
    for (const f of opts.files) {
      if (!names.includes(f)) {
        throw new ArgumentError("loadFortunes", "files", `names of data files in ${dir}`, f);
      }
    }
    names = [...opts.files];
  }
  names = names.filter((n) => !exclude.has(n));
  if (names.length === 0) {
    throw new Error(`loadFortunes: no fortune data files in ${dir}; ${PACKAGE_HINT}`);
  }
  const maxChars = opts.maxChars ?? Infinity;
  if (!(maxChars > 0)) {
    throw new ArgumentError("loadFortunes", "maxChars", "a positive number", maxChars);
  }
  const records: string[] = [];
  const sources: string[] = [];
  let total = 0;
  for (const name of names) {
    if (total >= maxChars) break;
    const path = `${dir}/${name}`;
    let text = cleanText(await Deno.readTextFile(path), { ascii: opts.ascii });
    if (opts.lowercase) text = text.toLowerCase();
    sources.push(path);
    for (const r of splitFortunes(text)) {
      if (total >= maxChars) break;
      records.push(r);
      total += r.length;
    }
  }
  return corpusFromRecords(records, opts, sources);
}
