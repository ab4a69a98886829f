import { createHash } from 'node:crypto';
import { Item } from '@shop/contracts';
import { z } from 'zod';
import type { PublicItem } from '../domain/catalog-reads.js';

/** An item's `GET /items/{id}` answer, made once per cache fill: its bytes and strong ETag. */
export interface ItemRepresentation {
  body: string;
  etag: string;
}

/**
 * Checked against the contract like the route's serializer would, then serialised; the ETag is
 * a digest of those bytes, so it changes with any field, stock included, and two answers share
 * it only when they are byte for byte the same (what a strong validator promises).
 */
export const representItem = (item: PublicItem): ItemRepresentation => {
  const body = JSON.stringify(z.encode(Item, item));
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
};

/**
 * Whether `If-None-Match` names this ETag (or is `*`): its comparison is the weak one (RFC 9110
 * §13.1.2), so a `W/` prefix a proxy added still matches.
 */
export const matchesEtag = (ifNoneMatch: string | undefined, etag: string) => {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
  });
};

/**
 * Whether the request's Cache-Control asks for an answer checked with the origin (`no-cache`,
 * `max-age=0`, RFC 9111 §5.2.1): such a request reads the store, not this process's cache, so a
 * caller that must see another replica's last write (a price just changed) can.
 */
export const wantsRevalidation = (cacheControl: string | undefined) =>
  cacheControl !== undefined &&
  /(?:^|,)\s*(?:no-cache|max-age\s*=\s*0)\s*(?:,|$)/i.test(cacheControl);
