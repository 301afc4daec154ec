/**
 * Reads a PDF back with Mozilla's pdf.js, an independent parser: a PDF it cannot open is
 * not a valid PDF. Answers the text of each page (lines joined by newlines) and how many
 * path-drawing operations each page has (a drawn signature is made of them).
 */
import { fileURLToPath } from 'node:url';

export interface PdfContent {
  pages: string[];
  text: string;
  pathOperations: number[];
  title: string | undefined;
}

const standardFontDataUrl = fileURLToPath(
  new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url),
);

export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: bytes.slice(),
    standardFontDataUrl,
    verbosity: 0,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  const pathOperations: number[] = [];
  for (let n = 1; n <= document.numPages; n += 1) {
    const page = await document.getPage(n);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : ' ');
    }
    pages.push(text.replace(/ +\n/g, '\n').replace(/ {2,}/g, ' ').trim());
    const operators = await page.getOperatorList();
    pathOperations.push(operators.fnArray.filter((fn) => fn === pdfjs.OPS.constructPath).length);
  }
  const metadata = await document.getMetadata();
  const info = metadata.info as { Title?: string } | undefined;
  await document.destroy();
  return { pages, text: pages.join('\n'), pathOperations, title: info?.Title };
}
