/**
 * Resolving the ids in a request against the clinic's catalogue, with 404s a patient can
 * act on.
 */
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { Service } from '../../shared/contract.ts';
import { ApiError } from '../http/api-error.ts';
import type { Catalogue, CataloguePractitioner } from '../providers/provider.ts';

export function findService(catalogue: Catalogue, serviceId: string): Service {
  for (const category of catalogue.categories) {
    const service = category.services.find((s) => s.id === serviceId);
    if (service) return service;
  }
  throw new ApiError(
    404,
    'service_not_found',
    'We could not find that service. It may no longer be offered online.',
  );
}

/** The practitioners who offer `serviceId`, in catalogue order. */
export function practitionersOffering(catalogue: Catalogue, serviceId: string): CataloguePractitioner[] {
  return catalogue.practitioners.filter((p) => p.serviceIds.includes(serviceId));
}

/**
 * The practitioners a request may book with: all who offer the service for "any", or the
 * one named, who must offer it.
 */
export function candidatePractitioners(
  catalogue: Catalogue,
  serviceId: string,
  practitionerId: string,
): CataloguePractitioner[] {
  const offering = practitionersOffering(catalogue, serviceId);
  if (practitionerId === ANY_PRACTITIONER) return offering;
  const practitioner = offering.find((p) => p.id === practitionerId);
  if (!practitioner) {
    throw new ApiError(
      404,
      'practitioner_not_found',
      'That practitioner does not offer this service online. Please choose another.',
    );
  }
  return [practitioner];
}
