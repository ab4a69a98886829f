import type { EventOfType, EventType, ShopEvent } from '@shop/contracts';
import type { EventHandler } from './event-consumer.js';

/**
 * A consumer's part of the saga as one table: for each event type it reacts to, what it does.
 * Reading the table is reading the service's row of docs/saga.md's "Who reacts to what".
 */
export type Reactions<Deps> = {
  [T in EventType]?: (deps: Deps, event: EventOfType<T>) => Promise<unknown>;
};

type AnyReaction<Deps> = (deps: Deps, event: ShopEvent) => Promise<unknown>;

/** The reaction a table has for this event's type; undefined when the service ignores it. */
export const reactionOf = <Deps>(reactions: Reactions<Deps>, event: ShopEvent) =>
  reactions[event.type] as AnyReaction<Deps> | undefined;

/** The consumer's handler: each event goes to its type's reaction; other types change nothing. */
export const reactingWith =
  <Deps>(reactions: Reactions<Deps>, deps: Deps): EventHandler =>
  async (event) => {
    await reactionOf(reactions, event)?.(deps, event);
  };
