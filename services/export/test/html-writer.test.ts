import { describe, expect, it } from 'vitest';
import type { ExportEmbed, ExportMessage } from '../src/model/export-document.js';
import { HtmlWriter } from '../src/writers/html/html-writer.js';
import { author, MemorySink, plainMessage, richMessage, sampleHeader, utcOptions } from './export-fixtures.js';
import { attr, byClass, byTag, type Element, hasClass, one, parseDocument, text, textsOf } from './html-dom.js';
import { exportDocument, messageAt, messageElement, writeHtml } from './html-fixtures.js';
import { mentioned } from './markdown-fixtures.js';

const bot = { ...author, id: '9001', name: 'Helper', nickname: 'Helpy', isBot: true, color: null, roles: [] };

describe('HtmlWriter: the page', () => {
  it('opens with the guild, the channel path, its topic and the date range, and ends with the count', async () => {
    const header = sampleHeader({ dateRange: { after: '2021-07-19T00:00:00+00:00', before: null } });
    header.channel.topic = 'The **topic**';
    const html = await writeHtml([plainMessage('1', 'a'), plainMessage('2', 'b')], {}, 'dark', utcOptions, header);
    const document = parseDocument(html);
    expect(byClass(document, 'preamble__entry').map(text)).toEqual([
      'Test Server — Ünïcode',
      'Text Channels / date-range',
      'The topic',
      'After 7/19/2021 12:00 AM',
    ]);
    expect(text(byTag(document, 'title')[0] as Element)).toBe('Test Server — Ünïcode - date-range');
    expect(attr(one(document, 'preamble__guild-icon'), 'src')).toBe(header.guild.iconUrl);
    expect(text(one(document, 'postamble__entry'))).toBe('Exported 2 message(s)');
  });

  it.each([
    ['dark', 'HtmlDark', '--background:#313338'],
    ['light', 'HtmlLight', '--background:#ffffff'],
  ] as const)('sets the %s theme: its format, class and colours', async (theme, format, colour) => {
    const writer = new HtmlWriter(new MemorySink(), theme, utcOptions);
    expect(writer.format).toBe(format);
    const document = parseDocument(await writeHtml([plainMessage('1', 'a')], {}, theme));
    const html = byTag(document, 'html')[0] as Element;
    expect(hasClass(html, `theme-${theme}`)).toBe(true);
    expect(hasClass(byTag(document, 'body')[0] as Element, `theme-${theme}`)).toBe(true);
    expect(text(byTag(document, 'style')[0] as Element)).toContain(colour);
  });

  it('streams: the head at begin, each message as it is written, the end at end()', async () => {
    const sink = new MemorySink();
    const writer = new HtmlWriter(sink, 'dark', utcOptions);
    await writer.begin(sampleHeader());
    expect(sink.text).toContain('<div class="chatlog">');
    expect(sink.text).not.toContain('<div class="chatlog__message-group">');
    await writer.write(messageAt('1', 'first', 0));
    expect(sink.text).toContain('first');
    await writer.write(messageAt('2', 'second', 1));
    expect(sink.text).toContain('second');
    expect(writer.bytesWritten).toBe(Buffer.byteLength(sink.text));
    expect(sink.text).not.toContain('</html>');
    await writer.end();
    expect(sink.text.endsWith('</html>\n')).toBe(true);
    expect(sink.closed).toBe(true);
  });

  it('closes a group when the next one starts, before the file ends', async () => {
    const sink = new MemorySink();
    const writer = new HtmlWriter(sink, 'dark', utcOptions);
    await writer.begin(sampleHeader());
    await writer.write(messageAt('1', 'by author', 0));
    await writer.write(messageAt('2', 'by someone else', 1, mentioned));
    const groups = byClass(parseDocument(sink.text), 'chatlog__message-group');
    expect(groups).toHaveLength(2);
    expect(text(groups[0] as Element)).toContain('by author');
    await writer.end();
  });

  it('shows raw content with --markdown false', async () => {
    const document = parseDocument(
      await writeHtml([plainMessage('1', '**not bold** <@1>')], {}, 'dark', { ...utcOptions, markdown: false }),
    );
    expect(byTag(messageElement(document, '1'), 'strong')).toHaveLength(0);
    expect(text(one(document, 'chatlog__markdown-preserve'))).toBe('**not bold** <@1>');
  });
});

