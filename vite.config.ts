// Builds the Refine app. `npm start` passes the stack's URL and anon key as VITE_SUPABASE_* env.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: Number(process.env.APP_PORT ?? 5173), strictPort: true },
  build: { chunkSizeWarningLimit: 4096 },
});
