/**
 * Itemized details as a PDF that reads right in Russian, Hungarian and Persian. pdfkit lays out
 * glyphs with fontkit (OpenType shaping, so Persian letters join); the Unicode bidi algorithm
 * (bidi-js) orders mixed right-to-left and left-to-right runs. Arabic-script runs use Vazirmatn
 * (npm `vazirmatn`), everything else DejaVu Sans (Debian `fonts-dejavu-core`).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import bidiModule, { type Bidi } from 'bidi-js';
import PDFDocument from 'pdfkit';
import type { Profile } from '../../profiles/profile.ts';
import { AppError } from '../errors.ts';
import type { ItemizedDetails } from './get-itemized-details.ts';
import { label } from './labels.ts';

// bidi-js is CommonJS: its module object is the factory function (its typings describe an ES default export).
const bidi = (bidiModule as unknown as () => Bidi)();
const require = createRequire(import.meta.url);

const DEJAVU_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/local/share/fonts/DejaVuSans.ttf',
];

type Fonts = { latin: string; arabic: string };
let fonts: Fonts | undefined;

export function loadFonts(): Fonts {
  if (fonts) return fonts;
  const latin = DEJAVU_CANDIDATES.find((f) => fs.existsSync(f));
  if (!latin) throw new AppError('unavailable', 'DejaVu Sans not found: install fonts-dejavu-core');
  const arabic = path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts/ttf/Vazirmatn-Regular.ttf');
  fonts = { latin, arabic };
  return fonts;
}

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

type Piece = { text: string; font: 'latin' | 'arabic' };

const DIGIT = /[0-9\u0660-\u0669\u06F0-\u06F9\u066B\u066C]/;
const FORMAT_CHARS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Numbers, dates, times and phone numbers keep their left-to-right order inside right-to-left text. */
const NUMBERISH = /\+?[0-9\u06F0-\u06F9][0-9\u06F0-\u06F9:.\-/]*(?: [0-9\u06F0-\u06F9][0-9\u06F0-\u06F9:.\-/]*)*/g;

/** Splits a line into pieces in visual (left-to-right drawing) order, each for one font. */
export function visualPieces(source: string, rtl: boolean): Piece[] {
  const text = rtl ? source.replace(FORMAT_CHARS, '').replace(NUMBERISH, (m) => `\u2066${m}\u2069`) : source.replace(FORMAT_CHARS, '');
  if (text === '') return [];
  const { levels } = bidi.getEmbeddingLevels(text, rtl ? 'rtl' : 'ltr');
  // Logical runs of one level and one kind: Arabic-script letters, digits, or anything else.
  type Kind = 'arabic' | 'digit' | 'other';
  type Run = { start: number; end: number; level: number; kind: Kind };
  const runs: Run[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/[\u2066-\u2069]/.test(ch)) continue;
    const level = levels[i] ?? 0;
    const last = runs.at(-1);
    let kind: Kind = DIGIT.test(ch) ? 'digit' : ARABIC_SCRIPT.test(ch) ? 'arabic' : 'other';
    // Spaces between Arabic-script words stay in the Arabic run, so they are laid out with it.
    if (kind === 'other' && /\s/.test(ch) && level % 2 === 1 && last?.kind === 'arabic' && last.end === i) kind = 'arabic';
    if (last && last.level === level && last.kind === kind && last.end === i) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, level, kind });
  }
  if (runs.length === 0) return [];
  // Rule L2 of the bidi algorithm, at the granularity of runs: from the highest level down to the
  // lowest odd level, reverse every maximal sequence of runs at that level or higher.
  const order = runs.map((_, i) => i);
  const max = Math.max(...runs.map((r) => r.level));
  const minOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), max + 1);
  for (let level = max; level >= minOdd && level > 0; level--) {
    for (let i = 0; i < order.length;) {
      if (runs[order[i]!]!.level >= level) {
        let j = i;
        while (j < order.length && runs[order[j]!]!.level >= level) j++;
        order.splice(i, j - i, ...order.slice(i, j).reverse());
        i = j;
      } else i++;
    }
  }
  const pieces: Piece[] = [];
  for (const index of order) {
    const run = runs[index]!;
    const logical = text.slice(run.start, run.end);
    if (run.kind === 'arabic') {
      // Word by word, right to left; fontkit shapes each word (joining forms) and lays it out right to left.
      for (const token of logical.split(/(\s+)/).reverse()) {
        if (token !== '') pieces.push({ text: token, font: /^\s+$/.test(token) ? 'latin' : 'arabic' });
      }
    } else if (run.kind === 'digit') {
      // One glyph at a time: fontkit would reverse a run of Persian digits as Arabic script.
      for (const c of logical) pieces.push({ text: c, font: 'arabic' });
    } else if (run.level % 2 === 1) {
      // Neutral characters inside right-to-left text: reverse them and mirror brackets.
      pieces.push({
        text: [...logical]
          .reverse()
          .map((c) => bidi.getMirroredCharacter(c) ?? c)
          .join(''),
        font: 'latin',
      });
    } else pieces.push({ text: logical, font: 'latin' });
  }
  return pieces.filter((p) => p.text !== '');
}

