import type { Caller } from '@shop/platform/caller';
import { describe, expect, it } from 'vitest';
import {
  bootstrapAdmin,
  getAccount,
  registerAccount,
  updateAccount,
} from '../../src/domain/accounts.js';
import { accountWorld } from './in-memory.js';

const as = (id: string, role: Caller['role']): Caller => ({ id, role, tokenVersion: 1 });

const register = async (
  world: ReturnType<typeof accountWorld>,
  email = `u-${crypto.randomUUID()}@test.example`,
) => await registerAccount(world.accountDeps, { email, password: 'a password 123', name: 'Ann' });

describe('accounts', () => {
  it('when a customer registers, then a CUSTOMER at token version 1 is stored and no secret is returned', async () => {
    const world = accountWorld();
    const account = await register(world);

    expect(account).toMatchObject({ role: 'CUSTOMER', name: 'Ann' });
    expect(account).not.toHaveProperty('passwordHash');
    expect(account).not.toHaveProperty('tokenVersion');
    expect(world.accounts.rows.get(account.id)).toMatchObject({ tokenVersion: 1 });
  });

  it('when the email is taken in another case, then 409 email-taken and no second account', async () => {
    const world = accountWorld();
    await register(world, 'Ann@Test.example');

    await expect(register(world, ' ann@test.EXAMPLE ')).rejects.toMatchObject({
      status: 409,
      code: 'email-taken',
    });
    expect(world.accounts.rows.size).toBe(1);
  });

  it('when someone reads an account, then self, an ADMIN and a SERVICE may; another customer is told it does not exist', async () => {
    const world = accountWorld();
    const account = await register(world);

    for (const reader of [as(account.id, 'CUSTOMER'), as('x', 'ADMIN'), as('svc', 'SERVICE')])
      expect((await getAccount(world.accountDeps, reader, account.id)).id).toBe(account.id);
    await expect(
      getAccount(world.accountDeps, as(crypto.randomUUID(), 'CUSTOMER'), account.id),
    ).rejects.toMatchObject({ status: 404, message: `No account ${account.id}` });
  });

  it('when someone else changes an account, then only an ADMIN may; a SERVICE or another customer gets 404', async () => {
    const world = accountWorld();
    const account = await register(world);

    for (const writer of [as(crypto.randomUUID(), 'CUSTOMER'), as('svc', 'SERVICE')])
      await expect(
        updateAccount(world.accountDeps, writer, account.id, { name: 'Mallory' }),
      ).rejects.toMatchObject({ status: 404 });
    const changed = await updateAccount(world.accountDeps, as('x', 'ADMIN'), account.id, {
      name: 'Ann B.',
    });
    expect(changed.name).toBe('Ann B.');
  });

  it('when a card is saved, then only its brand, last 4 and expiry are kept', async () => {
    const world = accountWorld();
    const account = await register(world);

    const changed = await updateAccount(world.accountDeps, as(account.id, 'CUSTOMER'), account.id, {
      paymentMethod: {
        cardNumber: '4242424242424242',
        expMonth: 12,
        expYear: 2099,
        holderName: 'Ann',
      },
    });

    expect(changed.paymentMethod).toEqual({
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2099,
    });
    expect(JSON.stringify(world.accounts.rows.get(account.id))).not.toContain('4242424242424242');
  });

  it('when a customer registers with addresses and a card, then all are kept, the card only as brand, last 4 and expiry', async () => {
    const world = accountWorld();
    const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
    const billing = { ...address, line1: '2 Bill Rd' };

    const account = await registerAccount(world.accountDeps, {
      email: 'ann@test.example',
      password: 'a password 123',
      name: 'Ann',
      shippingAddress: address,
      billingAddress: billing,
      paymentMethod: {
        cardNumber: '5555 5555 5555 4444',
        expMonth: 3,
        expYear: 2099,
        holderName: 'Ann',
      },
    });

    expect(account).toMatchObject({
      shippingAddress: address,
      billingAddress: billing,
      paymentMethod: { brand: 'mastercard', last4: '4444', expMonth: 3, expYear: 2099 },
    });
    expect(JSON.stringify(world.accounts.rows.get(account.id))).not.toMatch(/5555 ?5555/);
  });

  it('when a customer registers with a card failing Luhn or expired, then 422 and no account is stored', async () => {
    const world = accountWorld();
    for (const card of [
      { cardNumber: '4242424242424241', expMonth: 12, expYear: 2099 },
      { cardNumber: '4242424242424242', expMonth: 1, expYear: 2020 },
    ]) {
      await expect(
        registerAccount(world.accountDeps, {
          email: `u-${crypto.randomUUID()}@test.example`,
          password: 'a password 123',
          name: 'Ann',
          paymentMethod: { ...card, holderName: 'Ann' },
        }),
      ).rejects.toMatchObject({ status: 422 });
    }
    expect(world.accounts.rows.size).toBe(0);
  });

  it('when the bootstrap ADMIN is made twice, then one ADMIN exists', async () => {
    const world = accountWorld();
    const admin = { email: 'admin@test.example', password: 'an admin password', name: 'Admin' };

    expect(await bootstrapAdmin(world.accountDeps, admin)).toBe('created');
    expect(await bootstrapAdmin(world.accountDeps, admin)).toBe('exists');

    const admins = [...world.accounts.rows.values()].filter((row) => row.role === 'ADMIN');
    expect(admins).toHaveLength(1);
  });
});
