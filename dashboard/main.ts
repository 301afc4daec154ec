/**
 * The owner's capacity dashboard (`/dashboard`): asks once for the clinic's (or practice's) id
 * and token,
 * keeps them in this tab, and shows the next 14 days, refreshed every minute while the tab
 * is visible (the proxy reuses its numbers for minutes, so this costs the practice system
 * little).
 */
import { fetchCapacity } from './feed-client.ts';
import { renderReport, reportTitle } from './render.ts';
import { clearSession, loadSession, saveSession, type Session } from './session.ts';

const REFRESH_MS = 60_000;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

const form = byId<HTMLFormElement>('sign-in');
const clinicInput = byId<HTMLInputElement>('clinic-id');
const clinicLabel = byId<HTMLLabelElement>('clinic-id-label');
const scopeInputs = [...form.querySelectorAll<HTMLInputElement>('input[name="scope"]')];
const tokenInput = byId<HTMLInputElement>('token');
const formError = byId<HTMLParagraphElement>('sign-in-error');
const signInSection = byId<HTMLElement>('sign-in-section');
const reportSection = byId<HTMLElement>('report-section');
const report = byId<HTMLDivElement>('report');
const heading = byId<HTMLHeadingElement>('report-heading');
const dates = byId<HTMLParagraphElement>('report-dates');
const updated = byId<HTMLSpanElement>('report-updated');
const status = byId<HTMLParagraphElement>('status');
const refreshButton = byId<HTMLButtonElement>('refresh');
const signOutButton = byId<HTMLButtonElement>('sign-out');

let session: Session | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastLoaded = 0;

function showSignIn(message = '') {
  clearTimeout(timer);
  session = null;
  reportSection.hidden = true;
  signInSection.hidden = false;
  formError.textContent = message;
  formError.hidden = message === '';
  tokenInput.value = '';
  if (message) tokenInput.setAttribute('aria-invalid', 'true');
  else tokenInput.removeAttribute('aria-invalid');
  (clinicInput.value ? tokenInput : clinicInput).focus();
}

const chosenScope = (): Session['scope'] =>
  scopeInputs.find((input) => input.checked)?.value === 'practice' ? 'practice' : 'clinic';

/** The id field names what the radio chose. */
function showScope(scope: Session['scope']) {
  for (const input of scopeInputs) input.checked = input.value === scope;
  clinicLabel.textContent = scope === 'practice' ? 'Practice id' : 'Clinic id';
}

for (const input of scopeInputs) input.addEventListener('change', () => showScope(chosenScope()));

function schedule(ms = REFRESH_MS) {
  clearTimeout(timer);
  timer = setTimeout(() => void load(false), ms);
}

/** Reads the feed and shows it; `first` moves focus to the report's heading. */
async function load(first: boolean) {
  if (!session) return;
  refreshButton.disabled = true;
  if (first) status.textContent = 'Loading capacity…';
  const result = await fetchCapacity(session);
  refreshButton.disabled = false;
  if (!session) return;
  if (!result.ok) {
    if (result.reason === 'token' || result.reason === 'clinic' || result.reason === 'not-set-up') {
      clearSession();
      showSignIn(result.message);
      return;
    }
    status.textContent = result.message;
    schedule((result.retryAfterSeconds ?? 60) * 1000);
    return;
  }
  const title = reportTitle(result.feed);
  heading.textContent = title.heading;
  dates.textContent = title.dates;
  updated.textContent = title.updated;
  report.replaceChildren(renderReport(result.feed));
  lastLoaded = Date.now();
  if (first) {
    status.textContent = `Capacity for ${title.heading} loaded.`;
    signInSection.hidden = true;
    reportSection.hidden = false;
    heading.focus();
  } else if (status.textContent !== '') {
    status.textContent = '';
  }
  schedule();
}

function start(next: Session) {
  session = next;
  void load(true);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const id = clinicInput.value.trim();
  const token = tokenInput.value.trim();
  const scope = chosenScope();
  if (!id || !token) {
    formError.textContent = !id ? `Enter the ${scope}’s id.` : 'Enter the capacity token.';
    formError.hidden = false;
    (!id ? clinicInput : tokenInput).focus();
    return;
  }
  formError.hidden = true;
  saveSession({ scope, id, token });
  start({ scope, id, token });
});

refreshButton.addEventListener('click', () => void load(false));

signOutButton.addEventListener('click', () => {
  clearSession();
  report.replaceChildren();
  status.textContent = 'Signed out. The token is no longer kept in this tab.';
  showSignIn();
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') clearTimeout(timer);
  else if (session) schedule(Math.max(0, REFRESH_MS - (Date.now() - lastLoaded)));
});

// A link may name whose capacity to show: `?clinic=demo` or `?practice=harbourside-group`.
const stored = loadSession();
const query = new URLSearchParams(location.search);
const linkedPractice = query.get('practice');
showScope(stored?.scope ?? (linkedPractice ? 'practice' : 'clinic'));
clinicInput.value = stored?.id ?? linkedPractice ?? query.get('clinic') ?? '';
if (stored) start(stored);
else showSignIn();
