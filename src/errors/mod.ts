/**
 * The one argument-check module: {@link ArgumentError} (naming the function, the argument, the
 * expected and the received value), {@link ShapeError} and the small checks every public entry
 * point uses. The lowest layer: imports nothing from the toolkit.
 * @module
 */
export {
  ArgumentError,
  checkAllFinite,
  checkChoice,
  checkFinite,
  checkInRange,
  checkNonNegative,
  checkPositive,
  checkPositiveInt,
  checkSize,
  describe,
  normAxis,
  ShapeError,
} from "./argument_error.ts";