export type Doc = InstanceType<typeof PDFDocument>;

export function widthOf(doc: Doc, pieces: Piece[], size: number): number {
  let w = 0;
  for (const p of pieces) w += doc.font(p.font).fontSize(size).widthOfString(p.text);
  return w;
}

/** Draws one line of text in a box, aligned to the reading direction; cuts it with an ellipsis if too wide. */
export function drawText(doc: Doc, text: string, x: number, y: number, width: number, size: number, rtl: boolean): void {
  let t = text;
  let pieces = visualPieces(t, rtl);
  while (t.length > 1 && widthOf(doc, pieces, size) > width) {
    t = `${t.slice(0, Math.max(1, t.length - 4))}…`;
    pieces = visualPieces(t, rtl);
  }
  let cursor = rtl ? x + width - widthOf(doc, pieces, size) : x;
  for (const p of pieces) {
    doc.font(p.font).fontSize(size).text(p.text, cursor, y, { lineBreak: false });
    cursor += doc.widthOfString(p.text);
  }
}

export async function itemizedDetailsPdf(details: ItemizedDetails, profile: Profile): Promise<Buffer> {
  const f = loadFonts();
  const lang = details.language;
  const rtl = lang === 'fa';
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${label('title', lang)} ${details.number}`, Creator: 'Kabinet' } });
  doc.registerFont('latin', f.latin);
  doc.registerFont('arabic', f.arabic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 40;
  const width = doc.page.width - 80;
  let y = 40;
  drawText(doc, `${profile.brand} — ${label('title', lang)}`, left, y, width, 16, rtl);
  y += 26;
  drawText(doc, `${label('line', lang)}: ${details.number}`, left, y, width, 10, rtl);
  y += 14;
  drawText(doc, `${label('period', lang)}: ${details.from} — ${details.to} (${details.timeZone})`, left, y, width, 10, rtl);
  y += 22;

  // Columns: time, type, description, quantity, amount; mirrored for right-to-left reading.
  const columns = [0.19, 0.14, 0.33, 0.16, 0.18].map((share) => share * width);
  const xs: number[] = [];
  let acc = 0;
  for (const w of columns) {
    xs.push(rtl ? left + width - acc - w : left + acc);
    acc += w;
  }
  const row = (cells: string[], size: number) => {
    cells.forEach((c, i) => drawText(doc, c, xs[i]!, y, columns[i]! - 6, size, rtl));
    y += size + 6;
    if (y > doc.page.height - 60) {
      doc.addPage();
      y = 40;
    }
  };
  row([label('time', lang), label('type', lang), label('description', lang), label('quantity', lang), label('amount', lang)], 9);
  doc
    .moveTo(left, y - 3)
    .lineTo(left + width, y - 3)
    .lineWidth(0.5)
    .stroke();
  for (const item of details.items) row([item.localTime, item.typeName, item.description, item.quantity, item.amount.text], 8);
  y += 8;
  drawText(doc, `${label('total', lang)}: ${details.charged.text}`, left, y, width, 10, rtl);
  y += 14;
  drawText(doc, `${label('credited', lang)}: ${details.credited.text}`, left, y, width, 10, rtl);
  doc.end();
  return done;
}
