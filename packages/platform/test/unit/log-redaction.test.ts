import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED_PATHS, redactLogFields } from '../../src/logger.js';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'redaction-test', level: 'info' }, destination) };
};

describe('log redaction', () => {
  it('when a line carries an authorization header, a cookie or a nested secret, then each is censored and the rest kept', async () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', accept: 'json' } },
        body: { password: 'p1', newPassword: 'p2', cardNumber: '4242', cvc: '123', name: 'Ann' },
        auth: { token: 't', accessToken: 'a', refreshToken: 'r', clientSecret: 's' },
        call: { authorization: 'Basic x', currentPassword: 'c' },
        itemId: 'i-1',
      },
      'with secrets',
    );
    await new Promise((resolve) => setImmediate(resolve));
    const [line] = lines;
    expect(line).toMatchObject({
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'json' } },
      body: {
        password: '[redacted]',
        newPassword: '[redacted]',
        cardNumber: '[redacted]',
        cvc: '[redacted]',
        name: 'Ann',
      },
      auth: {
        token: '[redacted]',
        accessToken: '[redacted]',
        refreshToken: '[redacted]',
        clientSecret: '[redacted]',
      },
      call: { authorization: '[redacted]', currentPassword: '[redacted]' },
      itemId: 'i-1',
      msg: 'with secrets',
    });
    expect(JSON.stringify(line)).not.toMatch(/abc|sid=1|p1|p2|4242|"123"|Basic x/);
  });

  it('when fields are censored, then the object the caller logged is left as it was', () => {
    const body = { password: 'p1', name: 'Ann' };
    const fields = { body, count: 2 };
    const logged = redactLogFields(fields);
    expect(logged).toEqual({ body: { password: '[redacted]', name: 'Ann' }, count: 2 });
    expect(fields.body).toBe(body);
    expect(body.password).toBe('p1');
  });

  it('when a line has only plain values, or a secret name at the top level only, then it is passed on as it is (the paths name depth two)', () => {
    const plain = { method: 'GET', route: '/items/:id', statusCode: 200, durationMs: 0.4 };
    expect(redactLogFields(plain)).toBe(plain);
    // `*.password` is a password inside an object, like pino's paths: a top-level one is not
    // named (no log call writes one), as before.
    expect(REDACTED_PATHS.every((path) => path.includes('.'))).toBe(true);
  });
  it('when an error carries a secret of its own, then the secret is censored and the message and stack are kept', async () => {
    const { lines, logger } = capture();
    const failure = Object.assign(new Error('refused by the provider'), { token: 'secret-token' });
    logger.error({ err: failure }, 'call failed');
    await new Promise((resolve) => setImmediate(resolve));
    const err = lines[0]?.err as Record<string, unknown>;
    expect(err.token).not.toBe('secret-token');
    expect(err.message).toBe('refused by the provider');
    expect(String(err.stack)).toContain('refused by the provider');
  });
});
