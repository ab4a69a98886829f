import Fastify from 'fastify';

// The floor to compare the catalog with: a bare Fastify answering a fixed JSON body, in its own
// process like the services, so both are measured the same way.
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
