import { describe, expect, it } from 'vitest';
import { render } from '../../src/notify/render';

describe('the template filler', () => {
  it('escapes values for HTML, leaves triple braces alone, and leaves text as it is', () => {
    expect(render('<p>{{a}} {{{b}}}</p>', { a: '<x & "y">', b: '<br>' }, 'html')).toBe('<p>&lt;x &amp; &quot;y&quot;&gt; <br></p>');
    expect(render('{{a}}', { a: '<x>' }, 'text')).toBe('<x>\n');
  });

  it('repeats a section per item, shows it once for a truthy value, and drops standalone tag lines', () => {
    const template =
      'Head\n{{#items}}\n- {{name}}: {{status}}\n{{/items}}\n{{#note}}\nNote: {{note}}\n{{/note}}\n{{^items}}\nnone\n{{/items}}\n{{reason}}\nEnd';
    expect(
      render(
        template,
        {
          items: [
            { name: 'A', status: 'up' },
            { name: 'B', status: 'down' },
          ],
          note: '',
          reason: 'Why',
        },
        'text',
      ),
    ).toBe('Head\n- A: up\n- B: down\nWhy\nEnd\n');
    expect(render(template, { items: [], note: 'n', reason: 'Why' }, 'text')).toBe('Head\nNote: n\nnone\nWhy\nEnd\n');
  });

  it('looks names up through the enclosing scopes and reads dotted paths', () => {
    expect(
      render('{{#list.length}}{{#list}}[{{x}}/{{page}}]{{/list}}{{/list.length}}', { page: 'P', list: [{ x: 1 }, { x: 2 }] }, 'html'),
    ).toBe('[1/P][2/P]');
  });

  it('refuses a template whose sections do not close', () => {
    expect(() => render('{{#a}}x', {}, 'html')).toThrow(/never closed/);
    expect(() => render('{{/a}}', {}, 'html')).toThrow(/unexpected/);
  });
});
