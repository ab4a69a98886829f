import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface SigningKeyFiles {
  /** The key that signs every new access token. */
  privateKeyFile: string;
  /** The key that signed before the last rotation: still verifies tokens it signed. */
  previousKeyFile?: string | undefined;
  /** The key the next rotation will sign with: published ahead, so every verifier knows it. */
  nextKeyFile?: string | undefined;
}

export interface SigningKeys {
  signingKey: KeyObject;
  /** Published in the JWKS and accepted beside the signing key (previous and next). */
  otherKeys: KeyObject[];
}

const isMissing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT';

/** A PEM key (private or public) from `file`; undefined when no file is configured or there. */
const optionalPublicKey = async (file: string | undefined) => {
  if (!file) return undefined;
  try {
    return createPublicKey(await readFile(file));
  } catch (error) {
    // A rotation step with no previous (or next) key leaves the file out of the key directory.
    if (isMissing(error)) return undefined;
    throw error;
  }
};

/**
 * The keys account-service signs and verifies with (see docs/tokens.md for the rotation): the
 * signing key must exist; the previous and next keys are optional files in the same Secret,
 * absent between rotations.
 */
export const loadSigningKeys = async (files: SigningKeyFiles): Promise<SigningKeys> => {
  const signingKey = createPrivateKey(await readFile(files.privateKeyFile));
  const others = await Promise.all([
    optionalPublicKey(files.previousKeyFile),
    optionalPublicKey(files.nextKeyFile),
  ]);
  return { signingKey, otherKeys: others.filter((key) => key !== undefined) };
};
