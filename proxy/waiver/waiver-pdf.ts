/**
 * The signed waiver as a PDF, made on the server with pdf-lib (the maintained
 * `@cantoo/pdf-lib` fork, pure JavaScript): the clinic, the waiver's title, version and
 * full text, the patient's name and date of birth, the signature (the drawn strokes, or
 * the typed name), and when it was signed in the clinic's zone.
 *
 * The library is loaded on first use, so nothing that merely imports the proxy app (a
 * widget test, a worker) pays for it. Runtime-agnostic: no `node:*` imports.
 *
 * The PDF's standard fonts cover Latin-1 (WinAnsi): accents are kept, characters outside
 * it lose their accents or become "?". The note carrying the PDF repeats the names in
 * HTML, which has no such limit.
 */
import type { PDFDocument, PDFFont, PDFPage } from '@cantoo/pdf-lib';
import { toClinicIso } from '../time/clinic-time.ts';
import { readSignatureSvg, type Rgb } from './signature-shapes.ts';

export interface WaiverPdfInput {
  clinicName: string;
  waiver: { title: string; version: string; text: string };
  patientName: string;
  /** `YYYY-MM-DD` */
  dateOfBirth: string;
  /** The signature's SVG markup (already validated). */
  signatureSvg: string;
  signatureMethod: 'drawn' | 'typed';
  signedAt: Date;
  timezone: string;
  /** The patient's answers to the clinic's intake questions, in order (may be empty). */
  intake?: Array<{ question: string; answer: string }>;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const BODY_SIZE = 10.5;
const LEADING = 14.5;
const SIGNATURE_BOX = { width: 260, height: 100 };

type PdfLib = typeof import('@cantoo/pdf-lib');

/** Renders the signed waiver; resolves with the PDF's bytes. */
export async function renderWaiverPdf(input: WaiverPdfInput): Promise<Uint8Array> {
  const lib: PdfLib = await import('@cantoo/pdf-lib');
  const doc = await lib.PDFDocument.create();
  const fonts = {
    regular: await doc.embedFont(lib.StandardFonts.Helvetica),
    bold: await doc.embedFont(lib.StandardFonts.HelveticaBold),
    signature: await doc.embedFont(lib.StandardFonts.TimesRomanItalic),
  };
  setMetadata(doc, input);
  const writer = new PageWriter(doc, lib);

  writer.text(input.clinicName, fonts.bold, 16, 22);
  writer.gap(6);
  writer.text(input.waiver.title, fonts.bold, 13, 18);
  writer.text(`Version ${input.waiver.version}`, fonts.regular, 9.5, 16, 0.35);
  writer.gap(8);
  for (const paragraph of input.waiver.text.split(/\n\s*\n/)) {
    writer.wrapped(paragraph.replace(/\s*\n\s*/g, ' '), fonts.regular, BODY_SIZE, LEADING);
    writer.gap(6);
  }
  writer.gap(10);
  writer.rule();
  writer.gap(12);
  writer.labelled('Patient', input.patientName, fonts);
  writer.labelled('Date of birth', formatDate(input.dateOfBirth), fonts);
  writer.labelled('Signed', formatInstant(input.signedAt, input.timezone), fonts);
  if (input.intake && input.intake.length > 0) {
    writer.gap(10);
    writer.text('Intake answers', fonts.bold, 11, 16);
    for (const { question, answer } of input.intake) {
      writer.wrapped(question, fonts.bold, BODY_SIZE, LEADING);
      for (const line of answer.split(/\r?\n/)) writer.wrapped(line, fonts.regular, BODY_SIZE, LEADING);
      writer.gap(4);
    }
  }
  writer.gap(8);
  writer.text(
    input.signatureMethod === 'typed'
      ? 'Signature (typed by the patient)'
      : 'Signature (drawn by the patient)',
    fonts.bold,
    10,
    14,
  );
  writer.signature(input, fonts.signature);
  writer.gap(10);
  writer.wrapped(
    `Signed electronically when booking online with ${input.clinicName}. The patient agreed to the waiver above by ticking its box and signing.`,
    fonts.regular,
    8.5,
    12,
    0.35,
  );
  return doc.save();
}

/** Lays text out top to bottom, starting a new page when one is full. */
class PageWriter {
  readonly #doc: PDFDocument;
  readonly #lib: PdfLib;
  #page: PDFPage;
  #y: number;

  constructor(doc: PDFDocument, lib: PdfLib) {
    this.#doc = doc;
    this.#lib = lib;
    this.#page = doc.addPage([PAGE.width, PAGE.height]);
    this.#y = PAGE.height - MARGIN;
  }

  gap(points: number) {
    this.#y -= points;
  }

