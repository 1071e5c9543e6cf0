import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { webSourceHash } from './web-build.ts';

describe('webSourceHash', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-web-src-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('changes when any source file changes, is added or is renamed, and only then', () => {
    fs.mkdirSync(path.join(root, 'src', 'pages'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<div id="root"></div>');
    fs.writeFileSync(path.join(root, 'src', 'main.tsx'), 'export {};');
    fs.writeFileSync(path.join(root, 'src', 'pages', 'Home.tsx'), 'export const a = 1;');
    const first = webSourceHash(root);
    expect(webSourceHash(root)).toBe(first);

    fs.writeFileSync(path.join(root, 'src', 'pages', 'Home.tsx'), 'export const a = 2;');
    const edited = webSourceHash(root);
    expect(edited).not.toBe(first);

    fs.writeFileSync(path.join(root, 'src', 'pages', 'New.tsx'), '');
    const added = webSourceHash(root);
    expect(added).not.toBe(edited);

    fs.renameSync(path.join(root, 'src', 'pages', 'New.tsx'), path.join(root, 'src', 'pages', 'Other.tsx'));
    expect(webSourceHash(root)).not.toBe(added);

    fs.writeFileSync(path.join(root, 'index.html'), '<div id="app"></div>');
    expect(webSourceHash(root)).not.toBe(added);
  });
});
