/** `GET /api/clinics/:clinicId/availability`: free slots for a service, in the clinic's zone. */
import { Hono } from 'hono';
import { availabilityQuerySchema } from '../../shared/contract.ts';
import { availabilityAnswer } from '../booking/availability-service.ts';
import { candidatePractitioners, findService } from '../booking/catalogue-lookup.ts';
import { readClinicCatalogue } from '../booking/clinic-catalogue.ts';
import type { AppEnv } from '../env.ts';
import type { AnswerService } from '../http/answers.ts';
import { AVAILABILITY_CACHE_CONTROL } from '../http/cache-control.ts';
import { parseQuery } from '../http/validate.ts';
import { spends } from '../security/rate-limit.ts';

const PARAMS = Object.keys(availabilityQuerySchema.shape);

export function availabilityRoutes(now: () => Date, answers: AnswerService) {
  return new Hono<AppEnv>().get(
    '/availability',
    spends('availability'),
    // No request's abort signal: a build is shared by the requests that arrive while it runs.
    answers.route(AVAILABILITY_CACHE_CONTROL, PARAMS, async (c) => {
      const query = parseQuery(availabilityQuerySchema, c.req.query());
      const clinic = c.get('clinic');
      const catalogueRead = readClinicCatalogue(clinic);
      const catalogue = await catalogueRead.value;
      const service = findService(catalogue, query.serviceId);
      const practitioners = candidatePractitioners(catalogue, service.id, query.practitionerId);
      const { body, readings, changesAt } = await availabilityAnswer(
        clinic,
        {
          catalogue,
          service,
          practitioners,
          fromDate: query.from,
          toDate: query.to,
          newPatient: query.returningPatient !== 'yes',
        },
        now(),
      );
      return { body, readings: [catalogueRead.reading, ...readings], changesAt };
    }),
  );
}
