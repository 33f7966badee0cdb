/**
 * Dependency floor (security requirement 38): the lockfile resolves versions with the fixes this service relies
 * on, and every installed package accepts the Node.js version the project runs on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.join(__dirname, '..', '..');
interface LockPackage {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
/** The oldest Node.js the project says it runs on. */
const oldestNode = semver.minVersion(pkg.engines.node)?.version ?? '20.0.0';
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockPackage>;
};
const version = (name: string): number[] =>
  (lock.packages[`node_modules/${name}`]?.version ?? '0.0.0')
    .split('.')
    .map((part) => Number.parseInt(part, 10));
const atLeast = (actual: number[], floor: number[]): boolean => {
  for (let i = 0; i < floor.length; i += 1) {
    const a = actual[i] ?? 0;
    const f = floor[i] ?? 0;
    if (a !== f) return a > f;
  }
  return true;
};

describe('dependency floor', () => {
  it.each([
    ['@apollo/server', [5, 5, 0]], // CSRF-prevention fix for GET requests (GHSA-9q82-xgwf-vj6h)
    ['graphql', [16, 11, 0]],
    ['@escape.tech/graphql-armor-max-depth', [2, 4, 2]], // fragment depth bypasses fixed
    ['@escape.tech/graphql-armor-max-aliases', [2, 6, 0]],
  ])('%s is at least %j', (name, floor) => {
    expect(atLeast(version(name), floor)).toBe(true);
  });

  it('stays on graphql 16 (Apollo Server 5 peers on it)', () => {
    expect(version('graphql')[0]).toBe(16);
  });

  it(`has no production dependency that refuses Node ${oldestNode} (the engines floor of package.json)`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && entry.dev !== true)
      .flatMap(([name, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range !== undefined && !semver.satisfies(oldestNode, range) ? [`${name} ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
