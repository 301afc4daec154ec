/**
 * `GET /api/clinics/:clinicId/services` and `/practitioners`: what the clinic offers and
 * who offers it. Answered from the answer cache until the provider's catalogue is re-read.
 */
import { Hono } from 'hono';
import {
  practitionersQuerySchema,
  type Practitioner,
  type PractitionersResponse,
  type ServicesResponse,
} from '../../shared/contract.ts';
import { findService, practitionersOffering } from '../booking/catalogue-lookup.ts';
import { readClinicCatalogue } from '../booking/clinic-catalogue.ts';
import type { AppEnv } from '../env.ts';
import type { AnswerService } from '../http/answers.ts';
import { CATALOGUE_CACHE_CONTROL } from '../http/cache-control.ts';
import { spends } from '../security/rate-limit.ts';
import { parseQuery } from '../http/validate.ts';
import type { Catalogue } from '../providers/provider.ts';

/** A practitioner as the widget is told of them: the optional parts only when the system has them. */
export function practitionerProfile({ id, name, title, bio }: Practitioner): Practitioner {
  return { id, name, ...(title ? { title } : {}), ...(bio ? { bio } : {}) };
}

/** The categories that have at least one service to offer. */
export function visibleCategories(catalogue: Catalogue) {
  return catalogue.categories.filter((category) => category.services.length > 0);
}

export function catalogueRoutes(answers: AnswerService) {
  return new Hono<AppEnv>()
    .get(
      '/services',
      spends('other'),
      answers.route(CATALOGUE_CACHE_CONTROL, [], async (c) => {
        const read = readClinicCatalogue(c.get('clinic'));
        const body: ServicesResponse = { categories: visibleCategories(await read.value) };
        return { body, readings: [read.reading], changesAt: Infinity };
      }),
    )
    .get(
      '/practitioners',
      spends('other'),
      answers.route(CATALOGUE_CACHE_CONTROL, ['serviceId'], async (c) => {
        const { serviceId } = parseQuery(practitionersQuerySchema, c.req.query());
        const read = readClinicCatalogue(c.get('clinic'));
        const catalogue = await read.value;
        const practitioners = serviceId
          ? practitionersOffering(catalogue, findService(catalogue, serviceId).id)
          : catalogue.practitioners;
        const body: PractitionersResponse = {
          practitioners: practitioners.map(practitionerProfile),
        };
        return { body, readings: [read.reading], changesAt: Infinity };
      }),
    );
}
