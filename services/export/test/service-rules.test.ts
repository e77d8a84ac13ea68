import {
  type APIChatInputApplicationCommandInteraction,
  ApplicationCommandOptionType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { parseExportOptions } from '../src/options/export-options.js';
import { DownloadLinks } from '../src/service/download-links.js';
import { parseExportCommand } from '../src/service/export-command-options.js';
import type { ExportJob } from '../src/service/export-job.js';
import { storedFileKey, UnsafeFileNameError } from '../src/service/output-storage.js';
import { parseJobRequest } from '../src/service/parse-job-request.js';
import { createRateGate } from '../src/service/rate-gate.js';
import { failedText, linkedText, progressText } from '../src/service/reply-texts.js';

const CHANNEL = '800000000000000001';
const job: ExportJob = {
  id: '4b0c2a4e-0000-4000-8000-000000000001',
  guildId: '900000000000000001',
  options: parseExportOptions({ channels: [CHANNEL], formats: 'Json' }),
  requester: { kind: 'api' },
  createdAt: 0,
};

describe('download links', () => {
  const links = new DownloadLinks('secret-0123456789abcdef', 'https://exports.example.com/base/');
  const expires = Date.UTC(2030, 0, 1);

  it('signs a file of a job until it expires', () => {
    const url = new URL(links.link(job.id, 'a dir/chat [part 2].json', expires));
    expect(url.pathname).toBe(`/base/exports/${job.id}/files/a%20dir/chat%20%5Bpart%202%5D.json`);
    const [expiry, signature] = [url.searchParams.get('expires') ?? '', url.searchParams.get('signature') ?? ''];
    expect(links.verify(job.id, 'a dir/chat [part 2].json', expiry, signature, expires - 1)).toBe(true);
    expect(links.verify(job.id, 'a dir/chat [part 2].json', expiry, signature, expires + 1000)).toBe(false);
    expect(links.verify(job.id, 'other.json', expiry, signature, expires - 1)).toBe(false);
    expect(links.verify(job.id, 'a dir/chat [part 2].json', String(Number(expiry) + 1), signature, 0)).toBe(false);
    const other = new DownloadLinks('another-secret-0123456789', 'https://exports.example.com');
    expect(other.verify(job.id, 'a dir/chat [part 2].json', expiry, signature, 0)).toBe(false);
  });
});

describe('stored file names', () => {
  it('keeps a job’s files inside its folder', () => {
    expect(storedFileKey(job.id, 'guild/channel.html')).toBe(`${job.id}/guild/channel.html`);
    for (const name of ['', '../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', './a'])
      expect(() => storedFileKey(job.id, name), name).toThrow(UnsafeFileNameError);
  });
});

describe('export requests to the service', () => {
  it('takes export options with the guild they are confined to', () => {
    const parsed = parseJobRequest({ guildId: job.guildId, channels: CHANNEL, formats: 'json,csv', output: '%G/%C/' });
    expect(parsed).toMatchObject({
      ok: true,
      guildId: job.guildId,
      options: { formats: ['Json', 'Csv'], output: '%G/%C/' },
    });
  });

  it('lists every bad field, the service’s own rules included', () => {
    const parsed = parseJobRequest({ channels: [], output: 'a/../../b', media: true });
    expect(parsed.ok).toBe(false);
    const fields = parsed.ok ? [] : parsed.issues.map((issue) => issue.field);
    expect(fields).toEqual(['guildId', 'channels']);
    const service = parseJobRequest({ guildId: job.guildId, channels: [CHANNEL], output: 'a/../../b', media: true });
    expect(service.ok ? [] : service.issues.map((issue) => issue.field)).toEqual(['output', 'media']);
    expect(parseJobRequest([1, 2]).ok).toBe(false);
  });
});

/** A /export interaction with these options, run in CHANNEL by a member with `permissions` there. */
function command(options: Record<string, string>, permissions?: bigint) {
  return {
    id: '1',
    channel_id: CHANNEL,
    guild_id: job.guildId,
    data: {
      name: 'export',
      options: Object.entries(options).map(([name, value]) => ({
        name,
        value,
        type: name === 'channel' ? ApplicationCommandOptionType.Channel : ApplicationCommandOptionType.String,
      })),
      ...(permissions === undefined
        ? {}
        : {
            resolved: { channels: { [options.channel ?? CHANNEL]: { id: CHANNEL, permissions: String(permissions) } } },
          }),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
}

describe('/export options', () => {
  const readable = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

  it('exports the current channel by default, with the given format, bounds and filter', () => {
    const parsed = parseExportCommand(command({ format: 'Csv', after: '2025-01-31', filter: 'has:image' }));
    expect(parsed).toMatchObject({ ok: true, options: { channels: [CHANNEL], formats: ['Csv'], filter: 'has:image' } });
    expect(parsed.ok && parsed.options.after).toMatch(/^\d+$/);
  });

  it('names each bad option as the member typed it', () => {
    const parsed = parseExportCommand(command({ format: 'Pdf', before: 'someday' }));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(/`format`: unknown format "Pdf"[\s\S]*`before`/);
  });

  it('refuses a channel whose history the member cannot read', () => {
    const other = '800000000000000002';
    const parsed = parseExportCommand(command({ channel: other }, PermissionFlagsBits.ViewChannel));
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining(`<#${other}>`) });
    expect(parseExportCommand(command({ channel: other }, readable)).ok).toBe(true);
  });
});

describe('replies in Discord', () => {
  it('shows progress as a percentage with the messages so far', () => {
    expect(progressText(job, { fraction: 0.426, messages: 12345 })).toBe(
      `Exporting <#${CHANNEL}>… 42% (12,345 messages)`,
    );
  });

  it('lists links while they fit in a message, then says how many more there are', () => {
    const links = Array.from({ length: 100 }, (_, i) => ({
      name: `chat [part ${i + 1}].json`,
      url: `https://x.test/${'a'.repeat(60)}/${i}`,
    }));
    const text = linkedText(job, 5, links, new Date(0));
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toContain('(https://x.test/');
    expect(text).toMatch(/…and \d+ more files: GET \/exports\//);
    expect(text).not.toContain('[chat [part');
    expect(failedText('x'.repeat(3000))).toHaveLength(2000);
  });
});

describe('rate gate', () => {
  it('lets one call through per interval', () => {
    let now = 0;
    const gate = createRateGate(1000, () => now);
    expect(gate()).toBe(true);
    now = 999;
    expect(gate()).toBe(false);
    now = 1000;
    expect(gate()).toBe(true);
  });
});
