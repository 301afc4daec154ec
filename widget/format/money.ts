import type { Money } from '../../shared/contract.ts';

const formats = new Map<string, Intl.NumberFormat>();

/** "$95" or "$92.50", in the clinic's currency. */
export function formatMoney(price: Money): string {
  let format = formats.get(price.currency);
  if (!format) {
    format = new Intl.NumberFormat('en-AU', {
      style: 'currency',
      currency: price.currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 2,
    });
    formats.set(price.currency, format);
  }
  return format.format(price.amountCents / 100);
}

/** "45 min", "1 hr", "1 hr 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} hr` : `${hours} hr ${rest} min`;
}
