import { expect } from 'vitest';
import { BacklintError } from '../../src/errors.js';

/** The BacklintError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<BacklintError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BacklintError);
  return error as BacklintError;
}
