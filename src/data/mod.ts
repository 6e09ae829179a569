/**
 * Data: the synthetic order-2 Markov text with a known entropy rate, character corpora from
 * public text shipped by Debian packages (fortunes), IDX files and Fashion-MNIST, and
 * language-model sequence batches.
 *
 * @module
 */

export {
  type MarkovChain,
  markovChain,
  type MarkovChainOptions,
  type MarkovText,
  markovText,
  pairStationary,
  sampleMarkovText,
} from "./markov_text.ts";
export {
  buildVocab,
  type CharVocab,
  cleanText,
  corpusFromRecords,
  type CorpusOptions,
  decode,
  encode,
  FORTUNES_DIR,
  type FortunesOptions,
  loadFortunes,
  splitFortunes,
  type TextCorpus,
} from "./text.ts";
export {
  encodeIdx,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  type FashionMnist,
  type FashionMnistOptions,
  gunzip,
  type IdxArray,
  type IdxData,
  type IdxDType,
  loadFashionMnist,
  parseIdx,
  readIdx,
} from "./idx.ts";
export {
  BROWN_PACKAGE,
  brownCorpusDir,
  type BrownOptions,
  loadBrownCorpus,
  stripBrownTags,
} from "./brown_corpus.ts";
export { type NgramEntropies, ngramEntropies } from "./ngram_entropy.ts";
export { type BatchOptions, evalBatches, sampleBatch, type SequenceBatch } from "./batches.ts";
export * from "./icl_tasks.ts";
export * from "./icl_covariances.ts";
export {
  deepTanhTeacher,
  type DeepTeacher,
  type DeepTeacherOptions,
  type RegressionBatch,
} from "./deep_teacher.ts";
export * from "./rnn_tasks/mod.ts";
