import { InvalidCursorError } from '@shop/platform/cursor';

/** Lower-case words of texts (letters and digits), each once: what search matches against. */
export const wordsOf = (...texts: string[]) => [
  ...new Set(
    texts
      .join(' ')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0),
  ),
];

/**
 * Points one query word earns, by where it matches best: a word of the name beats any match in
 * the description, and a whole word beats a word it only starts. The gaps make one name match
 * outweigh a description match of every other word of a short query.
 */
export const MATCH_POINTS = {
  nameWord: 8,
  namePrefix: 4,
  descriptionWord: 2,
  descriptionPrefix: 1,
} as const;

const pointsFor = (word: string, nameWords: string[], descriptionWords: string[]) => {
  if (nameWords.includes(word)) return MATCH_POINTS.nameWord;
  if (nameWords.some((candidate) => candidate.startsWith(word))) return MATCH_POINTS.namePrefix;
  if (descriptionWords.includes(word)) return MATCH_POINTS.descriptionWord;
  if (descriptionWords.some((candidate) => candidate.startsWith(word)))
    return MATCH_POINTS.descriptionPrefix;
  return 0;
};

/** Relevance of an item to the query's words: the sum of each word's best match. */
export const relevanceOf = (queryWords: string[], item: { name: string; description: string }) => {
  const nameWords = wordsOf(item.name);
  const descriptionWords = wordsOf(item.description);
  return queryWords.reduce((sum, word) => sum + pointsFor(word, nameWords, descriptionWords), 0);
};

/** Where an item stands in a relevance listing; also what a relevance cursor holds. */
export interface RankPosition {
  score: number;
  name: string;
  /** Creation time in epoch milliseconds: among equal names, the newest first. */
  createdAt: number;
  id: string;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Relevance order: higher score first, then name (ignoring case, then exactly), then newest
 * first (a new item among many of the same name is on the first page), then id. Total and
 * independent of locale, so every page of a listing agrees with the others.
 */
export const compareRank = (a: RankPosition, b: RankPosition) =>
  b.score - a.score ||
  compareText(a.name.toLowerCase(), b.name.toLowerCase()) ||
  compareText(a.name, b.name) ||
  b.createdAt - a.createdAt ||
  compareText(a.id, b.id);

/** The candidates ranked for the query words, best first. */
export const rankByRelevance = (
  queryWords: string[],
  candidates: readonly { id: string; name: string; description: string; createdAt: Date }[],
): RankPosition[] =>
  candidates
    .map((item) => ({
      score: relevanceOf(queryWords, item),
      name: item.name,
      createdAt: item.createdAt.getTime(),
      id: item.id,
    }))
    .sort(compareRank);

const CURSOR_TAG = 'r';

const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

/** Opaque cursor of a relevance listing: the position of the last item of a page. */
export const encodeRelevanceCursor = ({ score, name, createdAt, id }: RankPosition) =>
  Buffer.from(JSON.stringify([CURSOR_TAG, score, name, createdAt, id])).toString('base64url');

/** The position a relevance cursor names; anything else (a newest-first cursor too) is 422. */
export const decodeRelevanceCursor = (cursor: string): RankPosition => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch (cause) {
    throw new InvalidCursorError({ cause });
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) throw new InvalidCursorError();
  const [tag, score, name, createdAt, id] = parsed as unknown[];
  if (
    tag !== CURSOR_TAG ||
    !isCount(score) ||
    typeof name !== 'string' ||
    !isCount(createdAt) ||
    typeof id !== 'string'
  )
    throw new InvalidCursorError();
  return { score, name, createdAt, id };
};
