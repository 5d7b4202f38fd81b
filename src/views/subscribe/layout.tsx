// The frame of the subscription pages: small, readable, no script, no outside resources.
import type { Child } from 'hono/jsx';
import type { Locale } from '../../domain/model';
import { SUBSCRIBE_WORDS } from '../../i18n/subscribe';

export const SUBSCRIBE_CSS = `
body{margin:0;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;background:#f3f4f6}
main{max-width:36rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 1rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}.hint{color:#616e7c;font-size:.9rem;margin:.25rem 0}
input[type=email],select{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #9aa5b1;border-radius:4px}
fieldset{border:1px solid #cbd2d9;border-radius:4px;margin:1rem 0;padding:.5rem 1rem}legend{font-weight:600}
fieldset label{font-weight:400;margin:.25rem 0}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#1f5fbf;border:0;border-radius:6px;cursor:pointer}
button.quiet{background:#fff;color:#b42318;border:1px solid #b42318}
.notice{padding:.75rem 1rem;background:#e3f8ec;border-radius:4px}.error{padding:.75rem 1rem;background:#fde8e8;border-radius:4px}
footer{max-width:36rem;margin:0 auto 2rem;padding:0 2rem;font-size:.9rem;color:#616e7c}a{color:#1f5fbf}
`;

export function Layout(props: { locale: Locale; title: string; pageName: string; children: Child }) {
  const w = SUBSCRIBE_WORDS[props.locale];
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${props.pageName}`}</title>
        <style dangerouslySetInnerHTML={{ __html: SUBSCRIBE_CSS }} />
      </head>
      <body>
        <main>{props.children}</main>
        <footer>
          <a href="/">{w.backToPage}</a>
        </footer>
      </body>
    </html>
  );
}
