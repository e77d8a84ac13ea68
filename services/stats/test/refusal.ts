import { InvalidOptionError } from '../src/window/invalid-option-error.js';

/** The InvalidOptionError `run` throws; fails the test when it throws nothing or something else. */
export function refusal(run: () => unknown): InvalidOptionError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidOptionError) return error;
    throw error;
  }
  throw new Error('expected an InvalidOptionError');
}
