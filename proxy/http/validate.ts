/**
 * Parsing request input with zod, failing through `ApiError` with one message per field.
 */
import type { z } from 'zod';
import { ApiError } from './api-error.ts';

/** Flattens zod issues into `{ "patient.email": "message" }`, first message per path wins. */
export function fieldErrors(error: Pick<z.ZodError, 'issues'>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

/** Parses query parameters; a bad query is the page's fault, so it is a 400. */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    throw new ApiError(400, 'invalid_query', 'The request had missing or invalid parameters.', {
      fields: fieldErrors(result.error),
    });
  }
  return result.data;
}

/** Parses a JSON body that has already been read; field problems are a 422 the patient can fix. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ApiError(422, 'validation_failed', 'Some details need fixing before we can book.', {
      fields: fieldErrors(result.error),
    });
  }
  return result.data;
}
