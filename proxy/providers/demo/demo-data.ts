/**
 * The built-in sandbox clinic: a multi-discipline practice in Sydney with realistic
 * services, prices and rosters. Ids are 19-digit strings, as Cliniko's are, so anything
 * that turns an id into a JS number breaks here first.
 */
import type { Category } from '../../../shared/contract.ts';

/** Working sessions per weekday (0 = Sunday), as clinic-local `HH:mm` pairs. */
export type WeeklyHours = Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, Array<[string, string]>>>;

export interface DemoPractitioner {
  id: string;
  name: string;
  title: string;
  bio: string;
  serviceIds: string[];
  hours: WeeklyHours;
}

const aud = (dollars: number) => ({ amountCents: dollars * 100, currency: 'AUD' });

export const DEMO_SERVICE_IDS = {
  physioInitial: '1790000000000000101',
  physioFollowUp: '1790000000000000102',
  sportsAssessment: '1790000000000000103',
  massage30: '1790000000000000201',
  massage60: '1790000000000000202',
  psychInitial: '1790000000000000301',
  psychTelehealth: '1790000000000000302',
  podiatryGeneral: '1790000000000000401',
  podiatryOrthotics: '1790000000000000402',
} as const;

const s = DEMO_SERVICE_IDS;

export const DEMO_CATEGORIES: Category[] = [
  {
    id: 'physiotherapy',
    name: 'Physiotherapy',
    description: 'Assessment and treatment of injuries, pain and movement problems.',
    services: [
      {
        id: s.physioInitial,
        name: 'Initial physiotherapy consultation',
        description:
          'Your first visit: a full assessment, a diagnosis and a treatment plan, with hands-on treatment.',
        durationMinutes: 60,
        price: aud(120),
      },
      {
        id: s.physioFollowUp,
        name: 'Follow-up physiotherapy',
        description: 'Treatment and progress review for an existing condition.',
        durationMinutes: 30,
        price: aud(95),
      },
      {
        id: s.sportsAssessment,
        name: 'Sports injury assessment',
        description: 'For a new sports injury: assessment, taping and a return-to-play plan.',
        durationMinutes: 45,
        price: aud(110),
      },
    ],
  },
  {
    id: 'remedial-massage',
    name: 'Remedial massage',
    description: 'Deep tissue and remedial massage; health fund rebates available on the spot.',
    services: [
      {
        id: s.massage30,
        name: 'Remedial massage, 30 minutes',
        description: 'Focused treatment of one area, such as the neck and shoulders.',
        durationMinutes: 30,
        price: aud(75),
      },
      {
        id: s.massage60,
        name: 'Remedial massage, 60 minutes',
        description: 'A full session covering several areas.',
        durationMinutes: 60,
        price: aud(120),
      },
    ],
  },
  {
    id: 'psychology',
    name: 'Psychology',
    description: 'Counselling and evidence-based therapy; Medicare rebates with a mental health care plan.',
    services: [
      {
        id: s.psychInitial,
        name: 'Psychology session',
        description:
          'A 50-minute session in our rooms. Bring your GP referral and mental health care plan if you have one.',
        durationMinutes: 50,
        price: aud(230),
      },
      {
        id: s.psychTelehealth,
        name: 'Telehealth psychology session',
        description: 'A 50-minute video session; we email you the link before your appointment.',
        durationMinutes: 50,
        price: aud(220),
      },
    ],
  },
  {
    id: 'podiatry',
    name: 'Podiatry',
    description: 'Foot and lower-limb care, from nails and skin to heel pain.',
    services: [
      {
        id: s.podiatryGeneral,
        name: 'General podiatry',
        description: 'Nail and skin care, corns and calluses.',
        durationMinutes: 30,
        price: aud(85),
      },
      {
        id: s.podiatryOrthotics,
        name: 'Biomechanical assessment and orthotics',
        description: 'Gait analysis and a plan for custom orthotics.',
        durationMinutes: 60,
        price: aud(160),
      },
    ],
  },
];

export const DEMO_PRACTITIONERS: DemoPractitioner[] = [
  {
    id: '1790000000000001001',
    name: 'Aisha Rahman',
    title: 'Physiotherapist',
    bio: 'Aisha treats back and neck pain and runs our post-surgical rehab program.',
    serviceIds: [s.physioInitial, s.physioFollowUp, s.sportsAssessment],
    hours: {
      1: [
        ['08:00', '12:30'],
        ['13:30', '18:00'],
      ],
      2: [
        ['08:00', '12:30'],
        ['13:30', '18:00'],
      ],
      4: [
        ['08:00', '12:30'],
        ['13:30', '18:00'],
      ],
      5: [['08:00', '14:00']],
    },
  },
  {
    id: '1790000000000001002',
    name: 'Tom Nguyen',
    title: 'Sports physiotherapist',
    bio: 'Tom works with runners and team-sport athletes, from weekend warriors to state league.',
    serviceIds: [s.physioInitial, s.physioFollowUp, s.sportsAssessment],
    hours: {
      1: [['07:00', '13:00']],
      3: [
        ['07:00', '13:00'],
        ['14:00', '19:00'],
      ],
      5: [['12:00', '19:00']],
      6: [['08:00', '12:00']],
    },
  },
  {
    id: '1790000000000001003',
    name: "Grace O'Connor",
    title: 'Remedial massage therapist',
    bio: 'Grace combines deep tissue work with stretching advice you can do at home.',
    serviceIds: [s.massage30, s.massage60],
    hours: {
      2: [
        ['10:00', '14:00'],
        ['14:30', '19:00'],
      ],
      3: [
        ['10:00', '14:00'],
        ['14:30', '19:00'],
      ],
      4: [
        ['10:00', '14:00'],
        ['14:30', '19:00'],
      ],
      6: [['09:00', '14:00']],
    },
  },
  {
    id: '1790000000000001004',
    name: 'Dr Liam Chen',
    title: 'Clinical psychologist',
    bio: 'Liam helps adults with anxiety, depression and stress, using CBT and ACT.',
    serviceIds: [s.psychInitial, s.psychTelehealth],
    hours: {
      1: [['09:00', '17:00']],
      2: [['09:00', '17:00']],
      3: [['09:00', '13:00']],
    },
  },
  {
    id: '1790000000000001005',
    name: 'Sarah Mitchell',
    title: 'Psychologist',
    bio: 'Sarah sees teenagers and adults, and offers evening telehealth sessions.',
    serviceIds: [s.psychInitial, s.psychTelehealth],
    hours: {
      4: [['12:00', '20:00']],
      5: [['12:00', '20:00']],
    },
  },
  {
    id: '1790000000000001006',
    name: 'Priya Patel',
    title: 'Podiatrist',
    bio: 'Priya looks after feet of every age, from children’s gait to diabetic foot care.',
    serviceIds: [s.podiatryGeneral, s.podiatryOrthotics],
    hours: {
      4: [
        ['08:30', '12:30'],
        ['13:30', '16:30'],
      ],
      5: [
        ['08:30', '12:30'],
        ['13:30', '16:30'],
      ],
    },
  },
];
