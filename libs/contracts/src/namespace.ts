import { subjectToken } from './subject-token.js';

/**
 * A bus namespace isolates one deployment (or one test run) from others on the same NATS:
 * it prefixes every subject (`<ns>.discord...`) and every stream and consumer name (`<ns>_DISCORD`).
 * The empty namespace is the default and adds nothing.
 */
export interface BusNamespace {
  readonly name: string;
  /** Prefixes a subject or subject filter. */
  subject(subject: string): string;
  /** Prefixes a stream, consumer or KV bucket name. */
  resource(name: string): string;
}

/** What a namespace may contain: it becomes part of subjects and of stream names. */
export const BUS_NAMESPACE_PATTERN = /^[a-z0-9_-]*$/;

export function busNamespace(name = ''): BusNamespace {
  if (!BUS_NAMESPACE_PATTERN.test(name)) {
    throw new Error(
      `bus namespace "${name}" must match ${BUS_NAMESPACE_PATTERN} (lower-case letters, digits, '_' and '-')`,
    );
  }
  if (name === '') return { name, subject: (s) => s, resource: (r) => r };
  subjectToken(name, 'namespace');
  return { name, subject: (s) => `${name}.${s}`, resource: (r) => `${name}_${r}` };
}
