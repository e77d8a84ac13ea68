/** The state beside an output was written for a different export than the one asked for now. */
export class ExportStateMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly kind: 'checkpoint' | 'cursor',
    readonly fields: readonly string[],
  ) {
    const remedy =
      kind === 'checkpoint'
        ? 'Run the interrupted export again unchanged to resume it, or delete that file to start over'
        : 'Choose another output path for this export, or delete that file to export everything again';
    super(`The ${kind} ${file} belongs to an export with a different ${fields.join(', ')}. ${remedy}.`);
    this.name = 'ExportStateMismatchError';
  }
}

/** A checkpoint, cursor or journal that cannot be read as this engine writes it. */
export class ExportStateCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`The export state ${file} cannot be used (${reason}). Delete its folder to export from the start.`);
    this.name = 'ExportStateCorruptError';
  }
}

/** The export was stopped by its AbortSignal; the checkpoint lets the same request resume it. */
export class ExportAbortedError extends Error {
  constructor(
    readonly stateDir: string,
    options?: ErrorOptions,
  ) {
    super(
      `The export was stopped. Run the same request again to resume it from its checkpoint in ${stateDir}.`,
      options,
    );
    this.name = 'ExportAbortedError';
  }
}

/** A request the engine cannot carry out as given. */
export class ExportRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportRequestError';
  }
}
