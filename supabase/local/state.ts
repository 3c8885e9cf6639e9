// What a running stack tells other processes: written by the daemon once every part is healthy.
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StackConfig } from './config.ts';
import type { PartStatus } from './supervisor.ts';

export type StackState = {
  pid: number;
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  startedAt: string;
  logFile: string;
  /** Each supervised part's state, rewritten by the daemon whenever one changes (supervisor.ts). */
  parts?: Record<string, PartStatus>;
};

export const stateFile = (c: StackConfig): string => path.join(c.dataDir, 'stack.json');
export const logFile = (c: StackConfig): string => path.join(c.dataDir, 'stack.log');

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The state file as written, whether or not its daemon still runs (to clean up after a dead one). */
export function readStateFile(c: StackConfig): StackState | null {
  try {
    return JSON.parse(readFileSync(stateFile(c), 'utf8')) as StackState;
  } catch {
    return null;
  }
}

/** The state of a stack whose daemon is still alive, or null. */
export function readRunningState(c: StackConfig): StackState | null {
  if (!existsSync(stateFile(c))) return null;
  try {
    const state = JSON.parse(readFileSync(stateFile(c), 'utf8')) as StackState;
    return isAlive(state.pid) ? state : null;
  } catch {
    return null;
  }
}

export async function writeState(c: StackConfig, state: StackState): Promise<void> {
  const tmp = `${stateFile(c)}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(state, null, 2));
  await fs.rename(tmp, stateFile(c));
}

export async function removeState(c: StackConfig): Promise<void> {
  await fs.rm(stateFile(c), { force: true });
}
