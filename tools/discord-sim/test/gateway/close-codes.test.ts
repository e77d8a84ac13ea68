import { GatewayCloseCodes as C } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODE_RULES, sessionSurvivesClose } from '../../src/gateway/close-codes.js';

describe('close codes', () => {
  it('follows the docs on which codes allow a reconnect', () => {
    const reconnect = Object.entries(CLOSE_CODE_RULES)
      .filter(([, rule]) => rule.reconnect)
      .map(([code]) => Number(code));
    expect(reconnect).toEqual([
      C.UnknownError,
      C.UnknownOpcode,
      C.DecodeError,
      C.NotAuthenticated,
      C.AlreadyAuthenticated,
      C.InvalidSeq,
      C.RateLimited,
      C.SessionTimedOut,
    ]);
  });

  it('needs a new session after 4007 and 4009 and after the fatal codes', () => {
    for (const code of [C.InvalidSeq, C.SessionTimedOut, C.AuthenticationFailed, C.InvalidShard, C.ShardingRequired]) {
      expect(sessionSurvivesClose(code)).toBe(false);
    }
    for (const code of [C.InvalidAPIVersion, C.InvalidIntents, C.DisallowedIntents]) {
      expect(sessionSurvivesClose(code)).toBe(false);
    }
  });

  it('keeps the session after the other gateway codes', () => {
    for (const code of [C.UnknownError, C.UnknownOpcode, C.DecodeError, C.RateLimited, C.AlreadyAuthenticated]) {
      expect(sessionSurvivesClose(code)).toBe(true);
    }
  });

  it('ends the session when the client closes with 1000 or 1001, keeps it for any other client code', () => {
    expect(sessionSurvivesClose(1000)).toBe(false);
    expect(sessionSurvivesClose(1001)).toBe(false);
    expect(sessionSurvivesClose(4200)).toBe(true);
    expect(sessionSurvivesClose(1006)).toBe(true);
    expect(sessionSurvivesClose(1005)).toBe(true);
  });
});
