import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import { z } from 'zod';
import { GatewayCloseError } from './gateway-close-error.js';

/** Discord closes with 4002 on any payload larger than this. */
export const MAX_CLIENT_PAYLOAD_BYTES = 4096;

const snowflake = z.string().regex(/^\d{1,20}$/);

const identifySchema = z.object({
  token: z.string(),
  properties: z.object({ os: z.string(), browser: z.string(), device: z.string() }),
  compress: z.boolean().optional(),
  large_threshold: z.number().int().min(50).max(250).optional(),
  shard: z.tuple([z.number().int(), z.number().int()]).optional(),
  presence: z.unknown().optional(),
  intents: z.number().int(),
});

const resumeSchema = z.object({
  token: z.string(),
  session_id: z.string(),
  seq: z.number().int().nullable(),
});

const requestGuildMembersSchema = z
  .object({
    guild_id: snowflake,
    query: z.string().optional(),
    limit: z.number().int().min(0).optional(),
    presences: z.boolean().optional(),
    user_ids: z.union([snowflake, z.array(snowflake).max(100)]).optional(),
    nonce: z
      .string()
      .refine((nonce) => Buffer.byteLength(nonce) <= 32, 'nonce is at most 32 bytes')
      .optional(),
  })
  .refine((d) => d.query !== undefined || d.user_ids !== undefined, 'one of query or user_ids is required')
  .refine((d) => d.query === undefined || d.limit !== undefined, 'limit is required with query');

const presenceUpdateSchema = z.object({
  since: z.number().int().nullable(),
  activities: z.array(z.unknown()),
  status: z.string(),
  afk: z.boolean(),
});

const voiceStateUpdateSchema = z.object({
  guild_id: snowflake,
  channel_id: snowflake.nullable(),
  self_mute: z.boolean(),
  self_deaf: z.boolean(),
});

export type IdentifyData = z.infer<typeof identifySchema>;
export type ResumeData = z.infer<typeof resumeSchema>;
export type RequestGuildMembersData = z.infer<typeof requestGuildMembersSchema>;
export type VoiceStateUpdateData = z.infer<typeof voiceStateUpdateSchema>;

/** A payload a client may send, validated. */
export type ClientPayload =
  | { op: GatewayOpcodes.Heartbeat; d: number | null }
  | { op: GatewayOpcodes.Identify; d: IdentifyData }
  | { op: GatewayOpcodes.PresenceUpdate; d: z.infer<typeof presenceUpdateSchema> }
  | { op: GatewayOpcodes.VoiceStateUpdate; d: VoiceStateUpdateData }
  | { op: GatewayOpcodes.Resume; d: ResumeData }
  | { op: GatewayOpcodes.RequestGuildMembers; d: RequestGuildMembersData };

const schemas = {
  [GatewayOpcodes.Heartbeat]: z.number().int().nullable(),
  [GatewayOpcodes.Identify]: identifySchema,
  [GatewayOpcodes.PresenceUpdate]: presenceUpdateSchema,
  [GatewayOpcodes.VoiceStateUpdate]: voiceStateUpdateSchema,
  [GatewayOpcodes.Resume]: resumeSchema,
  [GatewayOpcodes.RequestGuildMembers]: requestGuildMembersSchema,
} as const;

/**
 * Decodes one message a client sent. Throws {@link GatewayCloseError}: 4002 for a payload that is too large
 * or not a JSON object with a numeric `op`, 4001 for an opcode a client may not send or a `d` that does not
 * fit its opcode (Discord's "invalid payload for an opcode").
 */
export function parseClientPayload(raw: Buffer): ClientPayload {
  if (raw.length > MAX_CLIENT_PAYLOAD_BYTES) {
    throw new GatewayCloseError(GatewayCloseCodes.DecodeError, `payload of ${raw.length} bytes exceeds 4096`);
  }
  let message: unknown;
  try {
    message = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GatewayCloseError(GatewayCloseCodes.DecodeError, 'payload is not valid JSON');
  }
  if (typeof message !== 'object' || message === null || !('op' in message) || typeof message.op !== 'number') {
    throw new GatewayCloseError(GatewayCloseCodes.DecodeError, 'payload is not an object with a numeric op');
  }
  const op = message.op;
  const schema = (schemas as Partial<Record<number, z.ZodType>>)[op];
  if (schema === undefined) throw new GatewayCloseError(GatewayCloseCodes.UnknownOpcode, `opcode ${op}`);
  const parsed = schema.safeParse('d' in message ? message.d : undefined);
  if (!parsed.success) {
    throw new GatewayCloseError(
      GatewayCloseCodes.UnknownOpcode,
      `invalid payload for opcode ${op}: ${parsed.error.message}`,
    );
  }
  return { op, d: parsed.data } as ClientPayload;
}
