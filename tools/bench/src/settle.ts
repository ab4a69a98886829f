import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_TOPICS, physicalTopic } from '@shop/contracts';
import { type Admin, Kafka, logLevel } from 'kafkajs';

const POLL_MS = 1_000;

/** Messages the active consumer groups still have to handle on the saga topics. */
const sagaLag = async (admin: Admin) => {
  const { groups } = await admin.listGroups();
  // Only groups with live members: a stopped one (an old bench watcher) never catches up.
  const described = await admin.describeGroups(groups.map((group) => group.groupId));
  const active = described.groups.filter((group) => group.state === 'Stable');
  let lag = 0;
  for (const topic of ALL_TOPICS.map((name) => physicalTopic('', name))) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const { groupId } of active) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      for (const { partition, high } of ends) {
        const offset = Number(
          committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1,
        );
        // -1: the group does not read this topic (or has not committed on it yet).
        if (offset >= 0) lag += Math.max(Number(high) - offset, 0);
      }
    }
  }
  return lag;
};

/**
 * Waits until every service has handled what the previous part left on Kafka, so a part
 * measures its own load and not an earlier part's backlog. Returns the seconds it took, or
 * throws after `timeoutMs` (the stack is not keeping up at all).
 */
export const waitForSettled = async (brokers: string[], timeoutMs = 600_000) => {
  const admin = new Kafka({
    clientId: 'bench-settle',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const started = performance.now();
    for (let lag = await sagaLag(admin); lag > 0; lag = await sagaLag(admin)) {
      if (performance.now() - started > timeoutMs)
        throw new Error(
          `the services still had ${lag} saga events to handle after ${timeoutMs} ms`,
        );
      await sleep(POLL_MS);
    }
    return Math.round((performance.now() - started) / 1_000);
  } finally {
    await admin.disconnect();
  }
};
