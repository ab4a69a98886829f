import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPublicJwk } from '@shop/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSigningKeys } from '../../src/security/signing-keys.js';

const pemOfNewKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true });
});

const keyDirectory = async (files: Record<string, string>) => {
  const directory = await mkdtemp(join(tmpdir(), 'jwt-keys-'));
  directories.push(directory);
  for (const [name, content] of Object.entries(files))
    await writeFile(join(directory, name), content);
  return (name: string) => join(directory, name);
};

describe('loadSigningKeys', () => {
  it('when the previous and next key files are there, then both are published beside the signing key', async () => {
    const [current, previous, next] = [pemOfNewKey(), pemOfNewKey(), pemOfNewKey()];
    const path = await keyDirectory({
      'current.pem': current,
      'previous.pem': previous,
      'next.pem': next,
    });

    const keys = await loadSigningKeys({
      privateKeyFile: path('current.pem'),
      previousKeyFile: path('previous.pem'),
      nextKeyFile: path('next.pem'),
    });

    expect(keys.signingKey.type).toBe('private');
    expect(keys.otherKeys.map((key) => key.type)).toEqual(['public', 'public']);
    expect(keys.otherKeys.map((key) => toPublicJwk(key).kid)).toEqual([
      toPublicJwk(createPublicKey(previous)).kid,
      toPublicJwk(createPublicKey(next)).kid,
    ]);
  });

  it('when no rotation is under way (the optional files are absent), then only the signing key is there', async () => {
    const path = await keyDirectory({ 'current.pem': pemOfNewKey() });

    const keys = await loadSigningKeys({
      privateKeyFile: path('current.pem'),
      previousKeyFile: path('previous.pem'),
      nextKeyFile: path('next.pem'),
    });

    expect(keys.otherKeys).toEqual([]);
  });

  it('when the signing key file is missing or a key file is not a key, then loading fails', async () => {
    const path = await keyDirectory({ 'current.pem': pemOfNewKey(), 'broken.pem': 'not a key' });

    await expect(loadSigningKeys({ privateKeyFile: path('absent.pem') })).rejects.toThrow();
    await expect(
      loadSigningKeys({ privateKeyFile: path('current.pem'), previousKeyFile: path('broken.pem') }),
    ).rejects.toThrow();
  });
});
