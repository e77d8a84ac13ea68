import { rulesExtended, SimpleMarkdown } from 'discord-markdown-parser';
import { describe, expect, it } from 'vitest';
import { DiscordTimestamps } from '../src/markdown/discord-timestamps.js';
import type { MarkdownNode } from '../src/markdown/markdown-nodes.js';
import { markdownRules, parseMarkdown } from '../src/markdown/parse-markdown.js';
import { isPlainProse } from '../src/markdown/plain-prose.js';
import { renderMarkdown } from '../src/markdown/render-markdown.js';
import type { ExportEmoji } from '../src/model/export-document.js';
import { author } from './export-fixtures.js';
import { attr, byClass, byTag, type Element, hasClass, one, parseHtml, text } from './html-dom.js';
import { mentioned, scopeOf } from './markdown-fixtures.js';

const lemon: ExportEmoji = {
  id: '754441880066064584',
  name: 'lemon_blush',
  code: 'lemon_blush',
  isAnimated: false,
  imageUrl: 'https://cdn.discordapp.com/emojis/754441880066064584.png',
};
const smile: ExportEmoji = {
  id: '',
  name: '🙂',
  code: 'slight_smile',
  isAnimated: false,
  imageUrl: 'https://x/1f642.svg',
};

const render = (markdown: string, scope = scopeOf(), jumbo = false) =>
  parseHtml(renderMarkdown(markdown, scope, { jumbo, links: true }));

function collectTags(root: Parameters<typeof byTag>[0]): string[] {
  return [
    'strong',
    'em',
    'u',
    's',
    'code',
    'pre',
    'h1',
    'h2',
    'h3',
    'small',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
  ].filter((tag) => byTag(root, tag).length > 0);
}

describe('Discord markdown to HTML', () => {
  it.each([
    ['**bold**', 'strong', 'bold'],
    ['*italic*', 'em', 'italic'],
    ['_italic_', 'em', 'italic'],
    ['__underline__', 'u', 'underline'],
    ['~~strike~~', 's', 'strike'],
    ['`inline code`', 'code', 'inline code'],
    ['# Heading one', 'h1', 'Heading one'],
    ['## Heading two', 'h2', 'Heading two'],
    ['### Heading three', 'h3', 'Heading three'],
    ['-# subtext', 'small', 'subtext'],
    ['> quoted', 'blockquote', 'quoted'],
  ])('renders %s as <%s>', (markdown, tag, inner) => {
    const [element] = byTag(render(markdown), tag);
    expect(element).toBeDefined();
    expect(text(element as Element)).toBe(inner);
  });

  it('nests formatting and keeps the text around it', () => {
    const root = render('a **bold _and italic_** b');
    expect(text(root)).toBe('a bold and italic b');
    expect(text(byTag(byTag(root, 'strong')[0] as Element, 'em')[0] as Element)).toBe('and italic');
  });

  it('hides a spoiler behind a focusable span, with no script', () => {
    const spoiler = one(render('before ||hidden|| after'), 'chatlog__markdown-spoiler');
    expect(text(spoiler)).toBe('hidden');
    expect(attr(spoiler, 'tabindex')).toBe('0');
    expect(spoiler.attrs.some((a) => a.name.startsWith('on'))).toBe(false);
  });

  it('gives a code block its language class and keeps its text verbatim', () => {
    const root = render('```ts\nconst a = 1 < 2 && "x";\n```');
    const code = byTag(root, 'code')[0] as Element;
    expect(hasClass(code, 'language-ts')).toBe(true);
    expect(text(code)).toBe('const a = 1 < 2 && "x";');
    expect(byTag(root, 'pre')).toHaveLength(1);
    expect(hasClass(byTag(render('```\nplain\n```'), 'code')[0] as Element, 'nohighlight')).toBe(true);
  });

  it('renders bulleted, numbered and nested lists', () => {
    const root = render('- one\n- two\n  - two.a\n3. three\n4. four');
    const [outer, ordered] = [byTag(root, 'ul')[0] as Element, byTag(root, 'ol')[0] as Element];
    expect(byTag(outer, 'ul')).toHaveLength(1);
    expect(text(byTag(outer, 'ul')[0] as Element)).toBe('two.a');
    expect(attr(ordered, 'start')).toBe('3');
    expect(byTag(ordered, 'li').map(text)).toEqual(['three', 'four']);
    expect(collectTags(render('not - a list'))).toEqual([]);
  });

  it('starts a heading after a quote or a list, but not in the middle of a line', () => {
    expect(byTag(render('> q\n# after quote'), 'h1').map(text)).toEqual(['after quote']);
    expect(byTag(render('- a\n## after list'), 'h2').map(text)).toEqual(['after list']);
    expect(byTag(render('text # not a heading'), 'h1')).toHaveLength(0);
  });

  it('links masked links, autolinks and bare URLs, but never a script URL', () => {
    const root = render(
      '[site](https://example.com/a) <https://b.example> https://c.example/x?y=1. [bad](javascript:alert(1))',
    );
    const links = byTag(root, 'a').map((a) => [attr(a, 'href'), text(a)]);
    expect(links).toEqual([
      ['https://example.com/a', 'site'],
      ['https://b.example', 'https://b.example'],
      ['https://c.example/x?y=1', 'https://c.example/x?y=1'],
    ]);
    expect(text(root)).toContain('bad');
  });

  it('leaves links out where asked (a reply snippet sits in a link already)', () => {
    const html = renderMarkdown('see https://example.com', scopeOf(), { jumbo: false, links: false });
    expect(byTag(parseHtml(html), 'a')).toHaveLength(0);
    expect(text(parseHtml(html))).toBe('see https://example.com');
  });
});

