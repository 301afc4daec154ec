/**
 * `GET /api/clinics/:clinicId`: the clinic's public profile for the widget, and
 * `GET /api/clinics/:clinicId/bootstrap`: the profile with the catalogue, in one answer.
 * The profile comes from the config, so it holds for as long as the process runs; the
 * bootstrap holds until the provider's catalogue is re-read.
 */
import { Hono } from 'hono';
import type { BootstrapResponse, ClinicProfile, ClinicResponse } from '../../shared/contract.ts';
import type { Clinic } from '../clinic.ts';
import { readClinicCatalogue } from '../booking/clinic-catalogue.ts';
import type { AppEnv } from '../env.ts';
import type { AnswerService } from '../http/answers.ts';
import { CATALOGUE_CACHE_CONTROL } from '../http/cache-control.ts';
import { spends } from '../security/rate-limit.ts';
import { practitionerProfile, visibleCategories } from './catalogue.ts';
import { locationOf } from './practice.ts';

function profileOf(clinic: Clinic): ClinicProfile {
  const { config } = clinic;
  return {
    // The same fields, in the same order, as the clinic's entry in its practice's locations.
    ...locationOf(clinic),
    theme: config.theme,
    waiver: config.waiver,
    policy: config.policy,
    ...(config.contact ? { contact: config.contact } : {}),
    ...(config.turnstile?.enabled ? { turnstile: { siteKey: config.turnstile.siteKey } } : {}),
    ...(config.marketingConsent?.enabled
      ? {
          marketingConsent: {
            label: config.marketingConsent.label ?? `Send me news and offers from ${config.name}`,
          },
        }
      : {}),
    intake: config.intake,
  };
}

export function clinicProfileRoutes(answers: AnswerService) {
  return new Hono<AppEnv>()
    .get(
      '/',
      spends('other'),
      answers.route(CATALOGUE_CACHE_CONTROL, [], async (c) => {
        const body: ClinicResponse = { clinic: profileOf(c.get('clinic')) };
        return { body, readings: [], changesAt: Infinity };
      }),
    )
    .get(
      '/bootstrap',
      spends('other'),
      answers.route(CATALOGUE_CACHE_CONTROL, [], async (c) => {
        const clinic = c.get('clinic');
        const read = readClinicCatalogue(clinic);
        const catalogue = await read.value;
        const body: BootstrapResponse = {
          clinic: profileOf(clinic),
          categories: visibleCategories(catalogue),
          practitioners: catalogue.practitioners.map((p) => ({
            ...practitionerProfile(p),
            serviceIds: p.serviceIds,
          })),
        };
        return { body, readings: [read.reading], changesAt: Infinity };
      }),
    );
}
