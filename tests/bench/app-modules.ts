// The app's import and export code, loaded through Vite's SSR module loader: the modules read
// import.meta.env (the Supabase client) and import.meta.glob (i18n), which only Vite fills in;
// tsx alone would leave them undefined. No mock is needed because every data call takes a client.
/// <reference types="vite/client" />
import { createServer, type ViteDevServer } from 'vite';
import WebSocket from 'ws';

type ImportBatches = typeof import('../../src/modules/registers/import/import-batches.ts');
type MapColumns = typeof import('../../src/modules/registers/import/map-columns.ts');
type ParseFile = typeof import('../../src/modules/registers/import/parse-file.ts');
type SupabaseClientModule = typeof import('../../src/data/supabase-client.ts');
type FetchRegisters = typeof import('../../src/modules/registers/model/to-registers.ts');
type ExportView = typeof import('../../src/modules/registers/export/export-view.ts');
type ServerExport = typeof import('../../src/modules/registers/export/server-export.ts');

export type AppModules = {
  importBatches: ImportBatches;
  mapColumns: MapColumns;
  parseFile: ParseFile;
  supabaseClient: SupabaseClientModule;
  registers: FetchRegisters;
  exportView: ExportView;
  serverExport: ServerExport;
  close(): Promise<void>;
};

/** The app's modules with the Vite env a build for this stack would have. */
export async function loadAppModules(env: { apiUrl: string; anonKey: string }): Promise<AppModules> {
  // Vite puts VITE_* variables of the process into import.meta.env.
  process.env.VITE_SUPABASE_URL = env.apiUrl;
  process.env.VITE_SUPABASE_ANON_KEY = env.anonKey;
  // Node 20 has no global WebSocket, and supabase-js builds its realtime client with the client.
  globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
  const server: ViteDevServer = await createServer({
    logLevel: 'warn',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const load = <T>(file: string) => server.ssrLoadModule(file) as Promise<T>;
  return {
    importBatches: await load<ImportBatches>('/src/modules/registers/import/import-batches.ts'),
    mapColumns: await load<MapColumns>('/src/modules/registers/import/map-columns.ts'),
    parseFile: await load<ParseFile>('/src/modules/registers/import/parse-file.ts'),
    supabaseClient: await load<SupabaseClientModule>('/src/data/supabase-client.ts'),
    registers: await load<FetchRegisters>('/src/modules/registers/model/to-registers.ts'),
    exportView: await load<ExportView>('/src/modules/registers/export/export-view.ts'),
    serverExport: await load<ServerExport>('/src/modules/registers/export/server-export.ts'),
    close: () => server.close(),
  };
}
