import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dlqTopic, TOPICS } from '@shop/contracts';
import { createTopicNamespace, type TopicNamespace } from '@shop/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../src/commands.js';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('make dlq command lines', () => {
  it('when no command is given, then the pending dead letters are listed', () => {
    expect(parseCommand([])).toEqual({ kind: 'list', all: false });
    expect(parseCommand(['list', '--all'])).toEqual({ kind: 'list', all: true });
  });

  it('when replay or ack are asked for, then their ids, --all and note are taken', () => {
    expect(parseCommand(['replay', 'a.dlq:0:1', 'a.dlq:1:2'])).toEqual({
      kind: 'replay',
      ids: ['a.dlq:0:1', 'a.dlq:1:2'],
      all: false,
      note: undefined,
    });
    expect(parseCommand(['replay', '--all', '--note', 'fixed'])).toMatchObject({
      all: true,
      note: 'fixed',
    });
    expect(parseCommand(['ack', 'a.dlq:0:1', '--note', 'test data'])).toEqual({
      kind: 'ack',
      ids: ['a.dlq:0:1'],
      note: 'test data',
    });
  });

  it.each([
    [['replay']],
    [['replay', 'a.dlq:0:1', '--all']],
    [['ack', 'a.dlq:0:1']],
    [['ack', '--note', 'why']],
    [['list', '--force']],
    [['show']],
    [['purge']],
  ])('when the command line is %j, then it is a usage error', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});

describe('make dlq against Kafka (its own topic namespace)', () => {
  let topics: TopicNamespace;
  beforeAll(async () => {
    topics = await createTopicNamespace(brokers);
  });
  afterAll(async () => await topics?.drop());

  const dlq = async (...argv: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--conditions=@shop/source', '--import', 'tsx', 'src/cli.ts', ...argv],
        {
          cwd: ROOT,
          env: { ...process.env, KAFKA_TOPIC_NAMESPACE: topics.namespace },
          timeout: 60_000,
        },
      );
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  /** Two dead letters as the consumers write them (event-consumer.ts). */
  const deadLetters = async () => {
    // What the consumer copied; whether it is a valid event does not matter to the desk.
    const events = [1, 2].map(() => ({
      type: 'PaymentRefunded',
      eventId: crypto.randomUUID(),
      orderId: crypto.randomUUID(),
    }));
    const producer = new Kafka({
      clientId: 'test',
      brokers,
      logLevel: logLevel.NOTHING,
      // Idempotent: a send retried on a busy broker must not write a third dead letter.
    }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: topics.topic(dlqTopic(TOPICS.payment)),
      messages: events.map((event) => ({
        key: event.orderId,
        value: JSON.stringify(event),
        headers: {
          'event-type': event.type,
          'dlq-reason': 'handler-failed',
          'dlq-error': 'store unavailable',
          'dlq-consumer-group': 'order-service',
          'dlq-at': new Date().toISOString(),
        },
      })),
    });
    await producer.disconnect();
    return events;
  };

  it('when dead letters wait, then list shows them, replay and ack handle them, and list is clean', async () => {
    const [first, second] = await deadLetters();
    const listed = await dlq('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`PaymentRefunded order ${first?.orderId}`);
    expect(listed.stdout).toContain('store unavailable');
    expect(listed.stdout).toContain('2 pending dead letter(s)');
    const ids = [...listed.stdout.matchAll(/^(payment\.events\.dlq:\d+:\d+) /gm)].map(
      (match) => match[1] as string,
    );
    expect(ids).toHaveLength(2);
    const idOf = (orderId = '') =>
      ids.find((id) =>
        listed.stdout.split('\n').some((l) => l.startsWith(id) && l.includes(orderId)),
      );

    expect((await dlq('replay', 'payment.events.dlq:0:999999')).code).toBe(1);
    const replayed = await dlq('replay', idOf(first?.orderId) ?? '');
    expect(replayed.stdout).toContain(`replayed ${idOf(first?.orderId)}`);
    const acked = await dlq('ack', idOf(second?.orderId) ?? '', '--note', 'test data');
    expect(acked.stdout).toContain(`acknowledged ${idOf(second?.orderId)}`);

    expect((await dlq('list')).stdout).toContain('no pending dead letters');
    const all = (await dlq('list', '--all')).stdout;
    expect(all).toMatch(/ replayed \S+ \(replayed with make dlq\)/);
    expect(all).toMatch(/ acknowledged \S+ \(test data\)/);
  }, 240_000); // six processes, each loading the platform: slow on a busy machine
});