describe('mentions', () => {
  const scope = () => {
    const base = scopeOf({ users: [mentioned, author], emojis: [lemon, smile] });
    base.directory.addRoles(mentioned.roles);
    base.directory.addChannel('866458801389174795', { name: 'general', isVoice: false });
    base.directory.addChannel('866458801389174796', { name: 'Lounge', isVoice: true });
    return base;
  };

  it('shows a raw user mention with the nickname, full name and role colour', () => {
    const span = one(render(`hi <@${mentioned.id}>!`, scope()), 'chatlog__markdown-mention');
    expect(text(span)).toBe('@Nick Name');
    expect(attr(span, 'title')).toBe('mentioned.user');
    expect(attr(span, 'style')).toBe('color:rgb(26,188,156)');
  });

  it('highlights DCE plain-text mentions of the users the message mentions', () => {
    const root = render('User mention: @Nick Name, and @Tyrrrz.', scope());
    const spans = byClass(root, 'chatlog__markdown-mention');
    expect(spans.map(text)).toEqual(['@Nick Name', '@Tyrrrz']);
    expect(attr(spans[1] as Element, 'style')).toBe('color:rgb(233,30,99)');
    expect(text(root)).toBe('User mention: @Nick Name, and @Tyrrrz.');
  });

  it('does not take an address, a longer word or an unmentioned name for a mention', () => {
    const root = render('mail a@Tyrrrz.com, @Tyrrrzz and @someone', scope());
    expect(byClass(root, 'chatlog__markdown-mention')).toHaveLength(0);
  });

  it('shows role mentions, raw and plain, in the role colour on its tint', () => {
    for (const markdown of ['<@&866452159842836491>', '@Role 1']) {
      const span = one(render(markdown, scope()), 'chatlog__markdown-mention');
      expect(text(span)).toBe('@Role 1');
      expect(attr(span, 'style')).toBe('color:rgb(26,188,156);background-color:rgba(26,188,156,0.1)');
    }
    expect(text(render('<@&123456789012345678>', scope()))).toBe('@deleted-role');
  });

  it('shows channel mentions, voice with its icon, unknown ones as deleted', () => {
    expect(
      byClass(render('<#866458801389174795> and #general', scope()), 'chatlog__markdown-mention').map(text),
    ).toEqual(['#general', '#general']);
    expect(text(render('<#866458801389174796>', scope()))).toBe('🔊Lounge');
    expect(text(render('#Lounge [voice]', scope()))).toBe('🔊Lounge');
    expect(text(render('<#123456789012345678>', scope()))).toBe('#deleted-channel');
  });

  it('shows @everyone, @here and unknown users', () => {
    const spans = byClass(render('@everyone @here <@123456789012345678>', scope()), 'chatlog__markdown-mention');
    expect(spans.map(text)).toEqual(['@everyone', '@here', '@Unknown']);
  });
});

describe('emoji', () => {
  it('shows a custom emoji, raw or plain, as its image and a standard one as the character', () => {
    const root = render('<:lemon_blush:754441880066064584> :lemon_blush: 🙂', scopeOf({ emojis: [lemon, smile] }));
    const images = byTag(root, 'img');
    expect(images.map((image) => attr(image, 'src'))).toEqual([lemon.imageUrl, lemon.imageUrl]);
    expect(images.map((image) => attr(image, 'alt'))).toEqual([':lemon_blush:', ':lemon_blush:']);
    const standard = byTag(root, 'span').find((span) => text(span) === '🙂') as Element;
    expect(attr(standard, 'title')).toBe(':slight_smile:');
  });

  it('makes an emoji-only text large, but not a text with words', () => {
    const scope = scopeOf({ emojis: [lemon, smile] });
    expect(byClass(render(':lemon_blush: 🙂', scope, true), 'chatlog__emoji--large')).toHaveLength(2);
    expect(byClass(render('hi :lemon_blush: 🙂', scope, true), 'chatlog__emoji--large')).toHaveLength(0);
    expect(byClass(render(':lemon_blush:', scope, false), 'chatlog__emoji--large')).toHaveLength(0);
  });

  it('leaves an unknown :name: as text', () => {
    expect(byTag(render(':not_an_emoji:', scopeOf({ emojis: [lemon] })), 'img')).toHaveLength(0);
  });

  it('takes a keycap (1️⃣) as one emoji', () => {
    expect(parseMarkdown('a 1️⃣')).toContainEqual({ type: 'twemoji', name: '1️⃣' });
  });
});

