/**
 * The demo page's files (demo/), read once when the handler is created: a handful of small files, so every
 * request is answered from memory and a file added to demo/ needs only a restart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** demo/ of this checkout (src/demo -> demo), or dist/demo when built (`npm run build` copies it there). */
export const DEMO_DIR = path.join(__dirname, '..', '..', 'demo');

/** The only kinds of file the page has; anything else in the folder (a tsconfig, notes) is never served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticFile {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The servable files of `dir` (not its subfolders), by file name. */
export function loadStaticFiles(dir: string): ReadonlyMap<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const contentType = CONTENT_TYPES[path.extname(entry.name)];
    if (!entry.isFile() || contentType === undefined) continue;
    files.set(entry.name, { contentType, body: readFileSync(path.join(dir, entry.name)) });
  }
  if (!files.has('index.html')) throw new Error(`the demo page is missing: no index.html in ${dir}`);
  return files;
}
