import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Discord's OpenAPI description, beside the repository (`../shared`). */
export const SPEC_URL = new URL('../../../../../../shared/discord-api-spec/openapi.json', import.meta.url);

const SPEC_ID = 'https://discord.com/openapi.json';

interface Operation {
  operationId: string;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
}

/** A spec operation found for a method and concrete path. */
export interface MatchedOperation {
  operationId: string;
  path: string;
  method: string;
}

/** The outcome of validating one body: ok, or ajv's errors. */
export type Validation = { ok: true } | { ok: false; errors: ErrorObject[] };

/**
 * Validates requests and responses against Discord's OpenAPI description with ajv (OpenAPI 3.1 is
 * JSON Schema 2020-12): the components are added as one schema with an `$id`, and each operation's
 * schemas refer to them there.
 */
export class OpenApiValidator {
  readonly #spec: Spec;
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();
  /** Spec paths as matchers, literal segments first so `/users/@me` wins over `/users/{user_id}`. */
  readonly #matchers: { path: string; regex: RegExp; literals: number }[];

  constructor() {
    this.#spec = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as Spec;
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.#ajv);
    this.#ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    this.#ajv.addFormat('nonce', true);
    this.#ajv.addSchema({ $id: SPEC_ID, components: this.#spec.components });
    this.#matchers = Object.keys(this.#spec.paths)
      .map((path) => ({
        path,
        regex: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        literals: path.split('/').filter((segment) => !segment.startsWith('{')).length,
      }))
      .sort((a, b) => b.literals - a.literals);
  }

  /** The operation of a request, by method and concrete path (e.g. `/channels/1/messages`). */
  match(method: string, concretePath: string): MatchedOperation | undefined {
    const lower = method.toLowerCase();
    for (const matcher of this.#matchers) {
      if (!matcher.regex.test(concretePath)) continue;
      const operation = this.#spec.paths[matcher.path]?.[lower] as Operation | undefined;
      if (operation) return { operationId: operation.operationId, path: matcher.path, method: lower };
    }
    return undefined;
  }

  /** The spec operation of a route template of ours, e.g. `GET /channels/:channel_id/messages`. */
  matchTemplate(method: string, template: string): MatchedOperation | undefined {
    const shape = (path: string) => path.replace(/\{[^}]+\}|:[a-z_]+/g, '{}');
    const wanted = shape(template);
    const path = Object.keys(this.#spec.paths).find((candidate) => shape(candidate) === wanted);
    const operation = path ? (this.#spec.paths[path]?.[method.toLowerCase()] as Operation | undefined) : undefined;
    return path && operation ? { operationId: operation.operationId, path, method: method.toLowerCase() } : undefined;
  }

  /** Validates a JSON request body against the operation's `application/json` request schema. */
  validateRequest(operation: MatchedOperation, body: unknown): Validation {
    const schema = this.#operation(operation).requestBody?.content?.['application/json']?.schema;
    if (schema === undefined) return { ok: true };
    return this.#validate(`${operation.operationId}:request`, schema, body);
  }

  /** Validates a response body against the schema of its status (exact, then `4XX`-style, then default). */
  validateResponse(operation: MatchedOperation, status: number, body: unknown): Validation {
    const responses = this.#operation(operation).responses;
    let response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!response) {
      return { ok: false, errors: [{ message: `no response ${status} in the spec` } as ErrorObject] };
    }
    if (response.$ref) response = this.#spec.components.responses[response.$ref.split('/').pop() as string] ?? response;
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined) {
      return body === undefined || body === ''
        ? { ok: true }
        : { ok: false, errors: [{ message: `the spec has no body for ${status}` } as ErrorObject] };
    }
    return this.#validate(`${operation.operationId}:${status}`, schema, body);
  }

  #operation(operation: MatchedOperation): Operation {
    return this.#spec.paths[operation.path]?.[operation.method] as Operation;
  }

  #validate(key: string, schema: unknown, data: unknown): Validation {
    let validate = this.#compiled.get(key);
    if (!validate) {
      // The operation's refs point into the components schema added under SPEC_ID.
      const anchored = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`));
      validate = this.#ajv.compile(anchored);
      this.#compiled.set(key, validate);
    }
    return validate(data) ? { ok: true } : { ok: false, errors: [...(validate.errors ?? [])] };
  }
}
