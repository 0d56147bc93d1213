import { startEmulator } from './emulator';

function parsePort(argv: string[]): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : process.env.EMULATOR_PORT;
  const port = raw === undefined ? 4010 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${raw}`);
  return port;
}

async function main(): Promise<void> {
  const emu = await startEmulator({ port: parsePort(process.argv.slice(2)) });
  const seed = emu.seed();
  console.log(`Emulator listening on ${emu.url}`);
  console.log(JSON.stringify(seed, null, 2));
  const stop = (): void => {
    emu.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
