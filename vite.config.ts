/**
 * Builds the embeddable widget: `dist/widget.js` (ES module, what `/widget.js` serves) and
 * `dist/widget.iife.js` (a classic script for site builders that strip `type="module"`).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    lib: {
      entry: 'widget/define.ts',
      name: 'ClinicBookingWidget',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'widget.js' : `widget.${format}.js`),
    },
    rolldownOptions: {
      // Chunks (the steps loaded later) are served by the proxy as /widget-<name>-<hash>.js.
      output: { minify: true, chunkFileNames: 'widget-[name]-[hash].js' },
    },
  },
});
