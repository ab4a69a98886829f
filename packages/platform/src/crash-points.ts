/**
 * Named crash points for fault tests: `crashPoint('payment.after-gateway-call')` ends the process
 * at once (as a SIGKILL would: no cleanup, nothing flushed) when `SHOP_CRASH_POINT` names that
 * point. Off unless the variable is set, and always off when NODE_ENV is production, so a stray
 * variable can never take a production service down.
 */
export const crashPoint = (name: string): void => {
  const armed = process.env.SHOP_CRASH_POINT;
  if (!armed || process.env.NODE_ENV === 'production') return;
  if (!armed.split(',').includes(name)) return;
  process.stderr.write(`crash point ${name} reached: exiting\n`);
  process.kill(process.pid, 'SIGKILL');
};
