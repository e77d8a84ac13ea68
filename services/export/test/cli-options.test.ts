import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeBooleanArgs } from '../src/cli/boolean-args.js';
import { idTable } from '../src/cli/channel-listings.js';
import type { CliIo } from '../src/cli/cli-io.js';
import { exportSummary } from '../src/cli/export-summary.js';
import { runCli } from '../src/cli/main.js';

/** An io that records what the CLI prints. */
function recordingIo(env: Record<string, string> = {}) {
  const io = { out: '', err: '' };
  const cli: CliIo = {
    out: (text) => {
      io.out += text;
    },
    err: (text) => {
      io.err += text;
    },
    env,
    interactive: false,
  };
  return { io, cli };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-options-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('normalizeBooleanArgs', () => {
  const names = new Set(['--media', '--reverse']);
  it('takes a boolean word as the value and gives true otherwise', () => {
    expect(normalizeBooleanArgs(['--media', 'false', '-c', '1'], names)).toEqual(['--media=false', '-c', '1']);
    expect(normalizeBooleanArgs(['--reverse', 'in.json'], names)).toEqual(['--reverse=true', 'in.json']);
    expect(normalizeBooleanArgs(['--media'], names)).toEqual(['--media=true']);
    expect(normalizeBooleanArgs(['--media=no', '--', '--reverse'], names)).toEqual(['--media=no', '--', '--reverse']);
  });
});

describe('bad options', () => {
  const cases: [string, string[], RegExp][] = [
    ['a partition', ['--partition', '10x'], /--partition: Invalid partition limit/],
    ['a format', ['-f', 'Json,Pdf'], /--format.*unknown format "Pdf"/],
    ['both HTML themes', ['-f', 'HtmlDark', '-f', 'HtmlLight'], /cannot be written in one pass/],
    ['a filter', ['--filter', 'from:'], /--filter:/],
    ['a date', ['--after', 'yesterday-ish'], /--after: Invalid/],
    ['media flags without --media', ['--reuse-media'], /--reuse-media: reuseMedia cannot be used without media/],
    ['a boolean', ['--utc', 'maybe'], /too many arguments/],
    ['a locale', ['--locale', 'not a locale!'], /--locale/],
    ['parallel', ['--parallel', '0'], /--parallel: expected 1 or more/],
    ['a channel id', [], /--channel \(value 1\): expected an id/],
  ];
  for (const [what, args, reason] of cases) {
    it(`refuses ${what} before asking Discord, and writes nothing`, async () => {
      const { io, cli } = recordingIo({ DISCORD_TOKEN: 'not-checked-before-the-options' });
      const channel = what === 'a channel id' ? ['-c', 'general'] : ['-c', '123'];
      const code = await runCli(
        ['export', ...channel, '-o', `${dir}/`, '--api', 'http://127.0.0.1:9/api', ...args],
        cli,
      );
      expect(code).toBe(1);
      expect(io.err).toMatch(reason);
      expect(io.err).not.toMatch(/token|reach Discord/i);
      expect(await readdir(dir)).toEqual([]);
    });
  }

  it('asks for a token when none is given', async () => {
    const { io, cli } = recordingIo();
    expect(await runCli(['export', '-c', '123', '-o', `${dir}/`], cli)).toBe(1);
    expect(io.err).toContain('No token: pass --token or set DISCORD_TOKEN');
  });

  it('says when Discord cannot be reached', async () => {
    const { io, cli } = recordingIo({ DISCORD_TOKEN: 'x' });
    expect(await runCli(['guilds', '--api', 'http://127.0.0.1:9/api'], cli)).toBe(1);
    expect(io.err).toContain('Cannot reach Discord at http://127.0.0.1:9/api');
  });

  it('names the --guild of exportguild, not a channel, for a bad id', async () => {
    const { io, cli } = recordingIo({ DISCORD_TOKEN: 'x' });
    expect(await runCli(['exportguild', '-g', 'my-guild'], cli)).toBe(1);
    expect(io.err).toContain('--guild: expected an id');
  });
});

describe('exportSummary', () => {
  it("is DCE's closing report, with the media given up on", () => {
    const text = exportSummary({
      exported: 2,
      warnings: [{ channel: 'Text / quiet', message: 'The channel contains no messages for the specified period.' }],
      errors: [{ channel: 'Channel 9', message: 'Unknown channel 9' }],
      media: [{ url: 'https://cdn/x.png', status: 404, message: 'HTTP 404 Not Found' }],
    });
    expect(text).toBe(
      'Successfully exported 2 channel(s).\n\n' +
        'Warnings reported for the following channel(s):\n' +
        'Text / quiet: The channel contains no messages for the specified period.\n\n' +
        'Failed to export the following channel(s):\nChannel 9: Unknown channel 9\n\n' +
        '1 media file(s) could not be downloaded; the export links to them instead:\n' +
        'https://cdn/x.png: HTTP 404 Not Found\n',
    );
  });
});

describe('idTable', () => {
  it('pads the ids to one width', () => {
    expect(
      idTable([
        { id: '0', text: 'Direct Messages' },
        { id: '123', text: 'Guild' },
      ]),
    ).toBe('0   | Direct Messages\n123 | Guild\n');
  });
});
