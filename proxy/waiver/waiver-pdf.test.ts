import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRAWN_SIGNATURE_SVG } from '../../test/fixtures/signature.ts';
import { readPdf } from '../../test/helpers/pdf-text.ts';
import { readSignatureSvg } from './signature-shapes.ts';
import { renderWaiverPdf, type WaiverPdfInput } from './waiver-pdf.ts';

const input: WaiverPdfInput = {
  clinicName: 'Harbourside Health',
  waiver: { title: 'Consent to treatment', version: '7', text: 'First paragraph.\n\nSecond paragraph.' },
  patientName: 'Jordan Taylor',
  dateOfBirth: '1988-04-12',
  signatureSvg: DRAWN_SIGNATURE_SVG,
  signatureMethod: 'drawn',
  signedAt: new Date('2026-06-01T23:30:00Z'),
  timezone: 'Australia/Perth',
};

describe('renderWaiverPdf', () => {
  it('writes the signed-at time in the clinic’s zone', async () => {
    const { text } = await readPdf(await renderWaiverPdf(input));
    assert.match(
      text.replace(/\s+/g, ' '),
      /Tuesday, 2 June 2026 at 7:30 am, Australia\/Perth \(2026-06-02T07:30:00\+08:00\)/,
    );
  });

  it('wraps a long waiver onto more pages, keeping every word', async () => {
    const paragraph = Array.from(
      { length: 60 },
      (_, i) => `Clause ${i + 1} says the patient understands item ${i + 1}.`,
    ).join(' ');
    const { pages, text } = await readPdf(
      await renderWaiverPdf({
        ...input,
        waiver: { ...input.waiver, text: `${paragraph}\n\n${paragraph}\n\n${paragraph}` },
      }),
    );
    assert.ok(pages.length >= 2, `${pages.length} page(s)`);
    const flat = text.replace(/\s+/g, ' ');
    assert.equal(flat.split('Clause 60 says').length - 1, 3);
    assert.match(pages.at(-1)!, /Signature \(drawn by the patient\)/);
  });

  it('lists the intake answers for the practitioner, multi-line answers kept', async () => {
    const intake = [
      { question: 'Is this appointment for a child?', answer: 'Yes' },
      { question: 'What would you like to work on?', answer: 'Sleep.\nWorry before exams.' },
    ];
    const { text } = await readPdf(await renderWaiverPdf({ ...input, intake }));
    const flat = text.replace(/\s+/g, ' ');
    assert.match(
      flat,
      /Intake answers Is this appointment for a child\? Yes What would you like to work on\? Sleep\. Worry before exams\./,
    );
    const { text: without } = await readPdf(await renderWaiverPdf(input));
    assert.doesNotMatch(without, /Intake answers/);
  });

  it('keeps Latin-1 accents, strips others, and never fails on characters the font lacks', async () => {
    const { text } = await readPdf(
      await renderWaiverPdf({ ...input, patientName: 'Zoë Nguyễn 王芳', clinicName: 'Clinique Élan' }),
    );
    assert.match(text, /Patient: Zoë Nguyen \?\?/);
    assert.match(text, /Clinique Élan/);
  });
});

describe('readSignatureSvg', () => {
  it('reads paths, lines, polylines and dots, with paint inherited from groups', () => {
    const drawing = readSignatureSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 600 200">' +
        '<g stroke="#00f" stroke-width="3" fill="none"><path d="M0 0 L10 10"/><polyline points="1,2 3,4 5,6"/></g>' +
        '<line x1="0" y1="0" x2="5" y2="5" stroke="black"/><circle cx="4" cy="5" r="2" fill="rgb(255,0,0)"/><rect width="100%" height="100%" fill="white"/></svg>',
    );
    assert.deepEqual(drawing.viewBox, { x: 0, y: 0, width: 600, height: 200 });
    assert.deepEqual(
      drawing.shapes.map((s) => s.kind),
      ['path', 'path', 'path', 'ellipse'],
    );
    assert.deepEqual(drawing.shapes[0], {
      kind: 'path',
      d: 'M0 0 L10 10',
      fill: null,
      stroke: { r: 0, g: 0, b: 1 },
      strokeWidth: 3,
    });
    assert.equal(drawing.shapes[1]!.kind === 'path' && drawing.shapes[1]!.d, 'M1 2 L3 4 L5 6');
    assert.deepEqual(drawing.shapes[3]!.fill, { r: 1, g: 0, b: 0 });
  });

  it('reads a typed signature’s text', () => {
    const drawing = readSignatureSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><text x="1" y="50">Jordan <tspan>Taylor &amp; co</tspan></text></svg>',
    );
    assert.equal(drawing.text, 'Jordan Taylor & co');
    assert.equal(drawing.shapes.length, 0);
  });
});
