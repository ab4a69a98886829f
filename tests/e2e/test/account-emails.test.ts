import { describe, expect, it } from 'vitest';
import { tokenFromEmail } from '../src/mailbox.js';
import { newShopper } from '../src/shopper.js';
import { call, THROUGH_GATEWAY } from '../src/stack.js';

const gateway = THROUGH_GATEWAY.account;
const NEW_PASSWORD = 'a fresh e2e passphrase';

const login = async (email: string, password: string) =>
  await call<{ accessToken: string }>(`${gateway}/api/v1/auth/login`, 'POST', {
    body: { email, password },
  });

const me = async (token: string) =>
  await call<{ emailVerified: boolean }>(`${gateway}/api/v1/accounts/me`, 'GET', { token });

describe('password reset and email verification through the gateway, the mail directory and Kafka', () => {
  it('when a customer forgets the password, then the emailed link sets a new one once, signs every session out, and the new password logs in', async () => {
    const shopper = await newShopper(THROUGH_GATEWAY);

    const requested = await call(`${gateway}/api/v1/auth/password-reset`, 'POST', {
      body: { email: shopper.email },
    });
    expect(requested.status).toBe(202);
    const token = await tokenFromEmail(shopper.email, 'Reset your Shop password', 'reset-password');

    const confirmed = await call(`${gateway}/api/v1/auth/password-reset/confirm`, 'POST', {
      body: { token, password: NEW_PASSWORD },
    });
    expect(confirmed.status).toBe(204);

    // The access token issued before the reset is refused (account-service reads the version).
    expect((await me(shopper.token)).status).toBe(401);
    const reused = await call(`${gateway}/api/v1/auth/password-reset/confirm`, 'POST', {
      body: { token, password: 'another e2e passphrase' },
    });
    expect(reused.status).toBe(410);
    expect((await login(shopper.email, 'e2e shopper password')).status).toBe(401);
    const signedIn = await login(shopper.email, NEW_PASSWORD);
    expect(signedIn.status).toBe(200);
    expect((await me(signedIn.body.accessToken)).status).toBe(200);
  });

  it('when the email names no account, then the same 202', async () => {
    const response = await call(`${gateway}/api/v1/auth/password-reset`, 'POST', {
      body: { email: `nobody-${crypto.randomUUID()}@e2e.example` },
    });
    expect(response.status).toBe(202);
  });

  it('when a new customer opens the verification link, then the account shows its email verified', async () => {
    const shopper = await newShopper(THROUGH_GATEWAY);
    expect((await me(shopper.token)).body.emailVerified).toBe(false);

    const token = await tokenFromEmail(shopper.email, 'Confirm your email address', 'verify-email');
    const verified = await call(`${gateway}/api/v1/auth/verify-email`, 'POST', { body: { token } });

    expect(verified.status).toBe(204);
    expect((await me(shopper.token)).body.emailVerified).toBe(true);
  });
});
