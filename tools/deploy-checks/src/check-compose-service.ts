import { ConfigError, loadConfig } from '@platform/service-kit';
import type { z } from 'zod';
import type { ComposeFile } from './compose-file.js';

/** Something wrong with one variable of a compose service, as the service (or the container around it) would meet it. */
export interface EnvProblem {
  variable: string;
  reason: string;
}

export interface ServiceCheck {
  /** The configuration the service would start with; undefined when its schema refuses the environment. */
  config: Record<string, unknown> | undefined;
  problems: EnvProblem[];
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** URLs a service gives to people rather than reaches itself: they name the host people open, which may be this one. */
const PEOPLE_FACING = new Set(['EXPORT_PUBLIC_URL']);

/**
 * Checks a compose service's environment against the service's configuration schema, through the same
 * `loadConfig` its main.ts calls (empty means unset, production refuses development secrets), and what
 * a schema cannot know about containers:
 * - every variable is one the service reads, or `<VARIABLE>_FILE` for one (a misspelt one would be ignored,
 *   leaving the default), and a `_FILE` names a path on a volume the service mounts;
 * - no URL of the resulting configuration points at the container itself (the defaults point at localhost);
 * - every compose host a URL names is a compose service this one depends on.
 */
export function checkComposeService(
  compose: ComposeFile,
  name: string,
  schema: z.ZodObject,
  /** Host files standing for the files a container would read, by their path in the container. */
  files: Readonly<Record<string, string>> = {},
): ServiceCheck {
  const service = compose.services[name];
  if (!service)
    return { config: undefined, problems: [{ variable: '(service)', reason: `no compose service ${name}` }] };
  const env = { ...service.environment };
  const problems: EnvProblem[] = [];
  const mounts = service.volumes.map((volume) => volume.split(':')[1] ?? '');
  for (const [variable, value] of Object.entries(env)) {
    const read = variable.endsWith('_FILE') ? variable.slice(0, -'_FILE'.length) : variable;
    if (!(read in schema.shape)) problems.push({ variable, reason: `not read by ${name}` });
    else if (read !== variable) {
      const path = String(value);
      if (!mounts.some((mount) => mount !== '' && path.startsWith(`${mount}/`)))
        problems.push({ variable, reason: `${path} is on no volume ${name} mounts` });
      const stand = files[path];
      if (stand !== undefined) env[variable] = stand;
    }
  }

  let config: Record<string, unknown>;
  try {
    config = loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { config: undefined, problems: [...problems, ...error.problems] };
  }

  for (const [variable, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !URL_LIKE.test(value) || PEOPLE_FACING.has(variable)) continue;
    const host = new URL(value).hostname;
    if (LOOPBACK.has(host)) {
      problems.push({ variable, reason: `points at the container itself (${host}); name the compose service` });
    } else if (host in compose.services && !(host in service.depends_on)) {
      problems.push({ variable, reason: `names ${host}, which ${name} does not depend on` });
    } else if (!(host in compose.services) && !host.includes('.')) {
      problems.push({ variable, reason: `names ${host}, which is no compose service` });
    }
  }
  return { config, problems };
}
