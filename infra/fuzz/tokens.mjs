// Prints the bearer tokens `infra/fuzz.sh` gives Schemathesis, as shell assignments: a fresh
// customer of its own (registered here, so the fuzzer never touches anyone else's data) and the
// bootstrap ADMIN of .env. Run with `node --env-file=.env`.
const ACCOUNT = process.env.ACCOUNT_SERVICE_URL?.split(',')[0] ?? 'http://127.0.0.1:8084';

const post = async (path, body) => {
  const response = await fetch(`${ACCOUNT}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${answer.detail}`);
  return answer;
};

const email = `fuzz-${crypto.randomUUID()}@fuzz.example`;
const password = `fuzz ${crypto.randomUUID()}`;
await post('/api/v1/accounts', { email, password, name: 'Fuzz Customer' });
const customer = await post('/api/v1/auth/login', { email, password });
const admin = await post('/api/v1/auth/login', {
  email: process.env.BOOTSTRAP_ADMIN_EMAIL,
  password: process.env.BOOTSTRAP_ADMIN_PASSWORD,
});
process.stdout.write(`CUSTOMER_TOKEN=${customer.accessToken}\nADMIN_TOKEN=${admin.accessToken}\n`);
