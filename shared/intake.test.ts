import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerProblem,
  checkIntake,
  describeIntake,
  visibleQuestions,
  type IntakeQuestion,
} from './intake.ts';

const q = (question: Partial<IntakeQuestion> & Pick<IntakeQuestion, 'id' | 'type'>): IntakeQuestion => ({
  label: question.id,
  required: false,
  ...question,
});

const physio = { serviceId: 'physio-initial', categoryId: 'physiotherapy' };
const psych = { serviceId: 'psych', categoryId: 'psychology' };

const questions: IntakeQuestion[] = [
  q({ id: 'child', label: 'Is this appointment for a child?', type: 'yes-no', required: true }),
  q({
    id: 'guardian-name',
    label: 'Parent or guardian’s name',
    type: 'text',
    required: true,
    showWhen: { questionId: 'child', equals: ['yes'] },
  }),
  q({
    id: 'guardian-relationship',
    type: 'single-choice',
    options: ['Parent', 'Guardian', 'Other carer'],
    required: true,
    showWhen: { questionId: 'child', equals: ['yes'] },
  }),
  q({
    id: 'guardian-note',
    type: 'long-text',
    showWhen: { questionId: 'guardian-relationship', equals: ['Other carer'] },
  }),
  q({
    id: 'injury-areas',
    type: 'multi-choice',
    options: ['Neck', 'Back', 'Knee'],
    appliesTo: { categoryIds: ['physiotherapy'] },
  }),
  q({ id: 'k10', type: 'number', min: 10, max: 50, appliesTo: { serviceIds: ['psych'] } }),
  q({ id: 'referral-date', type: 'date', appliesTo: { categoryIds: ['psychology'] } }),
];

describe('intake questions', () => {
  it('asks each question only for the services and categories it applies to', () => {
    assert.deepEqual(
      visibleQuestions(questions, physio, {}).map((x) => x.id),
      ['child', 'injury-areas'],
    );
    assert.deepEqual(
      visibleQuestions(questions, psych, {}).map((x) => x.id),
      ['child', 'k10', 'referral-date'],
    );
  });

  it('shows conditional questions when the answer matches, and hides their dependants when not', () => {
    const shown = visibleQuestions(questions, physio, {
      child: 'yes',
      'guardian-relationship': 'Other carer',
    }).map((x) => x.id);
    assert.deepEqual(shown, [
      'child',
      'guardian-name',
      'guardian-relationship',
      'guardian-note',
      'injury-areas',
    ]);
    const hidden = visibleQuestions(questions, physio, {
      child: 'no',
      'guardian-relationship': 'Other carer',
    }).map((x) => x.id);
    assert.deepEqual(hidden, ['child', 'injury-areas']);
  });

  it('requires the required visible answers and drops answers to hidden or unknown questions', () => {
    const missing = checkIntake(questions, physio, { child: 'yes' });
    assert.deepEqual(Object.keys(missing.errors), ['guardian-name', 'guardian-relationship']);
    const hiddenAnswers = checkIntake(questions, physio, {
      child: 'no',
      'guardian-name': 'Sam',
      k10: '20',
      sneaky: 'x',
    });
    assert.deepEqual(hiddenAnswers, { answers: { child: 'no' }, errors: {} });
  });

  it('checks every type of answer', () => {
    const byId = (id: string) => questions.find((x) => x.id === id)!;
    assert.equal(answerProblem(byId('child'), 'maybe'), 'Answer yes or no.');
    assert.equal(answerProblem(byId('guardian-name'), 'Sam\nLee'), 'Remove the special characters.');
    assert.equal(answerProblem(byId('guardian-name'), 'x'.repeat(201)), 'Keep this under 200 characters.');
    assert.equal(answerProblem(byId('guardian-note'), 'line one\nline two'), null);
    assert.equal(answerProblem(byId('guardian-relationship'), 'Uncle'), 'Choose one of the options given.');
    assert.equal(answerProblem(byId('injury-areas'), ['Neck', 'Back']), null);
    assert.equal(answerProblem(byId('injury-areas'), ['Neck', 'Elbow']), 'Choose from the options given.');
    assert.equal(answerProblem(byId('injury-areas'), ['Neck', 'Neck']), 'Choose from the options given.');
    assert.equal(answerProblem(byId('injury-areas'), 'Neck'), 'Choose from the options given.');
    assert.equal(answerProblem(byId('k10'), '27'), null);
    assert.equal(answerProblem(byId('k10'), '9'), 'Enter 10 or more.');
    assert.equal(answerProblem(byId('k10'), '51'), 'Enter 50 or less.');
    assert.equal(answerProblem(byId('k10'), 'twenty'), 'Enter a number.');
    assert.equal(answerProblem(byId('referral-date'), '2026-02-30'), 'Enter a real date.');
    assert.equal(answerProblem(byId('referral-date'), '2026-02-03'), null);
    assert.equal(answerProblem(byId('child'), undefined), 'Please answer this question.');
    assert.equal(answerProblem(byId('k10'), '  '), null);
  });

  it('describes the answers in the clinic’s order for the practitioner', () => {
    const { answers } = checkIntake(questions, physio, {
      'injury-areas': ['Knee', 'Back'],
      child: 'yes',
      'guardian-name': ' Sam Lee ',
      'guardian-relationship': 'Parent',
    });
    assert.deepEqual(describeIntake(questions, answers), [
      { question: 'Is this appointment for a child?', answer: 'Yes' },
      { question: 'Parent or guardian’s name', answer: 'Sam Lee' },
      { question: 'guardian-relationship', answer: 'Parent' },
      { question: 'injury-areas', answer: 'Knee, Back' },
    ]);
  });
});
