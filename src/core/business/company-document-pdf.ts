/**
 * Lays a company document (invoice copy, itemized report, contract summary) out as an A4 PDF with
 * the fonts and right-to-left handling of the itemized details (`billing/itemized-details-pdf.ts`).
 */
import PDFDocument from 'pdfkit';
import type { Language } from '../../profiles/schema.ts';
import { drawText, loadFonts } from '../billing/itemized-details-pdf.ts';

export type DocumentBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  /** `shares` of the page width per column, summing to 1. */
  | { kind: 'table'; shares: number[]; header: string[]; rows: string[][] }
  | { kind: 'total'; text: string };

export type CompanyDocumentLayout = { title: string; language: Language; blocks: DocumentBlock[] };

const MARGIN = 40;

export async function companyDocumentPdf(layout: CompanyDocumentLayout): Promise<Buffer> {
  const fonts = loadFonts();
  const rtl = layout.language === 'fa';
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: layout.title, Creator: 'Kabinet' } });
  doc.registerFont('latin', fonts.latin);
  doc.registerFont('arabic', fonts.arabic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  let y = MARGIN;
  const room = (height: number) => {
    if (y + height > doc.page.height - MARGIN - 20) {
      doc.addPage();
      y = MARGIN;
    }
  };
  const line = (text: string, size: number, gap: number) => {
    room(size + gap);
    drawText(doc, text, MARGIN, y, width, size, rtl);
    y += size + gap;
  };
  for (const block of layout.blocks) {
    switch (block.kind) {
      case 'title':
        line(block.text, 16, 10);
        break;
      case 'heading':
        y += 6;
        line(block.text, 12, 6);
        break;
      case 'text':
        line(block.text, 10, 4);
        break;
      case 'total':
        y += 4;
        line(block.text, 11, 6);
        break;
      case 'table': {
        const columns = block.shares.map((share) => share * width);
        const xs: number[] = [];
        let acc = 0;
        for (const w of columns) {
          xs.push(rtl ? MARGIN + width - acc - w : MARGIN + acc);
          acc += w;
        }
        const row = (cells: string[], size: number) => {
          room(size + 6);
          cells.forEach((c, i) => drawText(doc, c, xs[i]!, y, columns[i]! - 6, size, rtl));
          y += size + 6;
        };
        row(block.header, 9);
        doc
          .moveTo(MARGIN, y - 3)
          .lineTo(MARGIN + width, y - 3)
          .lineWidth(0.5)
          .stroke();
        for (const cells of block.rows) row(cells, 8);
        break;
      }
    }
  }
  doc.end();
  return done;
}
