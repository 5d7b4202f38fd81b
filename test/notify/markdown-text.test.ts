import { describe, expect, it } from 'vitest';
import { markdownToText } from '../../src/notify/markdown-text';

describe('the text part of an e-mail, from the operator’s Markdown', () => {
  it('drops emphasis markers and keeps the words, a line break where the operator put one', () => {
    expect(markdownToText('The API is **read-only**, search is _slow_ and ~~exports~~ wait.\nBack by 22:00.')).toBe(
      'The API is read-only, search is slow and exports wait.\nBack by 22:00.',
    );
  });

  it('keeps paragraphs apart and puts headings on their own line, without their #', () => {
    expect(markdownToText('# What changes\nThe database moves.\n\n## What *you* do\n\nNothing.')).toBe(
      'What changes\n\nThe database moves.\n\nWhat you do\n\nNothing.',
    );
  });

  it('writes links as "text (url)", and a bare address once', () => {
    expect(
      markdownToText(
        'See [the runbook](https://docs.example/run?a=1&b=2), <https://status.example>, https://bare.example or ops@acme.example.',
      ),
    ).toBe('See the runbook (https://docs.example/run?a=1&b=2), https://status.example, https://bare.example or ops@acme.example.');
    expect(markdownToText('[mail us](mailto:ops@acme.example) ![diagram](https://img.example/d.png)')).toBe(
      'mail us (mailto:ops@acme.example) diagram (https://img.example/d.png)',
    );
    // A reference link gets its definition's address; the definition itself is not text.
    expect(markdownToText('Read [the plan][plan].\n\n[plan]: https://plan.example "The plan"')).toBe(
      'Read the plan (https://plan.example).',
    );
  });

  it('writes lists as "- item" (numbers kept), nested ones indented, tasks ticked', () => {
    expect(markdownToText('* one\n* two **bold**\n  + nested\n* three')).toBe('- one\n- two bold\n  - nested\n- three');
    expect(markdownToText('3. third\n4. fourth')).toBe('3. third\n4. fourth');
    expect(markdownToText('- [x] backup\n- [ ] restore')).toBe('- [x] backup\n- [ ] restore');
    expect(markdownToText('1. Stop writes.\n\n2. Copy.\n   It takes an hour.\n\n   Then check.')).toBe(
      '1. Stop writes.\n\n2. Copy.\n   It takes an hour.\n\n   Then check.',
    );
  });

  it('keeps code as written, entities and markup characters included', () => {
    expect(markdownToText('Run `a < b && c` then:\n\n```sh\npsql -c "select **1**" &amp;\n```')).toBe(
      'Run a < b && c then:\n\npsql -c "select **1**" &amp;',
    );
  });

  it('shows HTML as text, never as markup it would interpret', () => {
    expect(markdownToText('Use <b>this</b> <script>alert(1)</script>\n\n<div>\nblock\n</div>')).toBe(
      'Use <b>this</b> <script>alert(1)</script>\n\n<div>\nblock\n</div>',
    );
  });

  it('reads entities and escapes the way the page does', () => {
    expect(markdownToText('Tom &amp; Jerry &lt;3 &copy; &#8364; \\*not emphasis\\* 5 < 6 &unknown;')).toBe(
      'Tom & Jerry <3 © € *not emphasis* 5 < 6 &unknown;',
    );
  });

  it('quotes, rules and tables stay readable', () => {
    expect(markdownToText('> Expect **slowness**\n> for an hour\n\n---\n\n| Service | State |\n|---|---|\n| API | *read-only* |')).toBe(
      '> Expect slowness\n> for an hour\n\n----\n\nService | State\nAPI | read-only',
    );
  });

  it('gives nothing for nothing, and trims what is around the text', () => {
    expect(markdownToText('')).toBe('');
    expect(markdownToText('  \n\n  ')).toBe('');
    expect(markdownToText('\r\nWindows line\r\nendings  \r\n')).toBe('Windows line\nendings');
  });
});
