/**
 * `npm run size`: the built widget's sizes against its budgets (see `bundle-size.ts`).
 * Prints a table per file and the budget lines; exits 1 when a budget is exceeded.
 * `npm test` asserts the same budgets in `test/bundle-size.test.ts`.
 */
import { budgetRows, chunkRows, measureBundle, withinBudgets } from './bundle-size.ts';
import { table } from './table.ts';

const report = await measureBundle(process.argv[2] ?? 'dist');
console.log(table(chunkRows(report)));
console.log('');
console.log(table(budgetRows(report)));
if (!withinBudgets(report)) process.exitCode = 1;
