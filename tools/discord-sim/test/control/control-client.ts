/** An answer of the control API as a test sees it. */
export interface ControlAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** Calls `${base}${path}` with a JSON body (when given) and parses a JSON answer. */
export async function call<T = unknown>(base: string, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bot ${token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const json =
    response.headers.get('content-type')?.includes('application/json') && text ? JSON.parse(text) : undefined;
  return { status: response.status, body: json as T, text, headers: response.headers } satisfies ControlAnswer<T>;
}
