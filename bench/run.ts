/** `npm run bench -- <name>`: runs `bench/<name>.ts`'s default export. */
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: npm run bench -- <name>   (a file bench/<name>.ts)');
  process.exit(2);
}
const bench = (await import(`./${name}.ts`)) as { default: () => Promise<void> };
await bench.default();
