/** `GET /api/clinics/:clinicId/availability`: free slots for a service, in the clinic's zone. */
import { Hono } from 'hono';
import { availabilityQuerySchema } from '../../shared/contract.ts';
import { availabilityAnswer } from '../booking/availability-service.ts';
import { candidatePractitioners, findService } from '../booking/catalogue-lookup.ts';
import { clinicCatalogue } from '../booking/clinic-catalogue.ts';
import type { AppEnv } from '../env.ts';
import { noStore } from '../http/cache-control.ts';
import { parseQuery } from '../http/validate.ts';

export function availabilityRoutes(now: () => Date) {
  return new Hono<AppEnv>().get('/availability', noStore, async (c) => {
    const query = parseQuery(availabilityQuerySchema, c.req.query());
    const clinic = c.get('clinic');
    const catalogue = await clinicCatalogue(clinic, c.req.raw.signal);
    const service = findService(catalogue, query.serviceId);
    const practitioners = candidatePractitioners(catalogue, service.id, query.practitionerId);
    const { body } = await availabilityAnswer(
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
      c.req.raw.signal,
    );
    return c.json(body, 200);
  });
}
