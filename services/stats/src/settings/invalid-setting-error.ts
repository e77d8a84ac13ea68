/** A setting value the store refuses; nothing was changed. `field` names the setting. */
export class InvalidSettingError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = new.target.name;
  }
}

/** A time zone Postgres does not know, given to a setting or a query. */
export class InvalidTimeZoneError extends InvalidSettingError {
  constructor(readonly timeZone: string) {
    super('timeZone', `"${timeZone}" is not an IANA time zone (such as Europe/Paris or America/New_York)`);
  }
}

/** Postgres' answer to an unknown zone in AT TIME ZONE: invalid_parameter_value. */
export function isUnknownTimeZone(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '22023' && typeof e.message === 'string' && e.message.includes('time zone');
}
