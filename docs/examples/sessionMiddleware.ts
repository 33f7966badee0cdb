/**
 * A small Express API guarded by Ory sessions, with ory-graphql's session middleware:
 *
 *   ORY_SDK_URL=https://<your-project>.projects.oryapis.com npx tsx docs/examples/sessionMiddleware.ts
 *
 * (or `npm run emulator` in another terminal and ORY_SDK_URL=http://127.0.0.1:4433). Then, signed in to Ory in
 * the same browser, open http://localhost:3000/notes; without a session the browser is sent to Ory's sign-in
 * page and comes back, and API clients get a 401 they can act on.
 */
import express from 'express';
import { loadConfig, withOry } from '../../src/config';
import { orySessionsFromConfig, type OrySessions } from '../../src/middleware/orySession';

/** The app: every route sees `req.orySession`; the guards decide who gets through. */
export function createNotesApp(sessions: OrySessions): express.Express {
  const app = express();
  app.use(sessions.middleware);
  app.get('/', (req, res) => {
    res.json({ signedIn: req.orySession !== null });
  });
  app.get('/notes', sessions.requireSession(), (req, res) => {
    res.json({ owner: req.orySession?.identity?.id, notes: [] });
  });
  // Money wants a second factor on top of the sign-in.
  app.get('/transfers', sessions.requireAal2(), (_req, res) => {
    res.json({ transfers: [] });
  });
  app.post('/transfers', sessions.requireAal2(), (req, res) => {
    res.status(201).json({ by: req.orySession?.identity?.id });
  });
  return app;
}

function main(): void {
  const config = loadConfig();
  if (config.ory === null) throw new Error('Set ORY_SDK_URL to your Ory (or to `npm run emulator`).');
  const sessions = orySessionsFromConfig(withOry(config, config.ory));
  const port = 3000;
  createNotesApp(sessions).listen(port, () => {
    process.stdout.write(`Notes API on http://localhost:${port}/notes\n`);
  });
}

if (require.main === module) main();
