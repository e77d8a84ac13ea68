import { createRestServer, type RestServer, type RestServerOptions } from '../../../src/rest/rest-server.js';
import { createWorld } from '../../../src/world/create-world.js';
import type { ScenarioInput, ScenarioName } from '../../../src/world/scenario.js';
import type { SimBot, World } from '../../../src/world/world.js';

/** An answer as a test sees it. */
export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text when it is not JSON, undefined when empty. */
  body: unknown;
}

/** A request as a test makes it; `token: null` sends no Authorization. */
export interface Call {
  token?: string | null;
  body?: unknown;
  /** A multipart body instead of JSON. */
  form?: FormData;
  headers?: Record<string, string>;
}

export interface Harness {
  world: World;
  server: RestServer;
  url: string;
  bot: SimBot;
  /** Calls `/api/v10${path}` with the first bot's token unless told otherwise. */
  call(method: string, path: string, call?: Call): Promise<Answer>;
  close(): Promise<void>;
}

/** Starts a world and the REST server over it on a random port of 127.0.0.1. */
export async function startRest(
  options: Omit<Partial<RestServerOptions>, 'world'> & { scenario?: ScenarioName | ScenarioInput } = {},
): Promise<Harness> {
  const { scenario = 'tiny', ...serverOptions } = options;
  const world = createWorld(scenario, serverOptions.now ? { now: serverOptions.now } : {});
  const server = createRestServer({ ...serverOptions, world });
  const url = await server.listen();
  const bot = world.bots[0] as SimBot;
  return {
    world,
    server,
    url,
    bot,
    call: (method, path, call = {}) => send(`${url}/api/v10${path}`, method, bot.token, call),
    close: () => server.close(),
  };
}

/** Sends one request with fetch and reads the answer. */
export async function send(url: string, method: string, defaultToken: string, call: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...call.headers };
  const token = call.token === undefined ? defaultToken : call.token;
  if (token !== null) headers.authorization = `Bot ${token}`;
  let body: FormData | string | undefined;
  if (call.form) body = call.form;
  else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = text === '' ? undefined : text;
  if (response.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed };
}
