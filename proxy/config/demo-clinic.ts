/**
 * The built-in demo clinics, served when no clinics file is given, so a newcomer sees the
 * widget book with no credentials at all. `demo` is the one the demo site and the tests
 * use; `demo-bondi` is its second site, the two together the demo practice
 * `harbourside-group` (a widget with a location step); the other two exist to show
 * per-clinic theming (`demo/brands.html`). All run on the demo provider's catalogue and
 * rosters, each with its own bookings.
 */
const DEMO_ORIGINS = ['http://localhost:8787', 'http://127.0.0.1:8787'];

/**
 * The demo clinic's capacity token, for trying the owner's dashboard (`/dashboard`) with
 * `npm start`. Public on purpose: the demo clinic has no real patients. A real clinic's
 * token is random and comes from the environment (`"token": "env:NAME"`).
 */
export const DEMO_CAPACITY_TOKEN = 'demo-capacity-token-not-a-secret-0001';

export const DEMO_CLINIC = {
  id: 'demo',
  name: 'Harbourside Health',
  address: '12 Alfred Street, Circular Quay NSW 2000',
  mapUrl: 'https://www.openstreetmap.org/search?query=Alfred%20Street%2C%20Circular%20Quay%20NSW',
  timezone: 'Australia/Sydney',
  allowedOrigins: DEMO_ORIGINS,
  provider: { type: 'demo' },
  contact: { phone: '(02) 9000 1234', email: 'hello@harbourside.example' },
  policy: { minNoticeMinutes: 120, maxDaysAhead: 60 },
  capacity: { token: DEMO_CAPACITY_TOKEN, alerts: [{ days: 14, below: 0.1 }] },
  // The unticked "news and offers" box on the details step, with its default words.
  marketingConsent: { enabled: true },
  // A few of the clinic's own questions and rules, so a newcomer sees them at work (docs/configuration.md:
  // Intake questions, Scheduling rules). None is required for every booking.
  intake: [
    { id: 'child', label: 'Is this appointment for someone under 18?', type: 'yes-no' },
    {
      id: 'guardian-name',
      label: 'Parent or guardian’s full name',
      type: 'text',
      required: true,
      showWhen: { questionId: 'child', equals: ['yes'] },
    },
    {
      id: 'guardian-relationship',
      label: 'Their relationship to the patient',
      type: 'single-choice',
      options: ['Parent', 'Legal guardian', 'Other carer'],
      required: true,
      showWhen: { questionId: 'child', equals: ['yes'] },
    },
    {
      id: 'areas',
      label: 'Which areas are bothering you?',
      type: 'multi-choice',
      options: ['Neck', 'Shoulder', 'Back', 'Hip', 'Knee', 'Ankle or foot'],
      appliesTo: { categoryIds: ['physiotherapy', 'remedial-massage'] },
    },
    {
      id: 'mhcp',
      label: 'Do you have a GP mental health care plan?',
      type: 'yes-no',
      help: 'With a plan and a referral, Medicare pays part of each session.',
      appliesTo: { categoryIds: ['psychology'] },
    },
  ],
  rules: [
    // The psychologists read the referral before a first session.
    { type: 'minimum-notice', categoryIds: ['psychology'], minNoticeMinutes: 24 * 60 },
    // Sports injury assessments only with Tom, the sports physio.
    {
      type: 'service-practitioners',
      serviceIds: ['1790000000000000103'],
      practitionerIds: ['1790000000000001002'],
    },
    // Telehealth at most six a day.
    { type: 'cap', serviceIds: ['1790000000000000302'], max: 6, per: 'day' },
  ],
} as const;

/**
 * The demo practice's second site, by the beach: the same team and services as `demo` (its
 * practitioners work at both), its own address, phone and bookings.
 */
export const DEMO_BONDI_CLINIC = {
  id: 'demo-bondi',
  name: 'Harbourside Health Bondi',
  address: '88 Campbell Parade, Bondi Beach NSW 2026',
  mapUrl: 'https://www.openstreetmap.org/search?query=Campbell%20Parade%2C%20Bondi%20Beach%20NSW',
  timezone: 'Australia/Sydney',
  allowedOrigins: DEMO_ORIGINS,
  provider: { type: 'demo' },
  contact: { phone: '(02) 9000 5678', email: 'bondi@harbourside.example' },
  policy: { minNoticeMinutes: 120, maxDaysAhead: 60 },
} as const;

/** A physio studio by the beach: teal on sand, round corners, a serif face. */
export const DEMO_COASTAL_CLINIC = {
  id: 'demo-coastal',
  name: 'Coastal Physio & Pilates',
  timezone: 'Australia/Perth',
  allowedOrigins: DEMO_ORIGINS,
  provider: { type: 'demo' },
  contact: { phone: '(08) 6000 4321', email: 'hello@coastal.example' },
  theme: {
    'color-primary': '#0f6e68',
    'color-on-primary': '#ffffff',
    'color-surface': '#fffaf2',
    'color-text': '#23313a',
    'color-muted': '#56636b',
    'color-border': '#e3d6c1',
    'font-family': 'Georgia, "Times New Roman", serif',
    radius: '18px',
    space: '18px',
  },
} as const;

/** A psychology practice: violet, square corners, tight spacing, and its own dark look. */
export const DEMO_NORTHSIDE_CLINIC = {
  id: 'demo-northside',
  name: 'Northside Mind & Body',
  timezone: 'Australia/Melbourne',
  allowedOrigins: DEMO_ORIGINS,
  provider: { type: 'demo' },
  contact: { phone: '(03) 9000 7654', email: 'care@northside.example' },
  theme: {
    'color-primary': '#5b21b6',
    'color-on-primary': '#ffffff',
    'color-surface': '#ffffff',
    'color-muted': '#5f5873',
    'color-border': '#d9d2ea',
    'font-family': '"Trebuchet MS", "Segoe UI", sans-serif',
    radius: '3px',
    space: '14px',
    dark: {
      'color-primary': '#c4b5fd',
      'color-on-primary': '#1f1535',
      'color-surface': '#1f1a2e',
      'color-text': '#efeaff',
      'color-muted': '#b9b0d4',
      'color-border': '#463d63',
      'color-error': '#ffa19a',
      'color-success': '#7ee2a8',
    },
  },
} as const;

export const DEMO_CLINICS = [
  DEMO_CLINIC,
  DEMO_BONDI_CLINIC,
  DEMO_COASTAL_CLINIC,
  DEMO_NORTHSIDE_CLINIC,
] as const;

/** The demo practice's capacity token (both sites in one feed); public on purpose, like the clinic's. */
export const DEMO_PRACTICE_CAPACITY_TOKEN = 'demo-practice-capacity-token-not-a-secret-01';

/** The demo practice: Harbourside Health's two sites, for the widget's location step. */
export const DEMO_PRACTICE = {
  id: 'harbourside-group',
  name: 'Harbourside Health',
  clinicIds: [DEMO_CLINIC.id, DEMO_BONDI_CLINIC.id],
  capacity: { token: DEMO_PRACTICE_CAPACITY_TOKEN },
} as const;

export const DEMO_PRACTICES = [DEMO_PRACTICE] as const;
