// The app as `npm start` serves it: a production build, made once and reused until something it is
// built from changes (sources, the page, public files, the build config, the locked dependencies,
// or the stack's URL and key the build bakes in). A new user's first load is then the built files,
// not the development server compiling hundreds of modules on request.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from './config.ts';

/** What the build is made from, relative to the project root (folders are read whole). */
const buildInputs = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'tsconfig.app.json', 'package-lock.json'];

async function filesUnder(entry: string): Promise<string[]> {
  const full = path.join(projectRoot, entry);
  const stat = await fs.stat(full).catch(() => null);
  if (!stat) return [];
  if (stat.isFile()) return [entry];
  const names = await fs.readdir(full, { recursive: true, withFileTypes: true });
  return names
    .filter((d) => d.isFile())
    .map((d) => path.relative(projectRoot, path.join(d.parentPath, d.name)))
    .filter((f) => !/\.test\.tsx?$/.test(f));
}

/** A digest of every input's path and content and of the baked-in environment. */
export async function buildDigest(env: Record<string, string>): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(buildInputs.map(filesUnder))).flat().sort();
  for (const file of files) {
    hash.update(file).update('\0').update(await fs.readFile(path.join(projectRoot, file))).update('\0');
  }
  for (const key of Object.keys(env).sort()) hash.update(`${key}=${env[key]}\0`);
  return hash.digest('hex').slice(0, 16);
}

/** Builds live in node_modules' cache: git-ignored, gone with a fresh install, never in a backup. */
const buildsRoot = path.join(projectRoot, 'node_modules/.cache/taizhang-app');

/** Where the build for a digest lives. */
export const buildFolder = (digest: string): string => path.join(buildsRoot, digest);

/** Whether a complete build for this digest is there (index.html is written last). */
export const hasBuild = async (folder: string): Promise<boolean> =>
  fs.stat(path.join(folder, 'index.html')).then(() => true, () => false);

/** Removes the builds of other digests, so the folder holds one build. */
export async function removeOtherBuilds(keep: string): Promise<void> {
  const entries = await fs.readdir(buildsRoot).catch(() => [] as string[]);
  await Promise.all(entries.filter((e) => e !== keep).map((e) => fs.rm(path.join(buildsRoot, e), { recursive: true, force: true })));
}
