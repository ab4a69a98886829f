// The polls' defaults, here alone so that the env schema (config.ts) can default to them
// without loading the Kafka modules.

/**
 * How often a relay looks for events nobody woke it for, and a hinted store searches for them
 * (outboxHints). Every write with events wakes its own process's relay, and a (re)started
 * process searches at once, so this bounds only the events of a process that died and stays
 * down, published by another replica: within 30 s, half of `make audit`'s outbox grace. An idle
 * relay makes one read per 30 s (it was 5 s: a sixth of an idle order-service's Cassandra reads).
 */
export const OUTBOX_SAFETY_POLL_MS = 30_000;

/**
 * How long a fetch waits at the broker when there is nothing to read (kafkajs's default). The
 * broker answers as soon as a message arrives, so this adds no latency to new events; it sets
 * how often an idle consumer asks (every ask costs the broker and the service a round trip: at
 * 1 s, the stack's six consumers were a third of the idle broker's CPU). Its price: a partition
 * resumed after a retry's backoff waits for the fetch in flight, which on a quiet stack is
 * this long (kafkajs cannot cut a fetch short); on a busy one the next message ends it.
 */
export const CONSUMER_POLL_MS = 5_000;
