/** The services that consume events; each owns the subjects under its own name. */
export const SERVICE_NAMES = ['stats', 'export', 'lending', 'collectors', 'insights'] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
