// Builds the Refine app. `npm start` passes the stack's URL and anon key as VITE_SUPABASE_* env.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Screens are chunks of their own (src/route-pages.ts). The libraries every screen uses go in a few
// long-lived chunks rather than dozens of shared fragments: a cold load then asks for a handful of
// files (six at a time over HTTP/1.1), and a new build of the app leaves them cached. The charts and
// the XLSX writer stay with the screens that load them.
const vendorGroups = [
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
  { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design[\\/](?!plots)|@rc-component|rc-[^\\/]+|@babel[\\/]runtime|dayjs|classnames|stylis|@emotion)/, priority: 20 },
  { name: 'vendor-refine', test: /node_modules[\\/](@refinedev|@tanstack|@supabase|i18next|react-i18next|lodash|qs|papaparse)/, priority: 20 },
  { name: 'vendor-grid', test: /node_modules[\\/](@glideapps|marked|canvas-hypertxt|@linaria)/, priority: 20 },
];

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: Number(process.env.APP_PORT ?? 5173), strictPort: true },
  build: {
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { output: { codeSplitting: { groups: vendorGroups } } },
  },
});
