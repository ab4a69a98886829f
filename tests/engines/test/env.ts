/** Reads a connection setting from the environment (.env is loaded by vitest.shared.ts). */
export const setting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`make infra-up\` (it writes .env)`);
  return value;
};

export const uniqueName = (prefix: string) =>
  `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
