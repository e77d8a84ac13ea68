import { describe, expect, it } from 'vitest';
import { compareSnowflakes, shardOf, snowflakeAt, snowflakeTime } from '../src/index.js';

describe('snowflakes', () => {
  it('reads the creation time of an id (Discord documentation example)', () => {
    expect(snowflakeTime('175928847299117063')).toBe(1462015105796);
  });

  it('makes the smallest id of a time, which sorts before every id created at or after it', () => {
    const at = snowflakeAt(1462015105796);
    expect(snowflakeTime(at)).toBe(1462015105796);
    expect(compareSnowflakes(at, '175928847299117063')).toBe(-1);
    expect(snowflakeAt(new Date(1462015105796))).toBe(at);
  });

  it('compares by creation, not by string', () => {
    expect(compareSnowflakes('99', '100')).toBe(-1);
    expect(compareSnowflakes('100', '100')).toBe(0);
  });

  it('assigns guilds to shards as Discord does', () => {
    // (175928847299117063 >> 22) = 41944705796; % 16 = 4
    expect(shardOf('175928847299117063', 16)).toBe(4);
    expect(shardOf('175928847299117063', 1)).toBe(0);
  });
});
