// Errors are values with a code and a message for a person; src/cli.ts turns them into exit code 2.

export type ErrorCode = 'usage' | 'config' | 'source' | 'io' | 'internal';

export class BacklintError extends Error {
  override readonly name = 'BacklintError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isBacklintError = (value: unknown): value is BacklintError => value instanceof BacklintError;
