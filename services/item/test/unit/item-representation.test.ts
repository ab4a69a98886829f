import { describe, expect, it } from 'vitest';
import { matchesEtag, wantsRevalidation } from '../../src/routes/item-representation.js';

describe('conditional and cache headers of an item read', () => {
  it('when If-None-Match names the ETag (weak, in a list, or *), then it matches; another tag or none, then not', () => {
    const etag = '"abc"';
    for (const header of ['"abc"', 'W/"abc"', '"x", "abc"', ' * '])
      expect(matchesEtag(header, etag), header).toBe(true);
    for (const header of [undefined, '"abcd"', 'abc', '"x"'])
      expect(matchesEtag(header, etag), String(header)).toBe(false);
  });

  it('when the request asks no-cache or max-age=0, then it wants the store; other directives, then not', () => {
    for (const header of ['no-cache', 'max-age=0', 'No-Cache', 'no-store, no-cache', 'max-age = 0'])
      expect(wantsRevalidation(header), header).toBe(true);
    for (const header of [undefined, 'max-age=60', 'no-store', 'max-age=0123', 'no-cache-please'])
      expect(wantsRevalidation(header), String(header)).toBe(false);
  });
});
