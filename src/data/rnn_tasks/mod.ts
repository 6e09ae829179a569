/**
 * The neuroscience RNN tasks of INSD (Qian & Pehlevan, arXiv:2509.21504): the K-bit flip-flop,
 * MemoryPro and context-dependent integration, each with an out-of-distribution knob, all
 * seeded by explicit random keys.
 * @module
 */
export { type RnnTaskBatch, type TaskDType } from "./task_batch.ts";
export { flipFlop, type FlipFlopBatch, type FlipFlopOptions } from "./flip_flop.ts";
export { memoryPro, type MemoryProBatch, type MemoryProOptions } from "./memory_pro.ts";
export {
  contextIntegration,
  type ContextIntegrationBatch,
  type ContextIntegrationOptions,
} from "./context_integration.ts";
