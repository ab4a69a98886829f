import { describe, expect, it } from 'vitest';
import { bearer, customer, login, patchAccount, register, startAccountService } from './support.js';

// The file's database is shared by its tests: each search names a prefix only this test uses.
const prefix = () => crypto.randomUUID().replaceAll('-', '').slice(0, 10);

const adminOf = async (started: Awaited<ReturnType<typeof startAccountService>>) =>
  (
    await login(
      started.app,
      started.config.bootstrapAdmin.email,
      started.config.bootstrapAdmin.password,
    )
  ).json().accessToken as string;

type Page = { accounts: { id: string; email: string; card: unknown }[]; nextCursor: string | null };

describe('an ADMIN searches accounts', () => {
  it('when the prefix matches emails and a name in another case, then each once, by email, across pages, without secrets', async () => {
    const started = await startAccountService();
    const { app } = started;
    const tag = prefix();
    const ann = await register(app, { email: `${tag}-ann@test.example`, name: 'Ann Other' });
    const bob = await register(app, { email: `${tag}-bob@test.example`, name: 'Bob Other' });
    const carol = await register(app, { name: `${tag.toUpperCase()} Carol` });
    const annToken = (await login(app, ann.email)).json().accessToken;
    const card = { cardNumber: '4242424242424242', expMonth: 12, expYear: 2031, holderName: 'Ann' };
    expect((await patchAccount(app, annToken, ann.id, { paymentMethod: card })).statusCode).toBe(
      200,
    );
    const admin = await adminOf(started);

    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/accounts?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: bearer(admin),
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toMatch(/passwordHash|argon2|expMonth|shippingAddress|4242424242/);
      pages.push(response.json());
      cursor = pages.at(-1)?.nextCursor ?? null;
    } while (cursor && pages.length < 5);

    expect(pages.map((page) => page.accounts.map((account) => account.id))).toEqual([
      [ann.id, bob.id],
      [carol.id],
    ]);
    expect(pages[0]?.accounts[0]?.card).toEqual({ brand: 'visa', last4: '4242' });
  });

  it('when q holds LIKE wildcards, then they match only themselves', async () => {
    const started = await startAccountService();
    const tag = prefix();
    await register(started.app, { email: `${tag}x1@test.example` });
    const admin = await adminOf(started);
    for (const q of [`${tag}%`, `${tag}_1`, '%']) {
      const response = await started.app.inject({
        method: 'GET',
        url: `/api/v1/accounts?q=${encodeURIComponent(q)}`,
        headers: bearer(admin),
      });
      expect(response.json().accounts, q).toEqual([]);
    }
  });

  it('when a customer or nobody searches, then 403 or 401; a bad limit or role, then 400, a cursor it never returned, then 422', async () => {
    const started = await startAccountService();
    const someone = await customer(started.app);
    const admin = await adminOf(started);
    const get = async (url: string, token?: string) =>
      (await started.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} }))
        .statusCode;

    expect(await get('/api/v1/accounts?q=a', someone.accessToken)).toBe(403);
    expect(await get('/api/v1/accounts?q=a')).toBe(401);
    expect(await get('/api/v1/accounts?cursor=zz', admin)).toBe(422);
    expect(await get('/api/v1/accounts?limit=101', admin)).toBe(400);
    expect(await get('/api/v1/accounts?role=SERVICE', admin)).toBe(400);
  });
});
