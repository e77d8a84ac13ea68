import { snowflakeAt } from '@platform/discord';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertOutputFitsChannels,
  defaultFileName,
  escapeFileName,
  formatPathTemplate,
  type OutputPathContext,
  OutputPathError,
  partitionPath,
  resolveMediaDir,
  resolveOutputPath,
  resolveOutputPaths,
} from '../src/options/output-path.js';

const context: OutputPathContext = {
  guild: { id: '866458840245076028', name: 'Test Server' },
  channel: {
    id: '866674248747319326',
    name: 'date-range',
    categoryId: '866458840245076030',
    category: 'Text Channels',
  },
  channelPosition: 4,
  parentPosition: 1,
  format: 'HtmlDark',
  now: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
  utc: true,
};
const after = snowflakeAt(Date.UTC(2021, 6, 24, 13));
const before = snowflakeAt(Date.UTC(2021, 7, 1));

const originalZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalZone;
});

describe('formatPathTemplate', () => {
  it('fills every placeholder', () => {
    expect(formatPathTemplate('%g|%G|%t|%T|%c|%C|%p|%P|%a|%b|%d|%%', { ...context, after, before })).toBe(
      '866458840245076028_Test Server_866458840245076030_Text Channels_866674248747319326_date-range_4_1_2021-07-24_2021-08-01_2025-01-02_%'
        .split('_')
        .join('|'),
    );
  });

  it('leaves unknown placeholders, empties absent dates and parents, and defaults positions to 0', () => {
    const orphan = { ...context, channel: { ...context.channel, categoryId: null, category: null } };
    const { channelPosition: _p, parentPosition: _q, ...noPositions } = orphan;
    expect(formatPathTemplate('out/%x/%t%T-%a%b-%p%P/%', noPositions)).toBe('out/%x/--00/%');
  });

  it('escapes each value as a file name, so names make no directories', () => {
    const odd = {
      ...context,
      guild: { id: '1', name: 'A/B: "C" <D>?' },
      channel: { ...context.channel, name: 'x|y*z\\w' },
    };
    expect(formatPathTemplate('exports/%G/%C.json', odd)).toBe('exports/A_B_ _C_ _D__/x_y_z_w.json');
  });

  it("dates in the machine's zone unless utc", () => {
    process.env.TZ = 'Pacific/Auckland';
    const late = snowflakeAt(Date.UTC(2021, 6, 24, 13));
    expect(formatPathTemplate('%a', { ...context, utc: false, after: late })).toBe('2021-07-25');
    expect(formatPathTemplate('%a', { ...context, utc: true, after: late })).toBe('2021-07-24');
  });
});

describe('defaultFileName', () => {
  it.each([
    [{}, 'Test Server - Text Channels - date-range [866674248747319326].html'],
    [
      { after, before },
      'Test Server - Text Channels - date-range [866674248747319326] (2021-07-24 to 2021-08-01).html',
    ],
    [{ after }, 'Test Server - Text Channels - date-range [866674248747319326] (after 2021-07-24).html'],
    [
      { before, format: 'Json' },
      'Test Server - Text Channels - date-range [866674248747319326] (before 2021-08-01).json',
    ],
    [{ format: 'PlainText' }, 'Test Server - Text Channels - date-range [866674248747319326].txt'],
    [{ format: 'Csv' }, 'Test Server - Text Channels - date-range [866674248747319326].csv'],
    [
      {
        channel: { id: '5', name: 'dm', categoryId: null, category: null },
        guild: { id: '0', name: 'Direct Messages' },
      },
      'Direct Messages - dm [5].html',
    ],
    [{ guild: { id: '1', name: 'A/B' } }, 'A_B - Text Channels - date-range [866674248747319326].html'],
  ] satisfies [Partial<OutputPathContext>, string][])('%j → %s', (overrides, name) => {
    expect(defaultFileName({ ...context, ...overrides })).toBe(name);
  });
});

