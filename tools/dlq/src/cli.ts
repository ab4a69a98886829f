import { createLogger, DomainError } from '@shop/platform';
import { createKafka, deadLetterDesk } from '@shop/platform/kafka';
import { parseCommand, runCommand, USAGE, UsageError } from './commands.js';
import { loadDlqConfig } from './config.js';

/** `make dlq`: exit 0 when done, 1 when it could not be done, 2 for a command line it cannot run. */
const main = async () => {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadDlqConfig();
  // kafkajs reports through the logger; the command reports failures itself, in plain words.
  const logger = createLogger({ service: 'dlq', level: 'silent' });
  const kafka = createKafka({ clientId: 'make-dlq', brokers: config.brokers, logger });
  const desk = deadLetterDesk({ kafka, topicNamespace: config.topicNamespace });
  try {
    await runCommand(desk, command, (text) => process.stdout.write(`${text}\n`));
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(error.detail);
    return 1;
  }
};

process.exitCode = await main();
