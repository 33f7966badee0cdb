/**
 * `node --import tsx test/kratos/oidcProvider.ts [port]`: the test OpenID provider (test/harness/oidcProvider.ts) on its
 * own, for a Kratos started by hand or with Docker (test/kratos/README.md), where `npm run test:kratos` is not
 * there to start it. Prints the issuer, which goes into oidc.yml in place of its placeholder and into
 * ORY_TEST_OIDC_ISSUER, and runs until SIGINT or SIGTERM.
 */
import { startOidcProvider } from '../harness/oidcProvider';

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${process.argv[2]}`);
  const provider = await startOidcProvider({ port });
  process.stdout.write(`${provider.issuer}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void provider.stop().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