describe('timestamps', () => {
  const at = 1626296400; // 2021-07-14T21:00:00Z

  it.each([
    ['t', '9:00 PM'],
    ['T', '9:00:00 PM'],
    ['d', '7/14/2021'],
    ['D', 'July 14, 2021'],
    ['f', 'July 14, 2021 9:00 PM'],
    ['F', 'Wednesday, July 14, 2021 9:00 PM'],
    ['R', '6 days ago'],
  ])('formats <t:…:%s> as Discord does, in UTC with --utc', (style, shown) => {
    const span = one(render(`<t:${at}:${style}>`), 'chatlog__markdown-timestamp');
    expect(text(span).replaceAll('\u202f', ' ')).toBe(shown);
    expect(attr(span, 'title')?.replaceAll('\u202f', ' ')).toBe('Wednesday, July 14, 2021 9:00 PM');
  });

  it('uses the locale and shows an impossible date as invalid', () => {
    const german = scopeOf({ timestamps: new DiscordTimestamps({ locale: 'de-DE', utc: true }, 0) });
    expect(text(render(`<t:${at}:D>`, german))).toBe('14. Juli 2021');
    expect(text(render('<t:99999999999999999>'))).toBe('Invalid date');
  });
});

describe('escaping', () => {
  it('keeps markup in text as text', () => {
    const root = render('<script>alert(1)</script> <img src=x onerror=alert(1)> & "q"');
    expect(byTag(root, 'script')).toHaveLength(0);
    expect(byTag(root, 'img')).toHaveLength(0);
    expect(text(root)).toBe('<script>alert(1)</script> <img src=x onerror=alert(1)> & "q"');
  });

  it('escapes what stands in attributes and code', () => {
    const root = render('```"><script>x</script>\ny\n``` `<b>` [t](https://e.com/"onmouseover="x)');
    expect(byTag(root, 'script')).toHaveLength(0);
    expect(byTag(root, 'b')).toHaveLength(0);
    for (const element of byTag(root, 'a')) expect(element.attrs.map((a) => a.name)).toEqual(['href']);
  });
});

describe('the text rule', () => {
  const libraryParser = SimpleMarkdown.parserFor({
    ...markdownRules,
    text: rulesExtended.text as (typeof rulesExtended)[string],
  });
  const merged = (nodes: readonly MarkdownNode[]): unknown[] => {
    const out: Array<Record<string, unknown>> = [];
    for (const node of nodes) {
      const last = out.at(-1);
      if (node.type === 'text' && last?.type === 'text') last.content = `${last.content}${node.content}`;
      else if ('items' in node) out.push({ ...node, items: node.items.map(merged) });
      else if ('content' in node && Array.isArray(node.content)) out.push({ ...node, content: merged(node.content) });
      else out.push({ ...node });
    }
    return out;
  };

  it.each([
    'Hello **world** number 5, see https://example.com/x and @Tyrrrz :lemon_blush: ||secret|| `code`',
    'héllo wörld 日本語 テスト 🇺🇸 ❤️ © ok — dash … ellipsis',
    'snake_case and *em* _u_ __under__ ~~s~~ a\\*b',
    'a\n# h\n> q\n- l\n1. n',
    'mail a@b.c <@123456789012345678> <t:1626296400:R> ok:thing x http://a.b/c?d=e. done',
    '¯\\_(ツ)_/¯ [masked](https://e.com) (parens) "quotes" 50% $5 a+b=c; a/b',
  ])('parses %j as the library text rule does', (markdown) => {
    expect(merged(parseMarkdown(markdown))).toEqual(
      merged(libraryParser(markdown, { inline: true }) as MarkdownNode[]),
    );
  });
});

describe('the prose shortcut', () => {
  it.each([
    'Hello world, how are you today? I am fine.',
    'Ünïcode wörds 日本語 テスト and (brackets) "quotes" 50% $5 a+b=c; a/b',
    'Зачем нужен парсер если тут только текст!',
  ])('takes %j as prose, which the parser returns as it is', (prose) => {
    expect(isPlainProse(prose)).toBe(true);
    expect(
      parseMarkdown(prose)
        .map((node) => (node.type === 'text' ? node.content : node.type))
        .join(''),
    ).toBe(prose);
    expect(parseMarkdown(prose).every((node) => node.type === 'text')).toBe(true);
  });

  it.each([
    '1. a numbered item',
    'keycap 1️⃣',
    'a **bold** word',
    'line\nbreak',
    'mention @Nick',
    'emoji 🙂',
    'well-known',
  ])('does not take %j as prose', (text) => {
    expect(isPlainProse(text)).toBe(false);
  });
});
