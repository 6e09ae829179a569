/**
 * The array layer's named errors: re-exported from the one argument-check module,
 * `src/errors/`, so every layer throws the same {@link ArgumentError}.
 * @module
 */
export {
  ArgumentError,
  checkFinite,
  checkSize,
  describe,
  normAxis,
  ShapeError,
} from "../errors/mod.ts";
