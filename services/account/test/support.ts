import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, type ServiceApp } from '@shop/platform';
import { createMysqlPool } from '@shop/platform/mysql';
import { createScratchDatabase } from '@shop/testing';
import type { Pool } from 'mysql2/promise';
import { afterAll } from 'vitest';
import { type AccountAppDeps, buildApp } from '../src/app.js';
import { type AccountConfig, loadAccountConfig } from '../src/config.js';
import type { PasswordHasher } from '../src/domain/ports.js';

export const newSigningKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

export interface TestApp {
  app: ServiceApp;
  pool: Pool;
  config: AccountConfig;
  signingKey: KeyObject;
  /** Every log line the app wrote. */
  logs: string[];
}

const openApps: TestApp[] = [];
/**
 * Each test file's own scratch database: the stack's account-service (the end-to-end suites
 * run it beside these) relays and deletes the outbox rows of accounts_db, which these tests read.
 */
const scratchDatabase = `test_accounts_db_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
afterAll(async () => {
  const apps = openApps.splice(0);
  // The apps first (their relay and retention jobs use the database), then the database.
  for (const { app } of apps) await app.close();
  await apps[0]?.pool.query(`DROP DATABASE IF EXISTS \`${scratchDatabase}\``);
  for (const { pool } of apps) await pool.end();
});

export interface StartOptions {
  /** Environment variables over the ones .env provides. */
  env?: Record<string, string>;
  signingKey?: KeyObject;
  /** The previous and next keys of a rotation (published, never signing). */
  otherKeys?: KeyObject[];
  hasher?: PasswordHasher;
  /** Default: no outbox relay (the tests read the outbox table; one test relays on purpose). */
  background?: AccountAppDeps['background'];
}

/** account-service on this file's scratch database, configured from .env plus `options.env`. */
export const startAccountService = async ({
  env = {},
  signingKey = newSigningKey(),
  otherKeys,
  hasher,
  background = { outbox: false },
}: StartOptions = {}): Promise<TestApp> => {
  const config = loadAccountConfig({ ...process.env, ACCOUNT_DB_NAME: scratchDatabase, ...env });
  await createScratchDatabase(config.mysql);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const pool = createMysqlPool(config.mysql);
  const app = await buildApp({
    config,
    logger: createLogger({ service: 'account-service', level: 'info' }, sink),
    pool,
    signingKey,
    ...(otherKeys ? { otherKeys } : {}),
    ...(hasher ? { hasher } : {}),
    background,
  });
  const started = { app, pool, config, signingKey, logs };
  openApps.push(started);
  return started;
};

export const uniqueEmail = (tag = 'user') => `${tag}-${crypto.randomUUID()}@test.example`;

/** A client address of its own per test, so login throttling never leaks between tests. */
export const uniqueAddress = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

export const PASSWORD = 'correct horse battery';

export const register = async (app: ServiceApp, body: Record<string, unknown> = {}) => {
  const payload = { email: uniqueEmail(), password: PASSWORD, name: 'Test User', ...body };
  const response = await app.inject({ method: 'POST', url: '/api/v1/accounts', payload });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
  return {
    ...(response.json() as { id: string; email: string }),
    password: String(payload.password),
  };
};

export const login = async (
  app: ServiceApp,
  email: string,
  password = PASSWORD,
  address = uniqueAddress(),
) =>
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: address,
  });

/** Registers a customer and logs in; returns its id, email and tokens. */
export const customer = async (app: ServiceApp) => {
  const account = await register(app);
  const tokens = (await login(app, account.email)).json() as {
    accessToken: string;
    refreshToken: string;
  };
  return { ...account, ...tokens };
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, to forge the tokens an attacker could send. */
export const forgeToken = (
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signWith: { es256?: KeyObject; hs256Secret?: string | Buffer } = {},
) => {
  const input = `${b64(header)}.${b64(payload)}`;
  let signature = '';
  if (signWith.es256) {
    signature = sign('sha256', Buffer.from(input), {
      key: signWith.es256,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
  } else if (signWith.hs256Secret) {
    signature = createHmac('sha256', signWith.hs256Secret).update(input).digest('base64url');
  }
  return `${input}.${signature}`;
};

export const decodeJwt = (token: string) => {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  return { header, payload };
};

type App = TestApp['app'];

export const patchAccount = async (
  app: App,
  token: string,
  id: string,
  payload: Record<string, unknown>,
) =>
  await app.inject({
    method: 'PATCH',
    url: `/api/v1/accounts/${id}`,
    headers: bearer(token),
    payload,
  });

export const getMe = async (app: App, token: string) =>
  await app.inject({ method: 'GET', url: '/api/v1/accounts/me', headers: bearer(token) });
