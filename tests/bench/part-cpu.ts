// CPU seconds and memory of the stack's parts, read from /proc while a bench part runs: which
// process the time went to (Postgres with its backends, PostgREST, the gateway, Deno…).
import fs from 'node:fs/promises';
import path from 'node:path';

/** The pid of each supervised part, from the stack's state file. */
export async function partPids(dataDir: string): Promise<Record<string, number>> {
  const state = JSON.parse(await fs.readFile(path.join(dataDir, 'stack.json'), 'utf8')) as { parts?: Record<string, { pid: number | null }> };
  const pids = Object.fromEntries(Object.entries(state.parts ?? {}).flatMap(([part, p]) => (p.pid ? [[part, p.pid]] : [])));
  if (!pids.functions) throw new Error('the functions part has no pid in stack.json');
  return pids;
}

/** CPU seconds (user + system) of a process, from /proc; with its children now alive (Postgres's backends) if asked. */
async function cpuOf(pid: number, withChildren: boolean): Promise<number> {
  const ticks = async (p: number) => {
    const stat = await fs.readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  };
  const children = withChildren ? (await fs.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(' ').filter(Boolean).map(Number) : [];
  let total = await ticks(pid);
  for (const child of children) total += await ticks(child);
  return total / 100;
}

/** CPU seconds of each named part that has a pid (Postgres with its backends). */
export async function cpuOfParts(pids: Record<string, number>, parts: string[]): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(parts.filter((p) => pids[p]).map(async (p) => [p, await cpuOf(pids[p], p === 'postgres')] as const)));
}

/** The whole machine's busy and idle CPU seconds so far (all cores), from /proc/stat. */
export async function machineCpu(): Promise<{ busy: number; idle: number }> {
  const line = (await fs.readFile('/proc/stat', 'utf8')).split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq + steal) / 100, idle: (idle + iowait) / 100 };
}

/** Where the CPU went between two readings: each part's seconds, this process's, the rest of the machine's, and idle. */
export async function cpuAccount(dataDir: string, parts: string[]): Promise<() => Promise<Record<string, number>>> {
  const pids = await partPids(dataDir);
  const before = { parts: await cpuOfParts(pids, parts), self: process.cpuUsage(), machine: await machineCpu() };
  return async () => {
    const after = { parts: await cpuOfParts(pids, parts), self: process.cpuUsage(before.self), machine: await machineCpu() };
    const seconds: Record<string, number> = Object.fromEntries(Object.keys(after.parts).map((p) => [p, after.parts[p] - before.parts[p]]));
    seconds.bench = (after.self.user + after.self.system) / 1e6;
    const busy = after.machine.busy - before.machine.busy;
    seconds.otherProcesses = busy - Object.values(seconds).reduce((a, b) => a + b, 0);
    seconds.idle = after.machine.idle - before.machine.idle;
    return Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  };
}
