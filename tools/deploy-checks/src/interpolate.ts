export type HostEnv = Record<string, string | undefined>;

/** A `$` form this reader does not resolve as Compose would; thrown so that no check passes on a misread value. */
export class InterpolationError extends Error {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`${expression}: ${reason}`);
    this.name = 'InterpolationError';
  }
}

// $$ | ${NAME} ${NAME:-x} ${NAME-x} ${NAME:?x} ${NAME?x} ${NAME:+x} ${NAME+x} | $NAME | any other $
const EXPRESSION =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\{[^}]*\}?|.|$))/g;

/**
 * Resolves Compose's variable interpolation in one string against the host's environment, as
 * `docker compose` does: `${V:-x}` takes x when V is unset or empty, `${V-x}` only when unset.
 */
export function interpolate(value: string, env: HostEnv): string {
  return value.replace(
    EXPRESSION,
    (
      expression: string,
      dollar?: string,
      braced?: string,
      operator?: string,
      operand = '',
      bare?: string,
      other?: string,
    ) => {
      if (dollar) return '$';
      if (other !== undefined) throw new InterpolationError(expression, 'not a Compose variable (write $$ for a $)');
      const name = braced ?? bare ?? '';
      const current = env[name];
      if (!operator) return current ?? '';
      if (operand.includes('$'))
        throw new InterpolationError(expression, 'a nested variable in a default is not supported here');
      const missing = operator.startsWith(':') ? !current : current === undefined;
      if (operator.endsWith('-')) return missing ? operand : (current ?? '');
      if (operator.endsWith('+')) return missing ? '' : operand;
      if (missing) throw new InterpolationError(expression, `${name} is required: ${operand || 'not set'}`);
      return current ?? '';
    },
  );
}

/** {@link interpolate} applied to every string of a parsed YAML document; keys are left as they are, as in Compose. */
export function interpolateDeep(node: unknown, env: HostEnv): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateDeep(item, env));
  if (node !== null && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateDeep(value, env)]));
  return node;
}
