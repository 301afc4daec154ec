/**
 * The practitioner id that means "any practitioner who offers the service": what the widget
 * sends when the patient picks _Any available practitioner_, and what the proxy resolves to
 * the first one free. One constant for both sides.
 */
export const ANY_PRACTITIONER = 'any';
