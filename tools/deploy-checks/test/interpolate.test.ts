// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose's ${VAR} syntax is the subject of these tests
import { describe, expect, it } from 'vitest';
import { InterpolationError, interpolate, interpolateDeep } from '../src/interpolate.js';

describe('interpolate', () => {
  it('takes a :- default when the variable is unset or empty, a - default only when unset', () => {
    expect(interpolate('${A:-x}', {})).toBe('x');
    expect(interpolate('${A:-x}', { A: '' })).toBe('x');
    expect(interpolate('${A:-x}', { A: 'set' })).toBe('set');
    expect(interpolate('${A-x}', {})).toBe('x');
    expect(interpolate('${A-x}', { A: '' })).toBe('');
  });

  it('replaces variables inside a string, braced or bare, and unset ones with nothing', () => {
    expect(interpolate('postgres://u:${PW:-pw}@db:5432/${DB}', { DB: 'platform' })).toBe(
      'postgres://u:pw@db:5432/platform',
    );
    expect(interpolate('$HOME/x', { HOME: '/root' })).toBe('/root/x');
    expect(interpolate('${GONE}', {})).toBe('');
  });

  it('keeps $$ as a dollar and gives + alternatives', () => {
    expect(interpolate('cost $$5', {})).toBe('cost $5');
    expect(interpolate('${A:+on}', { A: 'x' })).toBe('on');
    expect(interpolate('${A:+on}', { A: '' })).toBe('');
  });

  it('refuses a required variable that is missing, and forms it cannot resolve', () => {
    expect(() => interpolate('${TOKEN:?set TOKEN}', {})).toThrow(/TOKEN is required: set TOKEN/);
    expect(interpolate('${TOKEN:?set TOKEN}', { TOKEN: 't' })).toBe('t');
    expect(() => interpolate('${A:-${B}}', {})).toThrow(InterpolationError);
    expect(() => interpolate('price $', {})).toThrow(InterpolationError);
    expect(() => interpolate('${1A}', {})).toThrow(InterpolationError);
  });

  it('resolves every string of a document and leaves other values alone', () => {
    expect(interpolateDeep({ a: ['${X:-1}', 2], b: { c: '${X:-1}', d: null, e: true } }, { X: 'x' })).toEqual({
      a: ['x', 2],
      b: { c: 'x', d: null, e: true },
    });
  });
});
