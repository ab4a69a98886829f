import { ACCOUNT_EVENTS_TOPIC } from '@shop/contracts';
import { createTopicNamespace, eventually, tapKafka } from '@shop/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountTokenRepository } from '../src/data/account-token-repository.js';
import { issueToken } from '../src/domain/account-emails.js';
import { accountEventsOf, latestToken, sha256Hex, tokenRowsOf } from './account-emails-support.js';
import { bearer, customer, getMe, register, startAccountService } from './support.js';

type App = Awaited<ReturnType<typeof startAccountService>>['app'];

const verify = async (app: App, token: string) =>
  await app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });

const resend = async (app: App, accessToken: string) =>
  await app.inject({
    method: 'POST',
    url: '/api/v1/accounts/me/verification-email',
    headers: bearer(accessToken),
  });

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('email verification', () => {
  it('when an account registers, then it is unverified and its verification token (hashed, ~72 h) and event were stored with it', async () => {
    const { app, pool } = await startAccountService();
    const before = Date.now();
    const owner = await customer(app);

    expect((await getMe(app, owner.accessToken)).json()).toMatchObject({ emailVerified: false });
    const events = await accountEventsOf(pool, owner.id);
    expect(events.map((event) => event.type)).toEqual(['EmailVerificationRequested']);
    const rows = await tokenRowsOf(pool, owner.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: 'EMAIL_VERIFICATION', used_at: null });
    expect(rows[0]?.token_hash).toBe(sha256Hex(events[0]?.data.token ?? ''));
    const lifetime = new Date(rows[0]?.expires_at ?? 0).getTime() - before;
    expect(lifetime).toBeGreaterThan(71 * 3_600_000);
  });

  it('when the link is opened, then 204 and the account shows emailVerified; a second use is 410', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    const token = await latestToken(pool, owner.id, 'EmailVerificationRequested');

    expect((await verify(app, token)).statusCode).toBe(204);

    expect((await getMe(app, owner.accessToken)).json()).toMatchObject({ emailVerified: true });
    const again = await verify(app, token);
    expect(again.statusCode).toBe(410);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('when a password-reset token is presented as a verification token, then 410 and the account stays unverified', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: owner.email },
    });
    const resetToken = await latestToken(pool, owner.id, 'PasswordResetRequested');

    expect((await verify(app, resetToken)).statusCode).toBe(410);
    expect((await getMe(app, owner.accessToken)).json()).toMatchObject({ emailVerified: false });
  });

  it('when a signed-in user asks for a new email, then 202 and only the new link works; once verified, 409', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    const first = await latestToken(pool, owner.id, 'EmailVerificationRequested');

    expect((await resend(app, owner.accessToken)).statusCode).toBe(202);

    const second = await latestToken(pool, owner.id, 'EmailVerificationRequested');
    expect(second).not.toBe(first);
    expect((await verify(app, first)).statusCode).toBe(410);
    expect((await verify(app, second)).statusCode).toBe(204);
    const verified = await resend(app, owner.accessToken);
    expect(verified.statusCode).toBe(409);
    expect(verified.json()).toMatchObject({
      type: expect.stringContaining('email-already-verified'),
    });
  });

  it('when a user asks for new emails many times at once, then each is sent or throttled (202 or 429) and one link works', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);

    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => await resend(app, owner.accessToken)),
    );

    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status !== 202 && status !== 429)).toEqual([]);
    expect(statuses).toContain(202);
    const unused = (await tokenRowsOf(pool, owner.id)).filter((row) => row.used_at === null);
    expect(unused).toHaveLength(1);
  });

  it('when eight links of one purpose are issued at once for an account, then every issue commits and only one link stays unused', async () => {
    const { app, pool } = await startAccountService();
    const owner = await customer(app);
    const tokens = createAccountTokenRepository(pool);
    const account = { id: owner.id, email: owner.email, name: 'Concurrent' };

    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const now = new Date();
        await tokens.issue(issueToken(account, 'PASSWORD_RESET', 1_800, now), now);
      }),
    );

    const resets = (await tokenRowsOf(pool, owner.id)).filter(
      (row) => row.purpose === 'PASSWORD_RESET',
    );
    expect(resets).toHaveLength(8);
    expect(resets.filter((row) => row.used_at === null)).toHaveLength(1);
  });

  it('when nobody is signed in, then asking for a verification email is 401', async () => {
    const { app } = await startAccountService();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/me/verification-email',
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('account.events through the outbox relay', () => {
  const namespaces: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const namespace of namespaces) await namespace.drop();
  });

  it('when an account registers, then its verification event reaches account.events keyed by the account id, and leaves the outbox (the token rests in MySQL only until Kafka has it)', async () => {
    const topics = await createTopicNamespace(brokers);
    namespaces.push(topics);
    const tap = await tapKafka(brokers, [topics.topic(ACCOUNT_EVENTS_TOPIC)]);
    try {
      const { app, pool } = await startAccountService({
        env: { KAFKA_TOPIC_NAMESPACE: topics.namespace },
        background: { retention: false },
      });
      const owner = await register(app);

      const [message] = await tap.waitFor((m) => m.key === owner.id);

      expect(message?.headers['event-type']).toBe('EmailVerificationRequested');
      expect(message?.json).toMatchObject({
        type: 'EmailVerificationRequested',
        accountId: owner.id,
        data: { email: owner.email, token: expect.any(String) },
      });
      await eventually(async () => (await accountEventsOf(pool, owner.id)).length === 0, {
        what: 'the published event to leave the outbox',
      });
    } finally {
      await tap.close();
    }
  });
});