describe('HtmlWriter: a message', () => {
  it('heads a group with the avatar, the nickname in the role colour and the date', async () => {
    const message = messageElement(await exportDocument([plainMessage('1', 'hi')]), '1');
    const name = one(message, 'chatlog__author');
    expect(text(name)).toBe('Tyrrrz');
    expect(attr(name, 'title')).toBe('tyrrrz');
    expect(attr(name, 'style')).toBe('color:rgb(233,30,99)');
    expect(attr(one(message, 'chatlog__avatar'), 'src')).toBe(author.avatarUrl);
    expect(text(one(message, 'chatlog__timestamp'))).toBe('7/19/2021 1:34 PM');
    expect(byClass(message, 'chatlog__author-tag')).toHaveLength(0);
  });

  it('tags a bot and shows its own name', async () => {
    const message = messageElement(await exportDocument([{ ...plainMessage('1', 'beep'), author: bot }]), '1');
    expect(text(one(message, 'chatlog__author'))).toBe('Helper');
    expect(text(one(message, 'chatlog__author-tag'))).toBe('BOT');
  });

  it('shows a mention with the nickname and role colour of the mentioned member', async () => {
    const message = { ...plainMessage('1', 'hello @Nick Name'), mentions: [mentioned] };
    const span = one(messageElement(await exportDocument([message]), '1'), 'chatlog__markdown-mention');
    expect(text(span)).toBe('@Nick Name');
    expect(attr(span, 'style')).toBe('color:rgb(26,188,156)');
  });

  it('knows the roles of users it has met for later role mentions', async () => {
    const first = { ...plainMessage('1', 'x'), author: mentioned };
    const document = await exportDocument([first, plainMessage('2', 'ping <@&866452159842836491>')]);
    expect(text(one(messageElement(document, '2'), 'chatlog__markdown-mention'))).toBe('@Role 1');
  });

  it('resolves a channel mention of the exported channel and of channels it is given', async () => {
    const message = plainMessage('1', '<#866674248747319326> <#42424242424242424>');
    const document = await exportDocument([message], {
      channels: [{ id: '42424242424242424', name: 'news', isVoice: false }],
    });
    expect(byClass(document, 'chatlog__markdown-mention').map(text)).toEqual(['#date-range', '#news']);
  });

  it('marks a pinned message and an edited one', async () => {
    const pinned = { ...messageAt('1', 'pinned', 0), isPinned: true, timestampEdited: '2021-07-19T13:05:00+00:00' };
    const continued = { ...messageAt('2', 'pinned too', 1), isPinned: true };
    const document = await exportDocument([pinned, continued]);
    for (const id of ['1', '2']) {
      const message = messageElement(document, id);
      expect(hasClass(message, 'chatlog__message-container--pinned')).toBe(true);
      expect(byClass(message, 'chatlog__pinned-marker')).toHaveLength(1);
    }
    const edited = one(messageElement(document, '1'), 'chatlog__edited-timestamp');
    expect(text(edited)).toBe('(edited)');
    expect(attr(edited, 'title')).toBe('7/19/2021 1:05 PM');
    expect(byClass(messageElement(document, '2'), 'chatlog__edited-timestamp')).toHaveLength(0);
  });

  it('shows a continuation without avatar or name, with its time', async () => {
    const message = messageElement(await exportDocument([messageAt('1', 'a', 0), messageAt('2', 'b', 3)]), '2');
    expect(byClass(message, 'chatlog__avatar')).toHaveLength(0);
    expect(byClass(message, 'chatlog__author')).toHaveLength(0);
    expect(text(one(message, 'chatlog__short-timestamp')).replace('\u202f', ' ')).toBe('1:03 PM');
  });
});

