/** Longest service name an import makes up from a title; a longer title is cut at a word. */
const maxSlugLength = 64;

/** `Swagger Petstore - OpenAPI 3.0` → `swagger-petstore-openapi-3-0` (lowercase, [a-z0-9-]). */
export function slugifyName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxSlugLength) return slug;
  const cut = slug.slice(0, maxSlugLength);
  const lastDash = cut.lastIndexOf('-');
  return lastDash > 0 ? cut.slice(0, lastDash) : cut;
}
