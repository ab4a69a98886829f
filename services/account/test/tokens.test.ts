import { createPublicKey } from 'node:crypto';
import { toPublicJwk } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import {
  bearer,
  customer,
  decodeJwt,
  forgeToken,
  login,
  newSigningKey,
  patchAccount,
  startAccountService,
} from './support.js';

const me = async (app: Awaited<ReturnType<typeof startAccountService>>['app'], token: string) =>
  await app.inject({ method: 'GET', url: '/api/v1/accounts/me', headers: bearer(token) });

describe('access tokens', () => {
  it('when a valid token calls /accounts/me, then 200 with the caller’s own account', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const response = await me(app, user.accessToken);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: user.id, email: user.email });
  });

  it('when there is no token, then 401 problem+json', async () => {
    const { app } = await startAccountService();
    const response = await app.inject({ method: 'GET', url: '/api/v1/accounts/me' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it('when a token is forged in any of the usual ways, then every one gets the same 401', async () => {
    const { app, config, signingKey } = await startAccountService();
    const user = await customer(app);
    const { header, payload } = decodeJwt(user.accessToken);
    const publicPem = createPublicKey(signingKey).export({ format: 'pem', type: 'spki' });
    const now = Math.floor(Date.now() / 1000);
    const [head, , signature] = user.accessToken.split('.');
    const forged = {
      'alg none': forgeToken({ alg: 'none', typ: 'JWT' }, payload),
      'HS256 signed with the public key (alg confusion)': forgeToken(
        { ...header, alg: 'HS256' },
        payload,
        { hs256Secret: publicPem },
      ),
      'wrong audience': forgeToken(
        header,
        { ...payload, aud: 'another-api' },
        { es256: signingKey },
      ),
      'wrong issuer': forgeToken(
        header,
        { ...payload, iss: 'https://evil.example' },
        { es256: signingKey },
      ),
      expired: forgeToken(
        header,
        { ...payload, iat: now - 3600, exp: now - 60 },
        { es256: signingKey },
      ),
      'tampered payload (role ADMIN)': `${head}.${Buffer.from(JSON.stringify({ ...payload, role: 'ADMIN' })).toString('base64url')}.${signature}`,
      'signed with another key under the same kid': forgeToken(header, payload, {
        es256: newSigningKey(),
      }),
      'unknown kid': forgeToken({ ...header, kid: toPublicJwk(newSigningKey()).kid }, payload, {
        es256: newSigningKey(),
      }),
      'missing ver claim': forgeToken(
        header,
        { ...payload, ver: undefined },
        { es256: signingKey },
      ),
    };
    expect(config.tokens.audience).not.toBe('another-api');

    for (const [name, token] of Object.entries(forged)) {
      const response = await me(app, token);
      expect(response.statusCode, name).toBe(401);
      expect(response.json().detail, name).toBe('Missing, invalid or expired bearer token');
    }
  });
});

describe('refresh tokens', () => {
  const refresh = async (
    app: Awaited<ReturnType<typeof startAccountService>>['app'],
    refreshToken: string,
  ) => await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });

  it('when a refresh token is used, then a new pair comes back and the old refresh token is spent', async () => {
    const { app, pool } = await startAccountService();
    const user = await customer(app);
    const response = await refresh(app, user.refreshToken);

    expect(response.statusCode).toBe(200);
    const next = response.json();
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect((await me(app, next.accessToken)).statusCode).toBe(200);
    const [rows] = (await pool.query(
      'SELECT status FROM refresh_tokens WHERE account_id = ? ORDER BY created_at',
      [user.id],
    )) as [{ status: string }[], unknown];
    expect(rows.map((row) => row.status)).toEqual(['ROTATED', 'ACTIVE']);
  });

  it('when a rotated refresh token is replayed, then 401 and the whole family is revoked', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const next = (await refresh(app, user.refreshToken)).json();

    const replay = await refresh(app, user.refreshToken);
    const afterTheft = await refresh(app, next.refreshToken);

    expect(replay.statusCode).toBe(401);
    expect(afterTheft.statusCode).toBe(401);
  });

  it('when two refreshes race with one token, then at most one succeeds', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const results = await Promise.all([
      refresh(app, user.refreshToken),
      refresh(app, user.refreshToken),
    ]);
    expect(results.filter((result) => result.statusCode === 200).length).toBeLessThanOrEqual(1);
    expect(results.some((result) => result.statusCode === 401)).toBe(true);
  });

  it('when the user logs out, then the refresh token no longer works', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const logout = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refreshToken: user.refreshToken },
    });
    expect(logout.statusCode).toBe(204);
    expect((await refresh(app, user.refreshToken)).statusCode).toBe(401);
  });

  it('when the refresh token is unknown, then 401', async () => {
    const { app } = await startAccountService();
    expect((await refresh(app, 'x'.repeat(43))).statusCode).toBe(401);
  });
});