describe('HtmlWriter: replies', () => {
  const reply = (id: string, to: string, minute: number): ExportMessage => ({
    ...messageAt(id, `answer ${id}`, minute),
    type: 'Reply',
    reference: { type: 'Default', messageId: to, channelId: '1', guildId: null },
  });

  it("shows the answered message's author and the start of its content", async () => {
    const original = { ...messageAt('10', 'the **original** question', 0, mentioned), mentions: [] };
    const document = await exportDocument([original, reply('11', '10', 1)]);
    const line = one(messageElement(document, '11'), 'chatlog__reply');
    expect(text(one(line, 'chatlog__reply-author'))).toBe('Nick Name');
    expect(attr(one(line, 'chatlog__reply-author'), 'style')).toBe('color:rgb(26,188,156)');
    const link = one(line, 'chatlog__reply-link');
    expect(text(link)).toBe('the original question');
    expect(attr(link, 'href')).toBe('#chatlog__message-container-10');
    expect(byTag(link, 'a')).toHaveLength(0);
    expect(attr(one(line, 'chatlog__reply-avatar'), 'src')).toBe(mentioned.avatarUrl);
  });

  it('says so when the answered message is not among the recent ones', async () => {
    const messages = [
      messageAt('10', 'old', 0),
      messageAt('11', 'x', 1),
      messageAt('12', 'y', 2),
      reply('13', '10', 3),
    ];
    const document = await exportDocument(messages, { replyCacheSize: 2 });
    expect(text(one(messageElement(document, '13'), 'chatlog__reply'))).toBe(
      'Original message was deleted or could not be loaded.',
    );
    const kept = await exportDocument(messages, { replyCacheSize: 3 });
    expect(text(one(messageElement(kept, '13'), 'chatlog__reply-link'))).toBe('old');
  });

  it('points to an attachment when the answered message has only that', async () => {
    const original = {
      ...messageAt('10', '', 0),
      attachments: [{ id: '1', url: 'https://cdn/a.png', fileName: 'a.png', fileSizeBytes: 1 }],
    };
    const document = await exportDocument([original, reply('11', '10', 1)]);
    expect(text(one(messageElement(document, '11'), 'chatlog__reply-link'))).toBe('Click to see attachment 🖼️');
  });

  it('shows who used the slash command a message answers', async () => {
    const message = { ...messageAt('1', 'pong', 0, bot), interaction: { id: '5', name: 'ping', user: mentioned } };
    const line = one(messageElement(await exportDocument([message]), '1'), 'chatlog__reply');
    expect(text(one(line, 'chatlog__reply-author'))).toBe('Nick Name');
    expect(text(one(line, 'chatlog__reply-content'))).toBe('used /ping');
  });
});

