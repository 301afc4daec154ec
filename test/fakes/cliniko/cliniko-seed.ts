/**
 * The fake Cliniko account's starting data: one business booked into (and another the
 * proxy must ignore), appointment types in categories (some hidden, a group class, an
 * archived one, one only at the other business), practitioners (one hidden from online
 * bookings, one at the other business) with weekly hours, a diary on Tuesday 24 November
 * 2026, and returning patients. Ids are 19-digit strings above 2^53, as Cliniko's are.
 */

export const SEED_TIMEZONE = 'Australia/Sydney';

export const BUSINESS_ID = '1750000000000000001';
export const OTHER_BUSINESS_ID = '1750000000000000002';

export const TYPES = {
  physioInitial: '1760000000000000101',
  physioFollowUp: '1760000000000000102',
  psychology: '1760000000000000103',
  telehealth: '1760000000000000104',
  staffMeeting: '1760000000000000105',
  pilatesClass: '1760000000000000106',
  hydrotherapy: '1760000000000000107',
  retired: '1760000000000000108',
} as const;

export const PRACTITIONERS = {
  meiChen: '1770000000000001001',
  tomWalker: '1770000000000001002',
  priyaNair: '1770000000000001003',
  samLocum: '1770000000000001004',
  oliviaHart: '1770000000000001005',
} as const;

export const PATIENTS = {
  alex: '1780000000000000001',
  samNguyen: '1780000000000000002',
  casey: '1780000000000000003',
} as const;

/** Opening hours per weekday (0 = Sunday) as [from, to] minutes of the local day. */
export type WeeklyHours = Partial<Record<number, Array<[number, number]>>>;

export interface SeedType {
  id: string;
  name: string;
  category: string | null;
  description: string | null;
  duration_in_minutes: number;
  max_attendees: number;
  show_in_online_bookings: boolean;
  online_bookings_lead_time_hours: number | null;
  archived_at: string | null;
}

export interface SeedPractitioner {
  id: string;
  title: string | null;
  first_name: string;
  last_name: string;
  display_name: string | null;
  designation: string | null;
  description: string | null;
  show_in_online_bookings: boolean;
  active: boolean;
  businessIds: string[];
  typeIds: string[];
  hours: WeeklyHours;
}

export interface SeedBusiness {
  id: string;
  business_name: string;
  show_in_online_bookings: boolean;
  appointment_type_ids: string[];
  time_zone_identifier: string;
}

export interface SeedPatient {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  date_of_birth: string | null;
  medicare: string | null;
  medicare_reference_number: string | null;
  patient_phone_numbers: Array<{ phone_type: string; number: string }>;
  archived_at: string | null;
  created_at: string;
}

/** An appointment in the seed diary: clinic-local day and minutes. */
export interface SeedAppointment {
  practitionerId: string;
  typeId: string;
  patientId: string;
  date: string;
  startMinutes: number;
  minutes: number;
  cancelled?: boolean;
}

export interface Seed {
  businesses: SeedBusiness[];
  types: SeedType[];
  practitioners: SeedPractitioner[];
  patients: SeedPatient[];
  appointments: SeedAppointment[];
}

const WEEKDAYS_8_TO_5: WeeklyHours = Object.fromEntries(
  [1, 2, 3, 4, 5].map((d) => [
    d,
    [
      [480, 720],
      [780, 1020],
    ],
  ]),
);

function type(
  id: string,
  name: string,
  category: string | null,
  minutes: number,
  extra: Partial<SeedType> = {},
): SeedType {
  return {
    id,
    name,
    category,
    description: null,
    duration_in_minutes: minutes,
    max_attendees: 1,
    show_in_online_bookings: true,
    online_bookings_lead_time_hours: null,
    archived_at: null,
    ...extra,
  };
}

export interface SeedOptions {
  /** More practitioners at the business, shown online, offering physiotherapy follow-ups. */
  extraPractitioners?: number;
}

