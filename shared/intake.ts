/**
 * Clinic-defined intake questions: the one definition both sides use. The widget renders
 * and checks answers with these functions for instant feedback; the proxy runs the same
 * functions on the booking request, so a hand-made request cannot skip a required answer
 * or smuggle in answers to questions the patient was never shown. Pure functions, no
 * dependencies: they cost the bundle a few hundred bytes.
 */
import { isIsoDate } from './dates.ts';

export const INTAKE_TYPES = [
  'text',
  'long-text',
  'single-choice',
  'multi-choice',
  'yes-no',
  'date',
  'number',
] as const;
export type IntakeType = (typeof INTAKE_TYPES)[number];

/** The built-in "Have you been to this clinic before?" question, which scheduling rules can use. */
export const RETURNING_PATIENT_QUESTION = 'returning-patient';

export interface IntakeQuestion {
  /** Stable id, used as the answer's key and by `showWhen`. */
  id: string;
  label: string;
  type: IntakeType;
  required: boolean;
  /** Help text shown under the question. */
  help?: string;
  /** The choices, for `single-choice` and `multi-choice`. */
  options?: string[];
  /** Bounds for `number`. */
  min?: number;
  max?: number;
  /** Asked only for these services or categories; everywhere when absent. */
  appliesTo?: { serviceIds?: string[]; categoryIds?: string[] };
  /** Asked only when another (earlier) question's answer is one of `equals`. */
  showWhen?: { questionId: string; equals: string[] };
}

export type IntakeAnswer = string | string[];
export type IntakeAnswers = Record<string, IntakeAnswer>;

/** Which service the questions are being asked for. */
export interface IntakeContext {
  serviceId: string;
  categoryId: string;
}

/** Longest answer accepted per type of text question. */
export const MAX_ANSWER_LENGTH: Record<'text' | 'long-text', number> = { text: 200, 'long-text': 2000 };

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function appliesTo(question: IntakeQuestion, context: IntakeContext): boolean {
  const scope = question.appliesTo;
  if (!scope || (!scope.serviceIds?.length && !scope.categoryIds?.length)) return true;
  return Boolean(
    scope.serviceIds?.includes(context.serviceId) || scope.categoryIds?.includes(context.categoryId),
  );
}

function matches(answer: IntakeAnswer | undefined, values: string[]): boolean {
  if (answer === undefined) return false;
  return Array.isArray(answer) ? answer.some((a) => values.includes(a)) : values.includes(answer);
}

/**
 * The questions the patient sees for this service, given the answers so far, in the
 * clinic's order. A question whose condition depends on a hidden question is hidden too.
 */
export function visibleQuestions(
  questions: IntakeQuestion[],
  context: IntakeContext,
  answers: IntakeAnswers,
): IntakeQuestion[] {
  const shown = new Set<string>();
  const visible: IntakeQuestion[] = [];
  for (const question of questions) {
    if (!appliesTo(question, context)) continue;
    const condition = question.showWhen;
    if (
      condition &&
      !(shown.has(condition.questionId) && matches(answers[condition.questionId], condition.equals))
    )
      continue;
    shown.add(question.id);
    visible.push(question);
  }
  return visible;
}

/** True when an answer is missing or blank. */
export function isBlank(answer: IntakeAnswer | undefined): boolean {
  return answer === undefined || (Array.isArray(answer) ? answer.length === 0 : answer.trim() === '');
}

/** Why an answer to `question` is unacceptable, or `null`. Blank answers are judged by `required`. */
export function answerProblem(question: IntakeQuestion, answer: IntakeAnswer | undefined): string | null {
  if (isBlank(answer)) return question.required ? 'Please answer this question.' : null;
  const options = question.options ?? [];
  switch (question.type) {
    case 'multi-choice': {
      if (!Array.isArray(answer)) return 'Choose from the options given.';
      if (answer.some((a) => !options.includes(a)) || new Set(answer).size !== answer.length)
        return 'Choose from the options given.';
      return null;
    }
    case 'single-choice':
      return typeof answer === 'string' && options.includes(answer)
        ? null
        : 'Choose one of the options given.';
    case 'yes-no':
      return answer === 'yes' || answer === 'no' ? null : 'Answer yes or no.';
    case 'date':
      return typeof answer === 'string' && isIsoDate(answer) ? null : 'Enter a real date.';
    case 'number': {
      if (typeof answer !== 'string' || !/^-?\d{1,9}(\.\d{1,4})?$/.test(answer.trim()))
        return 'Enter a number.';
      const value = Number(answer);
      if (question.min !== undefined && value < question.min) return `Enter ${question.min} or more.`;
      if (question.max !== undefined && value > question.max) return `Enter ${question.max} or less.`;
      return null;
    }
    case 'text':
    case 'long-text': {
      if (typeof answer !== 'string') return 'Enter text.';
      const max = MAX_ANSWER_LENGTH[question.type];
      if (answer.trim().length > max) return `Keep this under ${max} characters.`;
      const lineBreak = question.type === 'text' && /[\t\n\r]/.test(answer);
      if (lineBreak || CONTROL_CHARACTERS.test(answer)) return 'Remove the special characters.';
      return null;
    }
  }
}

export interface IntakeCheck {
  /** The answers to visible questions only, trimmed; blank optional answers left out. */
  answers: IntakeAnswers;
  /** A message per question id that needs fixing. */
  errors: Record<string, string>;
}

/** Checks a whole set of answers for a service: the rule both the widget and the proxy apply. */
export function checkIntake(
  questions: IntakeQuestion[],
  context: IntakeContext,
  answers: IntakeAnswers,
): IntakeCheck {
  const clean: IntakeAnswers = {};
  const errors: Record<string, string> = {};
  for (const question of visibleQuestions(questions, context, answers)) {
    const raw = answers[question.id];
    const problem = answerProblem(question, raw);
    if (problem) errors[question.id] = problem;
    else if (!isBlank(raw)) clean[question.id] = Array.isArray(raw) ? [...raw] : (raw as string).trim();
  }
  return { answers: clean, errors };
}

/** An answer as a person reads it: "Yes", "Knee, Back", "2026-03-01". */
export function formatAnswer(question: IntakeQuestion, answer: IntakeAnswer): string {
  if (question.type === 'yes-no') return answer === 'yes' ? 'Yes' : 'No';
  return Array.isArray(answer) ? answer.join(', ') : answer;
}

/** Question and answer pairs, in the clinic's order, for the confirm step and the practice system. */
export function describeIntake(
  questions: IntakeQuestion[],
  answers: IntakeAnswers,
): Array<{ question: string; answer: string }> {
  return questions
    .filter((q) => answers[q.id] !== undefined)
    .map((q) => ({ question: q.label, answer: formatAnswer(q, answers[q.id]!) }));
}
