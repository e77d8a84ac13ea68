import { SimDiscordError } from '../world/world.js';

/** The JSON body of a Discord error answer. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: Record<string, unknown>;
}

/** The body Discord sends for an error. */
export function errorBody(error: SimDiscordError): DiscordErrorBody {
  return error.errors === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, errors: error.errors };
}

/** Errors of the REST layer itself (the world's own are in `discordErrors`), with Discord's status, code and message. */
export const restErrors = {
  unauthorized: () => new SimDiscordError(401, 0, '401: Unauthorized'),
  notFound: () => new SimDiscordError(404, 0, '404: Not Found'),
  badRequest: () => new SimDiscordError(400, 0, '400: Bad Request'),
  internal: (status: number) => new SimDiscordError(status, 0, `${status}: Internal Server Error`),
  invalidJson: () => new SimDiscordError(400, 50109, 'The request body contains invalid JSON.'),
  invalidFormBody: (errors: Record<string, unknown>) => new SimDiscordError(400, 50035, 'Invalid Form Body', errors),
  payloadTooLarge: () => new SimDiscordError(413, 40005, 'Request entity too large'),
  unknownCommand: () => new SimDiscordError(404, 10063, 'Unknown application command'),
  notApplicationOwner: () =>
    new SimDiscordError(403, 20012, 'You are not authorized to perform this action on this application'),
};