describe('password change', () => {
  it('when the current password is wrong, then 401 and the password is unchanged', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const response = await patchAccount(app, user.accessToken, user.id, {
      currentPassword: 'not my password',
      newPassword: 'a brand new password',
    });
    expect(response.statusCode).toBe(401);
    expect((await login(app, user.email)).statusCode).toBe(200);
  });

  it('when the new password needs the current one and it is missing, then 400', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const response = await patchAccount(app, user.accessToken, user.id, {
      newPassword: 'a brand new password',
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().errors)).toMatch(/currentPassword/);
  });

  it('when the password changes, then every old access and refresh token is refused', async () => {
    const { app } = await startAccountService();
    const user = await customer(app);
    const change = await patchAccount(app, user.accessToken, user.id, {
      currentPassword: user.password,
      newPassword: 'a brand new password',
    });
    expect(change.statusCode).toBe(200);

    expect((await me(app, user.accessToken)).statusCode).toBe(401);
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: user.refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);
    expect((await login(app, user.email)).statusCode).toBe(401);
    const fresh = await login(app, user.email, 'a brand new password');
    expect(fresh.statusCode).toBe(200);
    expect(decodeJwt(fresh.json().accessToken).payload.ver).toBe(2);
  });
});

describe('service tokens (client credentials)', () => {
  /** Three clients of their own, whatever .env configures. */
  const withClients = async () =>
    await startAccountService({
      env: {
        SERVICE_CLIENTS: ['payment-service', 'notification-service', 'order-service']
          .map((clientId) => `${clientId}:${crypto.randomUUID()}`)
          .join(','),
      },
    });
  const tokenRequest = (clientId: string, clientSecret: string) => ({
    method: 'POST' as const,
    url: '/api/v1/auth/token',
    payload: { grantType: 'client_credentials', clientId, clientSecret },
  });

  it('when a configured service asks with its secret, then a short-lived SERVICE token', async () => {
    const { app, config } = await startAccountService();
    const [clientId, secret] = [...config.serviceClients.entries()][0] ?? ['', ''];
    const response = await app.inject(tokenRequest(clientId, secret));

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: config.tokens.serviceTtlSeconds,
    });
    const { payload } = decodeJwt(body.accessToken);
    expect(payload).toMatchObject({ sub: clientId, role: 'SERVICE' });
    expect(payload.exp - payload.iat).toBe(config.tokens.serviceTtlSeconds);
  });

  it('when the secret is wrong or the client unknown, then the same 401', async () => {
    const { app, config } = await startAccountService();
    const [clientId] = [...config.serviceClients.keys()];
    const wrongSecret = await app.inject(tokenRequest(clientId ?? '', 'x'.repeat(48)));
    const unknown = await app.inject(tokenRequest('evil-service', 'x'.repeat(48)));
    expect(wrongSecret.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrongSecret.json());
  });

  it('when payment- or notification-service reads a customer account, then 200; order-service, then 403', async () => {
    const { app, config } = await withClients();
    const user = await customer(app);
    const read = async (clientId: string) => {
      const secret = config.serviceClients.get(clientId) ?? '';
      const serviceToken = (await app.inject(tokenRequest(clientId, secret))).json().accessToken;
      return await app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${user.id}`,
        headers: bearer(serviceToken),
      });
    };
    for (const reader of ['payment-service', 'notification-service']) {
      const response = await read(reader);
      expect(response.statusCode).toBe(200);
      expect(response.json().id).toBe(user.id);
    }
    // order-service makes no call to account-service: its token reads nothing here.
    const refused = await read('order-service');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).not.toHaveProperty('email');
  });

  it('when a SERVICE token changes an account, then 403 whatever the body', async () => {
    const { app, config } = await withClients();
    const user = await customer(app);
    const clientId = 'payment-service';
    const secret = config.serviceClients.get(clientId) ?? '';
    const serviceToken = (await app.inject(tokenRequest(clientId, secret))).json().accessToken;
    const response = await patchAccount(app, serviceToken, user.id, { role: 'ADMIN' });
    expect(response.statusCode).toBe(403);
  });
});
