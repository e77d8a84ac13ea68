/** Base of every error the bus throws, so callers can tell bus failures from their own. */
export class BusError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server did not store a publish (no stream for the subject, timeout, NATS down). */
export class PublishError extends BusError {
  constructor(
    readonly subject: string,
    readonly msgId: string | undefined,
    cause: unknown,
  ) {
    super(
      `publish to ${subject}${msgId ? ` (msg id ${msgId})` : ''} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** A stream could not be created or brought to the wanted configuration. */
export class StreamSetupError extends BusError {
  constructor(
    readonly stream: string,
    cause: unknown,
  ) {
    super(`stream ${stream}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A durable consumer could not be created or brought to the wanted configuration. */
export class ConsumerSetupError extends BusError {
  constructor(
    readonly stream: string,
    readonly consumer: string,
    cause: unknown,
  ) {
    super(`consumer ${consumer} on stream ${stream}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * Thrown by a message handler when retrying cannot help (the message is wrong, not the world):
 * the message goes to the dead-letter stream at once instead of being redelivered.
 */
export class PermanentError extends BusError {}

/** The payload is not JSON or does not match the consumer's schema; never retried. */
export class InvalidPayloadError extends PermanentError {
  constructor(
    readonly subject: string,
    reason: string,
  ) {
    super(`invalid payload on ${subject}: ${reason}`);
  }
}

/** Nobody answered a request within its timeout. */
export class RequestTimeoutError extends BusError {
  constructor(
    readonly subject: string,
    readonly timeoutMs: number,
  ) {
    super(`request to ${subject} got no reply within ${timeoutMs} ms`);
  }
}

/** No service listens on a request's subject. */
export class NoResponderError extends BusError {
  constructor(readonly subject: string) {
    super(`no service answers requests on ${subject}`);
  }
}

/** The replying service's handler threw; `message` is what it threw, prefixed with the subject. */
export class RemoteError extends BusError {
  constructor(
    readonly subject: string,
    readonly remoteName: string,
    readonly remoteMessage: string,
  ) {
    super(`${subject} answered with ${remoteName}: ${remoteMessage}`);
  }
}
