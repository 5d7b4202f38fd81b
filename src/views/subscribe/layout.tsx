// The frame of the subscription pages: the public page's own (header with the page's name and
// the language switch, dark mode, footer), the content in one card, kept out of search engines,
// with the time-zone picker's script.
import type { Child } from 'hono/jsx';
import { ZONE_PICKER_ASSET } from '../public/assets';
import type { ViewContext } from '../public/context';
import { Layout as PageLayout } from '../public/layout';

const EXTRAS = { noindex: true, scripts: [ZONE_PICKER_ASSET] };

export function Layout(props: { view: ViewContext; title: string; children: Child }) {
  return (
    <PageLayout ctx={props.view} title={`${props.title} · ${props.view.page.name}`} zoneNote={false} extras={EXTRAS}>
      <div class="card subscriber">{props.children}</div>
    </PageLayout>
  );
}
