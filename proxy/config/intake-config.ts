/**
 * The intake questions in a clinic's config: each question checked on its own by the
 * contract's schema, then as a list (unique ids, conditions that point at an earlier
 * question with answers it can give), and the built-in "Have you been to this clinic
 * before?" question added when a rule or condition needs it.
 */
import { z } from 'zod';
import { intakeQuestionSchema, type IntakeQuestionConfig } from '../../shared/contract.ts';
import { RETURNING_PATIENT_QUESTION } from '../../shared/intake.ts';

/** The built-in question scheduling rules use to tell new patients from returning ones. */
export const RETURNING_PATIENT: IntakeQuestionConfig = {
  id: RETURNING_PATIENT_QUESTION,
  label: 'Have you been to this clinic before?',
  type: 'yes-no',
  required: true,
};

const CHOICE_TYPES = new Set(['single-choice', 'multi-choice']);

export const intakeListSchema = z
  .array(intakeQuestionSchema)
  .max(60)
  .default([])
  .superRefine((questions, ctx) => {
    const earlier = new Map<string, IntakeQuestionConfig>();
    questions.forEach((question, i) => {
      const issue = (message: string, path: PropertyKey[] = []) =>
        ctx.addIssue({ code: 'custom', path: [i, ...path], message });
      if (earlier.has(question.id)) issue(`Duplicate question id "${question.id}".`, ['id']);
      if (CHOICE_TYPES.has(question.type) !== Boolean(question.options)) {
        issue(
          CHOICE_TYPES.has(question.type)
            ? 'A choice question needs options.'
            : 'Only choice questions have options.',
          ['options'],
        );
      }
      if (question.id === RETURNING_PATIENT_QUESTION && question.type !== 'yes-no')
        issue('This built-in question must be yes-no.', ['type']);
      const condition = question.showWhen;
      if (condition) {
        const parent =
          condition.questionId === RETURNING_PATIENT_QUESTION
            ? RETURNING_PATIENT
            : earlier.get(condition.questionId);
        if (!parent)
          issue(`showWhen must name an earlier question; "${condition.questionId}" is not one.`, [
            'showWhen',
            'questionId',
          ]);
        else {
          const possible = parent.type === 'yes-no' ? ['yes', 'no'] : (parent.options ?? null);
          const bad = possible ? condition.equals.filter((v) => !possible.includes(v)) : [];
          if (bad.length > 0)
            issue(`"${bad.join('", "')}" is not an answer "${parent.id}" can have.`, ['showWhen', 'equals']);
        }
      }
      earlier.set(question.id, question);
    });
  });

/** The questions with the built-in returning-patient question first, when something uses it. */
export function withReturningPatientQuestion(
  questions: IntakeQuestionConfig[],
  rulesNeedIt: boolean,
): IntakeQuestionConfig[] {
  if (questions.some((q) => q.id === RETURNING_PATIENT_QUESTION)) return questions;
  const referenced = questions.some((q) => q.showWhen?.questionId === RETURNING_PATIENT_QUESTION);
  return rulesNeedIt || referenced ? [RETURNING_PATIENT, ...questions] : questions;
}
