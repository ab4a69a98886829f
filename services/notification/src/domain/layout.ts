import type { NotificationType } from '@shop/contracts';
import { escapeHtml } from './format.js';
import type { RenderedMessage } from './model.js';

/** The content of one email; `render` lays it out as plain text and as HTML from the same facts. */
export interface Draft {
  type: NotificationType;
  subject: string;
  heading: string;
  paragraphs: string[];
  /** Label/amount rows (order lines) with a closing total row. */
  table?: { rows: [string, string][]; total: [string, string] };
}

const SIGNATURE = 'The Shop team';

const textTable = ({ rows, total }: NonNullable<Draft['table']>) => {
  const all = [...rows, total];
  const width = Math.max(...all.map(([label]) => label.length));
  const right = Math.max(...all.map(([, amount]) => amount.length));
  return all
    .map(([label, amount]) => `  ${label.padEnd(width)}  ${amount.padStart(right)}`)
    .join('\n');
};

const renderText = (orderId: string, draft: Draft) =>
  [
    draft.heading,
    ...draft.paragraphs,
    ...(draft.table ? [textTable(draft.table)] : []),
    `Order number: ${orderId}`,
    `-- \n${SIGNATURE}`,
  ].join('\n\n');

const htmlTable = ({ rows, total }: NonNullable<Draft['table']>) => {
  const row = ([label, amount]: [string, string], cell: 'td' | 'th') =>
    `<tr><${cell} align="left">${escapeHtml(label)}</${cell}><${cell} align="right">${escapeHtml(amount)}</${cell}></tr>`;
  return [
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...rows.map((entry) => row(entry, 'td')),
    row(total, 'th'),
    '</table>',
  ].join('\n');
};

const renderHtml = (orderId: string, draft: Draft) =>
  [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>',
    escapeHtml(draft.subject),
    '</title></head>',
    '<body style="font-family:Arial,sans-serif;color:#222;line-height:1.5">',
    `<h1 style="font-size:20px">${escapeHtml(draft.heading)}</h1>`,
    ...draft.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(draft.table ? [htmlTable(draft.table)] : []),
    `<p style="color:#666;font-size:12px">Order number: ${escapeHtml(orderId)}</p>`,
    `<p>${SIGNATURE}</p>`,
    '</body></html>',
  ].join('\n');

export const render = (orderId: string, draft: Draft): RenderedMessage => ({
  type: draft.type,
  subject: draft.subject,
  text: renderText(orderId, draft),
  html: renderHtml(orderId, draft),
});
