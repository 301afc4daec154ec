/**
 * `npm run manifest` writes `custom-elements.json` from the JSDoc of the public element
 * (`@tagname`, `@fires`, `@csspart`, `@cssproperty`, attributes). The internal `cb-*` step
 * elements are left out: they are not an API. `test/manifest.test.ts` checks that the
 * committed file is current and that the docs' tables agree with it.
 */
export default {
  globs: ['widget/clinic-booking/clinic-booking.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
  // package.json names the manifest itself; the analyzer would rewrite it with each outdir
  // (the test writes a fresh manifest to a temporary folder).
  packagejson: false,
  plugins: [
    {
      // Only what a page can use: no private members, and no event the analyzer guessed
      // from `new CustomEvent(type, …)` in a helper.
      name: 'public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.members)
              declaration.members = declaration.members.filter(
                (m) => m.privacy !== 'private' && !m.name.startsWith('#'),
              );
            if (declaration.events)
              declaration.events = declaration.events.filter((e) => e.name.startsWith('cb-'));
          }
        }
      },
    },
  ],
};
