// Entry point of `npm start`: reads the configuration, starts the portal, closes it cleanly on signals.
import { loadConfig } from './config.ts';
import { DataDirLockedError } from './db/lock.ts';
import { startPortal } from './portal.ts';

const log = (line: string) => console.log(`[guatu ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const portal = await startPortal(config, config.logLevel === 'silent' ? () => {} : log);
  log(`Guatu 挂图 is running at ${portal.url}  (Ctrl+C to stop)`);
  let closingSince = 0;
  const shutdown = async (signal: string) => {
    if (closingSince) {
      // A supervisor may deliver the same signal twice at once; only a later one means "force".
      if (Date.now() - closingSince < 2_000) return;
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closingSince = Date.now();
    log(`${signal}: closing the database cleanly …`);
    await portal.close();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof DataDirLockedError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
