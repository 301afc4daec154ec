/**
 * `GET /api/practices/:practiceId`: a practice and its locations, for the widget's location
 * step ("Where would you like to be seen?"). From the config, so it holds for as long as the
 * process runs; cached and revalidated like the clinic profile.
 */
import { Hono } from 'hono';
import type { PracticeLocation, PracticeResponse } from '../../shared/contract.ts';
import type { Clinic } from '../clinic.ts';
import type { AppEnv } from '../env.ts';
import type { AnswerService } from '../http/answers.ts';
import { CATALOGUE_CACHE_CONTROL } from '../http/cache-control.ts';
import type { Practice } from '../practice.ts';
import { spends } from '../security/rate-limit.ts';

/** A clinic as one of a practice's locations: what the location step shows, nothing more. */
export function locationOf({ config }: Clinic): PracticeLocation {
  return {
    id: config.id,
    name: config.name,
    timezone: config.timezone,
    ...(config.address ? { address: config.address } : {}),
    ...(config.mapUrl ? { mapUrl: config.mapUrl } : {}),
  };
}

export function practiceAnswer(practice: Practice): PracticeResponse {
  return {
    practice: {
      id: practice.config.id,
      name: practice.config.name,
      clinics: practice.clinics.map(locationOf),
    },
  };
}

export function practiceRoutes(answers: AnswerService) {
  return new Hono<AppEnv>().get(
    '/',
    spends('other'),
    answers.route(CATALOGUE_CACHE_CONTROL, [], async (c) => ({
      body: practiceAnswer(c.get('practice')),
      readings: [],
      changesAt: Infinity,
    })),
  );
}
