/** `GET /api/clinics/:clinicId`: the clinic's public profile for the widget. */
import { Hono } from 'hono';
import type { ClinicResponse } from '../../shared/contract.ts';
import type { AppEnv } from '../env.ts';

export const clinicProfileRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { config } = c.get('clinic');
  const body: ClinicResponse = {
    clinic: {
      id: config.id,
      name: config.name,
      timezone: config.timezone,
      theme: config.theme,
      waiver: config.waiver,
      policy: config.policy,
      ...(config.contact ? { contact: config.contact } : {}),
    },
  };
  return c.json(body, 200);
});
