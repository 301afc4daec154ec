/**
 * Text made safe to place in HTML, for the waiver notes and forms the proxy writes into a
 * practice system (Cliniko's patient forms, Halaxy's clinical notes), where a patient's
 * answers and names must read as text, never as markup.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five characters that can end text or an attribute value in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
