import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import { type ParsedMail, parseMail } from './mail.js';

export interface ReceivedMail extends ParsedMail {
  /** The envelope recipients (RCPT TO). */
  recipients: string[];
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Addresses the server refuses for good (550), as a mailbox that does not exist. */
  rejected: Set<string>;
}

/** A real SMTP server on an ephemeral loopback port for the suite, keeping what it receives. */
export const useSmtpServer = () => {
  const sink: SmtpSink = { url: '', received: [], rejected: new Set() };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (!sink.rejected.has(address.address)) return callback();
      callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        sink.received.push({
          ...parseMail(Buffer.concat(chunks).toString('utf8')),
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        });
        callback();
      });
    },
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.server.address();
    sink.url = `smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));

  return sink;
};
