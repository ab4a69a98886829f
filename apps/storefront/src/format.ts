const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "21 Nov 2025, 14:03:07": seconds matter when watching a saga unfold. */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));

export const formatDate = (iso: string): string => date.format(new Date(iso));

/** The first 8 characters of a UUID: enough to tell orders apart on screen. */
export const shortId = (id: string): string => id.slice(0, 8);
