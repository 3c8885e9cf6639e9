// The stack's data commands: `npm run stack -- backup [file]`, `restore <file> [--no-start]`,
// `export-data <file>` (see backup.ts and export-data.ts).
import path from 'node:path';
import type { StackConfig } from './config.ts';
import { backupStack, restoreStack } from './backup.ts';
import { exportData } from './export-data.ts';
import { readRunningState } from './state.ts';
import { StackError } from './stack-error.ts';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const say = (line: string) => console.log(line.replace(/^\[(backup|restore)\] /, ''));

export async function dataCommand(command: 'backup' | 'restore' | 'export-data', args: string[], c: StackConfig): Promise<void> {
  const positional = args.filter((a) => !a.startsWith('-'));
  switch (command) {
    case 'backup': {
      if (!readRunningState(c)) throw new StackError('the local stack is not running; start it (npm run stack -- start) and back up while it runs');
      const r = await backupStack(c, { file: positional[0], log: say });
      console.log(`Backup written: ${r.file}`);
      console.log(`  ${r.rows} rows in ${r.tables} tables, ${mb(r.bytes)}, ${r.seconds.toFixed(1)} s (WAL ${r.manifest.startLsn} → ${r.manifest.stopLsn})`);
      console.log(`  Restore with: npm run stack -- restore ${path.relative(process.cwd(), r.file) || r.file}`);
      break;
    }
    case 'restore': {
      if (!positional[0]) throw new StackError('usage: npm run stack -- restore <backup file> [--no-start]');
      const r = await restoreStack(c, positional[0], { start: !args.includes('--no-start'), log: say });
      if (args.includes('--no-start')) {
        console.log(`Restored into ${r.databaseDir}; Postgres replays the backup's WAL at the next start (npm run stack -- start).`);
      } else {
        console.log(`Restored and running: ${r.rows} rows in ${r.tables} tables, ${r.seconds.toFixed(1)} s.`);
        if (r.recovery) console.log(`  Postgres: ${r.recovery}`);
      }
      if (r.previous) console.log(`  The database that was there is kept in ${r.previous} (delete it when no longer needed).`);
      break;
    }
    case 'export-data': {
      if (!positional[0]) throw new StackError('usage: npm run stack -- export-data <file.sql>');
      if (!readRunningState(c)) throw new StackError('the local stack is not running; start it first (npm run stack -- start)');
      const r = await exportData(c, positional[0]);
      console.log(`Data exported: ${r.file}`);
      console.log(`  ${r.rows} rows in ${r.tables} tables, ${mb(r.bytes)}, ${r.seconds.toFixed(1)} s`);
      console.log('  Load into a hosted project after `supabase db push`: psql "$SUPABASE_DB_URL" -f <file>');
      break;
    }
  }
}
