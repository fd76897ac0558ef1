/** The API lives beside the page unless `<meta name="sdp-api-base">` names another base (a static deployment). */
export function apiBase(): string {
  const configured = document.querySelector<HTMLMetaElement>('meta[name="sdp-api-base"]')?.content.trim()
  const base = new URL(configured || '.', document.baseURI)
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  return base.toString()
}
