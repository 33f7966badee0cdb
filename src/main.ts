#!/usr/bin/env node
/**
 * Entry point: load the configuration, start the embedded Ory emulator when no Ory URL is configured, create
 * the server and listen. SIGTERM / SIGINT stop accepting connections, finish in-flight requests, then exit.
 */
import type { Server } from 'node:http';
import type { Emulator } from '@ory-graphql/emulator';
import { ConfigError, loadConfig, withOry, type Config, type ServerConfig } from './config';
import { embeddedEmulatorOptions, loadEmulator } from './embeddedEmulator';
import { listen } from './listen';
import { bufferedStdout, createLogger } from './logger';
import { createServer } from './server';

/** The emulator's seeded user, shown in the start-up banner. */
interface DemoUser {
  email: string;
  password: string;
}

async function resolveOry(
  config: Config,
): Promise<{ serverConfig: ServerConfig; emulator: Emulator | null; demoUser: DemoUser | null }> {
  if (config.ory !== null)
    return { serverConfig: withOry(config, config.ory), emulator: null, demoUser: null };
  if (config.production) throw new ConfigError(['ORY_SDK_URL: is required when NODE_ENV=production']);
  const emulatorModule = await loadEmulator();
  const emulator = await emulatorModule.startEmulator(embeddedEmulatorOptions(config, emulatorModule));
  const { DEMO_USER } = emulatorModule;
  // The facade itself calls the address the emulator listens on (localhost may resolve to ::1 first).
  const publicUrl = new URL(emulator.publicUrl);
  publicUrl.hostname = '127.0.0.1';
  return {
    serverConfig: withOry(config, { publicUrl: publicUrl.origin, adminUrl: emulator.adminUrl }),
    emulator,
    demoUser: DEMO_USER,
  };
}

function banner(
  config: ServerConfig,
  port: number,
  emulator: Emulator | null,
  demoUser: DemoUser | null,
): string {
  const url = `http://localhost:${port}/graphql`;
  const lines = [
    '',
    `  ory-graphql is serving GraphQL at ${url}`,
    `  Open that URL in a browser for Apollo Sandbox${config.production ? ' (disabled in production)' : ''}.`,
  ];
  if (emulator === null) {
    lines.push(`  Ory: ${config.ory.publicUrl} (admin: ${config.ory.adminUrl})`);
  } else {
    lines.push(
      `  Ory: the built-in emulator (development only) at ${emulator.publicUrl}, admin ${emulator.adminUrl}`,
      ...(demoUser === null ? [] : [`  Demo user: ${demoUser.email} / ${demoUser.password}`]),
      '  Set ORY_SDK_URL to use a real Ory instead.',
    );
  }
  if (config.demo) {
    // On localhost like the URLs above: page and GraphQL on one site, or Ory's cookies go nowhere (README "Browser apps").
    lines.push(`  Demo app (development only): http://localhost:${port}/demo/`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Stops accepting connections and resolves once every connection has ended. Keep-alive connections become idle
 * as their in-flight requests finish, so idle ones are closed as they appear rather than after the grace period.
 */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => {
      server.closeIdleConnections();
    }, 100);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, bufferedStdout());
  const { serverConfig, emulator, demoUser } = await resolveOry(config);
  const facade = await createServer(serverConfig, {
    logger,
    ...(emulator === null ? {} : { demoCourierUrl: emulator.adminUrl }),
  });
  const http = await listen(facade.app, serverConfig, serverConfig.port, serverConfig.host);
  // Metrics on a port of their own (METRICS_PORT), e.g. reachable by Prometheus but not from the internet.
  const metricsHttp =
    facade.metricsApp === null || serverConfig.metrics.port === null
      ? null
      : await listen(facade.metricsApp, serverConfig, serverConfig.metrics.port, serverConfig.host);
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : serverConfig.port;
  process.stdout.write(banner(serverConfig, port, emulator, demoUser));

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Readiness answers 503 at once; new connections are refused; in-flight requests get the grace period.
    facade.beginShutdown();
    const force = setTimeout(() => {
      http.closeAllConnections();
    }, serverConfig.shutdownGraceMs);
    force.unref();
    metricsHttp?.close();
    void close(http)
      .then(() => facade.stop())
      .then(() => emulator?.close())
      .then(() => {
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    process.stderr.write(
      `Cannot listen: ${error.message}. Set PORT (or EMULATOR_PUBLIC_PORT / EMULATOR_ADMIN_PORT).\n`,
    );
  } else {
    process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
