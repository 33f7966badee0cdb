/**
 * Checks on the repository itself: the explicit SDL list matches schema/, and the Dockerfile only copies files
 * that exist (Docker cannot run here, so this is the check it gets).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SDL_FILES } from '../../src/schema';

const root = path.join(__dirname, '..', '..');

describe('repository layout', () => {
  it('lists every SDL file of schema/ in src/schema.ts', () => {
    const onDisk = readdirSync(path.join(root, 'schema'))
      .filter((file) => file.endsWith('.graphql'))
      .map((file) => file.replace(/\.graphql$/, ''));
    expect([...SDL_FILES].sort()).toEqual(onDisk.sort());
  });

  it('has a Dockerfile that copies only existing paths and runs as a non-root user', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) =>
      (match[1] ?? '').split(/\s+/),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(path.join(root, source))).toBe(true);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('keeps @ory/client imports inside src/ory', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (full !== path.join(root, 'src', 'ory') && entry.name !== '__generated__') walk(full);
        } else if (entry.name.endsWith('.ts') && readFileSync(full, 'utf8').includes("from '@ory/client'")) {
          offenders.push(path.relative(root, full));
        }
      }
    };
    walk(path.join(root, 'src'));
    expect(offenders).toEqual([]);
  });
});
