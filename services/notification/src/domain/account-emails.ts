import type { AccountEvent } from '@shop/contracts';
import { escapeHtml, formatDate } from './format.js';
import type { OutgoingMail } from './ports.js';

/**
 * The emails account-service asks for on `account.events`: a password-reset link and an
 * email-verification link, each carrying the raw single-use token. Unlike order emails they
 * are not stored as notifications (notificationdb would then hold working tokens, and an
 * ADMIN could read them in the notification list): they are sent straight from the event,
 * and only that the event was handled is recorded (account-email-log).
 */

/**
 * The storefront page the link opens. The token travels in the fragment (`#token=`), which a
 * browser never sends to a server: it appears in no request line and no access log.
 */
export const accountLink = (storefrontUrl: string, page: string, token: string) =>
  `${storefrontUrl.replace(/\/+$/, '')}/${page}#token=${encodeURIComponent(token)}`;

/** An email whose link expired before it could be sent is pointless: it is skipped. */
export const isStale = (event: AccountEvent, now: Date) =>
  Date.parse(event.data.expiresAt) <= now.getTime();

interface AccountDraft {
  subject: string;
  heading: string;
  before: string[];
  action: { label: string; url: string };
  after: string[];
}

const SIGNATURE = 'The Shop team';

const renderText = (draft: AccountDraft) =>
  [
    draft.heading,
    ...draft.before,
    `${draft.action.label}: ${draft.action.url}`,
    ...draft.after,
    `-- \n${SIGNATURE}`,
  ].join('\n\n');

const renderHtml = (draft: AccountDraft) =>
  [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>',
    escapeHtml(draft.subject),
    '</title></head>',
    '<body style="font-family:Arial,sans-serif;color:#222;line-height:1.5">',
    `<h1 style="font-size:20px">${escapeHtml(draft.heading)}</h1>`,
    ...draft.before.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${escapeHtml(draft.action.url)}">${escapeHtml(draft.action.label)}</a></p>`,
    ...draft.after.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p>${SIGNATURE}</p>`,
    '</body></html>',
  ].join('\n');

const draftOf = (event: AccountEvent, storefrontUrl: string): AccountDraft => {
  const { name, token, expiresAt } = event.data;
  if (event.type === 'PasswordResetRequested')
    return {
      subject: 'Reset your Shop password',
      heading: `Hello ${name},`,
      before: [
        'Someone asked to reset the password of your Shop account. To choose a new one, open this link:',
      ],
      action: {
        label: 'Reset your password',
        url: accountLink(storefrontUrl, 'reset-password', token),
      },
      after: [
        `The link works once, until ${formatDate(expiresAt)}. Resetting signs you out everywhere.`,
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ],
    };
  return {
    subject: 'Confirm your email address',
    heading: `Welcome, ${name}!`,
    before: ['Please confirm that this is your email address by opening this link:'],
    action: {
      label: 'Confirm your email address',
      url: accountLink(storefrontUrl, 'verify-email', token),
    },
    after: [
      `The link works once, until ${formatDate(expiresAt)}. You can shop in the meantime.`,
      'If you did not create a Shop account, ignore this email.',
    ],
  };
};

/** The email an account event asks for, named by the event id (its Message-ID and .eml file). */
export const accountEmail = (event: AccountEvent, storefrontUrl: string): OutgoingMail => {
  const draft = draftOf(event, storefrontUrl);
  return {
    id: event.eventId,
    to: { email: event.data.email, name: event.data.name },
    subject: draft.subject,
    text: renderText(draft),
    html: renderHtml(draft),
  };
};
