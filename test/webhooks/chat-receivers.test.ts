import { describe, expect, it } from 'vitest';
import { validateDiscord, validateGoogleChat, validateSlack, validateTeams } from '../support/chat-receivers';

// The receivers' checks themselves: each accepts a payload the platform's documentation shows and
// names what is wrong in one that breaks a documented rule, so a test built on them can fail.

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const card = (body: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'message',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.4', body, ...extra },
    },
  ],
});
const embed = (extra: Record<string, unknown>) => ({ embeds: [{ title: 'Down', ...extra }], allowed_mentions: { parse: [] } });
const chatCard = (widgets: unknown[], extra: Record<string, unknown> = {}) => ({
  cardsV2: [{ cardId: 'c', card: { header: { title: 'Down' }, sections: [{ widgets }] } }],
  ...extra,
});

describe('the Slack receiver', () => {
  it('accepts a documented Block Kit message and refuses what breaks the limits, escaping or mentions', () => {
    const good = {
      text: 'Down',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Down' } }, section('<https://a.example|A> &amp; b')],
    };
    expect(validateSlack(good)).toEqual([]);
    expect(validateSlack(JSON.stringify(good))).toEqual([]);
    expect(validateSlack('{"text": ')).toEqual(['body is not JSON']);
    expect(validateSlack({ text: 'x', blocks: Array.from({ length: 51 }, () => section('x')) })).toContain('51 blocks, more than 50');
    expect(validateSlack({ text: 'x', blocks: [section('x'.repeat(3001))] })).toEqual([
      'blocks[0].text.text is 3001 characters, more than 3000',
    ]);
    expect(validateSlack({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] })).toHaveLength(1);
    expect(
      validateSlack({
        text: 'x',
        blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'x' })) }],
      }),
    ).toHaveLength(1);
    expect(validateSlack({ text: 'a <!channel> b' })).toContain('text mentions <!channel>');
    expect(validateSlack({ text: 'hi <@U024BE7LH>' })).toContain('text mentions <@U024BE7LH>');
    expect(validateSlack({ text: 'a & b' })).toEqual(['text has an unescaped "&"']);
    expect(validateSlack({ text: 'a <b> c' })).toContain('text has an unescaped <b> (& < > must be escaped)');
    expect(validateSlack({ text: '@here look', link_names: true })).toEqual(['text mentions @here (link_names)']);
    expect(validateSlack({ text: 'x', attachments: [{ color: 'red', blocks: [section('x')] }] })).toHaveLength(1);
    expect(validateSlack({ blocks: [section('x')] })).toEqual(['text is missing: notifications of a message with blocks show it']);
  });
});

