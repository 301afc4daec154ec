/**
 * Paging links from a practice system, moved onto the API base the operator configured.
 * Cliniko and Halaxy write absolute `next` links on their own host; following one as is
 * could send the clinic's credentials to wherever the link points. A link outside the
 * base's path is refused (`null`), which ends paging.
 */
export function linkOnBase(link: string, base: URL): string | null {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    return null;
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!url.pathname.startsWith(`${basePath}/`)) return null;
  return `${base.origin}${url.pathname}${url.search}`;
}
