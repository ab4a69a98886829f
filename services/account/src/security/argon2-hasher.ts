import argon2 from 'argon2';
import type { PasswordHasher } from '../domain/ports.js';

/** OWASP's minimum for argon2id: 19 MiB of memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export const createArgon2Hasher = (): PasswordHasher => {
  // Verified against when an email is unknown, so that path costs what a real check costs.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => {
    dummyHash ??= argon2.hash(crypto.randomUUID(), ARGON2_OPTIONS);
    return dummyHash;
  };
  return {
    hash: async (password) => await argon2.hash(password, ARGON2_OPTIONS),
    verify: async (hash, password) => await argon2.verify(hash, password),
    verifyAgainstDummy: async (password) => {
      await argon2.verify(await dummy(), password);
    },
  };
};
