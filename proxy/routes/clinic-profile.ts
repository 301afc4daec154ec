/**
 * `GET /api/clinics/:clinicId`: the clinic's public profile for the widget, and
 * `GET /api/clinics/:clinicId/bootstrap`: the profile with the catalogue, in one answer.
 */
import { Hono } from 'hono';
import type { BootstrapResponse, ClinicProfile, ClinicResponse } from '../../shared/contract.ts';
import type { Clinic } from '../clinic.ts';
import { clinicCatalogue } from '../booking/clinic-catalogue.ts';
import type { AppEnv } from '../env.ts';
import { spends } from '../security/rate-limit.ts';
import { catalogueCaching } from '../http/cache-control.ts';
import { practitionerProfile, visibleCategories } from './catalogue.ts';

function profileOf({ config }: Clinic): ClinicProfile {
  return {
    id: config.id,
    name: config.name,
    timezone: config.timezone,
    theme: config.theme,
    waiver: config.waiver,
    policy: config.policy,
    ...(config.contact ? { contact: config.contact } : {}),
    ...(config.turnstile?.enabled ? { turnstile: { siteKey: config.turnstile.siteKey } } : {}),
    intake: config.intake,
  };
}

export const clinicProfileRoutes = new Hono<AppEnv>()
  .get('/', spends('other'), catalogueCaching, (c) => {
    const body: ClinicResponse = { clinic: profileOf(c.get('clinic')) };
    return c.json(body, 200);
  })
  .get('/bootstrap', spends('other'), catalogueCaching, async (c) => {
    const clinic = c.get('clinic');
    const catalogue = await clinicCatalogue(clinic, c.req.raw.signal);
    const body: BootstrapResponse = {
      clinic: profileOf(clinic),
      categories: visibleCategories(catalogue),
      practitioners: catalogue.practitioners.map((p) => ({
        ...practitionerProfile(p),
        serviceIds: p.serviceIds,
      })),
    };
    return c.json(body, 200);
  });
