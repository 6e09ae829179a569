/**
 * The text of the Seesaw language-model experiment (a character-level stand-in for the paper's
 * C4 runs, arXiv:2510.14717 §4; PAPERS.md, Seesaw): the Brown corpus (default), the synthetic
 * order-2 Markov text (known entropy rate; tests) or Debian's fortunes, with the validation
 * split's unigram and bigram entropies as reference levels.
 * @module
 */
import { loadBrownCorpus } from "../../data/brown_corpus.ts";
import { markovText } from "../../data/markov_text.ts";
import { type NgramEntropies, ngramEntropies } from "../../data/ngram_entropy.ts";
import { loadFortunes } from "../../data/text.ts";
import { foldIn, key } from "../../random/mod.ts";
import { checkChoice, checkPositiveInt } from "../../errors/mod.ts";

/** The texts the experiment can train on. */
export const LM_TEXTS = ["brown", "markov", "fortunes"] as const;

/** One of {@link LM_TEXTS}. */
export type LmTextName = typeof LM_TEXTS[number];

/** A tokenized text with its train/validation split. */
export interface LmText {
  /** Which text. */
  name: LmTextName;
  /** Training characters as ids. */
  train: Int32Array;
  /** Validation characters as ids. */
  val: Int32Array;
  /** Vocabulary size. */
  vocab: number;
  /** Where the text came from. */
  source: string;
  /** Plug-in unigram and bigram entropies of the validation split (nats/char). */
  entropy: NgramEntropies;
  /** Entropy rate of the source (nats/char), known for the Markov text only. */
  entropyRate?: number;
}

/** Options of {@link lmText}. */
export interface LmTextOptions {
  /** Which text. */
  text: string;
  /** Symbols of the Markov text. */
  vocab: number;
  /** Characters to generate for the Markov text (train + validation, 90/10). */
  markovChars: number;
  /** Root seed (Markov text). */
  seed: number;
}

/**
 * Load or generate the text: Brown (every tenth document held out), fortunes (every tenth
 * record held out) or the Markov text (last 10% held out), and measure the validation split's
 * n-gram entropies.
 *
 * @param o which text, Markov size and seed
 * @returns the split text with its reference entropies
 */
export async function lmText(o: LmTextOptions): Promise<LmText> {
  const name = checkChoice("lmText", "text", o.text, LM_TEXTS) as LmTextName;
  if (name === "markov") {
    checkPositiveInt("lmText", "vocab", o.vocab);
    checkPositiveInt("lmText", "markovChars", o.markovChars);
    const t = markovText(foldIn(key(o.seed), 1001), o.markovChars, { vocabSize: o.vocab });
    const nTrain = Math.floor(0.9 * t.tokens.length);
    const val = t.tokens.subarray(nTrain);
    return {
      name,
      train: t.tokens.subarray(0, nTrain),
      val,
      vocab: o.vocab,
      source: `order-2 Markov text, V = ${o.vocab}`,
      entropy: ngramEntropies(val, o.vocab),
      entropyRate: t.entropyRateNats,
    };
  }
  const corpus = name === "brown"
    ? await loadBrownCorpus({ valFraction: 0.1 })
    : await loadFortunes({ valFraction: 0.1 });
  return {
    name,
    train: corpus.train,
    val: corpus.val,
    vocab: corpus.vocab.size,
    source: `${
      name === "brown" ? "Brown corpus" : "fortunes"
    } (${corpus.records.train} + ${corpus.records.val} documents, ${corpus.train.length} train / ${corpus.val.length} validation chars)`,
    entropy: ngramEntropies(corpus.val, corpus.vocab.size),
  };
}
