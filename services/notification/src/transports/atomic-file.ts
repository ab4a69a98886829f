import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes `name` in `directory` through a temporary file that is flushed and renamed, so a
 * reader never sees half a file; writing it again replaces it with the new content.
 */
export const writeAtomically = async (
  directory: string,
  name: string,
  content: Buffer | string,
) => {
  const temporary = join(directory, `.${name}.${crypto.randomUUID()}.tmp`);
  try {
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, join(directory, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
};