  text(text: string, font: PDFFont, size: number, leading: number, grey = 0) {
    this.#room(leading);
    this.#y -= leading;
    this.#page.drawText(encodable(text, font), {
      x: MARGIN,
      y: this.#y + (leading - size) / 2,
      size,
      font,
      color: this.#lib.rgb(grey, grey, grey),
    });
  }

  wrapped(text: string, font: PDFFont, size: number, leading: number, grey = 0) {
    for (const line of wrap(encodable(text, font), font, size, PAGE.width - 2 * MARGIN))
      this.text(line, font, size, leading, grey);
  }

  labelled(label: string, value: string, fonts: { regular: PDFFont; bold: PDFFont }) {
    const indent = 90;
    const lines = wrap(
      encodable(value, fonts.regular),
      fonts.regular,
      BODY_SIZE,
      PAGE.width - 2 * MARGIN - indent,
    );
    lines.forEach((line, i) => {
      this.#room(LEADING);
      this.#y -= LEADING;
      const y = this.#y + (LEADING - BODY_SIZE) / 2;
      if (i === 0) this.#page.drawText(`${label}:`, { x: MARGIN, y, size: BODY_SIZE, font: fonts.bold });
      this.#page.drawText(line, { x: MARGIN + indent, y, size: BODY_SIZE, font: fonts.regular });
    });
  }

  rule() {
    this.#page.drawLine({
      start: { x: MARGIN, y: this.#y },
      end: { x: PAGE.width - MARGIN, y: this.#y },
      thickness: 0.5,
      color: this.#lib.rgb(0.6, 0.6, 0.6),
    });
  }

  /** The signature inside a light frame: drawn strokes scaled to fit, or the typed name. */
  signature(input: WaiverPdfInput, font: PDFFont) {
    const { rgb } = this.#lib;
    this.#room(SIGNATURE_BOX.height + 8);
    this.#y -= SIGNATURE_BOX.height + 4;
    const box = { x: MARGIN, y: this.#y, ...SIGNATURE_BOX };
    this.#page.drawRectangle({ ...box, borderColor: rgb(0.75, 0.75, 0.75), borderWidth: 0.5 });
    const drawing = readSignatureSvg(input.signatureSvg);

    if (input.signatureMethod === 'typed' || drawing.shapes.length === 0) {
      const name = encodable(drawing.text || input.patientName, font);
      const size = Math.min(28, (box.width - 20) / Math.max(1, font.widthOfTextAtSize(name, 1)));
      this.#page.drawText(name, {
        x: box.x + 10,
        y: box.y + box.height / 2 - size / 3,
        size,
        font,
        color: rgb(0.05, 0.05, 0.2),
      });
      return;
    }
    const inset = 8;
    const { viewBox } = drawing;
    const scale = Math.min(
      (box.width - 2 * inset) / viewBox.width,
      (box.height - 2 * inset) / viewBox.height,
    );
    // Centre the drawing; SVG's y axis points down, so its top-left maps to the box's top.
    const left = box.x + (box.width - viewBox.width * scale) / 2 - viewBox.x * scale;
    const top = box.y + box.height - (box.height - viewBox.height * scale) / 2 + viewBox.y * scale;
    const colour = (c: Rgb | null) => (c ? rgb(c.r, c.g, c.b) : undefined);
    for (const shape of drawing.shapes) {
      if (shape.kind === 'path') {
        const fill = colour(shape.fill);
        const stroke = colour(shape.stroke);
        if (!fill && !stroke) continue;
        this.#page.drawSvgPath(shape.d, {
          x: left,
          y: top,
          scale,
          ...(fill ? { color: fill } : {}),
          ...(stroke
            ? {
                borderColor: stroke,
                borderWidth: shape.strokeWidth,
                borderLineCap: this.#lib.LineCapStyle.Round,
              }
            : {}),
        });
      } else {
        const fill = colour(shape.fill) ?? colour(shape.stroke);
        if (!fill) continue;
        this.#page.drawEllipse({
          x: left + shape.cx * scale,
          y: top - shape.cy * scale,
          xScale: shape.rx * scale,
          yScale: shape.ry * scale,
          color: fill,
        });
      }
    }
  }

  #room(needed: number) {
    if (this.#y - needed >= MARGIN) return;
    this.#page = this.#doc.addPage([PAGE.width, PAGE.height]);
    this.#y = PAGE.height - MARGIN;
  }
}

function setMetadata(doc: PDFDocument, input: WaiverPdfInput) {
  doc.setTitle(`${input.waiver.title} (version ${input.waiver.version})`);
  doc.setSubject(`Signed waiver, ${input.clinicName}`);
  doc.setCreator('Clinic booking proxy');
  doc.setProducer('Clinic booking proxy');
  doc.setCreationDate(input.signedAt);
  doc.setModificationDate(input.signedAt);
}

/** Greedy word wrap to `width` points; a word longer than a line is split. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

const characterSets = new WeakMap<PDFFont, Set<number>>();

/**
 * `text` with every character the font can encode: spaces of any kind become spaces,
 * accented letters outside the font lose their accents, anything else becomes "?".
 */
export function encodable(text: string, font: PDFFont): string {
  let supported = characterSets.get(font);
  if (!supported) {
    supported = new Set(font.getCharacterSet());
    characterSets.set(font, supported);
  }
  const set = supported;
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (set.has(code)) out += char;
    else if (/\s/u.test(char)) out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else {
      const base = [...char.normalize('NFD')].filter((c) => set.has(c.codePointAt(0)!)).join('');
      out += base || '?';
    }
  }
  return out;
}

function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const label = new Intl.DateTimeFormat('en-AU', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y, m - 1, d));
  return `${label} (${isoDate})`;
}

function formatInstant(instant: Date, timezone: string): string {
  const label = new Intl.DateTimeFormat('en-AU', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: timezone,
  }).format(instant);
  return `${label}, ${timezone} (${toClinicIso(instant, timezone)})`;
}