describe('resolveOutputPath', () => {
  const name = 'Test Server - Text Channels - date-range [866674248747319326].html';

  it('puts the default name in a path without an extension, with or without a slash', () => {
    expect(resolveOutputPath('out/', context)).toBe(`out/${name}`);
    expect(resolveOutputPath('out', context)).toBe(`out/${name}`);
    expect(resolveOutputPath('exports/%G', context)).toBe(`exports/Test Server/${name}`);
    expect(resolveOutputPath('v1.2/', context)).toBe(`v1.2/${name}`);
  });

  it('puts it in an existing directory even when its name has a dot', () => {
    expect(resolveOutputPath('archive.d', { ...context, isExistingDirectory: (p) => p === 'archive.d' })).toBe(
      `archive.d/${name}`,
    );
  });

  it('takes a path with an extension as the file itself', () => {
    expect(resolveOutputPath('out/%C.html', context)).toBe('out/date-range.html');
    expect(resolveOutputPath('archive.d', context)).toBe('archive.d');
    // DCE decides after filling in: a channel named with a dot makes the path a file.
    expect(resolveOutputPath('out/%C', { ...context, channel: { ...context.channel, name: 'v1.2' } })).toBe('out/v1.2');
  });

  it('gives each format of one pass its own file, and refuses two that would share one', () => {
    const { format: _f, ...shared } = context;
    expect(resolveOutputPaths('out/', shared, ['Json', 'HtmlDark', 'Csv'])).toEqual(
      new Map([
        ['Json', `out/${name.replace('.html', '.json')}`],
        ['HtmlDark', `out/${name}`],
        ['Csv', `out/${name.replace('.html', '.csv')}`],
      ]),
    );
    expect(() => resolveOutputPaths('out/', shared, ['HtmlDark', 'HtmlLight'])).toThrow(
      /HtmlDark and HtmlLight would write the same file/,
    );
    expect(() => resolveOutputPaths('out/x.json', shared, ['Json', 'Csv'])).toThrow(OutputPathError);
  });
});

describe('partitionPath', () => {
  it.each([
    ['dir/output.html', 0, 'dir/output.html'],
    ['dir/output.html', 1, 'dir/output [part 2].html'],
    ['dir/output.html', 2, 'dir/output [part 3].html'],
    ['dir/a.b/output', 1, 'dir/a.b/output [part 2]'],
    ['G - C [1] (after 2021-07-24).json', 9, 'G - C [1] (after 2021-07-24) [part 10].json'],
  ])('%s, partition %i → %s', (base, index, path) => {
    expect(partitionPath(base, index)).toBe(path);
  });
});

describe('resolveMediaDir', () => {
  it('defaults to <output file>_Files/ and otherwise fills the template', () => {
    expect(resolveMediaDir(undefined, 'out/x.html', context)).toBe('out/x.html_Files/');
    expect(resolveMediaDir(' ', 'out/x.html', context)).toBe('out/x.html_Files/');
    expect(resolveMediaDir('media/%g/', 'out/x.html', context)).toBe('media/866458840245076028/');
  });
});

describe('assertOutputFitsChannels', () => {
  it('accepts anything for one channel, and a directory or template for several', () => {
    expect(() => assertOutputFitsChannels('out.html', 1)).not.toThrow();
    expect(() => assertOutputFitsChannels('out/', 3)).not.toThrow();
    expect(() => assertOutputFitsChannels('out/%c.html', 3)).not.toThrow();
    expect(() => assertOutputFitsChannels('out', 3, (p) => p === 'out')).not.toThrow();
  });

  it('refuses one file for several channels, as DCE (#799)', () => {
    expect(() => assertOutputFitsChannels('out.html', 2)).toThrow(/neither a directory nor a template.*"out.html"/);
    expect(() => assertOutputFitsChannels('out', 2)).toThrow(OutputPathError);
  });
});

describe('escapeFileName', () => {
  it('replaces the characters Windows forbids, and controls, with _', () => {
    expect(escapeFileName('a\u0000b\tc/d\\e:f*g?h"i<j>k|l.m')).toBe('a_b_c_d_e_f_g_h_i_j_k_l.m');
    expect(escapeFileName('ünïcödé 🙂')).toBe('ünïcödé 🙂');
  });
});
