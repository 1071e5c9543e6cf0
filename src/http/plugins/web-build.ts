/**
 * Builds the web app (`web/` → `web/dist`) with Vite. `ensureWebBuilt` builds only when the
 * build is missing or older than the sources (a hash of `web/src` and `web/index.html` is kept
 * in `dist/.source-hash`). A build goes to a temporary folder renamed into place, so a server
 * never serves half a build and two concurrent builds cannot mix.
 *
 * As a command: `node --import tsx src/http/plugins/web-build.ts [build|ensure|dev]`.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { InlineConfig } from 'vite';
import { loadConfig } from '../../config.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '../../../web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');
const HASH_FILE = '.source-hash';
const execFileAsync = promisify(execFile);

/** A hash of every source file of the web app, and of this build recipe. */
export function webSourceHash(root = WEB_ROOT): string {
  const hash = crypto.createHash('sha256');
  const files = [path.join(root, 'index.html'), import.meta.filename, ...listFiles(path.join(root, 'src'))];
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : [full];
    });
}

async function viteConfig(outDir: string, overrides: InlineConfig = {}): Promise<InlineConfig> {
  const { default: react } = await import('@vitejs/plugin-react');
  return {
    configFile: false,
    root: WEB_ROOT,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
    ...overrides,
  };
}

/**
 * Builds the web app into `outDir` (default `web/dist`); returns the seconds it took. The build
 * runs in a child process with NODE_ENV=production: Vite and the React plugin choose React's
 * development JSX whenever NODE_ENV says otherwise (vitest sets it to "test").
 */
export async function buildWeb(outDir = WEB_DIST): Promise<{ seconds: number }> {
  const started = performance.now();
  try {
    await execFileAsync(process.execPath, ['--import', 'tsx', import.meta.filename, 'build-here', outDir], {
      cwd: path.dirname(WEB_ROOT),
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`web app build failed: ${stderr || String(error)}`, { cause: error });
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/** The build itself, in this process (which must have NODE_ENV=production). */
async function buildHere(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const hash = webSourceHash();
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await build(await viteConfig(tmp, { mode: 'production' }));
    fs.writeFileSync(path.join(tmp, HASH_FILE), hash);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(tmp, outDir);
  } catch (error) {
    // Another build may have won the rename with the same sources; anything else is an error.
    if (!isFresh(outDir, hash)) throw error;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function isFresh(outDir: string, hash: string): boolean {
  try {
    return fs.existsSync(path.join(outDir, 'index.html')) && fs.readFileSync(path.join(outDir, HASH_FILE), 'utf8') === hash;
  } catch {
    return false;
  }
}

/** Builds the web app when `web/dist` is missing or stale; says what it did. */
export async function ensureWebBuilt(print: (line: string) => void = console.log, outDir = WEB_DIST): Promise<'fresh' | 'built'> {
  if (isFresh(outDir, webSourceHash())) return 'fresh';
  print('Building the web app (web/ → web/dist)...');
  const { seconds } = await buildWeb(outDir);
  print(`Web app built in ${seconds.toFixed(1)} s.`);
  return 'built';
}

/** A Vite dev server with hot reload on :5173 that proxies the API to a running Kabinet. */
async function dev(): Promise<void> {
  const { createServer } = await import('vite');
  const target = `http://127.0.0.1:${loadConfig().port}`;
  const proxy = Object.fromEntries(['/api', '/docs', '/openapi.json', '/health'].map((p) => [p, { target }]));
  const server = await createServer(await viteConfig(WEB_DIST, { logLevel: 'info', server: { port: 5173, proxy } }));
  await server.listen();
  server.printUrls();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command = 'build', outDir = WEB_DIST] = process.argv.slice(2);
  const run =
    command === 'dev'
      ? dev()
      : command === 'ensure'
        ? ensureWebBuilt().then(() => undefined)
        : command === 'build-here'
          ? buildHere(outDir)
          : buildWeb().then(() => undefined);
  run.catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