describe('HtmlWriter: embeds', () => {
  it('draws the colour bar, author, linked title, description, fields, thumbnail, image and footer', async () => {
    const document = await exportDocument([richMessage('1')]);
    const embed = one(messageElement(document, '1'), 'chatlog__embed');
    expect(attr(one(embed, 'chatlog__embed-color-pill'), 'style')).toBe('background-color:rgb(88,185,255)');
    expect(text(one(embed, 'chatlog__embed-author'))).toBe('Embed author');
    expect(attr(one(embed, 'chatlog__embed-author-icon'), 'src')).toBe('https://a/p.png');
    expect(attr(one(embed, 'chatlog__embed-title-link'), 'href')).toBe('https://example.com');
    expect(text(one(embed, 'chatlog__embed-title'))).toBe('Embed title');
    const description = one(embed, 'chatlog__embed-description');
    expect(text(byTag(description, 'strong')[0] as Element)).toBe('Embed');
    expect(text(byTag(description, 'em')[0] as Element)).toBe('description');
    const fields = byClass(embed, 'chatlog__embed-field');
    expect(textsOf(fields, 'chatlog__embed-field-name', 'chatlog__embed-field-value')).toEqual([
      ['Field 1', 'Value 1'],
      ['Field 2', 'Value "2"'],
    ]);
    expect(fields.map((field) => hasClass(field, 'chatlog__embed-field--inline'))).toEqual([true, false]);
    expect(attr(one(embed, 'chatlog__embed-thumbnail'), 'src')).toBe('https://t/p.png');
    expect(byClass(embed, 'chatlog__embed-image').map((image) => attr(image, 'src'))).toEqual(['https://i/p.png']);
    expect(text(one(embed, 'chatlog__embed-footer-text'))).toBe('Footer text • 7/14/2021 9:00 PM');
    expect(attr(one(embed, 'chatlog__embed-footer-icon'), 'src')).toBe('https://f/p.png');
  });

  it('gives an embed without colour the default bar, shows an image-only embed as the image, plays video files', async () => {
    const bare: ExportEmbed = {
      title: 'T',
      url: null,
      timestamp: null,
      description: '',
      images: [],
      fields: [],
      inlineEmojis: [],
    };
    const picture: ExportEmbed = {
      ...bare,
      title: '',
      url: 'https://x/p',
      images: [{ url: 'https://x/p.png', width: 1, height: 1 }],
    };
    const document = await exportDocument([{ ...plainMessage('1', ''), embeds: [bare, picture] }]);
    expect(byClass(document, 'chatlog__embed-color-pill--default')).toHaveLength(1);
    const clip: ExportEmbed = {
      ...bare,
      video: { url: 'https://media.tenor.com/a/clip.mp4?x=1', width: 1, height: 1 },
    };
    const page: ExportEmbed = { ...bare, video: { url: 'https://www.youtube.com/embed/abc', width: 1, height: 1 } };
    const videos = byTag(await exportDocument([{ ...plainMessage('2', ''), embeds: [clip, page] }]), 'video');
    expect(videos.map((video) => attr(video, 'src'))).toEqual(['https://media.tenor.com/a/clip.mp4?x=1']);
    expect(attr(one(document, 'chatlog__embed-generic-image'), 'src')).toBe('https://x/p.png');
  });
});

describe('HtmlWriter: attachments, stickers, reactions', () => {
  const file = (fileName: string, fileSizeBytes = 1) => ({
    id: fileName,
    url: `https://cdn/${fileName}`,
    fileName,
    fileSizeBytes,
  });

  it('shows images inline, video and audio as players, other files as a link with the size', async () => {
    const message = {
      ...plainMessage('1', ''),
      attachments: [file('a.PNG'), file('b.mp4'), file('c.ogg'), file('Test.txt', 11), file('big.zip', 466335)],
    };
    const container = messageElement(await exportDocument([message]), '1');
    expect(
      byTag(container, 'img')
        .filter((img) => hasClass(img, 'chatlog__attachment-media'))
        .map((img) => attr(img, 'src')),
    ).toEqual(['https://cdn/a.PNG']);
    expect(byTag(container, 'video').map((video) => attr(video, 'src'))).toEqual(['https://cdn/b.mp4']);
    expect(byTag(container, 'audio').map((audio) => attr(audio, 'src'))).toEqual(['https://cdn/c.ogg']);
    const generic = byClass(container, 'chatlog__attachment-generic');
    expect(textsOf(generic, 'chatlog__attachment-generic-name', 'chatlog__attachment-generic-size')).toEqual([
      ['Test.txt', '11 bytes'],
      ['big.zip', '455.41 KB'],
    ]);
    expect(attr(byTag(generic[0] as Element, 'a')[0] as Element, 'href')).toBe('https://cdn/Test.txt');
  });

  it('hides a SPOILER_ attachment until it is focused', async () => {
    const container = messageElement(
      await exportDocument([{ ...plainMessage('1', ''), attachments: [file('SPOILER_x.png')] }]),
      '1',
    );
    const hidden = one(container, 'chatlog__attachment--hidden');
    expect(text(one(hidden, 'chatlog__attachment-spoiler-caption'))).toBe('SPOILER');
    expect(attr(hidden, 'tabindex')).toBe('0');
  });

  it('shows stickers as images, a Lottie one as a link to it', async () => {
    const message = {
      ...plainMessage('1', ''),
      stickers: [
        { id: '1', name: 'Wave', format: 'Apng' as const, sourceUrl: 'https://cdn/s/1.png' },
        { id: '2', name: 'Dance', format: 'Lottie' as const, sourceUrl: 'https://cdn/s/2.json' },
      ],
    };
    const stickers = byClass(messageElement(await exportDocument([message]), '1'), 'chatlog__sticker');
    expect(stickers.map((sticker) => attr(sticker, 'title'))).toEqual(['Wave', 'Dance']);
    expect(attr(byTag(stickers[0] as Element, 'img')[0] as Element, 'src')).toBe('https://cdn/s/1.png');
    expect(attr(byTag(stickers[1] as Element, 'a')[0] as Element, 'href')).toBe('https://cdn/s/2.json');
  });

  it('shows reactions with their counts, custom emoji as images and standard ones as characters', async () => {
    const reactions = byClass(messageElement(await exportDocument([richMessage('1')]), '1'), 'chatlog__reaction');
    expect(reactions.map((reaction) => text(one(reaction, 'chatlog__reaction-count')))).toEqual(['2', '1']);
    expect(reactions.map((reaction) => attr(reaction, 'title'))).toEqual([':slight_smile:', ':lemon_blush:']);
    expect(byTag(reactions[0] as Element, 'img')).toHaveLength(0);
    expect(text(reactions[0] as Element)).toBe('🙂2');
    expect(attr(byTag(reactions[1] as Element, 'img')[0] as Element, 'src')).toBe('x');
  });

  it('shows a forwarded message with its content and date', async () => {
    const forwarded = one(messageElement(await exportDocument([richMessage('1')]), '1'), 'chatlog__forwarded');
    expect(text(forwarded)).toContain('¯\\_(ツ)_/¯');
    expect(text(one(forwarded, 'chatlog__forwarded-timestamp'))).toBe('12/28/2025 10:52 PM');
  });
});

