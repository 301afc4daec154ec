/**
 * Patient form content as Cliniko validates it (reference §5.10): `{sections: [...]}` with a
 * non-empty list, sections with an optional name (≤255), description (≤10,000) and
 * questions; each question a name (≤255) and one of six types with its own answer shape;
 * a signature question takes an SVG data URI of at most 500×500, which is stored apart and
 * replaced by `signature_id`. Empty keys are omitted, never null. A completed form needs
 * every required question answered.
 */
import type { Json } from './cliniko-query.ts';
import { jsonText } from '../json-text.ts';

const QUESTION_TYPES = new Set(['text', 'paragraph', 'date', 'checkboxes', 'radiobuttons', 'signature']);
const PARAGRAPH_TAGS = new Set([
  'p',
  'div',
  'br',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'b',
  'i',
  'u',
  'a',
]);
const SVG_PREFIX = 'data:image/svg+xml;base64,';

export interface StoredSignature {
  id: string;
  image: string;
}

export type ContentCheck =
  | { ok: true; content: Json | null; signatures: StoredSignature[] }
  | { ok: false; errors: Record<string, string> };

/** Checks `content` and returns it as Cliniko stores it (signatures replaced by their ids). */
export function checkFormContent(content: unknown, completed: boolean, newId: () => string): ContentCheck {
  if (content === null || content === undefined) return { ok: true, content: null, signatures: [] };
  const fail = (message: string): ContentCheck => ({ ok: false, errors: { content: message } });
  const sections = (content as Json).sections;
  if (typeof content !== 'object' || !Array.isArray(sections) || sections.length === 0)
    return fail('sections must be a non-empty list');
  const signatures: StoredSignature[] = [];
  const stored: Json[] = [];
  for (const section of sections as unknown[]) {
    if (!section || typeof section !== 'object') return fail('each section must be an object');
    const s = section as Json;
    for (const key of Object.keys(s))
      if (!['name', 'description', 'questions'].includes(key)) return fail(`unknown section key ${key}`);
    if (s.name !== undefined && (typeof s.name !== 'string' || s.name.length > 255))
      return fail('section name must be text of at most 255 characters');
    if (s.description !== undefined && (typeof s.description !== 'string' || s.description.length > 10_000)) {
      return fail('section description must be text of at most 10000 characters');
    }
    if (s.questions !== undefined && (!Array.isArray(s.questions) || s.questions.length === 0))
      return fail('questions must be a non-empty list when present');
    const questions: Json[] = [];
    for (const question of (s.questions as unknown[] | undefined) ?? []) {
      const checked = checkQuestion(question, completed, newId);
      if (typeof checked === 'string') return fail(checked);
      if (checked.signature) signatures.push(checked.signature);
      questions.push(checked.question);
    }
    stored.push({ ...s, ...(s.questions ? { questions } : {}) });
  }
  return { ok: true, content: { sections: stored }, signatures };
}

function checkQuestion(
  question: unknown,
  completed: boolean,
  newId: () => string,
): string | { question: Json; signature?: StoredSignature } {
  if (!question || typeof question !== 'object') return 'each question must be an object';
  const q = question as Json;
  if (typeof q.name !== 'string' || q.name.length === 0 || q.name.length > 255)
    return 'a question needs a name of at most 255 characters';
  if (typeof q.type !== 'string' || !QUESTION_TYPES.has(q.type))
    return `unknown question type ${String(q.type)}`;
  if (q.required !== undefined && typeof q.required !== 'boolean') return 'required must be true or false';
  const required = q.required === true;
  switch (q.type) {
    case 'text':
    case 'paragraph': {
      if (q.answer !== undefined && (typeof q.answer !== 'string' || q.answer.length > 10_000))
        return 'an answer must be text of at most 10000 characters';
      if (q.type === 'paragraph' && typeof q.answer === 'string' && !isAllowedHtml(q.answer))
        return 'a paragraph answer may hold only p, div, br, ul, ol, li, blockquote, h1, h2, b, i, u and a';
      if (completed && required && !q.answer) return `${q.name} is required`;
      return { question: q };
    }
    case 'date':
      if (q.answer !== undefined && (typeof q.answer !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(q.answer)))
        return 'a date answer must be YYYY-MM-DD';
      if (completed && required && !q.answer) return `${q.name} is required`;
      return { question: q };
    case 'checkboxes':
    case 'radiobuttons': {
      const answers = q.answers;
      if (!Array.isArray(answers) || answers.length === 0) return 'answers must be a non-empty list';
      for (const a of answers as Json[]) {
        if (typeof a?.value !== 'string' || (a.selected !== undefined && a.selected !== true))
          return 'each answer needs a value, and selected only when true';
      }
      const selected = (answers as Json[]).filter((a) => a.selected === true).length;
      if (q.type === 'radiobuttons' && selected > 1) return 'a radio question takes one answer';
      if (completed && required && selected === 0) return `${q.name} is required`;
      return { question: q };
    }
    default: {
      const { signature, ...rest } = q;
      if (signature === undefined) {
        if (q.signature_id !== undefined && typeof q.signature_id !== 'string')
          return 'signature_id must be an id';
        if (completed && required && q.signature_id === undefined) return `${q.name} is required`;
        return { question: q };
      }
      const problem = svgProblem(signature);
      if (problem) return problem;
      const stored = { id: newId(), image: jsonText(signature) };
      return { question: { ...rest, signature_id: stored.id }, signature: stored };
    }
  }
}

/** Why a signature is refused: not an SVG data URI, or larger than 500×500. */
export function svgProblem(signature: unknown): string | null {
  if (typeof signature !== 'string' || !signature.startsWith(SVG_PREFIX))
    return 'signature must be an SVG data URI';
  let svg: string;
  try {
    svg = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(signature.slice(SVG_PREFIX.length)), (c) => c.charCodeAt(0)),
    );
  } catch {
    return 'signature is not base64';
  }
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) return 'signature is not an SVG image';
  for (const side of ['width', 'height']) {
    const value = new RegExp(`\\s${side}\\s*=\\s*["']([\\d.]+)(?:px)?["']`).exec(root)?.[1];
    if (value === undefined || Number(value) > 500) return 'signature must be at most 500x500';
  }
  return null;
}

/** Paragraph answers: only the listed tags; a literal `<` or `>` must come as an entity. */
function isAllowedHtml(html: string): boolean {
  for (const piece of html.split(/(<[^<>]*>)/)) {
    if (piece.startsWith('<')) {
      const tag = /^<\/?([a-z0-9]+)(?:\s[^<>]*)?\/?>$/i.exec(piece)?.[1]?.toLowerCase();
      if (!tag || !PARAGRAPH_TAGS.has(tag)) return false;
    } else if (piece.includes('<') || piece.includes('>')) {
      return false;
    }
  }
  return true;
}
