/**
 * The feed's answer from one or more locations' capacity: every cell with its utilisation,
 * and the totals per day, practitioner, service, location and for the whole range. One
 * clinic's feed is the report of one location; a practice's is the report of its clinics.
 *
 * The answer is parsed through the strict schema of `shared/capacity-contract.ts` before it
 * is returned, so nothing outside that allow-list can reach a response.
 */
import {
  capacityResponseSchema,
  type CapacityDay,
  type CapacityResponse,
  type CapacityService,
} from '../../shared/capacity-contract.ts';
import { toClinicIso } from '../time/clinic-time.ts';
import { sumMetrics, withUtilisation, type RawMetrics } from './capacity-metrics.ts';
import type { CapacityWindow, LocationCapacity } from './location-capacity.ts';

export interface ReportOptions {
  /** Seconds until the numbers are read again, for the client's next refresh. */
  maxAgeSeconds: number;
}

/** The feed's answer for `locations` (at least one) over the window asked for. */
export function capacityReport(
  locations: readonly LocationCapacity[],
  window: CapacityWindow,
  options: ReportOptions,
): CapacityResponse {
  const first = locations[0];
  if (!first) throw new Error('A capacity report needs at least one location.');
  const dates = [...new Set(locations.flatMap((l) => l.days.map((d) => d.date)))].sort();
  const perLocation = new Map<string, RawMetrics[]>();
  const perPractitioner = new Map<string, RawMetrics[]>();
  const perService = new Map<string, RawMetrics[]>();

  const days: CapacityDay[] = dates.map((date) => {
    const rows = locations.flatMap((location) =>
      (location.days.find((d) => d.date === date)?.practitioners ?? []).map((row) => {
        const locationId = location.location.id;
        add(perLocation, locationId, row.totals);
        add(perPractitioner, `${locationId}|${row.practitionerId}`, row.totals);
        for (const cell of row.services) add(perService, cell.serviceId, cell);
        return {
          practitionerId: row.practitionerId,
          locationId,
          totals: withUtilisation(row.totals),
          services: row.services.map(({ serviceId, ...metrics }) => ({
            serviceId,
            ...withUtilisation(metrics),
          })),
        };
      }),
    );
    return { date, totals: withUtilisation(sumMetrics(rows.map((r) => r.totals))), practitioners: rows };
  });

  const services = new Map<string, CapacityService>();
  for (const location of locations) {
    for (const service of location.services) {
      if (!services.has(service.id))
        services.set(service.id, {
          ...service,
          totals: withUtilisation(sumMetrics(perService.get(service.id) ?? [])),
        });
    }
  }

  const generatedAt = new Date(Math.min(...locations.map((l) => l.generatedAt.getTime())));
  return capacityResponseSchema.parse({
    from: window.fromDate,
    to: window.toDate,
    generatedAt: toClinicIso(generatedAt, first.location.timezone),
    maxAgeSeconds: options.maxAgeSeconds,
    totals: withUtilisation(sumMetrics(days.map((d) => d.totals))),
    locations: locations.map(({ location }) => ({
      ...location,
      totals: withUtilisation(sumMetrics(perLocation.get(location.id) ?? [])),
    })),
    practitioners: locations.flatMap(({ location, practitioners }) =>
      practitioners.map((p) => ({
        id: p.id,
        name: p.name,
        locationId: location.id,
        totals: withUtilisation(sumMetrics(perPractitioner.get(`${location.id}|${p.id}`) ?? [])),
      })),
    ),
    services: [...services.values()],
    days,
  } satisfies CapacityResponse);
}

function add(map: Map<string, RawMetrics[]>, key: string, metrics: RawMetrics) {
  const list = map.get(key);
  if (list) list.push(metrics);
  else map.set(key, [metrics]);
}