describe('HtmlWriter: system notices', () => {
  const notice = (message: Partial<ExportMessage>): ExportMessage => ({ ...plainMessage('1', ''), ...message });
  const noticeText = async (message: ExportMessage): Promise<string> =>
    text(one(messageElement(await exportDocument([message]), message.id), 'chatlog__message-primary')).replace(
      /7\/19.*$/,
      '',
    );

  it.each([
    [{ type: 'GuildMemberJoin', content: 'Joined the server.' }, 'Tyrrrz joined the server.'],
    [{ type: 'ThreadCreated', content: 'Started a thread.' }, 'Tyrrrz started a thread.'],
    [{ type: 'ChannelIconChange', content: 'Changed the channel icon.' }, 'Tyrrrz changed the channel icon.'],
    [
      { type: 'ChannelNameChange', content: 'Changed the channel name: new-name' },
      'Tyrrrz changed the channel name: new-name',
    ],
    [{ type: 'RecipientAdd', mentions: [mentioned] }, 'Tyrrrz added Nick Name to the group.'],
    [{ type: 'RecipientRemove', mentions: [mentioned] }, 'Tyrrrz removed Nick Name from the group.'],
    [{ type: 'RecipientRemove', mentions: [author] }, 'Tyrrrz left the group.'],
    [
      { type: 'Call', callEndedTimestamp: '2021-07-19T13:46:18.187+00:00' },
      'Tyrrrz started a call that lasted 12 minutes.',
    ],
    [{ type: 12, content: 'Followed a channel.' }, 'Tyrrrz followed a channel.'],
  ] as Array<[Partial<ExportMessage>, string]>)('words %o as DCE does', async (message, words) => {
    expect(await noticeText(notice(message))).toBe(words);
  });

  it('links a pin notice to the pinned message', async () => {
    const pin = notice({
      type: 'ChannelPinnedMessage',
      reference: { type: 'Default', messageId: '77', channelId: null, guildId: null },
    });
    const container = messageElement(await exportDocument([pin]), '1');
    expect(text(one(container, 'chatlog__system-notification-content'))).toBe('pinned a message to this channel.');
    expect(attr(one(container, 'chatlog__system-notification-link'), 'href')).toBe('#chatlog__message-container-77');
    expect(byClass(container, 'chatlog__avatar')).toHaveLength(0);
  });
});
