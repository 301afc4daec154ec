/**
 * A small Halaxy practice for the fake: a practice group with two clinics, four
 * practitioners (one at the other clinic only, one deactivated), appointment types that are
 * bookable online, offline, archived, at the other clinic or missing their online flag, two
 * fees, a returning patient (whose email has a `+`) and a relative who shares her email,
 * and a few appointments already in the diary, relative to the fake's clock.
 */
import { addDaysToIsoDate } from '../../../shared/dates.ts';
import { instantAt, localDateOf, weekdayOf } from '../../../proxy/time/clinic-time.ts';
import type { Json } from './halaxy-fhir.ts';

export const SEED_TIMEZONE = 'Australia/Sydney';
export const CLINIC_ID = 'CL-100200';
export const OTHER_CLINIC_ID = 'CL-100300';
export const MEDICARE_FUNDER_ID = 'FD-9001';

export const ROLES = {
  meiChen: 'PR-1650721',
  tomWalker: 'PR-1650722',
  priyaNair: 'PR-1650723',
  samOkafor: 'PR-1650724',
  retiredRole: 'PR-1650725',
} as const;

export const SERVICES = {
  physioInitial: '567387',
  physioFollowUp: '567388',
  psychology: '567389',
  groupPilates: '567390',
  archived: '567391',
  otherClinic: '567392',
  unflagged: '567393',
} as const;

/** Weekly hours per role: weekday (0 = Sunday) → sessions in clinic-local minutes. */
export type WeeklyHours = Partial<Record<number, Array<[number, number]>>>;

export interface SeedRole {
  resource: Json;
  hours: WeeklyHours;
}

export interface SeedAppointment {
  roleId: string;
  patientId: string | null;
  serviceId: string | null;
  start: number;
  end: number;
  status: string;
  description: string;
}

export interface Seed {
  organizations: Json[];
  practitioners: Json[];
  roles: SeedRole[];
  services: Json[];
  fees: Json[];
  patients: Json[];
  appointments: SeedAppointment[];
}

const ONLINE = 'https://terminology.halaxy.com/StructureDefinition/healthcare-service-allow-online-booking';
const DURATION = 'https://terminology.halaxy.com/StructureDefinition/healthcare-service-duration';
const FEE = 'https://terminology.halaxy.com/StructureDefinition/healthcare-service-charge-item-definition';
const h = (hours: number, minutes = 0) => hours * 60 + minutes;

