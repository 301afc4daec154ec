/** `GET /api/clinics/:clinicId/availability`: free slots for a service, in the clinic's zone. */
import { Hono } from 'hono';
import { availabilityQuerySchema } from '../../shared/contract.ts';
import { availabilityAnswer } from '../booking/availability-service.ts';
import { candidatePractitioners, findService } from '../booking/catalogue-lookup.ts';
import type { AppEnv } from '../env.ts';
import { noStore } from '../http/cache-control.ts';
import { parseQuery } from '../http/validate.ts';

export function availabilityRoutes(now: () => Date) {
  return new Hono<AppEnv>().get('/availability', noStore, async (c) => {
    const query = parseQuery(availabilityQuerySchema, c.req.query());
    const clinic = c.get('clinic');
    const catalogue = await clinic.provider.getCatalogue(c.req.raw.signal);
    const service = findService(catalogue, query.serviceId);
    const practitioners = candidatePractitioners(catalogue, service.id, query.practitionerId);
    const body = await availabilityAnswer(
      clinic,
      { service, practitioners, fromDate: query.from, toDate: query.to },
      now(),
      c.req.raw.signal,
    );
    return c.json(body, 200);
  });
}
