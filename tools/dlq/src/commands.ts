import { parseArgs } from 'node:util';
import type { DeadLetter } from '@shop/contracts';
import type { DeadLetterDesk } from '@shop/platform/kafka';

export const USAGE = `make dlq [ARGS="..."]: the saga's dead-lettered events (what no consumer could handle)

  list              pending dead letters, with their reason (the default)
  list --all        every dead letter, with its state: pending, replayed or acknowledged
  show <id>         one dead letter with its headers and the message itself
  replay <id>...    produce them onto their topic again (consumers are idempotent: safe)
  replay --all      replay every pending dead letter
  ack <id>... --note "why"
                    record that they need no replay (the note is required)

  --note "..."      also accepted by replay; kept with the dead letter`;

/** A command line that cannot be run: exit code 2 and the usage. */
export class UsageError extends Error {}

export type Command =
  | { kind: 'help' }
  | { kind: 'list'; all: boolean }
  | { kind: 'show'; id: string }
  | { kind: 'replay'; ids: string[]; all: boolean; note: string | undefined }
  | { kind: 'ack'; ids: string[]; note: string };

const replayOf = (ids: string[], all: boolean, note: string | undefined): Command => {
  if (all === ids.length > 0) throw new UsageError('replay takes dead-letter ids or --all');
  return { kind: 'replay', ids, all, note };
};

const ackOf = (ids: string[], note: string | undefined): Command => {
  if (ids.length === 0) throw new UsageError('ack takes one or more dead-letter ids');
  if (!note?.trim()) throw new UsageError('ack needs --note "why no replay is needed"');
  return { kind: 'ack', ids, note };
};

/** The command a command line asks for. */
export const parseCommand = (argv: string[]): Command => {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [verb = 'list', ...ids] = parsed.positionals;
  const { all = false, note, help } = parsed.values;
  if (help || verb === 'help') return { kind: 'help' };
  if (verb === 'list' && ids.length === 0) return { kind: 'list', all };
  if (verb === 'show' && ids.length === 1) return { kind: 'show', id: ids[0] as string };
  if (verb === 'replay') return replayOf(ids, all, note);
  if (verb === 'ack') return ackOf(ids, note);
  throw new UsageError(`cannot ${[verb, ...ids].join(' ')}`);
};

const OPTIONS = {
  all: { type: 'boolean' },
  note: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const line = (letter: DeadLetter, withState: boolean) => {
  const what = [letter.eventType ?? 'not an event', letter.orderId && `order ${letter.orderId}`]
    .filter(Boolean)
    .join(' ');
  const state = withState
    ? `  ${letter.state}${letter.handledAt ? ` ${letter.handledAt}` : ''}${letter.note ? ` (${letter.note})` : ''}`
    : '';
  return [
    `${letter.id}  ${letter.deadLetteredAt ?? '?'}  ${letter.reason}  ${what}  by ${letter.consumerGroup}${state}`,
    `    ${letter.error || '(no error recorded)'}`,
  ].join('\n');
};

const list = async (desk: DeadLetterDesk, all: boolean, print: (text: string) => void) => {
  const letters = await desk.list();
  const pending = letters.filter((letter) => letter.state === 'pending');
  const shown = all ? letters : pending;
  for (const letter of shown) print(line(letter, all));
  print(
    pending.length === 0
      ? `no pending dead letters${all ? ` (${letters.length} in all)` : ''}`
      : `${pending.length} pending dead letter(s): replay with make dlq ARGS="replay <id>" (or --all), or ack with a note`,
  );
};

const replay = async (
  desk: DeadLetterDesk,
  command: Extract<Command, { kind: 'replay' }>,
  print: (text: string) => void,
) => {
  const result = await desk.replay(
    command.all ? { all: true } : { ids: command.ids },
    command.note ?? 'replayed with make dlq',
  );
  for (const id of result.replayed) print(`replayed ${id}`);
  for (const { id, state } of result.skipped) print(`left alone ${id}: already ${state}`);
  print(`${result.replayed.length} replayed`);
};

/** Runs one command against the desk, writing what an operator reads through `print`. */
export const runCommand = async (
  desk: DeadLetterDesk,
  command: Command,
  print: (text: string) => void,
) => {
  if (command.kind === 'help') return print(USAGE);
  if (command.kind === 'list') return await list(desk, command.all, print);
  if (command.kind === 'replay') return await replay(desk, command, print);
  if (command.kind === 'show') {
    const detail = await desk.show(command.id);
    return print(JSON.stringify(detail, null, 2));
  }
  const result = await desk.acknowledge(command.ids, command.note);
  for (const id of result.acknowledged) print(`acknowledged ${id}`);
  for (const { id, state } of result.skipped) print(`left alone ${id}: already ${state}`);
};
