/**
 * `npm run bench -- <name>`: runs `bench/<name>.ts`, whose default export measures and returns
 * figures; the last line printed is that JSON object (ratios against a ceiling or peer measured in
 * the same run, absolute figures for context).
 */
import fs from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
const available = fs
  .readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name>\nBenchmarks: ${available.join(', ')}`);
  process.exit(2);
}
const module = (await import(path.join(import.meta.dirname, `${name}.ts`))) as {
  default: (args: string[]) => Promise<Record<string, unknown> | undefined>;
};
// A benchmark either returns its figures or prints its JSON line itself.
const result = await module.default(process.argv.slice(3));
if (result !== undefined) console.log(JSON.stringify(result));
process.exit(0);
