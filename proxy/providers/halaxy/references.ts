/**
 * FHIR references as Halaxy writes and reads them. Halaxy answers with absolute URLs
 * (`https://au-api.halaxy.com/main/Patient/123`) or paths (`/main/Patient/123`); the id is
 * the segment after the resource type. We write absolute URLs on the configured base, as
 * the clients that booked against the live API did.
 */
import type { FhirExtension, FhirReference } from './fhir-types.ts';

/** The id a reference points at when it names a `type` resource, else null. */
export function referencedId(reference: FhirReference | undefined, type: string): string | null {
  const value = reference?.reference;
  if (!value) return null;
  const segments = value.split('?')[0]!.split('/').filter(Boolean);
  const historyAt = segments.indexOf('_history');
  const path = historyAt >= 0 ? segments.slice(0, historyAt) : segments;
  const id = path.at(-1);
  const named = path.at(-2);
  if (!id) return null;
  if (named === type) return id;
  // A bare id is accepted only when the reference says which type it is.
  return path.length === 1 && reference?.type === type ? id : null;
}

/** A reference to `type/id` on the configured base URL. */
export function referenceTo(baseUrl: string, type: string, id: string): { reference: string; type: string } {
  return { reference: `${baseUrl}/${type}/${encodeURIComponent(id)}`, type };
}

/** `Type/id`, the form Halaxy's search parameters need for references (a bare id is a 422). */
export function searchReference(type: string, id: string): string {
  return `${type}/${id}`;
}

/** The extension whose URL ends with `/${name}` (Halaxy's URLs share a prefix we do not rely on). */
export function extensionNamed(
  extensions: FhirExtension[] | undefined,
  name: string,
): FhirExtension | undefined {
  return extensions?.find((e) => e.url === name || e.url.endsWith(`/${name}`));
}
