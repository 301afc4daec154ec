/**
 * The built-in demo clinic, served when no clinics file is given, so a newcomer sees the
 * widget book with no credentials at all.
 */
export const DEMO_CLINIC = {
  id: 'demo',
  name: 'Harbourside Health',
  timezone: 'Australia/Sydney',
  allowedOrigins: ['http://localhost:8787', 'http://127.0.0.1:8787'],
  provider: { type: 'demo' },
  contact: { phone: '(02) 9000 1234', email: 'hello@harbourside.example' },
  policy: { minNoticeMinutes: 120, maxDaysAhead: 60 },
} as const;
