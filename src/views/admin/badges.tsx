import type { FC } from 'hono/jsx';
import { readableTime } from '../../present/english';

/** A status word with its colour class; the word itself carries the meaning, not the colour. */
export const Badge: FC<{ status: string; label: string }> = ({ status, label }) => <span class={`badge s-${status}`}>{label}</span>;

/** A moment in the page's zone, with the exact UTC instant for machines and tooltips. */
export const Time: FC<{ at: string; zone: string }> = ({ at, zone }) => (
  <time datetime={at} title={at}>
    {readableTime(at, zone)}
  </time>
);