describe('the Teams receiver', () => {
  it('accepts a Workflows message with an Adaptive Card and refuses a wrong envelope, card or size', () => {
    const good = card(
      [
        { type: 'TextBlock', text: 'Down', wrap: true },
        { type: 'FactSet', facts: [{ title: 'API', value: 'Major outage' }] },
      ],
      {
        actions: [{ type: 'Action.OpenUrl', title: 'View', url: 'https://status.example.com/incidents/1' }],
      },
    );
    expect(validateTeams(good)).toEqual([]);
    expect(validateTeams({ ...good, type: 'card' })).toEqual(['type must be "message"']);
    expect(
      validateTeams({ type: 'message', attachments: [{ contentType: 'application/json', content: good.attachments[0]!.content }] }),
    ).toEqual(['attachments[0].contentType must be application/vnd.microsoft.card.adaptive']);
    expect(validateTeams(card([{ type: 'TextBlock' }]))).toEqual(['attachments[0].content.body[0].text is required']);
    expect(validateTeams(card([{ type: 'FactSet', facts: [{ title: 'API' }] }]))).toHaveLength(1);
    expect(validateTeams(card([{ type: 'Container', style: 'red', items: [] }]))).toHaveLength(1);
    expect(validateTeams(card([], { version: '1.6' }))).toHaveLength(1);
    expect(validateTeams(card([], { actions: [{ type: 'Action.OpenUrl', url: 'javascript:alert(1)' }] }))).toHaveLength(1);
    expect(validateTeams(card([{ type: 'TextBlock', text: 'x'.repeat(28_000) }]))[0]).toMatch(/bytes, more than Teams' 28 KB/);
    expect(validateTeams(card([], { msteams: { entities: [{ type: 'mention', text: '<at>All</at>' }] } }))).toHaveLength(1);
  });
});

describe('the Discord receiver', () => {
  it('accepts an embed and refuses what breaks the embed limits or lets the text ping', () => {
    const good = embed({
      description: 'x',
      color: 0xe74c3c,
      fields: [{ name: 'API', value: 'Down', inline: true }],
      timestamp: '2026-12-05T09:30:00.000Z',
    });
    expect(validateDiscord(good)).toEqual([]);
    expect(validateDiscord({ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })), allowed_mentions: { parse: [] } })).toContain(
      '11 embeds, more than 10',
    );
    expect(validateDiscord(embed({ title: 'x'.repeat(257) }))).toHaveLength(1);
    expect(validateDiscord(embed({ description: 'x'.repeat(4097) }))).toContain('embeds[0].description is 4097 characters, more than 4096');
    expect(validateDiscord(embed({ fields: Array.from({ length: 26 }, () => ({ name: 'a', value: 'b' })) }))).toContain(
      'embeds[0] has 26 fields, more than 25',
    );
    expect(validateDiscord(embed({ fields: [{ name: 'a', value: 'b'.repeat(1025) }] }))).toHaveLength(1);
    expect(validateDiscord(embed({ fields: [{ name: 'a', value: '' }] }))).toEqual(['embeds[0].fields[0].value must not be empty']);
    const six = { embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }], allowed_mentions: { parse: [] } };
    expect(validateDiscord(six)).toEqual(['6001 characters in the embeds, more than 6,000']);
    expect(validateDiscord(embed({ color: '#ff0000' }))).toHaveLength(1);
    expect(validateDiscord(embed({ timestamp: 'yesterday' }))).toHaveLength(1);
    expect(validateDiscord({ content: 'hello @everyone' })).toEqual(['content mentions @everyone and allowed_mentions lets it ping']);
    expect(validateDiscord({ content: 'hello', allowed_mentions: { parse: ['users'] } })).toHaveLength(1);
    expect(validateDiscord({ allowed_mentions: { parse: [] } })).toEqual(['needs content or embeds']);
  });
});

describe('the Google Chat receiver', () => {
  it('accepts a cardsV2 message and refuses a malformed card, foreign markup, mentions or size', () => {
    const good = chatCard(
      [
        { textParagraph: { text: '<b>Down</b> &amp; <a href="https://a.example">out</a><br><font color="#e74c3c">●</font>' } },
        { buttonList: { buttons: [{ text: 'View', onClick: { openLink: { url: 'https://status.example.com/incidents/1' } } }] } },
      ],
      { fallbackText: 'Down' },
    );
    expect(validateGoogleChat(good)).toEqual([]);
    expect(validateGoogleChat({ fallbackText: 'x' })).toEqual(['needs text or cardsV2']);
    expect(validateGoogleChat({ text: 'hi <users/all>' })).toEqual(['text mentions <users/all>']);
    expect(validateGoogleChat(chatCard([{ textParagraph: { text: '<script>x</script>' } }]))).toHaveLength(2);
    expect(validateGoogleChat(chatCard([{ textParagraph: { text: 'a < b' } }]))).toEqual([
      'cardsV2[0].card.sections[0].widgets[0].textParagraph.text has an unescaped "<"',
    ]);
    expect(validateGoogleChat(chatCard([{ textParagraph: { text: '<a href="javascript:x">y</a>' } }]))).toHaveLength(1);
    expect(validateGoogleChat(chatCard([{ textParagraph: { text: 'x' }, decoratedText: { text: 'y' } }]))).toHaveLength(1);
    expect(validateGoogleChat(chatCard(Array.from({ length: 101 }, () => ({ divider: {} })))).at(-1)).toBe(
      'cardsV2[0] has 101 widgets, more than 100',
    );
    expect(validateGoogleChat({ cardsV2: [{ card: { header: {}, sections: [{ widgets: [{ divider: {} }] }] } }] })).toEqual([
      'cardsV2[0].card.header.title is required',
    ]);
    expect(validateGoogleChat(chatCard([{ textParagraph: { text: 'é'.repeat(16_100) } }]))[0]).toMatch(/bytes, more than 32,000/);
  });
});