export function createSeed(options: SeedOptions = {}): Seed {
  const practitioners: SeedPractitioner[] = [
    {
      id: PRACTITIONERS.meiChen,
      title: 'Dr',
      first_name: 'Mei',
      last_name: 'Chen',
      display_name: 'Dr Mei Chen',
      designation: 'Clinical Psychologist',
      description: 'Anxiety, low mood and sleep.',
      show_in_online_bookings: true,
      active: true,
      businessIds: [BUSINESS_ID],
      typeIds: [TYPES.psychology, TYPES.telehealth],
      hours: Object.fromEntries([1, 2, 3, 4].map((d) => [d, [[600, 1080]]])),
    },
    {
      id: PRACTITIONERS.tomWalker,
      title: null,
      first_name: 'Tom',
      last_name: 'Walker',
      display_name: null,
      designation: 'Physiotherapist',
      description: null,
      show_in_online_bookings: true,
      active: true,
      businessIds: [BUSINESS_ID],
      typeIds: [TYPES.physioInitial, TYPES.physioFollowUp, TYPES.pilatesClass],
      hours: WEEKDAYS_8_TO_5,
    },
    {
      id: PRACTITIONERS.priyaNair,
      title: null,
      first_name: 'Priya',
      last_name: 'Nair',
      display_name: 'Priya N.',
      designation: 'Physiotherapist',
      description: 'Sports injuries and rehabilitation.',
      show_in_online_bookings: true,
      active: true,
      businessIds: [BUSINESS_ID],
      typeIds: [TYPES.physioInitial, TYPES.physioFollowUp, TYPES.telehealth],
      hours: {
        0: [[540, 780]],
        2: [[540, 1020]],
        3: [[540, 1020]],
        4: [[540, 1020]],
        5: [[540, 1020]],
        6: [[540, 1020]],
      },
    },
    {
      id: PRACTITIONERS.samLocum,
      title: null,
      first_name: 'Sam',
      last_name: 'Locum',
      display_name: null,
      designation: 'Physiotherapist',
      description: null,
      show_in_online_bookings: false,
      active: true,
      businessIds: [BUSINESS_ID],
      typeIds: [TYPES.physioFollowUp],
      hours: WEEKDAYS_8_TO_5,
    },
    {
      id: PRACTITIONERS.oliviaHart,
      title: null,
      first_name: 'Olivia',
      last_name: 'Hart',
      display_name: null,
      designation: 'Physiotherapist',
      description: null,
      show_in_online_bookings: true,
      active: true,
      businessIds: [OTHER_BUSINESS_ID],
      typeIds: [TYPES.hydrotherapy, TYPES.physioFollowUp],
      hours: WEEKDAYS_8_TO_5,
    },
  ];
  for (let i = 0; i < (options.extraPractitioners ?? 0); i += 1) {
    practitioners.push({
      id: String(1770000000000002000n + BigInt(i)),
      title: null,
      first_name: 'Extra',
      last_name: `Physio ${i + 1}`,
      display_name: null,
      designation: 'Physiotherapist',
      description: null,
      show_in_online_bookings: true,
      active: true,
      businessIds: [BUSINESS_ID],
      typeIds: [TYPES.physioFollowUp],
      hours: WEEKDAYS_8_TO_5,
    });
  }
  return {
    businesses: [
      {
        id: BUSINESS_ID,
        business_name: 'Harbour Allied Health',
        show_in_online_bookings: true,
        appointment_type_ids: [
          TYPES.physioInitial,
          TYPES.physioFollowUp,
          TYPES.psychology,
          TYPES.telehealth,
          TYPES.staffMeeting,
          TYPES.pilatesClass,
          TYPES.retired,
        ],
        time_zone_identifier: SEED_TIMEZONE,
      },
      {
        id: OTHER_BUSINESS_ID,
        business_name: 'Harbour Allied Health Pool',
        show_in_online_bookings: true,
        appointment_type_ids: [TYPES.hydrotherapy, TYPES.physioFollowUp],
        time_zone_identifier: SEED_TIMEZONE,
      },
    ],
    types: [
      type(TYPES.physioInitial, 'Initial physiotherapy consultation', 'Physiotherapy', 45, {
        description: 'Assessment and first treatment.',
      }),
      type(TYPES.physioFollowUp, 'Physiotherapy follow-up', 'Physiotherapy', 30),
      type(TYPES.psychology, 'Psychology session', 'Psychology', 50),
      type(TYPES.telehealth, 'Telehealth check-in', null, 15),
      type(TYPES.staffMeeting, 'Staff meeting', 'Internal', 60, { show_in_online_bookings: false }),
      type(TYPES.pilatesClass, 'Clinical pilates class', 'Physiotherapy', 55, { max_attendees: 8 }),
      type(TYPES.hydrotherapy, 'Hydrotherapy', 'Physiotherapy', 45),
      type(TYPES.retired, 'Dry needling (retired)', 'Physiotherapy', 30, {
        archived_at: '2025-01-01T00:00:00Z',
      }),
    ],
    practitioners,
    patients: [
      {
        id: PATIENTS.alex,
        first_name: 'Alex',
        last_name: 'NGUYỄN',
        email: 'Alex.Nguyen+physio@example.com',
        date_of_birth: '1985-06-30',
        medicare: null,
        medicare_reference_number: null,
        patient_phone_numbers: [{ phone_type: 'Mobile', number: '0412 000 001' }],
        archived_at: null,
        created_at: '2024-02-01T00:00:00Z',
      },
      {
        id: PATIENTS.samNguyen,
        first_name: 'Sam',
        last_name: 'Nguyen',
        email: 'Alex.Nguyen+physio@example.com',
        date_of_birth: '2015-09-09',
        medicare: null,
        medicare_reference_number: null,
        patient_phone_numbers: [],
        archived_at: null,
        created_at: '2024-02-01T00:05:00Z',
      },
      {
        id: PATIENTS.casey,
        first_name: 'Casey',
        last_name: 'Brown',
        email: 'casey.brown@example.com',
        date_of_birth: '1990-01-01',
        medicare: '2123456701',
        medicare_reference_number: '1',
        patient_phone_numbers: [{ phone_type: 'Mobile', number: '0412 000 003' }],
        archived_at: null,
        created_at: '2024-03-01T00:00:00Z',
      },
    ],
    appointments: [
      {
        practitionerId: PRACTITIONERS.tomWalker,
        typeId: TYPES.physioFollowUp,
        patientId: PATIENTS.casey,
        date: '2026-11-24',
        startMinutes: 540,
        minutes: 30,
      },
      {
        practitionerId: PRACTITIONERS.tomWalker,
        typeId: TYPES.physioInitial,
        patientId: PATIENTS.casey,
        date: '2026-11-24',
        startMinutes: 600,
        minutes: 45,
      },
      {
        practitionerId: PRACTITIONERS.tomWalker,
        typeId: TYPES.physioFollowUp,
        patientId: PATIENTS.samNguyen,
        date: '2026-11-24',
        startMinutes: 840,
        minutes: 30,
        cancelled: true,
      },
      {
        practitionerId: PRACTITIONERS.meiChen,
        typeId: TYPES.psychology,
        patientId: PATIENTS.casey,
        date: '2026-11-24',
        startMinutes: 660,
        minutes: 50,
      },
    ],
  };
}
