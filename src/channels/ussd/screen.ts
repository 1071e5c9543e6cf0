/**
 * One USSD screen is one USSD message: at most 182 GSM 7-bit characters, or 80 when any
 * character needs UCS-2. `paginate` packs lines into screens that fit, each ending with its
 * navigation line, hard-wrapping a line that alone is too long.
 */
import { codedLength, isGsm7 } from '../sms/gsm.ts';

export const GSM_SCREEN = 182;
export const UCS2_SCREEN = 80;

/** True when the text fits one USSD message in the coding it needs. */
export function fitsScreen(text: string): boolean {
  return isGsm7(text) ? codedLength(text, 'gsm7') <= GSM_SCREEN : text.length <= UCS2_SCREEN;
}

/**
 * Splits `lines` into screens. `footer(hasMore)` is the navigation line of each screen (the "more"
 * key appears when another screen follows).
 */
export function paginate(lines: string[], footer: (hasMore: boolean) => string): string[] {
  const screens: string[] = [];
  let current: string[] = [];
  const compose = (body: string[], more: boolean) => [...body, footer(more)].filter((l) => l !== '').join('\n');
  const queue = [...lines];
  while (queue.length > 0) {
    const line = queue.shift() as string;
    const tryLines = [...current, line];
    // A screen must fit with a "more" footer unless it may be the last one.
    if (fitsScreen(compose(tryLines, queue.length > 0)) || (queue.length === 0 && fitsScreen(compose(tryLines, false)))) {
      current = tryLines;
      continue;
    }
    if (current.length > 0) {
      screens.push(compose(current, true));
      current = [];
      queue.unshift(line);
      continue;
    }
    // The line alone is too long: cut it at a word boundary where it fits.
    const [head, tail] = cut(line, (candidate) => fitsScreen(compose([candidate], true)));
    screens.push(compose([head], true));
    queue.unshift(tail);
  }
  if (current.length > 0 || screens.length === 0) screens.push(compose(current, false));
  return screens;
}

function cut(line: string, fits: (s: string) => boolean): [string, string] {
  const chars = [...line];
  let n = chars.length;
  while (n > 1 && !fits(chars.slice(0, n).join(''))) n--;
  let head = chars.slice(0, n).join('');
  const space = head.lastIndexOf(' ');
  if (space > head.length / 2) head = head.slice(0, space);
  return [head, line.slice(head.length).trimStart()];
}