export function createSeed(base: string, now: number): Seed {
  const ref = (type: string, id: string) => ({ reference: `${base}/${type}/${id}`, type });
  const practitioner = (
    id: string,
    given: string,
    family: string,
    profession: string,
    active = true,
  ): Json => ({
    resourceType: 'Practitioner',
    id,
    active,
    name: [
      { use: 'official', given: [given], family, prefix: ['Dr'] },
      { use: 'usual', given: [given], family },
    ],
    qualification: [
      {
        code: {
          coding: [
            {
              system: 'https://terminology.halaxy.com/CodeSystem/profession',
              code: profession.toLowerCase(),
              display: profession,
            },
          ],
        },
      },
    ],
  });
  const role = (
    id: string,
    practitionerId: string,
    clinic: string,
    serviceIds: string[],
    hours: WeeklyHours,
  ): SeedRole => ({
    resource: {
      resourceType: 'PractitionerRole',
      id,
      active: true,
      practitioner: ref('Practitioner', practitionerId),
      organization: ref('Organization', clinic),
      healthcareService: serviceIds.map((s) => ({
        reference: `/main/HealthcareService/${s}`,
        type: 'HealthcareService',
      })),
      extension: [
        {
          url: 'https://terminology.halaxy.com/StructureDefinition/practitioner-role-provider-number',
          valueString: `2${id.slice(-5)}A`,
        },
      ],
    },
    hours,
  });
  const service = (
    id: string,
    name: string,
    minutes: number,
    online: string | null,
    extra: Json = {},
  ): Json => ({
    resourceType: 'HealthcareService',
    id,
    active: true,
    providedBy: ref('Organization', 'PG-55'),
    name,
    comment: `${name}. Please arrive five minutes early.`,
    extension: [
      {
        url: DURATION,
        valueQuantity: { value: minutes, unit: 'minute', system: 'http://unitsofmeasure.org', code: 'min' },
      },
      ...(online ? [{ url: ONLINE, valueString: online }] : []),
      ...((extra.extension as Json[] | undefined) ?? []),
    ],
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'extension')),
  });
  const weekdays = (sessions: Array<[number, number]>, days: number[]): WeeklyHours =>
    Object.fromEntries(days.map((d) => [d, sessions]));

  const roles: SeedRole[] = [
    role(ROLES.meiChen, 'PR-1439411', CLINIC_ID, [SERVICES.psychology], weekdays([[h(9), h(17)]], [1, 3, 5])),
    role(
      ROLES.tomWalker,
      'PR-1439412',
      CLINIC_ID,
      [SERVICES.physioInitial, SERVICES.physioFollowUp, SERVICES.groupPilates],
      weekdays(
        [
          [h(8), h(12)],
          [h(13), h(18)],
        ],
        [1, 2, 3, 4, 5],
      ),
    ),
    role(ROLES.priyaNair, 'PR-1439413', CLINIC_ID, [SERVICES.physioInitial, SERVICES.physioFollowUp], {
      2: [[h(10), h(19)]],
      4: [[h(10), h(19)]],
      6: [[h(9), h(13)]],
    }),
    role(
      ROLES.samOkafor,
      'PR-1439414',
      OTHER_CLINIC_ID,
      [SERVICES.physioInitial, SERVICES.otherClinic],
      weekdays([[h(9), h(17)]], [1, 2, 3, 4, 5]),
    ),
    role(
      ROLES.retiredRole,
      'PR-1439415',
      CLINIC_ID,
      [SERVICES.physioFollowUp],
      weekdays([[h(9), h(17)]], [1, 2, 3, 4, 5]),
    ),
  ];

  // Three appointments already in the diary on the next weekday, and one cancelled.
  let day = localDateOf(new Date(now), SEED_TIMEZONE);
  do day = addDaysToIsoDate(day, 1);
  while (![1, 2, 3, 4, 5].includes(weekdayOf(day)));
  const at = (minutes: number) => instantAt(day, minutes, SEED_TIMEZONE).getTime();
  const appointments: SeedAppointment[] = [
    {
      roleId: ROLES.tomWalker,
      patientId: '30000002',
      serviceId: SERVICES.physioFollowUp,
      start: at(h(9)),
      end: at(h(9, 30)),
      status: 'booked',
      description: '',
    },
    {
      roleId: ROLES.tomWalker,
      patientId: null,
      serviceId: null,
      start: at(h(10)),
      end: at(h(11)),
      status: 'booked',
      description: 'Team meeting',
    },
    {
      roleId: ROLES.tomWalker,
      patientId: '30000001',
      serviceId: SERVICES.physioFollowUp,
      start: at(h(14)),
      end: at(h(14, 30)),
      status: 'cancelled',
      description: '',
    },
  ];

  return {
    organizations: [
      { resourceType: 'Organization', id: 'PG-55', active: true, name: 'Northside Allied Health' },
      {
        resourceType: 'Organization',
        id: CLINIC_ID,
        active: true,
        name: 'Northside Allied Health (Newtown)',
        partOf: ref('Organization', 'PG-55'),
      },
      {
        resourceType: 'Organization',
        id: OTHER_CLINIC_ID,
        active: true,
        name: 'Northside Allied Health (Marrickville)',
        partOf: ref('Organization', 'PG-55'),
      },
      { resourceType: 'Organization', id: MEDICARE_FUNDER_ID, active: true, name: 'Medicare' },
      // Found by a search for "Medicare", and neither is Medicare's funder.
      { resourceType: 'Organization', id: 'OG-4410', active: true, name: 'Medicare Local Inner West' },
      { resourceType: 'Organization', id: 'FD-9002', active: true, name: 'Medicare Benefits Schedule (old)' },
      { resourceType: 'Organization', id: 'FD-9003', active: true, name: 'Department of Veterans’ Affairs' },
    ],
    practitioners: [
      practitioner('PR-1439411', 'Mei', 'Chen', 'Psychologist'),
      practitioner('PR-1439412', 'Tom', 'Walker', 'Physiotherapist'),
      practitioner('PR-1439413', 'Priya', 'Nair', 'Physiotherapist'),
      practitioner('PR-1439414', 'Sam', 'Okafor', 'Physiotherapist'),
      practitioner('PR-1439415', 'Ruth', 'Ellis', 'Physiotherapist', false),
    ],
    roles,
    services: [
      service(
        SERVICES.physioInitial,
        'Initial physiotherapy consultation',
        45,
        'Yes - any bookable appointment time',
        {
          extension: [
            {
              url: FEE,
              valueReference: {
                reference: `${base}/ChargeItemDefinition/8801`,
                type: 'ChargeItemDefinition',
              },
            },
          ],
        },
      ),
      service(SERVICES.physioFollowUp, 'Physiotherapy follow-up', 30, 'Yes - any bookable appointment time'),
      service(SERVICES.psychology, 'Psychology session', 50, 'Yes - only appointments matching the type', {
        extension: [
          {
            url: FEE,
            valueReference: { reference: `/main/ChargeItemDefinition/8802`, type: 'ChargeItemDefinition' },
          },
        ],
      }),
      service(SERVICES.groupPilates, 'Group Pilates', 60, 'No'),
      service(SERVICES.archived, 'Dry needling (old)', 30, 'Yes - any bookable appointment time', {
        active: false,
      }),
      service(SERVICES.otherClinic, 'Hydrotherapy', 45, 'Yes - any bookable appointment time', {
        providedBy: ref('Organization', OTHER_CLINIC_ID),
      }),
      service(SERVICES.unflagged, 'Telehealth review', 20, null),
    ],
    fees: [
      {
        resourceType: 'ChargeItemDefinition',
        id: '8801',
        status: 'active',
        title: 'Initial consult',
        propertyGroup: [{ priceComponent: [{ type: 'base', amount: { value: 120, currency: 'AUD' } }] }],
      },
      {
        resourceType: 'ChargeItemDefinition',
        id: '8802',
        status: 'active',
        title: 'Psychology',
        propertyGroup: [{ priceComponent: [{ type: 'base', amount: { value: 225.5, currency: 'AUD' } }] }],
      },
    ],
    patients: [
      {
        resourceType: 'Patient',
        id: '30000001',
        active: true,
        name: [{ use: 'official', given: ['Alex'], family: 'Nguyễn' }],
        telecom: [
          { system: 'email', value: 'alex.nguyen+physio@example.com', use: 'home' },
          { system: 'sms', value: '+61412000001', use: 'mobile' },
        ],
        birthDate: '1985-06-30',
      },
      {
        resourceType: 'Patient',
        id: '30000002',
        active: true,
        name: [{ use: 'official', given: ['Kim'], family: 'Nguyễn' }],
        telecom: [{ system: 'email', value: 'alex.nguyen+physio@example.com', use: 'home' }],
        birthDate: '2012-02-14',
      },
    ],
    appointments,
  };
}
