/**
 * `GET /api/clinics/:clinicId/services` and `/practitioners`: what the clinic offers and
 * who offers it.
 */
import { Hono } from 'hono';
import {
  practitionersQuerySchema,
  type Practitioner,
  type PractitionersResponse,
  type ServicesResponse,
} from '../../shared/contract.ts';
import { findService, practitionersOffering } from '../booking/catalogue-lookup.ts';
import { clinicCatalogue } from '../booking/clinic-catalogue.ts';
import type { AppEnv } from '../env.ts';
import { spends } from '../security/rate-limit.ts';
import { catalogueCaching } from '../http/cache-control.ts';
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

export const catalogueRoutes = new Hono<AppEnv>()
  .get('/services', spends('other'), catalogueCaching, async (c) => {
    const catalogue = await clinicCatalogue(c.get('clinic'), c.req.raw.signal);
    const body: ServicesResponse = { categories: visibleCategories(catalogue) };
    return c.json(body, 200);
  })
  .get('/practitioners', spends('other'), catalogueCaching, async (c) => {
    const { serviceId } = parseQuery(practitionersQuerySchema, c.req.query());
    const catalogue = await clinicCatalogue(c.get('clinic'), c.req.raw.signal);
    const practitioners = serviceId
      ? practitionersOffering(catalogue, findService(catalogue, serviceId).id)
      : catalogue.practitioners;
    const body: PractitionersResponse = {
      practitioners: practitioners.map(practitionerProfile),
    };
    return c.json(body, 200);
  });
