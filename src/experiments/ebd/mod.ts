/**
 * The experiments of "Error Broadcast and Decorrelation" (arXiv:2504.11558), scaled down to
 * Fashion-MNIST on a CPU (PAPERS.md, EBD section): data preparation and one learning rule's
 * training run with its per-epoch measurements, and the table of a sweep (one rule × seed per run).
 * @module
 */
export {
  type ClassificationData,
  type ClassificationSplit,
  loadFashionMnistForEbd,
  oneHot,
  standardizeColumns,
} from "./data.ts";
export {
  checkEbdTrainConfig,
  EBD_METHODS,
  type EbdEpochRecord,
  type EbdMethod,
  type EbdTrainConfig,
  type EbdTrainOptions,
  trainEbdMethod,
} from "./train.ts";
export {
  compareEbdMethods,
  EBD_PAPER_MLP,
  type EbdClaims,
  type EbdMethodSummary,
  type EbdRunRecord,
  summarizeEbd,
} from "./compare.ts";
export {
  type EbdCheck,
  ebdFaithfulChecks,
  type EbdGap,
  ebdRecordsFromMerged,
  ebdSweepTable,
  formatEbdTable,
  pairedGap,
} from "./sweep_table.ts";
