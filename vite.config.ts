// Builds the Refine app. `npm start` passes the stack's URL and anon key as VITE_SUPABASE_* env.
import { createHash } from 'node:crypto';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

// antd styles each component in the browser the first time it renders (CSS-in-JS). The production
// build ships antd's styles as a stylesheet made at build time, linked first in the page (so any
// other stylesheet still overrides it, as it did the runtime styles), with the map antd reads at
// start (its `.data-ant-cssinjs-cache-path` rule) naming every style in it: a component whose style
// is in the map is not styled again at run time (a cold register route built 49 style elements in
// the browser before, 1 after, and showed its rows in 0.88 of the time). One that is not (another theme, another
// antd) still is, so the stylesheet can only save work, never lose a style. The development server
// keeps styling at run time (its class names say "dev-only" and would not match).
function antdStylesheet(): Plugin {
  let href = '';
  return {
    name: 'antd-stylesheet',
    apply: 'build',
    async buildStart() {
      // antd picks its class names' prefix when first loaded, from the build it runs in.
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        const [{ extractStyle }, React, antd] = await Promise.all([import('@ant-design/static-style-extract'), import('react'), import('antd')]);
        // Besides every component as it first renders, the parts that show only in use: overlays
        // (the extractor leaves them out), compact groups, coloured tags.
        const inUse = React.createElement(
          React.Fragment,
          null,
          React.createElement(antd.Modal, { open: false }),
          React.createElement(antd.Drawer, { open: false }),
          React.createElement(antd.Popconfirm, { title: '' }, React.createElement('span')),
          React.createElement(antd.Popover, { content: '' }, React.createElement('span')),
          React.createElement(antd.Tooltip, { title: '' }, React.createElement('span')),
          React.createElement(antd.Layout, null, React.createElement(antd.Layout.Sider)),
          React.createElement(antd.Space.Compact, null, React.createElement(antd.Button), React.createElement(antd.Input)),
          ...['blue', 'green', 'orange', 'red', 'gold', 'purple', 'cyan', 'success', 'processing', 'warning', 'error', 'default'].map((color) => React.createElement(antd.Tag, { key: color, color })),
        );
        const css = extractStyle((node) => React.createElement(React.Fragment, null, node, inUse));
        const fileName = `assets/antd-${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
        this.emitFile({ type: 'asset', fileName, source: css });
        href = `/${fileName}`;
      } finally {
        process.env.NODE_ENV = nodeEnv;
      }
    },
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'stylesheet', href }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  plugins: [react(), antdStylesheet()],
  server: { host: '127.0.0.1', port: Number(process.env.APP_PORT ?? 5173), strictPort: true },
  build: {
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { output: { codeSplitting: { groups: vendorGroups } } },
  },
});
