/**
 * The upstream of every arm: the project's Ory emulator in its own process (the §11 configuration), on the
 * ports given as arguments. The benchmark seeds it over HTTP, as it would a real Kratos.
 */
import { startEmulator } from '../../emulator';

const [publicPort, adminPort] = process.argv.slice(2).map(Number);

startEmulator({ publicPort, adminPort }).then(
  (emulator) => {
    process.stdout.write(`emulator ${emulator.publicUrl} ${emulator.adminUrl}\n`);
    const stop = (): void => {
      void emulator.close().then(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (error: unknown) => {
    process.stderr.write(`emulator failed: ${String(error)}\n`);
    process.exit(1);
  },
);
