/**
 * The widget's byte budgets (issue "Performance"), measured on the built `dist/`:
 *
 * - **Step 1**: what a page downloads before the first step can show: the entry
 *   `widget.js` and every chunk it imports statically, transitively. Chunks reached only
 *   through `import()` load later and are left out.
 * - **Booking journey**: every ES chunk under `dist/` (any depth, so `dist/assets/` too),
 *   every step of the booking included, except the on-demand chunks below. The classic-script
 *   build (`*.iife.js`) is an alternative to the ES entry, never downloaded with it, so it is
 *   reported but not counted.
 * - **On demand**: chunks only a patient who follows a change-or-cancel link downloads
 *   (`widget-manage-*.js`, the manage view); they have their own budget and are left out of
 *   the booking journey's, since no booking patient ever loads them.
 *
 * Sizes are gzip at level 9, per file, as each file travels on its own. Imports are read
 * with esbuild's parser (its metafile records whether each import is a static statement or
 * an `import()`), not with a regular expression, so a string that merely looks like an
 * import in minified code is not mistaken for one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budgets, in gzip bytes (1 KB = 1,000 bytes, as Vite reports kB). */
export const BUDGETS = {
  /** The entry and its static imports: what showing step 1 costs. */
  stepOneGzipBytes: 25_000,
  /**
   * Every ES chunk a booking can load. 40 KB until the location step, booking source,
   * marketing consent and tag-manager events came in; each of those is a few hundred bytes.
   */
  allGzipBytes: 42_000,
  /** The manage view's chunks (change or cancel a booking), on top of step 1 and the time step. */
  onDemandGzipBytes: 6_000,
} as const;

/**
 * How step 1 may be split: the entry and at most one chunk it shares with the later steps
 * (`vite.config.ts` puts everything they share in it), none of them tiny. Every extra file is
 * one more request before step 1 can show, so a few hundred bytes split out cost more than
 * they save.
 */
export const STEP_ONE_SHAPE = { maxFiles: 2, minChunkGzipBytes: 2_000 } as const;

/** Chunks loaded only by a patient managing a booking: counted in their own budget. */
const ON_DEMAND = /^(?:.*\/)?widget-manage-[^/]*\.m?js$/;

export interface ChunkSize {
  /** Path under the dist folder, with `/` separators, e.g. `assets/step-4-abc.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Downloaded to show step 1 (the entry or one of its static imports). */
  stepOne: boolean;
  /** The classic-script build: reported, not counted. */
  classic: boolean;
  /** Only loaded to manage a booking (`ON_DEMAND`): its own budget, not the booking's. */
  onDemand: boolean;
}

export interface BundleReport {
  chunks: ChunkSize[];
  stepOneGzipBytes: number;
  allGzipBytes: number;
  onDemandGzipBytes: number;
}

const isClassic = (file: string) => /\.iife\.js$/.test(file);
const isScript = (file: string) => /\.m?js$/.test(file);

/**
 * The files `entry` needs before it runs: itself and its static imports, transitively, as
 * paths relative to `dir`. Throws when a static import names a file that is not there.
 */
export async function staticClosure(dir: string, entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: resolve(dir),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of inputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(normalise(entry));
  return [...seen].sort();
}

/** Measures every script under `dir` and sums the budgets' figures. */
export async function measureBundle(dir = 'dist', entry = 'widget.js'): Promise<BundleReport> {
  const stepOne = new Set(await staticClosure(dir, entry));
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map(normalise)
    // The owner's dashboard is built beside the widget but never reaches a patient's phone.
    .filter((file) => isScript(file) && !file.startsWith('dashboard/'))
    .sort();
  const chunks = files.map((file): ChunkSize => {
    const content = readFileSync(join(dir, file));
    return {
      file,
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
      stepOne: stepOne.has(file),
      classic: isClassic(file),
      onDemand: ON_DEMAND.test(file) && !stepOne.has(file),
    };
  });
  const sum = (list: ChunkSize[]) => list.reduce((total, c) => total + c.gzipBytes, 0);
  return {
    chunks,
    stepOneGzipBytes: sum(chunks.filter((c) => c.stepOne)),
    allGzipBytes: sum(chunks.filter((c) => !c.classic && !c.onDemand)),
    onDemandGzipBytes: sum(chunks.filter((c) => c.onDemand)),
  };
}

/** The budget lines: figure, budget, and whether it fits. */
export function budgetRows(report: BundleReport) {
  const row = (name: string, gzip: number, budget: number) => ({
    budget: name,
    'gzip bytes': gzip,
    'limit bytes': budget,
    result: gzip <= budget ? `ok (${Math.round((gzip / budget) * 100)}%)` : 'OVER BUDGET',
  });
  return [
    row('step 1 (entry + static imports)', report.stepOneGzipBytes, BUDGETS.stepOneGzipBytes),
    row('booking journey (all ES chunks)', report.allGzipBytes, BUDGETS.allGzipBytes),
    row('on demand (manage view)', report.onDemandGzipBytes, BUDGETS.onDemandGzipBytes),
  ];
}

/** One line per file: sizes and what it counts towards. */
export function chunkRows(report: BundleReport) {
  return report.chunks.map((c) => ({
    file: c.file,
    bytes: c.bytes,
    'gzip -9 bytes': c.gzipBytes,
    loads: c.classic
      ? 'classic script (not counted)'
      : c.stepOne
        ? 'for step 1'
        : c.onDemand
          ? 'on demand (manage view)'
          : 'later (import())',
  }));
}

/**
 * What is wrong with how step 1 is split (`STEP_ONE_SHAPE`), one sentence per problem; empty
 * when it is fine.
 */
export function stepOneShapeProblems(report: BundleReport, entry = 'widget.js'): string[] {
  const files = report.chunks.filter((c) => c.stepOne);
  const problems: string[] = [];
  if (files.length > STEP_ONE_SHAPE.maxFiles)
    problems.push(
      `step 1 loads ${files.length} files (${files.map((c) => c.file).join(', ')}), more than ${STEP_ONE_SHAPE.maxFiles}`,
    );
  for (const c of files) {
    if (c.file !== entry && c.gzipBytes < STEP_ONE_SHAPE.minChunkGzipBytes)
      problems.push(
        `${c.file} (${c.gzipBytes} gzip bytes) is a separate request before step 1, under ${STEP_ONE_SHAPE.minChunkGzipBytes}`,
      );
  }
  return problems;
}

/** True when every budget holds. */
export function withinBudgets(report: BundleReport): boolean {
  return (
    report.stepOneGzipBytes <= BUDGETS.stepOneGzipBytes &&
    report.allGzipBytes <= BUDGETS.allGzipBytes &&
    report.onDemandGzipBytes <= BUDGETS.onDemandGzipBytes
  );
}

/** A path relative to the dist folder, with `/` separators and no leading `./`. */
function normalise(file: string): string {
  return file
    .split(sep)
    .join('/')
    .replace(/^(\.\/)+/, '');
}
