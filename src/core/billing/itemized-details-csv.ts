/** Itemized details as CSV (RFC 4180): one row per item, amounts in major units with a dot. */
import type { ItemizedDetails } from './get-itemized-details.ts';

const HEADER = ['time', 'type', 'description', 'counterparty', 'quantity', 'amount', 'currency'];

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function itemizedDetailsCsv(details: ItemizedDetails, minorUnits: number): string {
  const lines = [HEADER.join(',')];
  for (const item of details.items) {
    const amount = (item.amount.minor / 10 ** minorUnits).toFixed(minorUnits);
    lines.push(
      [item.localTime, item.type, item.description, item.counterparty ?? '', item.quantity, amount, item.amount.currency]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
