import { ACCOUNT_EVENTS_TOPIC, AccountEvent, type ConsumedTopic } from '@shop/contracts';
import type { EventHandler, EventParser } from '@shop/platform/kafka';
import { type AccountEmailDeps, sendAccountEmail } from '../domain/account-email-sending.js';

/** notification-service mails the links account-service asks for (docs/tokens.md). */
export const ACCOUNT_TOPICS: ConsumedTopic[] = [ACCOUNT_EVENTS_TOPIC];

/** account.events carries AccountEvents; anything else on it is invalid (dead-lettered). */
export const parseAccountEvent: EventParser<AccountEvent> = (_topic, value) =>
  AccountEvent.safeParse(value);

/** Every account event asks for one email. */
export const accountEventHandler =
  (deps: AccountEmailDeps): EventHandler<AccountEvent> =>
  async (event) =>
    await sendAccountEmail(deps, event);
