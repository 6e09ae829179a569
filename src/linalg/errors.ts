/**
 * Named errors of the dense linear-algebra module. Each message names the function, the
 * argument, what was expected and what was received.
 * @module
 */

/** Base class of the numerical failures of src/linalg (not argument errors). */
export class LinalgError extends Error {
  /** Build the error. @param message full message, starting with the function name */
  constructor(message: string) {
    super(message);
    this.name = "LinalgError";
  }
}

/**
 * Cholesky factorization met a non-positive (or non-finite) pivot: the matrix is not
 * (numerically) positive definite. `pivot` is the 0-based index of the failing diagonal entry
 * and `value` the Schur-complement value found there (`d` in `L[p,p] = sqrt(d)`).
 */
export class NotPositiveDefiniteError extends LinalgError {
  /** 0-based index of the failing pivot. */
  readonly pivot: number;
  /** Value of the pivot (the would-be `L[p,p]²`). */
  readonly value: number;
  /** Build the error. @param fn function name; @param pivot failing index; @param value pivot value */
  constructor(fn: string, pivot: number, value: number) {
    super(
      `${fn}: argument "a" must be positive definite, but pivot ${pivot} of the Cholesky ` +
        `factorization is ${value} (not > 0); add jitter to the diagonal or check symmetry`,
    );
    this.name = "NotPositiveDefiniteError";
    this.pivot = pivot;
    this.value = value;
  }
}

/**
 * An exactly singular matrix was passed where an invertible one is needed: the LU
 * factorization with partial pivoting found `U[index,index] = 0` (LAPACK `info > 0`).
 */
export class SingularMatrixError extends LinalgError {
  /** 0-based index of the zero pivot. */
  readonly index: number;
  /** Build the error. @param fn function name; @param index zero-pivot index; @param what detail */
  constructor(fn: string, index: number, what = "LU pivot") {
    super(
      `${fn}: argument "a" must be nonsingular, but ${what} ${index} is exactly zero ` +
        `(matrix is singular)`,
    );
    this.name = "SingularMatrixError";
    this.index = index;
  }
}

/** A matrix that must be symmetric is not, within the stated tolerance. */
export class NotSymmetricError extends LinalgError {
  /** Largest `|A[i,j] − A[j,i]|` found. */
  readonly asymmetry: number;
  /** Build the error. @param fn function name; @param asymmetry max deviation; @param tol tolerance used */
  constructor(fn: string, asymmetry: number, tol: number) {
    super(
      `${fn}: argument "a" must be symmetric (max |A[i,j] - A[j,i]| <= ${tol}), ` +
        `got max asymmetry ${asymmetry}`,
    );
    this.name = "NotSymmetricError";
    this.asymmetry = asymmetry;
  }
}

/** An input contained NaN or ±Infinity. */
export class NonFiniteError extends LinalgError {
  /** Build the error. @param fn function name; @param arg argument name; @param index flat index of the entry; @param value the entry */
  constructor(fn: string, arg: string, index: number, value: number) {
    super(
      `${fn}: argument "${arg}" must have only finite entries, got ${value} at flat index ${index}`,
    );
    this.name = "NonFiniteError";
  }
}

/** An iterative eigen/singular value algorithm did not converge in its iteration budget. */
export class ConvergenceError extends LinalgError {
  /** Build the error. @param fn function name; @param detail what did not converge */
  constructor(fn: string, detail: string) {
    super(`${fn}: did not converge (${detail})`);
    this.name = "ConvergenceError";
  }
}
