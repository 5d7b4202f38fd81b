// `npm run build:templates` (scripts/build-templates.mjs), run as the build runs it: it compiles the
// e-mails with a system font stack only, and refuses any e-mail that would load something remote.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'forewarn-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function build(templates: string, out: string) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/build-templates.mjs', '--templates', templates, '--out', out]);
    return { code: 0, output: stdout };
  } catch (error: any) {
    return { code: error.code as number, output: `${error.stdout}${error.stderr}` };
  }
}

describe('the template build', () => {
  it('compiles the e-mails with system fonts and nothing to fetch', async () => {
    const out = join(dir, 'committed.ts');
    expect((await build('templates', out)).code).toBe(0);
    const source = readFileSync(out, 'utf8');
    expect(source).toContain('TEMPLATE_NAMES');
    expect(source).toContain('font-family:-apple-system, BlinkMacSystemFont');
    expect(source).not.toMatch(/<link|@import|fonts\.googleapis|Ubuntu|Roboto/);
  });

  it('refuses a web font and a remote image, naming each e-mail and what it would load', async () => {
    const templates = join(dir, 'changed');
    cpSync('templates', templates, { recursive: true });
    const layout = join(templates, 'layout.mjml');
    writeFileSync(
      layout,
      readFileSync(layout, 'utf8')
        .replace('<mj-head>', '<mj-head><mj-font name="Lato" href="https://fonts.googleapis.com/css?family=Lato" />')
        .replace('font-family="', 'font-family="Lato, '),
    );
    const created = join(templates, 'incident-created.mjml');
    writeFileSync(
      created,
      `${readFileSync(created, 'utf8')}<mj-section><mj-column><mj-image src="https://cdn.example/banner.png" /></mj-column></mj-section>\n`,
    );
    const out = join(dir, 'refused.ts');

    const { code, output } = await build(templates, out);
    expect(code).toBe(1);
    expect(output).toContain('incident-created.mjml: <img src="https://cdn.example/banner.png">');
    for (const name of ['confirmation', 'incident-created', 'maintenance-scheduled']) {
      expect(output).toContain(`${name}.mjml: <link href="https://fonts.googleapis.com/css?family=Lato">`);
    }
    expect(() => readFileSync(out)).toThrow();
  });
});
