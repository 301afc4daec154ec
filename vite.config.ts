/**
 * Builds the embeddable widget in two passes (`npm run build` runs both):
 *
 * - `vite build`: `dist/widget.js`, the ES module `/widget.js` serves, with its lazily
 *   loaded chunks `dist/widget-<name>-<hash>.js`;
 * - `vite build --mode classic`: `dist/widget.iife.js`, one classic script with every step
 *   inlined, for site builders that strip `type="module"`.
 *
 * - `vite build --mode dashboard`: `dist/dashboard/`, the owner's capacity dashboard the
 *   proxy serves at `/dashboard` (an HTML page, one script and one stylesheet, named by hash).
 *
 * A classic script has no `import.meta`; there the widget finds its own URL through
 * `document.currentScript`, so the classic pass defines `import.meta.url` as `undefined`
 * rather than leave the bundler to guess (`widget/internal/script-origin.ts`).
 */
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  if (mode === 'dashboard') {
    return {
      root: 'dashboard',
      base: '/dashboard/',
      build: {
        outDir: '../dist/dashboard',
        emptyOutDir: true,
        target: 'es2022',
        minify: true,
        sourcemap: false,
        // Its CSP allows scripts from this origin only: no inline preload helper, no data: URLs.
        modulePreload: false,
        assetsInlineLimit: 0,
      },
    };
  }
  const classic = mode === 'classic';
  return {
    define: classic ? { 'import.meta.url': 'undefined' } : {},
    build: {
      outDir: 'dist',
      // The classic pass adds to what the module pass wrote.
      emptyOutDir: !classic,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: {
        entry: 'widget/define.ts',
        name: 'ClinicBookingWidget',
        formats: classic ? ['iife'] : ['es'],
        fileName: (format) => (format === 'es' ? 'widget.js' : `widget.${format}.js`),
      },
      rolldownOptions: {
        // Chunks (the steps loaded later) are served by the proxy as /widget-<name>-<hash>.js.
        output: {
          minify: true,
          chunkFileNames: 'widget-[name]-[hash].js',
          // Step 1 should cost two files: the entry and one chunk of what the entry shares with
          // the lazily loaded steps (Lit, date and intake helpers). Left to itself Rolldown
          // gives each shared module set its own chunk, and a few hundred bytes (`shared/dates.ts`)
          // become one more request before step 1. `$initial` keeps modules only the later steps
          // share (money) out of it, so step 1 does not grow; `bench/bundle-size.ts` fails the
          // build's test if the entry imports anything else.
          // The classic pass inlines every step into one script and splits nothing.
          ...(classic
            ? {}
            : {
                codeSplitting: {
                  groups: [{ name: 'shared', tags: ['$initial'], minShareCount: 2 }],
                },
              }),
        },
      },
    },
  };
});
