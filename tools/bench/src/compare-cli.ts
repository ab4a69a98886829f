import { readFile, writeFile } from 'node:fs/promises';
import { runMain } from '@shop/platform';
import { sideBySide } from './compare.js';
import type { BenchResult } from './report.js';

// compare-cli.ts BASELINE.json CURRENT.json: writes CURRENT's name with -side-by-side.md.
runMain(async () => {
  const [baselineFile, currentFile] = process.argv.slice(2);
  if (!baselineFile || !currentFile)
    throw new Error('usage: compare-cli.ts BASELINE.json CURRENT.json');
  const read = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as BenchResult;
  const markdown = sideBySide(await read(baselineFile), await read(currentFile));
  const out = currentFile.replace(/(-current)?\.json$/, '-side-by-side.md');
  await writeFile(out, markdown);
  process.stdout.write(`\n${markdown}\n[bench] side by side written to ${out}\n`);
});
